import type {
  ClockTrack,
  Department,
  HistoryEvent,
  Person,
  Priority,
  ServiceRequest,
  Status,
} from "./domain.ts";
import { OPEN_STATUSES } from "./domain.ts";
import type { Localizable, StringKey } from "./strings/index.ts";
import { type Actor, isAssignable, isRequester, isStaff } from "./permissions.ts";
import { handOffClock, pauseClock, reopenClock, resumeClock, retargetClock, stopClock, isRunning } from "./sla/clock.ts";
import { targetFor } from "./sla/targets.ts";

/** What a person can do to a request (the body of `POST /api/requests/:id/actions`). */
export type RequestAction =
  | { action: "take" }
  | { action: "assign"; assignee: Person }
  | { action: "comment"; text: string; public?: boolean }
  | { action: "wait"; text?: string }
  | { action: "resume"; text?: string }
  | { action: "resolve"; text?: string }
  | { action: "reopen"; text?: string }
  | { action: "cancel"; text?: string }
  | { action: "priority"; priority: Priority }
  | { action: "rate"; score: number; effort?: number; comment?: string }
  | { action: "thank"; text?: string }
  /** Transfer: hands the case to another department (the service files it there: bot/service/transfer.ts). */
  | { action: "transfer"; department: string; reason: string }
  /** Links: the service writes both sides (shared/links.ts, bot/service/links.ts); `applyAction` leaves it alone. */
  | { action: "link"; to: string; relation: "related" | "duplicate"; text?: string }
  /** Similar at intake: anyone who may see an open request follows it instead of filing the same case again. */
  | { action: "follow" };

export type ActionName = RequestAction["action"];

/** A history event before the service numbers it. */
export type NewEvent = Omit<HistoryEvent, "seq">;

/**
 * Why an action was refused. `forbidden`: this person may never do it (403);
 * `conflict`: the request's state does not allow it now (409).
 */
export interface Refusal {
  ok: false;
  code: "forbidden" | "conflict" | "invalid_input";
  /** In English, for the API. */
  message: string;
  /** The same in any locale: a key of shared/strings with its parameters (see `localize`). */
  i18n: Localizable;
}

export interface Applied {
  ok: true;
  request: ServiceRequest;
  events: NewEvent[];
}

export interface ActionContext {
  actor: Actor;
  dept: Department;
  /** ISO time of the action. */
  now: string;
}

const refuse = (code: Refusal["code"], message: string, key: StringKey, params: Localizable["params"] = {}): Refusal => ({
  ok: false,
  code,
  message,
  i18n: { key, params },
});

const isOpen = (s: Status) => OPEN_STATUSES.includes(s);

/** A status as a sentence says it ("in progress", not "in_progress"). */
const said = (s: Status) => s.replace("_", " ");

/** Verbs for "Only IT agents can {verb} IT-42." (as strings/en.ts says them). */
const VERB: Record<ActionName, string> = {
  take: "take",
  assign: "assign",
  comment: "comment on",
  wait: "put on hold",
  resume: "resume",
  resolve: "resolve",
  reopen: "reopen",
  cancel: "cancel",
  priority: "change the priority of",
  rate: "rate",
  thank: "thank the people who worked on",
  link: "link",
  transfer: "transfer",
  follow: "follow",
};

/** Which actions need which relation to the request. */
const STAFF_ONLY: ReadonlySet<ActionName> = new Set(["take", "assign", "wait", "resolve", "priority", "transfer"]);
const REQUESTER_ONLY: ReadonlySet<ActionName> = new Set(["cancel", "rate"]);

/**
 * Applies one action to a request: checks who may do it and whether the state allows it,
 * moves the status, runs the SLA clocks and lists the history events. Pure: the caller
 * stores the result (ETag-conditionally) or shows the refusal.
 */
