import { randomBytes } from "node:crypto";
import type { TableEntity } from "@azure/data-tables";
import type { ChangeLogEntry, ReviewRecord } from "../../shared/review.ts";
import { guard, isNotFound } from "./errors.ts";
import { fillPage } from "./paging.ts";
import { getJson, lit, putJson, type Tables } from "./tables.ts";

/**
 * A department's change log and monthly reviews, in its own partition of the Departments table
 * (PK tenant, beside the department's row: RowKeys from "~", which department keys never reach):
 * - `~c|<KEY>|<inverted time>|<random>`: one published change, newest first in key order; written
 *   in the same transaction as the department's ETag-conditional replace (DepartmentStore.put).
 * - `~r|<KEY>|<YYYY-MM>`: what leads recorded for a month (decisions, action items), one entity,
 *   every update ETag-conditional.
 */
export class ReviewStore {
  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Departments;
  }

  /** The change-log row for `entry` (its partition is set by the department's write). */
  static changeRow(deptKey: string, entry: ChangeLogEntry): TableEntity {
    const e: TableEntity = { partitionKey: "", rowKey: `~c|${deptKey}|${inverted(Date.parse(entry.at))}|${entry.id}`, kind: "change" };
    putJson(e, "entry", entry);
    return e;
  }

  static newId(): string {
    return randomBytes(6).toString("hex");
  }

  /** The newest `limit` changes (made in [from, to) when given): one range query of the department's change rows. */
  async changes(tenantId: string, deptKey: string, limit: number, between?: { from: number; to: number }): Promise<ChangeLogEntry[]> {
    const [lo, hi] = between ? [`~c|${deptKey}|${inverted(between.to)}|~`, `~c|${deptKey}|${inverted(between.from)}|~`] : [`~c|${deptKey}|`, `~c|${deptKey}|~`];
    const filter = `PartitionKey eq ${lit(tenantId)} and RowKey gt ${lit(lo)} and RowKey lt ${lit(hi)}`;
    const page = await fillPage<Record<string, unknown>>(this.table, filter, limit, undefined, ["entry"]);
    return page.items.map((e) => getJson<ChangeLogEntry>(e, "entry")!).filter(Boolean);
  }

  /** A month's record (point read); an empty one without an etag when nothing was recorded yet. */
  async review(tenantId: string, deptKey: string, month: string): Promise<ReviewRecord> {
    return guard(async () => {
      try {
        const e = await this.table.getEntity<Record<string, unknown>>(tenantId, reviewRk(deptKey, month));
        return { ...getJson<ReviewRecord>(e, "review")!, month, etag: e.etag as string };
      } catch (err) {
        if (isNotFound(err)) return { month, decisions: [], actionItems: [] };
        throw err;
      }
    });
  }

  /** Writes a month's record: created when it has no etag (409 if someone did first), else replaced only if unchanged (412). */
  async saveReview(tenantId: string, deptKey: string, record: ReviewRecord): Promise<ReviewRecord> {
    const { etag, ...body } = record;
    const entity: TableEntity = { partitionKey: tenantId, rowKey: reviewRk(deptKey, record.month), kind: "review" };
    putJson(entity, "review", body);
    return guard(async () => {
      const res = etag ? await this.table.updateEntity(entity, "Replace", { etag }) : await this.table.createEntity(entity);
      return { ...body, etag: res.etag };
    });
  }
}

/** Newest first in key order: the instant subtracted from the latest a Date can hold. */
function inverted(ms: number): string {
  return String(8_640_000_000_000_000 - ms).padStart(16, "0");
}

function reviewRk(deptKey: string, month: string): string {
  return `~r|${deptKey}|${month}`;
}
