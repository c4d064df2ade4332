/**
 * Input validation for everything a person (or a client) sends to Tandem: API bodies, query
 * strings, bot commands turned into actions. Built on zod 4, with messages a person can act on:
 * each says which field is wrong, what is allowed (values, limits, format) and what was given.
 *
 * Pure: no I/O, no Node-only APIs, so the tab and the add-in validate forms with the same rules.
 *
 * Conventions (see also the notes in the final report / DESIGN.md):
 * - Objects are strict: an unknown property is refused with the list of allowed ones.
 *   The from-email body is the exception (Outlook clients add fields): unknown ones are dropped.
 * - Optional fields of request and action bodies also accept `null` (meaning "not given");
 *   optional texts and categories also accept "" as "not given".
 * - Date-times must carry a zone (`Z` or `+01:00`) and come out as ISO 8601 UTC strings.
 */
import { z } from "zod";
import { PRIORITIES, STATUSES, WEEKDAYS } from "./domain.ts";
import type { Priority, Status, Weekday, Window } from "./domain.ts";

// ---------------------------------------------------------------------------------------------
// Limits (DESIGN.md "Limits" and the schemas below)
// ---------------------------------------------------------------------------------------------

export const LIMITS = {
  titleMax: 200,
  descriptionMax: 32_000,
  departmentNameMax: 100,
  departmentDescriptionMax: 2_000,
  categoryNameMax: 80,
  categoriesMax: 100,
  peopleMax: 500,
  personIdMax: 128,
  personNameMax: 200,
  groupNameMax: 256,
  emailMax: 254,
  holidaysMax: 366,
  windowsPerDayMax: 12,
  targetMinutesMax: 525_600,
  commentMax: 32_000,
  ratingCommentMax: 2_000,
  internetMessageIdMax: 1_000,
  attachmentsMax: 500,
  listLimitMax: 200,
  listLimitDefault: 50,
  cursorMax: 2_000,
  statsSpanDaysMax: 366,
  rolesMax: 20,
} as const;

/** The title given to an email with an empty subject. */
export const NO_SUBJECT = "(no subject)";

// ---------------------------------------------------------------------------------------------
// The result of parsing
// ---------------------------------------------------------------------------------------------

export type Invalid = { code: "invalid_input"; message: string; details: Array<{ path: string; message: string }> };

/**
 * Validates `input` against `schema`. Never throws. On failure, `message` is one sentence naming
 * the first problem(s) ("title: must be 1 to 200 characters (got 0)."), and `details` lists every
 * problem with its dotted path ("calendar.week.mon[0]"). `what` names the input when it is a
 * single value (a path parameter, say "key"), and prefixes every path otherwise.
 */
export function parse<T>(
  schema: z.ZodType<T>,
  input: unknown,
  what?: string,
): { ok: true; value: T } | { ok: false; error: Invalid } {
  let result: ReturnType<typeof schema.safeParse>;
  try {
    result = schema.safeParse(input, { error: fallbackMessage });
  } catch {
    // A schema never throws on data; this is a last line of defence (a hostile getter, say).
    return { ok: false, error: toInvalid([{ path: what ?? "", message: "could not be read: send plain JSON data" }], what) };
  }
  if (result.success) return { ok: true, value: result.data };
  const details: Invalid["details"] = [];
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) details.push({ path: joinPath(what, [...issue.path, key]), message: issue.message });
    } else {
      details.push({ path: joinPath(what, issue.path), message: issue.message });
    }
  }
  return { ok: false, error: toInvalid(details, what) };
}

function toInvalid(details: Invalid["details"], what: string | undefined): Invalid {
  if (details.length === 0) details = [{ path: what ?? "", message: "is not valid" }];
  const shown = details.slice(0, 2).map((d) => (d.path ? `${d.path}: ${d.message}` : `Input ${d.message}`));
  const more = details.length - shown.length;
  const message = shown.join("; ") + (more > 0 ? `; and ${more} more problem${more === 1 ? "" : "s"} (see details)` : "") + ".";
  return { code: "invalid_input", message, details };
}

