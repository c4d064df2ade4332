/**
 * Who hears about a change, and what they are told (DESIGN.md "Teams bot"): the requester of
 * every status change and agent comment, the assignee of what concerns them, the triage channel
 * of new requests (then its card follows the request). Pure: the bot delivers.
 */
import type { HistoryEvent, Person, ServiceRequest } from "./domain.ts";
import type { Localizable } from "./strings/index.ts";
import { followersToTell } from "./links.ts";

export interface PersonNotice {
  person: Person;
  message: Localizable;
  /**
   * The words that caused it, as the person wrote them (a comment, the question asked of the
   * requester, a resolution note, a rating's comment): the reader sees what was said, not only that something was.
   */
  words?: { by: string; text: string };
  /** Send the rating card with it (the request was just resolved), if the department's sampling lets it ask. */
  rating?: boolean;
  /** Kudos: send the thank card with it (the request was just resolved: its requester may thank whoever did it). */
  thank?: boolean;
}

export interface Notices {
  people: PersonNotice[];
  /** Post the request's card in the triage channel (new), or update the card posted before. */
  triage: "post" | "update";
}

type Event = Omit<HistoryEvent, "seq">;

export function noticesFor(req: ServiceRequest, events: ReadonlyArray<Event>): Notices {
  const people: PersonNotice[] = [];
  const actor = events.find((e) => e.actor)?.actor;
  const byRequester = !!actor && actor.id === req.requester.id;
  // What was said with this change: its public comment (an internal note is never told), or a rating's comment, or a thank's words.
  const spoken = events.find((e) => e.kind === "comment" && e.public !== false && e.text) ?? events.find((e) => (e.kind === "rated" || e.kind === "thanked") && e.text);
  const said = spoken?.text ? { by: spoken.actor?.name ?? actor?.name ?? "", text: spoken.text } : undefined;
  const tell = (person: Person | undefined, key: Localizable["key"], extra: Partial<PersonNotice> = {}, params: Localizable["params"] = {}) => {
    if (!person || person.id === actor?.id || people.some((p) => p.person.id === person.id)) return;
    people.push({ person, message: { key, params: { id: req.id, actor: actor?.name ?? "", ...params } }, ...(said ? { words: said } : {}), ...extra });
  };

  const created = events.some((e) => e.kind === "created");
  if (created) {
    // A request filed by a transfer: the old one's notice tells the requester where it went.
    if (!byRequester && actor && !req.transferredFrom) tell(req.requester, "notify.createdForYou");
    return { people, triage: "post" };
  }

  // One notice per person per change: the most telling event speaks (a resolve with a comment is a resolve; a take is "X is on it", not a status).
  const rank: Partial<Record<Event["kind"], number>> = { assigned: 0, status: 1, priority: 2, rated: 3, thanked: 3, comment: 4 };
  // A question or a resolution outranks the assignment that came with it (a wait on a new request also takes it): the requester must read "needs something from you".
  const weight = (e: Event) => (e.kind === "linked" && e.relation === "duplicate-of" ? -2 : e.kind === "status" && (e.to === "waiting" || e.to === "resolved") ? -1 : (rank[e.kind] ?? 9));
  const ordered = [...events].sort((a, b) => weight(a) - weight(b));
  // A requester's reply that resumes a waiting request is a reply, not a status change.
  // Only then: a cancel or a reopen with a reason is told as what it did (the reason comes as its words).
  const reply = events.some((e) => e.kind === "comment" && e.public !== false) && events.every((e) => e.kind !== "status" || (e.from === "waiting" && e.to === "in_progress"));
  if (byRequester && reply) tell(req.assignee, "notify.requesterComment");
  for (const e of ordered) {
    switch (e.kind) {
      case "comment":
        if (e.public === false) break;
        if (byRequester) tell(req.assignee, "notify.requesterComment");
        else tell(req.requester, "notify.comment");
        break;
      case "assigned":
        if (req.assignee && req.assignee.id !== actor?.id) tell(req.assignee, "notify.assignedToYou");
        tell(req.requester, e.from ? "notify.reassigned" : "notify.taken", {}, { name: req.assignee?.name ?? "" });
        break;
      case "status":
        if (e.to === "resolved") tell(req.requester, "notify.resolved", { rating: !req.rating, thank: true });
        else if (e.to === "waiting") tell(req.requester, "notify.waiting");
        // Transfer: told once the new id is known (the "transfer" event that names it).
        else if (e.to === "transferred") break;
        else if (e.to === "cancelled" || (byRequester && e.to === "in_progress")) tell(req.assignee, "notify.status", {}, { status: e.to ?? "" });
        else tell(req.requester, "notify.status", {}, { status: e.to ?? "" });
        break;
      case "transfer":
        // Filed in the other department (`to`: the new id): the requester is told where it went.
        if (e.to && e.from) tell(req.requester, "notify.transferred", {}, { from: req.department, to: e.to.replace(/-\d+$/, ""), newId: e.to });
        break;
      case "priority":
        tell(req.requester, "notify.priority", {}, { priority: e.to ?? "" });
        break;
      case "rated":
        tell(req.assignee, "notify.rated", {}, { score: req.rating?.score ?? "" });
        break;
      case "linked":
        // Links: a merged duplicate's requester hears where it lives on (no rating asked: it was not worked here).
        if (e.relation === "duplicate-of") tell(req.requester, "notify.merged", {}, { to: e.to ?? "" });
        break;
      case "thanked":
        // Kudos: the people thanked hear it, with the words (the thanker's latest kudos names them).
        for (const p of [...(req.kudos ?? [])].reverse().find((k) => k.by.id === actor?.id)?.to ?? []) tell(p, "notify.thanked");
        break;
      default:
        // SLA events and escalations reach people through the escalation ladder instead.
        break;
    }
  }
  // Links: followers hear what the requester hears (they cannot rate: only the requester does).
  for (const n of people.filter((p) => p.person.id === req.requester.id)) {
    for (const f of followersToTell(req, actor?.id)) if (!people.some((p) => p.person.id === f.id)) people.push({ ...n, person: f, rating: false, thank: false });
  }
  return { people, triage: "update" };
}
