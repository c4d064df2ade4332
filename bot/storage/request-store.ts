import type { TableEntity, TransactionAction } from "@azure/data-tables";
import type { HistoryEvent, ServiceRequest } from "../../shared/domain.ts";
import { OPEN_STATUSES } from "../../shared/domain.ts";
import { scheduleOf } from "../../shared/escalation.ts";
import type { NewEvent } from "../../shared/lifecycle.ts";
import { localMonthOf } from "../../shared/sla/zone.ts";
import { guard, isConflict, isNotFound, isPreconditionFailed, statusOf } from "./errors.ts";
import { decodeCursor, encodeCursor, fillPage, readAll } from "./paging.ts";
import {
  changeIdOf,
  changeRk,
  COUNTER_RK,
  type ChangeRow,
  changeRowOf,
  changeToEntity,
  rowInvolves,
  dueRk,
  dueToEntity,
  lateRk,
  lateToEntity,
  entityToHistory,
  entityToRequest,
  historyRk,
  historyToEntity,
  monthRk,
  monthToEntity,
  NOTICE_RANGE,
  noticeRk,
  noticeToEntity,
  OPEN_RANGE,
  openRk,
  partitionOf,
  requestRk,
  requestToEntity,
  tokenRk,
  tokenToEntity,
} from "./request-entity.ts";
import { clean, lit, type Tables } from "./tables.ts";

export interface Built {
  request: ServiceRequest;
  events: NewEvent[];
}

/** Builds a request once its number is known (may run more than once if a commit is retried). */
export type BuildRequest = (number: number) => Built;

interface PendingCreate {
  build: BuildRequest;
  createToken: string;
  resolve: (r: ServiceRequest) => void;
  reject: (e: unknown) => void;
}

/**
 * Request numbers storage may have lost (the embedded Azurite loses its last seconds when
 * killed): a department's counter is never read below `floor`, and `allocated` hears of each
 * committed number before anyone is told it. Absent with a real storage account.
 */
export interface NumberFloor {
  floor(tenantId: string, dept: string): number;
  allocated(tenantId: string, dept: string, highest: number): void;
}

export interface ListOptions {
  status: string;
  limit: number;
  cursor?: string;
}

/** A creation whose token was fenced off by a retry (see `fence`): it must not commit. */
export class FencedError extends Error {
  constructor() {
    super("This creation was taken over by a retry of the same request.");
  }
}

interface Counter {
  n: number;
  /** The local month of the last number given, so the first number of a month is marked once. */
  month?: string;
  etag?: string;
}

/** Rows one create writes at most: request, open copy, due entry, late entry, token, history, change, notice. */
const ROWS_PER_CREATE = 8;
/** An entity-group transaction takes at most 100 operations and 4 MiB; keep a margin. */
const MAX_OPS = 100;
const MAX_BATCH_BYTES = 3_500_000;
/** One write of a request carries at most this many queued actions (3 rows each, + 7). */
export const MAX_STEPS = 30;

/**
 * Request rows, their history, the department's change log and the indexes the answers need
 * (open copies, due entries, creation tokens, month markers), in one partition per department:
 * every write is one all-or-nothing transaction, so an index never disagrees with its request.
 */
export class RequestStore {
  private readonly queues = new Map<string, PendingCreate[]>();
  private readonly counters = new Map<string, Counter>();
  private readonly maxBatch = Math.floor((MAX_OPS - 4) / ROWS_PER_CREATE);

  constructor(
    private readonly tables: Tables,
    private readonly numbers?: NumberFloor,
    /** Resolved requests close after this quiet period (their due entry says when). */
    private readonly closeAfterMs = 5 * 86_400_000,
  ) {}

  private get table() {
    return this.tables.Requests;
  }

  async get(tenantId: string, dept: string, number: number): Promise<ServiceRequest | undefined> {
    const e = await this.point(partitionOf(tenantId, dept), requestRk(number));
    return e && entityToRequest(e);
  }

