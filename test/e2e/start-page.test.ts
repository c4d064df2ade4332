import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { screenshotPath, useServiceAndBrowser } from "../support/browser.ts";
import type { TestService } from "../support/service.ts";

/** The start page a newcomer opens after `npm start`: sign in as a demo person and work the desk. */
describe("start page (headless Chromium)", function () {
  this.timeout(60_000);
  let svc: TestService;
  let browser: Browser;

  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));

  async function signInAs(name: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(svc.url + "/");
    await page.getByRole("button", { name: new RegExp(name) }).click();
    await page.locator("#desk").waitFor();
    return page;
  }

  it("lists the demo people, and a requester files a request with the SLA preview shown first", async () => {
    const page = await signInAs("Dana");
    await assert.doesNotReject(page.locator("#preview").filter({ hasText: "replies by" }).waitFor());
    await page.screenshot({ path: screenshotPath("start-new-request") });
    await page.selectOption("#new-dept", "IT");
    await page.locator("#preview").filter({ hasText: "IT replies by" }).waitFor();
    await page.fill("#new-title", "<img src=x onerror=alert(1)> Monitor flickers");
    await page.click("button[type=submit]");
    const result = await page.locator("#new-result").filter({ hasText: "Filed IT-" }).textContent();
    const id = /IT-\d+/.exec(result ?? "")![0];
    await page.click("#tab-mine");
    const item = page.locator(`#req-${id}`);
    await item.waitFor();
    // What the requester typed shows as text, never as markup.
    assert.match((await item.textContent()) ?? "", /<img src=x onerror=alert\(1\)> Monitor flickers/);
    assert.equal(await page.locator("#mine img").count(), 0);
    await page.screenshot({ path: screenshotPath("start-my-requests") });
    await page.close();
  });

  it("an agent's queue shows a request filed elsewhere live, and taking it moves it on", async () => {
    const page = await signInAs("Ben");
    await page.locator("#live.on").waitFor();
    const dana = await svc.token("dana");
    const created = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Live one", priority: "urgent" } });
    const row = page.locator(`#req-${created.body.id}`);
    await row.waitFor({ timeout: 5000 });
    await row.getByRole("button", { name: "take" }).click();
    await row.locator(".status.in_progress").waitFor();
    assert.match((await row.textContent()) ?? "", /with Ben/);
    await page.screenshot({ path: screenshotPath("start-queue"), fullPage: true });
    await page.close();
  });

  it("shows each department's published SLA", async () => {
    const page = await signInAs("Dana");
    await page.click("#tab-sla");
    await page.locator(".dept").first().waitFor();
    const text = (await page.locator("#depts").textContent()) ?? "";
    for (const zone of ["Europe/Madrid", "America/New_York", "Asia/Kolkata"]) assert.ok(text.includes(zone), zone);
    await page.locator(".stats", { hasText: "This month" }).first().waitFor();
    await page.screenshot({ path: screenshotPath("start-departments"), fullPage: true });
    await page.close();
  });
});
