import type { Browser, Page } from "playwright-core";

/**
 * Opens the built Teams tab (served at /tab/) in a new page, with every address outside the
 * service answered locally (teams-js asks Microsoft's CDN for its valid domains on load).
 */
export async function openTab(
  browser: Browser,
  baseUrl: string,
  query: string,
  opts: { viewport?: { width: number; height: number }; colorScheme?: "light" | "dark"; timezoneId?: string } = {},
): Promise<Page> {
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1200, height: 820 }, colorScheme: opts.colorScheme, timezoneId: opts.timezoneId });
  await page.route((url) => !url.href.startsWith(baseUrl), (route) => route.fulfill({ status: 200, contentType: "application/json", body: "{}" }));
  await page.goto(`${baseUrl}/tab/${query}`);
  return page;
}

/** In dev mode: picks a demo person on the "sign in as" page. */
export async function signInOnTab(page: Page, name: string): Promise<void> {
  await page.getByRole("button", { name: new RegExp(name) }).first().click();
}

/**
 * Weeks of history for a department's dashboard: for each of the `weeks` weeks before this
 * one, a few requests filed on Tuesday morning (local time), taken within or past the
 * first-response target, resolved within or past the resolution target, and rated; plus one
 * left untouched two weeks ago (past its target now). `setClock` moves the service's clock
 * (startService's `clock` option); it is put back to real time at the end.
 */
export async function seedTrend(
  svc: import("./service.ts").TestService,
  setClock: (ms: number | undefined) => void,
  opts: { department?: string; timeZone?: string; weeks?: number; agent?: string; requester?: string } = {},
): Promise<{ requests: number }> {
  const { localToUtc, wallClock } = await import("../../shared/sla/zone.ts");
  const dept = opts.department ?? "IT";
  const zone = opts.timeZone ?? "Europe/Madrid";
  const weeks = opts.weeks ?? 6;
  const agent = await svc.token(opts.agent ?? "ben");
  const requester = await svc.token(opts.requester ?? "dana");
  const MIN = 60_000;
  const DAY = 24 * 60 * MIN;
  const today = wallClock(zone, Date.now());
  const todayMs = Date.parse(`${today.date}T00:00:00Z`);
  const mondayMs = todayMs - today.weekday * DAY;
  const events: Array<{ at: number; run: () => Promise<unknown> }> = [];
  const ids = new Map<string, string>();
  const must = async (p: Promise<{ status: number; text: string; body: any }>, what: string) => {
    const r = await p;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
    return r.body;
  };
  let n = 0;
  for (let k = weeks; k >= 1; k--) {
    const tuesday = mondayMs - 7 * k * DAY + DAY;
    const start = localToUtc(zone, tuesday + 9 * 60 * MIN);
    const count = 2 + ((k * 3) % 4); // 2 to 5 a week
    for (let j = 0; j < count; j++) {
      const key = `w${k}r${j}`;
      const created = start + j * 7 * MIN;
      const lateReply = (j + k) % 4 === 0; // about one in four misses the 60-minute first response
      const lateFix = (j + 2 * k) % 5 === 0;
      const stayOpen = k === 1 && j === count - 1;
      n++;
      events.push({
        at: created,
        run: async () => {
          const body = await must(svc.call("POST", "/api/requests", { token: requester, body: { department: dept, title: `Week ${k} request ${j + 1}`, priority: "high", category: "software" } }), "file");
          ids.set(key, body.id);
        },
      });
      events.push({ at: created + (lateReply ? 150 : 20 + j * 5) * MIN, run: () => must(svc.call("POST", `/api/requests/${ids.get(key)}/actions`, { token: agent, body: { action: "take" } }), "take") });
      if (stayOpen) continue;
      events.push({
        at: created + (lateFix ? DAY + 6 * 60 * MIN : 5 * 60 * MIN),
        run: () => must(svc.call("POST", `/api/requests/${ids.get(key)}/actions`, { token: agent, body: { action: "resolve", text: "Done." } }), "resolve"),
      });
      if (j % 2 === 0) {
        events.push({
          at: created + 2 * DAY,
          run: () => must(svc.call("POST", `/api/requests/${ids.get(key)}/actions`, { token: requester, body: { action: "rate", score: lateFix ? 2 : 4 + (j % 3 === 0 ? 1 : 0) } }), "rate"),
        });
      }
    }
  }
  // One nobody took, two weeks ago: past its first-response target now.
  const forgotten = localToUtc(zone, mondayMs - 14 * DAY + DAY + 11 * 60 * MIN);
  events.push({ at: forgotten, run: () => must(svc.call("POST", "/api/requests", { token: requester, body: { department: dept, title: "Forgotten request", priority: "high" } }), "file") });
  n++;
  events.sort((a, b) => a.at - b.at);
  try {
    for (const e of events) {
      setClock(e.at);
      await e.run();
    }
  } finally {
    setClock(undefined);
  }
  return { requests: n };
}
