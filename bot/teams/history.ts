import type { ServiceRequest } from "../../shared/domain.ts";
import { historyLine } from "../../shared/history.ts";
import type { Locale } from "../../shared/strings/index.ts";
import type { RequestService } from "../service/request-service.ts";
import { formatTime } from "./cards.ts";

/** A request's history as lines a lead can read in a card (the last escalation step carries it). */
export async function historyLines(requests: Pick<RequestService, "historyOf">, r: ServiceRequest, locale: Locale): Promise<string[]> {
  const events = await requests.historyOf(r);
  return events.map((e) => {
    const { line, text } = historyLine(e, locale, r.sla.warnAtPercent);
    return `${formatTime(e.at, r.sla.calendar.timeZone, locale)} · ${line}${text ? `: ${text}` : ""}`;
  });
}
