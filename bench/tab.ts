/**
 * The Teams tab's first load: what a browser downloads before a page shows (index.html, app.js
 * and the chunks they import, gzipped; the service sends precompressed copies), and the time from navigation start to the first
 * meaningful render in headless Chromium over loopback, cold (a fresh browser context per load:
 * empty cache, empty storage).
 *
 * Two first renders: the sign-in picker (a browser outside Teams, nobody signed in: the page,
 * teams-js's "not in Teams" decision, GET /api/dev/users) and the board's queue (signed in
 * as an agent: the page, GET /api/me + /api/departments, the queue's first page and its rows).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { buildTab, firstLoadBytes } from "../teams-app/build.ts";
import { launchBrowser } from "../test/support/browser.ts";
import type { Section } from "./harness.ts";
import { postJson } from "./harness.ts";
import { ms, progress, summarize, type Summary } from "./stats.ts";

const DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "teams-app", "dist");

/** Where browser mode keeps the dev sign-in (web/DevSignIn.tsx). */
const DEV_TOKEN_KEY = "tandem.devToken";

export interface TabPlan {
  /** Cold loads measured per first render (after one load that is not counted). */
  loads: number;
  /** Open requests in the measured department's queue. */
  openRequests: number;
}

export interface TabSizes {
  /** What the browser downloads before each page shows (index.html, app.js, the chunks they import), gzipped. */
  pages: Array<{ page: string; gzip: number; raw: number; files: number }>;
  /** Every script the build wrote, gzipped: the whole tab if a user opened every page. */
  allGzip: number;
}

export interface RenderFigures extends Summary {
  samples: number[];
}

export interface TabFigures {
  sizes: TabSizes;
  picker: RenderFigures;
  board: RenderFigures;
  loads: number;
  openRequests: number;
}

/** Builds the tab (npm run build) and measures its first-load size, then its cold first renders. */
export async function benchTab(s: Section, plan: TabPlan): Promise<TabFigures> {
  await buildTab({ quiet: true });
  const sizes = measureSizes();
  progress(
    `built teams-app/dist: first load gzip ${sizes.pages.map((p) => `${p.page} ${kb(p.gzip)} (${p.files} files)`).join(", ")}; every script ${kb(sizes.allGzip)}`,
  );

  await s.department("IT", "Information Technology");
  const requester = await s.svc.token({ userId: "bench-requester", name: "Bench Requester" });
  for (let i = 0; i < plan.openRequests; i++) {
    await postJson(`${s.svc.url}/api/requests`, requester, { department: "IT", title: `Bench request ${i + 1}`, priority: ["low", "normal", "high", "urgent"][i % 4] }, [201]);
  }
  progress(`IT has ${plan.openRequests} open requests; ${plan.loads} cold loads per render (+1 not counted), a fresh browser context each`);

  const browser = await launchBrowser();
  try {
    const url = `${s.svc.url}/tab/?view=board&department=IT`;
    const picker = await coldLoads(browser, s, url, plan.loads, undefined, pickerShown);
    progress(`sign-in picker: median ${ms(picker.p50)} (min ${ms(picker.min)}, max ${ms(picker.max)})`);
    const board = await coldLoads(browser, s, url, plan.loads, s.agent.token, queueShown);
    progress(`board's queue: median ${ms(board.p50)} (min ${ms(board.min)}, max ${ms(board.max)})`);
    return { sizes, picker, board, loads: plan.loads, openRequests: plan.openRequests };
  } finally {
    await browser.close();
  }
}

function measureSizes(): TabSizes {
  const pages = ["Board", "Dashboard", "MyRequests", "Config"].map((page) => {
    const f = firstLoadBytes(page);
    return { page, gzip: f.gzip, raw: f.raw, files: f.files.length };
  });
  const scripts = fs.readdirSync(DIST, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"));
  const allGzip = scripts.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(DIST, f))).length, 0);
  return { pages, allGzip };
}

/** In the page: the "sign in as" picker with its people (null until then). */
function pickerShown(): number | null {
  const heading = [...document.querySelectorAll("h1")].some((h) => /Sign in as a demo person/.test(h.textContent ?? ""));
  return heading && document.querySelector('[role="listitem"] button') ? performance.now() : null;
}

/** In the page: the board's queue with its rows, nothing loading (null until then). */
function queueShown(): number | null {
  return document.querySelector("main table tbody tr") && !document.querySelector('[role="progressbar"]') ? performance.now() : null;
}

/**
 * `loads` + 1 cold loads of `url` (the first is not counted: it warms the service's file reads
 * and Chromium's own start-up), each in a fresh context; the time is performance.now() in the
 * page (milliseconds since its navigation started) on the first animation frame that shows it.
 */
async function coldLoads(browser: Browser, s: Section, url: string, loads: number, token: string | undefined, shown: () => number | null): Promise<RenderFigures> {
  const samples: number[] = [];
  for (let i = 0; i <= loads; i++) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 820 } });
    try {
      // teams-js asks Microsoft's CDN for its valid domains: answered here, as in the tests.
      await context.route((u) => !u.href.startsWith(s.svc.url), (route) => route.fulfill({ status: 200, contentType: "application/json", body: "{}" }));
      if (token) await context.addInitScript(([key, value]) => sessionStorage.setItem(key, value), [DEV_TOKEN_KEY, token] as const);
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "commit" });
      const at = await firstShown(page, shown, url);
      if (i > 0) samples.push(at);
    } finally {
      await context.close();
    }
  }
  return { ...summarize(samples), samples };
}

async function firstShown(page: Page, shown: () => number | null, url: string): Promise<number> {
  try {
    const handle = await page.waitForFunction(shown, undefined, { polling: "raf", timeout: 15_000 });
    return (await handle.jsonValue()) as number;
  } catch (err) {
    const text = (await page.locator("body").innerText().catch(() => "")).slice(0, 300).replace(/\s+/g, " ");
    throw new Error(`${url}: the expected first render never came (${(err as Error).message.split("\n")[0]}); the page shows: ${text}`);
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export { kb };
