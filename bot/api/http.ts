import type { Request, Response } from "restify";
import { localize, pickLocale, type Locale } from "../../shared/strings/index.ts";
import { AppError } from "../service/app-error.ts";
import { isUnavailable } from "../storage/errors.ts";
import { BASE_HEADERS, NON_PAGE_CSP } from "../security-headers.ts";
import { log } from "../telemetry/log.ts";

/** Request bodies above this are refused with 413 (DESIGN.md "Limits"). */
export const MAX_BODY_BYTES = 256 * 1024;

/** Reads and parses a JSON body; 413 past the limit, 400 for malformed JSON, 415 for other types. */
export async function readJson(req: Request): Promise<unknown> {
  const type = req.headers["content-type"];
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new AppError(415, "unsupported_media_type", `Send JSON with Content-Type: application/json (not ${type.slice(0, 60)}).`);
  }
  const text = (await readRaw(req, MAX_BODY_BYTES, tooLarge)).toString("utf8");
  if (!text.trim()) throw new AppError(400, "invalid_json", "The request body is empty: send a JSON object.");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError(400, "invalid_json", `The request body is not valid JSON: ${(err as Error).message}.`);
  }
}

/**
 * Attachments: reads a raw body of at most `maxBytes` (a file, not JSON: its routes' limit is the
 * file limit, not 256 KiB). `tooBig` is thrown as soon as the declared or read size passes it,
 * before the rest is read.
 */
export async function readRaw(req: Request, maxBytes: number, tooBig: () => Error): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (declared > maxBytes) throw tooBig();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooBig();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

const tooLarge = () =>
  new AppError(413, "payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB; send less (long email bodies are cut to 32,000 characters anyway).`);

export function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(json),
    "Cache-Control": "no-store",
    // Also set for every response by applySecurityHeaders; repeated so JSON is safe wherever it is sent from.
    ...BASE_HEADERS,
    "Content-Security-Policy": NON_PAGE_CSP,
    ...headers,
  });
  res.end(json);
}

/**
 * Turns any thrown error into the API's error shape; never lets one escape as a crash. A refusal
 * that has its sentence in every language (`i18n`) is said in the reader's (Accept-Language) when
 * that is not English; the English sentences stay exactly as written. Clients map the code and
 * fields, never the sentence.
 */
export function sendError(res: Response, err: unknown, locale: Locale = "en") {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (err instanceof AppError) {
    const message = err.i18n && locale !== "en" ? localize(locale, err.i18n) : err.message;
    const body = { error: { code: err.code, message, ...(err.details !== undefined ? { details: withCodes(err.details) } : {}) } };
    sendJson(res, err.status, body, err.headers);
    return;
  }
  if (isUnavailable(err)) {
    sendJson(res, 503, { error: { code: "storage_unavailable", message: "Storage is unavailable right now; nothing was changed. Try again in a few seconds." } }, { "Retry-After": "5" });
    return;
  }
  log.error("unexpected error", { error: err });
  sendJson(res, 500, { error: { code: "internal", message: "Something went wrong on our side; nothing you sent was at fault." } });
}

/**
 * Every problem in `details` carries `field` and `code` (clients map them without reading the
 * sentence): schema problems have them already; one written by hand with only `path` gets
 * `field` from it and the code "invalid". Nothing a client read before is removed.
 */
function withCodes(details: unknown): unknown {
  if (!Array.isArray(details)) return details;
  return details.map((d) => {
    if (!d || typeof d !== "object") return d;
    const { path, field, code } = d as { path?: unknown; field?: unknown; code?: unknown };
    return { ...d, field: typeof field === "string" ? field : typeof path === "string" ? path : "", code: typeof code === "string" ? code : "invalid" };
  });
}

export type Handler = (req: Request, res: Response) => Promise<void>;

/** Wraps a route so every error is answered in the API's shape. */
export function route(h: Handler): Handler {
  return async (req, res) => {
    try {
      await h(req, res);
    } catch (err) {
      sendError(res, err, pickLocale(header(req, "accept-language")));
    }
  };
}

export function header(req: Request, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