export function applyAction(req: ServiceRequest, action: RequestAction, ctx: ActionContext): Applied | Refusal {
  const { actor, dept, now } = ctx;
  // Nobody acts across tenants, whatever their roles or ids there.
  const sameTenant = actor.tenantId === req.tenantId;
  const staff = sameTenant && isStaff(dept, actor);
  const requester = sameTenant && isRequester(req, actor);
  const who = actor.person;

  if (STAFF_ONLY.has(action.action) && !staff) {
    return refuse("forbidden", `Only ${dept.name} agents can ${VERB[action.action]} ${req.id}.`, "error.staffOnly", { department: dept.name, action: action.action, id: req.id });
  }
  if (REQUESTER_ONLY.has(action.action) && !requester) {
    return refuse("forbidden", `Only the requester (${req.requester.name}) can ${VERB[action.action]} ${req.id}.`, "error.requesterOnly", { action: action.action, id: req.id });
  }
  // Kudos: anyone who may see the request thanks whoever worked it (see `thank`).
  if (action.action === "thank") return sameTenant ? thank(req, action, who, now) : refuse("forbidden", `You can act only on your own requests or on your department's queue.`, "error.notYours");
  if (action.action === "follow") return sameTenant ? follow(req, who, now) : refuse("forbidden", `You can act only on your own requests or on your department's queue.`, "error.notYours");
  if (!staff && !requester) {
    return refuse("forbidden", `You can act only on your own requests or on your department's queue.`, "error.notYours");
  }

  const b = new Builder(req, who, now);

  switch (action.action) {
    case "take": {
      if (!isOpen(req.status)) return refuse("conflict", `${req.id} is ${said(req.status)}; it cannot be taken.`, "error.take.notOpen", { id: req.id, status: req.status });
      if (req.assignee?.id === who.id) return refuse("conflict", `${req.id} is already yours.`, "error.take.alreadyYours", { id: req.id });
      if (req.assignee) return refuse("conflict", `${req.id} is already taken by ${req.assignee.name}.`, "error.take.alreadyTaken", { id: req.id, name: req.assignee.name });
      b.assign(who);
      if (req.status === "new") b.status("in_progress");
      b.responded();
      break;
    }
    case "assign": {
      if (!isOpen(req.status)) return refuse("conflict", `${req.id} is ${said(req.status)}; it cannot be assigned.`, "error.assign.notOpen", { id: req.id, status: req.status });
      const member = [...dept.agents, ...dept.leads].find((p) => p.id === action.assignee.id);
      if (!member || !isAssignable(dept, action.assignee)) {
        return refuse("invalid_input", `${action.assignee.name} is not an agent or lead of ${dept.name}; add them to the department first.`, "error.assign.notMember", { name: action.assignee.name, department: dept.name });
      }
      if (req.assignee?.id === member.id) return refuse("conflict", `${req.id} is already assigned to ${member.name}.`, "error.assign.already", { id: req.id, name: member.name });
      b.assign(member);
      if (req.status === "new") b.status("in_progress");
      b.responded();
      break;
    }
    case "comment": {
      // A transferred request lives on under its new id: comments go there.
      if (req.status === "cancelled" || req.status === "closed" || req.status === "transferred") {
        return refuse("conflict", `${req.id} is ${said(req.status)}; comments are closed.`, "error.comment.closed", { id: req.id, status: req.status });
      }
      const isPublic = action.public ?? true;
      if (!isPublic && !staff) return refuse("forbidden", "Only agents can add internal notes.", "error.comment.noteStaffOnly");
      b.event({ kind: "comment", text: action.text, public: isPublic });
      if (staff && !requester && isPublic && isOpen(req.status)) b.responded();
      // A requester's reply answers the agent's question: the clock runs again.
      if (requester && req.status === "waiting") {
        b.status("in_progress", "reply");
        b.resumeResolution();
      }
      break;
    }
    case "wait": {
      if (req.status !== "new" && req.status !== "in_progress") {
        return refuse("conflict", `${req.id} is ${said(req.status)}; only a new or in-progress request can wait on the requester.`, "error.wait.notWorkable", { id: req.id, status: req.status });
      }
      // Taken first, then asked: the history reads "took the request", then the question.
      if (!req.assignee) b.assign(who);
      if (action.text) b.event({ kind: "comment", text: action.text, public: true });
      b.status("waiting");
      b.responded();
      b.pauseResolution();
      break;
    }
    case "resume": {
      if (req.status !== "waiting") return refuse("conflict", `${req.id} is not waiting; there is nothing to resume.`, "error.resume.notWaiting", { id: req.id });
      if (action.text) b.event({ kind: "comment", text: action.text, public: true });
      b.status("in_progress");
      b.resumeResolution();
      break;
    }
    case "resolve": {
      if (!isOpen(req.status)) return refuse("conflict", `${req.id} is ${said(req.status)}; it cannot be resolved.`, "error.resolve.notOpen", { id: req.id, status: req.status });
      if (action.text) b.event({ kind: "comment", text: action.text, public: true });
      b.responded();
      b.status("resolved");
      b.stopResolution();
      b.set({ resolvedAt: now, resolvedBy: { id: who.id, name: who.name, ...(who.email ? { email: who.email } : {}) } });
      break;
    }
    case "reopen": {
      if (req.status !== "resolved") {
        return refuse("conflict", `${req.id} is ${said(req.status)}; only a resolved request can be reopened.`, "error.reopen.notResolved", { id: req.id, status: req.status });
      }
      // A merged duplicate lives on in its survivor: reopening it would split the case again.
      const survivor = mergedInto(req);
      if (survivor) return refuse("conflict", `${req.id} was merged into ${survivor}, the same case; follow and reply there instead of reopening ${req.id}.`, "error.reopen.merged", { id: req.id, to: survivor });
      if (action.text) b.event({ kind: "comment", text: action.text, public: true });
      b.status("in_progress");
      b.reopenResolution();
      b.set({ resolvedAt: undefined, resolvedBy: undefined });
      break;
    }
    case "cancel": {
      if (!isOpen(req.status)) return refuse("conflict", `${req.id} is ${said(req.status)}; only an open request can be cancelled.`, "error.cancel.notOpen", { id: req.id, status: req.status });
      if (action.text) b.event({ kind: "comment", text: action.text, public: true });
      b.status("cancelled");
      b.stopAll();
      break;
    }
    case "transfer": {
      // A retry of the same transfer (a lost answer, a double click) is the first one: nothing twice.
      if (req.status === "transferred" && req.transfer?.department === action.department) return { ok: true, request: req, events: [] };
      if (!isOpen(req.status)) return refuse("conflict", `${req.id} is ${said(req.status)}; only an open request can be transferred.`, "error.transfer.notOpen", { id: req.id, status: req.status });
      if (action.department === req.department) return refuse("invalid_input", `${req.id} is already in ${dept.name}; pick another department.`, "error.transfer.same", { id: req.id, department: dept.name });
      // The hand-off answers the requester: the first response counts now, met or missed.
      b.responded();
      b.status("transferred");
      b.handOffResolution();
      b.set({ transfer: { department: action.department, at: now, by: { id: who.id, name: who.name } } });
      b.event({ kind: "transfer", to: action.department, public: true });
      // The reason is for the departments: an internal note on both sides.
      b.event({ kind: "comment", text: action.reason, public: false });
      break;
    }
    case "priority": {
      if (!isOpen(req.status)) return refuse("conflict", `${req.id} is ${said(req.status)}; its priority can no longer change.`, "error.priority.notOpen", { id: req.id, status: req.status });
      if (action.priority === req.priority) return refuse("conflict", `${req.id} is already ${req.priority} priority.`, "error.priority.same", { id: req.id, priority: req.priority });
      b.priority(action.priority, dept);
      break;
    }
    case "rate": {
      // A rating never closes the request: it stays resolved (reopen still works) until the
      // quiet period closes it, and may be changed until then; the last one counts.
      if (req.status === "closed") return refuse("conflict", `${req.id} is closed; its rating can no longer change.`, "error.rate.closed", { id: req.id });
      if (req.status !== "resolved") return refuse("conflict", `${req.id} can be rated once it is resolved.`, "error.rate.notResolved", { id: req.id });
      // The work was done on the survivor: that one is rated, once it is resolved.
      const into = mergedInto(req);
      if (into) return refuse("conflict", `${req.id} was merged into ${into}, the same case; rate ${into} once it is resolved.`, "error.rate.merged", { id: req.id, to: into });
      const rating = { score: action.score, ...(action.effort ? { effort: action.effort } : {}), ...(action.comment ? { comment: action.comment } : {}), at: now };
      b.set({ rating });
      b.event({
        kind: "rated",
        to: String(action.score),
        ...(req.rating ? { from: String(req.rating.score) } : {}),
        ...(action.effort ? { effort: action.effort } : {}),
        ...(action.comment ? { text: action.comment } : {}),
      });
      break;
    }
  }
  return b.done();
}

