import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { screenshotPath, useServiceAndBrowser } from "../support/browser.ts";
import { layoutProblems } from "../support/layout.ts";
import { messageId, openPane } from "../support/office-host.ts";
import { signInOnTab } from "../support/tab.ts";
import type { TestService } from "../support/service.ts";
import { TAB_VIEWS, type ViewOptions } from "../support/tab-views.ts";

/**
 * Every view of the tab from 320 px (Teams mobile, the side panel) to a desktop window, in the
 * three Teams themes: no sideways scroll, no text outside the window, cut off or drawn over
 * other text (measured from element boxes; the screenshots are in test/screenshots).
 */
describe("Teams tab: layout at every width (headless Chromium)", function () {
  this.timeout(60_000);
  let svc: TestService;
  let browser: Browser;
  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));

  const cases: Array<{ width: number; theme?: ViewOptions["theme"] }> = [{ width: 320 }, { width: 400, theme: "dark" }, { width: 1280, theme: "contrast" }, { width: 320, theme: "contrast" }];
  for (const view of TAB_VIEWS) {
    for (const { width, theme } of cases) {
      it(`${view.name} at ${width} px, ${theme ?? "light"} theme`, async () => {
        const page = await view.open(browser, svc, { theme, viewport: { width, height: 900 } });
        try {
          const problems = await layoutProblems(page);
          await page.screenshot({ path: screenshotPath(`layout-${view.name.replace(/\W+/g, "-")}-${width}-${theme ?? "light"}`), fullPage: true });
          assert.deepEqual(problems, [], `${view.name} at ${width} px (${view.files}):\n${problems.map((p) => `  ${p.kind}: ${p.what}`).join("\n")}`);
        } finally {
          await page.close();
        }
      });
    }
  }
});

/** The Outlook pane is narrow by nature (Outlook on the web gives it about 320 px): the form, then the filed request. */
describe("Outlook add-in: layout at 320 px (headless Chromium)", function () {
  this.timeout(60_000);
  let svc: TestService;
  let browser: Browser;
  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));

  it("the form before filing and the request after it, with its thread", async () => {
    const mail = {
      subject: "The VPN drops every few minutes when I work from home since Monday",
      text: "Hi,\nSince Monday the VPN disconnects about every five minutes.\nThanks",
      from: { displayName: "Mario Rossi", emailAddress: "mario.rossi@fabrikam.example" },
      internetMessageId: messageId("layout"),
    };
    const page = await openPane(browser, svc.url, mail, {}, { viewport: { width: 320, height: 900 } });
    try {
      await signInOnTab(page, "Dana Whitfield");
      await page.getByTestId("mail-form").waitFor();
      await page.getByTestId("filing-preview").waitFor().catch(() => {}); // shown once a department is chosen
      const before = await layoutProblems(page);
      await page.screenshot({ path: screenshotPath("layout-addin-form-320"), fullPage: true });
      assert.deepEqual(before, [], `the add-in's form (addin/src/App.tsx):\n${before.map((p) => `  ${p.kind}: ${p.what}`).join("\n")}`);
      await page.getByTestId("create").click();
      await page.getByTestId("request-status").waitFor();
      await page.waitForTimeout(500);
      const after = await layoutProblems(page);
      await page.screenshot({ path: screenshotPath("layout-addin-status-320"), fullPage: true });
      assert.deepEqual(after, [], `the add-in's request view (addin/src/App.tsx, Thread.tsx):\n${after.map((p) => `  ${p.kind}: ${p.what}`).join("\n")}`);
    } finally {
      await page.close();
    }
  });
});
