/**
 * The rules for a file added to a request (DESIGN.md "HTTP API", attachments): the service
 * enforces them, and the add-in and the tab check a file with the same rules before sending it,
 * so a person reads why a file was left out in their language. No imports but the numbers:
 * browser bundles take it as is.
 */
import { LIMITS } from "./limits.ts";

/** What an attachment refusal is about; clients map the code to a sentence of their own. */
export type AttachmentProblem =
  | { code: "empty" }
  | { code: "too_large"; limit: number }
  | { code: "not_allowed"; extension: string }
  | { code: "blank_name" }
  | { code: "too_many"; limit: number }
  | { code: "total_too_large"; limit: number };

/**
 * Programs and scripts: a desk's files are opened by agents, so anything that runs when
 * double-clicked is refused, whatever its declared type.
 */
const DENIED_EXTENSIONS = new Set([
  "exe", "com", "scr", "pif", "cpl", "msi", "msp", "mst", "dll", "sys", "drv", "ocx",
  "bat", "cmd", "ps1", "psm1", "psd1", "ps1xml", "vbs", "vbe", "js", "jse", "wsf", "wsh", "wsc", "hta", "sct",
  "lnk", "inf", "reg", "scf", "url", "application", "gadget", "msc", "jar", "appx", "msix", "appref-ms",
  "sh", "bash", "zsh", "csh", "ksh", "command", "app", "run", "bin", "elf", "deb", "rpm", "apk", "dmg", "pkg",
  "iso", "img", "vhd", "vhdx", "docm", "xlsm", "pptm", "dotm", "xltm", "xlam", "ppam",
]);

const DENIED_TYPES = /^application\/(x-msdownload|x-msdos-program|x-ms-installer|x-msi|x-dosexec|x-executable|x-sh|x-csh|x-bat|x-ms-shortcut|java-archive|x-java-archive|vnd\.microsoft\.portable-executable|hta)$/i;

/**
 * Types the download may declare (the browser may show them inline elsewhere, but Tandem always
 * sends a download): anything else is sent as application/octet-stream, so a file that claims
 * text/html or image/svg+xml is never rendered as a page from Tandem's origin.
 */
const SERVED_TYPES = new Set([
  "application/pdf", "text/plain", "text/csv", "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff",
  "application/zip", "message/rfc822", "application/vnd.ms-outlook", "application/msword", "application/vnd.ms-excel",
  "application/vnd.ms-powerpoint", "application/rtf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
]);

/**
 * A file name safe to store and to send back: the last segment of any path (`../../x` is `x`,
 * `a\b` is `b`), without control characters or the characters Windows refuses, without leading
 * dots or trailing dots and spaces, at most `attachmentFileNameMax` characters (the extension kept).
 * Empty when nothing is left.
 */
export function cleanFileName(raw: string): string {
  let name = raw.normalize("NFC").split(/[/\\]/).pop() ?? "";
  name = name
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "")
    .trim();
  const chars = [...name];
  if (chars.length <= LIMITS.attachmentFileNameMax) return name;
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 && name.length - dot <= 12 ? name.slice(dot) : "";
  return chars.slice(0, LIMITS.attachmentFileNameMax - [...ext].length).join("") + ext;
}

/** The extension, lower case, without the dot ("" when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** A declared content type kept only when it looks like one ("type/subtype", no parameters). */
export function cleanContentType(raw: string | undefined): string {
  const t = (raw ?? "").split(";")[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(t) ? t : "application/octet-stream";
}

/** The type a download declares: the stored one when it is on the allow-list, else a plain byte stream. */
export function servedContentType(stored: string): string {
  return SERVED_TYPES.has(stored) ? stored : "application/octet-stream";
}

/** What is wrong with one file on its own (name already cleaned), or undefined when it may be added. */
export function fileProblem(file: { name: string; size: number; contentType?: string }): AttachmentProblem | undefined {
  if (!file.name) return { code: "blank_name" };
  const ext = extensionOf(file.name);
  if (DENIED_EXTENSIONS.has(ext) || DENIED_TYPES.test(file.contentType ?? "")) return { code: "not_allowed", extension: ext || (file.contentType ?? "") };
  if (file.size === 0) return { code: "empty" };
  if (file.size > LIMITS.attachmentFileBytesMax) return { code: "too_large", limit: LIMITS.attachmentFileBytesMax };
  return undefined;
}

/** What is wrong with adding a file of `size` bytes to a request that has `existing` files already. */
export function requestProblem(existing: ReadonlyArray<{ size: number }>, size: number): AttachmentProblem | undefined {
  if (existing.length >= LIMITS.attachmentFilesMax) return { code: "too_many", limit: LIMITS.attachmentFilesMax };
  const total = existing.reduce((n, a) => n + a.size, 0);
  if (total + size > LIMITS.attachmentRequestBytesMax) return { code: "total_too_large", limit: LIMITS.attachmentRequestBytesMax };
  return undefined;
}

/** Programs in disguise: a Windows executable (MZ) or an ELF binary, whatever the name says. */
export function looksExecutable(head: Uint8Array): boolean {
  if (head.length >= 2 && head[0] === 0x4d && head[1] === 0x5a) return true;
  return head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}

/** "4.2 MB", "800 KB", "12 bytes": sizes as people read them (1 MB = 1024 × 1024 bytes here, as the limits). */
export function formatBytes(n: number, locale = "en"): string {
  const num = (x: number) => x.toLocaleString(locale, { maximumFractionDigits: 1 });
  if (n >= 1024 * 1024) return `${num(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${num(n / 1024)} KB`;
  return `${n} bytes`;
}
