/**
 * Search over a department with many requests (issue 16): `node --no-deprecation --import tsx bench/search.ts [requests]`.
 * Seeds through RequestService.create, lets the change-log follower index them, then times
 * GET /api/departments/X/requests?q= for a word every request has, a rarer one and a prefix,
 * and counts the Search table's entities each search read (a policy on its client).
 */
import type { RequestView } from "../shared/domain.ts";
import { getJson, startHarness, TENANT } from "./harness.ts";
import { closedLoop, ms, num, progress } from "./stats.ts";

async function main() {
  const n = Number(process.argv[2] ?? 2000);
  const h = await startHarness();
  try {
    const s = await h.section("search");
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
    progress(`search: indexed (follower caught up) in ${ms(Date.now() - t0, 0)}`);
    for (const q of ["laptop", "laptop screen", "impres"]) {
      const url = `${s.svc.url}/api/departments/${dept.key}/requests?q=${encodeURIComponent(q)}&limit=20`;
      await getJson(url, s.agent.token);
      entities = 0;
      const runs = 20;
      const run = await closedLoop(runs, 1, () => getJson<{ items: RequestView[] }>(url, s.agent.token));
      console.log(`q="${q}" over ${num(n)} requests: p50 ${ms(run.p50)} p99 ${ms(run.p99)}, ${num(entities / runs)} Search entities read a search (+ 20 point reads of requests)`);
    }
    await s.close();
  } finally {
    await h.close();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
