/** What the figures need of one request, worked out once (the live figures and day summaries share it). */
import type { ClockState, ClockView, ServiceRequest, Status } from "../domain.ts";
import { breachInstant, clockView, elapsedBusinessMs } from "../sla/clock.ts";

/** Whether an instant (absent: never) lies in the half-open period [from, to). */
export const inRange = (t: number | undefined, from: number, to: number) => t !== undefined && t >= from && t < to;

/** Epoch ms of an ISO instant; undefined when absent or unreadable. */
export const isoOrUndefined = (s: string | undefined) => {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};

const BREACHING: ReadonlySet<ClockState> = new Set<ClockState>(["breached", "missed"]);
const OPEN: ReadonlySet<Status> = new Set<Status>(["new", "in_progress", "waiting"]);

/** When a clock passed its target and when it stopped (a response, a resolution, a cancellation). */
export interface Overdue {
  /** The instant it passed its target (as of `now`); undefined while it has not. */
  breachAt: number | undefined;
  /** The instant it stopped for good; undefined while it counts or is paused. */
  stopAt: number | undefined;
}

/** Whether a clock was past its target and still counting at instant `t`: open and overdue then. */
export const overdueAt = (o: Overdue, t: number) => o.breachAt !== undefined && o.breachAt < t && (o.stopAt === undefined || o.stopAt >= t);

/** What the figures need of one request, worked out once at `now` (day summaries count the same). */
export interface Facts {
  req: ServiceRequest;
  createdAt: number | undefined;
  fr: ClockView;
  res: ClockView;
  /** Stop instant of a responded first-response clock. */
  frMeasuredAt: number | undefined;
  frMinutes: number;
  /** The same in business ms, as computed (summaries keep these, so medians stay exact). */
  frMs: number;
  /** resolvedAt of a request now resolved or closed. */
  resolvedAt: number | undefined;
  resMinutes: number;
  resMs: number;
  cancelledAt: number | undefined;
  frOverdue: Overdue;
  resOverdue: Overdue;
  /** Transfer: when it was handed to another department (its resolution neither met nor missed). */
  handedOffAt: number | undefined;
  /** Transfer: it came from another department (received at its creation). */
  handedIn: boolean;
  /** When it left the backlog for good as it stands (resolved, closed, cancelled); undefined while open. */
  leftAt: number | undefined;
  open: boolean;
  breached: boolean;
  breachedNow: boolean;
}

export function factsOf(req: ServiceRequest, now: number): Facts {
  const { calendar, warnAtPercent } = req.sla;
  const fr = clockView(req.sla.firstResponse, calendar, warnAtPercent, now);
  const res = clockView(req.sla.resolution, calendar, warnAtPercent, now);
  const open = OPEN.has(req.status);
  let frMeasuredAt: number | undefined;
  let frMs = 0;
  const frTrack = req.sla.firstResponse;
  if (req.firstRespondedAt && frTrack.stopped) {
    const last = frTrack.runs[frTrack.runs.length - 1];
    frMeasuredAt = isoOrUndefined(last?.to) ?? isoOrUndefined(req.firstRespondedAt);
    frMs = elapsedBusinessMs(frTrack, calendar, now);
  }
  let resolvedAt: number | undefined;
  let resMs = 0;
  if (req.status === "resolved" || req.status === "closed") {
    resolvedAt = isoOrUndefined(req.resolvedAt);
    if (resolvedAt !== undefined) resMs = elapsedBusinessMs(req.sla.resolution, calendar, now);
  }
  const overdue = (track: typeof frTrack): Overdue => {
    const breachAt = breachInstant(track, calendar, now);
    return {
      breachAt: breachAt !== undefined && Number.isFinite(breachAt) ? breachAt : undefined,
      stopAt: track.stopped ? isoOrUndefined(track.runs[track.runs.length - 1]?.to) : undefined,
    };
  };
  const cancelledAt = req.status === "cancelled" ? isoOrUndefined(req.updatedAt) : undefined;
  return {
    req,
    createdAt: isoOrUndefined(req.createdAt),
    fr,
    res,
    frMeasuredAt,
    frMinutes: frMs / 60000,
    frMs,
    resolvedAt,
    resMinutes: resMs / 60000,
    resMs,
    cancelledAt,
    frOverdue: overdue(frTrack),
    resOverdue: overdue(req.sla.resolution),
    handedOffAt: req.status === "transferred" ? isoOrUndefined(req.transfer?.at) : undefined,
    handedIn: !!req.transferredFrom,
    leftAt: open ? undefined : (resolvedAt ?? cancelledAt ?? (req.status === "transferred" ? isoOrUndefined(req.transfer?.at) : undefined) ?? isoOrUndefined(req.updatedAt)),
    open,
    breached: BREACHING.has(fr.state) || BREACHING.has(res.state),
    breachedNow: open && (fr.state === "breached" || res.state === "breached"),
  };
}

