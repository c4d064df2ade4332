/** The monthly review's inputs: the month in the path, decisions and action items, the change log's `limit`. */
import { z } from "zod";
import { got } from "./messages.ts";
import { strict, text } from "./schema-builders.ts";
import { checkDate, DATE_RE } from "./dates.ts";
import { personSchema } from "./department-schemas.ts";

/** Kept here (not in shared/review.ts) so validation stays free of the SLA code. */
const TEXT_MAX = 1_000;
export const CHANGES_LIMIT_MAX = 100;
export const CHANGES_LIMIT_DEFAULT = 20;

/** A month "YYYY-MM" (a path parameter). */
export const reviewMonthSchema = z.unknown().transform((v, ctx) => {
  const s = typeof v === "string" ? v.trim() : "";
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[1]) < 1970 || Number(m[1]) > 9999) {
    ctx.addIssue({ code: "custom", message: `must be a month "YYYY-MM" like "2026-03" (got ${got(v)})`, input: v });
    return z.NEVER;
  }
  return s;
});

const dueSchema = z.unknown().transform((v, ctx) => {
  const s = typeof v === "string" ? v.trim() : "";
  const r = DATE_RE.test(s) ? checkDate(s) : undefined;
  if (!r?.ok) {
    ctx.addIssue({ code: "custom", message: r && !r.ok ? r.message : `must be a due date "YYYY-MM-DD" like "2026-03-31" (got ${got(v)})`, input: v });
    return z.NEVER;
  }
  return s;
});

const itemText = () => text(1, TEXT_MAX, { trim: true, nonBlank: true });
const owner = personSchema.transform((p) => ({ id: p.id, name: p.name }));

/** `POST .../reviews/:month`: `{decision}` or `{actionItem: {text, owner, due}}`, one of them. */
export const reviewEntrySchema = strict(
  {
    decision: itemText().optional(),
    actionItem: strict(
      { text: itemText(), owner, due: dueSchema },
      `an action item like {"text": "Add a second agent on Mondays", "owner": {"id": "<user id>", "name": "Ana"}, "due": "2026-03-31"}`,
    ).optional(),
  },
  `{"decision": "..."} or {"actionItem": {"text", "owner", "due"}}`,
).superRefine((b, ctx) => {
  if ((b.decision === undefined) === (b.actionItem === undefined)) {
    ctx.addIssue({ code: "custom", path: [], message: `must have either "decision" (text) or "actionItem" ({text, owner, due}), exactly one of them`, input: b });
  }
});

/** `PATCH .../reviews/:month/actions/:id`: `{done?, text?, owner?, due?}`, at least one. */
export const actionPatchSchema = strict(
  {
    done: z.boolean({ error: (iss) => `must be true or false (got ${got((iss as { input?: unknown }).input)})` }).optional(),
    text: itemText().optional(),
    owner: owner.optional(),
    due: dueSchema.optional(),
  },
  `a change like {"done": true}`,
).superRefine((b, ctx) => {
  if (b.done === undefined && b.text === undefined && b.owner === undefined && b.due === undefined) {
    ctx.addIssue({ code: "custom", path: [], message: `must change something: done, text, owner or due`, input: b });
  }
});

/** `?limit=1..100` of the change log (default 20). */
export const changesQuerySchema = strict(
  {
    limit: z.unknown().optional().transform((v, ctx) => {
      if (v === undefined || v === "") return CHANGES_LIMIT_DEFAULT;
      const s = typeof v === "string" ? v.trim() : "";
      const n = /^\d{1,4}$/.test(s) ? Number(s) : NaN;
      if (!(n >= 1 && n <= CHANGES_LIMIT_MAX)) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from 1 to ${CHANGES_LIMIT_MAX} (got ${got(v)})`, input: v });
        return z.NEVER;
      }
      return n;
    }),
  },
  "query parameters",
);
