import type { ServiceRequest } from "../../shared/domain.ts";
import { type Actor, mailId } from "../../shared/permissions.ts";
import { listQuerySchema, parse } from "../../shared/validation/index.ts";
import { crashPoint } from "../crash-points.ts";
import { type CopyFilter, holdersOf, UserIndex } from "../storage/user-index.ts";
import { badRequest } from "./app-error.ts";
import type { ChangeProjection } from "./change-projection.ts";
import { log } from "../telemetry/log.ts";

/** Copies written at once when the change-log follower hands over many requests. */
const PARALLEL_WRITES = 8;
/** Copies this instance remembers writing (the follower hands it its own changes again: no read for those). */
const REMEMBERED = 20_000;

/**
 * Keeps every person's copies of their requests (the rows "my requests" lists) equal to the
 * latest stored request. The service calls it right after each commit; the change-log follower
 * calls it again for anything a crash between the two writes left behind. Idempotent: a copy
 * is only ever replaced by a newer version.
 */
export class MyRequestsProjection implements ChangeProjection {
  readonly name = "my-requests";

  /** `tenant|user|request id` -> the version this instance last saw stored in that copy (it only grows). */
  private readonly known = new Map<string, number>();

  constructor(private readonly users: UserIndex) {}

  async apply(tenantId: string, _department: string, changed: ServiceRequest[]): Promise<void> {
    // Several states of one request (a batch of actions): only the newest matters.
    const latest = new Map<string, ServiceRequest>();
    for (const r of changed) if ((latest.get(r.id)?.version ?? -1) < r.version) latest.set(r.id, r);
    const writes = [...latest.values()].flatMap((r) =>
      holdersOf(r)
        .filter((u) => !((this.known.get(`${tenantId}|${u}|${r.id}`) ?? -1) >= r.version))
        .map((u) => async () => {
          await this.users.putCopy(tenantId, u, r);
          this.remember(`${tenantId}|${u}|${r.id}`, r.version);
        }),
    );
    let failure: unknown;
    let next = 0;
    const worker = async () => {
      while (next < writes.length) {
        const write = writes[next++]!;
        await write().catch((err) => (failure ??= err));
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, writes.length) }, worker));
    if (failure) throw failure;
  }

  private remember(key: string, version: number) {
    if (!((this.known.get(key) ?? -1) < version)) return;
    this.known.delete(key);
    this.known.set(key, version);
    // A Map iterates oldest first: forget the oldest beyond the bound.
    if (this.known.size > REMEMBERED) this.known.delete(this.known.keys().next().value!);
  }

  /**
   * The service's hook after a request's transaction committed: the copies are written before
   * the caller is answered (so they see their request in their list at once). A failure here
   * must not fail the call (the request exists; a client retrying would file it twice): the
   * change-log follower repairs the copy.
   */
  async afterCommit(r: ServiceRequest): Promise<void> {
    crashPoint("after-request-commit");
    try {
      await this.apply(r.tenantId, r.department, [r]);
    } catch (err) {
      log.error(`[tandem] ${r.id} v${r.version} is saved, but its "my requests" copy was not written (the change-log follower will repair it): ${(err as Error)?.message ?? err}`);
    }
  }
}

export interface MyRequestsPage {
  items: ServiceRequest[];
  nextCursor?: string;
}

/**
 * One page of a person's requests, newest first: one query per identity they have (their
 * account, and their mailbox's `mail:<address>` for emails converted by someone else), merged
 * by row key. The cursor is the row key of the last one shown, so the next page reads each
 * identity's partition after it: no duplicates, no gaps, whichever partition the rows are in.
 */
export async function listMine(users: UserIndex, actor: Actor, query: unknown): Promise<MyRequestsPage> {
  const raw = { ...((query ?? {}) as Record<string, unknown>) };
  // "my requests" shows everything unless asked (the queue's default is open).
  if (raw.status === undefined || raw.status === null || raw.status === "") raw.status = "all";
  const q = parse(listQuerySchema, raw, "query parameters");
  if (!q.ok) throw badRequest(q.error.message, q.error.details);
  const { status, limit, cursor } = q.value;
  const after = cursor === undefined ? undefined : decodeMineCursor(cursor);
  const filter: CopyFilter = status === "all" ? undefined : status === "open" ? { open: true } : { status };
  const ids = [...new Set([actor.person.id, ...(actor.person.email ? [mailId(actor.person.email)] : [])])];
  const pages = await Promise.all(ids.map((id) => users.page(actor.tenantId, id, { after, filter, limit })));

  const rows = pages.flatMap((p) => p.items).sort((a, b) => (a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : b.request.version - a.request.version));
  // The same request in two of the person's partitions (filed from their mailbox by themselves): once, newest copy.
  const unique = rows.filter((row, i) => i === 0 || rows[i - 1]!.rowKey !== row.rowKey);
  const shown = unique.slice(0, limit);
  const more = unique.length > limit || pages.some((p) => p.more);
  return {
    items: shown.map((row) => row.request),
    ...(more && shown.length ? { nextCursor: encodeMineCursor(shown[shown.length - 1]!.rowKey) } : {}),
  };
}

const CURSOR_PREFIX = "m1.";

export const encodeMineCursor = (rowKey: string) => Buffer.from(CURSOR_PREFIX + rowKey, "utf8").toString("base64url");

function decodeMineCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  const rowKey = text.startsWith(CURSOR_PREFIX) ? text.slice(CURSOR_PREFIX.length) : "";
  if (!UserIndex.isRowKey(rowKey)) throw badRequest("cursor is not valid: pass back the nextCursor of the previous page unchanged.");
  return rowKey;
}