function joinPath(what: string | undefined, path: readonly PropertyKey[]): string {
  let out = what ?? "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else {
      const k = String(p);
      out += /^[A-Za-z_$][\w$]*$/.test(k) ? (out ? "." : "") + k : `[${JSON.stringify(k)}]`;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Message helpers
// ---------------------------------------------------------------------------------------------

/** 32000 -> "32,000" (integers only; everything else as is). */
function num(n: number): string {
  if (!Number.isInteger(n) || Math.abs(n) >= 1e21) return String(n);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/** What was given, for "(got ...)". */
function got(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "string") return v.length === 0 ? "an empty text" : quote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `a list of ${num(v.length)} item${v.length === 1 ? "" : "s"}`;
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}

/** Characters as the limits count them (code points: an emoji is one), or items of a list. */
function lengthOf(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (typeof v !== "string") return 0;
  let n = v.length;
  for (let i = 0; i < v.length - 1; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = v.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a JSON object",
  array: "a list (a JSON array)",
  tuple: "a list (a JSON array)",
  null: "null",
};

type RawIssue = z.core.$ZodRawIssue;
type ErrorFn = (iss: RawIssue) => string | undefined;

/**
 * The messages for issues no schema below words itself (the per-parse error map: any message a
 * schema sets takes precedence).
 */
const fallbackMessage = (iss: RawIssue): string => {
  const input = iss.input;
  switch (iss.code) {
    case "invalid_type": {
      const expected = EXPECTED[String(iss.expected)] ?? String(iss.expected);
      if (input === undefined) return `is required (${expected})`;
      if (iss.expected === "string" && Array.isArray(input)) return `must be given once, as text (got ${got(input)})`;
      return `must be ${expected} (got ${got(input)})`;
    }
    case "too_small": {
      const min = Number(iss.minimum);
      if (iss.origin === "string") return `must be at least ${num(min)} character${min === 1 ? "" : "s"} (got ${num(lengthOf(input))})`;
      if (iss.origin === "array" || iss.origin === "set") return `must have at least ${num(min)} item${min === 1 ? "" : "s"} (got ${num(lengthOf(input))})`;
      return `must be at least ${num(min)} (got ${got(input)})`;
    }
    case "too_big": {
      const max = Number(iss.maximum);
      if (iss.origin === "string") return `must be at most ${num(max)} characters (got ${num(lengthOf(input))})`;
      if (iss.origin === "array" || iss.origin === "set") return `must have at most ${num(max)} items (got ${num(lengthOf(input))})`;
      return `must be at most ${num(max)} (got ${got(input)})`;
    }
    case "invalid_format":
      return `has the wrong format (got ${got(input)})`;
    case "invalid_value":
      return `must be ${oneOf(iss.values.map(String))} (got ${got(input)})`;
    case "not_multiple_of":
      return `must be a multiple of ${String(iss.divisor)} (got ${got(input)})`;
    case "unrecognized_keys":
      return "is not a known property: remove it";
    case "invalid_union":
      return `does not match any of the allowed forms (got ${got(input)})`;
    default:
      return `is not valid (got ${got(input)})`;
  }
};

function oneOf(values: readonly string[]): string {
  if (values.length === 1) return `"${values[0]}"`;
  return `one of ${values.join(", ")}`;
}

/** An error map for a value described as `desc`: "is required: desc" / "must be desc (got x)". */
function described(desc: string, also?: ErrorFn): ErrorFn {
  return (iss) => {
    const special = also?.(iss);
    if (special) return special;
    if (iss.input === undefined && iss.code === "invalid_type") return `is required: ${desc}`;
    if (iss.code === "unrecognized_keys" || iss.code === "custom") return undefined;
    return `must be ${desc} (got ${got(iss.input)})`;
  };
}

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

function range(min: number, max: number, unit: string): string {
  return min <= 0 ? `at most ${num(max)} ${unit}` : `${num(min)} to ${num(max)} ${unit}`;
}

/** A string of `min` to `max` characters (after trimming when `trim`). */
function text(min: number, max: number, opts: { trim?: boolean; nonBlank?: boolean } = {}) {
  const r = range(min, max, "characters");
  let s = z.string({
    error: (issue) => {
      const iss = issue as RawIssue;
      if (iss.code === "too_small" || iss.code === "too_big") return `must be ${r} (got ${num(lengthOf(iss.input))})`;
      if (iss.code === "invalid_type") return iss.input === undefined ? `is required: text of ${r}` : `must be text of ${r} (got ${got(iss.input)})`;
      return undefined;
    },
  });
  if (opts.trim) s = s.trim();
  s = s.min(min).max(max);
  if (opts.nonBlank) s = s.refine((v) => v.trim().length > 0, { error: "must not be blank (it has only spaces)" });
  return s;
}

/** An optional text: absent, null and "" (after trimming) all mean "not given". */
function optionalText(max: number) {
  return text(0, max, { trim: true })
    .nullish()
    .transform((v) => (v ? v : undefined));
}

/** A strict object: unknown properties are refused, naming the allowed ones. */
function strict<T extends z.core.$ZodLooseShape>(shape: T, desc: string, unknownMessage?: string, requiredMessage?: string) {
  const allowed = Object.keys(shape);
  const unknown = unknownMessage ?? `is not a known property${allowed.length ? ` (allowed: ${allowed.join(", ")})` : " (none are expected)"}`;
  return z.strictObject(shape, {
    error: described(desc, (iss) =>
      iss.code === "unrecognized_keys" ? unknown : requiredMessage && iss.code === "invalid_type" && iss.input === undefined ? requiredMessage : undefined,
    ),
  });
}

/** A string that must match `re`, described as `desc` in messages. */
function matching(re: RegExp, desc: string | ((input: string) => string)) {
  const d = (input: unknown) => (typeof desc === "string" ? desc : desc(typeof input === "string" ? input : ""));
  return z.string({
    error: (iss: RawIssue) => {
      if (iss.code === "invalid_type" && iss.input === undefined) return `is required: ${d("")}`;
      return `must be ${d(iss.input)} (got ${got(iss.input)})`;
    },
  }).regex(re);
}

const EMAIL_RE = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\.]+(?:\.[^\s@"(),:;<>[\]\\.]+)+$/u;
const EMAIL_DESC = `a valid email address like "ana@example.com"`;

function emailProblem(v: string): string | undefined {
  if (v.length > LIMITS.emailMax || !EMAIL_RE.test(v) || v.split("@")[0].length > 64) return `must be ${EMAIL_DESC} (got ${got(v)})`;
  return undefined;
}

/** A required email address (trimmed). International addresses are accepted. */
const emailSchema = z
  .string({ error: described(EMAIL_DESC) })
  .trim()
  .superRefine((v, ctx) => {
    const p = emailProblem(v);
    if (p) ctx.addIssue({ code: "custom", message: p, input: v });
  });

/** An optional email address: absent, null and "" mean "not given". */
const optionalEmailSchema = z
  .string({ error: described(EMAIL_DESC) })
  .nullish()
  .transform((v, ctx) => {
    const s = v?.trim();
    if (!s) return undefined;
    const p = emailProblem(s);
    if (p) {
      ctx.addIssue({ code: "custom", message: p, input: v });
      return z.NEVER;
    }
    return s;
  });

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) => (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]);

/** Why year-month-day is not a real date, or undefined when it is. */
function dateProblem(y: number, m: number, d: number): string | undefined {
  if (y < 1970 || y > 9999) return "the year must be 1970 to 9999";
  if (m < 1 || m > 12) return "the month must be 01 to 12";
  const max = daysIn(y, m);
  if (d < 1 || d > max) return `${MONTH_NAMES[m - 1]} ${y} has ${max} days`;
  return undefined;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATETIME_DESC = `an ISO 8601 date-time with a zone, like "2026-03-02T09:30:00Z" or "2026-03-02T10:30:00+01:00"`;

/** Checks "YYYY-MM-DD": the date itself, or a message. */
function checkDate(s: string): { ok: true; value: string } | { ok: false; message: string } {
  const m = DATE_RE.exec(s);
  if (!m) return { ok: false, message: `must be a date "YYYY-MM-DD" like "2026-12-25" (got ${got(s)})` };
  const p = dateProblem(Number(m[1]), Number(m[2]), Number(m[3]));
  return p ? { ok: false, message: `must be a real date "YYYY-MM-DD": ${p} (got ${got(s)})` } : { ok: true, value: s };
}

/** Checks an ISO 8601 date-time with a zone: the instant as a UTC ISO string, or a message. */
function checkDateTime(s: string): { ok: true; value: string } | { ok: false; message: string } {
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
const optionalDateTimeSchema = z
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

// ---------------------------------------------------------------------------------------------
// Departments
// ---------------------------------------------------------------------------------------------

const DEPARTMENT_KEY_RE = /^[A-Z][A-Z0-9]{1,9}$/;
const DEPARTMENT_KEY_DESC = `a department key of 2 to 10 characters, capital letters A-Z and digits, starting with a letter, e.g. "IT" or "HR2"`;

function departmentKeyMessage(iss: RawIssue): string {
  if (iss.code === "invalid_type" && iss.input === undefined) return `is required: ${DEPARTMENT_KEY_DESC}`;
  const input = iss.input;
  const upper = typeof input === "string" ? input.trim().toUpperCase() : "";
  const hint = upper && upper !== input && DEPARTMENT_KEY_RE.test(upper) ? `; use "${upper}"` : "";
  return `must be ${DEPARTMENT_KEY_DESC} (got ${got(input)}${hint})`;
}

/** A department key as created: `^[A-Z][A-Z0-9]{1,9}$` exactly. */
export const departmentKeySchema = z.string({ error: departmentKeyMessage }).regex(DEPARTMENT_KEY_RE);

/** A reference to a department in a request body: any case and spaces around are accepted ("it" -> "IT"). */
export const departmentRefSchema = z.string({ error: departmentKeyMessage }).trim().toUpperCase().regex(DEPARTMENT_KEY_RE);

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

const MINUTES_DESC = `a whole number of business minutes from 1 to ${num(LIMITS.targetMinutesMax)}, at most a year`;
const minutesSchema = z.number({ error: described(MINUTES_DESC) }).int().min(1).max(LIMITS.targetMinutesMax);

export const slaTargetSchema = strict(
  { firstResponseMinutes: minutesSchema, resolutionMinutes: minutesSchema },
  `a target like {"firstResponseMinutes": 60, "resolutionMinutes": 480}`,
  undefined,
  `is required: every priority (${PRIORITIES.join(", ")}) needs a target like {"firstResponseMinutes": 60, "resolutionMinutes": 480}`,
).superRefine((t, ctx) => {
  const { firstResponseMinutes: fr, resolutionMinutes: res } = t;
  if (typeof fr === "number" && typeof res === "number" && fr > res) {
    ctx.addIssue({
      code: "custom",
      path: ["firstResponseMinutes"],
      message: `must not be more than resolutionMinutes (got ${num(fr)} > ${num(res)}): the first response cannot be due after the resolution`,
      input: t,
    });
  }
});

const PRIORITY_LIST = PRIORITIES.join(", ");

export const slaPolicySchema = strict(
  {
    warnAtPercent: z
      .number({ error: described(`a whole number from 1 to 99: the percentage of a target at which a request turns "at risk" (default 80)`) })
      .int()
      .min(1)
      .max(99)
      .default(80),
    targets: strict(
      { low: slaTargetSchema, normal: slaTargetSchema, high: slaTargetSchema, urgent: slaTargetSchema },
      `an object with a target for each priority (${PRIORITY_LIST})`,
      `is not a priority: use ${PRIORITY_LIST}`,
    ),
  },
  `an SLA policy like {"warnAtPercent": 80, "targets": {"low": {...}, "normal": {...}, "high": {...}, "urgent": {...}}}`,
);

const CATEGORY_KEY_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const CATEGORY_KEY_DESC = `a category key of 1 to 40 characters: lowercase letters, digits and hyphens, starting with a letter or digit, e.g. "hardware" or "vpn-access"`;

export const categoryKeySchema = matching(CATEGORY_KEY_RE, CATEGORY_KEY_DESC);

export const categorySchema = strict(
  { key: categoryKeySchema, name: text(1, LIMITS.categoryNameMax, { trim: true }) },
  `a category like {"key": "hardware", "name": "Hardware"}`,
);

/** Categories of a department: at most 100, keys unique. */
export const categoriesSchema = z
  .array(categorySchema, {
    error: described(`a list of categories like [{"key": "hardware", "name": "Hardware"}]`, (iss) =>
      iss.code === "too_big" ? `must have at most ${LIMITS.categoriesMax} categories (got ${num(lengthOf(iss.input))})` : undefined,
    ),
  })
  .max(LIMITS.categoriesMax)
  .superRefine((cats, ctx) => {
    const seen = new Map<string, number>();
    cats.forEach((c, i) => {
      const first = seen.get(c.key);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: [i, "key"], message: `"${c.key}" is already used by category ${first + 1}: category keys must be unique`, input: c.key });
      } else seen.set(c.key, i);
    });
  });

