/**
 * One SLA clock (first response or resolution). What is stored is only its target and the
 * stretches of real time it ran (`ClockTrack`); state, elapsed business time and due times are
 * derived from those and the calendar, so the server, the bot and the browser agree to the
 * second by running this same code.
 *
 * Operations are pure: they return a new track and leave the given one alone.
 */
import type { Calendar, ClockState, ClockTrack, ClockView } from "../domain.ts";
import { addBusinessMs, businessMsBetween } from "./calendar.ts";
import { MINUTE } from "./zone.ts";

type Instant = string | number;

function ms(t: Instant): number {
  return typeof t === "number" ? t : Date.parse(t);
}

function iso(t: Instant): string {
  return typeof t === "string" ? t : new Date(t).toISOString();
}

/** A clock that starts running at `now`. */
export function startClock(targetMinutes: number, now: Instant): ClockTrack {
  return { targetMinutes, runs: [{ from: iso(now) }], stopped: false };
}

/** Running: not stopped and its last stretch still open. */
export function isRunning(c: ClockTrack): boolean {
  const last = c.runs[c.runs.length - 1];
  return !c.stopped && last !== undefined && last.to === undefined;
}

function closeLast(c: ClockTrack, now: Instant): ClockTrack["runs"] {
  return c.runs.map((r, i) => (i === c.runs.length - 1 && r.to === undefined ? { from: r.from, to: iso(now) } : r));
}

/** Stop counting for now (waiting on the requester). No-op unless running. */
export function pauseClock(c: ClockTrack, now: Instant): ClockTrack {
  return isRunning(c) ? { ...c, runs: closeLast(c, now) } : c;
}

/** Count again after a pause. No-op when running or stopped for good. */
export function resumeClock(c: ClockTrack, now: Instant): ClockTrack {
  return c.stopped || isRunning(c) ? c : { ...c, runs: [...c.runs, { from: iso(now) }] };
}

/** Stop for good (responded, resolved, cancelled). */
export function stopClock(c: ClockTrack, now: Instant): ClockTrack {
  return c.stopped ? c : { ...c, runs: closeLast(c, now), stopped: true };
}

/** Stop for good by a transfer: a hand-off, shown and counted as neither met nor missed. */
export function handOffClock(c: ClockTrack, now: Instant): ClockTrack {
  return { ...stopClock(c, now), handedOff: true };
}

/** Run again after a stop (a reopened request): the time in between never counts. */
export function reopenClock(c: ClockTrack, now: Instant): ClockTrack {
  if (isRunning(c)) return c;
  return { ...c, stopped: false, runs: [...closeLast(c, now), { from: iso(now) }] };
}

/** A new target (a priority change): the elapsed time stays. */
export function retargetClock(c: ClockTrack, targetMinutes: number): ClockTrack {
  return { ...c, targetMinutes };
}

/** Business time in the stretches already closed. */
function closedMs(c: ClockTrack, cal: Calendar): number {
  let total = 0;
  for (const r of c.runs) if (r.to !== undefined) total += businessMsBetween(cal, ms(r.from), ms(r.to));
  return total;
}

/** Business time the clock has counted up to `now`. */
export function elapsedBusinessMs(c: ClockTrack, cal: Calendar, now: Instant): number {
  const last = c.runs[c.runs.length - 1];
  const open = isRunning(c) && last ? businessMsBetween(cal, ms(last.from), ms(now)) : 0;
  return closedMs(c, cal) + open;
}

/**
 * The instant a running clock reaches `fraction` of its target (1 = due, 0.8 = at risk);
 * undefined while paused or stopped, Infinity when the calendar never gets there.
 */
export function thresholdInstant(c: ClockTrack, cal: Calendar, fraction: number): number | undefined {
  if (!isRunning(c)) return undefined;
  const last = c.runs[c.runs.length - 1]!;
  const need = c.targetMinutes * MINUTE * fraction - closedMs(c, cal);
  return addBusinessMs(cal, ms(last.from), Math.max(0, need));
}

/**
 * The instant the clock passed its target, as of `now`: from then on its outcome is "missed",
 * whatever happens later. Undefined while it has not (a stopped clock passed it only if it
 * counted more than its target; a running one from the instant it reached it, as `breached`).
 */
export function breachInstant(c: ClockTrack, cal: Calendar, now: Instant): number | undefined {
  const target = c.targetMinutes * MINUTE;
  let counted = 0;
  for (const r of c.runs) {
    const from = ms(r.from);
    const to = r.to !== undefined ? ms(r.to) : c.stopped ? from : ms(now);
    const run = businessMsBetween(cal, from, to);
    const reached = r.to !== undefined || c.stopped ? counted + run > target : counted + run >= target;
    if (reached) return addBusinessMs(cal, from, Math.max(0, target - counted));
    counted += run;
  }
  return undefined;
}

/** The clock as people see it at `now`. */
export function clockView(c: ClockTrack, cal: Calendar, warnAtPercent: number, now: Instant): ClockView {
  const elapsed = elapsedBusinessMs(c, cal, now);
  const target = c.targetMinutes * MINUTE;
  const view: ClockView = { state: "on_track", targetMinutes: c.targetMinutes, elapsedMinutes: Math.floor(elapsed / MINUTE) };
  if (c.stopped) {
    view.state = c.handedOff ? "handed_off" : elapsed <= target ? "met" : "missed";
    return view;
  }
  if (!isRunning(c)) {
    view.state = "paused";
    return view;
  }
  view.state = stateOf(elapsed, target, warnAtPercent);
  const due = thresholdInstant(c, cal, 1);
  const warn = thresholdInstant(c, cal, warnAtPercent / 100);
  if (due !== undefined && Number.isFinite(due)) view.dueAt = new Date(due).toISOString();
  if (warn !== undefined && Number.isFinite(warn)) view.warnAt = new Date(warn).toISOString();
  return view;
}

function stateOf(elapsed: number, target: number, warnAtPercent: number): ClockState {
  if (elapsed >= target) return "breached";
  if (elapsed >= (target * warnAtPercent) / 100) return "at_risk";
  return "on_track";
}
