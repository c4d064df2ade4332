/**
 * What forms show before a request is sent: when the department will answer and resolve it,
 * and which holidays are in the way.
 */
import type { Calendar, SlaTarget } from "../domain.ts";
import { addBusinessMs, holidaysBetween, isWorkingInstant, nextWorkingInstant } from "./calendar.ts";
import { MINUTE } from "./zone.ts";

export interface SlaPreview {
  firstResponseDueAt: string;
  resolutionDueAt: string;
  /** The calendar's zone, to show the due times in the department's local time. */
  timeZone: string;
  /** False when filed outside working hours: the clock starts at `startsAt`. */
  workingNow: boolean;
  startsAt: string;
  /** Holidays (local dates) between filing and the first response. */
  holidays: string[];
}

export function slaPreview(cal: Calendar, target: SlaTarget, start: number): SlaPreview {
  const fr = addBusinessMs(cal, start, target.firstResponseMinutes * MINUTE);
  const res = addBusinessMs(cal, start, target.resolutionMinutes * MINUTE);
  const toIso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : "");
  return {
    firstResponseDueAt: toIso(fr),
    resolutionDueAt: toIso(res),
    timeZone: cal.timeZone,
    workingNow: isWorkingInstant(cal, start),
    startsAt: toIso(nextWorkingInstant(cal, start)),
    holidays: holidaysBetween(cal, start, fr),
  };
}
