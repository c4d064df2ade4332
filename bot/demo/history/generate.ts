/**
 * Replays planned history (plan.ts) through the service's own write path: RequestService
 * create / createFromEmail / act, and the escalation scheduler's passes, each at its simulated
 * instant (sim-clock.ts). Nothing is written to storage directly, so every row, index, pointer
 * and change-log entry is exactly what the service of the day writes.
 *
 * Time moves in windows of `schedulerEveryMinutes`. Inside a window, requests are worked
 * concurrently (each request's own steps in order); creates of a department enter the service
 * in arrival order (so numbers follow filing time and a seed always gives the same ids) in
 * bursts that share one group commit. At the end of a window, when some request is due for an
 * escalation step or for auto-close (tracked from what each call returned), the scheduler runs
 * one pass at that instant, after every earlier step and before any later one.
 */
import type { App } from "../../app.ts";
import { AppError } from "../../service/app-error.ts";
import { OPEN_STATUSES, type Person, type ServiceRequest } from "../../../shared/domain.ts";
import { dueAtOf } from "../../../shared/escalation.ts";
import type { Actor } from "../../../shared/permissions.ts";
import { DAY, MINUTE } from "../../../shared/sla/zone.ts";
import { planDepartment, type PlannedRequest } from "./plan.ts";
import type { SimClock } from "./sim-clock.ts";

export interface HistoryOptions {
  /** The clock `app` was created with (createApp(config, { clock: clock.now })). */
  clock: SimClock;
  seed?: number;
  /** Tenant ids; their departments must exist (see setUpDepartments). */
  tenants: string[];
  /** Department keys to fill (default: every department of each tenant). */
  departments?: string[];
  /** Requests per department, or per key (keys left out get none). */
  requestsPerDepartment: number | Record<string, number>;
  /** How far back the history starts, in months before `end`. */
  months: number;
  /** When the history ends (epoch ms); default: what the clock reads now. The clock reads this afterwards (outside `at`). */
  end?: number;
  /** Requesters per tenant (most file a few requests, a few file many). Default 2,000. */
  people?: number;
  /** People who file exactly `requests` of a department's requests (default: the first tenant and first department filled). */
  regulars?: Array<{ person: Person; requests: number; tenantId?: string; department?: string }>;
  /** Calls in flight at once (creates are grouped on top of this). Default 24. */
  concurrency?: number;
  /** Scheduler passes happen on this grid of simulated time, when something is due. Default 15. */
  schedulerEveryMinutes?: number;
  /** How often onProgress is told (real time). Default 3,000 ms. */
  progressEveryMs?: number;
  /** Per department key: how slow it is at an instant (response and resolution times multiplied; default 1). */
  pace?: Record<string, (at: number) => number>;
  /** Per department key: how busy it is at an instant, relative to its usual week (default 1). */
  season?: Record<string, (at: number) => number>;
}

export interface HistoryProgress {
  requests: number;
  totalRequests: number;
  actions: number;
  totalActions: number;
  schedulerPasses: number;
  /** Real time spent in scheduler passes so far (the rest is filing and working requests). */
  schedulerMs: number;
  /** Where simulated time is. */
  simulatedAt: string;
  elapsedMs: number;
  /** Requests filed per second of real time, so far. */
  requestsPerSecond: number;
  /** Storage-writing calls (creates, actions, escalations, closes) per second, so far. */
  writesPerSecond: number;
  done: boolean;
}

export interface HistoryResult {
  from: string;
  to: string;
  requests: number;
  actions: number;
  /** Planned actions the service refused (a plan that met a state it did not expect), with a few examples. */
  refused: number;
  refusedExamples: string[];
  schedulerPasses: number;
  schedulerMs: number;
  escalations: number;
  autoClosed: number;
  /** Open requests at the end. */
  open: number;
  /** Creates whose number is not the one their arrival order predicts (0 unless departments were filed into meanwhile). */
  outOfOrder: number;
  /** Per tenant and department: the ids given, first and last. */
  departments: Array<{ tenantId: string; department: string; requests: number; first?: string; last?: string }>;
  elapsedMs: number;
}

const MAIL_DOMAINS = ["contoso.example", "fabrikam.example"];

