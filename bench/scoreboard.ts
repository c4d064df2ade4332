/**
 * Issue 15's "Measured": `GET /api/scoreboard` for 20 departments with 100,000 past requests
 * each, p50 and entities read (aim: under 200 ms on loopback, and no entity read per request).
 *
 * Filing 2,000,000 requests through the service would take hours here, so the history is NOT
 * made through the write path: the day summary rows (`s|YYYY-MM-DD`), the month rows (`s|m|YYYY-MM`)
 * and the open row (`s|open`) the change-log follower would have written are put straight into
 * each department's partition.
 * Their bodies are the sums of `contributionOf` (shared/summary.ts, the follower's own function)
 * over 100,000 synthetic requests spread over the past year, so they have the real layout and
 * size; every department gets the same bodies, on its own partition. The service that answers
 * is the real one, reading through a counting proxy (test/support/storage-proxy).
 */
import { DEMO_DEPARTMENTS } from "../bot/demo/demo-catalogue.ts";
import { openTables } from "../bot/storage/tables.ts";
import { partitionOf } from "../bot/storage/request-entity.ts";
import { dayRk, monthRk } from "../bot/storage/summary-store.ts";
import { putJson } from "../bot/storage/tables.ts";
import type { TableEntity, TransactionAction } from "@azure/data-tables";
import type { Priority, ServiceRequest } from "../shared/domain.ts";
import { add, contributionOf, countsOnly, OPEN_KEY, SUMMARY_VERSION, type Tree } from "../shared/summary.ts";
import { request, slaPolicy, track } from "../test/support/fixtures.ts";
import { startStorageProxy, type CallRecord } from "../test/support/storage-proxy/index.ts";
import { startService, TENANT } from "../test/support/service.ts";
import { SERVICE_ENV } from "./harness.ts";
import { startBenchAzurite } from "./scale/azurite.ts";
import { percentile, progress, sleep } from "./stats.ts";
import { Rng } from "../shared/random.ts";
import { openSse } from "../test/support/sse.ts";

export interface ScoreboardPlan {
  departments: number;
  requestsPerDepartment: number;
  /** Days of history the requests are spread over (ending yesterday). */
  days: number;
  /** Requests open now, per department (the open row). */
  open: number;
  runs: number;
}

export interface ScoreboardPeriodFigures {
  period: "month" | "quarter";
  runs: number;
  p50Ms: number;
  p95Ms: number;
  /** The same, from a second instance on the same tables reading Azurite directly (no counting proxy in between). */
  directP50Ms: number;
  /** That instance while a scoreboard stream follows the tenant and nothing changes: the cached answer. */
  followedP50Ms: number;
  /** Storage calls, entities and bytes of one scoreboard (median of the runs). */
  calls: number;
  entities: number;
  kb: number;
  /** Entities read per department, and per request the departments hold. */
  entitiesPerDepartment: number;
  entitiesPerRequest: number;
  departmentsShown: number;
}

