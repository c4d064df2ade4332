import type { Activity, ConversationReference } from "botbuilder";
import type { Department, EscalationStep, HistoryEvent, Person, RequestView, ServiceRequest } from "../../shared/domain.ts";
import type { Directory } from "../graph/directory.ts";
import { availableActions } from "../../shared/lifecycle.ts";
import { noticesFor, type Notices } from "../../shared/notifications.ts";
import { localize, t, type Locale } from "../../shared/strings/index.ts";
import type { DepartmentService } from "../service/department-service.ts";
import { ConversationStore } from "../storage/conversation-store.ts";
import type { OutboxStore } from "../storage/outbox-store.ts";
import type { Change } from "../stream/change-bus.ts";
import { cardZone, escalationCard, ratingCard, requestCard, thankCard, withConversation } from "./cards.ts";
import type { RatingAsks } from "../storage/rating-asks.ts";
import { surveySettings } from "../../shared/domain.ts";
import { DELIVERY_LEASE_MS, type DeliveryLedger } from "./delivery-ledger.ts";
import { cardActivity, withBanner } from "./card-kit.ts";
import type { Outcome, TeamsSender } from "./sender.ts";
import { demoDepartmentName } from "../demo/demo-language.ts";
import { log } from "../telemetry/log.ts";
import { metrics } from "../telemetry/metrics.ts";

/** A stored reference with the language its user last spoke to the bot in. */
export interface SavedReference {
  reference: Partial<ConversationReference>;
  locale: Locale;
  /** The time zone Teams gave when they last wrote (a channel has none: its cards use the department's). */
  timeZone?: string;
}

/** Who a post is made for: their language and, when known, their time zone. */
export interface Reader {
  locale: Locale;
  timeZone?: string;
}

/** One post to make: where, what, and for a triage card which request it shows. */
export interface Delivery {
  target: string;
  kind: "send" | "update";
  /** The post in the reader's language (kept this way in the outbox). */
  activity: Partial<Record<Locale, Partial<Activity>>>;
  activityId?: string;
  card?: { department: string; number: number };
}

const MAX_ATTEMPTS = 8;

export interface NotifierDeps {
  sender: TeamsSender;
  conversations: ConversationStore;
  outbox: OutboxStore;
  /** One claim per change and recipient: who posts it, and that it was posted. */
  ledger: DeliveryLedger;
  departments: DepartmentService;
  view: (r: ServiceRequest) => RequestView;
  history: (r: ServiceRequest, locale: Locale) => Promise<string[]>;
  /** Writes in the request's history who an escalation step reached (after its posts are settled). */
  recordReach?: (r: ServiceRequest, step: EscalationStep, reached: string[]) => Promise<void>;
  /** Told when every notice of a change is settled, so the repair stops looking at it (see `repair`). */
  noticesSent?: (r: ServiceRequest) => Promise<void>;
  clock?: () => number;
  /** The tenant's directory: at the last escalation step the assignee's manager is told too. */
  directory?: Pick<Directory, "managerOf">;
  /** Sampling of the rating card: whether a department may ask this person now (absent: always). */
  ratingAsks?: Pick<RatingAsks, "mayAsk">;
}

/** One post a change owes: `what` names it within the change (its claim), `post` makes it. */
interface Owed {
  what: string;
  post: () => Promise<Outcome | undefined>;
}

/**
 * Turns committed changes into Teams posts: the people told (with the words that were said
 * and a reply box), the triage card, and the escalation steps the change fired. The change
 * log is the source: the instance that made the change delivers at once, the repair on any
 * instance delivers what a dead process left owed, and each post goes through its claim in
 * the ledger, so it goes out once whoever gets there first. A post Teams refuses for a while
 * goes to the outbox and is retried by whichever instance sweeps it first.
 */
