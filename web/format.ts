/**
 * How every page writes times, durations and numbers: in the reader's language, and times in
 * the reader's own time zone, named ("Tue 1 Dec, 10:00 CET"), one way everywhere. Only where a
 * department's promise is explained (its hours) is its own zone used, and named too.
 * Intl formatters are costly to make, so each one is kept.
 */
import { hms } from "../shared/sla/live-clock.ts";
import { t, type Locale } from "../shared/strings/index.ts";

const tag = (locale: Locale) => (locale === "es" ? "es-ES" : "en-GB");

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: Locale, key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${locale}|${key}|${opts.timeZone ?? ""}`;
  let f = dateFormats.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(tag(locale), opts);
    if (dateFormats.size > 200) dateFormats.clear();
    dateFormats.set(id, f);
  }
  return f;
}

/** The reader's time zone: the browser's (Teams runs in the user's own). */
export const readerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** An instant in a zone, as a deadline: "Tue 1 Dec, 10:00 CET". */
export function formatTime(iso: string | number | undefined, timeZone: string, locale: Locale): string {
  if (iso === undefined || iso === "") return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return dtf(locale, "time", { timeZone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(d);
}

/** A local date "YYYY-MM-DD" as "Tue 8 Dec 2026" (`weekday`) or "8 Dec" (`short`). */
export function formatDate(date: string, locale: Locale, style: "long" | "short" | "weekday" = "long"): string {
  const d = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  const opts: Intl.DateTimeFormatOptions =
    style === "short"
      ? { timeZone: "UTC", day: "numeric", month: "short" }
      : style === "weekday"
        ? { timeZone: "UTC", weekday: "short", day: "numeric", month: "short", year: "numeric" }
        : { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" };
  return dtf(locale, `date-${style}`, opts).format(d);
}

/** "lunes" -> "Lunes", for a text that starts a line (Spanish writes day names in lower case). */
export const capitalized = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/** Monday = 0: "Monday" / "Lunes". */
export function weekdayName(index: number, locale: Locale): string {
  return capitalized(dtf(locale, "weekday", { timeZone: "UTC", weekday: "long" }).format(new Date(Date.UTC(2024, 0, 1 + index))));
}

/**
 * Business time as people say it: "45 min", "4 h", "2 h 30 min". Targets are working time, so
 * 2,400 minutes stay "40 h" (five working days of eight hours, not "1.7 days").
 */
export function formatMinutes(minutes: number, locale: Locale): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m}\u00A0min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  const hours = formatNumber(h, locale);
  return rest ? `${hours}\u00A0h\u00A0${rest}\u00A0min` : `${hours}\u00A0h`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function nf(locale: Locale, key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale}|${key}`;
  let f = numberFormats.get(id);
  if (!f) numberFormats.set(id, (f = new Intl.NumberFormat(tag(locale), opts)));
  return f;
}

export const formatNumber = (n: number, locale: Locale) => nf(locale, "n", { maximumFractionDigits: 1 }).format(n);

/** 92.5 -> "92.5%" / "92,5 %". */
export const formatPercent = (n: number, locale: Locale) => nf(locale, "pct", { style: "percent", maximumFractionDigits: 1 }).format(n / 100);

/**
 * A live clock's countdown, "2h 05m 09s" / "5m 09s", as the board and the start page say it. It
 * never breaks across lines: the sentence around it may.
 */
export function formatCountdown(ms: number, locale: Locale): string {
  const d = hms(ms);
  const text = d.short ? t(locale, "tab.board.duration.ms", { m: d.m, s: d.s }) : t(locale, "tab.board.duration.hms", { h: d.h, m: d.m, s: d.s });
  return text.replace(/ /g, "\u00a0");
}
