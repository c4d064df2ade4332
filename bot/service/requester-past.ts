/**
 * The requester's past (issue 16): a request's requester's other requests, newest first, with
 * their outcome and rating, for the staff of the request's department (in that department) and
 * admins (everywhere). Read from the requester's "my requests" partition (denormalized copies:
 * one partition query, no read per request, never a scan of a department).
 */
import type { Department, ServiceRequest } from "../../shared/domain.ts";
import { type Actor, canSeeRequest, isStaff, mailId } from "../../shared/permissions.ts";
import { parseRequestId } from "../../shared/request.ts";
import { detail } from "../../shared/validation/index.ts";
import type { RequestStore } from "../storage/request-store.ts";
import { type PastRow, UserIndex } from "../storage/user-index.ts";
import { badRequest, forbidden, localized, notFound } from "./app-error.ts";

export interface RequesterPastDeps {
  requests: Pick<RequestStore, "get">;
  users: Pick<UserIndex, "pastOf">;
  departments: { recent(tenantId: string, key: string): Promise<Department | undefined> };
}

export const PAST_LIMIT_DEFAULT = 20;
export const PAST_LIMIT_MAX = 50;

export type PastItem = Omit<PastRow, "rowKey">;

export interface PastPage {
  requester: { id: string; name: string };
  /** `department`: this department only (agents, leads); `all`: every department (admins). */
  scope: "department" | "all";
  items: PastItem[];
  nextCursor?: string;
}

export class RequesterPast {
  constructor(private readonly d: RequesterPastDeps) {}

  /** `GET /api/requests/:id/requester-history?limit=&cursor=`. */
  async of(actor: Actor, id: string, query: Record<string, unknown>): Promise<PastPage> {
    const { limit, after } = readQuery(query);
    const parsed = parseRequestId(id);
    const missing = () => localized(notFound(`There is no request ${id.slice(0, 40)} that you can see.`), { key: "error.notFound.request", params: { id: id.slice(0, 40) } });
    if (!parsed) throw missing();
    const dept = await this.d.departments.recent(actor.tenantId, parsed.department);
    const req: ServiceRequest | undefined = dept ? await this.d.requests.get(actor.tenantId, dept.key, parsed.number) : undefined;
    if (!dept || !req || !canSeeRequest(req, dept, actor)) throw missing();
    if (!isStaff(dept, actor)) throw localized(forbidden(`Only ${dept.name} agents can see the requester's other requests.`), { key: "error.past.staffOnly", params: { department: dept.name } });
    const scope = actor.isAdmin ? "all" : "department";
    const department = scope === "all" ? undefined : dept.key;
    // The requester's identity; their request filed from an email sits under their mailbox too.
    const who = req.requester;
    const ids = [...new Set([who.id, ...(who.email && !who.id.startsWith("mail:") ? [mailId(who.email)] : [])])];
    // One more than shown, to know whether there is more (and leave out the request itself).
    const pages = await Promise.all(ids.map((u) => this.d.users.pastOf(actor.tenantId, u, { department, after, limit: limit + 1 })));
    const rows = pages.flatMap((p) => p.items).filter((r) => r.id !== req.id).sort((a, b) => (a.rowKey < b.rowKey ? -1 : a.rowKey > b.rowKey ? 1 : 0));
    const unique = rows.filter((r, i) => i === 0 || rows[i - 1]!.rowKey !== r.rowKey);
    const shown = unique.slice(0, limit);
    const more = unique.length > limit || pages.some((p) => p.more);
    return {
      requester: { id: who.id, name: who.name },
      scope,
      items: shown.map(({ rowKey: _rk, ...item }) => item),
      ...(more && shown.length ? { nextCursor: Buffer.from(`p1.${shown[shown.length - 1]!.rowKey}`, "utf8").toString("base64url") } : {}),
    };
  }
}

function readQuery(query: Record<string, unknown>): { limit: number; after?: string } {
  const rawLimit = query.limit;
  let limit = PAST_LIMIT_DEFAULT;
  if (rawLimit !== undefined && rawLimit !== "") {
    const n = typeof rawLimit === "string" && /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : NaN;
    if (!(n >= 1 && n <= PAST_LIMIT_MAX)) throw badRequest(`limit must be a whole number from 1 to ${PAST_LIMIT_MAX}.`, [detail("limit", "too_large", `must be 1 to ${PAST_LIMIT_MAX}`, PAST_LIMIT_MAX)]);
    limit = n;
  }
  const cursor = query.cursor;
  if (cursor === undefined || cursor === "") return { limit };
  const text = typeof cursor === "string" && /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  const rowKey = text.startsWith("p1.") ? text.slice(3) : "";
  if (!UserIndex.isRowKey(rowKey)) throw badRequest("cursor is not valid: pass back the nextCursor of the previous page unchanged.", [detail("cursor", "invalid", "not a cursor this list gave")]);
  return { limit, after: rowKey };
}
