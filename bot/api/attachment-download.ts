import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Response } from "restify";
import type { Attachment } from "../../shared/domain.ts";
import { servedContentType } from "../../shared/validation/attachments.ts";
import { BASE_HEADERS } from "../security-headers.ts";

/**
 * A stored file sent as a download, never as a page of Tandem's origin: `attachment`
 * disposition, nosniff, a sandboxing CSP, and a declared type only from the allow-list.
 */
export async function sendAttachment(res: Response, file: { attachment: Attachment; stream: Readable; size: number }): Promise<void> {
  res.writeHead(200, {
    ...BASE_HEADERS,
    "Content-Type": servedContentType(file.attachment.contentType),
    "Content-Length": file.size,
    "Content-Disposition": contentDisposition(file.attachment.name),
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
  });
  await pipeline(file.stream, res);
}

/** RFC 6266: an ASCII fallback name, and the real one UTF-8 encoded (RFC 8187). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
