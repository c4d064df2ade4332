/**
 * SLA results of a department: the figures of a period, the weekly trend, and the monthly
 * review (JSON and CSV). Pure: no I/O, safe for browser bundles (time zones through Intl).
 *
 * DEFINITIONS (the contract of `GET /api/departments/:key/stats` and `.../report`).
 * A period is the half-open range [from, to) of epoch ms. "In range" means from <= t < to.
 *
 * - created: requests whose `createdAt` is in range.
 * - resolved: requests now `resolved` or `closed` whose `resolvedAt` is in range (a request
 *   reopened and not resolved again has no `resolvedAt` and does not count).
 * - cancelled: requests now `cancelled` whose `updatedAt` is in range (cancelling is final,
 *   so the last update of a cancelled request is its cancellation).
 * - open: requests now `new`, `in_progress` or `waiting`, whatever the range (the backlog);
 *   split by status (`backlogByStatus`) and by current priority (`backlogByPriority`).
 * - First-response attainment: a first-response clock is *measured* in the range when the
 *   request was responded to (`firstRespondedAt` set) and the clock has stopped, with its stop
 *   instant (the `to` of its last run) in range. A request cancelled before any response is
 *   not measured; one responded to and cancelled later is (the response did happen).
 * - Resolution attainment: a resolution clock is *measured* when the request is `resolved`
 *   or `closed` with `resolvedAt` in range. Cancelled requests are never measured.
 * - A measured clock is *met* when its own state is `met` (business time elapsed <= target,
 *   exactly as the request shows it), otherwise *missed*. attainmentPercent = met / measured
 *   x 100, rounded to one decimal; null when nothing was measured.
 * - medianMinutes / p90Minutes: over the measured clocks, of the business minutes each one
 *   ran (its elapsed time on the request's own calendar), rounded to one decimal; null when
 *   nothing was measured. Median of an even count = mean of the two middle values; p90 is
 *   the nearest-rank percentile (the ceil(0.9 n)-th smallest value).
 * - Clocks still running (or paused) past their target are not in attainment: they count in
 *   `breachedNow` = open requests with either clock in state `breached` now.
 * - breaches: requests created in range whose first-response or resolution clock is now
 *   `breached` (running past target) or `missed` (stopped past target). Cancelled requests
 *   count when a clock had already passed its target: the promise was broken before.
 * - csat: ratings whose `at` is in range (scores 1 to 5); average to one decimal;
 *   satisfiedPercent = share of 4 and 5, to one decimal; both null with no responses.
 * - byCategory: per category key (null = no category), created and resolved as above;
 *   only categories with something to show, most created first.
 * - byPriority: each priority (low, normal, high, urgent) with created and the attainment
 *   percentages; a request counts under its current priority.
 * - Weekly trend: weeks start at local Monday 00:00 in the given time zone; the last week is
 *   the one containing `now`.
 * - Monthly review: month boundaries are local midnight of the 1st in the department's time
 *   zone (not UTC).
 */
import type {
  ClockState,
  ClockView,
  Department,
  Priority,
  ServiceRequest,
  SlaTarget,
  Status,
} from "./domain.ts";
import { PRIORITIES } from "./domain.ts";
import { clockView, elapsedBusinessMs } from "./sla/clock.ts";

// ---------------------------------------------------------------------------------------------
// Time zones

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local wall-clock reading of an instant in a zone. */
function wallOf(ms: number, timeZone: string): Wall {
  const w: Wall = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type in w) (w as unknown as Record<string, number>)[p.type] = Number(p.value);
  }
  if (w.hour === 24) w.hour = 0;
  return w;
}

const wallMs = (w: Wall) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** The zone's offset from UTC at an instant, in ms (local minus UTC). */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallMs(wallOf(whole, timeZone)) - whole;
}

/**
 * The first instant of a local date in a zone: local midnight, or, where midnight falls in a
 * daylight-saving gap, the instant the day begins.
 */
function startOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  const local = Date.UTC(year, month - 1, day);
  const c1 = local - offsetAt(local, timeZone);
  const c2 = local - offsetAt(c1, timeZone);
  const c3 = local - offsetAt(c2, timeZone);
  const valid = [c1, c2, c3].filter((c) => wallMs(wallOf(c, timeZone)) >= local);
  return valid.length ? Math.min(...valid) : c2;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * A month's boundaries in a zone: epoch ms of local midnight of the 1st of the month (`from`)
 * and of the 1st of the next month (`to`). Throws a RangeError for a malformed month or zone.
 */
