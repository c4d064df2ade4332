import type { EscalationStep, ServiceRequest } from "./domain.ts";
import { OPEN_STATUSES } from "./domain.ts";
import { clockView, thresholdInstant } from "./sla/clock.ts";

/** The ladder: at warnAtPercent of either target, at 100 %, and at 150 %. */
export function stepFractions(warnAtPercent: number): Array<[EscalationStep, number]> {
  return [
    ["warn", warnAtPercent / 100],
    ["breach", 1],
    ["breach150", 1.5],
  ];
}

export interface DueStep {
  step: EscalationStep;
  clock: "firstResponse" | "resolution";
  /** Epoch ms at which the step became due. */
  at: number;
}

/**
 * Each step that has not fired yet, with the earliest instant a running clock reaches it.
 * Steps whose clocks are not running (paused, stopped) have no instant.
 */
export function pendingSteps(req: ServiceRequest): DueStep[] {
  if (!OPEN_STATUSES.includes(req.status)) return [];
  const out: DueStep[] = [];
  for (const [step, fraction] of stepFractions(req.sla.warnAtPercent)) {
    if (req.escalations[step]) continue;
    let best: DueStep | undefined;
    for (const clock of ["firstResponse", "resolution"] as const) {
      const at = thresholdInstant(req.sla[clock], req.sla.calendar, fraction);
      if (at !== undefined && Number.isFinite(at) && (!best || at < best.at)) best = { step, clock, at };
    }
    if (best) out.push(best);
  }
  return out;
}

/** The steps to fire now: every one not yet fired whose instant has come, in ladder order (each fires once). */
export function dueSteps(req: ServiceRequest, now: number): DueStep[] {
  return pendingSteps(req).filter((s) => s.at <= now);
}

/** When the scheduler should look at this request again (ISO), or undefined. */
export function nextCheckAt(req: ServiceRequest): string | undefined {
  const pending = pendingSteps(req);
  if (pending.length === 0) return undefined;
  return new Date(Math.min(...pending.map((s) => s.at))).toISOString();
}

export type ClockName = "firstResponse" | "resolution";

/**
 * The running clocks that were not breached when the request was last written, each with the
 * instant it breaches. Figures count an open request's breach from its stored state (day
 * summaries), so each of these instants is a time the scheduler must write the request down:
 * the escalation ladder alone fires once per request, not once per clock.
 */
export function unrecordedBreaches(req: ServiceRequest): Array<{ clock: ClockName; at: number }> {
  if (!OPEN_STATUSES.includes(req.status)) return [];
  const written = Date.parse(req.updatedAt);
  const out: Array<{ clock: ClockName; at: number }> = [];
  for (const clock of ["firstResponse", "resolution"] as const) {
    const track = req.sla[clock];
    const state = clockView(track, req.sla.calendar, req.sla.warnAtPercent, written).state;
    if (state !== "on_track" && state !== "at_risk") continue;
    const at = thresholdInstant(track, req.sla.calendar, 1);
    if (at !== undefined && Number.isFinite(at)) out.push({ clock, at });
  }
  return out;
}

/** The earliest of those instants (ISO), or undefined. */
export function lateAtOf(req: ServiceRequest): string | undefined {
  const times = unrecordedBreaches(req).map((b) => b.at);
  return times.length ? new Date(Math.min(...times)).toISOString() : undefined;
}

/** The clocks whose breach has come by `now` since the request was last written. */
export function breachesSinceWritten(req: ServiceRequest, now: number): ClockName[] {
  return unrecordedBreaches(req).filter((b) => b.at <= now).map((b) => b.clock);
}

/**
 * When the scheduler must look at the request next: its next escalation step or clock breach,
 * or, once resolved, the end of the quiet period after which it closes by itself. Undefined: never.
 */
export function dueAtOf(req: ServiceRequest, closeAfterMs: number): string | undefined {
  return scheduleOf(req, closeAfterMs).dueAt;
}

/** `dueAtOf` and `lateAtOf` together, the clocks walked once (what a request's write stores). */
export function scheduleOf(req: ServiceRequest, closeAfterMs: number): { dueAt?: string; lateAt?: string } {
  if (req.status === "resolved") {
    const quietSince = Date.parse(req.updatedAt);
    // Both keys always: a caller spreads this over the request's previous schedule.
    return { dueAt: Number.isFinite(quietSince) ? new Date(quietSince + closeAfterMs).toISOString() : undefined, lateAt: undefined };
  }
  const late = unrecordedBreaches(req).map((b) => b.at);
  const lateAt = late.length ? Math.min(...late) : undefined;
  const times = [...pendingSteps(req).map((s) => s.at), ...(lateAt === undefined ? [] : [lateAt])];
  const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
  return { dueAt: iso(times.length ? Math.min(...times) : undefined), lateAt: iso(lateAt) };
}
