import type {
  Department,
  EmailInfo,
  Person,
  Priority,
  RequestView,
  ServiceRequest,
  Source,
  HistoryEvent,
} from "./domain.ts";
import type { NewEvent } from "./lifecycle.ts";
import { clockView, startClock } from "./sla/clock.ts";
import { targetFor } from "./sla/targets.ts";

export interface NewRequestInput {
  tenantId: string;
  dept: Department;
  number: number;
  title: string;
  description: string;
  descriptionTruncated?: boolean;
  category?: string;
  priority: Priority;
  requester: Person;
  createdBy?: Person;
  source: Source;
  email?: EmailInfo;
  now: string;
}

export function requestId(department: string, number: number): string {
  return `${department}-${number}`;
}

/** Parses "IT-42" (any case) into its department and number. */
export function parseRequestId(id: string): { department: string; number: number } | undefined {
  const m = /^([A-Za-z][A-Za-z0-9]{1,9})-([1-9][0-9]{0,9})$/.exec(id.trim());
  if (!m) return undefined;
  return { department: m[1].toUpperCase(), number: Number(m[2]) };
}

/**
 * A new request: both clocks start at creation on the department's calendar and targets in
 * force now (its category's where the category overrides them), which the request keeps (editing the department later never rewrites history).
 */
export function newRequest(input: NewRequestInput): { request: ServiceRequest; events: NewEvent[] } {
  const { dept, now } = input;
  const target = targetFor(dept, input.priority, input.category);
  const request: ServiceRequest = {
    id: requestId(dept.key, input.number),
    tenantId: input.tenantId,
    department: dept.key,
    number: input.number,
    title: input.title,
    description: input.description,
    ...(input.descriptionTruncated ? { descriptionTruncated: true } : {}),
    ...(input.category ? { category: input.category } : {}),
    priority: input.priority,
    status: "new",
    requester: input.requester,
    ...(input.createdBy && input.createdBy.id !== input.requester.id ? { createdBy: input.createdBy } : {}),
    source: input.source,
    ...(input.email ? { email: input.email } : {}),
    createdAt: now,
    updatedAt: now,
    sla: {
      calendar: dept.calendar,
      warnAtPercent: dept.sla.warnAtPercent,
      firstResponse: startClock(target.firstResponseMinutes, now),
      resolution: startClock(target.resolutionMinutes, now),
    },
    escalations: {},
    version: 1,
  };
  const actor = input.createdBy ?? input.requester;
  const events: NewEvent[] = [
    { at: now, actor, kind: "created", to: "new", text: input.title },
    { at: now, kind: "sla", clock: "firstResponse", sla: "start" },
    { at: now, kind: "sla", clock: "resolution", sla: "start" },
  ];
  return { request, events };
}

/** The request as the API shows it, clocks evaluated at `now` (epoch ms). */
/**
 * The ETag clients see (and send back in If-Match): the request's version. Storage's own ETag
 * differs between the request row and its copies (the open queue's, "my requests"), and moves
 * when only bookkeeping changes (its due time); the version moves exactly when the request does.
 */
export function requestEtag(r: Pick<ServiceRequest, "version">): string {
  return `"v${r.version}"`;
}

export function toView(req: ServiceRequest, now: number, history?: HistoryEvent[]): RequestView {
  const { calendar, warnAtPercent } = req.sla;
  const view: RequestView = {
    id: req.id,
    department: req.department,
    number: req.number,
    title: req.title,
    description: req.description,
    ...(req.descriptionTruncated ? { descriptionTruncated: true } : {}),
    ...(req.category ? { category: req.category } : {}),
    priority: req.priority,
    status: req.status,
    requester: req.requester,
    ...(req.createdBy ? { createdBy: req.createdBy } : {}),
    ...(req.assignee ? { assignee: req.assignee } : {}),
    source: req.source,
    ...(req.email ? { email: req.email } : {}),
    createdAt: req.createdAt,
    updatedAt: req.updatedAt,
    ...(req.firstRespondedAt ? { firstRespondedAt: req.firstRespondedAt } : {}),
    ...(req.resolvedAt ? { resolvedAt: req.resolvedAt } : {}),
    ...(req.resolvedBy ? { resolvedBy: req.resolvedBy } : {}),
    ...(req.closedAt ? { closedAt: req.closedAt } : {}),
    sla: {
      firstResponse: clockView(req.sla.firstResponse, calendar, warnAtPercent, now),
      resolution: clockView(req.sla.resolution, calendar, warnAtPercent, now),
    },
    escalations: req.escalations,
    ...(req.rating ? { rating: req.rating } : {}),
    ...(req.kudos?.length ? { kudos: req.kudos } : {}),
    ...(req.attachments?.length ? { attachments: req.attachments } : {}),
    ...(req.followUpOf ? { followUpOf: req.followUpOf } : {}),
    ...(req.followUps?.length ? { followUps: req.followUps } : {}),
    ...(req.links?.length ? { links: req.links } : {}),
    ...(req.followers?.length ? { followers: req.followers } : {}),
    ...(req.transfer ? { transfer: req.transfer } : {}),
    ...(req.transferredTo ? { transferredTo: req.transferredTo } : {}),
    ...(req.transferredFrom ? { transferredFrom: req.transferredFrom } : {}),
    etag: requestEtag(req),
  };
  if (history) view.history = history;
  return view;
}
