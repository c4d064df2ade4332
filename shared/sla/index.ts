/** The SLA clock: calendars, business time, clocks and previews. */
export * from "./calendar.ts";
export * from "./clock.ts";
export * from "./preview.ts";
export * from "./targets.ts";
export { localToUtc, offsetAt, wallClock } from "./zone.ts";
