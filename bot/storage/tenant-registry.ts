import { ActivityLog } from "./activity-log.ts";
import { ConversationStore } from "./conversation-store.ts";
import { storedDepartments } from "./upgrade.ts";
import { guard, isConflict } from "./errors.ts";
import { readAll } from "./paging.ts";
import { keyPart, lit, type Tables } from "./tables.ts";

const PK = "tenants";

/**
 * The tenants this store serves, so periodic work (the scheduler, the outbox sweep, the
 * activity prune) visits each tenant's own partitions instead of scanning tables: table
 * Tenants, PK `tenants`, RK the tenant id. A tenant is added before its first department (or
 * its first outbox post) is written, so nothing stored is ever out of the registry's reach;
 * a tenant is never removed (a row per tenant the service ever had).
 */
export class TenantRegistry {
  /** Tenants this process has written (or read) already: adding them again costs nothing. */
  private readonly known = new Set<string>();
  private cached?: { at: number; ids: string[] };

  private constructor(private readonly tables: Tables) {}

  private static readonly shared = new WeakMap<Tables, TenantRegistry>();

  /** One registry per set of tables, so every store shares what this process knows. */
  static of(tables: Tables): TenantRegistry {
    let r = TenantRegistry.shared.get(tables);
    if (!r) TenantRegistry.shared.set(tables, (r = new TenantRegistry(tables)));
    return r;
  }

  /** Records the tenant (idempotent: the first registration's time is kept). */
  async add(tenantId: string, now = new Date()): Promise<void> {
    if (this.known.has(tenantId)) return;
    await guard(async () => {
      try {
        await this.tables.Tenants.createEntity({ partitionKey: PK, rowKey: keyPart(tenantId), tenantId, since: now.toISOString() });
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    });
    this.known.add(tenantId);
    if (this.cached && !this.cached.ids.includes(tenantId)) this.cached.ids.push(tenantId);
  }

  /**
   * Every tenant (one partition query). `maxAgeMs`: an answer read at most that long ago may be
   * reused (a periodic pass asks every few seconds; a tenant added on this instance is in it at
   * once, one added elsewhere within `maxAgeMs`).
   */
  async list(maxAgeMs = 0): Promise<string[]> {
    if (this.cached && maxAgeMs > 0 && Date.now() - this.cached.at < maxAgeMs) return [...this.cached.ids];
    const rows = await readAll<{ tenantId: string }>(this.tables.Tenants, `PartitionKey eq ${lit(PK)}`, Infinity, ["tenantId"]);
    const ids = rows.map((r) => r.tenantId);
    for (const id of ids) this.known.add(id);
    this.cached = { at: Date.now(), ids };
    return [...ids];
  }
}

/**
 * The upgrade step for stores written before the registry existed (run once per store, from
 * the storage upgrade, inside `withPurpose("upgrade")`): the tenants are the partitions of the
 * Departments table, read once here and never again; the team -> triage-channel index is built
 * from each department's triage-channel reference (point reads); the activity log's day index
 * from the partitions the log holds (one read of a table that keeps two days). Idempotent:
 * every row it writes is an upsert of what the data says, so a rerun after a crash redoes it
 * harmlessly.
 */
export async function upgradeTenantRegistry(tables: Tables, progress: (line: string) => void = () => undefined): Promise<void> {
  const departments = await storedDepartments(tables);
  const registry = TenantRegistry.of(tables);
  const tenants = [...new Set(departments.map((d) => d.tenantId))];
  for (const t of tenants) await registry.add(t);
  const conversations = new ConversationStore(tables);
  let channels = 0;
  for (const d of departments) if (await conversations.indexChannel(d.tenantId, d.key)) channels++;
  const days = await new ActivityLog(tables).indexExistingDays();
  progress(`Tenant registry: ${tenants.length} tenant(s), ${channels} triage channel(s) indexed by team, ${days} day(s) of the activity log indexed.`);
}
