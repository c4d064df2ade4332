/**
 * Day summaries: what each request adds to the figures of the local days it touched, so a
 * dashboard reads one row per day instead of every request ever filed (DESIGN.md "Storage").
 * Pure: no I/O. The definitions are shared/stats's (`factsOf`, DEFINITIONS in its index), so
 * figures summed from days equal the figures computed from the requests themselves.
 *
 * A day body is a tree of counts and lists, summed field by field:
 *   created, in (entered the backlog: filed), out (left it: resolved, closed, cancelled),
 *   breached (of those created, the ones with a breached or missed clock as of their last write:
 *     the scheduler writes an open request down when a clock breaches), resolved, cancelled,
 *   fr / res: { n: clocks stopped that day, met, ms: [business ms each ran], b: clocks that
 *     passed their target that day, bs: such clocks that stopped that day; res.rn: the numbers
 *     of the requests resolved that day (the monthly report reads them) },
 *   csat: { "1".."5" }, ces: { "1".."7" }, kudos,
 *   ho / hi: hand-offs out (transferred to another department that day) and in (filed here by a transfer),
 *   pri: { <priority>: { created, in, out, frN, frMet, resN, resMet, frB, frBs, resB, resBs } },
 *   cat: { <category, "" for none>: { created, resolved, fr } }.
 * Sums are generic (numbers add, lists are multisets, objects recurse), so fields added later
 * need no change here and are kept by instances that do not know them.
 *
 * One more row, keyed OPEN_KEY instead of a date, holds what is open now:
 *   n, status: { <status>: n }, priority: { <priority>: n }, late (open with a clock breached),
 *   od: { fr, res } (clocks open past their target), pod: { <priority>: { fr, res } };
 * its names differ from the day rows' wherever the shapes differ, so all rows still sum.
 * The backlog and the clocks open past their target at a past instant are those of now, less
 * what the day rows since then added (in, b) plus what they took away (out, bs).
 * A request enters and leaves the open row only by being written, except for a running clock
 * crossing its target; every such instant is stored with the request (`lateAt`,
 * shared/escalation.ts) and indexed, so the open row plus the requests whose `lateAt` has come
 * give the live backlog exactly (`statsFromSummaries`), and the scheduler writes those down
 * within a pass.
 */
