import type { TableEntity, TransactionAction } from "@azure/data-tables";
import type { Department } from "../../shared/domain.ts";
import { guard, isNotFound } from "./errors.ts";
import { getJson, lit, putJson, type Tables } from "./tables.ts";
import { TenantRegistry } from "./tenant-registry.ts";

/**
 * Departments of a tenant: PK tenant, RK department key. A tenant's first department registers
 * the tenant (TenantRegistry), before it is written, so periodic work finds every department.
 */
export class DepartmentStore {
  private readonly tenants: TenantRegistry;

  constructor(private readonly tables: Tables) {
    this.tenants = TenantRegistry.of(tables);
  }

  private get table() {
    return this.tables.Departments;
  }

  async list(tenantId: string): Promise<Department[]> {
    return guard(async () => {
      const out: Department[] = [];
      // Department keys are capitals and digits (< "["); the partition's other rows (the change log,
      // the monthly reviews: bot/storage/review-store.ts) start with "~" and are not departments.
      const filter = `PartitionKey eq ${lit(tenantId)} and RowKey lt '['`;
      for await (const e of this.table.listEntities({ queryOptions: { filter } })) out.push(fromEntity(e));
      return out;
    });
  }

  async get(tenantId: string, key: string): Promise<Department | undefined> {
    return guard(async () => {
      try {
        return fromEntity(await this.table.getEntity(tenantId, key));
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }

  /**
   * Creates (etag undefined: insert, 409 if it exists) or replaces (only if unchanged since
   * `etag` was read, 412 otherwise).
   */
  async put(tenantId: string, dept: Department, etag: string | undefined, alongside?: TableEntity): Promise<Department> {
    const { etag: _ignored, ...body } = dept;
    const entity = { partitionKey: tenantId, rowKey: dept.key };
    putJson(entity, "department", body);
    if (!etag) await this.tenants.add(tenantId);
    return guard(async () => {
      // A row written with the replace or the creation (its change-log entry): one transaction, so a refused write writes neither.
      if (alongside) {
        const write: TransactionAction = etag ? ["update", entity, "Replace", { etag }] : ["create", entity];
        const res = await this.table.submitTransaction([write, ["create", { ...alongside, partitionKey: tenantId }]]);
        return { ...dept, etag: res.subResponses[0]?.etag };
      }
      const res = etag
        ? await this.table.updateEntity(entity, "Replace", { etag })
        : await this.table.createEntity(entity);
      return { ...dept, etag: res.etag };
    });
  }

  async hasAny(tenantId: string): Promise<boolean> {
    return (await this.list(tenantId)).length > 0;
  }
}

function fromEntity(e: Record<string, unknown>): Department {
  return { ...getJson<Department>(e, "department")!, etag: e.etag as string };
}
