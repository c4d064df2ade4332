import type { Department, Person, ServiceRequest } from "./domain.ts";

/** Who is acting, as established from a validated token (or a Teams activity). */
export interface Actor {
  tenantId: string;
  person: Person;
  /** App role `Tandem.Admin`. */
  isAdmin: boolean;
}

export type DepartmentRole = "lead" | "agent";

export function departmentRole(dept: Department, userId: string): DepartmentRole | undefined {
  if (dept.leads.some((p) => p.id === userId)) return "lead";
  if (dept.agents.some((p) => p.id === userId)) return "agent";
  return undefined;
}

/** Agents, leads and admins work a department's queue. */
export function isStaff(dept: Department, actor: Actor): boolean {
  return actor.isAdmin || departmentRole(dept, actor.person.id) !== undefined;
}

/** Leads (and admins) change a department's settings and get its monthly report. */
export function canManage(dept: Department | undefined, actor: Actor): boolean {
  if (actor.isAdmin) return true;
  return dept !== undefined && departmentRole(dept, actor.person.id) === "lead";
}

/** Only admins create departments; leads may replace their own. */
export function canPutDepartment(existing: Department | undefined, actor: Actor): boolean {
  return existing ? canManage(existing, actor) : actor.isAdmin;
}

/** Requesters known only by e-mail (an email's sender) have the id `mail:<address>`. */
export function mailId(email: string): string {
  return `mail:${email.trim().toLowerCase()}`;
}

export function isRequester(req: ServiceRequest, actor: Actor): boolean {
  if (req.requester.id === actor.person.id) return true;
  return !!actor.person.email && req.requester.id === mailId(actor.person.email);
}

/** Links: someone following the request (a merged duplicate's requester), by account or mailbox. */
export function isFollower(req: ServiceRequest, actor: Actor): boolean {
  const mail = actor.person.email ? mailId(actor.person.email) : undefined;
  return !!req.followers?.some((f) => f.id === actor.person.id || f.id === mail);
}

/** The request's content is visible to its requester, its followers, its department's staff and admins. */
export function canSeeRequest(req: ServiceRequest, dept: Department, actor: Actor): boolean {
  // Tenants never see each other's data, whatever their roles or ids there.
  if (req.tenantId !== actor.tenantId) return false;
  return isRequester(req, actor) || req.createdBy?.id === actor.person.id || isFollower(req, actor) || isStaff(dept, actor);
}

/** Can this person be made the assignee of a request of this department? */
export function isAssignable(dept: Department, person: Person): boolean {
  return departmentRole(dept, person.id) !== undefined;
}
