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
