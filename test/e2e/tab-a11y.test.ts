import assert from "node:assert/strict";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { useServiceAndBrowser } from "../support/browser.ts";
import { runScriptFile } from "../support/csp.ts";
import type { TestService } from "../support/service.ts";
import { TAB_VIEWS as VIEWS } from "../support/tab-views.ts";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
  html: string;
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** Runs axe-core (injected from node_modules) on the page and returns its serious and critical violations. */
async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await runScriptFile(page, AXE); // not addScriptTag: the tab's CSP refuses inline scripts
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations;
  });
  return violations
    .map((v) => (v.id === "aria-hidden-focus" ? { ...v, nodes: v.nodes.filter((n) => !isTabsterDummy(n)) } : v))
    .filter((v) => v.nodes.length > 0 && (v.impact === "serious" || v.impact === "critical"));
}

/**
 * Fluent UI v9's focus manager (tabster) puts aria-hidden, focusable "dummy" elements around
 * tab lists, tables and dialogs; they pass focus on at once and are never read. axe's
 * aria-hidden-focus flags them: a known false positive that Microsoft's own Accessibility
 * Insights leaves out the same way (microsoft/accessibility-insights-web#7605,
 * microsoft/fluentui#25133). Any other aria-hidden focusable element still fails.
 */
function isTabsterDummy(node: AxeNode): boolean {
  return /^<i [^>]*data-tabster-dummy/.test(node.html) || node.html.includes('data-is-focus-trap-zone-bumper="true"');
}

function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 6)
        .map((n) => `      at ${n.target.map(String).join(" ")}: ${(n.failureSummary ?? "").replace(/\s+/g, " ").slice(0, 240)}\n         ${n.html.slice(0, 160)}`)
        .join("\n");
      return `  - ${v.id} (${v.impact}): ${v.help} [${v.nodes.length} node(s)] ${v.helpUrl}\n${nodes}`;
    })
    .join("\n");
}

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