export interface ScoreboardFigures {
  plan: ScoreboardPlan;
  /** How the history was made: day rows written directly (see the file's comment). */
  history: string;
  dayRows: number;
  dayRowKb: { mean: number; max: number };
  buildMs: number;
  periods: ScoreboardPeriodFigures[];
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const PRIORITIES: Priority[] = ["low", "normal", "normal", "normal", "high", "urgent"];
const CATEGORIES = ["access", "hardware", "software", "network", ""];

/**
 * The day bodies of `count` past requests filed over `days` days before `now` (most answered
 * and resolved, a tenth of them late, a few cancelled; a third rated; some thanked), and the
 * open row of `open` requests still open (some past a target): what the follower would have summed.
 */
export function historyBodies(count: number, days: number, open: number, now: number): { days: Map<string, Tree>; open: Tree } {
  const rng = new Rng(15);
  const random = () => rng.next();
  const out = new Map<string, Tree>();
  const openRow: Tree = {};
  const policy = slaPolicy();
  const start = Math.floor(now / DAY) * DAY - days * DAY;
  const iso = (ms: number) => new Date(ms).toISOString();
  const put = (c: Record<string, Tree>) => {
    for (const [k, tree] of Object.entries(c)) {
      if (k === OPEN_KEY) add(openRow, tree);
      else add(out.get(k) ?? (out.set(k, {}), out.get(k)!), tree);
    }
  };
  for (let n = 1; n <= count + open; n++) {
    const isOpen = n > count;
    const priority = PRIORITIES[Math.floor(random() * PRIORITIES.length)]!;
    const target = policy.targets[priority];
    const created = isOpen ? now - Math.floor(random() * 3 * DAY) : start + Math.floor(random() * (days - 1) * DAY);
    const late = random() < 0.1;
    const frAt = created + Math.floor((late ? 1.2 + random() : random() * 0.9) * target.firstResponseMinutes * MIN);
    const resAt = created + Math.floor((late ? 1.1 + random() : 0.2 + random() * 0.7) * target.resolutionMinutes * MIN);
    const base = { number: n, priority, category: CATEGORIES[Math.floor(random() * CATEGORIES.length)]!, createdAt: iso(created) };
    let r: ServiceRequest;
    if (isOpen) {
      r = request({ ...base, status: "in_progress", updatedAt: iso(Math.min(now, frAt)), ...(frAt < now ? { firstRespondedAt: iso(frAt) } : {}) });
      r = { ...r, sla: { ...r.sla, ...(frAt < now ? { firstResponse: track(target.firstResponseMinutes, [[iso(created), iso(frAt)]], true) } : {}) } };
    } else if (random() < 0.03) {
      r = request({ ...base, status: "cancelled", updatedAt: iso(created + 30 * MIN) });
      r = { ...r, sla: { ...r.sla, firstResponse: track(target.firstResponseMinutes, [[iso(created), iso(created + 30 * MIN)]], true), resolution: track(target.resolutionMinutes, [[iso(created), iso(created + 30 * MIN)]], true) } };
    } else {
      const rated = random() < 0.33;
      const ratedAt = resAt + 2 * 60 * MIN;
      r = request({
        ...base,
        status: "resolved",
        firstRespondedAt: iso(frAt),
        resolvedAt: iso(resAt),
        updatedAt: iso(rated ? ratedAt : resAt),
        ...(rated ? { rating: { score: 1 + Math.floor(random() * 5), effort: 1 + Math.floor(random() * 7), at: iso(ratedAt) } } : {}),
        ...(random() < 0.05 ? { kudos: [{ by: { id: "p", name: "P" }, to: [{ id: "a", name: "A" }], at: iso(resAt + 60 * MIN) }] } : {}),
      });
      r = {
        ...r,
        sla: {
          ...r.sla,
          firstResponse: track(target.firstResponseMinutes, [[iso(created), iso(frAt)]], true),
          resolution: track(target.resolutionMinutes, [[iso(created), iso(resAt)]], true),
        },
      };
    }
    put(contributionOf(r));
  }
  return { days: out, open: openRow };
}

/**
 * Runs on an Azurite of its own, with the scale bench's indexes (bench/scale/azurite-indexes.cjs:
 * it finds entities by key as Azure does; stock Azurite runs every query over the whole table,
 * and this section's table holds 7,000 large rows), unless SCALE_AZURITE=stock.
 */
export async function benchScoreboard(plan: ScoreboardPlan): Promise<ScoreboardFigures> {
  const azurite = await startBenchAzurite(process.env.SCALE_AZURITE === "stock" ? "stock" : "indexed");
  try {
    return await measure(azurite.connectionString, plan);
  } finally {
    await azurite.stop();
  }
}

async function measure(connectionString: string, plan: ScoreboardPlan): Promise<ScoreboardFigures> {
  const prefix = "benchscore";
  const now = Date.now();
  const t0 = performance.now();
  const bodies = historyBodies(plan.requestsPerDepartment, plan.days, plan.open, now);
  const buildMs = performance.now() - t0;
  const sizes = [...bodies.days.values()].map((b) => JSON.stringify(b).length / 1024);
  progress(
    `history: ${plan.requestsPerDepartment.toLocaleString("en-US")} requests summed into ${bodies.days.size} day rows in ${(buildMs / 1000).toFixed(1)} s ` +
      `(mean ${(sizes.reduce((a, b) => a + b, 0) / sizes.length).toFixed(1)} KB a row); written directly to each department's partition (not through the service)`,
  );

  const proxy = await startStorageProxy(connectionString);
  const svc = await startService({ connectionString: proxy.connectionString, prefix, env: SERVICE_ENV });
  const closers: Array<() => Promise<void>> = [];
  try {
    const admin = await svc.token({ userId: "bench-admin", name: "Bench Admin", roles: ["Tandem.Admin"] });
    const employee = await svc.token({ userId: "bench-employee", name: "Bench Employee" });
    const it = DEMO_DEPARTMENTS.find((d) => d.key === "IT")!;
    const { key: _k, etag: _e, updatedAt: _u, triageChannel: _t, ...template } = it;
    const keys = Array.from({ length: plan.departments }, (_, i) => `D${String(i + 1).padStart(2, "0")}`);
    for (const key of keys) {
      const res = await svc.call("PUT", `/api/departments/${key}`, { token: admin, body: { ...template, name: `Department ${key}`, agents: [], leads: [] } });
      if (res.status !== 201) throw new Error(`PUT /api/departments/${key}: ${res.status} ${res.text}`);
    }
    // The rows go straight to Azurite (not through the proxy): only the scoreboard's reads are counted.
    const direct = openTables({ connectionString, prefix });
    // Day rows, the open row, and the month rows the follower keeps beside them (each month's days' counts).
    const monthBodies = new Map<string, Tree>();
    for (const [day, body] of bodies.days) add(monthBodies.get(day.slice(0, 7)) ?? (monthBodies.set(day.slice(0, 7), {}), monthBodies.get(day.slice(0, 7))!), countsOnly(body));
    const rows: Array<[string, Tree]> = [
      ...[...bodies.days].map(([day, body]): [string, Tree] => [dayRk(day), body]),
      [dayRk(OPEN_KEY), bodies.open],
      ...[...monthBodies].map(([month, body]): [string, Tree] => [monthRk(month), body]),
    ];
    for (const key of keys) {
      const pk = partitionOf(TENANT, key);
      for (let i = 0; i < rows.length; i += 100) {
        const actions: TransactionAction[] = rows.slice(i, i + 100).map(([rowKey, body]) => {
          const e: TableEntity = { partitionKey: pk, rowKey, kind: rowKey.startsWith("s|m|") ? "month" : "summary", v: SUMMARY_VERSION };
          putJson(e, "body", body);
          return ["upsert", e, "Replace"];
        });
        await direct.Requests.submitTransaction(actions);
      }
    }
    progress(`${keys.length} departments x ${rows.length} summary rows written`);

    const periods: ScoreboardPeriodFigures[] = [];
    const direct2 = await startService({ connectionString, prefix, env: SERVICE_ENV });
    closers.push(() => direct2.close());
    const directToken = await direct2.token({ userId: "bench-employee", name: "Bench Employee" });
    for (const period of ["month", "quarter"] as const) {
      const get = async (via = svc, token = employee) => {
        const res = await via.call<{ departments: unknown[] }>("GET", `/api/scoreboard?period=${period}`, { token });
        if (res.status !== 200) throw new Error(`GET /api/scoreboard: ${res.status} ${res.text.slice(0, 300)}`);
        return res.body.departments.length;
      };
      for (let i = 0; i < 3; i++) await get(); // warm-up: the follower's first catch-up, caches
      const runs: Array<{ ms: number; records: CallRecord[]; shown: number }> = [];
      for (let i = 0; i < plan.runs; i++) {
        await proxy.reset();
        const s = performance.now();
        const shown = await get();
        const ms = performance.now() - s;
        await sleep(20);
        runs.push({ ms, records: await proxy.records(), shown });
      }
      for (let i = 0; i < 3; i++) await get(direct2, directToken);
      const directMs: number[] = [];
      for (let i = 0; i < plan.runs; i++) {
        const s = performance.now();
        await get(direct2, directToken);
        directMs.push(performance.now() - s);
      }
      // An office screen follows the stream: every viewer's read after that is answered from one computation per change.
      const follower = await openSse(`${direct2.url}/api/stream?scoreboard=1`, { token: directToken });
      await sleep(1_500);
      const followedMs: number[] = [];
      for (let i = 0; i < plan.runs; i++) {
        const s = performance.now();
        await get(direct2, directToken);
        followedMs.push(performance.now() - s);
      }
      follower.close();
      const med = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
      const lat = runs.map((r) => r.ms).sort((a, b) => a - b);
      const entities = med(runs.map((r) => r.records.reduce((n, c) => n + c.entities, 0)));
      const f: ScoreboardPeriodFigures = {
        period,
        runs: plan.runs,
        p50Ms: percentile(lat, 50),
        p95Ms: percentile(lat, 95),
        directP50Ms: med(directMs),
        followedP50Ms: med(followedMs),
        calls: med(runs.map((r) => r.records.length)),
        entities,
        kb: med(runs.map((r) => r.records.reduce((n, c) => n + c.bytesIn + c.bytesOut, 0))) / 1024,
        entitiesPerDepartment: entities / keys.length,
        entitiesPerRequest: entities / (keys.length * plan.requestsPerDepartment),
        departmentsShown: med(runs.map((r) => r.shown)),
      };
      periods.push(f);
      progress(`  scoreboard ${period}: p50 ${f.p50Ms.toFixed(1)} ms, p95 ${f.p95Ms.toFixed(1)} ms (without the proxy: p50 ${f.directP50Ms.toFixed(1)} ms; followed by a stream, nothing changed: p50 ${f.followedP50Ms.toFixed(1)} ms); ${f.calls} calls, ${f.entities} entities (${f.entitiesPerDepartment.toFixed(1)} a department), ${f.kb.toFixed(0)} KB`);
    }
    return {
      plan,
      history: "day summary rows written directly (sums of contributionOf over synthetic requests), not filed through the service",
      dayRows: rows.length * keys.length,
      dayRowKb: { mean: sizes.reduce((a, b) => a + b, 0) / sizes.length, max: Math.max(...sizes) },
      buildMs,
      periods,
    };
  } finally {
    for (const close of closers) await close();
    await svc.close();
    await proxy.stop();
  }
}

/** Standalone: `node --import tsx bench/scoreboard.ts` runs this section alone and prints its figures. */
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  void (async () => {
    console.log(JSON.stringify(await benchScoreboard({ departments: 20, requestsPerDepartment: 100_000, days: 365, open: 150, runs: 10 }), null, 2));
  })();
}

