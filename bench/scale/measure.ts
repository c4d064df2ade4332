/**
 * Measures each operation on a desk: the real service (over HTTP on loopback, or its scheduler
 * in process) talks to Azurite through the counting proxy; every call of an operation is timed
 * at the client and its storage calls, entities and bytes are read from the proxy. Operations
 * run one at a time, so what the proxy saw between reset and read is that operation's (plus
 * whatever the service does in the background meanwhile: the medians keep that out).
 */
import type { CallRecord, StorageProxy } from "../../test/support/storage-proxy/index.ts";
import { startService, type TestService } from "../../test/support/service.ts";
import type { RequestView } from "../../shared/domain.ts";
import { SERVICE_ENV } from "../harness.ts";
import { percentile, progress, sleep } from "../stats.ts";
import { DEPARTMENT, REGULAR, type Desk } from "./desk.ts";

export const OPERATIONS = [
  ["dashboard", "department dashboard (GET /stats, last month, as an employee)"],
  ["report", "monthly report (GET /report, last month, as a lead)"],
  ["openQueue", "open queue (GET /requests?status=open, every page)"],
  ["mine", "my requests (GET /api/me/requests, first page)"],
  ["passIdle", "scheduler pass, nothing due"],
  ["passDue", "scheduler pass, k due"],
  ["create", "create (POST /api/requests)"],
  ["take", "take (POST /actions take)"],
  ["comment", "comment (POST /actions comment)"],
] as const;
export type Operation = (typeof OPERATIONS)[number][0];

export interface OperationFigures {
  runs: number;
  /** Medians per run. */
  calls: number;
  entities: number;
  bytes: number;
  /** Entities read from the Requests table (the scheduler's aim: none when nothing is due). */
  requestEntities: number;
  p50Ms: number;
  p95Ms: number;
  /** What the answer held (items listed, escalations fired), median per run. */
  items: number;
  /** Distinct queries without a PartitionKey equality (literals elided), with their table. */
  unkeyed: string[];
  /**
   * Distinct queries that filter on properties other than the keys: the service answers them by
   * scanning the key range (the whole partition or table) server-side, which entities returned
   * do not show.
   */
  nonKeyFilters: string[];
}

export interface MeasurePlan {
  runs: number;
  writes: number;
  /** Requests due in each "k due" pass, and how many such passes. */
  k: number;
  duePasses: number;
}

export interface DeskFigures {
  operations: Record<Operation, OperationFigures>;
  /** The report's month and how many requests were created in it (the report's aim). */
  month: string;
  monthCreated: number;
  /** The open requests the queue listed. */
  openListed: number;
  /** What "my requests" held for REGULAR on its first page. */
  mineListed: number;
}

const DAY = 86_400_000;

/** The measuring clock: `end` plus the real time since start, movable (k due) and freezable (idle passes). */
function measuringClock(end: number) {
  const t0 = Date.now();
  let shift = 0;
  let frozen: number | undefined;
  return {
    now: () => frozen ?? end + shift + (Date.now() - t0),
    shift: (ms: number) => void (shift = ms),
    freeze: (at: number | undefined) => void (frozen = at),
  };
}

export async function measureDesk(desk: Desk, proxy: StorageProxy, plan: MeasurePlan): Promise<DeskFigures> {
  const clock = measuringClock(desk.end);
  const svc = await startService({ connectionString: proxy.connectionString, prefix: desk.prefix, env: SERVICE_ENV, clock: clock.now });
  try {
    return await measureWith(svc, desk, proxy, plan, clock);
  } finally {
    await svc.close();
  }
}

