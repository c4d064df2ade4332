import { guard, isConflict, isNotFound, isPreconditionFailed } from "./errors.ts";
import { keyPart, type Tables } from "./tables.ts";

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
  etag: string;
}

export class ClaimStore {
  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Claims;
  }

  static partition(tenantId: string, scope: string): string {
    return `${tenantId}|${keyPart(scope)}`;
  }

  /** Inserts the claim; returns undefined if it was ours, or the existing claim. */
  async claim(pk: string, rk: string, token: string, department: string, now: string): Promise<Claim | undefined> {
    return guard(async () => {
      try {
        await this.table.createEntity({ partitionKey: pk, rowKey: rk, token, department, claimedAt: now });
        return undefined;
      } catch (err) {
        if (!isConflict(err)) throw err;
        return this.get(pk, rk);
      }
    });
  }

  async get(pk: string, rk: string): Promise<Claim | undefined> {
    return guard(async () => {
      try {
        const e = await this.table.getEntity<Record<string, string>>(pk, rk);
        return {
          token: e.token,
          department: e.department,
          requestId: e.requestId || undefined,
          claimedAt: e.claimedAt,
          etag: e.etag,
        };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }

  /** Records the request made under the claim. */
  async complete(pk: string, rk: string, requestId: string): Promise<void> {
    await guard(() => this.table.updateEntity({ partitionKey: pk, rowKey: rk, requestId }, "Merge"));
  }

  /** Takes over an abandoned claim; false if someone else changed it first. */
  async takeOver(pk: string, rk: string, old: Claim, token: string, now: string): Promise<boolean> {
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

  /** Gives a claim back when its creation failed for a reason the caller reports (bad input). */
  async release(pk: string, rk: string): Promise<void> {
    await guard(async () => {
      try {
        await this.table.deleteEntity(pk, rk);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    });
  }
}
