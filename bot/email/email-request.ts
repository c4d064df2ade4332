/** An email turned into a request's title and description (the server's conversion). */
import { LIMITS, NO_SUBJECT } from "../../shared/validation/limits.ts";
import { htmlToText } from "./html-text.ts";
import { cleanLine, clip, cutTitle } from "../../shared/validation/text-cleaning.ts";

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
