import type { TableEntity } from "@azure/data-tables";
import type { ServiceRequest } from "../../shared/domain.ts";
import { guard, isConflict, isNotFound, isPreconditionFailed } from "./errors.ts";
import { fillPage } from "./paging.ts";
import { entityToRequest, partitionOf, requestToEntity } from "./request-entity.ts";
import { getJson, keyPart, lit, type Tables } from "./tables.ts";

/** The rows "my requests" lists: the person's copy of each of their requests. */
export const COPY_KIND = "copy";
/**
 * A marker of when a person started following a request ({department, number} at the follow's
 * time in the row-key order): a copy's row key is its request's creation time, so without it a
 * live stream on another instance, which looks for rows newer than its last look, would never
 * learn that the person now follows an older request in a department it does not follow yet.
 */
export const FOLLOWED_KIND = "followed";

/** What a page of one person's copies may be narrowed to, within their partition. */
export type CopyFilter = { open: true } | { status: string } | undefined;

export interface CopyPage {
  /** Oldest row key last; each request as its copy holds it (with the request's own ETag). */
  items: Array<{ rowKey: string; request: ServiceRequest }>;
  /** More rows may follow the last one (storage gave a continuation token). */
  more: boolean;
}

/** Whose "my requests" list a request is in: its requester (a person, or `mail:<address>`), who filed it for them, and its followers (links). */
export function holdersOf(r: ServiceRequest): string[] {
  const ids = [r.requester.id, ...(r.createdBy ? [r.createdBy.id] : []), ...(r.followers ?? []).map((f) => f.id)];
  return ids.filter((id, i) => ids.indexOf(id) === i);
}

/** Attempts at a version-guarded write before giving up (each loss means someone wrote a copy meanwhile). */
const MAX_ATTEMPTS = 20;

/**
 * "My requests": PK `tenant|user`, RK newest first (`UserIndex.rowKey`), one denormalized copy
 * of each request a person filed (or filed for someone, or that came from their mailbox):
 * the list is one partition query, with no read per request. A copy is written after its
 * request's transaction and never replaced by an older version of the request.
 *
 * Rows written before issue 12 are pointers ({department, number, createToken}) at the same
 * row keys; they have no `kind` and are skipped by every read until the upgrade replaces them.
 */
