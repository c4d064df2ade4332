/**
 * SLA results of a department: the figures of a period, the weekly trend, and the monthly
 * review (JSON and CSV). Pure: no I/O, safe for browser bundles (time zones through Intl, in
 * ../sla/zone.ts, the same code the SLA clock reads calendars with).
 *
 * DEFINITIONS (the contract of `GET /api/departments/:key/stats` and `.../report`).
 * A period is the half-open range [from, to) of epoch ms. "In range" means from <= t < to.
 *
 * - created: requests whose `createdAt` is in range.
 * - resolved: requests now `resolved` or `closed` whose `resolvedAt` is in range (a request
 *   reopened and not resolved again has no `resolvedAt` and does not count).
 * - cancelled: requests now `cancelled` whose `updatedAt` is in range (cancelling is final,
 *   so the last update of a cancelled request is its cancellation).
 * - open: requests now `new`, `in_progress` or `waiting`, whatever the range (the backlog);
 *   split by status (`backlogByStatus`) and by current priority (`backlogByPriority`).
 * - First-response attainment: a first-response clock is *measured* in the range when the
 *   request was responded to (`firstRespondedAt` set) and the clock has stopped, with its stop
 *   instant (the `to` of its last run) in range. A request cancelled before any response is
 *   not measured; one responded to and cancelled later is (the response did happen).
 * - Resolution attainment: a resolution clock is *measured* when the request is `resolved`
 *   or `closed` with `resolvedAt` in range. Cancelled requests are never measured.
 * - A measured clock is *met* when its own state is `met` (business time elapsed <= target,
 *   exactly as the request shows it), otherwise *missed*. attainmentPercent = met / measured
 *   x 100, rounded to one decimal; null when nothing was measured.
 * - medianMinutes / p90Minutes: over the measured clocks, of the business minutes each one
 *   ran (its elapsed time on the request's own calendar), rounded to one decimal; null when
 *   nothing was measured. Median of an even count = mean of the two middle values; p90 is
 *   the nearest-rank percentile (the ceil(0.9 n)-th smallest value).
 * - Clocks still running (or paused) past their target are not in attainment: they count in
 *   `breachedNow` = open requests with either clock in state `breached` now.
 * - breaches: requests created in range whose first-response or resolution clock is now
 *   `breached` (running past target) or `missed` (stopped past target). Cancelled requests
 *   count when a clock had already passed its target: the promise was broken before.
 * - csat: ratings whose `at` is in range (scores 1 to 5); average to one decimal;
 *   satisfiedPercent = share of 4 and 5, to one decimal; both null with no responses.
 * - byCategory: per category key (null = no category), created and resolved as above;
 *   only categories with something to show, most created first.
 * - byPriority: each priority (low, normal, high, urgent) with created and the attainment
 *   percentages; a request counts under its current priority.
 * - Weekly trend: weeks start at local Monday 00:00 in the given time zone; the last week is
 *   the one containing `now`.
 * - Monthly review: month boundaries are local midnight of the 1st in the department's time
 *   zone (not UTC).
 */
export * from "./figures.ts";
export { median, percentile } from "./percentiles.ts";
export { factsOf, type Facts } from "./facts.ts";
export { categoryOrder, departmentStats } from "./department-stats.ts";
export { weeklyTrend } from "./trend.ts";
export { MAX_BREACHED_ROWS, monthlyReport, monthlyReportWithStats, type BreachedRequestRow, type MonthlyReport } from "./report.ts";
export { csvField, reportToCsv } from "./csv.ts";
export { localDateOf, localDayStart, localMonthOf, monthRange, wholeLocalDays } from "../sla/zone.ts";