export class Notifier {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly d: NotifierDeps) {
    this.now = d.clock ?? Date.now;
  }

  /** Resolves when every notification started so far is done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  onChange(c: Change): void {
    this.track(this.change(c));
  }

  private track(p: Promise<unknown>) {
    const q = p.catch((err) => log.error("[tandem bot] notification failed", { error: err })).finally(() => this.pending.delete(q));
    this.pending.add(q);
  }

  /**
   * Tells what changes still owe (their process died between the write and the posts, or is
   * still posting): each post through its claim, so nothing already out goes out again.
   */
  async repair(changes: Change[]): Promise<void> {
    for (const c of changes) await this.change(c);
  }

  /** Every post a change owes, each once: claimed, posted, settled; the change is confirmed when all are. */
  private async change(c: Change): Promise<void> {
    const r = c.request;
    const dept = await this.d.departments.recent(r.tenantId, r.department);
    const view = this.d.view(r);
    const notices = noticesFor(r, c.events);
    const owed = [...this.personNotices(c, notices, view, dept), ...(dept ? this.triage(r, view, dept, notices.triage) : [])];
    let settled = (await Promise.all(owed.map((o) => this.once(c, o)))).every((x) => x !== undefined);
    // Escalation steps the change fired: leads first, so the channel can say whether they were reached.
    for (const e of c.events) {
      if (e.kind !== "escalation" || !e.step || !dept) continue;
      settled = (await this.escalation(c, dept, view, e)) && settled;
    }
    if (settled) await this.d.noticesSent?.(r);
  }

  /** One owed post through its claim: its outcome, or undefined while another instance has it in hand. */
  private async once(c: Change, o: Owed): Promise<string | undefined> {
    const turn = await this.d.ledger.begin(c, o.what);
    if (turn.turn === "busy") return undefined;
    if (turn.turn === "done") return turn.outcome;
    const outcome = await o.post();
    const said = !outcome ? "nobody" : outcome.ok ? "sent" : outcome.gone ? "gone" : "queued";
    await this.d.ledger.settle(turn.key, said);
    return said;
  }

  /** The people a change concerns, each told in their chat what happened and what was said. */
  private personNotices(c: Change, notices: Notices, view: RequestView, dept: Department | undefined): Owed[] {
    const r = c.request;
    return notices.people.map((n) => ({
      what: `person:${n.person.id}`,
      post: () => {
        const isRequester = n.person.id === r.requester.id;
        const available = dept ? actionsFor(r, dept, n.person) : [];
        // The reply box whenever the reader may comment; it replaces the requester's Comment button.
        const reply = available.includes("comment");
        const actions = isRequester ? available.filter((a) => a !== "comment") : [];
        const activity = async ({ locale, timeZone }: Reader) => {
          let card = requestCard(view, { locale, actions, dept, zone: timeZone });
          card = withConversation(card, { locale, id: r.id, ...(n.words ? { words: n.words } : {}), reply, zone: cardZone(timeZone, dept) }, "top");
          card = withBanner(card, localize(locale, n.message), "accent");
          const attachments = [card];
          // Sampled (DESIGN.md): asked only if this department has not asked them lately; built only for someone the bot can reach.
          if (n.rating && (await this.mayAskRating(c, dept, n.person))) attachments.push(ratingCard(view, locale));
          const thanks = n.thank ? thankCard(view, locale) : undefined;
          if (thanks) attachments.push(thanks);
          const summary = localize(locale, n.message) + (n.words ? ` ${n.words.text}` : "");
          return cardActivity(attachments, summary);
        };
        return this.deliver({ target: ConversationStore.userKey(r.tenantId, n.person.id), kind: "send", activity });
      },
    }));
  }

  /**
   * Whether this change may ask `person` to rate: not if the department asked them within its
   * `surveys.ratingEveryDays` (default 7); one claim row per department and person decides it,
   * once across instances, and a retried delivery of the same change keeps its answer.
   */
  private async mayAskRating(c: Change, dept: Department | undefined, person: Person): Promise<boolean> {
    if (!this.d.ratingAsks || !dept) return true;
    return this.d.ratingAsks.mayAsk(c.tenantId, c.department, person.id, c.changeId, this.now(), surveySettings(dept).ratingEveryDays);
  }

  /** The triage channel's card of a request: posted when it is new, then kept current in place. */
  private triage(r: ServiceRequest, view: RequestView, dept: Department, mode: "post" | "update"): Owed[] {
    if (!dept.triageChannel) return []; // never linked: no storage read for it on every change
    const target = ConversationStore.channelKey(r.tenantId, dept.key);
    const activity = ({ locale }: Reader) => cardActivity([requestCard(view, { locale, actions: staffActions(r, dept), dept })], `${r.id}: ${r.title}`);
    return [{
      what: `triage:${mode}`,
      post: async () => {
        if (mode === "post") return this.deliver({ target, kind: "send", activity, card: { department: dept.key, number: r.number } });
        const activityId = await this.d.conversations.cardOf(r.tenantId, dept.key, r.number);
        return activityId ? this.deliver({ target, kind: "update", activity, activityId }) : undefined;
      },
    }];
  }

  /**
   * One escalation step: the assignee, the leads (also when the ladder says the triage channel
   * and none is linked: a warning must reach someone), the channel, and at the last step the
   * assignee's manager. True when every post of it is settled.
   */
  private async escalation(c: Change, dept: Department, view: RequestView, e: Omit<HistoryEvent, "seq">): Promise<boolean> {
    const r = c.request;
    const step = e.step!;
    const clock = e.clock === "resolution" ? "resolution" : "firstResponse";
    const notify = (e.text ?? "").split(", ");
    const withHistory = step === "breach150";
    const toLeads = notify.includes("leads") || (notify.includes("triage") && !dept.triageChannel);
    const made = new Map<string, Promise<Partial<Activity>>>();
    /** One card per reader kind and language, however many leads read it. */
    const build = (reader: "lead" | "channel" | "other", told: string) => ({ locale, timeZone }: Reader) => {
      const key = `${reader}|${told}|${locale}|${timeZone ?? ""}`;
      if (!made.has(key)) {
        made.set(key, (async () => {
          const history = withHistory ? await this.d.history(r, locale) : undefined;
          const department = demoDepartmentName(dept.key, dept.name, locale);
          const who = step !== "breach" ? "" : reader === "lead" ? (dept.leads.length > 1 ? t(locale, "escalation.told.youAndOthers", { department }) : "") : t(locale, told === "none" ? "escalation.told.none" : "escalation.told.leads", { department });
          return cardActivity([escalationCard(view, { locale, step, clock, dept, history, told: who, warnAtPercent: r.sla.warnAtPercent, zone: timeZone })], `${r.id}: ${t(locale, `escalation.${step}`)}`);
        })());
      }
      return made.get(key)!;
    };
    const what = (target: string) => `escalation:${step}:${target}`;
    const leads = toLeads ? uniquePeople(dept.leads) : [];
    const first: Array<Owed & { name: string }> = leads.map((l) => {
      const target = ConversationStore.userKey(r.tenantId, l.id);
      return { what: what(target), name: l.name, post: () => this.deliver({ target, kind: "send", activity: build("lead", "") }) };
    });
    const leadOutcomes = await Promise.all(first.map((o) => this.once(c, o)));
    const told = (o: string | undefined) => o === "sent" || o === "queued";
    const reached = leadOutcomes.some(told) ? "leads" : "none";
    const rest: Array<Owed & { name: string }> = [];
    const others = new Map<string, string>();
    if (notify.includes("assignee") && r.assignee && !leads.some((l) => l.id === r.assignee!.id)) others.set(ConversationStore.userKey(r.tenantId, r.assignee.id), r.assignee.name);
    // The last step also goes to the assignee's manager (a lead who is that manager gets one card).
    if (withHistory && r.assignee && this.d.directory) {
      const manager = await this.d.directory.managerOf(r.tenantId, r.assignee.id).catch(() => undefined);
      if (manager?.id && !leads.some((l) => l.id === manager.id)) others.set(ConversationStore.userKey(r.tenantId, manager.id), manager.name ?? "");
    }
    for (const [target, name] of others) rest.push({ what: what(target), name, post: () => this.deliver({ target, kind: "send", activity: build("other", reached) }) });
    if (notify.includes("triage") && dept.triageChannel) {
      const target = ConversationStore.channelKey(r.tenantId, dept.key);
      rest.push({ what: what(target), name: dept.triageChannel.name ?? "triage", post: () => this.deliver({ target, kind: "send", activity: build("channel", reached) }) });
    }
    const outcomes = [...leadOutcomes, ...(await Promise.all(rest.map((o) => this.once(c, o))))];
    if (outcomes.some((o) => o === undefined)) return false;
    // Once every post of the step is settled, the history says who it reached (written once, by whoever gets there).
    if (this.d.recordReach) {
      const names = [...first, ...rest].filter((_, i) => told(outcomes[i])).map((o) => o.name).filter(Boolean);
      const record = await this.once(c, { what: `escalation:${step}:record`, post: async () => (await this.d.recordReach!(r, step, names), { ok: true }) });
      if (record === undefined) return false;
    }
    return true;
  }

  /**
   * Posts one delivery now; a passing failure goes to the outbox, a gone conversation is
   * forgotten. The activity is made only once the reader (and so their language) is known:
   * most people never talked to the bot, and nothing is built for them.
   */
  async deliver(d: Delivery | (Omit<Delivery, "activity"> & { activity: Build }), attempts = 0): Promise<Outcome | undefined> {
    const tenantId = d.target.split("|")[0]!;
    const saved = await this.d.conversations.get<SavedReference>(d.target);
    if (!saved) return undefined; // never talked to the bot, or removed it: nothing to post into
    const activity = typeof d.activity === "function" ? await d.activity({ locale: saved.locale, timeZone: saved.timeZone }) : (d.activity[saved.locale] ?? Object.values(d.activity)[0]!);
    const outcome = d.kind === "update" && d.activityId
      ? await this.d.sender.update(saved.reference, d.activityId, activity)
      : await this.d.sender.send(saved.reference, activity);
    metrics.notice(d.kind, outcome);
    if (outcome.ok) {
      if (d.card && outcome.activityId) await this.d.conversations.setCard(tenantId, d.card.department, d.card.number, outcome.activityId);
      return outcome;
    }
    if (outcome.gone) {
      log.warn(`[tandem bot] ${d.target} is gone (${outcome.reason}): reference removed`);
      await this.d.conversations.remove(d.target);
      return outcome;
    }
    if (attempts + 1 >= MAX_ATTEMPTS) {
      log.error(`[tandem bot] giving up on a post to ${d.target} after ${attempts + 1} attempts (${outcome.reason})`);
      return outcome;
    }
    const backoff = Math.min(3_600_000, 5_000 * 2 ** attempts);
    const due = new Date(this.now() + Math.max(outcome.retryAfterMs, backoff));
    const stored: Delivery = { ...d, activity: { [saved.locale]: activity } };
    await this.d.outbox.add({ tenantId, target: d.target, payload: stored, attempts: attempts + 1 }, due);
    return outcome;
  }

  /** Retries the outbox's due posts (each taken by exactly one instance; one whose taker died comes back after the lease). */
  async sweep(): Promise<number> {
    let sent = 0;
    for (const item of await this.d.outbox.due<Delivery>(new Date(this.now()))) {
      const lease = await this.d.outbox.take(item, new Date(this.now() + DELIVERY_LEASE_MS));
      if (!lease) continue;
      const outcome = await this.deliver(item.payload, item.attempts);
      await this.d.outbox.release(lease);
      if (outcome?.ok) sent++;
    }
    return sent;
  }
}

/** Makes a post for its reader: their language, their time zone. */
type Build = (reader: Reader) => Partial<Activity> | Promise<Partial<Activity>>;

/** Buttons on a card in the triage channel: what any agent could do. */
export function staffActions(r: ServiceRequest, dept: Department) {
  const someone = { tenantId: r.tenantId, person: { id: "\u0000channel", name: "" }, isAdmin: true };
  return availableActions(r, { actor: someone, dept, now: new Date().toISOString() }).filter((a): a is Exclude<typeof a, "rate"> => a !== "rate");
}


function uniquePeople<P extends { id: string }>(people: P[]): P[] {
  return people.filter((p, i) => people.findIndex((q) => q.id === p.id) === i);
}

/** What `person` may do with the request now: their card's buttons ("rate" has a card of its own). */
function actionsFor(r: ServiceRequest, dept: Department, person: Person) {
  const actor = { tenantId: r.tenantId, person, isAdmin: false };
  return availableActions(r, { actor, dept, now: new Date().toISOString() }).filter((a): a is Exclude<typeof a, "rate"> => a !== "rate");
}
