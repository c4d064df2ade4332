import { randomUUID } from "node:crypto";
import type { Department, Person, RequestView, ServiceRequest, Source } from "../../shared/domain.ts";
import { applyAction, followUpOf, linkFollowUp, type NewEvent, type RequestAction } from "../../shared/lifecycle.ts";
import { isOutlookMailLink, linkHost } from "../../shared/mail-link.ts";
import { type Actor, canSeeRequest, isStaff, mailId } from "../../shared/permissions.ts";
import { newRequest, parseRequestId, requestEtag, toView } from "../../shared/request.ts";
import {
  actionSchema,
  createRequestSchema,
  detail,
  fromEmailSchema,
  listQuerySchema,
  parse,
} from "../../shared/validation/index.ts";
import { emailToRequestFields } from "../email/email-request.ts";
import type { Change, ChangeBus } from "../stream/change-bus.ts";
import type { ClaimStore } from "../storage/claim-store.ts";
import { isConflict, isPreconditionFailed } from "../storage/errors.ts";
import { type Built, MAX_STEPS, RequestStore } from "../storage/request-store.ts";
import type { UserIndex } from "../storage/user-index.ts";
import { AppError, badRequest, conflict, forbidden, localized, notFound, preconditionFailed } from "./app-error.ts";
import type { DepartmentService } from "./department-service.ts";
import { once } from "./claims.ts";
import { KeyBatcher, type Outcome } from "./key-batcher.ts";
import { crashPoint } from "../crash-points.ts";
import type { Directory } from "../graph/directory.ts";
import { listMine, MyRequestsProjection } from "./my-requests.ts";
import { LinkService } from "./links.ts";
import { type PastPage, RequesterPast } from "./requester-past.ts";
import { metrics } from "../telemetry/metrics.ts";
import { TransferService, type TransferredFields } from "./transfer.ts";

export interface RequestServiceDeps {
  requests: RequestStore;
  claims: ClaimStore;
  users: UserIndex;
  departments: DepartmentService;
  bus: ChangeBus;
  /** Resolves an email sender to their Entra account; without it they stay `mail:<address>`. */
  directory?: Directory;
  clock?: () => number;
}

/** Everything any surface (API, bot, tab, add-in) does to requests goes through here. */
export class RequestService {
  private readonly now: () => number;
  /** Every person's copies of their requests ("my requests"); the change-log follower repairs through it too. */
  readonly myRequests: MyRequestsProjection;

  constructor(private readonly deps: RequestServiceDeps) {
    this.now = deps.clock ?? Date.now;
    this.myRequests = new MyRequestsProjection(deps.users);
  }

  /** Files a request. With an idempotency key, a repeat returns the first result. */
  async create(
    actor: Actor,
    body: unknown,
    opts: {
      idempotencyKey?: string;
      source?: Source;
      /** One request per source item (a Teams message): `ref` is claimed tenant-wide, like an email. */
      oncePerSource?: boolean;
    } = {},
  ): Promise<{ request: RequestView; created: boolean }> {
    const input = parse(createRequestSchema, body);
    if (!input.ok) throw badRequest(input.error.message, input.error.details);
    const v = input.value;
    const dept = await this.deps.departments.require(actor.tenantId, v.department, "department", { recent: true });
    checkCategory(dept, v.category);
    const fields = {
      title: v.title,
      description: v.description ?? "",
      category: v.category,
      priority: v.priority ?? "normal",
      requester: actor.person,
      source: opts.source ?? { kind: "api" as const },
    };
    if (opts.oncePerSource && opts.source?.ref) {
      const { request, created } = await once(this.deps.claims, this.deps.requests, {
        tenantId: actor.tenantId,
        scope: { source: opts.source.kind },
        ref: opts.source.ref,
        department: dept.key,
      }, (token) => this.insert(actor.tenantId, dept, fields, token));
      return { request: created ? this.view(request) : await this.seenBefore(actor, request, "This Teams message"), created };
    }
    if (!opts.idempotencyKey) {
      return { request: this.view(await this.insert(actor.tenantId, dept, fields, randomUUID())), created: true };
    }
    const key = opts.idempotencyKey;
    if (key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
      throw badRequest("Idempotency-Key must be 1 to 200 visible ASCII characters (a UUID is a good choice).");
    }
    const { request, created } = await once(this.deps.claims, this.deps.requests, {
      tenantId: actor.tenantId,
      scope: { idempotencyOf: actor.person.id },
      ref: key,
      department: dept.key,
    }, (token) => this.insert(actor.tenantId, dept, fields, token));
    return { request: this.view(request), created };
  }

