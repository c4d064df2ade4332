import { createHash } from "node:crypto";
import { guard, isConflict, isNotFound, isPreconditionFailed } from "./errors.ts";
import type { TransactionAction } from "@azure/data-tables";
import { readAll } from "./paging.ts";
import { keyPart, lit, type Tables } from "./tables.ts";

/**
 * A claim reserves "the one request" for a key (an Idempotency-Key, an email's
 * internetMessageId, a Teams message id) with insert-if-absent: whoever inserts first creates
 * the request, everyone else gets that request.
 */
export interface Claim {
  /** Which request creation owns the claim; stored on the request too, to find it after a crash. */
  token: string;
  department: string;
  requestId?: string;
  claimedAt: string;
  /** Delivery claims: set once the work is done (what became of it), so nobody does it again. */
  settled?: string;
  etag: string;
}

/** What a claim is for: one request per tenant, scope and ref. */
export interface ClaimKey {
  tenantId: string;
  /** One request per source item of a kind (an email, a Teams message), or per Idempotency-Key of one person. */
  scope: { source: string } | { idempotencyOf: string } | { delivery: string };
  /** The item's own id: an internetMessageId, a Teams message id, an Idempotency-Key. */
  ref: string;
}

export class ClaimStore {
  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Claims;
  }

  /** Its row: a partition per tenant and scope, the ref hashed (any length, any characters, fixed-size key). */
  private static keys(k: ClaimKey): { pk: string; rk: string } {
    const scope = "source" in k.scope ? `src:${k.scope.source}` : "delivery" in k.scope ? `dlv:${k.scope.delivery}` : `idem:${k.scope.idempotencyOf}`;
    return { pk: `${k.tenantId}|${keyPart(scope)}`, rk: createHash("sha256").update(k.ref, "utf8").digest("hex") };
  }

  /** Inserts the claim; returns undefined if it was ours, or the existing claim. */
  async claim(key: ClaimKey, token: string, department: string, now: string): Promise<Claim | undefined> {
    const { pk, rk } = ClaimStore.keys(key);
    return guard(async () => {
      try {
        await this.table.createEntity({ partitionKey: pk, rowKey: rk, token, department, claimedAt: now });
        return undefined;
      } catch (err) {
        if (!isConflict(err)) throw err;
        return this.get(key);
      }
    });
  }

  async get(key: ClaimKey): Promise<Claim | undefined> {
    const { pk, rk } = ClaimStore.keys(key);
    return guard(async () => {
      try {
        const e = await this.table.getEntity<Record<string, string>>(pk, rk);
        return {
          token: e.token,
          department: e.department,
          requestId: e.requestId || undefined,
          claimedAt: e.claimedAt,
          ...(e.settled ? { settled: e.settled } : {}),
          etag: e.etag,
        };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }

  /** Records the request made under the claim. */
  async complete(key: ClaimKey, requestId: string): Promise<void> {
    const { pk, rk } = ClaimStore.keys(key);
    await guard(() => this.table.updateEntity({ partitionKey: pk, rowKey: rk, requestId }, "Merge"));
  }

  /** Marks the claimed work done (a delivery claim: posted, queued, or nobody to post to). */
  async settle(key: ClaimKey, outcome: string): Promise<void> {
    const { pk, rk } = ClaimStore.keys(key);
    await guard(() => this.table.updateEntity({ partitionKey: pk, rowKey: rk, settled: outcome }, "Merge"));
  }

  /** Takes over an abandoned claim; false if someone else changed it first. */
  async takeOver(key: ClaimKey, old: Claim, token: string, now: string): Promise<boolean> {
    const { pk, rk } = ClaimStore.keys(key);
    return guard(async () => {
      try {
        await this.table.updateEntity({ partitionKey: pk, rowKey: rk, token, claimedAt: now }, "Merge", { etag: old.etag });
        return true;
      } catch (err) {
        if (isPreconditionFailed(err)) return false;
        throw err;
      }
    });
  }

  /**
   * Deletes every claim of one tenant and scope (a partition, read by its keys only): the
   * delivery claims of a department's day once no change of that day can be owed any more.
   */
  async clearScope(tenantId: string, scope: ClaimKey["scope"]): Promise<number> {
    const { pk } = ClaimStore.keys({ tenantId, scope, ref: "" });
    const rows = await readAll<{ rowKey: string }>(this.table, `PartitionKey eq ${lit(pk)}`, Infinity, ["RowKey"]);
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      try {
        await guard(() => this.table.submitTransaction(chunk.map((r): TransactionAction => ["delete", { partitionKey: pk, rowKey: r.rowKey }])));
      } catch (err) {
        // Another instance cleared some of them first: the rest one by one.
        if (!isNotFound(err)) throw err;
        for (const r of chunk) await this.table.deleteEntity(pk, r.rowKey).catch((e) => { if (!isNotFound(e)) throw e; });
      }
    }
    return rows.length;
  }

  /** Gives a claim back when its creation failed for a reason the caller reports (bad input). */
  async release(key: ClaimKey): Promise<void> {
    const { pk, rk } = ClaimStore.keys(key);
    await guard(async () => {
      try {
        await this.table.deleteEntity(pk, rk);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    });
  }
}
