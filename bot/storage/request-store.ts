import type { TableEntity, TransactionAction } from "@azure/data-tables";
import type { HistoryEvent, ServiceRequest } from "../../shared/domain.ts";
import type { NewEvent } from "../../shared/lifecycle.ts";
import { guard, isConflict, isNotFound, isPreconditionFailed, statusOf } from "./errors.ts";
import {
  COUNTER_RK,
  type ChangeRow,
  changeToEntity,
  entityToHistory,
  entityToRequest,
  historyToEntity,
  partitionOf,
  requestRk,
  requestToEntity,
} from "./request-entity.ts";
import { clean, lit, type Tables } from "./tables.ts";

export interface Built {
  request: ServiceRequest;
  events: NewEvent[];
  nextCheckAt?: string;
}

/** Builds a request once its number is known (may run more than once if a commit is retried). */
export type BuildRequest = (number: number) => Built;

interface PendingCreate {
  build: BuildRequest;
  createToken: string;
  onNumber?: (n: number) => Promise<void>;
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

/** Request rows, their history and the change log of each department, in one partition per department. */
export class RequestStore {
  private readonly queues = new Map<string, PendingCreate[]>();
  private readonly counters = new Map<string, { n: number; etag?: string }>();
  /** 3 rows per request (request, history, change) + the counter stay under 100 operations. */
  private readonly maxBatch = 33;

  constructor(
    private readonly tables: Tables,
    private readonly numbers?: NumberFloor,
  ) {}

  private get table() {
    return this.tables.Requests;
  }

