import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { describeViolations, seriousViolations } from "../support/axe.ts";
import { useServiceAndBrowser } from "../support/browser.ts";
import type { TestService } from "../support/service.ts";
import { TAB_VIEWS as VIEWS } from "../support/tab-views.ts";

/**
 * axe-core on every page of the tab, in the light and the dark theme: no serious or critical
 * violation. A failure lists each violation with its elements; the test's name says which view,
 * and the message which files make it.
 */
describe("Teams tab: accessibility (axe-core, headless Chromium)", function () {
  this.timeout(60_000);
  let svc: TestService;
  let browser: Browser;

  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));

  for (const theme of ["light", "dark"] as const) {
    for (const view of VIEWS) {
      it(`${view.name}, ${theme} theme: no serious or critical violations`, async () => {
        const page = await view.open(browser, svc, { theme: theme === "dark" ? "dark" : undefined });
        try {
          assert.equal(await page.locator("[data-theme]").first().getAttribute("data-theme"), theme === "dark" ? "dark" : "default");
          const violations = await seriousViolations(page);
          assert.equal(
            violations.length,
            0,
            `${view.name} in the ${theme} theme (${view.files}) has ${violations.length} serious or critical accessibility violation(s):\n${describeViolations(violations)}`,
          );
        } finally {
          await page.close();
        }
      });
    }
  }
});
