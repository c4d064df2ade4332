/**
 * Transfer between departments (DESIGN.md "Lifecycle"): `IT-42` becomes `transferred` and the case
 * goes on in the target department under its own next id (`HR-17`). The two requests live in two
 * partitions, so there is no single transaction; the order makes it safe:
 *
 * 1. The source first, as an ordinary action (shared/lifecycle.ts `transfer`): ETag-conditional,
 *    batched and judged with every other action on it, so a concurrent take and transfer are
 *    serialized and the loser is refused (or, with If-Match, answered 412). Nothing exists in
 *    the target yet, so a lost race leaves nothing behind: no orphan to clean up.
 * 2. The target, created with a token derived from the source's id (`transfer|IT-42`): a request
 *    is transferred at most once (transferred is final), so that token names the one target. A
 *    retry, a concurrent twin or a repair after a crash finds the same HR-17
 *    (RequestStore.findByCreateToken; a twin's create fails on the token row and reads it).
 * 3. The source again: `transferredTo: "HR-17"` and the event the requester is told by
 *    ("IT passed your request IT-42 to HR as HR-17"), re-read and retried on 412.
 *
 * A crash between 1 and 3 leaves the source transferred with no `transferredTo`; any read of it
 * (RequestService.get), and a retry of the same transfer, finish steps 2 and 3.
 */
import type { Department, HistoryEvent, Person, ServiceRequest } from "../../shared/domain.ts";
import type { NewEvent, RequestAction } from "../../shared/lifecycle.ts";
import type { Actor } from "../../shared/permissions.ts";
import { detail } from "../../shared/validation/index.ts";
import { isConflict, isPreconditionFailed } from "../storage/errors.ts";
import { FencedError, type RequestStore } from "../storage/request-store.ts";
import { badRequest, conflict } from "./app-error.ts";
import { crashPoint } from "../crash-points.ts";

type TransferAction = Extract<RequestAction, { action: "transfer" }>;

/** What the transfer files in the target department (RequestService's insert). */
export type TransferredFields = Pick<ServiceRequest, "title" | "description" | "descriptionTruncated" | "category" | "priority" | "requester" | "source"> & {
  createdBy: Person;
  notices: NewEvent[];
  carried: Pick<ServiceRequest, "transferredFrom" | "attachments" | "links" | "followers">;
};

export interface TransferDeps {
  requests: Pick<RequestStore, "get" | "findByCreateToken" | "history">;
  departments: { recent(tenantId: string, key: string): Promise<Department | undefined> };
  /** Step 1: the action on the source, through the same queue as every other action (RequestService). */
  apply(actor: Actor, action: TransferAction, ifMatch: string | undefined, key: string): Promise<ServiceRequest>;
  /** Step 2: files the target with a creation token (RequestService's insert: "my requests", notices, stream). */
  insert(tenantId: string, dept: Department, fields: TransferredFields, createToken: string): Promise<ServiceRequest>;
  /** Step 3: one ETag-conditional change (RequestService.save). */
  save(prev: ServiceRequest, next: ServiceRequest, events: NewEvent[]): Promise<ServiceRequest>;
  clock?: () => number;
}

/** The creation token of the request a transfer of `sourceId` files: one per source, ever. */
export const transferToken = (sourceId: string) => `transfer|${sourceId}`;

/** How many transfers back the one thread reaches (IT -> HR -> FIN ...). */
const THREAD_HOPS = 5;

export class TransferService {
  private readonly now: () => number;

  constructor(private readonly d: TransferDeps) {
    this.now = d.clock ?? Date.now;
  }

  /** Transfers a request (staff of its department, or an admin); returns the source as now stored. */
  async transfer(actor: Actor, action: TransferAction, ifMatch: string | undefined, key: string): Promise<ServiceRequest> {
    const target = await this.d.departments.recent(actor.tenantId, action.department);
    if (!target) {
      throw badRequest(`department "${action.department}" does not exist; transfer to one of the departments listed by GET /api/departments.`, [
        detail("department", "unknown", "unknown department"),
      ]);
    }
    const source = await this.d.apply(actor, action, ifMatch, key);
    // A retry of an earlier transfer to another department: the first one stands.
    if (source.transfer?.department !== target.key) {
      throw conflict(`${source.id} was already transferred to ${source.transfer?.department ?? "another department"}.`);
    }
    return this.complete(source, actor.person);
  }