export function monthRange(month: string, timeZone: string): { from: number; to: number } {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`Month must be YYYY-MM, not "${month}".`);
  const year = Number(m[1]);
  const mon = Number(m[2]);
  const next = mon === 12 ? { year: year + 1, mon: 1 } : { year, mon: mon + 1 };
  return {
    from: startOfLocalDay(year, mon, 1, timeZone),
    to: startOfLocalDay(next.year, next.mon, 1, timeZone),
  };
}

const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * The first instant (epoch ms) of a local date ("YYYY-MM-DD") in a zone: its local midnight,
 * or where midnight falls in a daylight-saving gap, the instant the day begins. Throws a
 * RangeError for a malformed date or zone.
 */
export function localDayStart(date: string, timeZone: string): number {
  const m = DATE.exec(date);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m || new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) {
    throw new RangeError(`Date must be a real YYYY-MM-DD date, not "${date}".`);
  }
  return startOfLocalDay(year, month, day, timeZone);
}

/** The local month ("YYYY-MM") of an instant in a zone. */
export function localMonthOf(ms: number, timeZone: string): string {
  const w = wallOf(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}`;
}

/** The local date ("YYYY-MM-DD") of an instant in a zone. */
export function localDateOf(ms: number, timeZone: string): string {
  const w = wallOf(ms, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/**
 * [from, to) widened to whole local days in a zone: `from` back to its day's start, `to` on to
 * the start of the next day unless it already is one. What people outside a department get, so
 * that no window is narrow enough to isolate one request.
 */
export function wholeLocalDays(from: number, to: number, timeZone: string): { from: number; to: number } {
  const dayStart = (ms: number) => localDayStart(localDateOf(ms, timeZone), timeZone);
  if (dayStart(to) === to) return { from: dayStart(from), to };
  const next = addDays(wallOf(to, timeZone), 1);
  return { from: dayStart(from), to: startOfLocalDay(next.year, next.month, next.day, timeZone) };
}

// ---------------------------------------------------------------------------------------------
// Figures

export interface Attainment {
  measured: number;
  met: number;
  missed: number;
  /** met / measured x 100, one decimal; null when nothing was measured. */
  attainmentPercent: number | null;
  /** Business minutes, one decimal; null when nothing was measured. */
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export type Score = "1" | "2" | "3" | "4" | "5";

export interface Csat {
  responses: number;
  average: number | null;
  distribution: Record<Score, number>;
  satisfiedPercent: number | null;
}

export interface CategoryStats {
  /** The category key; null for requests without one; `other` for folded small groups. */
  category: string | null;
  created: number;
  resolved: number;
}

/** `other`: the priorities folded together because each had too few requests to show alone. */
export type PriorityGroup = Priority | typeof OTHER;

export interface PriorityStats {
  priority: PriorityGroup;
  created: number;
  firstResponseAttainment: number | null;
  resolutionAttainment: number | null;
}

export interface DepartmentStats {
  /** ISO instants of the period [from, to). */
  from: string;
  to: string;
  created: number;
  resolved: number;
  cancelled: number;
  open: number;
  backlogByStatus: { new: number; in_progress: number; waiting: number };
  /** Per priority; `other` when small groups were folded (see `minGroupSize`). */
  backlogByPriority: Partial<Record<PriorityGroup, number>>;
  firstResponse: Attainment;
  resolution: Attainment;
  breachedNow: number;
  breaches: number;
  csat: Csat;
  byCategory: CategoryStats[];
  byPriority: PriorityStats[];
  /**
   * Set when categories and priorities touched by fewer requests than this were folded into
   * `other` (people outside the department: aggregates must not single out one request).
   */
  minGroupSize?: number;
}

/** The group that small categories and priorities are folded into. */
export const OTHER = "other" as const;

export interface TrendWeek {
  /** Local date of the Monday that starts the week. */
  weekStart: string;
  created: number;
  resolved: number;
  firstResponseAttainment: number | null;
  resolutionAttainment: number | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const inRange = (t: number | undefined, from: number, to: number) => t !== undefined && t >= from && t < to;
const isoOrUndefined = (s: string | undefined) => {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};

/** Median of a list (mean of the two middle values for an even count); null when empty. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100); null when empty. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1];
}

const BREACHING: ReadonlySet<ClockState> = new Set<ClockState>(["breached", "missed"]);
const OPEN: ReadonlySet<Status> = new Set<Status>(["new", "in_progress", "waiting"]);

/** What the figures need of one request, worked out once at `now` (day summaries count the same). */
export interface Facts {
  req: ServiceRequest;
  createdAt: number | undefined;
  fr: ClockView;
  res: ClockView;
  /** Stop instant of a responded first-response clock. */
  frMeasuredAt: number | undefined;
  frMinutes: number;
  /** The same in business ms, as computed (summaries keep these, so medians stay exact). */
  frMs: number;
  /** resolvedAt of a request now resolved or closed. */
  resolvedAt: number | undefined;
  resMinutes: number;
  resMs: number;
  cancelledAt: number | undefined;
  open: boolean;
  breached: boolean;
  breachedNow: boolean;
}

export function factsOf(req: ServiceRequest, now: number): Facts {
  const { calendar, warnAtPercent } = req.sla;
  const fr = clockView(req.sla.firstResponse, calendar, warnAtPercent, now);
  const res = clockView(req.sla.resolution, calendar, warnAtPercent, now);
  const open = OPEN.has(req.status);
  let frMeasuredAt: number | undefined;
  let frMs = 0;
  const frTrack = req.sla.firstResponse;
  if (req.firstRespondedAt && frTrack.stopped) {
    const last = frTrack.runs[frTrack.runs.length - 1];
    frMeasuredAt = isoOrUndefined(last?.to) ?? isoOrUndefined(req.firstRespondedAt);
    frMs = elapsedBusinessMs(frTrack, calendar, now);
  }
  let resolvedAt: number | undefined;
  let resMs = 0;
  if (req.status === "resolved" || req.status === "closed") {
    resolvedAt = isoOrUndefined(req.resolvedAt);
    if (resolvedAt !== undefined) resMs = elapsedBusinessMs(req.sla.resolution, calendar, now);
  }
  return {
    req,
    createdAt: isoOrUndefined(req.createdAt),
    fr,
    res,
    frMeasuredAt,
    frMinutes: frMs / 60000,
    frMs,
    resolvedAt,
    resMinutes: resMs / 60000,
    resMs,
    cancelledAt: req.status === "cancelled" ? isoOrUndefined(req.updatedAt) : undefined,
    open,
    breached: BREACHING.has(fr.state) || BREACHING.has(res.state),
    breachedNow: open && (fr.state === "breached" || res.state === "breached"),
  };
}

interface Sample {
  met: boolean;
  minutes: number;
}

function attainment(samples: Sample[]): Attainment {
  const met = samples.filter((s) => s.met).length;
  const minutes = samples.map((s) => s.minutes);
  const med = median(minutes);
  const p90 = percentile(minutes, 90);
  return {
    measured: samples.length,
    met,
    missed: samples.length - met,
    attainmentPercent: samples.length ? round1((met / samples.length) * 100) : null,
    medianMinutes: med === null ? null : round1(med),
    p90Minutes: p90 === null ? null : round1(p90),
  };
}

const percentOf = (samples: Sample[]) =>
  samples.length ? round1((samples.filter((s) => s.met).length / samples.length) * 100) : null;

const frSample = (f: Facts): Sample => ({ met: f.fr.state === "met", minutes: f.frMinutes });
const resSample = (f: Facts): Sample => ({ met: f.res.state === "met", minutes: f.resMinutes });

/** The order of `byCategory`: most created first, the folded remainder last. */
export function categoryOrder(a: CategoryStats, b: CategoryStats): number {
  return (
    Number(a.category === OTHER) - Number(b.category === OTHER) ||
    b.created - a.created ||
    b.resolved - a.resolved ||
    (a.category === null ? 1 : b.category === null ? -1 : a.category.localeCompare(b.category))
  );
}

function statsOf(facts: Facts[], from: number, to: number, minGroup = 0): DepartmentStats {
  const created = facts.filter((f) => inRange(f.createdAt, from, to));
  const frMeasured = facts.filter((f) => inRange(f.frMeasuredAt, from, to));
  const resolved = facts.filter((f) => inRange(f.resolvedAt, from, to));
  const open = facts.filter((f) => f.open);

  const backlogByStatus = { new: 0, in_progress: 0, waiting: 0 };
  for (const f of open) backlogByStatus[f.req.status as keyof typeof backlogByStatus]++;

  const distribution: Record<Score, number> = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  const scores: number[] = [];
  for (const f of facts) {
    const r = f.req.rating;
    if (!r || !inRange(isoOrUndefined(r.at), from, to)) continue;
    if (!Number.isInteger(r.score) || r.score < 1 || r.score > 5) continue;
    distribution[String(r.score) as Score]++;
    scores.push(r.score);
  }
  const satisfied = scores.filter((s) => s >= 4).length;

  // A group smaller than minGroup would let someone outside the department single out one
  // request (its category, its priority), so it is shown only as part of `other`.
  const touched = new Set([...created, ...resolved, ...frMeasured]);
  const groupSizes = <K>(keyOf: (f: Facts) => K, of: Facts[]) => {
    const sizes = new Map<K, number>();
    for (const f of of) sizes.set(keyOf(f), (sizes.get(keyOf(f)) ?? 0) + 1);
    return sizes;
  };
  const folding = <K>(keyOf: (f: Facts) => K, of: Facts[]) => {
    const sizes = groupSizes(keyOf, of);
    return (f: Facts): K | typeof OTHER => ((sizes.get(keyOf(f)) ?? 0) < minGroup ? OTHER : keyOf(f));
  };
  const inPeriod = [...touched];
  const categoryOf = folding((f) => f.req.category || null, inPeriod);
  const priorityOf = folding((f) => f.req.priority, inPeriod);
  const backlogPriorityOf = folding((f) => f.req.priority, open);

  const backlogByPriority: Partial<Record<PriorityGroup, number>> = Object.fromEntries(PRIORITIES.map((p) => [p, 0]));
  for (const f of open) {
    const key = backlogPriorityOf(f);
    if (key === OTHER || key in backlogByPriority) backlogByPriority[key] = (backlogByPriority[key] ?? 0) + 1;
  }
  if (minGroup > 0) for (const p of PRIORITIES) if (backlogByPriority[p] === 0) delete backlogByPriority[p];

  const categories = new Map<string | null, CategoryStats>();
  const cat = (f: Facts) => {
    const key = categoryOf(f);
    let c = categories.get(key);
    if (!c) categories.set(key, (c = { category: key, created: 0, resolved: 0 }));
    return c;
  };
  for (const f of created) cat(f).created++;
  for (const f of resolved) cat(f).resolved++;
  const byCategory = [...categories.values()].sort(categoryOrder);

  const shown = new Set(inPeriod.map(priorityOf));
  const priorityGroups: PriorityGroup[] =
    minGroup === 0 ? [...PRIORITIES] : [...PRIORITIES.filter((p) => shown.has(p)), ...(shown.has(OTHER) ? [OTHER] : [])] as PriorityGroup[];
  const byPriority = priorityGroups.map((priority) => ({
    priority,
    created: created.filter((f) => priorityOf(f) === priority).length,
    firstResponseAttainment: percentOf(frMeasured.filter((f) => priorityOf(f) === priority).map(frSample)),
    resolutionAttainment: percentOf(resolved.filter((f) => priorityOf(f) === priority).map(resSample)),
  }));

  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    created: created.length,
    resolved: resolved.length,
    cancelled: facts.filter((f) => inRange(f.cancelledAt, from, to)).length,
    open: open.length,
    backlogByStatus,
    backlogByPriority,
    firstResponse: attainment(frMeasured.map(frSample)),
    resolution: attainment(resolved.map(resSample)),
    breachedNow: open.filter((f) => f.breachedNow).length,
    breaches: created.filter((f) => f.breached).length,
    csat: {
      responses: scores.length,
      average: scores.length ? round1(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
      distribution,
      satisfiedPercent: scores.length ? round1((satisfied / scores.length) * 100) : null,
    },
    byCategory,
    byPriority,
    ...(minGroup > 0 ? { minGroupSize: minGroup } : {}),
  };
}

/** A department's figures for [from, to), clocks evaluated at `now` (see DEFINITIONS above). */
export function departmentStats(
  requests: ServiceRequest[],
  opts: { from: number; to: number; now: number; minGroupSize?: number },
): DepartmentStats {
  return statsOf(
    requests.map((r) => factsOf(r, opts.now)),
    opts.from,
    opts.to,
    opts.minGroupSize,
  );
}

/** Adds days to a local date, as calendar arithmetic (no time zone involved). */
function addDays(date: { year: number; month: number; day: number }, days: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The last `weeks` weeks (oldest first, the current week last), each from local Monday 00:00
 * to the next Monday 00:00 in `timeZone`.
 */
export function weeklyTrend(
  requests: ServiceRequest[],
  opts: { weeks: number; now: number; timeZone: string },
): TrendWeek[] {
  const facts = requests.map((r) => factsOf(r, opts.now));
  const today = wallOf(opts.now, opts.timeZone);
  const weekday = (new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() + 6) % 7; // Monday = 0
  const monday = addDays(today, -weekday);
  const out: TrendWeek[] = [];
  const weeks = Math.max(0, Math.floor(opts.weeks));
  for (let i = weeks - 1; i >= 0; i--) {
    const start = addDays(monday, -7 * i);
    const end = addDays(start, 7);
    const from = startOfLocalDay(start.year, start.month, start.day, opts.timeZone);
    const to = startOfLocalDay(end.year, end.month, end.day, opts.timeZone);
    const resolved = facts.filter((f) => inRange(f.resolvedAt, from, to));
    out.push({
      weekStart: `${pad(start.year, 4)}-${pad(start.month)}-${pad(start.day)}`,
      created: facts.filter((f) => inRange(f.createdAt, from, to)).length,
      resolved: resolved.length,
      firstResponseAttainment: percentOf(facts.filter((f) => inRange(f.frMeasuredAt, from, to)).map(frSample)),
      resolutionAttainment: percentOf(resolved.map(resSample)),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The monthly review

/** A request created in the month that broke a promise. */
export interface BreachedRequestRow {
  id: string;
  title: string;
  priority: Priority;
  status: Status;
  category: string | null;
  assignee: string | null;
  createdAt: string;
  resolvedAt: string | null;
  firstResponse: ClockState;
  firstResponseElapsedMinutes: number;
  firstResponseTargetMinutes: number;
  resolution: ClockState;
  resolutionElapsedMinutes: number;
  resolutionTargetMinutes: number;
}

export interface MonthlyReport {
  department: { key: string; name: string };
  month: string;
  timeZone: string;
  from: string;
  to: string;
  stats: DepartmentStats;
  /** The department's current targets (each request keeps the ones in force when filed). */
  targets: Record<Priority, SlaTarget>;
  warnAtPercent: number;
  /** Oldest first, at most MAX_BREACHED_ROWS; `stats.breaches` has the full count. */
  breachedRequests: BreachedRequestRow[];
  breachedRequestsTruncated: boolean;
  generatedAt: string;
}

export const MAX_BREACHED_ROWS = 200;

/** The monthly review of a department: its figures for a local month and what broke. */
export function monthlyReport(dept: Department, requests: ServiceRequest[], month: string, now: number): MonthlyReport {
  const { from, to } = monthRange(month, dept.calendar.timeZone);
  const facts = requests.filter((r) => r.department === dept.key).map((r) => factsOf(r, now));
  return reportOf(dept, facts, statsOf(facts, from, to), month, now);
}

/**
 * The monthly review from figures worked out elsewhere (day summaries): `requests` need only be
 * the month's own (those created in it), for the list of broken promises.
 */
export function monthlyReportWithStats(dept: Department, requests: ServiceRequest[], stats: DepartmentStats, month: string, now: number): MonthlyReport {
  const facts = requests.filter((r) => r.department === dept.key).map((r) => factsOf(r, now));
  return reportOf(dept, facts, stats, month, now);
}

function reportOf(dept: Department, facts: Facts[], stats: DepartmentStats, month: string, now: number): MonthlyReport {
  const timeZone = dept.calendar.timeZone;
  const { from, to } = monthRange(month, timeZone);
  const broken = facts
    .filter((f) => inRange(f.createdAt, from, to) && f.breached)
    .sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || a.req.number - b.req.number);
  return {
    department: { key: dept.key, name: dept.name },
    month,
    timeZone,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    stats,
    targets: dept.sla.targets,
    warnAtPercent: dept.sla.warnAtPercent,
    breachedRequests: broken.slice(0, MAX_BREACHED_ROWS).map(({ req, fr, res }) => ({
      id: req.id,
      title: req.title,
      priority: req.priority,
      status: req.status,
      category: req.category || null,
      assignee: req.assignee?.name ?? null,
      createdAt: req.createdAt,
      resolvedAt: req.resolvedAt ?? null,
      firstResponse: fr.state,
      firstResponseElapsedMinutes: fr.elapsedMinutes,
      firstResponseTargetMinutes: fr.targetMinutes,
      resolution: res.state,
      resolutionElapsedMinutes: res.elapsedMinutes,
      resolutionTargetMinutes: res.targetMinutes,
    })),
    breachedRequestsTruncated: broken.length > MAX_BREACHED_ROWS,
    generatedAt: new Date(now).toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// CSV

type Cell = string | number | null | undefined;

/**
 * One CSV field (RFC 4180), safe to open in a spreadsheet whatever separator it splits on:
 * Excel in many locales splits on `;`, and pasted text splits on TAB, so each piece that starts
 * a cell there (the field's start, or just after a `;` or TAB in it) and would run as a formula
 * (`= + - @`, TAB, CR) gets an apostrophe; a field holding `,` `;` TAB, a quote or a line
 * break is quoted, with quotes doubled. Numbers are written as they are.
 */
export function csvField(value: Cell): string {
  if (typeof value === "number") return String(value);
  const text = value === null || value === undefined ? "" : String(value);
  let s = "";
  let cellStart = true;
  for (const ch of text) {
    if (cellStart && FORMULA_START.test(ch)) s += "'";
    s += ch;
    cellStart = ch === ";" || ch === "\t";
  }
  return /[",;\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const FORMULA_START = /^[=+\-@\t\r]$/;

const csvRow = (cells: Cell[]) => cells.map(csvField).join(",") + "\r\n";

/**
 * The monthly review as CSV (RFC 4180, CRLF line ends): a block of `metric,value` rows, a
 * blank line, then the breached requests with a header row. `bom: true` starts it with a
 * UTF-8 byte-order mark, which Excel needs to read accents right.
 */
export function reportToCsv(report: MonthlyReport, opts: { bom?: boolean } = {}): string {
  const s = report.stats;
  const metrics: Array<[string, Cell]> = [
    ["department", `${report.department.name} (${report.department.key})`],
    ["month", report.month],
    ["time zone", report.timeZone],
    ["from", report.from],
    ["to", report.to],
    ["created", s.created],
    ["resolved", s.resolved],
    ["cancelled", s.cancelled],
    ["open", s.open],
    ["breached now", s.breachedNow],
    ["breaches", s.breaches],
    ["first-response measured", s.firstResponse.measured],
    ["first-response attainment %", s.firstResponse.attainmentPercent],
    ["first-response median minutes", s.firstResponse.medianMinutes],
    ["first-response p90 minutes", s.firstResponse.p90Minutes],
    ["resolution measured", s.resolution.measured],
    ["resolution attainment %", s.resolution.attainmentPercent],
    ["resolution median minutes", s.resolution.medianMinutes],
    ["resolution p90 minutes", s.resolution.p90Minutes],
    ["CSAT average", s.csat.average],
    ["CSAT responses", s.csat.responses],
    ["CSAT satisfied %", s.csat.satisfiedPercent],
    ["generated at", report.generatedAt],
  ];
  let out = opts.bom ? "\uFEFF" : "";
  out += csvRow(["metric", "value"]);
  for (const m of metrics) out += csvRow(m);
  out += "\r\n";
  out += csvRow([
    "id",
    "title",
    "priority",
    "status",
    "category",
    "assignee",
    "created at",
    "resolved at",
    "first response",
    "first response elapsed minutes",
    "first response target minutes",
    "resolution",
    "resolution elapsed minutes",
    "resolution target minutes",
  ]);
  for (const r of report.breachedRequests) {
    out += csvRow([
      r.id,
      r.title,
      r.priority,
      r.status,
      r.category,
      r.assignee,
      r.createdAt,
      r.resolvedAt,
      r.firstResponse,
      r.firstResponseElapsedMinutes,
      r.firstResponseTargetMinutes,
      r.resolution,
      r.resolutionElapsedMinutes,
      r.resolutionTargetMinutes,
    ]);
  }
  return out;
}