/** The request this one was merged into as its duplicate, if any (shared/links.ts). */
export function mergedInto(r: Pick<ServiceRequest, "links">): string | undefined {
  return r.links?.find((l) => l.relation === "duplicate-of")?.id;
}

/** Who thanks for a request go to: whoever resolved it last, else whoever works it (nobody yet: none). */
export function thankedPeople(req: Pick<ServiceRequest, "resolvedBy" | "assignee">): Person[] {
  const p = req.resolvedBy ?? req.assignee;
  return p ? [p] : [];
}

/** What a thank would add for `who` now: refused, already given (the same words: nothing to add), or new. */
export function thankOutcome(req: Pick<ServiceRequest, "id" | "resolvedBy" | "assignee" | "kudos">, who: Person, text: string | undefined): "new" | "same" | Refusal {
  const to = thankedPeople(req);
  if (!to.length) return refuse("conflict", `Nobody has worked on ${req.id} yet; thank them once someone takes it.`, "error.thank.notWorked", { id: req.id });
  if (to.some((p) => p.id === who.id)) return refuse("conflict", `You worked on ${req.id} yourself; thanks go to someone else.`, "error.thank.self", { id: req.id });
  const given = req.kudos?.find((k) => k.by.id === who.id);
  if (!given) return "new";
  // A retried identical thank (a lost answer, a double click) is the first one: nothing twice.
  if ((given.text ?? "") === (text ?? "")) return "same";
  const names = given.to.map((p) => p.name).join(", ");
  return refuse("conflict", `You already thanked ${names} for ${req.id}; thanks are one per person and request.`, "error.thank.already", { id: req.id, name: names });
}

