/** Cutting and flattening text the way the API stores it; no imports, so the add-in uses the same. */

/** Cuts `s` to at most `max` UTF-16 units without splitting a surrogate pair. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return s.slice(0, end);
}

/** A single line: control characters (line breaks, tabs) become one space; trimmed. */
export function cleanLine(s: string): string {
  return s.replace(/[ \t]*[\u0000-\u001f\u007f]+[ \t]*/g, " ").trim();
}

/** At most `max` characters; a longer text is cut and ends with "…". */
export function cutTitle(s: string, max: number): string {
  return s.length <= max ? s : `${clip(s, max - 1).trimEnd()}…`;
}