export const personSchema = strict(
  {
    id: text(1, LIMITS.personIdMax, { nonBlank: true }),
    name: text(1, LIMITS.personNameMax, { trim: true }),
    email: optionalEmailSchema,
  },
  `a person like {"id": "<user id>", "name": "Ana García", "email": "ana@example.com"}`,
).transform((p) => (p.email ? { id: p.id, name: p.name, email: p.email } : { id: p.id, name: p.name }));

function peopleSchema(role: string) {
  return z
    .array(personSchema, {
      error: described(`a list of people like [{"id": "<user id>", "name": "Ana García"}]`, (iss) =>
        iss.code === "too_big" ? `must have at most ${LIMITS.peopleMax} ${role} (got ${num(lengthOf(iss.input))})` : undefined,
      ),
    })
    .max(LIMITS.peopleMax)
    .superRefine((people, ctx) => {
      const seen = new Map<string, number>();
      people.forEach((p, i) => {
        const first = seen.get(p.id);
        if (first !== undefined) {
          ctx.addIssue({ code: "custom", path: [i, "id"], message: `"${p.id}" is listed twice among the ${role}: list each person once`, input: p.id });
        } else seen.set(p.id, i);
      });
    });
}

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const GROUP_ID_DESC = `the group's object id (a GUID like "9f000000-0000-4000-8000-00000000a9e1", shown in Entra ID > Groups > the group's Overview), not its name or email`;

