import type { Activity, ConversationReference } from "botbuilder";
import type { Department, RequestView, ServiceRequest } from "../../shared/domain.ts";
import type { Directory } from "../graph/directory.ts";
import { availableActions } from "../../shared/lifecycle.ts";
import { noticesFor } from "../../shared/notifications.ts";
import { localize, type Locale } from "../../shared/strings/index.ts";
import type { DepartmentService } from "../service/department-service.ts";
import { ConversationStore } from "../storage/conversation-store.ts";
import type { OutboxStore } from "../storage/outbox-store.ts";
import type { Change, Escalation } from "../stream/change-bus.ts";
import { escalationCard, ratingCard, requestCard } from "./cards.ts";
import { cardActivity, withBanner } from "./card-kit.ts";
import type { Outcome, TeamsSender } from "./sender.ts";
import { log } from "../telemetry/log.ts";
import { metrics } from "../telemetry/metrics.ts";

/** A stored reference with the language its user last spoke to the bot in. */
export interface SavedReference {
  reference: Partial<ConversationReference>;
  locale: Locale;
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
  departments: DepartmentService;
  view: (r: ServiceRequest) => RequestView;
  history: (r: ServiceRequest, locale: Locale) => Promise<string[]>;
  /** Told when a change's notices are out, so a crash before that gets them told again (see `repair`). */
  noticesSent?: (r: ServiceRequest) => Promise<void>;
  clock?: () => number;
  /** The tenant's directory: at the last escalation step the assignee's manager is told too. */
  directory?: Pick<Directory, "managerOf">;
}

