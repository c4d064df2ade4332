/** The dates the board shows, in the reader's own time zone. */
import type { Locale } from "../../../shared/strings/index.ts";

const formats = new Map<string, Intl.DateTimeFormat>();

/** "30 Nov 2026, 11:56" in the reader's locale and time zone. */
export function formatTime(iso: string | number, locale: Locale, withSeconds = false): string {
  const key = `${locale}|${withSeconds}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: withSeconds ? "medium" : "short" });
    formats.set(key, f);
  }
  return f.format(typeof iso === "number" ? iso : Date.parse(iso));
}

/** "Dec 1, 10:10 AM" in the reader's locale and time zone, for due times. */
export function formatDue(at: number, locale: Locale): string {
  const key = `${locale}|due`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" });
    formats.set(key, f);
  }
  return f.format(at);
}
