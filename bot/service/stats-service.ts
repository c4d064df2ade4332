import { isStaff, type Actor } from "../../shared/permissions.ts";
import type { Department, ServiceRequest } from "../../shared/domain.ts";
import { localDateOf, localDayStart, localMonthOf, monthlyReportWithStats, monthRange, reportToCsv, summaryToCsv, wholeLocalDays } from "../../shared/stats/index.ts";
import { addDays, listAt, periodDates, statsFromSummaries, sumDays, trendDates, trendFromSummaries, type LiveBacklog } from "../../shared/summary.ts";
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

    const trend = trendDates(now, TREND_WEEKS, zone);
    const { days, live, results } = await this.figuresOf(actor.tenantId, dept, [{ from, to }], {
      ...(staff ? {} : { minGroupSize: MIN_PUBLIC_GROUP }),
      alsoRead: [trend],
    });
    return {
      department: { key: dept.key, name: dept.name, timeZone: zone },
      ...results[0]!.figures,
      trend: trendFromSummaries(days, { weeks: TREND_WEEKS, now, timeZone: zone, live }),
    };
  }

  /**
   * One department's figures for periods of whole local months (the scoreboard's: this month or
   * quarter and the one before), from its month rows: the same counts and definitions as `stats`
   * (a past period read as of its end from the months since), one small row a month, never a day
   * row nor a request. Month rows keep no lists: medians are left out (null), the department's
   * dashboard has them. `sums`: each period's summed rows, for counts the figures do not name.
   */
  async periodFigures(tenantId: string, dept: Department, periods: Array<{ from: number; to: number }>, opts: { minGroupSize?: number } = {}) {
    const zone = dept.calendar.timeZone;
    const now = this.clock();
    const spans = periods.map((p) => {
      const first = localMonthOf(p.from, zone);
      const last = localMonthOf(p.to - 1, zone);
      if (monthRange(first, zone).from !== p.from || monthRange(last, zone).to !== p.to) throw new Error(`periodFigures takes whole local months (got ${new Date(p.from).toISOString()} .. ${new Date(p.to).toISOString()})`);
      return { first, last };
    });
    const current = localMonthOf(now, zone);
    await this.caughtUp(tenantId, dept.key);
    const lo = spans.map((x) => x.first).sort()[0] ?? current;
    const hi = [current, ...spans.map((x) => x.last)].sort().at(-1)!;
    const [months, live] = await Promise.all([this.summaries.months(tenantId, dept.key, lo, hi), this.live(tenantId, dept.key, now)]);
    const sumOf = (keep: (m: string) => boolean) => sumDays([...months].filter(([m]) => keep(m)).map(([, b]) => b));
    return periods.map((p, i) => {
      const { first, last } = spans[i]!;
      const sums = sumOf((m) => m >= first && m <= last);
      const after = p.to <= now ? sumOf((m) => m > last && m <= current) : undefined;
      return { figures: statsFromSummaries(sums, live, { from: p.from, to: p.to, now, ...(opts.minGroupSize ? { minGroupSize: opts.minGroupSize } : {}), ...(after ? { after } : {}) }), sums };
    });
  }

  /**
   * The figures of whole-local-day periods from day rows: each period's rows summed, and, for a
   * finished period, the rows from its end up to today, which take its backlog and overdue back
   * to that end. One range query per distinct stretch of days (`alsoRead`: more stretches
   * the caller wants in `days`), what is open now once; caught up first.
   */
  private async figuresOf(
    tenantId: string,
    dept: Department,
    periods: Array<{ from: number; to: number }>,
    opts: { minGroupSize?: number; alsoRead?: Array<{ first: string; last: string }> },
  ) {
    const zone = dept.calendar.timeZone;
    const now = this.clock();
    await this.caughtUp(tenantId, dept.key);
    const dates = periods.map((p) => periodDates(p.from, p.to, zone));
    const today = localDateOf(now, zone);
    const past = dates.filter((_, i) => periods[i]!.to <= now).map((d) => addDays(d.last, 1));
    const since = past.sort()[0];
    const ranges = [...dates, ...(opts.alsoRead ?? []), ...(since && since <= today ? [{ first: since, last: today }] : [])];
    const [days, live] = await Promise.all([this.summaries.days(tenantId, dept.key, ranges), this.live(tenantId, dept.key, now)]);
    const sumOf = (keep: (d: string) => boolean) => sumDays([...days].filter(([d]) => keep(d)).map(([, b]) => b));
    const results = periods.map((p, i) => {
      const { first, last } = dates[i]!;
      const sums = sumOf((d) => d >= first && d <= last);
      const after = p.to <= now ? sumOf((d) => d > last && d <= today) : undefined;
      return { figures: statsFromSummaries(sums, live, { from: p.from, to: p.to, now, ...(opts.minGroupSize ? { minGroupSize: opts.minGroupSize } : {}), ...(after ? { after } : {}) }), sums };
    });
    return { days, live, now, results };
  }

  /**
   * The monthly review: the figures from the month's days; the month's requests (those created
   * in it, from the month index, and those resolved in it, named by its day rows) for the lists.
   * `csv`: one row per request; `summary-csv`: the figures.
   */
  async report(actor: Actor, key: string, query: unknown) {
    const dept = await this.departments.requireManager(actor, key);
    const q = parse(reportQuerySchema, query);
    if (!q.ok) throw badRequest(q.error.message, q.error.details);
    const zone = dept.calendar.timeZone;
    const month = q.value.month;
    const { from, to } = monthRange(month, zone);
    const [{ now, results }, created] = await Promise.all([
      this.figuresOf(actor.tenantId, dept, [{ from, to }], {}),
      this.requests.createdInMonth(actor.tenantId, dept.key, month, zone),
    ]);
    const { figures, sums } = results[0]!;
    const have = new Set(created.map((r) => r.number));
    const resolvedNumbers = [...new Set(listAt(sums, "res", "rn"))].filter((n) => !have.has(n));
    const resolved = await this.readNumbers(actor.tenantId, dept.key, resolvedNumbers);
    const json = monthlyReportWithStats(dept, [...created, ...resolved], figures, month, now);
    const format = q.value.format ?? "json";
    const { requests: rows, ...summary } = json;
    return {
      format,
      // The JSON names the requests by count: their rows are the CSV's (a busy month has thousands).
      json: { ...summary, requestCount: rows.length },
      csv: format === "csv" ? reportToCsv(json) : format === "summary-csv" ? summaryToCsv(json) : "",
      filename: `tandem-${dept.key}-${month}${format === "summary-csv" ? "-summary" : ""}.csv`,
    };
  }

  /** Requests by number, 16 point reads at a time. */
  private async readNumbers(tenantId: string, dept: string, numbers: number[]): Promise<ServiceRequest[]> {
    const out: ServiceRequest[] = [];
    for (let i = 0; i < numbers.length; i += 16) {
      const read = await Promise.all(numbers.slice(i, i + 16).map((n) => this.requests.get(tenantId, dept, n)));
      for (const r of read) if (r) out.push(r);
    }
    return out;
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
