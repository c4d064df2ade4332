import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { startService, TENANT, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";
import { layoutProblems } from "../support/layout.ts";

/**
 * The NPS pulse in the tab (headless Chromium): a person asked sees the question at the top of
 * the personal tab, must pick a score, answers once with a "why?" and is thanked; the
 * department's page then shows the NPS with its groups, trend and (for its staff) the comments
 * as text, in both languages.
 */
describe("Teams tab: the NPS pulse (headless Chromium)", function () {
  this.timeout(120_000);
  let svc: TestService;
  let browser: Browser;
  let ahead = 0;
  const others = [10, 9, 7, 3, 10].map((score, i) => ({ userId: `pulse-e2e-${i}`, name: `Pulse Person ${i}`, score }));

  before(async () => {
    svc = await startService({ demo: true, clock: () => Date.now() + ahead });
    browser = await launchBrowser();
    const alex = await svc.token("alex");
    const it = (await svc.call("GET", "/api/departments/IT", { token: alex })).body;
    const { key: _k, updatedAt: _u, triageChannel: _t, ...body } = it;
    const put = await svc.call("PUT", "/api/departments/IT", { token: alex, body: { ...body, surveys: { pulseEveryMonths: 1, pulseSample: 1000 } } });
    assert.equal(put.status, 200, `IT's pulse made monthly: ${put.text}`);

    // Dana, Carla (who reads Spanish) and five others are served this month...
    const ben = await svc.token("ben");
    const serve = async (token: string, title: string) => {
      const filed = await svc.call("POST", "/api/requests", { token, body: { department: "IT", title } });
      assert.equal(filed.status, 201, filed.text);
      const done = await svc.call("POST", `/api/requests/${filed.body.id}/actions`, { token: ben, body: { action: "resolve", text: "Done" } });
      assert.equal(done.status, 200, done.text);
    };
    await serve(await svc.token("dana"), "Laptop will not charge");
    await serve(await svc.token("carla"), "VPN drops");
    const tokens = await Promise.all(others.map((o) => svc.token({ userId: o.userId, name: o.name })));
    for (const [i, token] of tokens.entries()) await serve(token, `Request ${i}`);
    await svc.app.follower.catchUp(TENANT, "IT");
    // ...and the next month begins: the pulse goes out; the five others answer over HTTP.
    const now = new Date();
    ahead = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 2, 12) - Date.now();
    await svc.app.pulses.tick();
    for (const [i, o] of others.entries()) {
      const [pending] = (await svc.call("GET", "/api/me/surveys", { token: tokens[i] })).body.items;
      assert.ok(pending, `${o.userId} was asked`);
      const res = await svc.call("POST", `/api/surveys/${pending.id}/answer`, { token: tokens[i], body: { score: o.score, ...(i === 3 ? { comment: "Took a week <b>to reply</b>" } : {}) } });
      assert.equal(res.status, 200, res.text);
    }
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  /** Waits for fonts and layout to settle before a screenshot. */
  const settled = (page: Page) => page.evaluate(() => document.fonts.ready.then(() => undefined));

  it("the personal tab asks, needs a score, takes the answer once and thanks", async () => {
    const page = await openTab(browser, svc.url, "?view=mine");
    await signInOnTab(page, "Dana Whitfield");
    const pulse = page.getByTestId("pulse");
    await pulse.getByRole("heading", { name: "How likely are you to recommend IT's service to a colleague?" }).waitFor();
    assert.equal(await pulse.getByRole("radio").count(), 11, "0 to 10");
    assert.equal(await pulse.getByRole("radio", { name: "0 · Not at all likely" }).count(), 1, "0 named");
    assert.equal(await pulse.getByRole("radio", { name: "10 · Extremely likely" }).count(), 1, "10 named");
    await settled(page);
    await page.screenshot({ path: screenshotPath("tab-pulse-question"), fullPage: true });

    await pulse.getByRole("button", { name: "Send answer" }).click();
    await pulse.getByText("Choose a number from 0 to 10.").waitFor();
    const dana = await svc.token("dana");
    assert.equal((await svc.call("GET", "/api/me/surveys", { token: dana })).body.items.length, 1, "nothing sent without a score");

    await pulse.getByRole("radio", { name: "9", exact: true }).check();
    await pulse.getByRole("textbox").fill("Fixed it the same day");
    await pulse.getByRole("button", { name: "Send answer" }).click();
    await pulse.getByText("Thank you: your answer about IT is in.").waitFor();
    assert.equal(await pulse.getByRole("radio").count(), 0, "the question is gone once answered");
    assert.deepEqual((await svc.call("GET", "/api/me/surveys", { token: dana })).body.items, [], "answered: nothing pending");
    await settled(page);
    await page.screenshot({ path: screenshotPath("tab-pulse-answered"), fullPage: true });
    await page.close();
  });

  it("in Spanish, the question and its scale read in Spanish, and fit 320 px", async () => {
    const page = await openTab(browser, svc.url, "?view=mine&locale=es", { viewport: { width: 320, height: 900 } });
    await signInOnTab(page, "Carla Rossi");
    const pulse = page.getByTestId("pulse");
    await pulse.getByRole("heading", { name: /¿Qué probabilidad hay de que recomiendes el servicio de .+ a un compañero\?/ }).waitFor();
    assert.equal(await pulse.getByRole("radio", { name: "10 · Muy probable" }).count(), 1, "the scale in Spanish");
    await pulse.getByText("¿Por qué? (opcional)").waitFor();
    await settled(page);
    assert.deepEqual(await layoutProblems(page), [], "nothing scrolls sideways, runs out or overlaps at 320 px");
    await page.screenshot({ path: screenshotPath("tab-pulse-question-es"), fullPage: true });
    await page.close();
  });

  it("the department's page shows the NPS, its groups and trend, and the comments as text for its staff", async () => {
    const page = await openTab(browser, svc.url, "?view=board&department=IT");
    await signInOnTab(page, "Ana García");
    await page.getByRole("tab", { name: "Dashboard" }).click();
    const nps = page.getByTestId("nps");
    await nps.getByTestId("nps-value").waitFor();
    const api = (await svc.call("GET", "/api/departments/IT/nps", { token: await svc.token("ana") })).body;
    assert.equal(api.responses, 6, "five answers and Dana's");
    const shown = (await nps.getByTestId("nps-value").textContent())?.trim();
    assert.equal(shown, api.nps > 0 ? `+${api.nps}` : String(api.nps), "the page shows the API's figure");
    const groups = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    await nps.getByText([groups(api.promoters, "promoter"), groups(api.passives, "passive"), groups(api.detractors, "detractor")].join(" · ")).waitFor();
    assert.equal(await nps.getByTestId("nps-trend").getByRole("listitem").count(), 4, "four periods of trend");
    await nps.getByTestId("nps-verbatims").getByText("Took a week <b>to reply</b>").waitFor();
    assert.equal(await nps.locator("b").count(), 0, "a comment is text, not markup");
    await settled(page);
    await nps.screenshot({ path: screenshotPath("tab-pulse-dashboard") });
    await page.close();
  });
});
