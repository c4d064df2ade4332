import type { TableEntity } from "@azure/data-tables";
import type { HistoryEvent, ServiceRequest } from "../../shared/domain.ts";
import { OPEN_STATUSES } from "../../shared/domain.ts";
import { getJson, getText, putJson, putText } from "./tables.ts";

/**
 * Row keys inside a department's partition (`tenant|DEPT`). Requests, their history and the
 * department's change log share the partition so one transaction writes all three.
 */
export const pad = (n: number, width: number) => String(n).padStart(width, "0");
export const requestRk = (n: number) => `r|${pad(n, 10)}`;
/**
 * One history row per change, keyed by the request version that wrote it (so concurrent writers
 * cannot collide), holding every event of that change: a change costs one row, not one per event.
 */
export const historyRk = (n: number, version: number) => `h|${pad(n, 10)}|${pad(version, 6)}`;
/** A change of a request, named by its instant, number and version (ordered by time): the change log's row key after "c|". */
export const changeIdOf = (at: string, n: number, version: number) => `${at}|${pad(n, 10)}|${pad(version, 6)}`;
export const changeRk = (at: string, n: number, version: number) => `c|${changeIdOf(at, n, version)}`;
export const COUNTER_RK = "counter";
/** A full copy of each open request: the open queue reads this range and nothing else. */
export const openRk = (n: number) => `o|${pad(n, 10)}`;
export const OPEN_RANGE = { from: "o|", to: "o|~" };
/** The request's one due entry: the scheduler reads the range up to now. */
export const dueRk = (dueAt: string, n: number) => `d|${dueAt}|${pad(n, 10)}`;
/** When an open request's clock breaches unwritten (`lateAt`): the figures add these until the scheduler writes them down. */
export const lateRk = (lateAt: string, n: number) => `b|${lateAt}|${pad(n, 10)}`;
/** Which request a creation token made: idempotency and email look-ups are point reads. */
export const tokenRk = (token: string) => `t|${token}`;
/** The first request number of a local month: a month's requests are a number range. */
export const monthRk = (month: string) => `m|${month}`;
/**
 * A change whose notices (Teams posts) are not known to be out yet: written with the change,
 * removed once the notifier has posted them (or put them in the outbox). What is left after a
 * crash is found and told again.
 */
export const noticeRk = (n: number, version: number) => `n|${pad(n, 10)}|${pad(version, 6)}`;
export const NOTICE_RANGE = { from: "n|", to: "n|~" };
/**
 * The layout a request row was written in: 2 has its open copy, due entry and token row
 * (issue 12). Rows without it are brought over by the upgrade on start.
 */
export const LAYOUT = 2;
export const partitionOf = (tenantId: string, dept: string) => `${tenantId}|${dept}`;

/** Scalar columns first (filterable), nested parts as JSON. */
export function requestToEntity(r: ServiceRequest, rowKey = requestRk(r.number)): TableEntity {
  const e: TableEntity = {
    partitionKey: partitionOf(r.tenantId, r.department),
    rowKey,
    kind: rowKey === requestRk(r.number) ? "request" : "open",
    layout: LAYOUT,
    number: r.number,
    title: r.title,
    status: r.status,
    isOpen: OPEN_STATUSES.includes(r.status),
    priority: r.priority,
    category: r.category ?? "",
    requesterId: r.requester.id,
    assigneeId: r.assignee?.id ?? "",
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
    dueAt: r.dueAt ?? "",
    lateAt: r.lateAt ?? "",
  };
  for (const k of ["firstRespondedAt", "resolvedAt", "closedAt"] as const) if (r[k]) e[k] = r[k];
  // Up to 32,000 characters: as many as 64,000 UTF-16 units, more than one property holds.
  putText(e, "description", r.description);
  if (r.descriptionTruncated) e.descriptionTruncated = true;
  putJson(e, "requesterJson", r.requester);
  putJson(e, "createdByJson", r.createdBy);
  putJson(e, "assigneeJson", r.assignee);
  putJson(e, "sourceJson", r.source);
  putJson(e, "emailJson", r.email);
  putJson(e, "slaJson", r.sla);
  putJson(e, "escalationsJson", r.escalations);
  putJson(e, "ratingJson", r.rating);
  // Feedback: who resolved it (thanks go to them) and the thanks given (one per person: small).
  putJson(e, "resolvedByJson", r.resolvedBy);
  if (r.kudos?.length) putJson(e, "kudosJson", r.kudos);
  // Attachments: up to 20 files' names and sizes (their bytes are blobs), well within a property.
  if (r.attachments?.length) putJson(e, "attachmentsJson", r.attachments);
  // Rating and reopening: follow-up links both ways.
  if (r.followUpOf) e.followUpOf = r.followUpOf;
  putJson(e, "followUpsJson", r.followUps);
  // Links: at most 50 each side (shared/links.ts), and the followers a merge brought.
  if (r.links?.length) putJson(e, "linksJson", r.links);
  if (r.followers?.length) putJson(e, "followersJson", r.followers);
  // Transfer: where it went (department, then the new id) or where it came from.
  putJson(e, "transferJson", r.transfer);
  if (r.transferredTo) e.transferredTo = r.transferredTo;
  if (r.transferredFrom) e.transferredFrom = r.transferredFrom;
  return e;
}