/**
 * The Entra group whose members are a department's agents too. Absent, null: none. Its id is
 * the group's object id; its name is only for people reading the catalogue.
 */
export const agentsGroupSchema = strict(
  {
    id: matching(GUID_RE, GROUP_ID_DESC),
    name: optionalText(LIMITS.groupNameMax),
  },
  `an Entra group like {"id": "<group object id (a GUID)>", "name": "IT Agents"}`,
)
  .nullish()
  .transform((g) => (g ? (g.name ? { id: g.id.toLowerCase(), name: g.name } : { id: g.id.toLowerCase() }) : undefined));

/** The body of `PUT /api/departments/:key`. */
export const departmentBodySchema = strict(
  {
    name: text(1, LIMITS.departmentNameMax, { trim: true }),
    description: text(0, LIMITS.departmentDescriptionMax).default(""),
    calendar: calendarSchema,
    sla: slaPolicySchema,
    categories: categoriesSchema.default([]),
    agents: peopleSchema("agents").default([]),
    leads: peopleSchema("leads").default([]),
    agentsGroup: agentsGroupSchema,
  },
  `a department like {"name": "IT", "calendar": {...}, "sla": {...}}`,
);

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

export const prioritySchema = z.enum(PRIORITIES, { error: described(`one of ${PRIORITY_LIST}`) });

const optionalPrioritySchema = prioritySchema.nullish().transform((p): Priority => p ?? "normal");

/** An optional category key: absent, null and "" mean none. */
const optionalCategorySchema = z
  .string({ error: described(CATEGORY_KEY_DESC) })
  .nullish()
  .transform((v, ctx) => {
    const s = v?.trim();
    if (!s) return undefined;
    if (!CATEGORY_KEY_RE.test(s)) {
      ctx.addIssue({ code: "custom", message: `must be ${CATEGORY_KEY_DESC} (got ${got(v)})`, input: v });
      return z.NEVER;
    }
    return s;
  });

/** The body of `POST /api/requests`. */
export const createRequestSchema = strict(
  {
    department: departmentRefSchema,
    title: text(1, LIMITS.titleMax, { trim: true }),
    description: text(0, LIMITS.descriptionMax).nullish().transform((d) => d ?? ""),
    category: optionalCategorySchema,
    priority: optionalPrioritySchema,
  },
  `a request like {"department": "IT", "title": "VPN does not connect"}`,
);

const attachmentSchema = z.object(
  {
    name: z.string({ error: described("the file name, as text") }).max(1_000).default(""),
    size: z.number({ error: described("the size in bytes, a whole number of 0 or more") }).int().min(0),
    contentType: z
      .string({ error: described(`a media type like "application/pdf"`) })
      .max(255)
      .nullish()
      .transform((t) => t || "application/octet-stream"),
  },
  { error: described(`an attachment like {"name": "report.pdf", "size": 12345, "contentType": "application/pdf"}`) },
);

/**
 * The body of `POST /api/requests/from-email`. Unlike the other bodies, unknown properties are
 * dropped (Outlook clients send more than we need). The subject and the body are kept as sent:
 * `emailToRequestFields` makes the title and the description from them.
 */
