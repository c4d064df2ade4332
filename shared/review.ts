/**
 * The monthly review of a department and its published change log (DESIGN.md "The
 * internal-customer loop"): shapes shared by the service, the tab and the Teams card, and the
 * pure rules (what a change to a department changed; when a month's review is due).
 */
import { PRIORITIES, WEEKDAYS, type Department, type Person, type Priority, type SlaTarget } from "./domain.ts";
import { nextWorkingInstant } from "./sla/calendar.ts";
import { monthRange } from "./sla/zone.ts";

/** One line of a change: what (a stable path, named in each language by the surfaces), from, to. */
export interface ChangeLine {
  /**
   * `warnAtPercent`, `targets.<priority>.firstResponseMinutes|resolutionMinutes`,
   * `calendar.timeZone`, `calendar.week.<weekday>`, `calendar.holidays`, `categories`,
   * `categories.<key>.targets.<priority>.firstResponseMinutes|resolutionMinutes` (a category's own).
   */
  what: string;
  /** Readable values as written ("30", "09:00-17:00", "2026-12-25", "Hardware (hardware)"); "" for none. */
  from: string;
  to: string;
}

/** One published change of a department's targets, calendar or categories. */
export interface ChangeLogEntry {
  id: string;
  at: string;
  by: { id: string; name: string };
  reason: string;
  changes: ChangeLine[];
}

export interface Decision {
  id: string;
  text: string;
  by: { id: string; name: string };
  at: string;
}

export interface ActionItem {
  id: string;
  text: string;
  owner: { id: string; name: string };
  /** Local date "YYYY-MM-DD" (the department's zone). */
  due: string;
  done: boolean;
  by: { id: string; name: string };
  at: string;
  doneAt?: string;
  /** The month it was recorded in (an item carried over from last month keeps its own). */
  month: string;
}

/** What leads recorded for a month. */
export interface ReviewRecord {
  month: string;
  decisions: Decision[];
  actionItems: ActionItem[];
  etag?: string;
}

/** At most this many decisions and action items a month (one stored entity each month). */
export const REVIEW_LIMITS = { textMax: 1_000, decisionsMax: 100, actionItemsMax: 100, reasonMax: 1_000, changesLimitMax: 100, changesLimitDefault: 20 } as const;

/** Joins windows as people read them: "09:00-13:00, 14:00-17:00", or "" when closed. */
function windowsText(w: Array<[string, string]> | undefined): string {
  return (w ?? []).map(([a, b]) => `${a}-${b}`).join(", ");
}

/** The promise before a department exists: a new department's lines all start from nothing. */
export const NO_PROMISE = { sla: { targets: {} }, calendar: { timeZone: "", week: {}, holidays: [] }, categories: [] } as unknown as Department;

/**
 * What a new version of a department changes in its published promise (targets, calendar,
 * categories): one line per changed value. Empty when none of those changed (a new name, new
 * people, a new description need no reason).
 */
export function promiseChanges(before: Department, after: Pick<Department, "sla" | "calendar" | "categories">): ChangeLine[] {
  const out: ChangeLine[] = [];
  const line = (what: string, from: string, to: string) => void (from !== to && out.push({ what, from, to }));
  line("warnAtPercent", String(before.sla.warnAtPercent ?? ""), String(after.sla.warnAtPercent));
  for (const p of PRIORITIES) {
    for (const k of ["firstResponseMinutes", "resolutionMinutes"] as const) {
      line(`targets.${p}.${k}`, String(before.sla.targets[p]?.[k] ?? ""), String(after.sla.targets[p]?.[k] ?? ""));
    }
  }
  line("calendar.timeZone", before.calendar.timeZone, after.calendar.timeZone);
  for (const d of WEEKDAYS) line(`calendar.week.${d}`, windowsText(before.calendar.week[d]), windowsText(after.calendar.week[d]));
  const hb = new Set(before.calendar.holidays);
  const ha = new Set(after.calendar.holidays);
  const removed = [...hb].filter((h) => !ha.has(h)).sort();
  const added = [...ha].filter((h) => !hb.has(h)).sort();
  if (removed.length || added.length) out.push({ what: "calendar.holidays", from: removed.join(", "), to: added.join(", ") });
  const cb = new Map(before.categories.map((c) => [c.key, c.name]));
  const ca = new Map(after.categories.map((c) => [c.key, c.name]));
  for (const [key, name] of cb) {
    if (!ca.has(key)) out.push({ what: "categories", from: `${name} (${key})`, to: "" });
    else if (ca.get(key) !== name) out.push({ what: "categories", from: `${name} (${key})`, to: `${ca.get(key)} (${key})` });
  }
  for (const [key, name] of ca) if (!cb.has(key)) out.push({ what: "categories", from: "", to: `${name} (${key})` });
  // A category's own targets ("" where it follows the department's).
  const own = (cats: Department["categories"], key: string, p: Priority, k: keyof SlaTarget) => String(cats.find((c) => c.key === key)?.sla?.targets[p]?.[k] ?? "");
  for (const key of new Set([...cb.keys(), ...ca.keys()])) {
    for (const p of PRIORITIES) {
      for (const k of ["firstResponseMinutes", "resolutionMinutes"] as const) {
        line(`categories.${key}.targets.${p}.${k}`, own(before.categories, key, p, k), own(after.categories, key, p, k));
      }
    }
  }
  return out;
}

/** "2026-11" -> "2026-10". */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/**
 * The instant a department's month starts for its review: the first working instant of the
 * month in its zone (its windows and holidays), or undefined when the month has none.
 */
export function firstWorkingInstant(dept: Pick<Department, "calendar">, month: string): number | undefined {
  const { from, to } = monthRange(month, dept.calendar.timeZone);
  const t = nextWorkingInstant(dept.calendar, from);
  return Number.isFinite(t) && t < to ? t : undefined;
}

/** The people an action item may be given to: the department's leads and agents, each once. */
export function reviewPeople(dept: Pick<Department, "leads" | "agents">): Person[] {
  const seen = new Set<string>();
  return [...dept.leads, ...dept.agents].filter((p) => !seen.has(p.id) && seen.add(p.id));
}
