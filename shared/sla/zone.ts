/**
 * Time-zone arithmetic on IANA zones with nothing but `Intl`, so it runs in Node and in
 * browsers alike. Offsets are cached per UTC day: on the few days a zone changes its offset
 * the exact instant is computed, every other day costs one map lookup.
 */

export const MINUTE = 60_000;
export const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC at instant `t`, in ms (local = utc + offset), straight from Intl. */
function exactOffset(zone: string, t: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(t)) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return local - Math.floor(t / 1000) * 1000;
}

/** Per zone, per UTC day number: the offset when constant all day, or NaN when it changes that day. */
const dayOffsets = new Map<string, Map<number, number>>();

/** The zone's offset from UTC at instant `t`, in ms. */
export function offsetAt(zone: string, t: number): number {
  let days = dayOffsets.get(zone);
  if (!days) dayOffsets.set(zone, (days = new Map()));
  const d = Math.floor(t / DAY);
  let o = days.get(d);
  if (o === undefined) {
    const a = exactOffset(zone, d * DAY);
    const b = exactOffset(zone, d * DAY + DAY - 1);
    o = a === b ? a : NaN;
    if (days.size > 50_000) days.clear();
    days.set(d, o);
  }
  return Number.isNaN(o) ? exactOffset(zone, t) : o;
}

/**
 * The instant at which the zone's wall clock reads `wall` (local ms since 1970-01-01T00:00 local).
 * Ambiguous times (the repeated hour when clocks go back) give the first; times that never
 * happen (the skipped hour when clocks go forward) give the instant the gap ends, when the
 * wall clock jumps past them.
 */
export function localToUtc(zone: string, wall: number): number {
  const before = offsetAt(zone, wall - 14 * 3_600_000);
  const after = offsetAt(zone, wall + 14 * 3_600_000);
  const candidates = [wall - before, wall - after].filter((t) => offsetAt(zone, t) === wall - t);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: find the first instant carrying the later offset.
  let lo = wall - after;
  let hi = wall - before;
  if (lo > hi) [lo, hi] = [hi, lo];
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (offsetAt(zone, mid) === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The instants at which the zone's wall clock reads a time in [a, b) (local ms, as for
 * `localToUtc`), as a flat [from, to, from, to, ...] list in epoch ms: one interval as a rule,
 * none when the whole range is skipped (clocks going forward), two when the range starts or ends
 * inside the hour that happens twice (clocks going back), which the wall clock enters twice.
 * Assumes at most one offset change within 14 hours of the range, as `localToUtc` does.
 */
export function wallRangeToUtc(zone: string, a: number, b: number): number[] {
  if (!(b > a)) return [];
  let lo = a - 14 * 3_600_000;
  let hi = b + 14 * 3_600_000;
  const before = offsetAt(zone, lo);
  const after = offsetAt(zone, hi);
  if (before === after) return [a - before, b - before];
  // The first instant carrying the later offset.
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (offsetAt(zone, mid) === after) hi = mid;
    else lo = mid;
  }
  const change = hi;
  // Before the change the wall clock reads t + before, from it on t + after.
  const out: number[] = [];
  const from1 = a - before;
  const to1 = Math.min(b - before, change);
  const from2 = Math.max(a - after, change);
  const to2 = b - after;
  if (to1 > from1) out.push(from1, to1);
  if (to2 > from2) {
    if (out.length > 0 && out[1]! >= from2) out[1] = to2;
    else out.push(from2, to2);
  }
  return out;
}

/** Local day number (days since 1970-01-01 local) of instant `t` in the zone. */
export function localDay(zone: string, t: number): number {
  return Math.floor((t + offsetAt(zone, t)) / DAY);
}

/** "YYYY-MM-DD" of a local day number. */
export function dayToDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Local day number of "YYYY-MM-DD". */
export function dateToDay(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
}

/** 0 = Monday ... 6 = Sunday, for a local day number (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The wall-clock reading of `t` in the zone: date "YYYY-MM-DD" and time "HH:MM". */
export function wallClock(zone: string, t: number): { date: string; time: string; weekday: number } {
  const local = t + offsetAt(zone, t);
  const iso = new Date(local).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), weekday: weekdayOf(Math.floor(local / DAY)) };
}

// Local dates and months, for figures and summaries. These take the instant first and the zone
// second, as the stats API always has; they are built on the functions above so that a
// calendar, a day summary and a monthly report never disagree about which day an instant is in.

/**
 * The first instant (epoch ms) of a local day number in the zone: its local midnight, or, where
 * midnight falls in a daylight-saving gap, the instant the gap ends; where midnight happens
 * twice (clocks going back to 00:00), the first of them.
 */
export function dayStartAt(zone: string, day: number): number {
  return localToUtc(zone, day * DAY);
}

const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * The first instant (epoch ms) of a local date ("YYYY-MM-DD") in a zone (see `dayStartAt`).
 * Throws a RangeError for a malformed date or zone.
 */
export function localDayStart(date: string, timeZone: string): number {
  const m = DATE.exec(date);
  const day = m ? dateToDay(date) : NaN;
  if (!m || dayToDate(day) !== date) throw new RangeError(`Date must be a real YYYY-MM-DD date, not "${date}".`);
  return dayStartAt(timeZone, day);
}

/**
 * A month's boundaries in a zone: the first instant of the 1st of the month (`from`) and of
 * the 1st of the next month (`to`). Throws a RangeError for a malformed month or zone.
 */
export function monthRange(month: string, timeZone: string): { from: number; to: number } {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`Month must be YYYY-MM, not "${month}".`);
  const year = Number(m[1]);
  const mon = Number(m[2]);
  const first = Date.UTC(year, mon - 1, 1) / DAY;
  const next = Date.UTC(year, mon, 1) / DAY;
  return { from: dayStartAt(timeZone, first), to: dayStartAt(timeZone, next) };
}

/** The local date ("YYYY-MM-DD") of an instant in a zone. */
export function localDateOf(ms: number, timeZone: string): string {
  return dayToDate(localDay(timeZone, ms));
}

/** The local month ("YYYY-MM") of an instant in a zone. */
export function localMonthOf(ms: number, timeZone: string): string {
  return localDateOf(ms, timeZone).slice(0, 7);
}

/**
 * [from, to) widened to whole local days in a zone: `from` back to its day's start, `to` on to
 * the start of the next day unless it already is one. What people outside a department get, so
 * that no window is narrow enough to isolate one request.
 */
export function wholeLocalDays(from: number, to: number, timeZone: string): { from: number; to: number } {
  const start = dayStartAt(timeZone, localDay(timeZone, from));
  const toDay = localDay(timeZone, to);
  if (dayStartAt(timeZone, toDay) === to) return { from: start, to };
  return { from: start, to: dayStartAt(timeZone, toDay + 1) };
}