  /** Turns an email into a request, once per internetMessageId however often it is converted. */
  async createFromEmail(actor: Actor, body: unknown): Promise<{ request: RequestView; created: boolean }> {
    const input = parse(fromEmailSchema, body);
    if (!input.ok) throw badRequest(input.error.message, input.error.details);
    const v = input.value;
    const dept = await this.deps.departments.require(actor.tenantId, v.department, "department", { recent: true });
    checkCategory(dept, v.category);
    const { title, description, truncated } = emailToRequestFields(v);
    // Shown as "open in Outlook": a link elsewhere is dropped, and the department told why.
    const webLink = v.webLink && isOutlookMailLink(v.webLink) ? v.webLink : undefined;
    const notices: NewEvent[] = v.webLink && !webLink ? [{ at: "", kind: "notice", notice: "emailLinkDropped", from: linkHost(v.webLink), public: false }] : [];
    const sender: Person & { email: string } = { id: mailId(v.from.email), name: v.from.name || v.from.email, email: v.from.email };
    const requester = sameMailbox(actor, v.from.email) ? actor.person : await this.directoryPerson(actor.tenantId, sender);
    const fields = {
      title,
      description,
      descriptionTruncated: truncated,
      category: v.category,
      priority: v.priority ?? "normal",
      requester,
      createdBy: actor.person,
      source: { kind: "outlook" as const, ref: v.internetMessageId, ...(webLink ? { link: webLink } : {}) },
      email: {
        internetMessageId: v.internetMessageId,
        from: { name: v.from.name, email: v.from.email },
        ...(v.receivedAt ? { receivedAt: v.receivedAt } : {}),
        ...(webLink ? { webLink } : {}),
        ...(v.attachments?.length ? { attachments: v.attachments } : {}),
        ...(truncated ? { truncated: true } : {}),
      },
      notices,
    };
    const { request, created } = await once(this.deps.claims, this.deps.requests, {
      tenantId: actor.tenantId,
      scope: EMAIL_SCOPE,
      ref: v.internetMessageId,
      department: dept.key,
    }, (token) => this.insert(actor.tenantId, dept, fields, token));
    return { request: created ? this.view(request) : await this.seenBefore(actor, request, "This email"), created };
  }

  /** The sender as the directory knows them (their Entra id, so "my requests" and notifications find them); else as written. */
  private async directoryPerson(tenantId: string, sender: Person & { email: string }): Promise<Person> {
    const found = await this.deps.directory?.userByEmail(tenantId, sender.email).catch(() => undefined);
    if (!found?.id) return sender;
    return { id: found.id, name: sender.name !== sender.email ? sender.name : found.name, email: sender.email };
  }