/** The summary table's rows: p50 against the aim, and what one scoreboard reads. */
export function scoreboardRows(f: ScoreboardFigures, aimP50Ms: number): Array<{ figure: string; value: string; aim: string; ok?: boolean }> {
  const rows: Array<{ figure: string; value: string; aim: string; ok?: boolean }> = [];
  const label = `scoreboard ${f.plan.departments} depts x ${f.plan.requestsPerDepartment.toLocaleString("en-US")} requests`;
  for (const p of f.periods) {
    rows.push({ figure: `${label}, ${p.period}: p50 / p95 through the counting proxy`, value: `${p.p50Ms.toFixed(1)} ms / ${p.p95Ms.toFixed(1)} ms`, aim: "(info)" });
    rows.push({ figure: `${label}, ${p.period}: p50 computed (no proxy)`, value: `${p.directP50Ms.toFixed(1)} ms`, aim: `< ${aimP50Ms} ms`, ok: p.directP50Ms < aimP50Ms });
    rows.push({ figure: `${label}, ${p.period}: p50 while a stream follows, no change`, value: `${p.followedP50Ms.toFixed(1)} ms`, aim: "(info: cached)" });
    rows.push({
      figure: `${label}, ${p.period}: entities read`,
      value: `${p.entities} (${p.entitiesPerDepartment.toFixed(1)} a dept, ${p.entitiesPerRequest.toFixed(5)} a request; ${p.calls} calls, ${p.kb.toFixed(0)} KB)`,
      aim: "none per request",
      ok: p.entitiesPerRequest < 0.01,
    });
  }
  return rows;
}
