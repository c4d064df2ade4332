/**
 * Pure functions that turn an email into a prefilled request: the title from the subject, the
 * description from the body (quoted trail and signature trimmed, kept to 32,000 characters),
 * the department and category suggested from the catalogue, and a priority. No DOM, no Office.
 */
import type { Priority } from "../../shared/domain.ts";
import { LIMITS, NO_SUBJECT } from "../../shared/validation/limits.ts";
import { cleanLine, clip, cutTitle } from "../../shared/validation/text-cleaning.ts";
import { fold } from "../../shared/department-suggestion.ts";

/** The API's own limits, under the names the pane uses (limits.ts has no imports: no zod in the pane). */
export const TITLE_MAX = LIMITS.titleMax;
export const DESCRIPTION_MAX = LIMITS.descriptionMax;
export const ATTACHMENTS_MAX = LIMITS.attachmentsMax;
export { NO_SUBJECT };
/** The pane cuts texts with the API's own helper, so what it sends is what the API would keep. */
export { clip };

// ---------------------------------------------------------------------------------------------
// Title
// ---------------------------------------------------------------------------------------------

/** Reply and forward prefixes in the languages Outlook users meet most (RE, FW, FWD, RV, AW, WG, TR, SV, ANTW, RIF, R, ENC, VS, 回复, 转发, 答复). */
const PREFIX = /^(?:re|fw|fwd|rv|aw|wg|tr|sv|antw|rif|enc|vs|odp|r|回复|回覆|转发|轉寄|答复)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/i;
/** A leading tag like "[EXTERNAL]" or "[Ticket #12]" (kept, but prefixes after it still go). */
const TAG = /^\[[^\]\n]{1,40}\]\s*/;


/**
 * The subject without its reply/forward prefixes ("RE: FW: Re[2]: x" -> "x"), however many and
 * in any case; leading tags like "[EXTERNAL]" stay. Empty -> "(no subject)"; at most 200
 * characters (a longer one ends with "…").
 */
export function titleFromSubject(subject: string | null | undefined): string {
  let rest = cleanLine(subject ?? "");
  let tags = "";
  for (let guard = 0; guard < 50; guard++) {
    const p = PREFIX.exec(rest);
    if (p) {
      rest = rest.slice(p[0].length);
      continue;
    }
    const t = TAG.exec(rest);
    // A tag is kept only when something other than prefixes follows it.
    if (t && rest.length > t[0].length) {
      tags += `${t[0].trim()} `;
      rest = rest.slice(t[0].length);
      continue;
    }
    break;
  }
  const title = `${tags}${rest}`.trim();
  if (!rest.trim()) return tags.trim() || NO_SUBJECT;
  return cutTitle(title, TITLE_MAX);
}

// ---------------------------------------------------------------------------------------------
// Description
// ---------------------------------------------------------------------------------------------