export const fromEmailSchema = z.object(
  {
    internetMessageId: text(1, LIMITS.internetMessageIdMax, { nonBlank: true }),
    subject: z.string({ error: described("the email's subject, as text (it may be empty)") }).nullish().transform((s) => s ?? ""),
    body: z.string({ error: described("the email's body, as text or HTML") }).nullish().transform((s) => s ?? ""),
    bodyFormat: z
      .enum(["text", "html"], { error: described(`"text" or "html"`) })
      .nullish()
      .transform((f) => f ?? "text"),
    from: z
      .object(
        {
          name: z
            .string({ error: described("the sender's display name, as text (it may be empty)") })
            .nullish()
            .transform((n) => cutTitle(cleanLine(n ?? ""), LIMITS.personNameMax)),
          email: emailSchema,
        },
        { error: described(`the sender, like {"name": "Ana García", "email": "ana@example.com"}`) },
      )
      .transform((f) => ({ name: f.name || f.email, email: f.email })),
    receivedAt: optionalDateTimeSchema,
    webLink: z
      .string({ error: described("an https link to the message, or empty") })
      .nullish()
      .transform((v, ctx) => {
        const s = v?.trim();
        if (!s) return undefined;
        if (s.length > 4_000 || !isHttpsUrl(s)) {
          ctx.addIssue({ code: "custom", message: `must be an https:// link to the message, or empty (got ${got(v)})`, input: v });
          return z.NEVER;
        }
        return s;
      }),
    attachments: z
      .array(attachmentSchema, {
        error: described("a list of attachments", (iss) =>
          iss.code === "too_big" ? `must have at most ${LIMITS.attachmentsMax} attachments (got ${num(lengthOf(iss.input))})` : undefined,
        ),
      })
      .max(LIMITS.attachmentsMax)
      .nullish()
      .transform((a) => a ?? undefined),
    department: departmentRefSchema,
    category: optionalCategorySchema,
    priority: optionalPrioritySchema,
  },
  { error: described(`an email like {"internetMessageId": "<id@example.com>", "subject": "...", "body": "...", "from": {"name": "...", "email": "..."}, "department": "IT"}`) },
);

function isHttpsUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "https:" && !!u.hostname;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Email to request
// ---------------------------------------------------------------------------------------------

/** Cuts `s` to at most `max` UTF-16 units without splitting a surrogate pair. */
function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return s.slice(0, end);
}

/** A single line: control characters (line breaks, tabs) become one space; trimmed. */
function cleanLine(s: string): string {
  return s.replace(/[ \t]*[\u0000-\u001f\u007f]+[ \t]*/g, " ").trim();
}

/** At most `max` characters; a longer text is cut and ends with "…". */
function cutTitle(s: string, max: number): string {
  return s.length <= max ? s : `${clip(s, max - 1).trimEnd()}…`;
}

/** Line ends normalised to \n, control characters other than tab and line feed dropped, outer blank lines trimmed. */
function cleanBody(s: string): string {
  return s
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .replace(/^(?:[ \t]*\n)+/, "")
    .trimEnd();
}

/**
 * The title and description of a request made from an email. The title is the subject as it
 * is (prefixes like "RE:" kept), on one line, "(no subject)" when empty, and cut to 200
 * characters ending with "…". The description is the body (HTML converted to text), kept to
 * 32,000 characters: `truncated` says when it was longer.
 */
export function emailToRequestFields(input: { subject?: string | null; body?: string | null; bodyFormat?: "text" | "html" | null }): {
  title: string;
  description: string;
  truncated: boolean;
} {
  const subject = cleanLine(input.subject ?? "");
  const title = subject ? cutTitle(subject, LIMITS.titleMax) : NO_SUBJECT;
  const raw = input.body ?? "";
  const full = cleanBody(input.bodyFormat === "html" ? htmlToText(raw) : raw);
  const truncated = full.length > LIMITS.descriptionMax;
  return { title, description: truncated ? clip(full, LIMITS.descriptionMax) : full, truncated };
}

// ---------------------------------------------------------------------------------------------
// HTML to text
// ---------------------------------------------------------------------------------------------

/** Elements whose content is never text for a reader. */
const DROPPED = new Set(["script", "style", "head", "title", "template", "svg", "iframe", "object", "noembed", "noframes"]);
/** Elements that start and end a line. */
const BLOCKS = new Set([
  "p", "div", "li", "tr", "table", "thead", "tbody", "tfoot", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
  "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "nav", "aside", "main", "address",
  "figure", "figcaption", "form", "fieldset", "hr", "center", "caption",
]);

const LATIN1 =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest " +
  "Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig " +
  "agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml";

