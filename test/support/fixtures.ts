/**
 * Builders of domain fixtures for tests: calendars, departments, SLA clock tracks, requests
 * and actors. Every builder returns a fresh object; pass overrides for what the test is about.
 */
import type {
  Calendar,
  ClockTrack,
  Department,
  Person,
  Priority,
  ServiceRequest,
  SlaPolicy,
  SlaTerms,
  Weekday,
  Window,
} from "../../shared/domain.ts";
import { WEEKDAYS } from "../../shared/domain.ts";
import type { Actor } from "../../shared/permissions.ts";

export const TENANT_ID = "tenant-test";

export const REQUESTER: Person = { id: "u-req", name: "Dana Requester", email: "dana@contoso.example" };
export const AGENT: Person = { id: "u-agent", name: "Ben Agent", email: "ben@contoso.example" };
export const LEAD: Person = { id: "u-lead", name: "Ana Lead", email: "ana@contoso.example" };

/** Someone acting (for `applyAction`), in the test tenant. */
export function actor(person: Person, isAdmin = false): Actor {
  return { tenantId: TENANT_ID, person, isAdmin };
}

function week(w: (day: Weekday) => Window[]): Record<Weekday, Window[]> {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, w(d)])) as Record<Weekday, Window[]>;
}

/** Every day, all day: business time equals real time. */
export function calendar247(timeZone = "UTC"): Calendar {
  return { timeZone, week: week(() => [["00:00", "24:00"]]), holidays: [] };
}

/** Monday to Friday, 09:00 to 17:00 local, in the given zone, with optional holidays. */
export function officeCalendar(timeZone: string, holidays: string[] = []): Calendar {
  return {
    timeZone,
    week: week((d) => (d === "sat" || d === "sun" ? [] : [["09:00", "17:00"]])),
    holidays: [...holidays],
  };
}

/** Targets in business minutes: low 480/4800, normal 60/480, high 30/240, urgent 15/120; warn at 80 %. */
export function slaPolicy(overrides: Partial<SlaPolicy> = {}): SlaPolicy {
  return {
    warnAtPercent: 80,
    targets: {
      low: { firstResponseMinutes: 480, resolutionMinutes: 4800 },
      normal: { firstResponseMinutes: 60, resolutionMinutes: 480 },
      high: { firstResponseMinutes: 30, resolutionMinutes: 240 },
      urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 },
    },
    ...overrides,
  };
}

/** The IT department: 24x7 UTC calendar, the targets of `slaPolicy()`, one agent and one lead. */
export function department(overrides: Partial<Department> = {}): Department {
  return {
    key: "IT",
    name: "IT",
    description: "Laptops, accounts, access.",
    calendar: calendar247(),
    sla: slaPolicy(),
    categories: [
      { key: "access", name: "Access and accounts" },
      { key: "hardware", name: "Hardware" },
      { key: "software", name: "Software" },
      { key: "network", name: "Network and VPN" },
    ],
    agents: [AGENT],
    leads: [LEAD],
    ...overrides,
  };
}

/**
 * A stored clock: its target and runs as [from, to?] ISO pairs (a run without `to` is running).
 * `stopped` defaults to false.
 */
export function track(targetMinutes: number, runs: Array<[from: string, to?: string]>, stopped = false): ClockTrack {
  return {
    targetMinutes,
    runs: runs.map(([from, to]) => (to === undefined ? { from } : { from, to })),
    stopped,
  };
}

export type RequestOverrides = Omit<Partial<ServiceRequest>, "sla"> & { sla?: Partial<SlaTerms> };

let counter = 0;

/**
 * A request of department "IT" (or `overrides.department`): by default new, normal priority,
 * created 2026-03-02T09:00:00.000Z, both clocks running since creation on a 24x7 UTC calendar
 * with the targets of `slaPolicy()` for its priority. `number` counts up unless given; `id`
 * follows department and number unless given; `updatedAt` defaults to `createdAt`.
 */
export function request(overrides: RequestOverrides = {}): ServiceRequest {
  const { sla, ...rest } = overrides;
  const number = rest.number ?? ++counter;
  const dept = rest.department ?? "IT";
  const priority: Priority = rest.priority ?? "normal";
  const createdAt = rest.createdAt ?? "2026-03-02T09:00:00.000Z";
  const target = slaPolicy().targets[priority];
  return {
    id: `${dept}-${number}`,
    tenantId: TENANT_ID,
    department: dept,
    number,
    title: `Request ${number}`,
    description: "",
    priority,
    status: "new",
    requester: REQUESTER,
    source: { kind: "web" },
    createdAt,
    updatedAt: rest.updatedAt ?? createdAt,
    escalations: {},
    version: 1,
    ...rest,
    sla: {
      calendar: calendar247(),
      warnAtPercent: 80,
      firstResponse: track(target.firstResponseMinutes, [[createdAt]]),
      resolution: track(target.resolutionMinutes, [[createdAt]]),
      ...sla,
    },
  };
}
