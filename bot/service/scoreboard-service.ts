import type { Department } from "../../shared/domain.ts";
import type { Actor } from "../../shared/permissions.ts";
import { localMonthOf, monthRange } from "../../shared/stats/index.ts";
import { change, GOAL_PERCENT, periodMonths, type Scoreboard, type ScoreboardNps, type ScoreboardPeriod, type ScoreboardRow } from "../../shared/scoreboard.ts";
import type { Locale } from "../../shared/strings/index.ts";
import type { NpsFigures } from "../../shared/nps.ts";
import { parse, scoreboardQuerySchema } from "../../shared/validation/index.ts";
import { demoDepartmentName } from "../demo/demo-language.ts";
import { badRequest } from "./app-error.ts";
import { log } from "../telemetry/log.ts";
import type { DepartmentService } from "./department-service.ts";
import { MIN_PUBLIC_GROUP, type StatsService } from "./stats-service.ts";

/** What the scoreboard needs of the surveys (SurveyService): a department's internal NPS. */
export interface NpsSource {
  npsOf(tenantId: string, dept: Department, now: number): Promise<NpsFigures>;
}

/**
 * Every department side by side (DESIGN.md "The internal-customer loop"), for anyone in the
 * tenant: the figures of each come from `StatsService.periodFigures`, the same day summaries and
 * definitions as its own stats (this period's equal `GET /api/departments/:key/stats` for it),
 * so a department costs its period's day rows and its open row, never a read per request.
 */
/** How long a cached scoreboard may answer when nothing changed (a clock crossing a target is written down by the scheduler, which counts as a change). */
const CACHE_MS = 30_000;
const CACHE_MAX = 1_000;

export class ScoreboardService {
  private generation?: (tenantId: string) => number | undefined;
  private readonly cache = new Map<string, { gen: number; at: number; value: Promise<Scoreboard> }>();

  constructor(
    private readonly departments: Pick<DepartmentService, "list">,
    private readonly stats: Pick<StatsService, "periodFigures">,
    private readonly clock: () => number = Date.now,
    /** Surveys' NPS, once they are wired (absent: every `nps` is null). */
    private nps?: NpsSource,
  ) {}

  /**
   * Scoreboards answered from memory while nothing of their tenant changed: `generation` (the
   * stream hub's count of the tenant's changes, defined only while a scoreboard stream follows
   * the tenant on this instance and so sees every change) must be the same as when it was
   * computed, and it at most CACHE_MS old. Every open tab reads again on each notice: with it,
   * a change costs one computation per instance, not one per viewer.
   */
  useGeneration(generation: (tenantId: string) => number | undefined) {
    this.generation = generation;
  }

  /** Wires the surveys' NPS (the app does once it has them). */
  useNps(source: NpsSource) {
    this.nps = source;
  }

  /** `GET /api/scoreboard?period=month|quarter`. */
  async scoreboard(actor: Actor, query: unknown, locale: Locale = "en"): Promise<Scoreboard> {
    const q = parse(scoreboardQuerySchema, query);
    if (!q.ok) throw badRequest(q.error.message, q.error.details);
    return this.of(actor.tenantId, q.value.period, locale);
  }

  /** The scoreboard of a tenant (the bot's `sla` and the API). */
  of(tenantId: string, period: ScoreboardPeriod, locale: Locale = "en"): Promise<Scoreboard> {
    // Read before computing: a change made meanwhile makes the next read compute again.
    const gen = this.generation?.(tenantId);
    if (gen === undefined) return this.compute(tenantId, period, locale);
    const key = `${tenantId}|${period}|${locale}`;
    const hit = this.cache.get(key);
    if (hit && hit.gen === gen && Date.now() - hit.at < CACHE_MS) return hit.value;
    const value = this.compute(tenantId, period, locale);
    this.cache.delete(key);
    this.cache.set(key, { gen, at: Date.now(), value });
    if (this.cache.size > CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    value.catch(() => this.cache.get(key)?.value === value && this.cache.delete(key));
    return value;
  }

  private async compute(tenantId: string, period: ScoreboardPeriod, locale: Locale): Promise<Scoreboard> {
    const now = this.clock();
    const departments = await this.departments.list(tenantId);
    const rows = await Promise.all(departments.map((d) => this.row(tenantId, d, period, now, locale)));
    return { period, goalPercent: GOAL_PERCENT, generatedAt: new Date(now).toISOString(), departments: rows };
  }

  /** The NPS as the scoreboard shows it; a survey failure shows none rather than no scoreboard. */
  private async npsOf(tenantId: string, dept: Department, now: number): Promise<ScoreboardNps | null> {
    if (!this.nps) return null;
    try {
      const f = await this.nps.npsOf(tenantId, dept, now);
      const before = f.trend.length > 1 ? f.trend[f.trend.length - 2]!.nps : null;
      return { period: f.period, responses: f.responses, nps: f.nps, trend: change(f.nps, before) };
    } catch (err) {
      log.error(`[tandem] scoreboard: NPS of ${dept.key} not read: ${(err as Error)?.message ?? err}`);
      return null;
    }
  }

  private async row(tenantId: string, dept: Department, period: ScoreboardPeriod, now: number, locale: Locale): Promise<ScoreboardRow> {
    const zone = dept.calendar.timeZone;
    const months = periodMonths(period, localMonthOf(now, zone));
    const span = ([first, last]: [string, string]) => ({ from: monthRange(first, zone).from, to: monthRange(last, zone).to });
    const [[cur, prev], nps] = await Promise.all([
      this.stats.periodFigures(tenantId, dept, [span(months.current), span(months.previous)], { minGroupSize: MIN_PUBLIC_GROUP }),
      this.npsOf(tenantId, dept, now),
    ]);
    const f = cur!.figures;
    const p = prev!.figures;
    return {
      key: dept.key,
      name: demoDepartmentName(dept.key, dept.name, locale),
      timeZone: zone,
      from: f.from,
      to: f.to,
      created: f.created,
      resolved: f.resolved,
      open: f.open,
      backlogByStatus: f.backlogByStatus,
      breachedNow: f.breachedNow,
      breaches: f.breaches,
      firstResponse: f.firstResponse,
      resolution: f.resolution,
      csat: { responses: f.csat.responses, average: f.csat.average, satisfiedPercent: f.csat.satisfiedPercent },
      ces: { responses: f.ces.responses, average: f.ces.average, easyPercent: f.ces.easyPercent },
      nps,
      kudos: f.kudos,
      previous: {
        from: p.from,
        to: p.to,
        created: p.created,
        resolved: p.resolved,
        firstResponse: { measured: p.firstResponse.measured, attainmentPercent: p.firstResponse.attainmentPercent },
        resolution: { measured: p.resolution.measured, attainmentPercent: p.resolution.attainmentPercent },
        csat: { responses: p.csat.responses, average: p.csat.average },
        ces: { responses: p.ces.responses, average: p.ces.average },
      },
      trend: {
        firstResponse: change(f.firstResponse.attainmentPercent, p.firstResponse.attainmentPercent),
        resolution: change(f.resolution.attainmentPercent, p.resolution.attainmentPercent),
        csat: change(f.csat.average, p.csat.average),
        ces: change(f.ces.average, p.ces.average),
      },
    };
  }
}