import { OPEN_STATUSES, PRIORITIES, type ServiceRequest } from "./domain.ts";
import {
  categoryOrder,
  cesOf,
  csatOf,
  departmentStats,
  factsOf,
  localDateOf,
  localDayStart,
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

/**
 * The layout of day bodies; a reader meeting a newer one still sums what it knows. Also what
 * the change-log follower backfills for: 5 added the search index (every request indexed on start).
 */
export const SUMMARY_VERSION = 5;

/** The contribution key (and summary row) of what is open now. */
export const OPEN_KEY = "open";

export interface Tree {
  [key: string]: number | number[] | Tree;
}

/** What one request adds, per local day ("YYYY-MM-DD"). */
export type Contribution = Record<string, Tree>;

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
    add(t, { created: 1, in: 1, pri: { [p]: { created: 1, in: 1 } }, cat: { [c]: { created: 1 } } });
    if (f.breached) add(t, { breached: 1 });
    // Transfer: received from another department.
    if (f.handedIn) add(t, { hi: 1 });
  }
  // Transfer: handed to another department (its resolution clock neither met nor missed).
  if (f.handedOffAt !== undefined) add(day(f.handedOffAt), { ho: 1 });
  if (f.leftAt !== undefined && f.createdAt !== undefined) add(day(f.leftAt), { out: 1, pri: { [p]: { out: 1 } } });
  const overdue = { fr: f.frOverdue.breachAt !== undefined && f.frOverdue.stopAt === undefined, res: f.resOverdue.breachAt !== undefined && f.resOverdue.stopAt === undefined };
  if (open) {
    const row = add((out[OPEN_KEY] = {}), { n: 1, status: { [req.status]: 1 }, priority: { [p]: 1 }, ...(f.breachedNow ? { late: 1 } : {}) });
    // Open past a target (running or paused): counted as missed in the figures of now.
    for (const clock of ["fr", "res"] as const) if (overdue[clock]) add(row, { od: { [clock]: 1 }, pod: { [p]: { [clock]: 1 } } });
  }
  // Stopped clocks: met or missed at the stop, and how long they ran.
  if (f.frMeasuredAt !== undefined) {
    const met = f.fr.state === "met" ? 1 : 0;
    add(day(f.frMeasuredAt), { fr: { n: 1, met, ms: [f.frMs] }, pri: { [p]: { frN: 1, frMet: met } }, cat: { [c]: { fr: 1 } } });
  }
  if (f.resolvedAt !== undefined) {
    const met = f.res.state === "met" ? 1 : 0;
    add(day(f.resolvedAt), { resolved: 1, res: { n: 1, met, ms: [f.resMs], rn: [req.number] }, pri: { [p]: { resN: 1, resMet: met } }, cat: { [c]: { resolved: 1 } } });
  }
  // Overdue: `b` on the day a clock passed its target, `bs` on the day such a clock stopped; with
  // the open row they give how many were open past a target at the end of any past day.
  for (const [clock, o] of [["fr", f.frOverdue], ["res", f.resOverdue]] as const) {
    if (o.breachAt === undefined) continue;
    add(day(o.breachAt), { [clock]: { b: 1 }, pri: { [p]: { [`${clock}B`]: 1 } } });
    if (o.stopAt !== undefined) add(day(o.stopAt), { [clock]: { bs: 1 }, pri: { [p]: { [`${clock}Bs`]: 1 } } });
  }
  if (f.cancelledAt !== undefined) add(day(f.cancelledAt), { cancelled: 1 });
  const r = req.rating;
  const ratedAt = r ? Date.parse(r.at) : NaN;
  if (r && !Number.isNaN(ratedAt) && Number.isInteger(r.score) && r.score >= 1 && r.score <= 5) {
    const t = add(day(ratedAt), { csat: { [String(r.score)]: 1 } });
    if (Number.isInteger(r.effort) && r.effort! >= 1 && r.effort! <= 7) add(t, { ces: { [String(r.effort)]: 1 } });
  }
  for (const k of req.kudos ?? []) {
    const at = Date.parse(k.at);
    if (!Number.isNaN(at)) add(day(at), { kudos: 1 });
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
      // A list in `target` is its own (made here, never one of a source's): it grows in place.
      // Copying it on every add made summing a period's days quadratic in the period's length.
      const list = Array.isArray(cur) ? cur : [];
      if (sign > 0) for (const x of v) list.push(x);
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

/** A tree without its lists (times, request numbers): what a month row keeps of its days. */
export function countsOnly(t: Tree): Tree {
  const out: Tree = {};
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === "number") out[k] = v;
    else if (isTree(v)) {
      const sub = countsOnly(v);
      if (Object.keys(sub).length) out[k] = sub;
    }
  }
  return out;
}

/**
 * The month rows that change when a request's contribution becomes `next`: its day deltas
 * summed by local month ("YYYY-MM"), counts only. `applied` undefined: the months never
 * counted it (a store from before month rows), so all of `next` goes in.
 */
