import { createHash } from "node:crypto";
import { guard, isConflict, isNotFound } from "./errors.ts";
import { keyPart, lit, type Tables } from "./tables.ts";

/**
 * Teams activities already handled: Teams sends an activity again when it thinks the first
 * was lost, and a retried "comment" must not comment twice. PK `<UTC date>|<tenant>` (a
 * partition per tenant per day, so whole days are pruned by one key range), RK a hash of the
 * conversation and activity ids. A retry arrives within minutes; two days are kept.
 */
export class ActivityLog {
  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Activities;
  }

  /** True the first time this activity is seen (and records it), false for a retry. */
  async firstTime(tenantId: string, conversationId: string, activityId: string, now: Date): Promise<boolean> {
    const rk = createHash("sha256").update(`${conversationId}\n${activityId}`).digest("hex");
    const day = now.toISOString().slice(0, 10);
    return guard(async () => {
      try {
        await this.table.createEntity({ partitionKey: `${day}|${keyPart(tenantId)}`, rowKey: rk });
        return true;
      } catch (err) {
        if (isConflict(err)) return false;
        throw err;
      }
    });
  }

  /** Deletes the days before `keepFrom`'s day minus one; returns how many rows went. */
  async prune(keepFrom: Date): Promise<number> {
    const cutoff = new Date(keepFrom.getTime() - 86_400_000).toISOString().slice(0, 10);
    let removed = 0;
    await guard(async () => {
      const rows = this.table.listEntities({ queryOptions: { filter: `PartitionKey lt ${lit(cutoff)}`, select: ["PartitionKey", "RowKey"] } });
      for await (const e of rows) {
        await this.table.deleteEntity(e.partitionKey!, e.rowKey!).then(
          () => removed++,
          (err) => {
            if (!isNotFound(err)) throw err;
          },
        );
      }
    });
    return removed;
  }
}
