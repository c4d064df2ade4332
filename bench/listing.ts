/**
 * 2. A department's queue with 2,000 open requests: GET /api/departments/X/requests?status=open,
 * one page of the largest size the API allows, and the whole list paged through with nextCursor.
 */
import { LIMITS } from "../shared/validation/index.ts";
import type { RequestView } from "../shared/domain.ts";
import { getJson, TENANT, type Section } from "./harness.ts";
import { closedLoop, ms, num, progress, summarize, type Summary } from "./stats.ts";

export interface ListingFigures {
  open: number;
  pageSize: number;
  pages: number;
  seedMs: number;
  page: Summary;
  whole: Summary;
}

type Page = { items: RequestView[]; nextCursor?: string };

export async function benchListing(h: Section, opts: { open: number; pageRuns: number; wholeRuns: number }): Promise<ListingFigures> {
  const dept = await h.department("LST", "Listing bench");
  const requests = h.svc.app.services.requests;

  // Seeded through the service itself (validation, group commit, pointers), 64 in flight.
  progress(`listing: seeding ${num(opts.open)} open requests through RequestService.create, 64 in flight`);
  const seed = await closedLoop(opts.open, 64, (i) =>
    requests.create(
      { tenantId: TENANT, person: { id: `bench-seed-${i % 50}`, name: `Seeder ${i % 50}` }, isAdmin: false },
      { department: dept.key, title: `Queue item ${i}`, description: `Seeded request number ${i}.`, category: "software", priority: (["low", "normal", "high", "urgent"] as const)[i % 4] },
    ),
  );
  progress(`listing: seeded in ${ms(seed.wallMs, 0)} (${num(seed.perSecond)}/s)`);

  const pageSize = LIMITS.listLimitMax;
  const base = `${h.svc.url}/api/departments/${dept.key}/requests?status=open&limit=${pageSize}`;
  const page = (cursor?: string) => getJson<Page>(cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base, h.agent.token);
  const whole = async () => {
    let n = 0;
    let pages = 0;
    let cursor: string | undefined;
    do {
      const p = await page(cursor);
      n += p.items.length;
      pages++;
      cursor = p.nextCursor;
    } while (cursor);
    return { n, pages };
  };

  progress("listing: warming up (2 whole lists)");
  const check = await whole();
  await whole();
  if (check.n !== opts.open) throw new Error(`listing: expected ${opts.open} open requests, the pages held ${check.n}`);

  progress(`listing: first page (limit=${pageSize}) x${opts.pageRuns}`);
  const pageRun = await closedLoop(opts.pageRuns, 1, () => page());
  progress(`listing: one page p50 ${ms(pageRun.p50)} p99 ${ms(pageRun.p99)}`);

  progress(`listing: whole open list (${check.pages} pages of ${pageSize}) x${opts.wholeRuns}`);
  const wholeRun = await closedLoop(opts.wholeRuns, 1, whole);
  progress(`listing: whole list p50 ${ms(wholeRun.p50)} p99 ${ms(wholeRun.p99)}`);

  return { open: opts.open, pageSize, pages: check.pages, seedMs: seed.wallMs, page: summarize(pageRun.latencies), whole: summarize(wholeRun.latencies) };
}
