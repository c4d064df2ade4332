/** Query strings of search (`?q=`) and of similar requests (issue 16). */
import { z } from "zod";
import { queryWords } from "../search/terms.ts";
import { LIMITS } from "./limits.ts";
import { got } from "./messages.ts";
import { listQuerySchema } from "./queries.ts";
import { departmentRefSchema } from "./department-schemas.ts";
import { strict } from "./schema-builders.ts";

/** What a search box may hold. */
export const SEARCH_MAX = LIMITS.searchMax;

/** A single text parameter: required (`min` 1) or optional, trimmed, at most `max` characters. */
function textParam(max: number, opts: { required: boolean; searchable?: boolean }) {
  return z.unknown().optional().transform((v, ctx): string => {
    if (Array.isArray(v)) {
      ctx.addIssue({ code: "custom", message: `must be given once (got it ${v.length} times)`, input: v, params: { code: "repeated" } });
      return z.NEVER;
    }
    if (v !== undefined && v !== null && typeof v !== "string") {
      ctx.addIssue({ code: "custom", message: `must be text (got ${got(v)})`, input: v, params: { code: "wrong_type" } });
      return z.NEVER;
    }
    const s = (v ?? "").trim();
    if (!s && opts.required) {
      ctx.addIssue({ code: "custom", message: `is required: the words to look for, 1 to ${max} characters`, input: v, params: { code: "required" } });
      return z.NEVER;
    }
    if ([...s].length > max) {
      ctx.addIssue({ code: "custom", message: `must be at most ${max} characters (got ${[...s].length})`, input: v, params: { code: "too_long", limit: max } });
      return z.NEVER;
    }
    if (opts.searchable && !queryWords(s).length) {
      ctx.addIssue({ code: "custom", message: `has no word to look for (got ${got(s)}): type a word of the title, a name or an id like IT-42`, input: v, params: { code: "invalid" } });
      return z.NEVER;
    }
    return s;
  });
}

/** `?q=&status=&limit=&cursor=`: a department's list searched (any status unless given), or `/api/search`. */
export const searchQuerySchema = listQuerySchema.extend({
  q: textParam(SEARCH_MAX, { required: true, searchable: true }),
});

/**
 * `GET /api/search`: the same, and `mine=1` for only the caller's own requests (filed by or
 * for them, or followed): the search box of "my requests", which staff use too.
 */
export const everywhereQuerySchema = searchQuerySchema.extend({
  mine: z.unknown().optional().transform((v, ctx): boolean => {
    if (v === undefined || v === null || v === "" || v === "0" || v === "false") return false;
    if (v === "1" || v === "true") return true;
    ctx.addIssue({ code: "custom", message: `must be 1 or 0 (got ${got(v)})`, input: v, params: { code: "wrong_format" } });
    return z.NEVER;
  }),
});

/** `?department=&title=&description=&exclude=` of similar requests. */
export const similarQuerySchema = strict(
  {
    department: z.unknown().optional().transform((v, ctx) => {
      if (v === undefined || v === null || v === "") return undefined;
      const r = departmentRefSchema.safeParse(v);
      if (!r.success) {
        ctx.addIssue({ code: "custom", message: r.error.issues[0]?.message ?? "is not a department key", input: v, params: { code: "wrong_format" } });
        return z.NEVER;
      }
      return r.data;
    }),
    title: textParam(LIMITS.titleMax, { required: false }),
    description: textParam(LIMITS.descriptionMax, { required: false }),
    exclude: z.unknown().optional().transform((v, ctx) => {
      if (v === undefined || v === null || v === "") return undefined;
      if (typeof v !== "string" || !/^[A-Za-z][A-Za-z0-9]{1,9}-\d{1,10}$/.test(v.trim())) {
        ctx.addIssue({ code: "custom", message: `must be a request id like IT-42 (got ${got(v)})`, input: v, params: { code: "wrong_format" } });
        return z.NEVER;
      }
      return v.trim().toUpperCase();
    }),
  },
  "query parameters",
);
