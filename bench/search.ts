/**
 * Search over a department with many requests (issue 16). Part of `npm run bench`; alone:
 * `node --no-deprecation --import tsx bench/search.ts [requests]`.
 * Seeds through RequestService.create, lets the change-log follower index them, then times
 * GET /api/departments/X/requests?q= for a word every request has, two words and a prefix,
 * and counts the Search table's entities each search read (a policy on its client).
 */
import { fileURLToPath } from "node:url";
import type { RequestView } from "../shared/domain.ts";
import { getJson, startHarness, TENANT, type Section } from "./harness.ts";
import { closedLoop, ms, num, progress } from "./stats.ts";

export interface SearchFigures {
  requests: number;
  seedMs: number;
  indexMs: number;
  queries: Array<{ q: string; p50: number; p99: number; entities: number }>;
}

/** Entities a search may read, whatever the department's size: 100 postings a word and a place (exact and prefix), then 20 requests. */
const ENTITY_CEILING_PER_WORD = 200;

export async function benchSearch(s: Section, plan: { requests: number; runs: number }): Promise<SearchFigures> {
  const n = plan.requests;
  const dept = await s.department("SRCH", "Search bench");
  const app = s.svc.app;
  let entities = 0;
  app.tables.Search.pipeline.addPolicy({
    name: "benchCount",
    async sendRequest(req, next) {
      const res = await next(req);
      if (req.method === "GET" && res.bodyAsText) entities += (JSON.parse(res.bodyAsText).value ?? []).length;
      return res;
    },
  });
  progress(`search: seeding ${num(n)} requests, 64 in flight`);
  const seed = await closedLoop(n, 64, (i) =>
    app.services.requests.create(
      { tenantId: TENANT, person: { id: `bench-seed-${i % 50}`, name: `Seeder ${i % 50}` }, isAdmin: false },
      { department: dept.key, title: `Laptop ${i % 10 === 0 ? "screen flickers" : "keyboard sticks"} ${i}`, description: `Seeded request ${i}, printers and impresoras.` },
    ),
  );
  progress(`search: seeded in ${ms(seed.wallMs, 0)}`);
  const t0 = Date.now();
  await app.follower.catchUp(TENANT, dept.key);
  const indexMs = Date.now() - t0;
  progress(`search: indexed (follower caught up) in ${ms(indexMs, 0)}`);
  const queries: SearchFigures["queries"] = [];
  for (const q of ["laptop", "laptop screen", "impres"]) {
    const url = `${s.svc.url}/api/departments/${dept.key}/requests?q=${encodeURIComponent(q)}&limit=20`;
    await getJson(url, s.agent.token);
    entities = 0;
    const run = await closedLoop(plan.runs, 1, () => getJson<{ items: RequestView[] }>(url, s.agent.token));
    queries.push({ q, p50: run.p50, p99: run.p99, entities: entities / plan.runs });
    progress(`search: q="${q}" p50 ${ms(run.p50)} p99 ${ms(run.p99)}, ${num(entities / plan.runs)} Search entities a search`);
  }
  return { requests: n, seedMs: seed.wallMs, indexMs, queries };
}

export function searchRows(f: SearchFigures): Array<{ figure: string; value: string; aim: string; ok?: boolean }> {
  const rows: Array<{ figure: string; value: string; aim: string; ok?: boolean }> = [];
  for (const q of f.queries) {
    const words = q.q.split(" ").length;
    rows.push({ figure: `search q="${q.q}" over ${num(f.requests)} requests: p50 / p99`, value: `${ms(q.p50)} / ${ms(q.p99)}`, aim: "(info: Azurite)" });
    rows.push({ figure: `search q="${q.q}": Search entities read a search`, value: num(q.entities), aim: `<= ${ENTITY_CEILING_PER_WORD * words}, any size`, ok: q.entities <= ENTITY_CEILING_PER_WORD * words });
  }
  rows.push({ figure: `search: index the backlog of ${num(f.requests)} requests (change-log follower)`, value: `${ms(f.indexMs, 0)} (${num(f.requests / (f.indexMs / 1000))} requests/s)`, aim: "(info)" });
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const h = await startHarness();
  try {
    const s = await h.section("search");
    const f = await benchSearch(s, { requests: Number(process.argv[2] ?? 2000), runs: 20 });
    for (const r of searchRows(f)) console.log(`${r.figure}: ${r.value} (${r.aim})`);
    await s.close();
  } finally {
    await h.close();
  }
  process.exit(0);
}
