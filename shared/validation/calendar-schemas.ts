/** A department's calendar: IANA zone, weekly working windows, holidays. */
import { z } from "zod";
import { WEEKDAYS } from "../domain.ts";
import type { Weekday, Window } from "../domain.ts";
import { LIMITS } from "./limits.ts";
import { described, got, lengthOf, num } from "./messages.ts";
import { matching, strict } from "./schema-builders.ts";
import { checkDate } from "./dates.ts";

const TIME_ZONE_DESC = `an IANA time zone name like "Europe/Madrid", "America/New_York" or "UTC"`;

/** The zone as Intl knows it (case fixed), or undefined when it is not an IANA zone. */
function resolveTimeZone(tz: string): string | undefined {
  if (tz.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-]*(?:\/[A-Za-z0-9_+\-]+)*$/.test(tz)) return undefined;
  if (/^(?:UTC|GMT|UT|Z)[+-]/i.test(tz)) return undefined; // "UTC+2": an offset, not a zone
  try {
    const resolved = new Intl.DateTimeFormat(undefined, { timeZone: tz }).resolvedOptions().timeZone;
    return resolved && resolved.toLowerCase() === tz.toLowerCase() ? resolved : tz;
  } catch {
    return undefined;
  }
}

export const timeZoneSchema = z.string({ error: described(TIME_ZONE_DESC) }).transform((tz, ctx) => {
  const resolved = resolveTimeZone(tz.trim());
  if (resolved) return resolved;
  const offset = /^\s*(?:UTC|GMT|UT)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*$/i.exec(tz);
  const hint = offset
    ? `: "${tz.trim()}" is a fixed offset, not a zone; use the zone of the place (e.g. "Europe/Madrid") so daylight saving time is followed${
        !offset[3] || offset[3] === "00" ? `, or "Etc/GMT${offset[1] === "+" ? "-" : "+"}${Number(offset[2])}" for a fixed offset (the sign is inverted in those names)` : ""
      }`
    : "";
  ctx.addIssue({ code: "custom", message: `must be ${TIME_ZONE_DESC} (got ${got(tz)})${hint}`, input: tz });
  return z.NEVER;
});

const START_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END_RE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const startTime = matching(START_RE, `a start time "HH:MM" from "00:00" to "23:59", like "09:00"`);
const endTime = matching(END_RE, `an end time "HH:MM" up to "24:00", like "17:00"`);
const WINDOW_EXAMPLE = `["09:00", "17:00"]`;

/** A working window ["HH:MM", "HH:MM"]: the start before the end. */
export const windowSchema = z
  .tuple([startTime, endTime], { error: described(`a window: a pair of times like ${WINDOW_EXAMPLE}`) })
  .superRefine((w, ctx) => {
    const [s, e] = w;
    if (START_RE.test(s) && END_RE.test(e) && s >= e) {
      ctx.addIssue({
        code: "custom",
        message: `must end after it starts (got "${s}" to "${e}"): use "24:00" for midnight, and split a window that crosses midnight into two days`,
        input: w,
      });
    }
  });

/** One weekday's windows: sorted by start time (any order is accepted), none overlapping. */
const daySchema = z
  .array(windowSchema, {
    error: described(`a list of windows like [${WINDOW_EXAMPLE}] or [["09:00", "13:00"], ["14:00", "18:00"]], or [] for a day off`, (iss) =>
      iss.code === "too_big" ? `must have at most ${LIMITS.windowsPerDayMax} windows (got ${num(lengthOf(iss.input))})` : undefined,
    ),
  })
  .max(LIMITS.windowsPerDayMax)
  .transform((windows, ctx): Window[] => {
    const order = windows.map((w, i) => ({ w, i })).sort((a, b) => (a.w[0] < b.w[0] ? -1 : a.w[0] > b.w[0] ? 1 : a.i - b.i));
    for (let k = 1; k < order.length; k++) {
      const prev = order[k - 1].w;
      const cur = order[k].w;
      if (cur[0] < prev[1]) {
        const merged = `${prev[0]}-${cur[1] > prev[1] ? cur[1] : prev[1]}`;
        ctx.addIssue({
          code: "custom",
          path: [order[k].i],
          message: `overlaps another window: ${cur[0]}-${cur[1]} overlaps ${prev[0]}-${prev[1]}; make one end before the other starts, or merge them into ${merged}`,
          input: windows,
        });
      }
    }
    return order.map((o) => [o.w[0], o.w[1]]);
  });

const WEEK_EXAMPLE = `{"mon": [["09:00", "17:00"]], ..., "sat": [], "sun": []}`;

/** The weekly windows; a missing day is a day off ([]). */
export const weekSchema = strict(
  {
    mon: daySchema.default([]),
    tue: daySchema.default([]),
    wed: daySchema.default([]),
    thu: daySchema.default([]),
    fri: daySchema.default([]),
    sat: daySchema.default([]),
    sun: daySchema.default([]),
  },
  `an object of weekdays like ${WEEK_EXAMPLE}`,
  `is not a weekday: use ${WEEKDAYS.join(", ")}`,
);

const holidayDate = z.string({ error: described(`a date "YYYY-MM-DD" like "2026-12-25"`) }).superRefine((s, ctx) => {
  const r = checkDate(s);
  if (!r.ok) ctx.addIssue({ code: "custom", message: r.message, input: s });
});

/** Whole local days off: real dates, at most 366; duplicates are dropped and the list sorted. */
const holidaysSchema = z
  .array(holidayDate, {
    error: described(`a list of dates like ["2026-12-25", "2027-01-01"]`, (iss) =>
      iss.code === "too_big" ? `must have at most ${LIMITS.holidaysMax} dates (got ${num(lengthOf(iss.input))}); keep the coming year's` : undefined,
    ),
  })
  .max(LIMITS.holidaysMax)
  .transform((ds) => [...new Set(ds)].sort());

export const calendarSchema = strict(
  {
    timeZone: timeZoneSchema,
    week: weekSchema,
    holidays: holidaysSchema.default([]),
  },
  `a calendar like {"timeZone": "Europe/Madrid", "week": ${WEEK_EXAMPLE}, "holidays": ["2026-12-25"]}`,
).superRefine((c, ctx) => {
  const week = c.week as Partial<Record<Weekday, unknown>> | undefined;
  if (week && typeof week === "object" && WEEKDAYS.every((d) => Array.isArray(week[d]) && (week[d] as unknown[]).length === 0)) {
    ctx.addIssue({
      code: "custom",
      path: ["week"],
      message: `has no working hours: add at least one window, e.g. "mon": [["09:00", "17:00"]] (a 24x7 calendar has [["00:00", "24:00"]] every day)`,
      input: c.week,
    });
  }
});