export class UserIndex {
  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Users;
  }

  static partition(tenantId: string, userId: string): string {
    return `${tenantId}|${keyPart(userId)}`;
  }

  static rowKey(createdAt: string, department: string, number: number): string {
    const inverted = String(8_640_000_000_000_000 - Date.parse(createdAt)).padStart(16, "0");
    return `${inverted}|${department}|${String(number).padStart(10, "0")}`;
  }

  static isRowKey(s: string): boolean {
    return /^\d{16}\|[A-Z][A-Z0-9]{1,9}\|\d{10}$/.test(s);
  }

  /**
   * Writes `r` as `userId`'s copy unless the copy there is as new or newer (by version): a
   * stale writer (a slow instance, a repair replaying the change log) never moves it back.
   * Returns whether it wrote.
   */
  async putCopy(tenantId: string, userId: string, r: ServiceRequest): Promise<boolean> {
    const entity = copyEntity(tenantId, userId, r);
    return guard(async () => {
      // A new request has no copy yet: one insert, no read.
      let tryInsert = r.version <= 1;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        if (tryInsert) {
          try {
            await this.table.createEntity(entity);
            await this.markFollowed(tenantId, userId, r);
            return true;
          } catch (err) {
            if (!isConflict(err)) throw err;
          }
        }
        let stored: Record<string, unknown>;
        try {
          stored = await this.table.getEntity<Record<string, unknown>>(entity.partitionKey, entity.rowKey);
        } catch (err) {
          if (!isNotFound(err)) throw err;
          tryInsert = true;
          continue;
        }
        if (stored.kind === COPY_KIND && Number(stored.version) >= r.version) return false;
        try {
          await this.table.updateEntity(entity, "Replace", { etag: stored.etag as string });
          return true;
        } catch (err) {
          // Deleted meanwhile (404) or rewritten meanwhile (412): look again.
          if (isNotFound(err)) tryInsert = true;
          else if (!isPreconditionFailed(err)) throw err;
        }
      }
      throw new Error(`The "my requests" copy of ${r.id} for ${userId} kept changing; gave up after ${MAX_ATTEMPTS} attempts.`);
    });
  }

  /** A first copy of someone else's request (a follow, a merge): marked at the time it was written (FOLLOWED_KIND). */
  private async markFollowed(tenantId: string, userId: string, r: ServiceRequest): Promise<void> {
    if (r.version <= 1 || r.updatedAt <= r.createdAt || userId === r.requester.id || userId === r.createdBy?.id) return;
    const marker = {
      partitionKey: UserIndex.partition(tenantId, userId),
      rowKey: UserIndex.rowKey(r.updatedAt, r.department, r.number),
      kind: FOLLOWED_KIND,
      department: r.department,
      number: r.number,
      requesterId: r.requester.id,
    };
    await this.table.createEntity(marker).catch((err: unknown) => {
      if (!isConflict(err)) throw err;
    });
  }

  /**
   * Up to `limit` copies of one person, newest first, with row keys after `after` (exclusive),
   * narrowed by `filter` inside the partition. Follows continuation tokens until the page is
   * full or the partition ends (storage may answer with short or empty pages).
   */
  async page(tenantId: string, userId: string, opts: { after?: string; filter?: CopyFilter; limit: number }): Promise<CopyPage> {
    let q = `PartitionKey eq ${lit(UserIndex.partition(tenantId, userId))} and kind eq ${lit(COPY_KIND)}`;
    if (opts.after) q += ` and RowKey gt ${lit(opts.after)}`;
    if (opts.filter && "open" in opts.filter) q += " and isOpen eq true";
    else if (opts.filter) q += ` and status eq ${lit(opts.filter.status)}`;
    const page = await fillPage<Record<string, unknown>>(this.table, q, opts.limit);
    return { items: page.items.map((e) => ({ rowKey: e.rowKey as string, request: copyToRequest(tenantId, e) })), more: !!page.next };
  }

  /**
   * The requester's past: up to `limit` requests `userId` is the requester of (not those they
   * follow or filed for someone), newest first, after `after`, in `department` if given. One
   * query of their partition, reading only the columns the list shows.
   */
  async pastOf(tenantId: string, userId: string, opts: { department?: string; after?: string; limit: number }): Promise<{ items: PastRow[]; more: boolean }> {
    let q = `PartitionKey eq ${lit(UserIndex.partition(tenantId, userId))} and kind eq ${lit(COPY_KIND)} and requesterId eq ${lit(userId)}`;
    if (opts.department) q += ` and department eq ${lit(opts.department)}`;
    if (opts.after) q += ` and RowKey gt ${lit(opts.after)}`;
    const select = ["RowKey", "department", "number", "title", "status", "createdAt", "resolvedAt", "closedAt", "ratingJson"];
    const page = await fillPage<Record<string, unknown>>(this.table, q, opts.limit, undefined, select);
    return {
      items: page.items.map((e) => {
        const rating = getJson<{ score: number }>(e, "ratingJson");
        return {
          rowKey: String(e.rowKey),
          id: `${String(e.department)}-${Number(e.number)}`,
          department: String(e.department),
          title: String(e.title),
          status: String(e.status),
          createdAt: String(e.createdAt),
          ...(e.resolvedAt ? { resolvedAt: String(e.resolvedAt) } : {}),
          ...(e.closedAt ? { closedAt: String(e.closedAt) } : {}),
          ...(rating ? { rating: rating.score } : {}),
        };
      }),
      more: !!page.next,
    };
  }

  /** Which requests a person has (department, number and requester only), newest first: what a live stream follows. */
  async list(tenantId: string, userId: string, max: number): Promise<Array<{ rowKey: string; department: string; number: number; requesterId?: string }>> {
    return this.refs(`PartitionKey eq ${lit(UserIndex.partition(tenantId, userId))}`, max);
  }

  /** Requests created after `afterIso` (row keys run newest first, so a range read): what a live stream may not know yet. */
  async listCreatedAfter(tenantId: string, userId: string, afterIso: string, max: number): Promise<Array<{ rowKey: string; department: string; number: number; requesterId?: string }>> {
    const bound = UserIndex.rowKey(afterIso, "", 0).split("|")[0]!;
    return this.refs(`PartitionKey eq ${lit(UserIndex.partition(tenantId, userId))} and RowKey lt ${lit(bound)}`, max);
  }

  private async refs(filter: string, max: number): Promise<Array<{ rowKey: string; department: string; number: number; requesterId?: string }>> {
    return guard(async () => {
      const out: Array<{ rowKey: string; department: string; number: number; requesterId?: string }> = [];
      const rows = this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter, select: ["RowKey", "department", "number", "requesterId"] } });
      for await (const e of rows) {
        out.push({ rowKey: e.rowKey as string, department: String(e.department), number: Number(e.number), ...(e.requesterId ? { requesterId: String(e.requesterId) } : {}) });
        if (out.length >= max) break;
      }
      return out;
    });
  }
}

/** One of a requester's past requests, as the requester's-past list shows it. */
export interface PastRow {
  rowKey: string;
  id: string;
  department: string;
  title: string;
  status: string;
  createdAt: string;
  resolvedAt?: string;
  closedAt?: string;
  /** The CSAT score, when rated. */
  rating?: number;
}

/** The request row's columns (so the copy is filtered like the request: `status`, `isOpen`), keyed to the person. */
function copyEntity(tenantId: string, userId: string, r: ServiceRequest): TableEntity {
  const e = requestToEntity(r);
  e.partitionKey = UserIndex.partition(tenantId, userId);
  e.rowKey = UserIndex.rowKey(r.createdAt, r.department, r.number);
  e.kind = COPY_KIND;
  e.department = r.department;
  // The copy's own ETag means nothing to a client: it gets the request's, for If-Match.
  if (r.etag) e.requestEtag = r.etag;
  return e;
}

function copyToRequest(tenantId: string, e: Record<string, unknown>): ServiceRequest {
  const r = entityToRequest({ ...e, partitionKey: partitionOf(tenantId, String(e.department)) });
  r.etag = typeof e.requestEtag === "string" ? e.requestEtag : undefined;
  return r;
}