const ENTITIES: Record<string, string> = (() => {
  const map: Record<string, string> = Object.create(null);
  LATIN1.split(" ").forEach((name, i) => (map[name] = String.fromCharCode(160 + i)));
  const more: Record<string, number> = {
    amp: 38, lt: 60, gt: 62, quot: 34, apos: 39, OElig: 338, oelig: 339, Scaron: 352, scaron: 353, Yuml: 376, fnof: 402,
    circ: 710, tilde: 732, ensp: 8194, emsp: 8195, thinsp: 8201, zwnj: 8204, zwj: 8205, lrm: 8206, rlm: 8207,
    ndash: 8211, mdash: 8212, lsquo: 8216, rsquo: 8217, sbquo: 8218, ldquo: 8220, rdquo: 8221, bdquo: 8222,
    dagger: 8224, Dagger: 8225, bull: 8226, hellip: 8230, permil: 8240, prime: 8242, Prime: 8243, lsaquo: 8249,
    rsaquo: 8250, euro: 8364, trade: 8482, larr: 8592, uarr: 8593, rarr: 8594, darr: 8595, harr: 8596,
    minus: 8722, le: 8804, ge: 8805, ne: 8800, infin: 8734, asymp: 8776, check: 10003,
  };
  for (const [k, v] of Object.entries(more)) map[k] = String.fromCharCode(v);
  return map;
})();
/** Entities browsers decode even without the final ";". */
const LEGACY = new Set(["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]);

/** Decodes HTML character references (named, decimal, hexadecimal). Unknown ones stay as they are. */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}))(;?)/g, (m, dec?: string, hex?: string, name?: string, semi?: string) => {
    if (name !== undefined) {
      const ch = ENTITIES[name];
      if (ch !== undefined && (semi || LEGACY.has(name))) return ch;
      // "&copy2026": a legacy entity followed by text, as browsers read it.
      for (const legacy of LEGACY) if (name.startsWith(legacy)) return ENTITIES[legacy] + m.slice(legacy.length + 1);
      return m;
    }
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? "", 16);
    if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
    return String.fromCodePoint(code);
  });
}

/**
 * Plain text from an email's HTML body. A small, linear scanner, not a browser: tags are
 * dropped, script/style/head (and similar) are dropped with their content, comments are
 * dropped, entities are decoded, whitespace is collapsed as a browser would (kept inside
 * <pre>), and <br>, </p>, </div>, </li> and other block ends become line breaks. List items
 * start with "- ". Nothing is ever evaluated or fetched.
 */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  let atLineStart = true;
  let pendingSpace = false;
  let pre = 0;
  let quotesUnreliable = false;

  const breakLine = (force: boolean) => {
    if (force || !atLineStart) parts.push("\n");
    atLineStart = true;
    pendingSpace = false;
  };
  const emitText = (raw: string) => {
    if (!raw) return;
    if (pre > 0) {
      const t = decodeEntities(raw);
      parts.push(t);
      atLineStart = t.endsWith("\n");
      pendingSpace = false;
      return;
    }
    let t = raw.replace(/[ \t\n\r\f]+/g, " ");
    if (t.startsWith(" ")) {
      pendingSpace = true;
      t = t.slice(1);
    }
    if (!t) return;
    const endsWithSpace = t.endsWith(" ");
    if (endsWithSpace) t = t.slice(0, -1);
    if (pendingSpace && !atLineStart) parts.push(" ");
    parts.push(decodeEntities(t));
    atLineStart = false;
    pendingSpace = endsWithSpace;
  };

  /** Index just past the ">" ending the tag that starts at `from`, or -1. */
  const tagEnd = (from: number): number => {
    if (!quotesUnreliable) {
      let quote = "";
      for (let j = from; j < html.length; j++) {
        const c = html[j];
        if (quote) {
          if (c === quote) quote = "";
        } else if (c === '"' || c === "'") {
          // Quotes only count inside attribute values (after "=").
          if (/=\s*$/.test(html.slice(Math.max(from, j - 8), j))) quote = c;
        } else if (c === ">") return j + 1;
      }
      // An unclosed quote: from now on, quotes are ignored (keeps the scan linear).
      quotesUnreliable = true;
    }
    const k = html.indexOf(">", from);
    return k < 0 ? -1 : k + 1;
  };

  let i = 0;
  let textStart = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt < 0) break;
    const next = html.charAt(lt + 1);
    // Comments, doctype, CDATA, processing instructions.
    if (next === "!" || next === "?") {
      emitText(html.slice(textStart, lt));
      let end: number;
      if (html.startsWith("<!--", lt)) {
        const k = html.indexOf("-->", lt + 4);
        end = k < 0 ? html.length : k + 3;
      } else if (html.startsWith("<![CDATA[", lt)) {
        const k = html.indexOf("]]>", lt + 9);
        emitText(html.slice(lt + 9, k < 0 ? html.length : k));
        end = k < 0 ? html.length : k + 3;
      } else {
        const k = html.indexOf(">", lt + 2);
        end = k < 0 ? html.length : k + 1;
      }
      i = textStart = end;
      continue;
    }
    const closing = next === "/";
    const nameMatch = /^[A-Za-z][A-Za-z0-9:-]*/.exec(html.slice(lt + (closing ? 2 : 1), lt + (closing ? 2 : 1) + 40));
    if (!nameMatch) {
      // "a < b": a literal "<".
      i = lt + 1;
      continue;
    }
    const end = tagEnd(lt + 1);
    if (end < 0) {
      // An unfinished tag at the very end: dropped, like a browser does.
      emitText(html.slice(textStart, lt));
      i = textStart = html.length;
      break;
    }
    emitText(html.slice(textStart, lt));
    const name = nameMatch[0].toLowerCase();
    i = textStart = end;
    const selfClosing = html.charAt(end - 2) === "/";

    if (!closing && DROPPED.has(name) && !selfClosing) {
      const re = new RegExp(`</${name}[\\s/>]`, "gi");
      re.lastIndex = end;
      const m = re.exec(html);
      if (!m) {
        i = textStart = html.length;
        break;
      }
      const close = html.indexOf(">", m.index);
      i = textStart = close < 0 ? html.length : close + 1;
      continue;
    }
    if (name === "br") {
      breakLine(true);
    } else if (name === "li" && !closing) {
      breakLine(false);
      parts.push("- ");
      atLineStart = false;
      pendingSpace = false;
    } else if (BLOCKS.has(name)) {
      breakLine(false);
      if (name === "pre") pre = closing ? Math.max(0, pre - 1) : selfClosing ? pre : pre + 1;
    } else if (!closing && (name === "td" || name === "th")) {
      pendingSpace = true;
    }
  }
  emitText(html.slice(textStart));
  return parts
    .join("")
    .replace(/\u00a0/g, " ")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------

