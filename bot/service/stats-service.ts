import { isStaff, type Actor } from "../../shared/permissions.ts";
import { departmentStats, localDayStart, wholeLocalDays, localMonthOf, monthlyReport, monthRange, reportToCsv, weeklyTrend } from "../../shared/stats.ts";
import { parse, reportQuerySchema, statsQuerySchema } from "../../shared/validation.ts";
import type { RequestStore } from "../storage/request-store.ts";
import { badRequest } from "./app-error.ts";
import type { DepartmentService } from "./department-service.ts";

/**
 * Categories and priorities with fewer requests than this in a period are shown to people
 * outside the department only as "other" (DESIGN.md: aggregates, never one request's content).
 */
export const MIN_PUBLIC_GROUP = 5;

/** SLA results: aggregates for everyone, the monthly review (with request titles) for leads. */
export class StatsService {
  constructor(
    private readonly requests: RequestStore,
    private readonly departments: DepartmentService,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Figures for [from, to) (default: this month in the department's time zone) and an 8-week trend. */
  async stats(actor: Actor, key: string, query: unknown) {
    const dept = await this.departments.require(actor.tenantId, key);
    const q = parse(statsQuerySchema, query);
    if (!q.ok) throw badRequest(q.error.message, q.error.details);
    const now = this.clock();
    const month = monthRange(localMonthOf(now, dept.calendar.timeZone), dept.calendar.timeZone);
    // A plain date means local midnight in the department's zone (as the query schema says).
    const instant = (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? localDayStart(s, dept.calendar.timeZone) : Date.parse(s));
    let from = q.value.from ? instant(q.value.from) : month.from;
    let to = q.value.to ? instant(q.value.to) : month.to;
    if (!(from < to)) throw badRequest("from must be before to.");
    // People outside the department see whole local days and no group small enough to
    // single out a request (its filing time, category or priority).
    const staff = isStaff(await this.departments.withGroupAgents(actor.tenantId, dept), actor);
    if (!staff) ({ from, to } = wholeLocalDays(from, to, dept.calendar.timeZone));
    const all = await this.requests.all(actor.tenantId, dept.key);
    return {
      department: { key: dept.key, name: dept.name, timeZone: dept.calendar.timeZone },
      ...departmentStats(all, { from, to, now, ...(staff ? {} : { minGroupSize: MIN_PUBLIC_GROUP }) }),
      trend: weeklyTrend(all, { weeks: 8, now, timeZone: dept.calendar.timeZone }),
    };
  }

  /** The monthly review, JSON or CSV. */
  async report(actor: Actor, key: string, query: unknown) {
    const dept = await this.departments.requireManager(actor, key);
    const q = parse(reportQuerySchema, query);
    if (!q.ok) throw badRequest(q.error.message, q.error.details);
    const all = await this.requests.all(actor.tenantId, dept.key);
    const json = monthlyReport(dept, all, q.value.month, this.clock());
    const format = q.value.format ?? "json";
    return {
      format,
      json,
      csv: format === "csv" ? reportToCsv(json) : "",
      filename: `tandem-${dept.key}-${q.value.month}.csv`,
    };
  }
}
