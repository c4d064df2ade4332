/** What each schema accepts (`...Input`) and gives back (defaults applied, values normalised). */
import type { z } from "zod";
import type { agentsGroupSchema, categorySchema, departmentBodySchema, departmentKeySchema, personSchema, slaPolicySchema } from "./department-schemas.ts";
import type { calendarSchema, timeZoneSchema } from "./calendar-schemas.ts";
import type { createRequestSchema, fromEmailSchema, prioritySchema } from "./request-schemas.ts";
import type { actionSchema, ratingSchema } from "./action-schemas.ts";
import type { listQuerySchema, previewQuerySchema, reportQuerySchema, statsQuerySchema } from "./queries.ts";
import type { devTokenSchema } from "./dev-token.ts";

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