export const ACTION_NAMES = ["take", "assign", "comment", "wait", "resume", "resolve", "reopen", "cancel", "priority", "rate"] as const;
const ACTION_LIST = ACTION_NAMES.join(", ");

function action<A extends (typeof ACTION_NAMES)[number], S extends z.core.$ZodLooseShape>(name: A, shape: S) {
  return strict({ action: z.literal(name), ...shape }, `a "${name}" action`);
}

const SCORE_DESC = "a whole number from 1 to 5, where 1 is very poor and 5 is excellent";

/** The requester's rating of a resolved request: `{"action": "rate", "score": 1..5, "comment"?}`. */
export const ratingSchema = action("rate", {
  score: z.number({ error: described(SCORE_DESC) }).int().min(1).max(5),
  comment: optionalText(LIMITS.ratingCommentMax),
});

/** The body of `POST /api/requests/:id/actions`, one form per `action`. */
export const actionSchema = z.discriminatedUnion(
  "action",
  [
    action("take", {}),
    action("assign", { assignee: personSchema }),
    action("comment", {
      text: text(1, LIMITS.commentMax, { trim: true }),
      public: z
        .boolean({ error: described("true (the requester sees it) or false (an internal note)") })
        .nullish()
        .transform((p) => p ?? true),
    }),
    action("wait", { text: optionalText(LIMITS.commentMax) }),
    action("resume", { text: optionalText(LIMITS.commentMax) }),
    action("resolve", { text: optionalText(LIMITS.commentMax) }),
    action("reopen", { text: optionalText(LIMITS.commentMax) }),
    action("cancel", { text: optionalText(LIMITS.commentMax) }),
    action("priority", { priority: prioritySchema }),
    ratingSchema,
  ],
  {
    error: (iss) => {
      if (iss.code === "invalid_union") {
        const given = iss.input && typeof iss.input === "object" ? (iss.input as Record<string, unknown>).action : undefined;
        return given === undefined ? `is required: one of ${ACTION_LIST}` : `must be one of ${ACTION_LIST} (got ${got(given)})`;
      }
      if (iss.code === "invalid_type") {
        return iss.input === undefined
          ? `is required: an action like {"action": "take"}`
          : `must be an action like {"action": "comment", "text": "..."} (got ${got(iss.input)})`;
      }
      return undefined;
    },
  },
);

// ---------------------------------------------------------------------------------------------
// Query strings (values arrive as text; a repeated parameter arrives as a list)
// ---------------------------------------------------------------------------------------------

type Check<T> = { ok: true; value: T } | { ok: false; message: string };

/** A query parameter: absent or "" gives `fallback`; otherwise `read` decides. */
function param<T>(read: (s: string) => Check<T>, fallback: T) {
  return z.unknown().optional().transform((v, ctx): T => {
    if (v === undefined || v === null || v === "") return fallback;
    if (Array.isArray(v)) {
      ctx.addIssue({ code: "custom", message: `must be given once (got it ${v.length} times)`, input: v });
      return z.NEVER;
    }
    if (typeof v !== "string" && typeof v !== "number") {
      ctx.addIssue({ code: "custom", message: `must be text (got ${got(v)})`, input: v });
      return z.NEVER;
    }
    const r = read(String(v).trim());
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: r.message, input: v });
      return z.NEVER;
    }
    return r.value;
  });
}

export const LIST_STATUSES = ["open", "all", ...STATUSES] as const;
export type ListStatus = "open" | "all" | Status;

/** `?status=open|all|<status>&limit=1..200&cursor=` (status defaults to open, limit to 50). */
export const listQuerySchema = strict(
  {
    status: param<ListStatus>(
      (s) =>
        (LIST_STATUSES as readonly string[]).includes(s)
          ? { ok: true, value: s as ListStatus }
          : { ok: false, message: `must be open, all, or one of ${STATUSES.join(", ")} (got ${got(s)})` },
      "open",
    ),
    limit: param<number>((s) => {
      const n = /^\d{1,6}$/.test(s) ? Number(s) : NaN;
      return n >= 1 && n <= LIMITS.listLimitMax
        ? { ok: true, value: n }
        : { ok: false, message: `must be a whole number from 1 to ${LIMITS.listLimitMax} (got ${got(s)})` };
    }, LIMITS.listLimitDefault),
    cursor: param<string | undefined>(
      (s) => (s.length <= LIMITS.cursorMax ? { ok: true, value: s } : { ok: false, message: "is not valid: pass back the nextCursor of the previous page unchanged" }),
      undefined,
    ),
  },
  "query parameters",
);

const DATE_OR_DATETIME_DESC = `a date like "2026-03-01" or a date-time like "2026-03-01T09:00:00Z"`;

function dateOrDateTime(s: string): Check<string> {
  if (DATE_RE.test(s)) {
    const r = checkDate(s);
    return r.ok ? r : { ok: false, message: r.message };
  }
  if (/^\d{4}-\d{2}-\d{2}[Tt]/.test(s)) {
    const r = checkDateTime(s);
    return r.ok ? r : { ok: false, message: r.message };
  }
  return { ok: false, message: `must be ${DATE_OR_DATETIME_DESC} (got ${got(s)})` };
}

