/**
 * Day summaries: what each request adds to the figures of the local days it touched, so a
 * dashboard reads one row per day instead of every request ever filed (DESIGN.md "Storage").
 * Pure: no I/O. The definitions are shared/stats.ts's (`factsOf`), so figures summed from days
 * equal the figures computed from the requests themselves.
 *
 * A day body is a tree of counts and lists, summed field by field:
 *   created, breached (of those created, the ones with a breached or missed clock as of their
 *     last write: the scheduler writes an open request down when a clock breaches),
 *   cancelled,
 *   fr / res: { n: measured, met, ms: [business ms each measured clock ran] },
 *   csat: { "1".."5": ratings given that day },
 *   pri: { <priority>: { created, frN, frMet, resN, resMet } },
 *   cat: { <category, "" for none>: { created, resolved, fr } }.
 * Sums are generic (numbers add, lists are multisets, objects recurse), so fields added later
 * (CES, kudos) need no change here and are kept by instances that do not know them.
 *
 * One more row, keyed OPEN_KEY instead of a date, holds what is open now:
 *   n, status: { <status>: n }, priority: { <priority>: n }, late (open with a clock breached);
 * its names differ from the day rows' wherever the shapes differ, so all rows still sum.
 * A request enters and leaves it only by being written, except for a running clock crossing
 * its target; every such instant is stored with the request (`lateAt`, shared/escalation.ts)
 * and indexed, so the open row plus the requests whose `lateAt` has come give the live backlog
 * exactly (`statsFromSummaries`), and the scheduler writes those down within a pass.
 */
import { OPEN_STATUSES, PRIORITIES, type ServiceRequest } from "./domain.ts";
import {
  categoryOrder,
  departmentStats,
  factsOf,
  localDateOf,
  median,
  OTHER,
  percentile,
  type CategoryStats,
  type DepartmentStats,
  type PriorityGroup,
  type PriorityStats,
  type Score,
  type TrendWeek,
} from "./stats/index.ts";

/** The layout of day bodies; a reader meeting a newer one still sums what it knows. */
export const SUMMARY_VERSION = 2;

/** The contribution key (and summary row) of what is open now. */
export const OPEN_KEY = "open";

export interface Tree {
  [key: string]: number | number[] | Tree;
}

/** What one request adds, per local day ("YYYY-MM-DD"). */
export type Contribution = Record<string, Tree>;

const BREACHING = new Set(["breached", "missed"]);

/**
 * What a request in its current state adds to the day rows, by the local dates of its own
 * calendar's zone (fixed when it was filed, so editing the department never moves what was
 * counted). Independent of the time it is worked out: clocks are read as of the request's last write.
 */
export function contributionOf(req: ServiceRequest): Contribution {
  // Clocks are read as of the last write: a stored fact, whenever this is worked out.
  const f = factsOf(req, Date.parse(req.updatedAt) || 0);
  const zone = req.sla.calendar.timeZone;
  const out: Contribution = {};
  const day = (ms: number) => (out[localDateOf(ms, zone)] ??= {});
  const open = OPEN_STATUSES.includes(req.status);
  const p = req.priority;
  const c = req.category || "";
  if (f.createdAt !== undefined) {
    const t = day(f.createdAt);
    add(t, { created: 1, pri: { [p]: { created: 1 } }, cat: { [c]: { created: 1 } } });
    if (f.breached) add(t, { breached: 1 });
  }
  if (open) {
    add((out[OPEN_KEY] = {}), { n: 1, status: { [req.status]: 1 }, priority: { [p]: 1 }, ...(f.breachedNow ? { late: 1 } : {}) });
  }
  if (f.frMeasuredAt !== undefined) {
    const met = f.fr.state === "met" ? 1 : 0;
    add(day(f.frMeasuredAt), { fr: { n: 1, met, ms: [f.frMs] }, pri: { [p]: { frN: 1, frMet: met } }, cat: { [c]: { fr: 1 } } });
  }
  if (f.resolvedAt !== undefined) {
    const met = f.res.state === "met" ? 1 : 0;
    add(day(f.resolvedAt), { res: { n: 1, met, ms: [f.resMs] }, pri: { [p]: { resN: 1, resMet: met } }, cat: { [c]: { resolved: 1 } } });
  }
  if (f.cancelledAt !== undefined) add(day(f.cancelledAt), { cancelled: 1 });
  const r = req.rating;
  const ratedAt = r ? Date.parse(r.at) : NaN;
  if (r && !Number.isNaN(ratedAt) && Number.isInteger(r.score) && r.score >= 1 && r.score <= 5) {
    add(day(ratedAt), { csat: { [String(r.score)]: 1 } });
  }
  return out;
}