  /**
   * The request an item (an email, a Teams message) was converted into before, if the caller
   * may see it; otherwise a 409 that names neither the request nor who filed it.
   */
  private async seenBefore(actor: Actor, request: ServiceRequest, what: string): Promise<RequestView> {
    try {
      return await this.get(actor, request.id, { history: false });
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 404) throw err;
      throw localized(conflict(`${what} is already a request filed by someone else; they and the department can follow it.`, "already_converted"), { key: "error.alreadyConverted" });
    }
  }

  /** The request made from an email, if any (visible to whoever can see the request). */
  async byEmail(actor: Actor, internetMessageId: unknown): Promise<RequestView> {
    if (typeof internetMessageId !== "string" || !internetMessageId.trim() || internetMessageId.length > 1000) {
      throw badRequest("internetMessageId is required: the email's Internet message id, e.g. <abc@example.com>.");
    }
    const claim = await this.deps.claims.get({ tenantId: actor.tenantId, scope: EMAIL_SCOPE, ref: internetMessageId });
    const notConverted = notFound("This email has not been converted into a request yet.");
    if (!claim) throw notConverted;
    const id = claim.requestId ?? (await this.deps.requests.findByCreateToken(actor.tenantId, claim.department, claim.token))?.id;
    if (!id) throw notConverted;
    // Someone else's conversion answers like no conversion: the 404 must not reveal its id.
    return this.get(actor, id, { history: false }).catch((err) => {
      throw err instanceof AppError && err.status === 404 ? notConverted : err;
    });
  }

  async get(actor: Actor, id: string, opts: { history?: boolean } = { history: true }): Promise<RequestView> {
    const loaded = await this.load(actor, id);
    const { dept } = loaded;
    // Transfer: one a crash left half-done is finished by the next read (bot/service/transfer.ts).
    const req = loaded.req.status === "transferred" && !loaded.req.transferredTo ? await this.transfers.complete(loaded.req, loaded.req.transfer?.by ?? actor.person) : loaded.req;
    const history = opts.history === false ? undefined : await this.deps.requests.history(actor.tenantId, dept.key, req.number);
    const own = history?.filter((h) => h.public !== false || isStaff(dept, actor));
    // Transfer: the requester sees one thread, the old request's public events first.
    return this.view(req, own && req.transferredFrom ? await this.transfers.thread(req, own) : own);
  }

  /** A department's queue (agents, leads, admins). */
  async list(actor: Actor, deptKey: string, query: unknown): Promise<{ items: RequestView[]; nextCursor?: string }> {
    const dept = await this.deps.departments.require(actor.tenantId, deptKey);
    if (!isStaff(dept, actor)) throw forbidden(`Only ${dept.name} agents and leads can see its queue.`);
    const q = parse(listQuerySchema, query);
    if (!q.ok) throw badRequest(q.error.message, q.error.details);
    const { status, limit, cursor } = q.value;
    try {
      const page = await this.deps.requests.list(actor.tenantId, dept.key, { status, limit, cursor });
      return { items: page.items.map((r) => this.view(r)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    } catch (err) {
      if (cursor && !(err instanceof AppError) && !isPreconditionFailed(err) && (err as { statusCode?: number }).statusCode === undefined && !(err as { code?: string }).code) {
        throw badRequest("cursor is not valid: pass back the nextCursor of the previous page unchanged.");
      }
      throw err;
    }
  }

  /**
   * The caller's requests (filed by them, for them, or from their mailbox), newest first, a page
   * at a time (`status`, `limit`, `cursor` as the queue's): one partition query per identity.
   */
  async mine(actor: Actor, query: unknown): Promise<{ items: RequestView[]; nextCursor?: string }> {
    const page = await listMine(this.deps.users, actor, query);
    return { items: page.items.map((r) => this.view(r)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /**
   * Applies an action. With `ifMatch`, only if the request is unchanged since (412); without,
   * a concurrent change is re-read and the action judged again (a lost race: 409). Actions on
   * one request arriving together are written together (one transaction, each its own
   * version and history row), so simultaneous comments all land instead of refusing each other.
   */
  async act(actor: Actor, id: string, body: unknown, ifMatch?: string, opts: { source?: Source } = {}): Promise<RequestView> {
    const input = parse(actionSchema, body);
    if (!input.ok) throw badRequest(input.error.message, input.error.details);
    const parsed = parseRequestId(id);
    if (!parsed) throw notFound(`"${id.slice(0, 40)}" is not a request id; ids look like IT-42.`);
    const action = input.value as RequestAction;
    // Links write two requests, one after the other (bot/service/links.ts).
    if (action.action === "link") return this.view(await this.links.link(actor, id, action, ifMatch));
    // Transfer: the source first (through the queue below), then the new request (bot/service/transfer.ts).
    if (action.action === "transfer") return this.view(await this.transfers.transfer(actor, action, ifMatch, `${actor.tenantId}|${parsed.department}|${parsed.number}`));
    try {
      const saved = await this.acts.submit(`${actor.tenantId}|${parsed.department}|${parsed.number}`, { actor, action, ...(ifMatch ? { ifMatch } : {}) });
      return this.view(saved);
    } catch (err) {
      // A comment refused because the request is closed may be its requester's reply: that files a follow-up.
      if (action.action !== "comment" || !(err instanceof AppError) || err.status !== 409) throw err;
      const req = await this.record(actor, id);
      if (req.status !== "closed") throw err;
      return this.fileFollowUp(actor, req, action, opts.source ?? { kind: "api" });
    }
  }

  /**
   * Rating and reopening: a requester's reply to a closed request files a follow-up in the same
   * department ("Follow-up: <title>", the reply as its description), linked both ways in the
   * history. Closed is final, so the closed request cannot change under us; only its list of
   * follow-ups does (two replies at once), hence the retried link back.
   */
  private async fileFollowUp(actor: Actor, closed: ServiceRequest, reply: { text: string; public?: boolean }, source: Source): Promise<RequestView> {
    const dept = await this.deps.departments.require(actor.tenantId, closed.department, "department", { recent: true });
    const nowIso = new Date(this.now()).toISOString();
    const plan = followUpOf(closed, reply, { actor, dept, now: nowIso });
    if (!plan.ok) throw localized(plan.code === "forbidden" ? forbidden(plan.message) : conflict(plan.message), plan.i18n);
    const made = await this.insert(actor.tenantId, dept, {
      title: plan.title,
      description: plan.description,
      category: plan.category,
      priority: plan.priority,
      requester: closed.requester,
      // Where the reply was written (a reply has no item of its own to point to).
      source: { kind: source.kind },
      followUpOf: closed.id,
      notices: [{ at: nowIso, actor: actor.person, kind: "followUp", from: closed.id }],
    }, randomUUID());
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.deps.requests.get(closed.tenantId, closed.department, closed.number);
      if (!current) break;
      const linked = linkFollowUp(current, made.id, actor.person, new Date(this.now()).toISOString());
      try {
        await this.save(current, linked.request, linked.events);
        break;
      } catch (err) {
        if (!isPreconditionFailed(err)) throw err;
      }
    }
    return this.view(made);
  }

  private transferService?: TransferService;
  /** Transfer between departments (bot/service/transfer.ts). */
  private get transfers(): TransferService {
    return (this.transferService ??= new TransferService({
      requests: this.deps.requests,
      departments: { recent: (t, k) => this.deps.departments.recent(t, k) },
      apply: (actor, action, ifMatch, key) => this.acts.submit(key, { actor, action, ...(ifMatch ? { ifMatch } : {}) }),
      insert: (tenantId, dept, fields, token) => this.insert(tenantId, dept, fields, token),
      save: (prev, next, events) => this.save(prev, next, events),
      clock: () => this.now(),
    }));
  }

  private readonly links = new LinkService({
    requests: { get: (t, d, n) => this.deps.requests.get(t, d, n) },
    departments: { recent: (t, k) => this.deps.departments.recent(t, k) },
    save: (prev, next, events) => this.save(prev, next, events),
    clock: () => this.now(),
  });

  /** The requester's past: their other requests, for the department's staff and admins (bot/service/requester-past.ts). */
  requesterPast(actor: Actor, id: string, query: Record<string, unknown>): Promise<PastPage> {
    return new RequesterPast({ requests: this.deps.requests, users: this.deps.users, departments: this.deps.departments }).of(actor, id, query);
  }

  private readonly acts = new KeyBatcher<PendingAction, ServiceRequest>(
    (key, items) => this.commitActions(key, items),
    // An If-Match action goes alone: its ETag is checked against the state its caller saw.
    (waiting) => {
      const guarded = waiting.findIndex((w) => w.ifMatch);
      return guarded === 0 ? 1 : Math.min(MAX_STEPS, guarded < 0 ? waiting.length : guarded);
    },
  );

  private async commitActions(key: string, items: PendingAction[]): Promise<Array<Outcome<ServiceRequest>>> {
    const [tenantId, deptKey, num] = key.split("|") as [string, string, string];
    const id = `${deptKey}-${num}`;
    for (let attempt = 0; ; attempt++) {
      const dept = await this.deps.departments.recent(tenantId, deptKey);
      const stored = dept ? await this.deps.requests.get(tenantId, dept.key, Number(num)) : undefined;
      const nowIso = new Date(this.now()).toISOString();
      const outcomes: Array<Outcome<number>> = [];
      const steps: Built[] = [];
      let current = stored;
      for (const { actor, action, ifMatch } of items) {
        if (!dept || !current || !canSeeRequest(current, dept, actor)) {
          outcomes.push({ ok: false, error: missingRequest(id) });
        } else if (ifMatch && ifMatch !== "*" && ifMatch !== requestEtag(stored!)) {
          outcomes.push({ ok: false, error: stale(id) });
        } else {
          const result = applyAction(current, action, { actor, dept, now: nowIso });
          if (!result.ok) {
            const err = result.code === "forbidden" ? forbidden(result.message) : result.code === "invalid_input" ? badRequest(result.message) : conflict(result.message);
            outcomes.push({ ok: false, error: localized(err, result.i18n) });
          } else if (result.events.length === 0) {
            // Nothing to add (a retried identical thank): the request as it is, nothing written.
            outcomes.push({ ok: true, value: -1 });
          } else {
            current = { ...result.request, version: current.version + 1 };
            steps.push({ request: current, events: result.events });
            outcomes.push({ ok: true, value: steps.length - 1 });
          }
        }
      }
      if (steps.length === 0) return outcomes.map((o) => (o.ok ? { ok: true, value: stored! } : o));
      try {
        const saved = await this.deps.requests.update(stored!, steps);
        await this.myRequests.afterCommit(saved[saved.length - 1]!);
        saved.forEach((r, i) => this.publish(r, steps[i]!.events));
        // Everyone gets the request as it now is (with its ETag), their own change in it.
        const latest = saved[saved.length - 1]!;
        return outcomes.map((o) => (o.ok ? { ok: true, value: latest } : o));
      } catch (err) {
        if (!isPreconditionFailed(err)) throw err;
        if (items.some((i) => i.ifMatch && i.ifMatch !== "*")) return items.map(() => ({ ok: false, error: stale(id) }));
        // Another instance wrote it meanwhile: judge the actions again on what it wrote.
        if (attempt >= 20) return items.map(() => ({ ok: false, error: conflict(`${id} is changing too often right now; try again.`) }));
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 10 * 2 ** attempt)));
      }
    }
  }

  /** Writes a change computed elsewhere (the scheduler) with the same guarantees as `act`. */
  async save(prev: ServiceRequest, next: ServiceRequest, events: NewEvent[]) {
    const [saved] = await this.deps.requests.update(prev, { request: next, events });
    await this.myRequests.afterCommit(saved!);
    this.publish(saved!, events);
    return saved!;
  }

  /** The notices of a change are out (posted, or in the outbox): it is no longer owed. */
  noticesSent(r: Pick<ServiceRequest, "tenantId" | "department" | "number" | "version">): Promise<void> {
    return this.deps.requests.noticesSent(r.tenantId, r.department, r.number, r.version);
  }

  /**
   * Writes down, for the department only, who an escalation step reached in Teams (or that it
   * reached nobody), once its posts are settled: the history says what was delivered, not only
   * what the ladder meant to do. The request keeps its `updatedAt` (a note is no activity: the
   * clocks' last write and the quiet period before closing are unchanged); a concurrent change
   * is re-read and the note written on top of it.
   */
  async recordReach(r: ServiceRequest, step: NonNullable<NewEvent["step"]>, reached: string[]): Promise<void> {
    // First as the escalation wrote it (usually still current: no read); then as stored now.
    let current: ServiceRequest | undefined = r.etag ? r : undefined;
    for (let attempt = 0; attempt < 10; attempt++) {
      current ??= await this.deps.requests.get(r.tenantId, r.department, r.number);
      if (!current) return;
      const at = new Date(this.now()).toISOString();
      const note: NewEvent = reached.length
        ? { at, kind: "notice", notice: "escalationReached", step, from: reached.join(", "), public: false }
        : { at, kind: "notice", notice: "escalationUnreached", step, public: false };
      try {
        await this.save(current, current, [note]);
        return;
      } catch (err) {
        // Changed since (412), or a later version's history row is there already (409): read it and write on top.
        if (!isPreconditionFailed(err) && !isConflict(err)) throw err;
        current = undefined;
      }
    }
  }

  /**
   * Changes of a department committed before `beforeIso` whose notices were never confirmed
   * (the process died between the write and the posts): each with the request as it is now,
   * under the version whose notices are owed, and the events that version wrote.
   */
  async unnoticedChanges(tenantId: string, dept: string, beforeIso: string): Promise<Change[]> {
    const owed = (await this.deps.requests.pendingNotices(tenantId, dept)).filter((n) => n.at < beforeIso);
    const out: Change[] = [];
    for (const n of owed) {
      const [request, events] = await Promise.all([this.deps.requests.get(tenantId, dept, n.number), this.deps.requests.eventsOf(tenantId, dept, n.number, n.version)]);
      if (!request) {
        await this.deps.requests.noticesSent(tenantId, dept, n.number, n.version);
        continue;
      }
      out.push({ tenantId, department: dept, changeId: n.changeId, request: { ...request, version: n.version }, events });
    }
    return out;
  }

  /** Every history event of a request (for the service's own use: escalation cards). */
  historyOf(r: ServiceRequest) {
    return this.deps.requests.history(r.tenantId, r.department, r.number);
  }

  /** The stored request (for rules that need more than its view, like which buttons to offer). */
  async record(actor: Actor, id: string): Promise<ServiceRequest> {
    return (await this.load(actor, id)).req;
  }

  view(r: ServiceRequest, history?: Parameters<typeof toView>[2]): RequestView {
    return toView(r, this.now(), history);
  }

  private async load(actor: Actor, id: string): Promise<{ req: ServiceRequest; dept: Department }> {
    const parsed = parseRequestId(id);
    if (!parsed) throw notFound(`"${id.slice(0, 40)}" is not a request id; ids look like IT-42.`);
    const missing = () => missingRequest(`${parsed.department}-${parsed.number}`);
    const dept = await this.deps.departments.recent(actor.tenantId, parsed.department);
    if (!dept) throw missing();
    const req = await this.deps.requests.get(actor.tenantId, dept.key, parsed.number);
    // Someone else's request answers as if it did not exist: ids are guessable.
    if (!req || !canSeeRequest(req, dept, actor)) throw missing();
    return { req, dept };
  }

  private async insert(
    tenantId: string,
    dept: Department,
    f: {
      title: string;
      description: string;
      descriptionTruncated?: boolean;
      category?: string;
      priority: ServiceRequest["priority"];
      requester: Person;
      createdBy?: Person;
      source: Source;
      email?: ServiceRequest["email"];
      /** Told to the department in the history, after the creation events. */
      notices?: NewEvent[];
      /** A follow-up's closed request (rating and reopening). */
      followUpOf?: string;
      /** Transfer: what the new request carries over from the old one. */
      carried?: TransferredFields["carried"];
    },
    createToken: string,
  ): Promise<ServiceRequest> {
    const nowIso = new Date(this.now()).toISOString();
    let made: Change["events"] = [];
    const saved = await this.deps.requests.create(
      tenantId,
      dept.key,
      createToken,
      (number) => {
        const { request, events } = newRequest({ tenantId, dept, number, now: nowIso, ...f });
        const all = [...events, ...(f.notices ?? []).map((n) => ({ ...n, at: nowIso }))];
        made = all;
        return { request: { ...(f.followUpOf ? { ...request, followUpOf: f.followUpOf } : request), ...f.carried }, events: all };
      },
    );
    // "My requests" copies after the commit (awaited: the caller sees it in their list at once).
    await this.myRequests.afterCommit(saved);
    this.publish(saved, made);
    metrics.requestFiled(dept.key, f.source.kind);
    return saved;
  }

  private publish(r: ServiceRequest, events: Change["events"]) {
    crashPoint("before-notices");
    this.deps.bus.publish({ tenantId: r.tenantId, department: r.department, changeId: RequestStore.changeId(r), request: r, events });
  }
}

interface PendingAction {
  actor: Actor;
  action: RequestAction;
  ifMatch?: string;
}

/** Someone else's request answers as if it did not exist: ids are guessable. */
function missingRequest(id: string) {
  return localized(notFound(`There is no request ${id} that you can see.`), { key: "error.notFound.request", params: { id } });
}

function stale(id: string) {
  return localized(preconditionFailed(`${id} changed since you loaded it; reload it and try again.`), { key: "error.stale", params: { id } });
}

function checkCategory(dept: Department, category: string | undefined) {
  if (category && !dept.categories.some((c) => c.key === category)) {
    const known = dept.categories.map((c) => c.key).join(", ") || "none";
    throw badRequest(`category "${category}" is not one of ${dept.name}'s categories (${known}).`, [detail("category", "unknown", "unknown category")]);
  }
}

function sameMailbox(actor: Actor, email: string) {
  return !!actor.person.email && actor.person.email.toLowerCase() === email.toLowerCase();
}

/** Emails are claimed as Outlook items, tenant-wide: whoever converts one first files it. */
const EMAIL_SCOPE = { source: "outlook" };
