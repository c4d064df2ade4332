/**
 * Internal NPS (DESIGN.md "The internal-customer loop"): the pulse's periods and its arithmetic.
 * Pure: no I/O, safe for browser bundles.
 *
 * NPS = % promoters (9-10) - % detractors (0-6), a whole number from -100 to 100, and only
 * over at least `NPS_MIN_ANSWERS` answers (fewer: no figure, and no verbatims shown).
 */
import { PULSE_PERIOD_MONTHS } from "./domain.ts";
import { localMonthOf, monthRange } from "./sla/zone.ts";

/** Fewer answers than this in a period: no NPS and no verbatims (nobody's answer can be picked out). */
export const NPS_MIN_ANSWERS = 5;

/** How many trend periods `npsOf` answers (the period shown and the ones before it). */
export const NPS_TREND_PERIODS = 4;

/** The pulse question's scale: 0 to 10. */
export const NPS_SCORE_MAX = 10;

/** At most this many characters of "why?". */
export const NPS_COMMENT_MAX = 2000;

export type NpsGroup = "promoter" | "passive" | "detractor";

/** Counts of answers by group. */
export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/** A pulse period: `months` months starting with `start` ("YYYY-MM"); its key names it in storage and URLs. */
export interface PulsePeriod {
  /** `<start>_<months>m`, e.g. "2026-10_3m" (a quarter), "2026-11_1m" (a month). */
  key: string;
  start: string;
  months: number;
}

/** A verbatim: an answer's score and its "why?" (never who gave it). */
export interface Verbatim {
  score: number;
  comment: string;
  at: string;
}

/** One period of the trend. */
export interface NpsTrendPoint {
  period: string;
  responses: number;
  nps: number | null;
}

/** What `SurveyService.npsOf` answers: the latest surveyed period's NPS, its trend and verbatims. */
export interface NpsFigures extends NpsCounts {
  /** The period key (see `PulsePeriod`). */
  period: string;
  responses: number;
  /** null under `NPS_MIN_ANSWERS` answers. */
  nps: number | null;
  /** The last `NPS_TREND_PERIODS` periods, oldest first, ending with `period`. */
  trend: NpsTrendPoint[];
  /** The period's comments, newest first; empty under `NPS_MIN_ANSWERS` answers. */
  verbatims: Verbatim[];
}

/** A pending or answered pulse survey, as `GET /api/me/surveys` shows it. */
export interface PulseSurvey {
  /** `<department>.<period key>`: one per person, department and period. */
  id: string;
  department: string;
  departmentName: string;
  period: string;
  askedAt: string;
  answer?: { score: number; comment?: string; at: string };
}

export function npsGroup(score: number): NpsGroup {
  return score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
}

export function responsesOf(c: NpsCounts): number {
  return c.promoters + c.passives + c.detractors;
}

/** Counts of a list of scores (0-10). */
export function countScores(scores: number[]): NpsCounts {
  const c: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const s of scores) {
    const g = npsGroup(s);
    if (g === "promoter") c.promoters++;
    else if (g === "passive") c.passives++;
    else c.detractors++;
  }
  return c;
}

/**
 * NPS of the counts: % promoters - % detractors, rounded half away from zero to a whole number;
 * null under `NPS_MIN_ANSWERS` answers.
 */
export function nps(c: NpsCounts): number | null {
  const n = responsesOf(c);
  if (n < NPS_MIN_ANSWERS) return null;
  const exact = (100 * (c.promoters - c.detractors)) / n;
  const r = Math.sign(exact) * Math.round(Math.abs(exact));
  return r === 0 ? 0 : r; // never -0
}

/** Verbatims are shown only for a period of at least `NPS_MIN_ANSWERS` answers. */
export function visibleVerbatims(responses: number, verbatims: Verbatim[]): Verbatim[] {
  return responses >= NPS_MIN_ANSWERS ? verbatims : [];
}

const MONTH_RE = /^(\d{4})-(\d{2})$/;

function monthIndex(month: string): number {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`Month must be YYYY-MM, not "${month}".`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

function monthOfIndex(i: number): string {
  return `${String(Math.floor(i / 12)).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}`;
}

function checkMonths(months: number): void {
  if (!(PULSE_PERIOD_MONTHS as readonly number[]).includes(months)) throw new RangeError(`A pulse period is 1, 3, 6 or 12 months, not ${months}.`);
}

/** The period of `months` months (periods start in January) that holds a month ("YYYY-MM"). */
export function periodOfMonth(month: string, months: number): PulsePeriod {
  checkMonths(months);
  const i = monthIndex(month);
  const first = i - ((i % 12) % months);
  const start = monthOfIndex(first);
  return { key: `${start}_${months}m`, start, months };
}

/** A period from its key ("2026-10_3m"), or undefined when it is not one. */
export function parsePeriod(key: string): PulsePeriod | undefined {
  const m = /^(\d{4}-\d{2})_(\d{1,2})m$/.exec(key);
  if (!m) return undefined;
  const months = Number(m[2]);
  if (!(PULSE_PERIOD_MONTHS as readonly number[]).includes(months)) return undefined;
  if (Number(m[1]!.slice(5)) < 1 || Number(m[1]!.slice(5)) > 12) return undefined;
  const p = periodOfMonth(m[1]!, months);
  return p.key === key ? p : undefined;
}

/** The months ("YYYY-MM") of a period, first to last. */
export function periodMonths(p: PulsePeriod): string[] {
  const first = monthIndex(p.start);
  return Array.from({ length: p.months }, (_, k) => monthOfIndex(first + k));
}

/** The period `n` periods before `p` (n = 1: the one just before), of the same length. */
export function periodBefore(p: PulsePeriod, n = 1): PulsePeriod {
  return periodOfMonth(monthOfIndex(monthIndex(p.start) - n * p.months), p.months);
}

/** The period holding the instant `ms` in a zone. */
export function periodAt(ms: number, timeZone: string, months: number): PulsePeriod {
  return periodOfMonth(localMonthOf(ms, timeZone), months);
}

/** A period's boundaries in a zone: its first instant and the first instant after it. */
export function periodRange(p: PulsePeriod, timeZone: string): { from: number; to: number } {
  const months = periodMonths(p);
  return { from: monthRange(months[0]!, timeZone).from, to: monthRange(months[months.length - 1]!, timeZone).to };
}

/**
 * A period as people read it, in their language: "October–December 2026" ("octubre–diciembre de
 * 2026"), "November 2026", "2026" (a whole year).
 */
export function periodLabel(key: string, locale: string): string {
  const p = parsePeriod(key);
  if (!p) return key;
  const months = periodMonths(p);
  const at = (m: string) => new Date(`${m}-15T12:00:00Z`);
  const fmt = (opts: Intl.DateTimeFormatOptions, m: string) => new Intl.DateTimeFormat(locale, { ...opts, timeZone: "UTC" }).format(at(m));
  if (p.months === 12) return p.start.slice(0, 4);
  if (p.months === 1) return fmt({ month: "long", year: "numeric" }, p.start);
  const first = fmt({ month: "long" }, months[0]!);
  const last = fmt({ month: "long", year: "numeric" }, months[months.length - 1]!);
  return `${first}–${last}`;
}