export function entityToRequest(e: Record<string, unknown>): ServiceRequest {
  const [tenantId, department] = String(e.partitionKey).split("|");
  const number = Number(e.number);
  const r: ServiceRequest = {
    id: `${department}-${number}`,
    tenantId,
    department,
    number,
    title: String(e.title),
    description: getText(e, "description") ?? "",
    priority: e.priority as ServiceRequest["priority"],
    status: e.status as ServiceRequest["status"],
    requester: getJson(e, "requesterJson")!,
    source: getJson(e, "sourceJson")!,
    createdAt: String(e.createdAt),
    updatedAt: String(e.updatedAt),
    sla: getJson(e, "slaJson")!,
    escalations: getJson(e, "escalationsJson") ?? {},
    version: Number(e.version),
    etag: e.etag as string | undefined,
  };
  if (e.descriptionTruncated) r.descriptionTruncated = true;
  if (e.category) r.category = String(e.category);
  const createdBy = getJson<ServiceRequest["createdBy"]>(e, "createdByJson");
  if (createdBy) r.createdBy = createdBy;
  const assignee = getJson<ServiceRequest["assignee"]>(e, "assigneeJson");
  if (assignee) r.assignee = assignee;
  const email = getJson<ServiceRequest["email"]>(e, "emailJson");
  if (email) r.email = email;
  const rating = getJson<ServiceRequest["rating"]>(e, "ratingJson");
  if (rating) r.rating = rating;
  const resolvedBy = getJson<ServiceRequest["resolvedBy"]>(e, "resolvedByJson");
  if (resolvedBy) r.resolvedBy = resolvedBy;
  const kudos = getJson<ServiceRequest["kudos"]>(e, "kudosJson");
  if (kudos?.length) r.kudos = kudos;
  const attachments = getJson<ServiceRequest["attachments"]>(e, "attachmentsJson");
  if (attachments?.length) r.attachments = attachments;
  if (e.followUpOf) r.followUpOf = String(e.followUpOf);
  const followUps = getJson<string[]>(e, "followUpsJson");
  if (followUps?.length) r.followUps = followUps;
  const links = getJson<ServiceRequest["links"]>(e, "linksJson");
  if (links?.length) r.links = links;
  const followers = getJson<ServiceRequest["followers"]>(e, "followersJson");
  if (followers?.length) r.followers = followers;
  const transfer = getJson<ServiceRequest["transfer"]>(e, "transferJson");
  if (transfer) r.transfer = transfer;
  if (e.transferredTo) r.transferredTo = String(e.transferredTo);
  if (e.transferredFrom) r.transferredFrom = String(e.transferredFrom);
  for (const k of ["firstRespondedAt", "resolvedAt", "closedAt"] as const) if (e[k]) r[k] = String(e[k]);
  if (e.dueAt) r.dueAt = String(e.dueAt);
  if (e.lateAt) r.lateAt = String(e.lateAt);
  return r;
}

export function historyToEntity(r: ServiceRequest, events: Array<Omit<HistoryEvent, "seq">>): TableEntity {
  const e: TableEntity = {
    partitionKey: partitionOf(r.tenantId, r.department),
    rowKey: historyRk(r.number, r.version),
    kind: "history",
  };
  putJson(e, "events", events);
  return e;
}

