/**
 * A request's history as sentences in the reader's language (the same phrases the bot uses), and
 * the dates the board shows, in the reader's own time zone.
 */
import type { HistoryEvent } from "../../../shared/domain.ts";
import { STRINGS, t, type Locale, type StringKey } from "../../../shared/strings/index.ts";

/** A clock's name as the sentence needs it: "First response ..." but "... reloj de primera respuesta". */
function midSentence(locale: Locale, key: StringKey, name: string): string {
  return STRINGS[locale][key].startsWith("{clock}") ? name : name.toLowerCase();
}

/** One history event as a sentence (a comment's text is shown apart, never inside it). */
export function historyLine(e: HistoryEvent, locale: Locale, warnAtPercent: number): string {
  const actor = e.actor?.name ?? t(locale, "common.system");
  const clock = e.clock ? t(locale, `clock.${e.clock}` as StringKey) : "";
  switch (e.kind) {
    case "created":
      return t(locale, "history.created", { actor });
    case "comment":
      return t(locale, e.public === false ? "history.note" : "history.comment", { actor });
    case "status":
      return e.actor
        ? t(locale, "history.status", { actor, from: t(locale, `status.${e.from}` as StringKey), to: t(locale, `status.${e.to}` as StringKey) })
        : t(locale, "history.statusBySystem", { from: t(locale, `status.${e.from}` as StringKey), to: t(locale, `status.${e.to}` as StringKey) });
    case "assigned":
      if (e.from) return t(locale, "history.reassigned", { actor, from: e.from, to: e.to });
      return e.actor?.name === e.to ? t(locale, "history.taken", { actor }) : t(locale, "history.assigned", { actor, to: e.to });
    case "priority":
      return t(locale, "history.priority", { actor, from: t(locale, `priority.${e.from}` as StringKey), to: t(locale, `priority.${e.to}` as StringKey) });
    case "rated":
      return t(locale, "history.rated", { actor, score: e.to });
    case "sla": {
      const key = `history.sla.${e.sla}` as StringKey;
      return t(locale, key, { clock: midSentence(locale, key, clock), percent: warnAtPercent });
    }
    case "escalation":
      return t(locale, "history.escalation", { step: t(locale, `escalation.${e.step}` as StringKey) });
    default:
      return String(e.kind);
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** "30 Nov 2026, 11:56" in the reader's locale and time zone. */
export function formatTime(iso: string | number, locale: Locale, withSeconds = false): string {
  const key = `${locale}|${withSeconds}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: withSeconds ? "medium" : "short" });
    formats.set(key, f);
  }
  return f.format(typeof iso === "number" ? iso : Date.parse(iso));
}

/** "Dec 1, 10:10 AM" in the reader's locale and time zone, for due times. */
export function formatDue(at: number, locale: Locale): string {
  const key = `${locale}|due`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" });
    formats.set(key, f);
  }
  return f.format(at);
}
