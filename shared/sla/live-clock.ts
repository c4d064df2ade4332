/**
 * An SLA clock brought to "now" in the browser: what the server said about it (its state, when
 * it is due and when it gets at risk) re-judged with the same calendar code the server runs, so
 * a countdown ticks only in business time. The tab's board and the start page both use it.
 */
import type { Calendar, ClockState, ClockView } from "../domain.ts";
import { businessMsBetween, isWorkingInstant } from "./calendar.ts";

export interface LiveClock {
  state: ClockState;
  /** Running clocks: business time left before the target (0 once breached). */
  leftMs?: number;
  /** Breached clocks: business time past the target. */
  overMs?: number;
  /** Running clocks: the due instant (epoch ms). */
  dueAt?: number;
  /** Running clocks: false outside the calendar's working windows (the countdown stands still). */
  counting?: boolean;
}

/** A clock at `now`: paused, met and missed stay as the server said; running ones are re-judged. */
export function liveClock(c: ClockView, cal: Calendar, now: number): LiveClock {
  if (!c.dueAt) return { state: c.state };
  const due = Date.parse(c.dueAt);
  const warn = c.warnAt ? Date.parse(c.warnAt) : undefined;
  const counting = isWorkingInstant(cal, now);
  if (now >= due) return { state: "breached", leftMs: 0, overMs: businessMsBetween(cal, due, now), dueAt: due, counting };
  return { state: warn !== undefined && now >= warn ? "at_risk" : "on_track", leftMs: businessMsBetween(cal, now, due), dueAt: due, counting };
}

/** Splits a duration into hours (any number), minutes and seconds, for "2h 05m 09s". */
export function hms(ms: number): { h: number; m: string; s: string; short: boolean } {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return { h, m: String(m).padStart(h > 0 ? 2 : 1, "0"), s: String(s).padStart(2, "0"), short: h === 0 };
}
