import { guard, isNotFound } from "./errors.ts";
import { keyPart, lit, type Tables } from "./tables.ts";

export interface Pointer {
  department: string;
  number: number;
  createToken: string;
}

/**
 * "My requests": PK `tenant|user`, RK newest first. A pointer is written beside its request's
 * transaction; readers check it against the request and skip pointers whose creation never
 * committed, and the store rewrites a pointer that failed while its request committed.
 */
export class UserIndex {
  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Users;
  }

  static rowKey(createdAt: string, department: string, number: number): string {
    const inverted = String(8_640_000_000_000_000 - Date.parse(createdAt)).padStart(16, "0");
    return `${inverted}|${department}|${String(number).padStart(10, "0")}`;
  }

  async put(tenantId: string, userId: string, rk: string, p: Pointer): Promise<void> {
    await guard(() =>
      this.table.upsertEntity({ partitionKey: `${tenantId}|${keyPart(userId)}`, rowKey: rk, ...p }, "Replace"),
    );
  }

  async list(tenantId: string, userId: string, max: number): Promise<Array<Pointer & { rowKey: string }>> {
    return this.query(`PartitionKey eq ${lit(`${tenantId}|${keyPart(userId)}`)}`, max);
  }

  /** Pointers of requests created after `afterIso` (row keys run newest first, so a range read): what a live stream may not know yet. */
  async listCreatedAfter(tenantId: string, userId: string, afterIso: string, max: number): Promise<Array<Pointer & { rowKey: string }>> {
    const bound = UserIndex.rowKey(afterIso, "", 0).split("|")[0]!;
    return this.query(`PartitionKey eq ${lit(`${tenantId}|${keyPart(userId)}`)} and RowKey lt ${lit(bound)}`, max);
  }

  private async query(filter: string, max: number): Promise<Array<Pointer & { rowKey: string }>> {
    return guard(async () => {
      const out: Array<Pointer & { rowKey: string }> = [];
      for await (const e of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        out.push({ rowKey: e.rowKey as string, department: String(e.department), number: Number(e.number), createToken: String(e.createToken) });
        if (out.length >= max) break;
      }
      return out;
    });
  }

  async remove(tenantId: string, userId: string, rk: string): Promise<void> {
    await guard(async () => {
      try {
        await this.table.deleteEntity(`${tenantId}|${keyPart(userId)}`, rk);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    });
  }
}