/** Fills the tenants' departments with `months` of past work, through `app`'s services. */
export async function generateHistory(app: App, opts: HistoryOptions, onProgress?: (p: HistoryProgress) => void): Promise<HistoryResult> {
  const clock = opts.clock;
  if (app.clock !== clock.now) throw new Error("generateHistory: create the app with the same simulated clock (createApp(config, { clock: clock.now })).");
  const began = performance.now();
  const end = opts.end ?? clock.now();
  const start = monthsBefore(end, opts.months);
  const closeAfterMs = app.config.scheduler.closeAfterDays * DAY;
  const concurrency = Math.max(1, opts.concurrency ?? 24);
  const grid = Math.max(1, opts.schedulerEveryMinutes ?? 15) * MINUTE;

  // The plan: pure data, every department of every tenant, oldest first.
  const plans: PlannedRequest[] = [];
  for (const [ti, tenantId] of opts.tenants.entries()) {
    const keys = opts.departments ?? (await app.services.departments.list(tenantId)).map((d) => d.key);
    let regularsPlaced = false;
    for (const key of keys) {
      const count = typeof opts.requestsPerDepartment === "number" ? opts.requestsPerDepartment : (opts.requestsPerDepartment[key] ?? 0);
      if (count <= 0) continue;
      const dept = await app.services.departments.find(tenantId, key);
      if (!dept) throw new Error(`generateHistory: tenant ${tenantId} has no department ${key}; create it first (setUpDepartments).`);
      const regulars = (opts.regulars ?? []).filter(
        (g) => (g.tenantId ?? opts.tenants[0]) === tenantId && (g.department ? g.department === key : !regularsPlaced),
      );
      regularsPlaced = true;
      plans.push(
        ...planDepartment({
          seed: opts.seed ?? 1,
          tenantId,
          dept,
          requests: count,
          from: start,
          to: end,
          people: opts.people ?? 2_000,
          mailDomain: MAIL_DOMAINS[ti] ?? `tenant${ti + 1}.example`,
          regulars,
          closeAfterMs,
          ...(opts.pace?.[dept.key] ? { pace: opts.pace[dept.key] } : {}),
          ...(opts.season?.[dept.key] ? { season: opts.season[dept.key] } : {}),
        }),
      );
    }
  }

  // Every call in time order: -1 is the create, then the planned steps; steps after `end` never happen.
  type Ev = { at: number; plan: number; step: number };
  const events: Ev[] = [];
  plans.forEach((p, plan) => {
    events.push({ at: p.createdAt, plan, step: -1 });
    p.steps.forEach((s, step) => s.at < end && events.push({ at: s.at, plan, step }));
  });
  events.sort((a, b) => a.at - b.at || a.plan - b.plan || a.step - b.step);

  const ids: string[] = new Array(plans.length);
  const tracks = new Map<string, Track>();
  const dues = new DueHeap();
  const counters = { requests: 0, actions: 0, refused: 0, passes: 0, passMs: 0, escalations: 0, closed: 0, outOfOrder: 0 };
  const refusedExamples: string[] = [];
  const firstNumber = new Map<string, number>();
  let simulatedAt = start;
  let lastProgress = performance.now();
  const totalActions = events.length - plans.length;

  const progress = (done = false) => {
    const now = performance.now();
    if (!onProgress || (!done && now - lastProgress < (opts.progressEveryMs ?? 3_000))) return;
    lastProgress = now;
    const s = (now - began) / 1000;
    onProgress({
      requests: counters.requests,
      totalRequests: plans.length,
      actions: counters.actions,
      totalActions,
      schedulerPasses: counters.passes,
      schedulerMs: counters.passMs,
      simulatedAt: new Date(simulatedAt).toISOString(),
      elapsedMs: now - began,
      requestsPerSecond: counters.requests / s,
      writesPerSecond: (counters.requests + counters.actions + counters.escalations + counters.closed) / s,
      done,
    });
  };

  // Every committed write (ours and the scheduler's) says when the scheduler next has work on that request.
  const statuses = new Map<string, ServiceRequest["status"]>();
  const unsubscribe = app.bus.subscribe((c) => {
    const key = `${c.tenantId}|${c.request.id}`;
    statuses.set(key, c.request.status);
    const at = dueAt(c.request, closeAfterMs);
    const gen = (tracks.get(key)?.gen ?? 0) + 1;
    if (at === undefined) tracks.delete(key);
    else {
      tracks.set(key, { gen, misses: 0 });
      dues.push(at, key, gen);
    }
  });

  const actorOf = (tenantId: string, person: Person): Actor => ({ tenantId, person, isAdmin: false });

  const file = async (k: number): Promise<void> => {
    const p = plans[k]!;
    const actor = actorOf(p.tenantId, p.requester);
    const body = { department: p.department, title: p.title, description: p.description, category: p.category, priority: p.priority };
    const svc = app.services.requests;
    const { request } = await clock.at(p.createdAt, () =>
      p.via === "email"
        ? svc.createFromEmail(actor, {
            internetMessageId: p.ref,
            subject: p.title,
            body: p.description,
            from: { name: p.requester.name, email: p.requester.email },
            receivedAt: new Date(p.createdAt - 60_000).toISOString(),
            department: p.department,
            category: p.category,
            priority: p.priority,
          })
        : svc.create(actor, body, { source: { kind: p.source, ...(p.ref ? { ref: p.ref } : {}) }, oncePerSource: p.via === "message" }),
    );
    ids[k] = request.id;
    const key = `${p.tenantId}|${p.department}`;
    if (!firstNumber.has(key)) firstNumber.set(key, request.number - p.index);
    if (request.number !== firstNumber.get(key)! + p.index) counters.outOfOrder++;
    counters.requests++;
  };

  const act = async (e: Ev): Promise<void> => {
    const p = plans[e.plan]!;
    const s = p.steps[e.step]!;
    try {
      await clock.at(s.at, () => app.services.requests.act(actorOf(p.tenantId, s.actor), ids[e.plan]!, s.action));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      counters.refused++;
      if (refusedExamples.length < 5) refusedExamples.push(`${ids[e.plan]} ${s.action.action} at ${new Date(s.at).toISOString()}: ${err.message}`);
    }
    counters.actions++;
  };

  // Creates of one department, in arrival order: bursts of plain creates share a group commit;
  // a Teams message or an email (a claim first) is filed alone so it cannot overtake.
  const cacheMs = app.config.departmentCacheMs;
  const fileInOrder = async (list: number[], filed: Map<number, Deferred>) => {
    for (let i = 0; i < list.length; ) {
      const p = plans[list[i]!]!;
      // A fresh department in the cache, so every create of the burst reaches the queue in the order called.
      await app.services.departments.require(p.tenantId, p.department, undefined, { recent: true });
      const burst: number[] = [];
      do burst.push(list[i++]!);
      while (cacheMs > 0 && plans[burst[0]!]!.via === "create" && i < list.length && plans[list[i]!]!.via === "create" && burst.length < 33);
      await Promise.all(burst.map((k) => file(k).then(filed.get(k)!.resolve)));
    }
  };

  const runWindow = async (evs: Ev[]) => {
    const byPlan = new Map<number, Ev[]>();
    const creates = new Map<string, number[]>();
    const filed = new Map<number, Deferred>();
    for (const e of evs) {
      let list = byPlan.get(e.plan);
      if (!list) byPlan.set(e.plan, (list = []));
      list.push(e);
      if (e.step === -1) {
        const key = `${plans[e.plan]!.tenantId}|${plans[e.plan]!.department}`;
        let dept = creates.get(key);
        if (!dept) creates.set(key, (dept = []));
        dept.push(e.plan);
        filed.set(e.plan, deferred());
      }
    }
    const filing = [...creates.values()].map((list) => fileInOrder(list, filed));
    const chains = [...byPlan.values()].map((list) => async () => {
      for (const e of list) {
        if (e.step === -1) await filed.get(e.plan)!.promise;
        else await act(e);
        progress();
      }
    });
    await Promise.all([...filing, pool(chains, concurrency)]);
  };

  const pass = async (at: number) => {
    const t0 = performance.now();
    const result = await clock.at(at, () => app.scheduler.tick());
    counters.passMs += performance.now() - t0;
    counters.passes++;
    counters.escalations += result.fired.length;
    counters.closed += result.closed.length;
    // Those due that the pass left alone (a quiet period ending exactly now): look again next pass, then give up until they change.
    for (const due of dues.popUntil(at)) {
      const t = tracks.get(due.key);
      if (!t || t.gen !== due.gen) continue;
      if (++t.misses <= 2) dues.push(at + grid, due.key, t.gen);
    }
  };

  /** The earliest instant the scheduler has work, skipping entries a later change replaced. */
  const nextDue = () => {
    dues.dropWhile((e) => tracks.get(e.key)?.gen !== e.gen);
    return dues.min();
  };

  clock.set(start);
  let i = 0;
  while (true) {
    const nextEvent = i < events.length ? events[i]!.at : Infinity;
    const first = Math.min(nextEvent, nextDue());
    if (!(first < end)) break;
    const windowEnd = Math.min(end, start + (Math.floor((first - start) / grid) + 1) * grid);
    let j = i;
    while (j < events.length && events[j]!.at < windowEnd) j++;
    // What the service's own timers (change follower, outbox) read meanwhile: the window's start.
    clock.set(Math.max(simulatedAt, first));
    if (j > i) await runWindow(events.slice(i, j));
    i = j;
    simulatedAt = windowEnd;
    if (nextDue() <= windowEnd) await pass(windowEnd);
    progress();
  }
  // One last pass at the end, as a running service would have made.
  clock.set(end);
  await pass(end);
  simulatedAt = end;
  progress(true);
  unsubscribe();

  const perDept = new Map<string, { tenantId: string; department: string; requests: number; first?: string; last?: string }>();
  plans.forEach((p, k) => {
    const key = `${p.tenantId}|${p.department}`;
    const d = perDept.get(key) ?? { tenantId: p.tenantId, department: p.department, requests: 0 };
    d.requests++;
    d.first ??= ids[k];
    d.last = ids[k];
    perDept.set(key, d);
  });
  return {
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    requests: counters.requests,
    actions: counters.actions,
    refused: counters.refused,
    refusedExamples,
    schedulerPasses: counters.passes,
    schedulerMs: counters.passMs,
    escalations: counters.escalations,
    autoClosed: counters.closed,
    open: [...statuses.values()].filter((s) => OPEN_STATUSES.includes(s)).length,
    outOfOrder: counters.outOfOrder,
    departments: [...perDept.values()],
    elapsedMs: performance.now() - began,
  };
}

