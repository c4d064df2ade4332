/** axe-core in a page of the tab (the accessibility suite and the pages' own tests use it). */
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { runScriptFile } from "./csp.ts";

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
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
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

export function describeViolations(violations: AxeViolation[]): string {
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
