import type { Department } from "../../shared/domain.ts";
import type { Actor } from "../../shared/permissions.ts";
import { localMonthOf, monthRange, type Attainment, type DepartmentStats } from "../../shared/stats/index.ts";
import type { Locale } from "../../shared/strings/index.ts";
import type { NpsFigures } from "../../shared/nps.ts";
import { parse, scoreboardQuerySchema } from "../../shared/validation/index.ts";
import { demoDepartmentName } from "../demo/demo-language.ts";
import { badRequest } from "./app-error.ts";
import { log } from "../telemetry/log.ts";
import type { DepartmentService } from "./department-service.ts";
import { MIN_PUBLIC_GROUP, type StatsService } from "./stats-service.ts";

export type ScoreboardPeriod = "month" | "quarter";

/**
 * The share of clocks on time the scoreboard draws as its goal line: the dashboard's green
 * (at or above it a department keeps its promises; below 75 it is red).
 */
export const GOAL_PERCENT = 90;

/** What the scoreboard needs of the surveys (SurveyService): a department's internal NPS. */
export interface NpsSource {
  npsOf(tenantId: string, dept: Department, now: number): Promise<NpsFigures>;
}

/** A department's NPS on the scoreboard: the score only (no verbatims), null under 5 answers. */
export interface ScoreboardNps {
  /** The pulse period it is of (shared/nps.ts `PulsePeriod` key). */
  period: string;
  responses: number;
  nps: number | null;
  /** This period's NPS minus the period before's; null when either has none. */
  trend: number | null;
}

/** The period before, as the trend compares. */
export interface PreviousFigures {
  from: string;
  to: string;
  created: number;
  resolved: number;
  firstResponse: Pick<Attainment, "measured" | "attainmentPercent">;
  resolution: Pick<Attainment, "measured" | "attainmentPercent">;
  csat: { responses: number; average: number | null };
  ces: { responses: number; average: number | null };
}

/** One department's row: aggregates only (no category, priority or request). */
export interface ScoreboardRow {
  key: string;
  name: string;
  timeZone: string;
  from: string;
  to: string;
  created: number;
  resolved: number;
  open: number;
  backlogByStatus: DepartmentStats["backlogByStatus"];
  breachedNow: number;
  breaches: number;
  firstResponse: Attainment;
  resolution: Attainment;
  csat: { responses: number; average: number | null; satisfiedPercent: number | null };
  ces: { responses: number; average: number | null; easyPercent: number | null };
  /** The department's internal NPS (surveys); null when they are not wired or failed. */
  nps: ScoreboardNps | null;
  /** Kudos given in the period. */
  kudos: number;
  previous: PreviousFigures;
  /** This period minus the one before: attainment in percentage points, CSAT in points; null when either side has none. */
  trend: { firstResponse: number | null; resolution: number | null; csat: number | null; ces: number | null };
}

export interface Scoreboard {
  period: ScoreboardPeriod;
  goalPercent: number;
  generatedAt: string;
  departments: ScoreboardRow[];
}

/** The local months [first, last] of the period holding `month` ("YYYY-MM"), and of the one before. */
export function periodMonths(period: ScoreboardPeriod, month: string): { current: [string, string]; previous: [string, string] } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const size = period === "quarter" ? 3 : 1;
  const start = y * 12 + (m - 1) - ((m - 1) % size);
  const name = (i: number) => `${String(Math.floor(i / 12)).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}`;
  return { current: [name(start), name(start + size - 1)], previous: [name(start - size), name(start - 1)] };
}

const diff = (a: number | null | undefined, b: number | null | undefined) =>
  a === null || a === undefined || b === null || b === undefined ? null : Math.round((a - b) * 10) / 10;

/**
 * Every department side by side (DESIGN.md "The internal-customer loop"), for anyone in the
 * tenant: the figures of each come from `StatsService.periodFigures`, the same day summaries and
 * definitions as its own stats (this period's equal `GET /api/departments/:key/stats` for it),
 * so a department costs its period's day rows and its open row, never a read per request.
 */
export class ScoreboardService {
  constructor(
    private readonly departments: Pick<DepartmentService, "list">,
    private readonly stats: Pick<StatsService, "periodFigures">,
    private readonly clock: () => number = Date.now,
    /** Surveys' NPS, once they are wired (absent: every `nps` is null). */
    private nps?: NpsSource,
  ) {}

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
  async of(tenantId: string, period: ScoreboardPeriod, locale: Locale = "en"): Promise<Scoreboard> {
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
      return { period: f.period, responses: f.responses, nps: f.nps, trend: diff(f.nps, before) };
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
        firstResponse: diff(f.firstResponse.attainmentPercent, p.firstResponse.attainmentPercent),
        resolution: diff(f.resolution.attainmentPercent, p.resolution.attainmentPercent),
        csat: diff(f.csat.average, p.csat.average),
        ces: diff(f.ces.average, p.ces.average),
      },
    };
  }
}
