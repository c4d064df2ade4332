import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { screenshotPath, useServiceAndBrowser } from "../support/browser.ts";
import { layoutProblems } from "../support/layout.ts";
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
