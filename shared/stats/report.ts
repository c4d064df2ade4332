/** The monthly review of a department: its figures for a local month and what broke. */
import type { ClockState, Department, Priority, ServiceRequest, SlaTarget, Status } from "../domain.ts";
import { monthRange } from "../sla/zone.ts";
import { statsOf } from "./department-stats.ts";
import { factsOf, inRange, type Facts } from "./facts.ts";
import type { DepartmentStats } from "./figures.ts";

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