/** Lines that start the quoted trail of a reply or a forward. */
const TRAIL_LINE: RegExp[] = [
  /^-{2,}\s*(?:original message|forwarded message|mensaje original|mensaje reenviado|ursprüngliche nachricht|message d'origine|messaggio originale|原始邮件|元のメッセージ)\s*-{2,}\s*$/i,
  /^_{8,}\s*$/, // Outlook's rule above "From: ... Sent: ..."
  /^begin forwarded message:?\s*$/i,
  /^inicio del mensaje reenviado:?\s*$/i,
];
/** "On Mon, 5 Jan 2026 at 10:00, Ana <ana@x> wrote:" (maybe over two or three lines), "El lun, 5 ene 2026, Ana escribió:", "Am ... schrieb ...:", "Le ... a écrit :". */
const WROTE = /^(?:on|el|am|le|il|em|op)\b[\s\S]{0,400}\b(?:wrote|escribió|escribio|schrieb|a écrit|ha scritto|escreveu|schreef)\s*:\s*$/i;
/** Header blocks of quoted mails: "From:" followed within a few lines by "Sent:"/"Date:"/"To:"/"Subject:". */
const FROM_LINE = /^\*?\s*(?:from|de|von|da|van|差出人|发件人)\s*\*?\s*[:：]/i;
const HEADER_LINE = /^\*?\s*(?:sent|date|to|subject|cc|enviado(?: el)?|fecha|para|asunto|gesendet|an|betreff|envoyé|objet|inviato|oggetto|送信日時|件名|宛先|发送时间|主题|收件人)\s*\*?\s*[:：]/i;
/** Signature starts: the "-- " delimiter, and the mobile footers. */
const SIGNATURE_LINE: RegExp[] = [
  /^--\s*$/,
  /^(?:sent from my|sent from (?:outlook|mail|yahoo|samsung)|get outlook for|enviado desde mi|enviado desde outlook|obtener outlook para|von meinem .* gesendet|envoyé de mon)\b.*$/i,
];

export interface Description {
  /** The text to file: the email's own words, at most 32,000 characters. */
  text: string;
  /** True when the email's text was longer than 32,000 characters and was cut. */
  truncated: boolean;
  /** True when a quoted trail or a signature was taken off. */
  trimmed: boolean;
}

/** Where the quoted trail starts (a line index), or -1. */
function trailStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    if (TRAIL_LINE.some((re) => re.test(line))) return i;
    // "On ... wrote:" may be wrapped over up to three lines.
    if (/^(?:on|el|am|le|il|em|op)\b/i.test(line)) {
      let joined = line;
      for (let k = 0; k < 3 && i + k < lines.length; k++) {
        if (k > 0) joined += ` ${lines[i + k]!.trim()}`;
        if (WROTE.test(joined)) return i;
      }
    }
    if (FROM_LINE.test(line)) {
      let headers = 0;
      for (let k = 1; k <= 5 && i + k < lines.length; k++) if (HEADER_LINE.test(lines[i + k]!.trim())) headers++;
      if (headers >= 1) return i;
    }
    // A block of "> " lines that runs to the end (blank lines allowed) is a trail too.
    if (line.startsWith(">") && lines.slice(i).every((l) => !l.trim() || l.trimStart().startsWith(">"))) return i;
  }
  return -1;
}

/** Where the signature starts (a line index), or -1. */
function signatureStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw === "-- " || raw === "--" || SIGNATURE_LINE.some((re) => re.test(raw.trim()))) return i;
  }
  return -1;
}

/** Line ends as \n, control characters (but tab and line feed) dropped, no trailing spaces, at most one blank line in a row, trimmed. */
function tidy(s: string): string {
  return s
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .replace(/[ \t\u00a0]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * The description from an email body as text: the quoted trail of earlier mails ("On ...
 * wrote:", "-----Original Message-----", "From: ... Sent: ...", ">" lines, "El ...
 * escribió:") and the signature ("-- ", "Sent from my iPhone") taken off, unless that would
 * leave nothing (a bare forward keeps its content). At most 32,000 characters.
 */
export function descriptionFromBody(body: string | null | undefined, max: number = DESCRIPTION_MAX): Description {
  const full = tidy(body ?? "");
  let lines = full.split("\n");
  let trimmed = false;
  const trail = trailStart(lines);
  if (trail >= 0 && lines.slice(0, trail).some((l) => l.trim())) {
    lines = lines.slice(0, trail);
    trimmed = true;
  }
  // Inline quotes left between the writer's lines.
  const unquoted = lines.filter((l) => !l.trimStart().startsWith(">"));
  if (unquoted.length !== lines.length && unquoted.some((l) => l.trim())) {
    lines = unquoted;
    trimmed = true;
  }
  const sig = signatureStart(lines);
  if (sig >= 0 && lines.slice(0, sig).some((l) => l.trim())) {
    lines = lines.slice(0, sig);
    trimmed = true;
  }
  const text = tidy(lines.join("\n"));
  const truncated = text.length > max;
  return { text: truncated ? clip(text, max) : text, truncated, trimmed };
}

// ---------------------------------------------------------------------------------------------
// Department, category and priority
// ---------------------------------------------------------------------------------------------

// The department suggestion is shared with the Teams message action (shared/department-suggestion.ts).
export { fold, suggestDepartment, type Suggestion } from "../../shared/department-suggestion.ts";

const HIGH = /\b(?:urgent|urgently|asap|emergency|critical|immediately|urgente|urgentemente|cuanto antes|lo antes posible|inmediatamente|dringend|sofort)\b|緊急|至急|急ぎ|紧急|عاجل/i;

/** "high" when the subject or the top of the body says it is urgent (or Outlook's importance is high), else "normal". */
export function suggestPriority(subject: string, body: string, importance?: string): Priority {
  if (importance && /^high$/i.test(importance)) return "high";
  return HIGH.test(fold(subject)) || HIGH.test(subject) || HIGH.test(fold(body.slice(0, 2_000))) || HIGH.test(body.slice(0, 2_000)) ? "high" : "normal";
}
