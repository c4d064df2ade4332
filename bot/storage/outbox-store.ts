import { randomUUID } from "node:crypto";
import { guard, isNotFound, isPreconditionFailed } from "./errors.ts";
import { getJson, lit, putJson, type Tables } from "./tables.ts";

/** A post to Teams that failed for a passing reason (throttling, an outage), to try again later. */
export interface OutboxItem<P = unknown> {
  tenantId: string;
  /** The conversation-store key of where it goes. */
  target: string;
  payload: P;
  attempts: number;
}

interface Stored<P> extends OutboxItem<P> {
  rowKey: string;
  etag: string;
}

/** Outbox rows: PK tenant, RK `<due ISO time>|<uuid>`, so the due ones are a range. */
export class OutboxStore {
  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Outbox;
  }

  async add(item: OutboxItem, dueAt: Date): Promise<void> {
    const e = { partitionKey: item.tenantId, rowKey: `${dueAt.toISOString()}|${randomUUID()}`, target: item.target, attempts: item.attempts };
    putJson(e, "payload", item.payload);
    await guard(() => this.table.createEntity(e));
  }

  /** Items due by `now`, oldest first (at most `max`). */
  async due<P>(now: Date, max = 100): Promise<Array<Stored<P>>> {
    const filter = `RowKey lt ${lit(`${now.toISOString()}|~`)}`;
    return guard(async () => {
      const out: Array<Stored<P>> = [];
      for await (const e of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        out.push({
          tenantId: e.partitionKey as string,
          rowKey: e.rowKey as string,
          etag: e.etag as string,
          target: String(e.target),
          attempts: Number(e.attempts),
          payload: getJson<P>(e, "payload")!,
        });
        if (out.length >= max) break;
      }
      return out;
    });
  }

  /** Takes an item to deliver it: false if another instance took it first. */
  async take(item: { tenantId: string; rowKey: string; etag: string }): Promise<boolean> {
    return guard(async () => {
      try {
        await this.table.deleteEntity(item.tenantId, item.rowKey, { etag: item.etag });
        return true;
      } catch (err) {
        if (isPreconditionFailed(err) || isNotFound(err)) return false;
        throw err;
      }
    });
  }
}
