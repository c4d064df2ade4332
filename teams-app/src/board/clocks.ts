/**
 * The board's SLA clocks, live in the browser: what the server said about a clock (its state,
 * when it is due and when it gets at risk) brought to "now" with the same shared/sla code the
 * server runs, on the department's calendar, so a countdown ticks only in business time.
 */
import type { Calendar, ClockState, ClockView, RequestView } from "../../../shared/domain.ts";
import { businessMsBetween, isWorkingInstant } from "../../../shared/sla/calendar.ts";

export type ClockName = "firstResponse" | "resolution";

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

/** The clock that matters for urgency: first response until someone responded, then resolution. */
export function clockThatMatters(r: RequestView): ClockName {
  const fr = r.sla.firstResponse.state;
  return r.firstRespondedAt || fr === "met" || fr === "missed" ? "resolution" : "firstResponse";
}

const RANK: Record<ClockState, number> = { breached: 0, at_risk: 1, on_track: 2, paused: 3, missed: 4, met: 5 };
const PRIORITY_RANK = { urgent: 0, high: 1, normal: 2, low: 3 } as const;

/** The state of a clock at `now` without calendar work (state changes happen at warnAt/dueAt). */
export function stateAt(c: ClockView, now: number): ClockState {
  if (!c.dueAt) return c.state;
  if (now >= Date.parse(c.dueAt)) return "breached";
  if (c.warnAt && now >= Date.parse(c.warnAt)) return "at_risk";
  return "on_track";
}

/** Most urgent first: breached, then at risk, then soonest due; paused ones last. */
export function byUrgency(now: number): (a: RequestView, b: RequestView) => number {
  const key = (r: RequestView) => {
    const c = r.sla[clockThatMatters(r)];
    return { rank: RANK[stateAt(c, now)], due: c.dueAt ? Date.parse(c.dueAt) : Infinity };
  };
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (
      ka.rank - kb.rank ||
      (ka.due === kb.due ? 0 : ka.due < kb.due ? -1 : 1) ||
      PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.number - b.number
    );
  };
}

/** The next instant (after `now`) at which some request's urgency state changes, for re-sorting. */
export function nextStateChange(requests: Iterable<RequestView>, now: number): number | undefined {
  let next: number | undefined;
  for (const r of requests) {
    for (const c of [r.sla.firstResponse, r.sla.resolution]) {
      for (const at of [c.warnAt, c.dueAt]) {
        if (!at) continue;
        const t = Date.parse(at);
        if (t > now && (next === undefined || t < next)) next = t;
      }
    }
  }
  return next;
}

/** Splits a duration into hours (any number), minutes and seconds, for "2h 05m 09s". */
export function hms(ms: number): { h: number; m: string; s: string; short: boolean } {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return { h, m: String(m).padStart(h > 0 ? 2 : 1, "0"), s: String(s).padStart(2, "0"), short: h === 0 };
}
