import type { ServiceRequest } from "../../shared/domain.ts";
import { guard, isNotFound } from "./errors.ts";
import { fillPage, readAll } from "./paging.ts";
import { entityToRequest, requestRk } from "./request-entity.ts";
import { lit, type Tables } from "./tables.ts";
import { storedDepartments } from "./upgrade.ts";
import { holdersOf, UserIndex } from "./user-index.ts";

/** Where the upgrade notes how far it got, per department (a partition no `tenant|user` can be). */
const PROGRESS_PK = "~tandem";
const progressRk = (tenantId: string, dept: string) => `copies|${tenantId}|${dept}`;
/** Requests read (and their progress saved) at a time. */
const CHUNK = 500;
const PARALLEL_WRITES = 8;

export interface UserRowsUpgrade {
  /** Requests whose holders' copies were checked. */
  requests: number;
  /** Copies written (new, or replacing a pointer or an older copy). */
  written: number;
  /** Pointer rows of creations that never committed, removed. */
  removed: number;
}

/**
 * Turns the "my requests" pointers of the layout before issue 12 ({department, number,
 * createToken} per person) into copies of the requests, by walking every department's requests
 * (the truth) and writing each holder's copy, version-guarded: a pointer at the same row key is
 * replaced, a copy already as new is left alone. Then removes the pointers that are left (their
 * creation never committed, or lost a race for its number). Resumable: each department's
 * progress is saved every few hundred requests and a finished one is skipped; idempotent: a
 * second run writes nothing. A step of the start-up upgrade, after the requests' own (it reads
 * whole tables, as that upgrade does, once per store).
 */
export async function upgradeUserRows(tables: Tables, progress: (line: string) => void): Promise<UserRowsUpgrade> {
  const users = new UserIndex(tables);
  const out: UserRowsUpgrade = { requests: 0, written: 0, removed: 0 };
  for (const { tenantId, key: dept } of await storedDepartments(tables)) {
    const mark = await getOrUndefined(tables, PROGRESS_PK, progressRk(tenantId, dept));
    if (mark?.done) continue;
    let after = typeof mark?.after === "string" ? mark.after : "r|";
    let seen = 0;
    for (;;) {
      const page = await fillPage<Record<string, unknown>>(
        tables.Requests,
        `PartitionKey eq ${lit(`${tenantId}|${dept}`)} and RowKey gt ${lit(after)} and RowKey lt 'r|~'`,
        CHUNK,
      );
      const requests = page.items.map((e) => entityToRequest(e));
      out.written += await writeCopies(users, tenantId, requests);
      out.requests += requests.length;
      seen += requests.length;
      if (requests.length) after = requestRk(requests[requests.length - 1]!.number);
      const done = !page.next;
      await guard(() => tables.Users.upsertEntity({ partitionKey: PROGRESS_PK, rowKey: progressRk(tenantId, dept), after, done }, "Replace"));
      if (done) break;
      progress(`  my requests: ${dept} (${tenantId}): ${seen} requests`);
    }
    if (seen) progress(`  my requests: ${dept} (${tenantId}): copies of ${seen} requests`);
  }
  // Pointers still here are the ones no committed request matched (copies carry no createToken).
  const left = await readAll<{ partitionKey: string; rowKey: string }>(tables.Users, "createToken ne ''", Infinity, ["PartitionKey", "RowKey"]);
  for (const p of left) {
    await guard(() => tables.Users.deleteEntity(p.partitionKey, p.rowKey)).catch((err) => {
      if (!isNotFound(err)) throw err;
    });
    out.removed++;
  }
  if (out.written || out.removed) progress(`My requests upgraded: ${out.written} copies written, ${out.removed} stale pointers removed.`);
  return out;
}

async function writeCopies(users: UserIndex, tenantId: string, requests: ServiceRequest[]): Promise<number> {
  const writes = requests.flatMap((r) => holdersOf(r).map((u) => () => users.putCopy(tenantId, u, r)));
  let written = 0;
  let next = 0;
  const worker = async () => {
    while (next < writes.length) if (await writes[next++]!()) written++;
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, writes.length) }, worker));
  return written;
}

async function getOrUndefined(tables: Tables, pk: string, rk: string): Promise<Record<string, unknown> | undefined> {
  return guard(async () => {
    try {
      return await tables.Users.getEntity<Record<string, unknown>>(pk, rk);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  });
}
