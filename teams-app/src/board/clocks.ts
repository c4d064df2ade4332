/**
 * The board's SLA clocks, live in the browser: what the server said about a clock (its state,
 * when it is due and when it gets at risk) brought to "now" with the same shared/sla code the
 * server runs, on the department's calendar, so a countdown ticks only in business time.
 */
import type { ClockState, ClockView, RequestView } from "../../../shared/domain.ts";

export type ClockName = "firstResponse" | "resolution";

// The live clock is shared with the start page (language helper, issue 14): one countdown in business time everywhere.
export { liveClock, type LiveClock } from "../../../shared/sla/live-clock.ts";

/** The clock that matters for urgency: first response until someone responded, then resolution. */
export function clockThatMatters(r: RequestView): ClockName {
  const fr = r.sla.firstResponse.state;
  return r.firstRespondedAt || fr === "met" || fr === "missed" ? "resolution" : "firstResponse";
}

const RANK: Record<ClockState, number> = { breached: 0, at_risk: 1, on_track: 2, paused: 3, missed: 4, met: 5, handed_off: 6 };
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
