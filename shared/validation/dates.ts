/** Dates and date-times as people type them: real calendar dates, zones required, UTC out. */
import { z } from "zod";
import { described, got } from "./messages.ts";

export const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
export const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export const daysIn = (y: number, m: number) => (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]);

/** Why year-month-day is not a real date, or undefined when it is. */
export function dateProblem(y: number, m: number, d: number): string | undefined {
  if (y < 1970 || y > 9999) return "the year must be 1970 to 9999";
  if (m < 1 || m > 12) return "the month must be 01 to 12";
  const max = daysIn(y, m);
  if (d < 1 || d > max) return `${MONTH_NAMES[m - 1]} ${y} has ${max} days`;
  return undefined;
}

export const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:\d{2})$/;
export const DATETIME_DESC = `an ISO 8601 date-time with a zone, like "2026-03-02T09:30:00Z" or "2026-03-02T10:30:00+01:00"`;

/** Checks "YYYY-MM-DD": the date itself, or a message. */
export function checkDate(s: string): { ok: true; value: string } | { ok: false; message: string } {
  const m = DATE_RE.exec(s);
  if (!m) return { ok: false, message: `must be a date "YYYY-MM-DD" like "2026-12-25" (got ${got(s)})` };
  const p = dateProblem(Number(m[1]), Number(m[2]), Number(m[3]));
  return p ? { ok: false, message: `must be a real date "YYYY-MM-DD": ${p} (got ${got(s)})` } : { ok: true, value: s };
}

/** Checks an ISO 8601 date-time with a zone: the instant as a UTC ISO string, or a message. */
export function checkDateTime(s: string): { ok: true; value: string } | { ok: false; message: string } {
  const m = DATETIME_RE.exec(s);
  if (!m) {
    const hint = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s) ? ": add the zone, e.g. Z for UTC" : "";
    return { ok: false, message: `must be ${DATETIME_DESC} (got ${got(s)})${hint}` };
  }
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const sec = m[6] ? Number(m[6]) : 0;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const p = dateProblem(y, mo, d);
  if (p) return { ok: false, message: `must be a real date-time: ${p} (got ${got(s)})` };
  if (h > 23 || mi > 59 || sec > 59) return { ok: false, message: `must be a real date-time: the time must be 00:00:00 to 23:59:59 (got ${got(s)})` };
  let offset = 0;
  if (m[8] !== "Z" && m[8] !== "z") {
    const oh = Number(m[8].slice(1, 3));
    const om = Number(m[8].slice(4, 6));
    if (oh > 23 || om > 59) return { ok: false, message: `must be a real date-time: the zone offset must be -23:59 to +23:59 (got ${got(s)})` };
    offset = (m[8][0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const t = Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset * 60_000;
  return { ok: true, value: new Date(t).toISOString() };
}

/** An optional date-time (absent, null or "": not given), normalised to a UTC ISO string. */
export const optionalDateTimeSchema = z
  .string({ error: described(DATETIME_DESC) })
  .nullish()
  .transform((v, ctx) => {
    const s = v?.trim();
    if (!s) return undefined;
    const r = checkDateTime(s);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: r.message, input: v });
      return z.NEVER;
    }
    return r.value;
  });
