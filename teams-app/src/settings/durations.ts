/**
 * Targets as people write them ("4 h", "30 min", "1 h 30 min", "1,5 h") and as the API stores
 * them (whole business minutes). A bare number is refused rather than guessed as hours or minutes.
 */

export type ParsedDuration = { ok: true; minutes: number } | { ok: false; why: "empty" | "unit" | "invalid" };

const WITH_UNITS = /^(?:(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours|hora|horas))?\s*(?:(\d+)\s*(?:m|min|mins|minute|minutes|minuto|minutos)?)?$/;

export function parseDuration(text: string): ParsedDuration {
  const s = text.replace(/[\u00A0\u202F]/g, " ").trim().toLowerCase().replace(",", ".");
  if (!s) return { ok: false, why: "empty" };
  if (/^\d+(?:\.\d+)?$/.test(s)) return { ok: false, why: "unit" };
  const m = WITH_UNITS.exec(s);
  // "1 h 30" is read as 1 h 30 min; "30" alone never gets here.
  if (!m || (m[1] === undefined && m[2] === undefined)) return { ok: false, why: "invalid" };
  const minutes = Math.round(Number(m[1] ?? 0) * 60) + Number(m[2] ?? 0);
  return minutes >= 1 ? { ok: true, minutes } : { ok: false, why: "invalid" };
}

/** 90 -> "1 h 30 min", 240 -> "4 h", 15 -> "15 min": what the field shows and parses back. */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}