const isTree = (v: unknown): v is Tree => typeof v === "object" && v !== null && !Array.isArray(v);

/** Adds `src` into `target` (sign -1 takes it out again). Zeros and empty parts are dropped. */
export function add(target: Tree, src: Tree, sign: 1 | -1 = 1): Tree {
  for (const [k, v] of Object.entries(src)) {
    const cur = target[k];
    if (typeof v === "number") {
      const n = (typeof cur === "number" ? cur : 0) + sign * v;
      if (n === 0) delete target[k];
      else target[k] = n;
    } else if (Array.isArray(v)) {
      const list = Array.isArray(cur) ? [...cur] : [];
      if (sign > 0) list.push(...v);
      else
        for (const x of v) {
          const i = list.indexOf(x);
          if (i >= 0) list.splice(i, 1);
        }
      if (list.length) target[k] = list;
      else delete target[k];
    } else if (isTree(v)) {
      const sub = isTree(cur) ? cur : {};
      add(sub, v, sign);
      if (Object.keys(sub).length) target[k] = sub;
      else delete target[k];
    }
  }
  return target;
}

/** A stable text of a tree (keys sorted, lists sorted), to tell whether two are the same. */
export function canonical(t: Tree | undefined): string {
  const norm = (v: unknown): unknown =>
    Array.isArray(v) ? [...v].sort((a, b) => a - b) : isTree(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, norm(v[k])])) : v;
  return JSON.stringify(norm(t ?? {}));
}

/** One day row to change: take out what was counted there, put in what counts now. */
export interface DayDelta {
  day: string;
  remove?: Tree;
  add?: Tree;
}

/** The day rows that change when a request's counted contribution becomes `next`. */
export function deltaOf(applied: Contribution | undefined, next: Contribution): DayDelta[] {
  const days = [...new Set([...Object.keys(applied ?? {}), ...Object.keys(next)])].sort();
  const out: DayDelta[] = [];
  for (const day of days) {
    const was = applied?.[day];
    const now = next[day];
    if (canonical(was) === canonical(now)) continue;
    out.push({ day, ...(was ? { remove: was } : {}), ...(now ? { add: now } : {}) });
  }
  return out;
}

/** A day body with deltas applied (a new object; `body` is left alone). */
export function applyDeltas(body: Tree | undefined, deltas: DayDelta[]): Tree {
  const out = structuredClone(body ?? {});
  for (const d of deltas) {
    if (d.remove) add(out, d.remove, -1);
    if (d.add) add(out, d.add, 1);
  }
  return out;
}

