/**
 * The history generator (issue 12, deliver 3): seeded, realistic past work written through the
 * service's own write path. Used by `npm run bench:scale`; the demo can use it for its months
 * of history. See bot/demo/history/README.md.
 *
 *   const clock = simulatedClock();
 *   const app = await createApp(config, { connectionString, clock: clock.now });
 *   await setUpDepartments(app, tenantId);
 *   await generateHistory(app, { clock, tenants: [tenantId], requestsPerDepartment: 1_000, months: 3 }, console.log);
 */
export { generateHistory, type HistoryOptions, type HistoryProgress, type HistoryResult } from "./generate.ts";
export { planDepartment, personOf, type PlannedRequest, type PlannedStep } from "./plan.ts";
export { setUpDepartments, type DepartmentSetUp } from "./departments.ts";
export { simulatedClock, type SimClock } from "./sim-clock.ts";
