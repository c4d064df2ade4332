/**
 * Content Security Policy in headless Chromium: a record of every violation in every frame of
 * a context (the `securitypolicyviolation` event, which fires for anything the policy blocked
 * or would have blocked: a script, a style, a fetch, an eval), the console's "Refused to ..."
 * lines, and a parent page served at any origin (by page routing, nothing listens) that
 * frames one of the service's pages, to see who may embed it.
 */
import fs from "node:fs";
import type { Browser, BrowserContext, FrameLocator, Page } from "playwright-core";

export interface Violation {
  /** Where it happened (the frame's address). */
  at: string;
  directive: string;
  blocked: string;
  source?: string;
  sample?: string;
}

declare global {
  interface Window {
    __cspViolations?: Violation[];
  }
}

/** Records every CSP violation of every frame the context opens from now on (run before the first page opens). */
export async function recordCspViolations(context: BrowserContext): Promise<{ console: string[] }> {
  await context.addInitScript(() => {
    const list: Violation[] = (window.__cspViolations = []);
    document.addEventListener("securitypolicyviolation", (e) => {
      list.push({ at: location.href, directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile || undefined, sample: e.sample || undefined });
    });
  });
  const console: string[] = [];
  const watch = (page: Page) =>
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) console.push(`${m.type()}: ${m.text()}`);
    });
  context.pages().forEach(watch);
  context.on("page", watch);
  return { console };
}

/** The violations recorded so far in every frame of `page` (frames that never ran a script have none). */
export async function cspViolations(page: Page): Promise<Violation[]> {
  const all: Violation[] = [];
  for (const frame of page.frames()) {
    const found = await frame.evaluate(() => window.__cspViolations ?? []).catch(() => [] as Violation[]);
    all.push(...found);
  }
  return all;
}

export interface FramedPage {
  context: BrowserContext;
  page: Page;
  /** The framed page (the iframe #framed). */
  frame: FrameLocator;
  console: string[];
  close(): Promise<void>;
}

/**
 * A page at `parentOrigin` whose only content is an iframe of `childUrl`, in a fresh context
 * recording CSP violations. `routes` answer other addresses outside the service (Office.js, ...);
 * anything else outside the service gets a 404.
 */
export async function openFramed(
  browser: Browser,
  opts: { parentOrigin: string; childUrl: string; serviceUrl: string; routes?: Record<string, { contentType: string; body: string }>; viewport?: { width: number; height: number } },
): Promise<FramedPage> {
  // Chromium lets a public page frame a loopback address only with the "local-network-access" permission.
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1200, height: 820 }, permissions: ["local-network-access"] });
  const recorded = await recordCspViolations(context);
  const parent = `<!doctype html><html><head><meta charset="utf-8"><title>Host</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style></head>
<body><iframe id="framed" title="framed" src="${opts.childUrl.replace(/"/g, "&quot;")}"></iframe></body></html>`;
  await context.route(
    (url) => !url.href.startsWith(opts.serviceUrl),
    (route) => {
      const url = route.request().url();
      if (new URL(url).origin === opts.parentOrigin) return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: parent });
      const known = opts.routes?.[url];
      if (known) return route.fulfill({ status: 200, contentType: known.contentType, body: known.body });
      return route.fulfill({ status: 404, contentType: "text/plain", body: "not on this test's network" });
    },
  );
  const page = await context.newPage();
  await page.goto(`${opts.parentOrigin}/`);
  return { context, page, frame: page.frameLocator("#framed"), console: recorded.console, close: () => context.close() };
}

/**
 * Runs a script file in the page as the browser's developer tools do, which the page's CSP does
 * not restrict (Playwright's addScriptTag adds an inline <script>, which a page that allows no
 * inline script refuses). For test tools such as axe-core.
 */
export async function runScriptFile(page: Page, file: string): Promise<void> {
  await page.evaluate(`${fs.readFileSync(file, "utf8")}\n;undefined`);
}