/** The sum of day bodies. */
export function sumDays(bodies: Iterable<Tree>): Tree {
  const out: Tree = {};
  for (const b of bodies) add(out, structuredClone(b));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Figures from day rows

const num = (t: Tree | undefined, ...path: string[]): number => {
  let v: unknown = t;
  for (const k of path) v = isTree(v) ? v[k] : undefined;
  return typeof v === "number" ? v : 0;
};
const list = (t: Tree | undefined, ...path: string[]): number[] => {
  let v: unknown = t;
  for (const k of path) v = isTree(v) ? v[k] : undefined;
  return Array.isArray(v) ? v : [];
};
const sub = (t: Tree | undefined, key: string): Record<string, Tree> => {
  const v = t?.[key];
  return isTree(v) ? (v as Record<string, Tree>) : {};
};
const round1 = (x: number) => Math.round(x * 10) / 10;
const percent = (met: number, n: number) => (n ? round1((met / n) * 100) : null);

function attainmentOf(t: Tree | undefined) {
  const n = num(t, "n");
  const met = num(t, "met");
  const minutes = list(t, "ms").map((ms) => ms / 60000);
  const med = median(minutes);
  const p90 = percentile(minutes, 90);
  return {
    measured: n,
    met,
    missed: n - met,
    attainmentPercent: percent(met, n),
    medianMinutes: med === null ? null : round1(med),
    p90Minutes: p90 === null ? null : round1(p90),
  };
}

/** What is open now: the OPEN_KEY row, and the open requests a clock of which breached since their last write. */
export interface LiveBacklog {
  open: Tree;
  /** Open requests a clock of which breached since they were last written (their `lateAt` has come). */
  lateSinceWritten: ServiceRequest[];
}

/**
 * A department's figures for [from, to) from the sum of that period's day rows (`period`) and
 * what is open now (`live`): the backlog, and the breaches of requests whose clocks still run.
 * Same shape and definitions as `departmentStats`; with `minGroupSize`, a category or
 * priority's size is the largest of its created, resolved and first-response counts, which is
 * never more than the distinct requests behind them, so folding is at least as strict.
 */
export function statsFromSummaries(
  period: Tree,
  live: LiveBacklog,
  opts: { from: number; to: number; now: number; minGroupSize?: number },
): DepartmentStats {
  const minGroup = opts.minGroupSize ?? 0;
  const backlogByStatus = { new: num(live.open, "status", "new"), in_progress: num(live.open, "status", "in_progress"), waiting: num(live.open, "status", "waiting") };
  const backlogByPriority: Partial<Record<PriorityGroup, number>> = {};
  for (const p of PRIORITIES) {
    const n = num(live.open, "priority", p);
    if (n === 0) {
      if (minGroup === 0) backlogByPriority[p] = 0;
      continue;
    }
    const key = n < minGroup ? OTHER : p;
    backlogByPriority[key] = (backlogByPriority[key] ?? 0) + n;
  }
  // Breaches that came after a request's last write: counted as they will be once it is written down.
  let breachedNow = num(live.open, "late");
  let lateSinceWritten = 0;
  for (const r of live.lateSinceWritten) {
    if (!OPEN_STATUSES.includes(r.status)) continue;
    const was = factsOf(r, Date.parse(r.updatedAt) || 0);
    const is = factsOf(r, opts.now);
    if (is.breachedNow && !was.breachedNow) breachedNow++;
    if (is.breached && !was.breached && is.createdAt !== undefined && is.createdAt >= opts.from && is.createdAt < opts.to) lateSinceWritten++;
  }

  const distribution: Record<Score, number> = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  let responses = 0;
  let total = 0;
  for (const s of ["1", "2", "3", "4", "5"] as Score[]) {
    const n = num(period, "csat", s);
    distribution[s] = n;
    responses += n;
    total += n * Number(s);
  }
  const satisfied = distribution["4"] + distribution["5"];

  const folded = <K extends string>(key: K, size: number): K | typeof OTHER => (size < minGroup ? OTHER : key);

  const categories = new Map<string | null, CategoryStats>();
  for (const [key, c] of Object.entries(sub(period, "cat"))) {
    const created = num(c, "created");
    const resolved = num(c, "resolved");
    if (!created && !resolved) continue;
    const group = folded(key, Math.max(created, resolved, num(c, "fr")));
    const k = group === "" ? null : group;
    const entry = categories.get(k) ?? { category: k, created: 0, resolved: 0 };
    entry.created += created;
    entry.resolved += resolved;
    categories.set(k, entry);
  }

  const pri = sub(period, "pri");
  const groups = new Map<PriorityGroup, { created: number; frN: number; frMet: number; resN: number; resMet: number }>();
  for (const p of PRIORITIES) {
    const t = pri[p];
    const v = { created: num(t, "created"), frN: num(t, "frN"), frMet: num(t, "frMet"), resN: num(t, "resN"), resMet: num(t, "resMet") };
    const size = Math.max(v.created, v.frN, v.resN);
    if (minGroup > 0 && size === 0) continue;
    const g = folded(p, size);
    const acc = groups.get(g) ?? { created: 0, frN: 0, frMet: 0, resN: 0, resMet: 0 };
    for (const k of Object.keys(acc) as Array<keyof typeof acc>) acc[k] += v[k];
    groups.set(g, acc);
  }
  const order: PriorityGroup[] = [...PRIORITIES, OTHER];
  const byPriority: PriorityStats[] = [...groups.entries()]
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([priority, g]) => ({
      priority,
      created: g.created,
      firstResponseAttainment: percent(g.frMet, g.frN),
      resolutionAttainment: percent(g.resMet, g.resN),
    }));

  return {
    from: new Date(opts.from).toISOString(),
    to: new Date(opts.to).toISOString(),
    created: num(period, "created"),
    resolved: num(period, "res", "n"),
    cancelled: num(period, "cancelled"),
    open: num(live.open, "n"),
    backlogByStatus,
    backlogByPriority,
    firstResponse: attainmentOf(sub(period, "fr") as unknown as Tree),
    resolution: attainmentOf(sub(period, "res") as unknown as Tree),
    breachedNow,
    breaches: num(period, "breached") + lateSinceWritten,
    csat: {
      responses,
      average: responses ? round1(total / responses) : null,
      distribution,
      satisfiedPercent: responses ? round1((satisfied / responses) * 100) : null,
    },
    byCategory: [...categories.values()].sort(categoryOrder),
    byPriority,
    ...(minGroup > 0 ? { minGroupSize: minGroup } : {}),
  };
}

