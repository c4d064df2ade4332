import type { Browser, Page } from "playwright-core";

/**
 * Opens the built Teams tab (served at /tab/) in a new page, with every address outside the
 * service answered locally (teams-js asks Microsoft's CDN for its valid domains on load).
 */
export async function openTab(browser: Browser, baseUrl: string, query: string, opts: { viewport?: { width: number; height: number }; colorScheme?: "light" | "dark" } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1200, height: 820 }, colorScheme: opts.colorScheme });
  await page.route((url) => !url.href.startsWith(baseUrl), (route) => route.fulfill({ status: 200, contentType: "application/json", body: "{}" }));
  await page.goto(`${baseUrl}/tab/${query}`);
  return page;
}

/** In dev mode: picks a demo person on the "sign in as" page. */
export async function signInOnTab(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: new RegExp(name) }).first().click();
}
