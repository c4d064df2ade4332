/**
 * Input validation for everything a person (or a client) sends to Tandem: API bodies, query
 * strings, bot commands turned into actions. Built on zod 4, with messages a person can act on:
 * each says which field is wrong, what is allowed (values, limits, format) and what was given,
 * and with a stable code per problem for clients.
 *
 * Pure: no I/O, no Node-only APIs. Browser code that only needs the numbers imports limits.ts
 * directly, which keeps zod out of its bundle.
 *
 * Conventions:
 * - Objects are strict: an unknown property is refused with the list of allowed ones.
 *   The from-email body is the exception (Outlook clients add fields): unknown ones are dropped.
 * - Optional fields of request and action bodies also accept `null` (meaning "not given");
 *   optional texts and categories also accept "" as "not given".
 * - Date-times must carry a zone (`Z` or `+01:00`) and come out as ISO 8601 UTC strings.
 */
export { LIMITS, NO_SUBJECT } from "./limits.ts";
export { VALIDATION_CODES, detail, parse } from "./parse.ts";
export type { Invalid, InvalidDetail, ValidationCode } from "./parse.ts";
export { calendarSchema, timeZoneSchema, weekSchema, windowSchema } from "./calendar-schemas.ts";
export {
  agentsGroupSchema,
  categoriesSchema,
  categoryKeySchema,
  categorySchema,
  departmentBodySchema,
  departmentKeySchema,
  departmentRefSchema,
  personSchema,
  slaPolicySchema,
  slaTargetSchema,
  surveysSchema,
} from "./department-schemas.ts";
export { createRequestSchema, fromEmailSchema, prioritySchema } from "./request-schemas.ts";
export { ACTION_NAMES, actionSchema, ratingSchema } from "./action-schemas.ts";
export { surveyAnswerSchema } from "./survey-schemas.ts";
export { LIST_STATUSES, listQuerySchema, previewQuerySchema, reportQuerySchema, scoreboardQuerySchema, statsQuerySchema } from "./queries.ts";
export type { ListStatus } from "./queries.ts";
export { devTokenSchema } from "./dev-token.ts";
export type * from "./types.ts";
