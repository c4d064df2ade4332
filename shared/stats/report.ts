/** The monthly review of a department: its figures for a local month, its requests and what broke. */
import type { ClockState, Department, Priority, ServiceRequest, SlaTarget, Source, Status } from "../domain.ts";
import { monthRange } from "../sla/zone.ts";
import { statsOf } from "./department-stats.ts";
import { factsOf, inRange, isoOrUndefined, type Facts } from "./facts.ts";
import type { DepartmentStats } from "./figures.ts";

/** A request created or resolved in the month, as the CSV lists it. */
export interface ReportRow {
  id: string;
  title: string;
  priority: Priority;
  category: string | null;
  status: Status;
  source: Source["kind"];
  requester: string;
  assignee: string | null;
  createdAt: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  /** Filed in the month (else only resolved in it). */
  createdInMonth: boolean;
  resolvedInMonth: boolean;
  firstResponse: ClockState;
  firstResponseElapsedMinutes: number;
  firstResponseTargetMinutes: number;
  resolution: ClockState;
  resolutionElapsedMinutes: number;
  resolutionTargetMinutes: number;
  csat: number | null;
  ces: number | null;
}

/** A request created in the month that broke a promise. */
export type BreachedRequestRow = Omit<ReportRow, "source" | "requester" | "firstRespondedAt" | "createdInMonth" | "resolvedInMonth" | "csat" | "ces">;

/** What a requester wrote with a rating given in the month (shown to the department's staff and leads). */
export interface Verbatim {
  id: string;
  score: number;
  effort: number | null;
  comment: string;
  at: string;
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
  /** Every request created or resolved in the month, oldest first. */
  requests: ReportRow[];
  /** Oldest first, at most MAX_BREACHED_ROWS; `stats.breaches` has the full count. */
  breachedRequests: BreachedRequestRow[];
  breachedRequestsTruncated: boolean;
  /** Rating comments given in the month, newest first, at most MAX_VERBATIMS. */
  verbatims: Verbatim[];
  generatedAt: string;
}

export const MAX_BREACHED_ROWS = 200;
export const MAX_VERBATIMS = 50;

/** The monthly review of a department from its requests (all of them, or at least the month's). */
export function monthlyReport(dept: Department, requests: ServiceRequest[], month: string, now: number): MonthlyReport {
  const { from, to } = monthRange(month, dept.calendar.timeZone);
  const facts = requests.filter((r) => r.department === dept.key).map((r) => factsOf(r, now));
  return reportOf(dept, facts, statsOf(facts, from, to, 0, now), month, now);
}

/**
 * The monthly review from figures worked out elsewhere (day summaries): `requests` need only be
 * the month's own (created or resolved in it), for the lists.
 */
export function monthlyReportWithStats(dept: Department, requests: ServiceRequest[], stats: DepartmentStats, month: string, now: number): MonthlyReport {
  const facts = requests.filter((r) => r.department === dept.key).map((r) => factsOf(r, now));
  return reportOf(dept, facts, stats, month, now);
}

function rowOf({ req, fr, res }: Facts, from: number, to: number): ReportRow {
  return {
    id: req.id,
    title: req.title,
    priority: req.priority,
    category: req.category || null,
    status: req.status,
    source: req.source.kind,
    requester: req.requester.name,
    assignee: req.assignee?.name ?? null,
    createdAt: req.createdAt,
    firstRespondedAt: req.firstRespondedAt ?? null,
    resolvedAt: req.resolvedAt ?? null,
    createdInMonth: inRange(isoOrUndefined(req.createdAt), from, to),
    resolvedInMonth: (req.status === "resolved" || req.status === "closed") && inRange(isoOrUndefined(req.resolvedAt), from, to),
    firstResponse: fr.state,
    firstResponseElapsedMinutes: fr.elapsedMinutes,
    firstResponseTargetMinutes: fr.targetMinutes,
    resolution: res.state,
    resolutionElapsedMinutes: res.elapsedMinutes,
    resolutionTargetMinutes: res.targetMinutes,
    csat: req.rating?.score ?? null,
    ces: req.rating?.effort ?? null,
  };
}

function reportOf(dept: Department, facts: Facts[], stats: DepartmentStats, month: string, now: number): MonthlyReport {
  const timeZone = dept.calendar.timeZone;
  const { from, to } = monthRange(month, timeZone);
  const byAge = (a: Facts, b: Facts) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || a.req.number - b.req.number;
  const rows = facts
    .filter((f) => inRange(f.createdAt, from, to) || inRange(f.resolvedAt, from, to))
    .sort(byAge)
    .map((f) => rowOf(f, from, to));
  const broken = facts.filter((f) => inRange(f.createdAt, from, to) && f.breached).sort(byAge);
  const verbatims = facts
    .filter((f) => f.req.rating?.comment && inRange(isoOrUndefined(f.req.rating.at), from, to))
    .map(({ req }) => ({ id: req.id, score: req.rating!.score, effort: req.rating!.effort ?? null, comment: req.rating!.comment!, at: req.rating!.at }))
    .sort((a, b) => b.at.localeCompare(a.at));
  return {
    department: { key: dept.key, name: dept.name },
    month,
    timeZone,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    stats,
    targets: dept.sla.targets,
    warnAtPercent: dept.sla.warnAtPercent,
    requests: rows,
    breachedRequests: broken.slice(0, MAX_BREACHED_ROWS).map((f) => {
      const { source: _s, requester: _r, firstRespondedAt: _f, createdInMonth: _c, resolvedInMonth: _v, csat: _a, ces: _e, ...row } = rowOf(f, from, to);
      return row;
    }),
    breachedRequestsTruncated: broken.length > MAX_BREACHED_ROWS,
    verbatims: verbatims.slice(0, MAX_VERBATIMS),
    generatedAt: new Date(now).toISOString(),
  };
}
