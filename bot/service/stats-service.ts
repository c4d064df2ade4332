import type { Department } from "../../shared/domain.ts";
import { isStaff, type Actor } from "../../shared/permissions.ts";
import { localDayStart, localMonthOf, monthlyReportWithStats, monthRange, reportToCsv, wholeLocalDays } from "../../shared/stats/index.ts";
import { periodDates, statsFromSummaries, sumDays, trendDates, trendFromSummaries, type LiveBacklog } from "../../shared/summary.ts";
import { parse, reportQuerySchema, statsQuerySchema } from "../../shared/validation/index.ts";
import { isUnavailable } from "../storage/errors.ts";
import type { RequestStore } from "../storage/request-store.ts";
import type { SummaryStore } from "../storage/summary-store.ts";
import { badRequest } from "./app-error.ts";
import type { DepartmentService } from "./department-service.ts";
import { log } from "../telemetry/log.ts";

/**
 * Categories and priorities with fewer requests than this in a period are shown to people
 * outside the department only as "other" (DESIGN.md: aggregates, never one request's content).
 */
export const MIN_PUBLIC_GROUP = 5;

const TREND_WEEKS = 8;

/** What the stats need of the change-log follower: the department's summaries up to date. */
export interface Follower {
  catchUp(tenantId: string, dept: string): Promise<void>;
}

/**
 * SLA results: aggregates for everyone, the monthly review (with request titles) for leads.
 * Figures come from day summaries (one row per local day, one for what is open now) and the
 * requests late since their last write, never from every request the department ever had, nor every open one.
 */
export class StatsService {
  constructor(
    private readonly requests: RequestStore,
    private readonly departments: DepartmentService,
    private readonly summaries: SummaryStore,
    private readonly follower: Follower,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Figures for [from, to) (default: this month in the department's time zone) and an 8-week
   * trend. Periods are whole local days, the summaries' resolution, for everyone: a date-time
   * is widened to the local days it touches.
   */
  async stats(actor: Actor, key: string, query: unknown) {
    const dept = await this.departments.require(actor.tenantId, key);
    const q = parse(statsQuerySchema, query);
    if (!q.ok) throw badRequest(q.error.message, q.error.details);
    const zone = dept.calendar.timeZone;
    const now = this.clock();
    const month = monthRange(localMonthOf(now, zone), zone);
    // A plain date means local midnight in the department's zone (as the query schema says).
    const instant = (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? localDayStart(s, zone) : Date.parse(s));
    const asked = { from: q.value.from ? instant(q.value.from) : month.from, to: q.value.to ? instant(q.value.to) : month.to };
    if (!(asked.from < asked.to)) throw badRequest("from must be before to.");
    const { from, to } = wholeLocalDays(asked.from, asked.to, zone);
    // People outside the department see no group small enough to single out a request.
    const staff = isStaff(await this.departments.withGroupAgents(actor.tenantId, dept), actor);

    await this.caughtUp(actor.tenantId, dept.key);
    const period = periodDates(from, to, zone);
    const trend = trendDates(now, TREND_WEEKS, zone);
    const [days, live] = await Promise.all([this.summaries.days(actor.tenantId, dept.key, [period, trend]), this.live(actor.tenantId, dept.key, now)]);
    const inPeriod = [...days].filter(([d]) => d >= period.first && d <= period.last).map(([, b]) => b);
    return {
      department: { key: dept.key, name: dept.name, timeZone: zone },
      ...statsFromSummaries(sumDays(inPeriod), live, { from, to, now, ...(staff ? {} : { minGroupSize: MIN_PUBLIC_GROUP }) }),
      trend: trendFromSummaries(days, { weeks: TREND_WEEKS, now, timeZone: zone }),
    };
  }

  /**
   * One department's figures for whole-local-day periods [from, to), worked out as `stats`
   * works them out, for the scoreboard (this period and the one before): caught up once, every
   * period's day rows in one range query, what is open now once; no trend, no request read.
   * `sums`: each period's summed day rows, for counts the figures do not name.
   */
  async periodFigures(tenantId: string, dept: Department, periods: Array<{ from: number; to: number }>, opts: { minGroupSize?: number } = {}) {
    const zone = dept.calendar.timeZone;
    const now = this.clock();
    await this.caughtUp(tenantId, dept.key);
    const dates = periods.map((p) => periodDates(p.from, p.to, zone));
    const [days, live] = await Promise.all([this.summaries.days(tenantId, dept.key, dates), this.live(tenantId, dept.key, now)]);
    return periods.map((p, i) => {
      const { first, last } = dates[i]!;
      const sums = sumDays([...days].filter(([d]) => d >= first && d <= last).map(([, b]) => b));
      return { figures: statsFromSummaries(sums, live, { from: p.from, to: p.to, now, ...opts }), sums };
    });
  }

  /** The monthly review, JSON or CSV: the month's own requests for its list, the figures from its days. */
  async report(actor: Actor, key: string, query: unknown) {
    const dept = await this.departments.requireManager(actor, key);
    const q = parse(reportQuerySchema, query);
    if (!q.ok) throw badRequest(q.error.message, q.error.details);
    const zone = dept.calendar.timeZone;
    const month = q.value.month;
    const { from, to } = monthRange(month, zone);
    const now = this.clock();
    await this.caughtUp(actor.tenantId, dept.key);
    const period = periodDates(from, to, zone);
    const [days, live, created] = await Promise.all([
      this.summaries.days(actor.tenantId, dept.key, [period]),
      this.live(actor.tenantId, dept.key, now),
      this.requests.createdInMonth(actor.tenantId, dept.key, month, zone),
    ]);
    const stats = statsFromSummaries(sumDays(days.values()), live, { from, to, now });
    const json = monthlyReportWithStats(dept, created, stats, month, now);
    const format = q.value.format ?? "json";
    return {
      format,
      json,
      csv: format === "csv" ? reportToCsv(json) : "",
      filename: `tandem-${dept.key}-${month}.csv`,
    };
  }

  /**
   * For the monthly review and its Teams card (bot/service/review-service.ts), which check their
   * own readers: a month's report (figures and broken promises), and the month before's figures
   * only. The same reads as `report` and `stats`, made as the service itself.
   */
  async reviewFigures(tenantId: string, key: string, month: string, previous: { from: string; to: string }) {
    const system: Actor = { tenantId, person: { id: "\u0000tandem", name: "Tandem" }, isAdmin: true };
    const [report, before] = await Promise.all([this.report(system, key, { month }), this.stats(system, key, previous)]);
    return { report: report.json, previous: before };
  }

  /** What is open now: one summary row, and the requests late since their last write (normally none: the scheduler writes them down). */
  private async live(tenantId: string, dept: string, now: number): Promise<LiveBacklog> {
    const [open, lateSinceWritten] = await Promise.all([this.summaries.openNow(tenantId, dept), this.requests.lateIn(tenantId, dept, new Date(now).toISOString())]);
    return { open, lateSinceWritten };
  }

  /**
   * Summaries include every change made before this call on this instance (read-your-writes).
   * If catching up fails for another reason than storage being away, the figures are shown
   * as last counted: a slightly late dashboard beats none, and the follower retries.
   */
  private async caughtUp(tenantId: string, dept: string): Promise<void> {
    try {
      await this.follower.catchUp(tenantId, dept);
    } catch (err) {
      if (isUnavailable(err)) throw err;
      log.error(`[tandem] day summaries of ${dept} not caught up: ${(err as Error)?.message ?? err}`);
    }
  }
}
