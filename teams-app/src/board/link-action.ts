import type { RequestView } from "../../../shared/domain.ts";
import type { Api } from "../../../web/api.ts";

/**
 * `{"action": "link"}` on `from` (shared/validation/action-schemas.ts): `related`, or `from`
 * merged into `to` as its duplicate (resolved, its requester then follows `to`). Answers `from` as stored.
 */
export function linkRequest(api: Api, from: string, to: string, relation: "related" | "duplicate", text?: string): Promise<RequestView> {
  return api.call<RequestView>("POST", `/api/requests/${encodeURIComponent(from)}/actions`, { action: "link", to, relation, ...(text ? { text } : {}) });
}