const DAY_MS = 86_400_000;

/**
 * `?from=&to=`: dates ("YYYY-MM-DD", kept as given: the stats read them in the department's
 * zone) or date-times (normalised to UTC). from before to, at most 366 days apart.
 */
export const statsQuerySchema = strict(
  {
    from: param<string | undefined>(dateOrDateTime, undefined),
    to: param<string | undefined>(dateOrDateTime, undefined),
  },
  "query parameters",
).superRefine((q, ctx) => {
  if (typeof q.from !== "string" || typeof q.to !== "string") return;
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  if (!(from < to)) {
    ctx.addIssue({ code: "custom", path: ["to"], message: `must be after from (got from ${q.from}, to ${q.to})`, input: q.to });
  } else if (to - from > LIMITS.statsSpanDaysMax * DAY_MS) {
    const days = Math.ceil((to - from) / DAY_MS);
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: `must be at most ${LIMITS.statsSpanDaysMax} days after from (got ${num(days)} days): ask for a shorter period`,
      input: q.to,
    });
  }
});

/** `?month=YYYY-MM&format=json|csv`. */
export const reportQuerySchema = strict(
  {
    month: z.unknown().optional().transform((v, ctx) => {
      if (v === undefined || v === null || v === "") {
        ctx.addIssue({ code: "custom", message: `is required: the month to report, like "2026-03"`, input: v });
        return z.NEVER;
      }
      const s = typeof v === "string" ? v.trim() : "";
      const m = /^(\d{4})-(\d{2})$/.exec(s);
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[1]) < 1970) {
        ctx.addIssue({ code: "custom", message: `must be a month "YYYY-MM" like "2026-03" (got ${got(v)})`, input: v });
        return z.NEVER;
      }
      return s;
    }),
    format: param<"json" | "csv">(
      (s) => (s === "json" || s === "csv" ? { ok: true, value: s } : { ok: false, message: `must be json or csv (got ${got(s)})` }),
      "json",
    ),
  },
  "query parameters",
);

/** `?priority=&start=` of the SLA preview (priority defaults to normal, start to now). */
export const previewQuerySchema = strict(
  {
    priority: param<Priority>(
      (s) =>
        (PRIORITIES as readonly string[]).includes(s)
          ? { ok: true, value: s as Priority }
          : { ok: false, message: `must be one of ${PRIORITY_LIST} (got ${got(s)})` },
      "normal",
    ),
    start: param<string | undefined>((s) => checkDateTime(s), undefined),
  },
  "query parameters",
);

// ---------------------------------------------------------------------------------------------
// Development identity
// ---------------------------------------------------------------------------------------------

/** The body of `POST /api/dev/token`. */
export const devTokenSchema = strict(
  {
    userId: text(1, LIMITS.personIdMax, { nonBlank: true }),
    name: text(1, LIMITS.personNameMax, { trim: true }),
    email: optionalEmailSchema,
    tenantId: matching(/^[A-Za-z0-9-]{1,64}$/, "a tenant id of 1 to 64 characters: letters, digits and hyphens").optional(),
    roles: z
      .array(text(1, 100, { nonBlank: true }), {
        error: described(`a list of app roles like ["Tandem.Admin"]`, (iss) =>
          iss.code === "too_big" ? `must have at most ${LIMITS.rolesMax} roles (got ${num(lengthOf(iss.input))})` : undefined,
        ),
      })
      .max(LIMITS.rolesMax)
      .optional(),
  },
  `a dev user like {"userId": "ana", "name": "Ana García"}`,
);

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type DepartmentKeyInput = z.input<typeof departmentKeySchema>;
export type TimeZoneInput = z.input<typeof timeZoneSchema>;
export type CalendarInput = z.input<typeof calendarSchema>;
export type SlaPolicyInput = z.input<typeof slaPolicySchema>;
export type CategoryInput = z.input<typeof categorySchema>;
export type PersonInput = z.input<typeof personSchema>;
export type DepartmentBodyInput = z.input<typeof departmentBodySchema>;
export type PriorityInput = z.input<typeof prioritySchema>;
export type CreateRequestInput = z.input<typeof createRequestSchema>;
export type FromEmailInput = z.input<typeof fromEmailSchema>;
export type ActionInput = z.input<typeof actionSchema>;
export type RatingInput = z.input<typeof ratingSchema>;
export type ListQueryInput = z.input<typeof listQuerySchema>;
export type StatsQueryInput = z.input<typeof statsQuerySchema>;
export type ReportQueryInput = z.input<typeof reportQuerySchema>;
export type PreviewQueryInput = z.input<typeof previewQuerySchema>;
export type DevTokenInput = z.input<typeof devTokenSchema>;

/** What the schemas give back (defaults applied, values normalised). */
export type DepartmentBody = z.output<typeof departmentBodySchema>;
export type CreateRequestBody = z.output<typeof createRequestSchema>;
export type FromEmailBody = z.output<typeof fromEmailSchema>;
export type ActionBody = z.output<typeof actionSchema>;
export type ListQuery = z.output<typeof listQuerySchema>;
export type StatsQuery = z.output<typeof statsQuerySchema>;
export type ReportQuery = z.output<typeof reportQuerySchema>;
export type PreviewQuery = z.output<typeof previewQuerySchema>;
export type DevToken = z.output<typeof devTokenSchema>;
