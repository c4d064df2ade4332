/** The body of `POST /api/requests/:id/actions`, one form per action. */
import { z } from "zod";
import { LIMITS } from "./limits.ts";
import { described, got } from "./messages.ts";
import { optionalText, strict, text } from "./schema-builders.ts";
import { departmentRefSchema, personSchema } from "./department-schemas.ts";
import { prioritySchema } from "./request-schemas.ts";

export const ACTION_NAMES = ["take", "assign", "comment", "wait", "resume", "resolve", "reopen", "cancel", "priority", "rate", "thank", "link", "transfer", "follow"] as const;
const ACTION_LIST = ACTION_NAMES.join(", ");

function action<A extends (typeof ACTION_NAMES)[number], S extends z.core.$ZodLooseShape>(name: A, shape: S) {
  return strict({ action: z.literal(name), ...shape }, `a "${name}" action`);
}

const SCORE_DESC = "a whole number from 1 to 5, where 1 is very dissatisfied and 5 is very satisfied";
const EFFORT_DESC = 'a whole number from 1 to 7 saying how much you agree that "the department made it easy to get this solved" (1 strongly disagree, 7 strongly agree), or left out';

/**
 * The requester's rating of a resolved request: `{"action": "rate", "score": 1..5, "effort"?: 1..7,
 * "comment"?}` (CSAT, and the CES answer). Rating again replaces it until the request closes.
 */
export const ratingSchema = action("rate", {
  score: z.number({ error: described(SCORE_DESC) }).int().min(1).max(5),
  effort: z
    .number({ error: described(EFFORT_DESC) })
    .int()
    .min(1)
    .max(7)
    .nullish()
    .transform((v) => v ?? undefined),
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
    // Kudos: `{"action": "thank", "text"?}`, a few words at most (they show on the department's page).
    action("thank", { text: optionalText(LIMITS.thankTextMax) }),
    // Links: `{"action": "link", "to": "FIN-12", "relation"?: "related" | "duplicate", "text"?}` (shared/links.ts).
    action("link", {
      to: z.string({ error: described('the other request\'s id, like "IT-1"') }).trim().regex(/^[A-Za-z][A-Za-z0-9]{1,9}-[1-9][0-9]{0,9}$/, { error: 'must be a request id like "IT-1"' }).transform((s) => s.toUpperCase()),
      relation: z.enum(["related", "duplicate"], { error: described('"related" or "duplicate"') }).nullish().transform((r) => r ?? "related"),
      text: optionalText(LIMITS.commentMax),
    }),
    // Similar at intake: `{"action": "follow"}`: the caller follows an open request instead of filing it again.
    action("follow", {}),
    // Transfer: `{"action": "transfer", "department": "HR", "reason"}` (DESIGN.md "Lifecycle").
    action("transfer", { department: departmentRefSchema, reason: text(1, LIMITS.transferReasonMax, { trim: true }) }),
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
