import type { ServiceRequest } from "../../shared/domain.ts";

/**
 * Something kept up to date from a department's change log (day summaries, "my requests"
 * copies). The change-log follower hands each projection the latest stored state of every
 * request that changed; `apply` must be idempotent (it may see the same state twice, after a
 * crash or when two instances follow the same log) and must never move a row backwards
 * (compare `version`).
 */
export interface ChangeProjection {
  readonly name: string;
  apply(tenantId: string, department: string, changed: ServiceRequest[]): Promise<void>;
}