  private async point(pk: string, rk: string): Promise<Record<string, unknown> | undefined> {
    return guard(async () => {
      try {
        return await this.table.getEntity(pk, rk);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }

  async history(tenantId: string, dept: string, number: number): Promise<HistoryEvent[]> {
    const prefix = `h|${String(number).padStart(10, "0")}|`;
    const rows = await readAll<Record<string, unknown>>(this.table, this.range(tenantId, dept, prefix, prefix + "~"));
    const out: HistoryEvent[] = [];
    for (const e of rows) for (const ev of entityToHistory(e)) out.push({ ...ev, seq: out.length + 1 });
    return out;
  }

  /** A filter for RowKeys in (from, to) of a department's partition. */
  private range(tenantId: string, dept: string, from: string, to: string): string {
    return `PartitionKey eq ${lit(partitionOf(tenantId, dept))} and RowKey gt ${lit(from)} and RowKey lt ${lit(to)}`;
  }

  /**
   * Allocates the department's next number and inserts the request in one ETag-guarded
   * transaction with the counter, so ids are unique and dense across any number of instances.
   * Concurrent creates for one department in this process share a transaction (group commit).
   * Rejects with FencedError when a retry fenced `createToken` off first.
   */
  create(tenantId: string, dept: string, createToken: string, build: BuildRequest): Promise<ServiceRequest> {
    const key = partitionOf(tenantId, dept);
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(key);
      const first = !queue;
      if (!queue) this.queues.set(key, (queue = []));
      queue.push({ build, createToken, resolve, reject });
      if (first) void this.drain(key, tenantId, dept);
    });
  }

  private async drain(key: string, tenantId: string, dept: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      try {
        await this.commitCreates(key, batch, tenantId, dept);
      } catch (err) {
        // A batch can fail for one item (a bad row: 400; a fenced token: 409; too large: 413):
        // retry each alone so only that one fails.
        if (batch.length > 1 && [400, 409, 413].includes(statusOf(err) ?? 0)) {
          for (const item of batch) await this.commitCreates(key, [item], tenantId, dept).catch(item.reject);
        } else {
          for (const item of batch) item.reject(err);
        }
      }
    }
    this.queues.delete(key);
  }

