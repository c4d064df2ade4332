import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { screenshotPath, useServiceAndBrowser } from "../support/browser.ts";
import type { TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";

/** The Teams tab in a plain browser: it notices quickly that it is not in Teams and offers "sign in as". */
describe("Teams tab: the shell (headless Chromium)", function () {
  this.timeout(60_000);
  let svc: TestService;
  let browser: Browser;

  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));

  it("outside Teams it offers the demo people, then opens the department's board", async () => {
    const page = await openTab(browser, svc.url, "?view=board&department=IT");
    await page.getByRole("heading", { name: /Sign in as a demo person/ }).waitFor();
    await signInOnTab(page, "Ben Okafor");
    await page.getByRole("heading", { name: /IT|Information Technology/ }).first().waitFor();
    await page.getByRole("tab", { name: "Queue" }).waitFor();
    await page.screenshot({ path: screenshotPath("tab-shell-board") });
    await page.close();
  });

  it("in Spanish with ?locale=es, and a requester sees only the dashboard of a department", async () => {
    const page = await openTab(browser, svc.url, "?view=board&department=HR&locale=es");
    await page.getByRole("heading", { name: /Entrar como una persona de demostración/ }).waitFor();
    await signInOnTab(page, "Dana Whitfield");
    await page.getByRole("tab", { name: "Panel de SLA" }).waitFor();
    assert.equal(await page.getByRole("tab", { name: "Cola" }).count(), 0, "a requester has no queue");
    await page.close();
  });
});
