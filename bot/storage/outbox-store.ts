import { randomUUID } from "node:crypto";
import { guard, isNotFound, isPreconditionFailed } from "./errors.ts";
import { readAll } from "./paging.ts";
import { getJson, lit, putJson, type Tables } from "./tables.ts";
import { TenantRegistry } from "./tenant-registry.ts";
import { metrics } from "../telemetry/metrics.ts";

/** A post to Teams that failed for a passing reason (throttling, an outage), to try again later. */
export interface OutboxItem<P = unknown> {
  tenantId: string;
  /** The conversation-store key of where it goes. */
  target: string;
  payload: P;
  attempts: number;
}

export interface Stored<P> extends OutboxItem<P> {
  rowKey: string;
  etag: string;
}

/**
 * Outbox rows: PK tenant, RK `<due ISO time>|<uuid>`, so a tenant's due posts are a key range;
 * the sweep visits the tenants of the registry (each post's tenant is registered before it).
 */
export class OutboxStore {
  private readonly tenants: TenantRegistry;

  constructor(private readonly tables: Tables) {
    this.tenants = TenantRegistry.of(tables);
    metrics.outboxDepth(() => this.depth());
  }

  private get table() {
    return this.tables.Outbox;
  }

  async add(item: OutboxItem, dueAt: Date): Promise<void> {
    const e = { partitionKey: item.tenantId, rowKey: `${dueAt.toISOString()}|${randomUUID()}`, target: item.target, attempts: item.attempts };
    putJson(e, "payload", item.payload);
    await this.tenants.add(item.tenantId);
    await guard(() => this.table.createEntity(e));
  }

  /** Items due by `now`, oldest first within each tenant (at most `max` in all). */
  async due<P>(now: Date, max = 100): Promise<Array<Stored<P>>> {
    const out: Array<Stored<P>> = [];
    for (const tenantId of await this.tenants.list()) {
      if (out.length >= max) break;
      const filter = `PartitionKey eq ${lit(tenantId)} and RowKey lt ${lit(`${now.toISOString()}|~`)}`;
      for (const e of await readAll<Record<string, unknown>>(this.table, filter, max - out.length)) {
        out.push({
          tenantId,
          rowKey: e.rowKey as string,
          etag: e.etag as string,
          target: String(e.target),
          attempts: Number(e.attempts),
          payload: getJson<P>(e, "payload")!,
        });
      }
    }
    return out;
  }

  /** Posts waiting, due or not: keys only, one partition query per tenant of the registry. */
  async depth(): Promise<number> {
    let n = 0;
    for (const tenantId of await this.tenants.list()) {
      n += (await readAll(this.table, `PartitionKey eq ${lit(tenantId)}`, Infinity, ["RowKey"])).length;
    }
    return n;
  }

  /**
   * Takes an item to deliver it: false if another instance took it first. The item is moved,
   * not removed: a copy due at `leaseUntil` is written before the original goes (ETag), so a
   * process that dies while posting leaves it to be tried again then. `release` removes the
   * copy once the post is settled (sent, queued again, or given up).
   */
  async take(item: Stored<unknown>, leaseUntil: Date): Promise<{ tenantId: string; rowKey: string } | false> {
    const lease = { partitionKey: item.tenantId, rowKey: `${leaseUntil.toISOString()}|${randomUUID()}`, target: item.target, attempts: item.attempts };
    putJson(lease, "payload", item.payload);
    await guard(() => this.table.createEntity(lease));
    const taken = await guard(async () => {
      try {
        await this.table.deleteEntity(item.tenantId, item.rowKey, { etag: item.etag });
        return true;
      } catch (err) {
        if (isPreconditionFailed(err) || isNotFound(err)) return false;
        throw err;
      }
    });
    if (!taken) await this.release({ tenantId: item.tenantId, rowKey: lease.rowKey });
    return taken ? { tenantId: item.tenantId, rowKey: lease.rowKey } : false;
  }

  /** The post taken is settled: its lease copy goes. */
  async release(lease: { tenantId: string; rowKey: string }): Promise<void> {
    await guard(async () => {
      try {
        await this.table.deleteEntity(lease.tenantId, lease.rowKey);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    });
  }
}
