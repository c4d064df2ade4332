import { createHash } from "node:crypto";
import type { TransactionAction } from "@azure/data-tables";
import { guard, isConflict, isNotFound } from "./errors.ts";
import { readAll } from "./paging.ts";
import { keyPart, lit, type Tables } from "./tables.ts";

/** The partition listing which day partitions exist (dates sort before "~"). */
const DAYS = "~days";

/**
 * Teams activities already handled: Teams sends an activity again when it thinks the first
 * was lost, and a retried "comment" must not comment twice. PK `<UTC date>|<tenant>` (a
 * partition per tenant per day), RK a hash of the conversation and activity ids. A retry
 * arrives within minutes; two days are kept.
 *
 * Pruning names each partition it deletes: partition `~days` holds a row per day partition
 * (RK the partition's key), written before the first activity of that day and tenant and
 * deleted after the partition is emptied, so a prune reads the old days' index rows and
 * their activities, never the table.
 */
export class ActivityLog {
  /** Day partitions this process has indexed already. */
  private readonly indexed = new Set<string>();

  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Activities;
  }

  /** True the first time this activity is seen (and records it), false for a retry. */
  async firstTime(tenantId: string, conversationId: string, activityId: string, now: Date): Promise<boolean> {
    const rk = createHash("sha256").update(`${conversationId}\n${activityId}`).digest("hex");
    const pk = `${now.toISOString().slice(0, 10)}|${keyPart(tenantId)}`;
    return guard(async () => {
      await this.indexDay(pk);
      try {
        await this.table.createEntity({ partitionKey: pk, rowKey: rk });
        return true;
      } catch (err) {
        if (isConflict(err)) return false;
        throw err;
      }
    });
  }

  private async indexDay(pk: string): Promise<void> {
    if (this.indexed.has(pk)) return;
    await this.table.upsertEntity({ partitionKey: DAYS, rowKey: pk }, "Replace");
    // A day is written for a day or two; forget the old ones now and then.
    if (this.indexed.size > 10_000) this.indexed.clear();
    this.indexed.add(pk);
  }

  /** Deletes the days before `keepFrom`'s day minus one; returns how many rows went. */
  async prune(keepFrom: Date): Promise<number> {
    const cutoff = new Date(keepFrom.getTime() - 86_400_000).toISOString().slice(0, 10);
    const days = await readAll<{ rowKey: string }>(this.table, `PartitionKey eq ${lit(DAYS)} and RowKey lt ${lit(cutoff)}`, Infinity, ["RowKey"]);
    let removed = 0;
    for (const day of days) {
      removed += await this.emptyPartition(day.rowKey);
      // Only once its rows are gone: a prune that dies half-way finds the day again next time.
      await guard(() => this.table.deleteEntity(DAYS, day.rowKey)).catch((err) => {
        if (!isNotFound(err)) throw err;
      });
      this.indexed.delete(day.rowKey);
    }
    return removed;
  }

  private async emptyPartition(pk: string): Promise<number> {
    const rows = await readAll<{ rowKey: string }>(this.table, `PartitionKey eq ${lit(pk)}`, Infinity, ["RowKey"]);
    let removed = 0;
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      const deletes = chunk.map((r): TransactionAction => ["delete", { partitionKey: pk, rowKey: r.rowKey }]);
      try {
        await guard(() => this.table.submitTransaction(deletes));
        removed += chunk.length;
      } catch (err) {
        // Another instance pruned some of them first: delete the rest one by one.
        if (!isNotFound(err)) throw err;
        for (const r of chunk) {
          await guard(() => this.table.deleteEntity(pk, r.rowKey)).then(
            () => removed++,
            (e) => {
              if (!isNotFound(e)) throw e;
            },
          );
        }
      }
    }
    return removed;
  }

  /**
   * Upgrade only (stores written before the day index): indexes every day partition the log
   * holds, by reading the table's keys once. Returns how many days it found.
   */
  async indexExistingDays(): Promise<number> {
    const rows = await readAll<{ partitionKey: string }>(this.table, `PartitionKey lt ${lit(DAYS)}`, Infinity, ["PartitionKey"]);
    const days = [...new Set(rows.map((r) => r.partitionKey))];
    for (const pk of days) {
      await guard(() => this.table.createEntity({ partitionKey: DAYS, rowKey: pk })).catch((err) => {
        if (!isConflict(err)) throw err;
      });
    }
    return days.length;
  }
}
