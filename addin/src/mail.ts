/// <reference types="office-js" />
/**
 * Reads the email open in Outlook (read mode) through Office.js, as one plain object: subject,
 * body as text, sender, received time, ids and attachments' metadata. Office is passed in
 * (the global in the pane, a mock in tests); its callbacks become promises.
 */

export interface MailAttachment {
  /** Outlook's attachment id (getAttachmentContentAsync reads the file by it). */
  id?: string;
  name: string;
  size: number;
  contentType: string;
}

export interface MailMessage {
  internetMessageId: string;
  conversationId?: string;
  /** The Exchange item id, when Outlook gives one. */
  itemId?: string;
  subject: string;
  /** The body as plain text (Outlook converts HTML bodies). */
  body: string;
  from: { name: string; email: string };
  /** ISO 8601 UTC. */
  receivedAt?: string;
  attachments: MailAttachment[];
  /** "high" / "normal" / "low" when Outlook says. */
  importance?: string;
}

type OfficeLike = Pick<typeof Office, "context"> & {
  CoercionType: { Text: unknown };
  AsyncResultStatus: { Succeeded: unknown; Failed: unknown };
};

export class MailReadError extends Error {
  constructor(message: string, readonly code: "no_item" | "not_a_message" | "body_failed") {
    super(message);
  }
}

/** The body as text: body.getAsync(CoercionType.Text) as a promise. */
export function readBody(office: OfficeLike, item: Office.MessageRead): Promise<string> {
  return new Promise((resolve, reject) => {
    try {
      item.body.getAsync(office.CoercionType.Text as Office.CoercionType, (result: Office.AsyncResult<string>) => {
        if (result.status === office.AsyncResultStatus.Succeeded) resolve(typeof result.value === "string" ? result.value : "");
        else reject(new MailReadError(`Outlook could not give the message's text: ${result.error?.message ?? "unknown error"}`, "body_failed"));
      });
    } catch (err) {
      reject(new MailReadError(`Outlook could not give the message's text: ${err instanceof Error ? err.message : String(err)}`, "body_failed"));
    }
  });
}

/**
 * An attachment's bytes: item.getAttachmentContentAsync (Mailbox 1.8) as a promise. Files come
 * as base64; an attached email (eml) as its text; a cloud attachment (a link) has no bytes here
 * and is refused, so the person is told it was not copied.
 */
export function readAttachment(office: OfficeLike, item: Office.MessageRead, id: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`Outlook could not give the attachment: ${why}`));
    try {
      item.getAttachmentContentAsync(id, (result: Office.AsyncResult<Office.AttachmentContent>) => {
        if (result.status !== office.AsyncResultStatus.Succeeded) return fail(result.error?.message ?? "unknown error");
        const { format, content } = result.value ?? ({} as Office.AttachmentContent);
        if (String(format) === "base64") return resolve(fromBase64(content));
        if (String(format) === "eml" || String(format) === "iCalendar") return resolve(new TextEncoder().encode(content));
        fail(`it is a ${String(format)} attachment (a link, not a file)`);
      });
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
  });
}

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The open message's attachment `id`, read with Office (the pane's global). */
export function readOpenAttachment(id: string, office: OfficeLike = (globalThis as unknown as { Office: OfficeLike }).Office): Promise<Uint8Array> {
  const item = office.context?.mailbox?.item as Office.MessageRead | undefined;
  if (!item) return Promise.reject(new Error("No email is open."));
  return readAttachment(office, item, id);
}

/** A date-like value (Date, ISO string) as an ISO string, or undefined. */
function iso(v: unknown): string | undefined {
  if (!v) return undefined;
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** The open message, read in full. Throws MailReadError when no message is open. */
export async function readMessage(office: OfficeLike = (globalThis as unknown as { Office: OfficeLike }).Office): Promise<MailMessage> {
  const item = office.context?.mailbox?.item as Office.MessageRead | undefined;
  if (!item) throw new MailReadError("No email is open: open one in Outlook and this pane follows it.", "no_item");
  if (item.itemType !== undefined && String(item.itemType) !== "message") throw new MailReadError("This pane works on emails, not on meetings or appointments.", "not_a_message");
  const body = await readBody(office, item);
  // `from` is the mailbox the message is from; `sender` differs only when someone sends on behalf of another.
  const who = (item.from ?? item.sender) as Office.EmailAddressDetails | undefined;
  const attachments = (Array.isArray(item.attachments) ? item.attachments : [])
    .filter((a) => !a.isInline)
    .map((a) => ({ ...(str(a.id) ? { id: str(a.id) } : {}), name: str(a.name) || "attachment", size: Number.isFinite(a.size) ? Math.max(0, Math.floor(a.size)) : 0, contentType: str(a.contentType) || "application/octet-stream" }));
  const importance = (item as unknown as { importance?: unknown }).importance;
  return {
    internetMessageId: str(item.internetMessageId),
    conversationId: str(item.conversationId) || undefined,
    itemId: str(item.itemId) || undefined,
    subject: str(item.subject),
    body,
    from: { name: str(who?.displayName), email: str(who?.emailAddress) },
    receivedAt: iso(item.dateTimeCreated),
    attachments,
    importance: typeof importance === "string" ? importance : undefined,
  };
}

/** Outlook's display language ("es-ES") as the pane's locale. */
export function officeLocale(office: { context?: { displayLanguage?: string } } | undefined): "en" | "es" {
  return /^es\b/i.test(office?.context?.displayLanguage ?? "") ? "es" : "en";
}

/** Dark when Office's theme says the pane's background is dark. */
export function officeIsDark(office: { context?: { officeTheme?: { bodyBackgroundColor?: string } } } | undefined): boolean | undefined {
  const bg = office?.context?.officeTheme?.bodyBackgroundColor;
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(bg ?? "");
  if (!m) return undefined;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 128;
}
