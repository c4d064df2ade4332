import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { startService, type TestService } from "./service.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCREENSHOTS = path.join(ROOT, "test", "screenshots");

/** Debian's Chromium, headless, with nothing that reaches for the network on its own. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Where a screenshot of `name` goes (test/screenshots is git-ignored). */
export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name}.png`);
}

/**
 * For a describe block: the real service (demo catalogue loaded) and a headless Chromium,
 * started before its tests and closed after; `use` receives them.
 */
export function useServiceAndBrowser(use: (svc: TestService, browser: Browser) => void, options: Parameters<typeof startService>[0] = { demo: true }): void {
  let svc: TestService | undefined;
  let browser: Browser | undefined;
  before(async () => {
    svc = await startService(options);
    browser = await launchBrowser();
    use(svc, browser);
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });
}