async function measureWith(svc: TestService, desk: Desk, proxy: StorageProxy, plan: MeasurePlan, clock: ReturnType<typeof measuringClock>): Promise<DeskFigures> {
  const employee = await svc.token({ userId: "bench-employee", name: "Bench Employee", email: "bench.employee@contoso.example" });
  const lead = await svc.token({ userId: "hist-it-lead-1", name: "IT Lead" });
  const agent = await svc.token({ userId: "hist-it-agent-1", name: "IT Agent" });
  const regular = await svc.token({ userId: REGULAR.id, name: REGULAR.name, email: REGULAR.email });
  const month = previousMonth(desk.end);
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;

  const get = async (path: string, token: string) => {
    const res = await svc.call("GET", path, { token });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text.slice(0, 300)}`);
    return res.body;
  };
  const post = async (path: string, token: string, body: unknown, expect = [200, 201]) => {
    const res = await svc.call<RequestView>("POST", path, { token, body });
    if (!expect.includes(res.status)) throw new Error(`POST ${path}: ${res.status} ${res.text.slice(0, 300)}`);
    return res.body;
  };

  const ops = {} as Record<Operation, OperationFigures>;
  /**
   * Runs `f` `runs` times (after `warmup` unmeasured ones), one at a time, each measured alone;
   * `f` answers how many items its answer held. `prepare` runs before each, unmeasured.
   */
  const measure = async (op: Operation, runs: number, f: (i: number) => Promise<number>, opts: { warmup?: number; prepare?: () => Promise<void> } = {}) => {
    for (let i = 0; i < (opts.warmup ?? 2); i++) {
      await opts.prepare?.();
      await f(-1 - i);
    }
    const rows: Array<{ ms: number; records: CallRecord[]; items: number }> = [];
    for (let i = 0; i < runs; i++) {
      await opts.prepare?.();
      await proxy.reset();
      const t0 = performance.now();
      const items = await f(i);
      const ms = performance.now() - t0;
      // Writes finish their side work (pointers, notices) just after answering: let it reach the proxy.
      await sleep(30);
      rows.push({ ms, records: await proxy.records(), items });
    }
    const med = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
    const lat = rows.map((r) => r.ms).sort((a, b) => a - b);
    const unkeyed = new Set<string>();
    const nonKey = new Set<string>();
    for (const r of rows) {
      for (const c of r.records) {
        if (c.kind !== "query" || c.purpose === "upgrade") continue;
        const shown = `${c.table.replace(desk.prefix, "")}: ${elide(c.filter ?? "") || "(no filter)"}`;
        if (!c.keyed) unkeyed.add(shown);
        if (filtersNonKey(c.filter ?? "")) nonKey.add(shown);
      }
    }
    ops[op] = {
      runs,
      calls: med(rows.map((r) => r.records.length)),
      entities: med(rows.map((r) => r.records.reduce((n, c) => n + c.entities, 0))),
      bytes: med(rows.map((r) => r.records.reduce((n, c) => n + c.bytesIn + c.bytesOut, 0))),
      requestEntities: med(rows.map((r) => r.records.filter((c) => /Requests$/.test(c.table)).reduce((n, c) => n + c.entities, 0))),
      p50Ms: percentile(lat, 50),
      p95Ms: percentile(lat, 95),
      items: med(rows.map((r) => r.items)),
      unkeyed: [...unkeyed],
      nonKeyFilters: [...nonKey],
    };
    progress(`  ${op}: ${ops[op].calls} calls, ${ops[op].entities} entities, ${(ops[op].bytes / 1024).toFixed(1)} KB, p50 ${ops[op].p50Ms.toFixed(1)} ms, p95 ${ops[op].p95Ms.toFixed(1)} ms${ops[op].unkeyed.length ? `; UNKEYED: ${ops[op].unkeyed.join(" | ")}` : ""}`);
  };

  // The service may still be catching up (day summaries, upgrades): one pass of everything first.
  await svc.app.scheduler.tick();
  const base = `/api/departments/${DEPARTMENT}`;
  let monthCreated = 0;
  await measure("dashboard", plan.runs, async () => ((await get(`${base}/stats?from=${month}-01&to=${next}-01`, employee)) as { created: number }).created);
  await measure("report", plan.runs, async () => {
    const r = (await get(`${base}/report?month=${month}`, lead)) as { stats: { created: number } };
    monthCreated = r.stats.created;
    return r.stats.created;
  });
  let openListed = 0;
  await measure("openQueue", plan.runs, async () => {
    let n = 0;
    let cursor: string | undefined;
    do {
      const page = (await get(`${base}/requests?status=open&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, agent)) as { items: unknown[]; nextCursor?: string };
      n += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    return (openListed = n);
  });
  let mineListed = 0;
  await measure("mine", plan.runs, async () => (mineListed = ((await get(`/api/me/requests?status=all`, regular)) as { items: unknown[] }).items.length));

  // Scheduler: catch up at a frozen instant, then passes at that same instant have nothing due.
  const at = clock.now();
  clock.freeze(at);
  await svc.app.scheduler.tick();
  await measure("passIdle", plan.runs, async () => (await svc.app.scheduler.tick()).fired.length, { warmup: 1 });
  // k urgent requests filed 14 days ago and never answered: every step of their ladder is due now.
  await measure("passDue", plan.duePasses, async () => new Set((await svc.app.scheduler.tick()).fired.map((f) => f.id)).size, {
    warmup: 0,
    prepare: async () => {
      clock.freeze(undefined);
      clock.shift(-14 * DAY);
      for (let i = 0; i < plan.k; i++) await post("/api/requests", employee, { department: DEPARTMENT, title: `Overdue ${i}`, priority: "urgent" });
      clock.shift(0);
      clock.freeze(clock.now());
    },
  });
  clock.freeze(undefined);

  const made: string[] = [];
  await measure("create", plan.writes, async (i) => {
    made.push((await post("/api/requests", employee, { department: DEPARTMENT, title: `Measured request ${i}`, priority: "normal" })).id);
    return 1;
  });
  let taken = 0;
  await measure("take", plan.writes, async () => (await post(`/api/requests/${made[taken++]}/actions`, agent, { action: "take" }), 1));
  let commented = 0;
  await measure("comment", plan.writes, async (i) => (await post(`/api/requests/${made[commented++]}/actions`, agent, { action: "comment", text: `Working on it (${i})` }), 1));
  return { operations: ops, month, monthCreated, openListed, mineListed };
}

/** A filter with its string literals shown as '…' (times and ids differ from call to call). */
const elide = (filter: string) => filter.replace(/'(?:[^']|'')*'/g, "'…'");

/** Whether a filter compares anything but PartitionKey and RowKey. */
export function filtersNonKey(filter: string): boolean {
  const bare = filter.replace(/'(?:[^']|'')*'/g, "''");
  for (const m of bare.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s+(eq|ne|gt|ge|lt|le)\b/g)) {
    if (m[1] !== "PartitionKey" && m[1] !== "RowKey") return true;
  }
  return false;
}

/** The last whole month before `t`, as YYYY-MM (UTC is close enough to pick the month). */
function previousMonth(t: number): string {
  const d = new Date(t);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}
