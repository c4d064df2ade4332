/** The weekly trend of a department's figures. */
import type { ServiceRequest } from "../domain.ts";
import { dayStartAt, dayToDate, localDay, weekdayOf } from "../sla/zone.ts";
import { percentOf, samplesOf } from "./department-stats.ts";
import { factsOf, inRange } from "./facts.ts";
import type { TrendWeek } from "./figures.ts";

/**
 * The last `weeks` weeks (oldest first, the current week last), each from local Monday 00:00
 * to the next Monday 00:00 in `timeZone`.
 */
export function weeklyTrend(
  requests: ServiceRequest[],
  opts: { weeks: number; now: number; timeZone: string },
): TrendWeek[] {
  const facts = requests.map((r) => factsOf(r, opts.now));
  const today = localDay(opts.timeZone, opts.now);
  const monday = today - weekdayOf(today);
  const out: TrendWeek[] = [];
  const weeks = Math.max(0, Math.floor(opts.weeks));
  for (let i = weeks - 1; i >= 0; i--) {
    const start = monday - 7 * i;
    const from = dayStartAt(opts.timeZone, start);
    const to = dayStartAt(opts.timeZone, start + 7);
    const resolved = facts.filter((f) => inRange(f.resolvedAt, from, to));
    out.push({
      weekStart: dayToDate(start),
      created: facts.filter((f) => inRange(f.createdAt, from, to)).length,
      resolved: resolved.length,
      firstResponseAttainment: percentOf(samplesOf(facts, "fr", from, to, Math.min(to, opts.now + 1))),
      resolutionAttainment: percentOf(samplesOf(facts, "res", from, to, Math.min(to, opts.now + 1))),
    });
  }
  return out;
}