/**
 * Kudos: thanks from anyone who may see the request (the caller checks that) to whoever resolved
 * it, or works it. One per person and request; never to oneself. An identical repeat changes
 * nothing (no event: the service writes nothing).
 */
function thank(req: ServiceRequest, action: { text?: string }, who: Person, now: string): Applied | Refusal {
  const outcome = thankOutcome(req, who, action.text);
  if (outcome === "same") return { ok: true, request: req, events: [] };
  if (outcome !== "new") return outcome;
  const to = thankedPeople(req).map((p) => ({ id: p.id, name: p.name }));
  const b = new Builder(req, who, now);
  const by = { id: who.id, name: who.name };
  b.set({ kudos: [...(req.kudos ?? []), { by, to, ...(action.text ? { text: action.text } : {}), at: now }] });
  b.event({ kind: "thanked", to: to.map((p) => p.name).join(", "), ...(action.text ? { text: action.text } : {}), public: true });
  return b.done();
}

/**
 * Similar at intake: `who` (anyone who may see it: the caller checks that) follows an open
 * request instead of filing the same case again, and is told of its public changes like its
 * requester. Its requester and those already following change nothing (no event: nothing written).
 */
function follow(req: ServiceRequest, who: Person, now: string): Applied | Refusal {
  if (req.requester.id === who.id || req.followers?.some((f) => f.id === who.id)) return { ok: true, request: req, events: [] };
  if (!isOpen(req.status)) return refuse("conflict", `${req.id} is ${said(req.status)}; only an open request can be followed. File a new one if you still need help.`, "error.follow.notOpen", { id: req.id, status: req.status });
  const b = new Builder(req, who, now);
  b.set({ followers: [...(req.followers ?? []), { id: who.id, name: who.name, ...(who.email ? { email: who.email } : {}) }] });
  b.event({ kind: "followed", public: true });
  return b.done();
}

