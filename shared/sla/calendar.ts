/**
 * Business time on a department calendar: an IANA zone, working windows per weekday (read in
 * local wall-clock time, so 09:00-17:00 stays 09:00-17:00 across daylight-saving changes) and
 * whole-day holidays.
 *
 * Each local day is turned once into its working intervals in UTC and cached; the due-time walk
 * then only adds up intervals, which is what makes it fast enough to run for every request in a
 * list on every render.
 */
import type { Calendar } from "../domain.ts";
import { WEEKDAYS } from "../domain.ts";
import { DAY, MINUTE, dateToDay, localDay, wallRangeToUtc, weekdayOf } from "./zone.ts";

/** How far a walk looks for working time before it gives up (a calendar with none). */
const MAX_DAYS = 3 * 366;

interface Compiled {
  zone: string;
  /** Per weekday (0 = Monday): [startMinute, endMinute] pairs, sorted. */
  week: Array<Array<[number, number]>>;
  holidays: Set<number>;
  /** Local day number -> working intervals [from, to) in epoch ms, sorted and disjoint. */
  days: Map<number, number[]>;
}

const compiled = new Map<string, Compiled>();

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
}

function compile(cal: Calendar): Compiled {
  // Requests carry their own copy of the calendar, so cache by content, not by object.
  const key = `${cal.timeZone}|${JSON.stringify(cal.week)}|${cal.holidays.join(",")}`;
  let c = compiled.get(key);
  if (!c) {
    c = {
      zone: cal.timeZone,
      week: WEEKDAYS.map((d) =>
        (cal.week[d] ?? [])
          .map(([s, e]): [number, number] => [minutes(s), minutes(e)])
          .filter(([s, e]) => e > s)
          .sort((a, b) => a[0] - b[0]),
      ),
      holidays: new Set(cal.holidays.map(dateToDay)),
      days: new Map(),
    };
    if (compiled.size > 500) compiled.clear();
    compiled.set(key, c);
  }
  return c;
}

/** The working intervals of one local day, as a flat [from, to, from, to, ...] list in epoch ms. */
function intervals(c: Compiled, day: number): number[] {
  let list = c.days.get(day);
  if (list) return list;
  list = [];
  if (!c.holidays.has(day)) {
    // Each window is the real time the wall clock spends inside it: nothing of a skipped hour,
    // and both passes through a repeated hour, so one window can give two pieces.
    const pieces: Array<[number, number]> = [];
    for (const [s, e] of c.week[weekdayOf(day)]!) {
      const range = wallRangeToUtc(c.zone, day * DAY + s * MINUTE, day * DAY + e * MINUTE);
      for (let i = 0; i < range.length; i += 2) pieces.push([range[i]!, range[i + 1]!]);
    }
    pieces.sort((x, y) => x[0] - y[0]);
    for (const [from, to] of pieces) {
      const last = list.length - 1;
      if (last > 0 && list[last]! >= from) list[last] = Math.max(list[last]!, to);
      else list.push(from, to);
    }
  }
  if (c.days.size > 20_000) c.days.clear();
  c.days.set(day, list);
  return list;
}

/** Business time between two instants (ms); 0 when `to` is not after `from`. */
export function businessMsBetween(cal: Calendar, from: number, to: number): number {
  if (!(to > from)) return 0;
  const c = compile(cal);
  let total = 0;
  const last = localDay(c.zone, to);
  for (let day = localDay(c.zone, from) - 1; day <= last + 1; day++) {
    const list = intervals(c, day);
    for (let i = 0; i < list.length; i += 2) {
      const a = Math.max(list[i]!, from);
      const b = Math.min(list[i + 1]!, to);
      if (b > a) total += b - a;
    }
  }
  return total;
}

/**
 * The earliest instant at which `ms` of business time has elapsed since `from`.
 * Infinity when the calendar has no working time in the next three years.
 */
export function addBusinessMs(cal: Calendar, from: number, ms: number): number {
  if (!(ms > 0)) return from;
  const c = compile(cal);
  let left = ms;
  const first = localDay(c.zone, from) - 1;
  for (let day = first; day < first + MAX_DAYS; day++) {
    const list = intervals(c, day);
    for (let i = 0; i < list.length; i += 2) {
      const end = list[i + 1]!;
      if (end <= from) continue;
      const start = Math.max(list[i]!, from);
      if (left <= end - start) return start + left;
      left -= end - start;
    }
  }
  return Infinity;
}

/** Whether the calendar counts `t` as working time. */
export function isWorkingInstant(cal: Calendar, t: number): boolean {
  const c = compile(cal);
  const day = localDay(c.zone, t);
  for (const d of [day - 1, day]) {
    const list = intervals(c, d);
    for (let i = 0; i < list.length; i += 2) if (list[i]! <= t && t < list[i + 1]!) return true;
  }
  return false;
}

/** `t` itself when it is working time, otherwise when the next working window opens. */
export function nextWorkingInstant(cal: Calendar, t: number): number {
  const c = compile(cal);
  const first = localDay(c.zone, t) - 1;
  for (let day = first; day < first + MAX_DAYS; day++) {
    const list = intervals(c, day);
    for (let i = 0; i < list.length; i += 2) {
      if (list[i + 1]! > t) return Math.max(list[i]!, t);
    }
  }
  return Infinity;
}

/** The holidays (local dates) that fall between two instants, for "Mon is a holiday" hints. */
export function holidaysBetween(cal: Calendar, from: number, to: number): string[] {
  if (!(to > from) || !Number.isFinite(to)) return [];
  const c = compile(cal);
  const a = localDay(c.zone, from);
  // The end instant itself is not between: a due time at 24:00 does not reach the next day.
  const b = localDay(c.zone, to - 1);
  return cal.holidays.filter((h) => {
    const d = dateToDay(h);
    return d >= a && d <= b;
  });
}
