/**
 * A request's history as sentences in the reader's language: the bot's escalation cards, the
 * board's details and "my requests" all say the same. A comment's text comes back apart, so a
 * surface shows it as plain text under the line, never inside a sentence or as markup.
 */
import type { HistoryEvent } from "./domain.ts";
import { STRINGS, t, type Locale, type StringKey } from "./strings/index.ts";

export interface HistoryLine {
  line: string;
  /** What the person wrote with it (a comment, a reason, a rating's comment). */
  text?: string;
}

/** `warnAtPercent`: the request's warning threshold, named by SLA warning events. */
export function historyLine(e: Omit<HistoryEvent, "seq">, locale: Locale, warnAtPercent?: number): HistoryLine {
  const say = (key: StringKey, params?: Record<string, string | number | undefined>) => t(locale, key, params);
  const actor = e.actor?.name ?? say("common.system");
  switch (e.kind) {
    case "created":
      return { line: say("history.created", { actor }) };
    case "comment":
      return { line: say(e.public === false ? "history.note" : "history.comment", { actor }), text: e.text };
    case "status": {
      const from = say(`status.${e.from}` as StringKey);
      const to = say(`status.${e.to}` as StringKey);
      if (!e.actor) return { line: e.to === "closed" ? say("history.autoClosed") : say("history.statusBySystem", { from, to }) };
      // A requester's answer to a question is their reply, not someone resuming work.
      if (e.cause === "reply") return { line: say("history.replied", { actor }) };
      return { line: say(statusKey(e.from, e.to), { actor, from, to }), text: e.text };
    }
    case "assigned":
      if (e.from) return { line: say("history.reassigned", { actor, from: e.from, to: e.to }) };
      return { line: e.to === actor ? say("history.taken", { actor }) : say("history.assigned", { actor, to: e.to }) };
    case "priority":
      return { line: say("history.priority", { actor, from: say(`priority.${e.from}` as StringKey), to: say(`priority.${e.to}` as StringKey) }) };
    case "rated": {
      // A changed rating says what it replaced; the CES answer, when given, follows.
      const rated = e.from ? say("history.rerated", { actor, score: e.to, from: e.from }) : say("history.rated", { actor, score: e.to });
      return { line: e.effort ? `${rated} · ${say("history.rated.effort", { effort: e.effort })}` : rated, text: e.text };
    }
    case "thanked":
      // Kudos: the thanker's words apart, as plain text.
      return { line: say("history.thanked", { actor, to: e.to }), text: e.text };
    case "linked": {
      // Links: how this request holds the other one.
      const key = e.relation === "duplicate-of" ? "history.linked.duplicateOf" : e.relation === "duplicated-by" ? "history.linked.duplicatedBy" : "history.linked.related";
      return { line: say(key, { actor, id: e.to }) };
    }
    case "followed":
      return { line: say("history.followed", { actor }) };
    case "transfer":
      // Handed to a department, then filed there under its new id; or received here from the old one.
      if (e.to && e.from) return { line: say("history.transfer.filed", { department: e.to.replace(/-\d+$/, ""), id: e.to }) };
      if (e.to) return { line: say("history.transfer.to", { actor, department: e.to }) };
      return { line: say("history.transfer.from", { actor, id: e.from }) };
    case "followUp":
      return { line: e.to ? say("history.followUp.filed", { actor, id: e.to }) : say("history.followUp.of", { id: e.from }) };
    case "sla": {
      const key = `history.sla.${e.sla}` as StringKey;
      const name = e.clock ? say(`clock.${e.clock}`) : "";
      // "First response clock started", but "Se inició el reloj de primera respuesta".
      const clock = STRINGS[locale][key]?.startsWith("{clock}") ? name : name.toLowerCase();
      return { line: say(key, { clock, percent: warnAtPercent ?? "" }) };
    }
    case "escalation":
      return { line: say("history.escalation", { step: say(`escalation.${e.step}` as StringKey) }) };
    case "notice":
      return { line: say(`history.notice.${e.notice}` as StringKey, { host: e.from }) };
    case "attachment":
      // The file's name is what the person chose: shown apart, as plain text.
      return { line: say("history.attachment", { actor }), text: e.text };
    default:
      return { line: String(e.kind) };
  }
}

function statusKey(from: string | undefined, to: string | undefined): StringKey {
  if (to === "waiting") return "history.waiting";
  if (to === "resolved") return "history.resolved";
  if (to === "cancelled") return "history.cancelled";
  if (to === "closed") return "history.closed";
  if (from === "resolved") return "history.reopened";
  if (from === "waiting") return "history.resumed";
  return "history.status";
}