/** What the generator keeps of a request the scheduler will have work on. */
interface Track {
  gen: number;
  misses: number;
}

/** When the scheduler has work on the request (the service's own rule, `dueAtOf`). */
function dueAt(r: ServiceRequest, closeAfterMs: number): number | undefined {
  const next = dueAtOf(r, closeAfterMs);
  return next === undefined ? undefined : Date.parse(next);
}

/** A min-heap of (time, tenant|request id, generation); stale generations are skipped by readers. */
class DueHeap {
  private items: Array<{ at: number; key: string; gen: number }> = [];

  push(at: number, key: string, gen: number) {
    const a = this.items;
    a.push({ at, key, gen });
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p]!.at <= a[i]!.at) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }

  min(): number {
    return this.items[0]?.at ?? Infinity;
  }

  /** Removes entries from the top while `stale` says so. */
  dropWhile(stale: (e: { at: number; key: string; gen: number }) => boolean) {
    while (this.items.length && stale(this.items[0]!)) this.pop();
  }

  /** Removes and returns every entry at or before `t`. */
  popUntil(t: number) {
    const out: Array<{ at: number; key: string; gen: number }> = [];
    while (this.items.length && this.items[0]!.at <= t) out.push(this.pop());
    return out;
  }

  private pop() {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.at < a[m]!.at) m = l;
        if (r < a.length && a[r]!.at < a[m]!.at) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Runs the tasks with at most `n` at once, starting them in order. */
async function pool(tasks: Array<() => Promise<void>>, n: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, worker));
}

/** The same instant `months` calendar months earlier (UTC). */
function monthsBefore(t: number, months: number): number {
  const d = new Date(t);
  const whole = Math.floor(months);
  d.setUTCMonth(d.getUTCMonth() - whole);
  return d.getTime() - Math.round((months - whole) * 30.44 * DAY);
}