/**
 * Turns committed changes and escalations into Teams posts. Runs on the instance that made
 * the change (each change is published once, there); a post that fails for a passing reason
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

  onEscalation(e: Escalation): void {
    this.track(this.escalation(e));
  }

  private track(p: Promise<unknown>) {
    const q = p.catch((err) => log.error("[tandem bot] notification failed", { error: err })).finally(() => this.pending.delete(q));
    this.pending.add(q);
  }

  private async change(c: Change): Promise<void> {
    const r = c.request;
    const notices = noticesFor(r, c.events);
    const view = this.d.view(r);
    const dept = await this.d.departments.recent(r.tenantId, r.department);
    const jobs: Array<Promise<unknown>> = [];
    for (const n of notices.people) {
      const activity = (locale: Locale) => {
        const actions = n.person.id === r.requester.id ? requesterActions(r, dept) : [];
        let card = requestCard(view, { locale, actions, dept });
        card = withBanner(card, localize(locale, n.message), "accent");
        const attachments = [card];
        if (n.rating) attachments.push(ratingCard(view, locale));
        return cardActivity(attachments, localize(locale, n.message));
      };
      jobs.push(this.deliver({ target: ConversationStore.userKey(r.tenantId, n.person.id), kind: "send", activity }));
    }
    if (dept) jobs.push(this.triage(r, view, dept, notices.triage));
    await Promise.all(jobs);
    // An escalation's own posts follow from the escalation bus; they confirm the change.
    if (!c.events.some((e) => e.kind === "escalation")) await this.d.noticesSent?.(r);
  }

  /**
   * Tells again what changes committed long enough ago still owe (their process died between
   * the write and the posts): their notices and escalation posts, then confirms them. A post
   * may go out twice after such a crash; none is lost.
   */
  async repair(changes: Change[]): Promise<void> {
    for (const c of changes) {
      const steps = c.events.filter((e) => e.kind === "escalation" && e.step);
      if (steps.length === 0) {
        await this.change(c);
        continue;
      }
      for (const e of steps) {
        await this.escalation({
          tenantId: c.tenantId,
          request: c.request,
          step: e.step!,
          clock: e.clock === "resolution" ? "resolution" : "firstResponse",
          notify: (e.text ?? "").split(", ").filter((x): x is Escalation["notify"][number] => ["assignee", "triage", "leads"].includes(x)),
          withHistory: e.step === "breach150",
        });
      }
    }
  }

  /** The triage channel's card of a request: posted when it is new, then kept current in place. */
  private async triage(r: ServiceRequest, view: RequestView, dept: Department, mode: "post" | "update") {
    if (!dept.triageChannel) return; // never linked: no storage read for it on every change
    const target = ConversationStore.channelKey(r.tenantId, dept.key);
    const activity = (locale: Locale) => cardActivity([requestCard(view, { locale, actions: staffActions(r, dept), dept })], `${r.id}: ${r.title}`);
    if (mode === "post") {
      await this.deliver({ target, kind: "send", activity, card: { department: dept.key, number: r.number } });
      return;
    }
    const activityId = await this.d.conversations.cardOf(r.tenantId, dept.key, r.number);
    if (activityId) await this.deliver({ target, kind: "update", activity, activityId });
  }

  private async escalation(e: Escalation): Promise<void> {
    const r = e.request;
    const dept = await this.d.departments.recent(r.tenantId, r.department);
    if (!dept) return;
    const view = this.d.view(r);
    // One card per language asked for, however many leads read it.
    const made = new Map<Locale, Promise<Partial<Activity>>>();
    const activity = (locale: Locale) => {
      if (!made.has(locale)) {
        made.set(locale, (async () => {
          const history = e.withHistory ? await this.d.history(r, locale) : undefined;
          return cardActivity([escalationCard(view, { locale, step: e.step, clock: e.clock, dept, history })], `${r.id}: ${e.step}`);
        })());
      }
      return made.get(locale)!;
    };
    const targets = new Set<string>();
    if (e.notify.includes("assignee") && r.assignee) targets.add(ConversationStore.userKey(r.tenantId, r.assignee.id));
    if (e.notify.includes("leads")) for (const l of dept.leads) targets.add(ConversationStore.userKey(r.tenantId, l.id));
    if (e.notify.includes("triage") && dept.triageChannel) targets.add(ConversationStore.channelKey(r.tenantId, dept.key));
    // The last step also goes to the assignee's manager (a lead who is that manager gets one card).
    if (e.withHistory && r.assignee && this.d.directory) {
      const manager = await this.d.directory.managerOf(r.tenantId, r.assignee.id).catch(() => undefined);
      if (manager?.id) targets.add(ConversationStore.userKey(r.tenantId, manager.id));
    }
    await Promise.all([...targets].map((target) => this.deliver({ target, kind: "send", activity })));
    await this.d.noticesSent?.(r);
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
    const activity = typeof d.activity === "function" ? await d.activity(saved.locale) : (d.activity[saved.locale] ?? Object.values(d.activity)[0]!);
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

  /** Retries the outbox's due posts (each taken by exactly one instance). */
  async sweep(): Promise<number> {
    let sent = 0;
    for (const item of await this.d.outbox.due<Delivery>(new Date(this.now()))) {
      if (!(await this.d.outbox.take(item))) continue;
      const outcome = await this.deliver(item.payload, item.attempts);
      if (outcome?.ok) sent++;
    }
    return sent;
  }
}

/** Makes a post in the reader's language. */
type Build = (locale: Locale) => Partial<Activity> | Promise<Partial<Activity>>;

/** Buttons on a card in the triage channel: what any agent could do. */
export function staffActions(r: ServiceRequest, dept: Department) {
  const someone = { tenantId: r.tenantId, person: { id: "\u0000channel", name: "" }, isAdmin: true };
  return availableActions(r, { actor: someone, dept, now: new Date().toISOString() }).filter((a): a is Exclude<typeof a, "rate"> => a !== "rate");
}

/** Buttons on the requester's own card. */
export function requesterActions(r: ServiceRequest, dept: Department | undefined) {
  if (!dept) return [];
  const me = { tenantId: r.tenantId, person: r.requester, isAdmin: false };
  return availableActions(r, { actor: me, dept, now: new Date().toISOString() }).filter((a): a is Exclude<typeof a, "rate"> => a !== "rate");
}
