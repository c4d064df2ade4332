/**
 * One history event as a sentence in the reader's language (the bot says the same in
 * bot/teams/history.ts; the tab cannot import the bot). Comment texts are returned apart, so
 * they are rendered as plain text under the line, never as markup.
 */
import type { HistoryEvent } from "../../../shared/domain.ts";
import { STRINGS, type Locale, type StringKey, type StringParams } from "../../../shared/strings/index.ts";

type T = (key: StringKey, params?: StringParams) => string;

export function historyLine(e: HistoryEvent, t: T, locale: Locale, warnAtPercent?: number): { line: string; text?: string } {
  const actor = e.actor?.name ?? t("common.system");
  const clockName = e.clock ? t(`clock.${e.clock}`) : "";
  switch (e.kind) {
    case "created":
      return { line: t("history.created", { actor }) };
    case "comment":
      return { line: t(e.public === false ? "history.note" : "history.comment", { actor }), text: e.text };
    case "status": {
      const from = t(`status.${e.from}` as StringKey);
      const to = t(`status.${e.to}` as StringKey);
      if (!e.actor) return { line: e.to === "closed" ? t("history.autoClosed") : t("history.statusBySystem", { from, to }) };
      const key: StringKey =
        e.to === "waiting"
          ? "history.waiting"
          : e.to === "resolved"
            ? "history.resolved"
            : e.to === "cancelled"
              ? "history.cancelled"
              : e.to === "closed"
                ? "history.closed"
                : e.from === "resolved"
                  ? "history.reopened"
                  : e.from === "waiting"
                    ? "history.resumed"
                    : "history.status";
      return { line: t(key, { actor, from, to }), text: e.text };
    }
    case "assigned":
      return { line: e.from ? t("history.reassigned", { actor, from: e.from, to: e.to }) : e.to === actor ? t("history.taken", { actor }) : t("history.assigned", { actor, to: e.to }) };
    case "priority":
      return { line: t("history.priority", { actor, from: t(`priority.${e.from}` as StringKey), to: t(`priority.${e.to}` as StringKey) }) };
    case "rated":
      return { line: t("history.rated", { actor, score: e.to }), text: e.text };
    case "sla": {
      const key = `history.sla.${e.sla}` as StringKey;
      // "First response clock started" but "El reloj de primera respuesta ...": lower case mid-sentence.
      const clock = STRINGS[locale][key]?.startsWith("{clock}") ? clockName : clockName.toLowerCase();
      return { line: t(key, { clock, percent: warnAtPercent ?? "" }) };
    }
    case "escalation":
      return { line: t("history.escalation", { step: t(`escalation.${e.step}` as StringKey) }) };
    default:
      return { line: String(e.kind) };
  }
}
