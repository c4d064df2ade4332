/** Query strings (values arrive as text; a repeated parameter arrives as a list). */
import { z } from "zod";
import { PRIORITIES, STATUSES } from "../domain.ts";
import type { Priority, Status } from "../domain.ts";
import { LIMITS } from "./limits.ts";
import { got, num } from "./messages.ts";
import { strict } from "./schema-builders.ts";
import { DATE_RE, checkDate, checkDateTime } from "./dates.ts";
import { CATEGORY_KEY_DESC, CATEGORY_KEY_RE, PRIORITY_LIST } from "./department-schemas.ts";

type Check<T> = { ok: true; value: T } | { ok: false; message: string };

/** A query parameter: absent or "" gives `fallback`; otherwise `read` decides. */
function param<T>(read: (s: string) => Check<T>, fallback: T) {
  return z.unknown().optional().transform((v, ctx): T => {
    if (v === undefined || v === null || v === "") return fallback;
    if (Array.isArray(v)) {
      ctx.addIssue({ code: "custom", message: `must be given once (got it ${v.length} times)`, input: v, params: { code: "repeated" } });
      return z.NEVER;
    }
    if (typeof v !== "string" && typeof v !== "number") {
      ctx.addIssue({ code: "custom", message: `must be text (got ${got(v)})`, input: v, params: { code: "wrong_type" } });
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
    format: param<"json" | "csv" | "summary-csv">(
      (s) =>
        s === "json" || s === "csv" || s === "summary-csv"
          ? { ok: true, value: s }
          : { ok: false, message: `must be json, csv (one row per request) or summary-csv (the figures) (got ${got(s)})` },
      "json",
    ),
  },
  "query parameters",
);

/** `?period=month|quarter` of the scoreboard (defaults to month). */
export const scoreboardQuerySchema = strict(
  {
    period: param<"month" | "quarter">(
      (s) => (s === "month" || s === "quarter" ? { ok: true, value: s } : { ok: false, message: `must be month or quarter (got ${got(s)})` }),
      "month",
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
    /** A category whose own targets apply (checked against the department by the service). */
    category: param<string | undefined>((s) => (CATEGORY_KEY_RE.test(s) ? { ok: true, value: s } : { ok: false, message: `must be ${CATEGORY_KEY_DESC} (got ${got(s)})` }), undefined),
  },
  "query parameters",
);