  async get(tenantId: string, dept: string, number: number): Promise<ServiceRequest | undefined> {
    return guard(async () => {
      try {
        const e = await this.table.getEntity(partitionOf(tenantId, dept), requestRk(number));
        return entityToRequest(e);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }

  async history(tenantId: string, dept: string, number: number): Promise<HistoryEvent[]> {
    const prefix = `h|${String(number).padStart(10, "0")}|`;
    const filter = `PartitionKey eq ${lit(partitionOf(tenantId, dept))} and RowKey gt ${lit(prefix)} and RowKey lt ${lit(prefix + "~")}`;
    return guard(async () => {
      const out: HistoryEvent[] = [];
      for await (const e of this.table.listEntities({ queryOptions: { filter } })) {
        for (const ev of entityToHistory(e)) out.push({ ...ev, seq: out.length + 1 });
      }
      return out;
    });
  }

  /**
   * Allocates the department's next number and inserts the request in one ETag-guarded
   * transaction with the counter, so ids are unique and dense across any number of instances.
   * Concurrent creates for one department in this process share a transaction (group commit).
   * `onNumber` runs beside the commit with the number about to be used (for index pointers).
   */
  create(tenantId: string, dept: string, createToken: string, build: BuildRequest, onNumber?: (n: number) => Promise<void>): Promise<ServiceRequest> {
    const key = partitionOf(tenantId, dept);
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(key);
      const first = !queue;
      if (!queue) this.queues.set(key, (queue = []));
      queue.push({ build, createToken, onNumber, resolve, reject });
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
        // A batch can fail for one bad row (400): retry each alone so only that one fails.
        if (batch.length > 1 && statusOf(err) === 400) {
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
      const results = batch.map((item, i) => item.build(counter.n + 1 + i));
      const actions: TransactionAction[] = [];
      const requestAt: number[] = [];
      const n = counter.n + batch.length;
      const counterRow = { partitionKey: key, rowKey: COUNTER_RK, kind: "counter", n };
      actions.push(counter.etag ? ["update", counterRow, "Replace", { etag: counter.etag }] : ["create", counterRow]);
      results.forEach((b, i) => {
        requestAt.push(actions.length);
        actions.push(["create", requestToEntity(b.request, { createToken: batch[i].createToken, nextCheckAt: b.nextCheckAt })]);
        if (b.events.length) actions.push(["create", historyToEntity(b.request, b.events)]);
        actions.push(["create", changeToEntity(b.request)]);
      });
      // The index pointers go out beside the transaction, not before it: one round trip less per
      // create. A pointer whose transaction fails is skipped by readers (its token does not
      // match); a transaction whose pointer fails gets the pointer rewritten in the background.
      const numbers = batch.map((_, i) => counter.n + 1 + i);
      const indexed = batch.map((item, i) => (item.onNumber ? item.onNumber(numbers[i]!).then(() => true, () => false) : Promise.resolve(true)));
      try {
        const res = await guard(() => this.table.submitTransaction(actions));
        // Sub-responses come in the order of the actions; updates carry no row key.
        this.counters.set(key, { n, etag: res.subResponses[0]?.etag });
        this.numbers?.allocated(tenantId, dept, n);
        const ok = await Promise.all(indexed);
        batch.forEach((item, i) => {
          if (!ok[i]) this.repairIndex(item, numbers[i]!, results[i]!.request.id);
          item.resolve({ ...results[i].request, etag: res.subResponses[requestAt[i]!]?.etag });
        });
        return;
      } catch (err) {
        await Promise.all(indexed);
        this.counters.delete(key);
        // Another instance moved the counter first: read it again and retry.
        if ((isPreconditionFailed(err) || isConflict(err)) && attempt < 50) {
          await sleep(Math.random() * Math.min(100, 5 * 2 ** attempt));
          continue;
        }
        throw err;
      }
    }
  }

  /** Retries a committed request's index pointers for a while, so "my requests" lists it. */
  private repairIndex(item: PendingCreate, number: number, id: string, attempt = 1): void {
    const delay = Math.min(60_000, 500 * 2 ** attempt);
    const timer = setTimeout(() => {
      item.onNumber!(number).catch((err) => {
        if (attempt < 10) return this.repairIndex(item, number, id, attempt + 1);
        console.error(`[tandem] ${id} was filed but could not be added to its requester's "my requests" index: ${String(err)}`);
      });
    }, delay);
    timer.unref();
  }

  private async readCounter(key: string, tenantId: string, dept: string): Promise<{ n: number; etag?: string }> {
    const floor = this.numbers?.floor(tenantId, dept) ?? 0;
    return guard(async () => {
      try {
        const e = await this.table.getEntity<{ n: number }>(key, COUNTER_RK);
        return { n: Math.max(Number(e.n), floor), etag: e.etag };
      } catch (err) {
        if (isNotFound(err)) return { n: floor };
        throw err;
      }
    });
  }

  /**
   * Writes a changed request with its new history events and a change-log row, all or
   * nothing, only if nobody changed it since `prev` was read (412 otherwise).
   */
  async update(prev: ServiceRequest, built: Built): Promise<ServiceRequest> {
    const next: ServiceRequest = { ...built.request, version: prev.version + 1 };
    const actions: TransactionAction[] = [
      ["update", requestToEntity(next, { nextCheckAt: built.nextCheckAt, createToken: undefined }), "Merge", { etag: prev.etag }],
    ];
    if (built.events.length) actions.push(["create", historyToEntity(next, built.events)]);
    actions.push(["create", changeToEntity(next)]);
    const res = await guard(() => this.table.submitTransaction(actions));
    return { ...next, etag: res.subResponses[0]?.etag };
  }

  /** A page of a department's requests, oldest first. */
  async list(tenantId: string, dept: string, opts: ListOptions): Promise<{ items: ServiceRequest[]; nextCursor?: string }> {
    let filter = `PartitionKey eq ${lit(partitionOf(tenantId, dept))} and RowKey gt 'r|' and RowKey lt 'r|~'`;
    if (opts.status === "open") filter += " and isOpen eq true";
    else if (opts.status !== "all") filter += ` and status eq ${lit(opts.status)}`;
    return guard(async () => {
      const pages = this.table
        .listEntities({ queryOptions: { filter } })
        .byPage({ maxPageSize: opts.limit, continuationToken: opts.cursor ? decodeCursor(opts.cursor) : undefined });
      const { value: page } = await pages.next();
      if (!page) return { items: [] };
      const items = page.map((e: Record<string, unknown>) => entityToRequest(e));
      return { items, nextCursor: page.continuationToken ? encodeCursor(page.continuationToken) : undefined };
    });
  }

  /** Every request of a department (for stats and reports), optionally only those created before `createdBefore`. */
  async all(tenantId: string, dept: string): Promise<ServiceRequest[]> {
    const filter = `PartitionKey eq ${lit(partitionOf(tenantId, dept))} and RowKey gt 'r|' and RowKey lt 'r|~'`;
    return guard(async () => {
      const out: ServiceRequest[] = [];
      for await (const e of this.table.listEntities({ queryOptions: { filter } })) out.push(entityToRequest(e));
      return out;
    });
  }

  async findByCreateToken(tenantId: string, dept: string, token: string): Promise<ServiceRequest | undefined> {
    const filter = `PartitionKey eq ${lit(partitionOf(tenantId, dept))} and RowKey gt 'r|' and RowKey lt 'r|~' and createToken eq ${lit(token)}`;
    return guard(async () => {
      for await (const e of this.table.listEntities({ queryOptions: { filter } })) return entityToRequest(e);
      return undefined;
    });
  }

  /**
   * Change-log rows of a department after `afterRk` (exclusive); with `people`, only rows of
   * requests they filed or filed for someone (a personal stream's replay reads only its own).
   */
  async changesSince(tenantId: string, dept: string, afterRk: string, people?: string[]): Promise<ChangeRow[]> {
    let filter = `PartitionKey eq ${lit(partitionOf(tenantId, dept))} and RowKey gt ${lit(afterRk)} and RowKey lt 'c|~'`;
    if (people) filter += ` and (${people.flatMap((p) => [`requesterId eq ${lit(p)}`, `createdById eq ${lit(p)}`]).join(" or ")})`;
    return guard(async () => {
      const out: ChangeRow[] = [];
      for await (const e of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        out.push({
          rowKey: e.rowKey as string,
          number: Number(e.number),
          version: Number(e.version),
          requesterId: String(e.requesterId),
          createdById: e.createdById ? String(e.createdById) : undefined,
          at: String(e.at),
        });
      }
      return out;
    });
  }

  /** Open requests of every tenant whose next escalation step is due (the scheduler's scan). */
  async due(nowIso: string): Promise<ServiceRequest[]> {
    const filter = `kind eq 'request' and isOpen eq true and nextCheckAt le ${lit(nowIso)}`;
    return guard(async () => {
      const out: ServiceRequest[] = [];
      for await (const e of this.table.listEntities({ queryOptions: { filter } })) out.push(entityToRequest(e));
      return out;
    });
  }

  /** Resolved requests last changed before `beforeIso` (the quiet period for auto-close). */
  async resolvedBefore(beforeIso: string): Promise<ServiceRequest[]> {
    const filter = `kind eq 'request' and status eq 'resolved' and updatedAt lt ${lit(beforeIso)}`;
    return guard(async () => {
      const out: ServiceRequest[] = [];
      for await (const e of this.table.listEntities({ queryOptions: { filter } })) out.push(entityToRequest(e));
      return out;
    });
  }

  /** Deletes change-log rows older than `beforeIso`, in transactions of up to 100. Returns how many. */
  async pruneChanges(beforeIso: string): Promise<number> {
    const filter = `kind eq 'change' and at lt ${lit(beforeIso)}`;
    return guard(async () => {
      const byPk = new Map<string, TableEntity[]>();
      for await (const e of this.table.listEntities({ queryOptions: { filter, select: ["PartitionKey", "RowKey"] } })) {
        const list = byPk.get(e.partitionKey!) ?? [];
        list.push(clean({ partitionKey: e.partitionKey!, rowKey: e.rowKey! }));
        byPk.set(e.partitionKey!, list);
      }
      let n = 0;
      for (const rows of byPk.values()) {
        for (let i = 0; i < rows.length; i += 100) {
          const chunk = rows.slice(i, i + 100);
          try {
            await this.table.submitTransaction(chunk.map((r) => ["delete", r] as TransactionAction));
            n += chunk.length;
          } catch (err) {
            // Another instance pruned some of these first (404): the next prune takes the rest.
            if (!isNotFound(err)) throw err;
          }
        }
      }
      return n;
    });
  }
}

function encodeCursor(token: string): string {
  return Buffer.from(token, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string {
  return Buffer.from(cursor, "base64url").toString("utf8");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