/** Rating and reopening: what a requester's reply to a closed request files instead of a comment. */
export interface FollowUpPlan {
  ok: true;
  /** "Follow-up: <title>", kept within the title limit. */
  title: string;
  /** The reply, as the new request's description. */
  description: string;
  category?: string;
  priority: Priority;
}

/** The longest title a request may have (shared/validation's limit; code points). */
const TITLE_MAX = 200;

/**
 * A reply to a closed request files a follow-up in the same department (DESIGN.md
 * "Lifecycle"): closed is final, so the words start a new case linked to the old one. Only its
 * requester's public reply does; anyone else is told why not.
 */
export function followUpOf(req: ServiceRequest, action: { text: string; public?: boolean }, ctx: ActionContext): FollowUpPlan | Refusal {
  const { actor, dept } = ctx;
  if (req.status !== "closed") return refuse("conflict", `${req.id} is ${said(req.status)}; reply to it instead of filing a follow-up.`, "error.followUp.notClosed", { id: req.id, status: req.status });
  if (actor.tenantId !== req.tenantId || !isRequester(req, actor) || action.public === false) {
    return refuse("conflict", `${req.id} is closed; comments are closed.`, "error.comment.closed", { id: req.id, status: req.status });
  }
  const title = [...`Follow-up: ${req.title}`];
  return {
    ok: true,
    title: title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1).join("")}…` : title.join(""),
    description: action.text,
    ...(req.category && dept.categories.some((c) => c.key === req.category) ? { category: req.category } : {}),
    priority: req.priority,
  };
}

/** The closed request, pointing at the follow-up its requester's reply filed. */
export function linkFollowUp(req: ServiceRequest, followUpId: string, actor: Person, now: string): Applied {
  const b = new Builder(req, actor, now);
  b.set({ followUps: [...(req.followUps ?? []), followUpId] });
  b.event({ kind: "followUp", to: followUpId });
  return b.done();
}

/** Closes a resolved request after the quiet period (the scheduler's job). */
export function autoClose(req: ServiceRequest, now: string): Applied | Refusal {
  if (req.status !== "resolved") return refuse("conflict", `${req.id} is not resolved.`, "error.reopen.notResolved", { id: req.id, status: req.status });
  const b = new Builder(req, undefined, now);
  b.status("closed");
  b.set({ closedAt: now });
  return b.done();
}

/** Accumulates the changes of one action: the new request and its history events. */
class Builder {
  private req: ServiceRequest;
  private events: NewEvent[] = [];

  constructor(
    original: ServiceRequest,
    private readonly actor: Person | undefined,
    private readonly now: string,
  ) {
    this.req = { ...original, sla: { ...original.sla }, escalations: { ...original.escalations } };
  }

  event(e: Omit<NewEvent, "at" | "actor">) {
    this.events.push({ at: this.now, actor: this.actor, ...e });
  }

  set(patch: Partial<ServiceRequest>) {
    this.req = { ...this.req, ...patch };
  }

  status(to: Status, cause?: HistoryEvent["cause"]) {
    this.event({ kind: "status", from: this.req.status, to, ...(cause ? { cause } : {}) });
    this.req.status = to;
  }

  assign(p: Person) {
    this.event({ kind: "assigned", from: this.req.assignee?.name, to: p.name });
    this.req.assignee = { id: p.id, name: p.name, ...(p.email ? { email: p.email } : {}) };
  }

  priority(p: Priority, dept: Department) {
    this.event({ kind: "priority", from: this.req.priority, to: p });
    this.req.priority = p;
    const target = targetFor(dept, p, this.req.category);
    this.clock("firstResponse", (c) => (c.stopped ? c : retargetClock(c, target.firstResponseMinutes)));
    this.clock("resolution", (c) => (c.stopped ? c : retargetClock(c, target.resolutionMinutes)));
  }

  /** The first agent action the requester sees stops the first-response clock. */
  responded() {
    if (this.req.firstRespondedAt) return;
    this.req.firstRespondedAt = this.now;
    this.stopClock("firstResponse");
  }

  pauseResolution() {
    if (!isRunning(this.req.sla.resolution)) return;
    this.clock("resolution", (c) => pauseClock(c, this.now));
    this.slaEvent("resolution", "pause");
  }

  resumeResolution() {
    const c = this.req.sla.resolution;
    if (c.stopped || isRunning(c)) return;
    this.clock("resolution", (x) => resumeClock(x, this.now));
    this.slaEvent("resolution", "resume");
  }

  stopResolution() {
    this.stopClock("resolution");
  }

  reopenResolution() {
    this.clock("resolution", (c) => reopenClock(c, this.now));
    this.slaEvent("resolution", "resume");
  }

  /** A transfer ends the resolution clock as a hand-off: neither met nor missed. */
  handOffResolution() {
    if (this.req.sla.resolution.stopped) return;
    this.clock("resolution", (c) => handOffClock(c, this.now));
    this.slaEvent("resolution", "stop");
  }

  stopAll() {
    this.stopClock("firstResponse");
    this.stopClock("resolution");
  }

  private stopClock(which: "firstResponse" | "resolution") {
    if (this.req.sla[which].stopped) return;
    this.clock(which, (c) => stopClock(c, this.now));
    this.slaEvent(which, "stop");
  }

  private clock(which: "firstResponse" | "resolution", f: (c: ClockTrack) => ClockTrack) {
    this.req.sla = { ...this.req.sla, [which]: f(this.req.sla[which]) };
  }

  private slaEvent(clock: "firstResponse" | "resolution", sla: NonNullable<NewEvent["sla"]>) {
    this.events.push({ at: this.now, kind: "sla", clock, sla });
  }

  done(): Applied {
    this.req.updatedAt = this.now;
    return { ok: true, request: this.req, events: this.events };
  }
}

/**
 * The actions `actor` may take on `req` now (for buttons and menus): each one is tried
 * against the same rules as the real thing, so what is offered is exactly what would work.
 */
export function availableActions(req: ServiceRequest, ctx: ActionContext): ActionName[] {
  const anyone = ctx.dept.agents[0] ?? ctx.dept.leads[0] ?? ctx.actor.person;
  const trials: RequestAction[] = [
    { action: "take" },
    { action: "assign", assignee: req.assignee?.id === anyone.id ? (ctx.dept.agents[1] ?? ctx.dept.leads[0] ?? anyone) : anyone },
    { action: "comment", text: "-" },
    { action: "wait" },
    { action: "resume" },
    { action: "resolve" },
    { action: "reopen" },
    { action: "cancel" },
    { action: "priority", priority: req.priority === "urgent" ? "high" : "urgent" },
    { action: "rate", score: 5 },
  ];
  return trials.filter((a) => applyAction(req, a, ctx).ok).map((a) => a.action);
}

/**
 * Kudos: whether `actor` may thank for `req` now and has not yet (a Thank button; cards and the
 * tab offer it apart from the other actions): the same rules as the real thing.
 */
export function canThank(req: ServiceRequest, ctx: Pick<ActionContext, "actor">): boolean {
  return req.tenantId === ctx.actor.tenantId && thankOutcome(req, ctx.actor.person, undefined) === "new";
}
