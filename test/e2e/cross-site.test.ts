import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { departmentRequests } from "../support/api.ts";
import { launchBrowser } from "../support/browser.ts";
import { FakeConnector } from "../support/bot-connector.ts";
import { startService, type TestService } from "../support/service.ts";
import { personal, TeamsClient } from "../support/teams.ts";

/**
 * The outside test's reproduction of issue 11.5, in Chromium: a page on another site posts a Teams
 * activity to the development bot (`fetch(..., { mode: "no-cors", body: new Blob([activity]) })`,
 * which sends no Content-Type and needs no preflight), and tries the same as JSON (which needs a
 * preflight). Neither may file anything.
 */
describe("cross-site posts from another site's page (headless Chromium)", function () {
  this.timeout(60_000);
  let svc: TestService;
  let connector: FakeConnector;
  let browser: Browser;

  before(async () => {
    connector = await FakeConnector.start();
    svc = await startService({ demo: true, env: { OUTBOX_INTERVAL_MS: "0" } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
    await connector?.close();
  });

  it("a no-cors Blob post and a JSON post from https://evil.example file nothing as demo-dana", async () => {
    const title = `Filed from evil.example ${Date.now()}`;
    const activity = new TeamsClient(svc, connector).activity("demo-dana", personal("demo-dana"), { type: "message", text: `new IT ${title}`, textFormat: "plain" });
    // Chromium asks before a public page reaches a loopback address; the attacker's visitor said yes.
    const context = await browser.newContext({ permissions: ["local-network-access"] });
    try {
      const page = `<!doctype html><meta charset="utf-8"><title>Totally harmless</title><script>
        window.results = (async () => {
          const activity = ${JSON.stringify(JSON.stringify(activity))};
          const out = {};
          try {
            const r = await fetch(${JSON.stringify(`${svc.url}/api/messages`)}, { method: "POST", mode: "no-cors", body: new Blob([activity]) });
            out.noCors = r.type;
          } catch (e) { out.noCors = "error " + e.message; }
          try {
            const r = await fetch(${JSON.stringify(`${svc.url}/api/messages`)}, { method: "POST", headers: { "Content-Type": "application/json" }, body: activity });
            out.json = r.status;
          } catch (e) { out.json = "error " + e.message; }
          return out;
        })();
      </script>`;
      await context.route("https://evil.example/**", (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: page }));
      const tab = await context.newPage();
      const sent: Array<string | null> = [];
      tab.on("request", (r) => {
        if (r.url().endsWith("/api/messages") && r.method() === "POST") sent.push(r.headers()["content-type"] ?? null);
      });
      await tab.goto("https://evil.example/");
      const results = await tab.evaluate(() => (window as unknown as { results: Promise<Record<string, unknown>> }).results);
      // The no-cors post went out (an opaque answer: the page cannot read it). The JSON one needs a
      // preflight; Playwright answers preflights itself while it routes requests, so here the post
      // reaches the service anyway, with the page's Origin, and is refused there; the page cannot read that either.
      assert.equal(results.noCors, "opaque", JSON.stringify(results));
      assert.match(String(results.json), /^error/, `the JSON post's answer is not readable by the page: ${JSON.stringify(results)}`);
      assert.equal(sent[0], null, `the no-cors post carried no Content-Type: ${JSON.stringify(sent)}`);
      const ben = await svc.token("ben");
      assert.deepEqual((await departmentRequests(svc, "IT", ben)).filter((r) => r.title === title), [], "nothing was filed");
      assert.equal(connector.calls.length, 0, "the bot answered nobody");
    } finally {
      await context.close();
    }
  });
});