  /**
   * Steps 2 and 3 for a transferred source (idempotent): files the target once and points the
   * source at it. Returns the source as stored.
   */
  async complete(source: ServiceRequest, by: Person): Promise<ServiceRequest> {
    if (source.transferredTo || !source.transfer) return source;
    const dept = await this.d.departments.recent(source.tenantId, source.transfer.department);
    if (!dept) return source;
    crashPoint("transfer-before-target");
    const made = await this.target(source, dept, by);
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = attempt === 0 && source.etag ? source : await this.d.requests.get(source.tenantId, source.department, source.number);
      if (!current || current.transferredTo) return current ?? source;
      const at = new Date(this.now()).toISOString();
      const event: NewEvent = { at, actor: by, kind: "transfer", from: current.id, to: made.id, public: true };
      try {
        return await this.d.save(current, { ...current, transferredTo: made.id, updatedAt: at }, [event]);
      } catch (err) {
        // Changed since (412), or a later version's history row is there already (409): read it again.
        if (!isPreconditionFailed(err) && !isConflict(err)) throw err;
      }
    }
    throw conflict(`${source.id} is changing too often right now; try the transfer again.`);
  }

  /** The target request: found by the token, or filed now (a concurrent twin's create loses on the token row). */
  private async target(source: ServiceRequest, dept: Department, by: Person): Promise<ServiceRequest> {
    const token = transferToken(source.id);
    const found = await this.d.requests.findByCreateToken(source.tenantId, dept.key, token);
    if (found) return found;
    const at = new Date(this.now()).toISOString();
    const reason = await this.reasonOf(source);
    const fields: TransferredFields = {
      title: source.title,
      description: source.description,
      ...(source.descriptionTruncated ? { descriptionTruncated: true } : {}),
      // A category the target does not have is dropped: the target's staff set their own.
      ...(source.category && dept.categories.some((c) => c.key === source.category) ? { category: source.category } : {}),
      priority: source.priority,
      requester: source.requester,
      createdBy: by,
      source: { kind: "transfer", ref: source.id },
      notices: [
        { at, actor: by, kind: "transfer", from: source.id, public: true },
        ...(reason ? [{ at, actor: by, kind: "comment" as const, text: reason, public: false }] : []),
      ],
      carried: {
        transferredFrom: source.id,
        // The files stay where they were uploaded (blob path `<tenant>/<IT-42>/<id>`): referenced, not copied.
        ...(source.attachments?.length ? { attachments: source.attachments.map((a) => ({ ...a, requestId: a.requestId ?? source.id })) } : {}),
        ...(source.links?.length ? { links: source.links } : {}),
        ...(source.followers?.length ? { followers: source.followers } : {}),
      },
    };
    try {
      return await this.d.insert(source.tenantId, dept, fields, token);
    } catch (err) {
      if (!(err instanceof FencedError) && !isConflict(err)) throw err;
      const made = await this.d.requests.findByCreateToken(source.tenantId, dept.key, token);
      if (!made) throw err;
      return made;
    }
  }

  /** The reason given, from the transfer's internal note in the source's history. */
  private async reasonOf(source: ServiceRequest): Promise<string | undefined> {
    const history = await this.d.requests.history(source.tenantId, source.department, source.number);
    let i = history.length - 1;
    while (i >= 0 && !(history[i]!.kind === "transfer" && history[i]!.to && !history[i]!.from)) i--;
    return i >= 0 ? history.slice(i + 1).find((e) => e.kind === "comment" && e.public === false)?.text : undefined;
  }

  /**
   * The one thread the requester sees: the public events of the requests this one was
   * transferred from (each marked with its id), oldest first, then its own.
   */
  async thread(r: ServiceRequest, own: HistoryEvent[]): Promise<HistoryEvent[]> {
    const before: HistoryEvent[][] = [];
    let from = r.transferredFrom;
    for (let hop = 0; from && hop < THREAD_HOPS; hop++) {
      const id = from;
      const [dept, num] = [id.slice(0, id.lastIndexOf("-")), Number(id.slice(id.lastIndexOf("-") + 1))];
      const prev = await this.d.requests.get(r.tenantId, dept, num);
      if (!prev) break;
      const events = await this.d.requests.history(r.tenantId, dept, num);
      before.unshift(events.filter((e) => e.public !== false).map((e) => ({ ...e, requestId: id })));
      from = prev.transferredFrom;
    }
    return [...before.flat(), ...own];
  }
}