export function monthDeltaOf(applied: Contribution | undefined, next: Contribution): DayDelta[] {
  const byMonth = new Map<string, { remove: Tree; add: Tree }>();
  const monthOf = (day: string) => {
    const m = day.slice(0, 7);
    let e = byMonth.get(m);
    if (!e) byMonth.set(m, (e = { remove: {}, add: {} }));
    return e;
  };
  for (const d of deltaOf(applied, next)) {
    if (d.day === OPEN_KEY) continue;
    const e = monthOf(d.day);
    if (d.remove) add(e.remove, countsOnly(d.remove));
    if (d.add) add(e.add, countsOnly(d.add));
  }
  const out: DayDelta[] = [];
  for (const [day, e] of [...byMonth].sort((a, b) => a[0].localeCompare(b[0]))) {
    // What a request moves between two days of one month cancels out in the month.
    const net = add(structuredClone(e.add), e.remove, -1);
    if (Object.keys(net).length) out.push({ day, add: net });
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
  // `add` copies what it takes (new lists and objects in `out`), so the bodies need no clone.
  for (const b of bodies) add(out, b);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Figures from day rows

const num = (t: Tree | undefined, ...path: string[]): number => {
  let v: unknown = t;
  for (const k of path) v = isTree(v) ? v[k] : undefined;
  return typeof v === "number" ? v : 0;
};
/** The list at a path of a tree (empty when absent). */
export const listAt = (t: Tree | undefined, ...path: string[]): number[] => {
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

function attainmentOf(t: Tree | undefined, overdue: number) {
  const n = num(t, "n") + overdue;
  const met = num(t, "met");
  const minutes = listAt(t, "ms").map((ms) => ms / 60000);
  const med = median(minutes);
  const p90 = percentile(minutes, 90);
  return {
    measured: n,
    met,
    missed: n - met,
    openOverdue: overdue,
    attainmentPercent: percent(met, n),
    closed: num(t, "n"),
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
 * The open requests late since their last write: what they will add once written down (their
 * clocks read at `now`): a breach now, a broken promise, clocks newly past their target.
 */
function lateNow(live: LiveBacklog, now: number) {
  return live.lateSinceWritten
    .filter((r) => OPEN_STATUSES.includes(r.status))
    .map((r) => {
      const was = factsOf(r, Date.parse(r.updatedAt) || 0);
      const is = factsOf(r, now);
      const overdue = ([["fr", is.frOverdue, was.frOverdue], ["res", is.resOverdue, was.resOverdue]] as const)
        .filter(([, o, w]) => o.breachAt !== undefined && o.stopAt === undefined && w.breachAt === undefined)
        .map(([clock, o]) => ({ clock, at: o.breachAt! }));
      return {
        priority: r.priority,
        createdAt: is.createdAt,
        newlyBreached: is.breachedNow && !was.breachedNow,
        newlyBroken: is.breached && !was.breached,
        overdue,
      };
    });
}

type Late = ReturnType<typeof lateNow>;

/**
 * How many clocks were open past their target at instant `at`: those now (the open row, and the
 * late since written that had passed it by `at`), less those that passed it since (`since`: the
 * day rows from `at` on), plus those that stopped since. `priority` narrows to one priority.
 */
function overdueAtInstant(clock: "fr" | "res", live: LiveBacklog, late: Late, since: Tree, at: number, priority?: string): number {
  const now = priority ? num(live.open, "pod", priority, clock) : num(live.open, "od", clock);
  const passed = priority ? num(since, "pri", priority, `${clock}B`) : num(since, clock, "b");
  const stopped = priority ? num(since, "pri", priority, `${clock}Bs`) : num(since, clock, "bs");
  const lateThen = late.filter((l) => !priority || l.priority === priority).flatMap((l) => l.overdue).filter((o) => o.clock === clock && o.at < at).length;
  return now - passed + stopped + lateThen;
}

/**
 * A department's figures for [from, to) from the sum of that period's day rows (`period`) and
 * what is open now (`live`): the backlog, and the breaches of requests whose clocks still run.
 * For a period already over, `after` (the sum of the day rows from its end up to today) takes
 * the backlog back to the period's end. Same shape and definitions as `departmentStats`; with
 * `minGroupSize`, a category or priority's size is the largest of its created, resolved and
 * first-response counts, which is never more than the distinct requests behind them, so
 * folding is at least as strict.
 */
export function statsFromSummaries(
  period: Tree,
  live: LiveBacklog,
  opts: { from: number; to: number; now: number; minGroupSize?: number; after?: Tree },
): DepartmentStats {
  const minGroup = opts.minGroupSize ?? 0;
  const past = opts.to <= opts.now;
  const after = past ? (opts.after ?? {}) : {};
  // Open at the period's end = open now, less what came in since, plus what left since.
  const openAt = (pathIn: string[], pathOut: string[], nowCount: number) => nowCount - num(after, ...pathIn) + num(after, ...pathOut);
  const backlogByStatus = { new: num(live.open, "status", "new"), in_progress: num(live.open, "status", "in_progress"), waiting: num(live.open, "status", "waiting") };
  const backlogByPriority: Partial<Record<PriorityGroup, number>> = {};
  for (const p of PRIORITIES) {
    const n = openAt(["pri", p, "in"], ["pri", p, "out"], num(live.open, "priority", p));
    if (n === 0) {
      if (minGroup === 0) backlogByPriority[p] = 0;
      continue;
    }
    const key = n < minGroup ? OTHER : p;
    backlogByPriority[key] = (backlogByPriority[key] ?? 0) + n;
  }
  // Breaches that came after a request's last write: counted as they will be once it is written down.
  const late = lateNow(live, opts.now);
  const inPeriod = (t: number | undefined) => t !== undefined && t >= opts.from && t < opts.to;
  const breachedNow = num(live.open, "late") + late.filter((l) => l.newlyBreached).length;
  const lateSinceWritten = late.filter((l) => l.newlyBroken && inPeriod(l.createdAt)).length;
  // Open past a target at the period's end (or now): missed, as much as a late answer is.
  const at = past ? opts.to : opts.now + 1;
  const overdue = (clock: "fr" | "res", priority?: string) => overdueAtInstant(clock, live, late, after, at, priority);
  const distribution: Record<Score, number> = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  for (const s of Object.keys(distribution) as Score[]) distribution[s] = num(period, "csat", s);
  const effort = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0 };
  for (const s of Object.keys(effort) as Array<keyof typeof effort>) effort[s] = num(period, "ces", s);

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
    const v = {
      created: num(t, "created"),
      frN: num(t, "frN") + overdue("fr", p),
      frMet: num(t, "frMet"),
      resN: num(t, "resN") + overdue("res", p),
      resMet: num(t, "resMet"),
    };
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
    resolved: num(period, "resolved"),
    cancelled: num(period, "cancelled"),
    open: openAt(["in"], ["out"], num(live.open, "n")),
    backlogAt: new Date(past ? opts.to : opts.now).toISOString(),
    ...(past ? {} : { backlogByStatus }),
    backlogByPriority,
    firstResponse: attainmentOf(sub(period, "fr") as unknown as Tree, overdue("fr")),
    resolution: attainmentOf(sub(period, "res") as unknown as Tree, overdue("res")),
    breachedNow,
    breaches: num(period, "breached") + lateSinceWritten,
    csat: csatOf(distribution),
    ces: cesOf(effort),
    kudos: num(period, "kudos"),
    handoffs: { out: num(period, "ho"), in: num(period, "hi") },
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

/**
 * The weekly trend (`weeklyTrend`'s shape) from day rows keyed by local date, with the clocks
 * missed since their requests' last write (`live`) counted in the week their target passed.
 */
export function trendFromSummaries(days: Map<string, Tree>, opts: { weeks: number; now: number; timeZone: string; live?: LiveBacklog }): TrendWeek[] {
  const weeks = Math.max(0, Math.floor(opts.weeks));
  if (weeks === 0) return [];
  const { first } = trendDates(opts.now, weeks, opts.timeZone);
  const live = opts.live ?? { open: {}, lateSinceWritten: [] };
  const late = lateNow(live, opts.now);
  const today = localDateOf(opts.now, opts.timeZone);
  const out: TrendWeek[] = [];
  for (let i = 0; i < weeks; i++) {
    const start = addDays(first, 7 * i);
    const week = sumDays(Array.from({ length: 7 }, (_, d) => days.get(addDays(start, d))).filter((b): b is Tree => !!b));
    const end = addDays(start, 7);
    // Open past a target at the week's end (or now): the days since then take "now" back to it.
    const since = sumDays([...days].filter(([d]) => d >= end && d <= today).map(([, b]) => b));
    const at = Math.min(localDayStart(end, opts.timeZone), opts.now + 1);
    out.push({
      weekStart: start,
      created: num(week, "created"),
      resolved: num(week, "resolved"),
      firstResponseAttainment: percent(num(week, "fr", "met"), num(week, "fr", "n") + overdueAtInstant("fr", live, late, since, at)),
      resolutionAttainment: percent(num(week, "res", "met"), num(week, "res", "n") + overdueAtInstant("res", live, late, since, at)),
    });
  }
  return out;
}