/** The events of one history row (rows written before events were grouped hold one `event`). */
export function entityToHistory(e: Record<string, unknown>): Array<Omit<HistoryEvent, "seq">> {
  const single = getJson<Omit<HistoryEvent, "seq">>(e, "event");
  return single ? [single] : (getJson<Array<Omit<HistoryEvent, "seq">>>(e, "events") ?? []);
}

/** One line of the department's change log: enough to route it to streams without a read. */
export interface ChangeRow {
  /** The change's id (its instant, number and version; ordered by time). */
  changeId: string;
  number: number;
  version: number;
  requesterId: string;
  createdById?: string;
  /** Its followers' ids (similar at intake, merges): their personal streams want it too. */
  followerIds?: string[];
  /** It had more followers than a change row names: whether a person follows it is read on the request. */
  followersMore?: boolean;
  at: string;
}

/** Follower ids a change row names at most (a property holds 32,768 characters; ids are short). */
export const CHANGE_FOLLOWERS_MAX = 200;

export function changeToEntity(r: ServiceRequest): TableEntity {
  return {
    partitionKey: partitionOf(r.tenantId, r.department),
    rowKey: changeRk(r.updatedAt, r.number, r.version),
    kind: "change",
    number: r.number,
    version: r.version,
    requesterId: r.requester.id,
    createdById: r.createdBy?.id ?? "",
    // `|a|b|`: the change feed routes a change to its followers' streams without reading the request.
    ...(r.followers?.length ? { followerIds: `|${r.followers.slice(0, CHANGE_FOLLOWERS_MAX).map((f) => f.id).join("|")}|` } : {}),
    ...((r.followers?.length ?? 0) > CHANGE_FOLLOWERS_MAX ? { followersMore: true } : {}),
    at: r.updatedAt,
  };
}

/** A change-log row as stored (changeToEntity's). */
export function changeRowOf(e: Record<string, unknown>): ChangeRow {
  return {
    changeId: changeIdOf(String(e.at), Number(e.number), Number(e.version)),
    number: Number(e.number),
    version: Number(e.version),
    requesterId: String(e.requesterId),
    createdById: e.createdById ? String(e.createdById) : undefined,
    ...(typeof e.followerIds === "string" && e.followerIds ? { followerIds: e.followerIds.split("|").filter(Boolean) } : {}),
    ...(e.followersMore ? { followersMore: true } : {}),
    at: String(e.at),
  };
}

/** Whether one of `people` filed the request, filed it for someone, or follows it (a change row's own words). */
export function rowInvolves(row: Pick<ChangeRow, "requesterId" | "createdById" | "followerIds">, people: readonly string[]): boolean {
  return people.some((p) => p === row.requesterId || p === row.createdById || !!row.followerIds?.includes(p));
}

/** The people whose personal streams a request's changes go to: its requester, who filed it for them, its followers. */
export function peopleOf(r: Pick<ServiceRequest, "requester" | "createdBy" | "followers">): Array<string | undefined> {
  return [r.requester.id, r.createdBy?.id, ...(r.followers ?? []).map((f) => f.id)];
}

export function dueToEntity(r: ServiceRequest, dueAt: string): TableEntity {
  return { partitionKey: partitionOf(r.tenantId, r.department), rowKey: dueRk(dueAt, r.number), kind: "due", number: r.number };
}

export function lateToEntity(r: ServiceRequest, lateAt: string): TableEntity {
  return { partitionKey: partitionOf(r.tenantId, r.department), rowKey: lateRk(lateAt, r.number), kind: "late", number: r.number };
}

export function tokenToEntity(r: ServiceRequest, token: string): TableEntity {
  return { partitionKey: partitionOf(r.tenantId, r.department), rowKey: tokenRk(token), kind: "token", number: r.number };
}

export function monthToEntity(r: ServiceRequest, month: string): TableEntity {
  return { partitionKey: partitionOf(r.tenantId, r.department), rowKey: monthRk(month), kind: "month", first: r.number };
}

export function noticeToEntity(r: ServiceRequest): TableEntity {
  return { partitionKey: partitionOf(r.tenantId, r.department), rowKey: noticeRk(r.number, r.version), kind: "notice", number: r.number, version: r.version, at: r.updatedAt };
}
