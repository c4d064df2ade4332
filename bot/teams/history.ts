import type { HistoryEvent, ServiceRequest } from "../../shared/domain.ts";
import { STRINGS, t, type Locale, type StringKey } from "../../shared/strings/index.ts";
import type { App } from "../app.ts";
import { formatTime } from "./cards.ts";

/** A request's history as lines a lead can read in a card (the last escalation step carries it). */
export async function historyLines(app: App, r: ServiceRequest, locale: Locale): Promise<string[]> {
  const events = await app.services.requests.historyOf(r);
  return events.map((e) => `${formatTime(e.at, r.sla.calendar.timeZone, locale)} · ${historyLine(e, locale, r.sla.warnAtPercent)}`);
}

/** A clock's name as the sentence needs it: "First response ..." but "... objetivo de primera respuesta". */
function midSentence(locale: Locale, key: StringKey, name: string): string {
  return STRINGS[locale][key].startsWith("{clock}") ? name : name.toLowerCase();
}

/** One history event as a line; `percent` is the request's warning threshold (for SLA warnings). */
export function historyLine(e: Omit<HistoryEvent, "seq">, locale: Locale, percent?: number): string {
  const actor = e.actor?.name ?? t(locale, "common.system");
  const clock = e.clock ? t(locale, `clock.${e.clock}` as StringKey) : "";
  switch (e.kind) {
    case "created":
      return t(locale, "history.created", { actor });
    case "comment":
      return `${t(locale, e.public === false ? "history.note" : "history.comment", { actor })}: ${e.text ?? ""}`;
    case "status":
      return t(locale, "history.status", { actor, from: t(locale, `status.${e.from}` as StringKey), to: t(locale, `status.${e.to}` as StringKey) });
    case "assigned":
      return e.from ? t(locale, "history.reassigned", { actor, from: e.from, to: e.to }) : t(locale, "history.assigned", { actor, to: e.to });
    case "priority":
      return t(locale, "history.priority", { actor, from: t(locale, `priority.${e.from}` as StringKey), to: t(locale, `priority.${e.to}` as StringKey) });
    case "rated":
      return t(locale, "history.rated", { actor, score: e.to });
    case "sla":
      return t(locale, `history.sla.${e.sla}` as StringKey, { clock: midSentence(locale, `history.sla.${e.sla}` as StringKey, clock), percent: percent ?? "" });
    case "escalation":
      return t(locale, "history.escalation", { step: t(locale, `escalation.${e.step}` as StringKey) });
    default:
      return String(e.kind);
  }
}