  private async commitCreates(key: string, batch: PendingCreate[], tenantId: string, dept: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const counter = this.counters.get(key) ?? (await this.readCounter(key, tenantId, dept));
      const results = batch.map((item, i) => {
        const b = item.build(counter.n + 1 + i);
        return { ...b, request: { ...b.request, ...this.schedule(b.request) } };
      });
      const actions: TransactionAction[] = [];
      const requestAt: number[] = [];
      const n = counter.n + batch.length;
      let month = counter.month;
      const markers: TransactionAction[] = [];
      results.forEach((b, i) => {
        const r = b.request;
        const m = localMonthOf(Date.parse(r.createdAt), r.sla.calendar.timeZone);
        if (!month || m > month) {
          markers.push(["create", monthToEntity(r, m)]);
          month = m;
        }
        requestAt.push(actions.length + 1 + markers.length);
      });
      const counterRow = { partitionKey: key, rowKey: COUNTER_RK, kind: "counter", n, month: month ?? "" };
      actions.push(counter.etag ? ["update", counterRow, "Replace", { etag: counter.etag }] : ["create", counterRow]);
      actions.push(...markers);
      results.forEach((b, i) => {
        const r = b.request;
        actions.push(["create", requestToEntity(r)]);
        if (OPEN_STATUSES.includes(r.status)) actions.push(["create", requestToEntity(r, openRk(r.number))]);
        if (r.dueAt) actions.push(["create", dueToEntity(r, r.dueAt)]);
        if (r.lateAt) actions.push(["create", lateToEntity(r, r.lateAt)]);
        actions.push(["create", tokenToEntity(r, batch[i]!.createToken)]);
        if (b.events.length) actions.push(["create", historyToEntity(r, b.events)]);
        actions.push(["create", changeToEntity(r)]);
        actions.push(["create", noticeToEntity(r)]);
      });
      if (batch.length > 1 && JSON.stringify(actions).length > MAX_BATCH_BYTES) {
        throw Object.assign(new Error("The batch is too large for one transaction."), { statusCode: 413 });
      }
      try {
        const res = await guard(() => this.table.submitTransaction(actions));
        // Sub-responses come in the order of the actions; updates carry no row key.
        this.counters.set(key, { n, month, etag: res.subResponses[0]?.etag });
        this.numbers?.allocated(tenantId, dept, n);
        batch.forEach((item, i) => {
          item.resolve({ ...results[i]!.request, etag: res.subResponses[requestAt[i]!]?.etag });
        });
        return;
      } catch (err) {
        this.counters.delete(key);
        if (isConflict(err) && batch.length === 1 && (await this.point(key, tokenRk(batch[0]!.createToken)))) throw new FencedError();
        // Another instance moved the counter first: read it again and retry.
        if ((isPreconditionFailed(err) || isConflict(err)) && attempt < 50) {
          await sleep(Math.random() * Math.min(100, 5 * 2 ** attempt));
          continue;
        }
        throw err;
      }
    }
  }

  private async readCounter(key: string, tenantId: string, dept: string): Promise<Counter> {
    const floor = this.numbers?.floor(tenantId, dept) ?? 0;
    const e = await this.point(key, COUNTER_RK);
    if (!e) return { n: floor };
    return { n: Math.max(Number(e.n), floor), month: e.month ? String(e.month) : undefined, etag: e.etag as string };
  }

  /**
   * Writes the steps of one or more actions on a request (each step's request follows from the
   * one before), with their history events, change-log rows and the request's open copy and due
   * entry, all or nothing, only if nobody changed the request since `prev` was read (412).
   */
  async update(prev: ServiceRequest, steps: Built | Built[]): Promise<ServiceRequest[]> {
    const list = Array.isArray(steps) ? steps : [steps];
    if (list.length === 0 || list.length > MAX_STEPS) throw new Error(`update takes 1 to ${MAX_STEPS} steps`);
    const written = list.map((b, i) => ({ ...b, request: { ...b.request, version: prev.version + i + 1 } }));
    const last = written[written.length - 1]!.request;
    Object.assign(last, this.schedule(last));
    for (const w of written) Object.assign(w.request, { dueAt: last.dueAt, lateAt: last.lateAt });
    const actions: TransactionAction[] = [["update", requestToEntity(last), "Replace", { etag: prev.etag }]];
    actions.push(...this.indexMoves(prev, last));
    for (const w of written) {
      if (w.events.length) actions.push(["create", historyToEntity(w.request, w.events)]);
      actions.push(["create", changeToEntity(w.request)]);
      actions.push(["create", noticeToEntity(w.request)]);
    }
    const res = await guard(() => this.table.submitTransaction(actions));
    const etag = res.subResponses[0]?.etag;
    return written.map((w, i) => ({ ...w.request, ...(i === written.length - 1 ? { etag } : {}) }));
  }

  /** The open copy and due entry follow the request: kept, moved, added or removed. */
  private indexMoves(prev: ServiceRequest, next: ServiceRequest): TransactionAction[] {
    const out: TransactionAction[] = [];
    const pk = partitionOf(next.tenantId, next.department);
    const wasOpen = OPEN_STATUSES.includes(prev.status);
    if (OPEN_STATUSES.includes(next.status)) out.push(["upsert", requestToEntity(next, openRk(next.number)), "Replace"]);
    else if (wasOpen) out.push(["delete", { partitionKey: pk, rowKey: openRk(next.number) }]);
    if (prev.dueAt !== next.dueAt) {
      if (prev.dueAt) out.push(["delete", { partitionKey: pk, rowKey: dueRk(prev.dueAt, next.number) }]);
      if (next.dueAt) out.push(["create", dueToEntity(next, next.dueAt)]);
    }
    if (prev.lateAt !== next.lateAt) {
      if (prev.lateAt) out.push(["delete", { partitionKey: pk, rowKey: lateRk(prev.lateAt, next.number) }]);
      if (next.lateAt) out.push(["create", lateToEntity(next, next.lateAt)]);
    }
    return out;
  }

  /** The request's due entry and late entry, as its state says (with the store's close period). */
  private schedule(r: ServiceRequest): { dueAt?: string; lateAt?: string } {
    return scheduleOf(r, this.closeAfterMs);
  }

  /**
   * Moves a request's due entry to when it is really due (the scheduler found nothing to do:
   * the close period changed, or a step's instant rounded differently). False if it changed.
   */
  async reschedule(prev: ServiceRequest): Promise<boolean> {
    const next = { ...prev, ...this.schedule(prev) };
    if (next.dueAt === prev.dueAt && next.lateAt === prev.lateAt) return true;
    try {
      await guard(() => this.table.submitTransaction([["update", requestToEntity(next), "Replace", { etag: prev.etag }], ...this.indexMoves(prev, next)]));
      return true;
    } catch (err) {
      if (isPreconditionFailed(err)) return false;
      throw err;
    }
  }

  /**
   * A page of a department's requests, oldest first. Open ones come from their open copies (the
   * open queue reads nothing else); other statuses are filtered within the partition.
   */
  async list(tenantId: string, dept: string, opts: ListOptions): Promise<{ items: ServiceRequest[]; nextCursor?: string }> {
    let filter = opts.status === "open" ? this.range(tenantId, dept, OPEN_RANGE.from, OPEN_RANGE.to) : this.range(tenantId, dept, "r|", "r|~");
    if (opts.status !== "open" && opts.status !== "all") filter += ` and status eq ${lit(opts.status)}`;
    const page = await fillPage<Record<string, unknown>>(this.table, filter, opts.limit, opts.cursor ? decodeCursor(opts.cursor) : undefined);
    return { items: page.items.map((e) => entityToRequest(e)), ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}) };
  }

  /** Every open request of a department, from the open copies. */
  async open(tenantId: string, dept: string): Promise<ServiceRequest[]> {
    const rows = await readAll<Record<string, unknown>>(this.table, this.range(tenantId, dept, OPEN_RANGE.from, OPEN_RANGE.to));
    return rows.map((e) => entityToRequest(e));
  }

  /**
   * Requests created in a local month ("YYYY-MM" in `timeZone`): the number range between that
   * month's marker and the next, so the answer reads the month's requests and two markers.
   */
  async createdInMonth(tenantId: string, dept: string, month: string, timeZone: string): Promise<ServiceRequest[]> {
    const pk = partitionOf(tenantId, dept);
    const marker = await this.point(pk, monthRk(month));
    if (!marker) return [];
    const [next] = await readAll<Record<string, unknown>>(this.table, this.range(tenantId, dept, monthRk(month), "m|~"), 1);
    const first = requestRk(Number(marker.first));
    const end = next ? requestRk(Number(next.first)) : "r|~";
    const rows = await readAll<Record<string, unknown>>(
      this.table,
      `PartitionKey eq ${lit(pk)} and RowKey ge ${lit(first)} and RowKey lt ${lit(end)}`,
    );
    // Numbers follow filing order; a clock a little off between instances may put a request of
    // the month's edge on the other side of the marker, and the filter keeps the month exact.
    return rows.map((e) => entityToRequest(e)).filter((r) => localMonthOf(Date.parse(r.createdAt), timeZone) === month);
  }

  /** The request a creation token made, if that creation committed (a point read). */
  async findByCreateToken(tenantId: string, dept: string, token: string): Promise<ServiceRequest | undefined> {
    const t = await this.point(partitionOf(tenantId, dept), tokenRk(token));
    return t && t.kind === "token" ? this.get(tenantId, dept, Number(t.number)) : undefined;
  }

  /**
   * Settles a creation whose caller vanished: either it committed (its request is returned) or
   * it never will, because its token row is taken here first and its transaction, which must
   * insert that row, can only fail. Lets a retry go on at once instead of waiting it out.
   */
  async fence(tenantId: string, dept: string, token: string): Promise<ServiceRequest | undefined> {
    const pk = partitionOf(tenantId, dept);
    try {
      await guard(() => this.table.createEntity({ partitionKey: pk, rowKey: tokenRk(token), kind: "fenced" }));
      return undefined;
    } catch (err) {
      if (!isConflict(err)) throw err;
      return this.findByCreateToken(tenantId, dept, token);
    }
  }

  /**
   * Changes of a department whose notices are not known to be out (oldest numbers first), each
   * with its change id (what the bus and the streams name a change by).
   */
  async pendingNotices(tenantId: string, dept: string, max = 200): Promise<Array<{ number: number; version: number; at: string; changeId: string }>> {
    const rows = await readAll<Record<string, unknown>>(this.table, this.range(tenantId, dept, NOTICE_RANGE.from, NOTICE_RANGE.to), max);
    return rows.map((e) => {
      const n = { number: Number(e.number), version: Number(e.version), at: String(e.at) };
      return { ...n, changeId: changeIdOf(n.at, n.number, n.version) };
    });
  }

  /** The id of the change that wrote this state of a request (ordered by time). */
  static changeId(r: Pick<ServiceRequest, "updatedAt" | "number" | "version">): string {
    return changeIdOf(r.updatedAt, r.number, r.version);
  }

  /** The events one change of a request wrote (its history row). */
  async eventsOf(tenantId: string, dept: string, number: number, version: number): Promise<NewEvent[]> {
    const e = await this.point(partitionOf(tenantId, dept), historyRk(number, version));
    return e ? (entityToHistory(e) as NewEvent[]) : [];
  }

  /** The notices of a change are out (posted or in the outbox). */
  async noticesSent(tenantId: string, dept: string, number: number, version: number): Promise<void> {
    await guard(async () => {
      try {
        await this.table.deleteEntity(partitionOf(tenantId, dept), noticeRk(number, version));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    });
  }

  /**
   * Change-log rows of a department committed at or after the ISO instant `since`; with
   * `people`, only rows of requests they filed or filed for someone (a personal stream's
   * replay reads only its own); with `followers` too, rows of requests they follow: a row names
   * its followers in one property storage cannot search, so the department's rows since then
   * are read and judged here (only where the person follows something).
   */
  async changesSince(tenantId: string, dept: string, since: string, people?: string[], opts: { followers?: boolean } = {}): Promise<ChangeRow[]> {
    let filter = this.range(tenantId, dept, `c|${since}`, "c|~");
    if (people && !opts.followers) filter += ` and (${people.flatMap((p) => [`requesterId eq ${lit(p)}`, `createdById eq ${lit(p)}`]).join(" or ")})`;
    const rows = (await readAll<Record<string, unknown>>(this.table, filter)).map(changeRowOf);
    return people && opts.followers ? rows.filter((r) => r.followersMore || rowInvolves(r, people)) : rows;
  }

  /**
   * Requests of a department whose due entry has come (an escalation step to fire, a clock breach
   * to write down, or a quiet resolved request to close): reads the due entries up to now and
   * those requests, nothing else.
   */
  async dueIn(tenantId: string, dept: string, nowIso: string, max = 500): Promise<ServiceRequest[]> {
    return this.indexedBy(tenantId, dept, "d|", "dueAt", nowIso, max);
  }

  /**
   * Open requests a clock of which has breached by `nowIso` since they were last written (the
   * scheduler writes them down within a pass): normally none or a handful.
   */
  async lateIn(tenantId: string, dept: string, nowIso: string): Promise<ServiceRequest[]> {
    return this.indexedBy(tenantId, dept, "b|", "lateAt", nowIso, Infinity);
  }

  /**
   * The requests a time index (`d|` due entries, `b|` late entries) names up to `nowIso`, read
   * one by one; an entry whose request has moved on since (its time changed) is left out.
   */
  private async indexedBy(tenantId: string, dept: string, prefix: "d|" | "b|", field: "dueAt" | "lateAt", nowIso: string, max: number): Promise<ServiceRequest[]> {
    const entries = await readAll<Record<string, unknown>>(this.table, this.range(tenantId, dept, prefix, `${prefix}${nowIso}|~`), max, ["number"]);
    const found = await Promise.all(entries.map((e) => this.get(tenantId, dept, Number(e.number))));
    return found.filter((r): r is ServiceRequest => !!r && !!r[field] && r[field]! <= nowIso);
  }

  /** Deletes a department's change-log rows older than `beforeIso`, 100 per transaction. Returns how many. */
  async pruneChangesIn(tenantId: string, dept: string, beforeIso: string): Promise<number> {
    const rows = await readAll<TableEntity>(this.table, this.range(tenantId, dept, "c|", `c|${beforeIso}`), Infinity, ["PartitionKey", "RowKey"]);
    let n = 0;
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100).map((r) => clean({ partitionKey: r.partitionKey, rowKey: r.rowKey }));
      try {
        await guard(() => this.table.submitTransaction(chunk.map((r) => ["delete", r] as TransactionAction)));
        n += chunk.length;
      } catch (err) {
        // Another instance pruned some of these first (404): the next prune takes the rest.
        if (!isNotFound(err)) throw err;
      }
    }
    return n;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