/** A local date moved by whole days (calendar arithmetic, no zone). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/** The local dates [first, last] that a whole-day period [from, to) covers in a zone. */
export function periodDates(from: number, to: number, timeZone: string): { first: string; last: string } {
  return { first: localDateOf(from, timeZone), last: localDateOf(to - 1, timeZone) };
}

/** The dates of the last `weeks` weeks ending with the one holding `now` (weeks start on Monday). */
export function trendDates(now: number, weeks: number, timeZone: string): { first: string; last: string } {
  const today = localDateOf(now, timeZone);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const monday = addDays(today, -weekday);
  const n = Math.max(1, Math.floor(weeks));
  return { first: addDays(monday, -7 * (n - 1)), last: addDays(monday, 6) };
}

/** The weekly trend (`weeklyTrend`'s shape) from day rows keyed by local date. */
export function trendFromSummaries(days: Map<string, Tree>, opts: { weeks: number; now: number; timeZone: string }): TrendWeek[] {
  const weeks = Math.max(0, Math.floor(opts.weeks));
  if (weeks === 0) return [];
  const { first } = trendDates(opts.now, weeks, opts.timeZone);
  const out: TrendWeek[] = [];
  for (let i = 0; i < weeks; i++) {
    const start = addDays(first, 7 * i);
    const week = sumDays(Array.from({ length: 7 }, (_, d) => days.get(addDays(start, d))).filter((b): b is Tree => !!b));
    out.push({
      weekStart: start,
      created: num(week, "created"),
      resolved: num(week, "res", "n"),
      firstResponseAttainment: percent(num(week, "fr", "met"), num(week, "fr", "n")),
      resolutionAttainment: percent(num(week, "res", "met"), num(week, "res", "n")),
    });
  }
  return out;
}
