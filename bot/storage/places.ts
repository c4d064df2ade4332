import { DepartmentStore } from "./department-store.ts";
import type { Tables } from "./tables.ts";
import { TenantRegistry } from "./tenant-registry.ts";

/** Where the background work looks (scheduler, follower, notice repair): every department of every tenant, by key. */
export interface Places {
  tenants(): Promise<string[]>;
  departments(tenantId: string): Promise<string[]>;
}

/** The tenants of the registry and each tenant's departments (one partition query each). */
export function storedPlaces(tables: Tables): Places {
  const departments = new DepartmentStore(tables);
  return {
    tenants: () => TenantRegistry.of(tables).list(),
    departments: async (tenantId) => (await departments.list(tenantId)).map((d) => d.key),
  };
}
