/**
 * The company scoreboard (DESIGN.md "The internal-customer loop"): what
 * `GET /api/scoreboard?period=month|quarter` answers, and the periods it compares. Pure: no
 * I/O, safe for browser bundles (the tab's scoreboard and TV mode read these types).
 */
import type { Attainment, DepartmentStats } from "./stats/index.ts";

export type ScoreboardPeriod = "month" | "quarter";

/**
 * The share of clocks on time the scoreboard draws as its goal line: the dashboard's green
 * (at or above it a department keeps its promises; below 75 it is red).
 */
export const GOAL_PERCENT = 90;

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

/** a - b to one decimal; null when either is missing. */
export const change = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined ? null : Math.round((a - b) * 10) / 10;
