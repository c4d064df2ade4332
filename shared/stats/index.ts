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
 * - open: the backlog: requests `new`, `in_progress` or `waiting` now, while the period still
 *   runs (`backlogAt` = now); for a period already over, those filed before its end and not
 *   resolved, closed or cancelled by then (`backlogAt` = its end). Split by current priority
 *   (`backlogByPriority`), and by status (`backlogByStatus`) only for the backlog now.
 * - Attainment of a clock in a period: the clocks that *stopped* in it (the first response:
 *   responded, stop instant in range; the resolution: now `resolved` or `closed` with
 *   `resolvedAt` in range), each *met* when its own state is `met` (business time elapsed <=
 *   target, exactly as the request shows it), else *missed*; plus, counted as missed, the
 *   clocks *open past their target* at the period's end (now, while it runs): passed their
 *   target before then and not stopped by then (running or paused). So a desk that never
 *   answers cannot show 100 %, and a past month shows what was overdue at its end (a request
 *   overdue across several periods counts in each of them, as each period's honest state).
 *   `measured` = stopped + open past target; attainmentPercent = met / measured x 100, one
 *   decimal, null when there is nothing; `openOverdue` = the open past target (shown beside).
 *   A request cancelled before any response is not measured.
 * - medianMinutes / p90Minutes: over the clocks that stopped in range (`closed`), of the business minutes each one ran (its elapsed time on the request's own
 *   calendar), rounded to one decimal; null when none stopped. Median of an even count = mean
 *   of the two middle values; p90 is the nearest-rank percentile (the ceil(0.9 n)-th smallest).
 * - breachedNow: open requests with either clock in state `breached` now.
 * - breaches: requests created in range whose first-response or resolution clock is now
 *   `breached` (running past target) or `missed` (stopped past target). Cancelled requests
 *   count when a clock had already passed its target: the promise was broken before.
 * - csat: ratings whose `at` is in range (scores 1 to 5); average to one decimal;
 *   satisfiedPercent = share of 4 and 5, to one decimal; both null with no responses.
 * - ces: the effort answers (1 to 7) of those ratings; easyPercent = share of 5, 6 and 7.
 * - kudos: thanks given in range.
 * - byCategory: per category key (null = no category), created and resolved as above;
 *   only categories with something to show, most created first.
 * - byPriority: each priority (low, normal, high, urgent) with created and the attainment
 *   percentages (of clocks decided in range); a request counts under its current priority.
 * - Weekly trend: weeks start at local Monday 00:00 in the given time zone; the last week is
 *   the one containing `now`.
 * - Monthly review: month boundaries are local midnight of the 1st in the department's time
 *   zone (not UTC).
 */
export * from "./figures.ts";
export { median, percentile } from "./percentiles.ts";
export { factsOf, type Facts } from "./facts.ts";
export { categoryOrder, cesOf, csatOf, departmentStats } from "./department-stats.ts";
export { weeklyTrend } from "./trend.ts";
export { MAX_BREACHED_ROWS, MAX_VERBATIMS, monthlyReport, monthlyReportWithStats, type BreachedRequestRow, type MonthlyReport, type ReportRow, type Verbatim } from "./report.ts";
export { csvField, reportToCsv, summaryToCsv } from "./csv.ts";
export { localDateOf, localDayStart, localMonthOf, monthRange, wholeLocalDays } from "../sla/zone.ts";
