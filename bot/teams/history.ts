import type { ServiceRequest } from "../../shared/domain.ts";
import { historyLine } from "../../shared/history.ts";
import type { Locale } from "../../shared/strings/index.ts";
import type { App } from "../app.ts";
import { formatTime } from "./cards.ts";

/** A request's history as lines a lead can read in a card (the last escalation step carries it). */
export async function historyLines(app: App, r: ServiceRequest, locale: Locale): Promise<string[]> {
  const events = await app.services.requests.historyOf(r);
  return events.map((e) => {
    const { line, text } = historyLine(e, locale, r.sla.warnAtPercent);
    return `${formatTime(e.at, r.sla.calendar.timeZone, locale)} · ${line}${text ? `: ${text}` : ""}`;
  });
}
