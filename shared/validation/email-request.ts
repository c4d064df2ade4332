/** An email turned into a request's title and description (the server's conversion). */
import { LIMITS, NO_SUBJECT } from "./limits.ts";
import { htmlToText } from "./html-text.ts";

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

/** Line ends normalised to \n, control characters other than tab and line feed dropped, outer blank lines trimmed. */
function cleanBody(s: string): string {
  return s
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .replace(/^(?:[ \t]*\n)+/, "")
    .trimEnd();
}

/**
 * The title and description of a request made from an email. The title is the subject as it
 * is (prefixes like "RE:" kept), on one line, "(no subject)" when empty, and cut to 200
 * characters ending with "…". The description is the body (HTML converted to text), kept to
 * 32,000 characters: `truncated` says when it was longer.
 */
export function emailToRequestFields(input: { subject?: string | null; body?: string | null; bodyFormat?: "text" | "html" | null }): {
  title: string;
  description: string;
  truncated: boolean;
} {
  const subject = cleanLine(input.subject ?? "");
  const title = subject ? cutTitle(subject, LIMITS.titleMax) : NO_SUBJECT;
  const raw = input.body ?? "";
  const full = cleanBody(input.bodyFormat === "html" ? htmlToText(raw) : raw);
  const truncated = full.length > LIMITS.descriptionMax;
  return { title, description: truncated ? clip(full, LIMITS.descriptionMax) : full, truncated };
}
