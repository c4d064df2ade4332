import type { Request } from "restify";
import { AppError } from "../service/app-error.ts";

/**
 * The guard of the endpoints that trust whoever reaches them in development (issue 11, item 5):
 * the unsigned bot's /api/messages, /api/dev/* (dev tokens) and /dev/* (the browser chat).
 *
 * - A body must be declared JSON. A page on another site may send text/plain, a form,
 *   multipart or a body with no type without asking (a "simple" request, e.g. a no-cors
 *   fetch of a Blob); JSON needs a CORS preflight first, and the service grants none.
 * - With `loopbackHost`, the Host must be localhost, 127.0.0.1 or [::1] on the port the
 *   request came in on. A DNS-rebinding page reaches the loopback service under its own host
 *   name (its origin then counts as "same origin" to the browser): that name is refused here.
 *   So is an `Origin` (browsers send one with every cross-origin request and every POST) that
 *   is not the service's own loopback address: a page elsewhere is refused even when a
 *   preflight was skipped (a browser extension, a test browser that answers preflights itself).
 *   Servers (Bot Connector, the bot's own connector calls, scripts) send no Origin.
 *
 * Bot Connector's calls to a production bot (MicrosoftAppId set) post JSON to the public
 * host name: they pass with `loopbackHost: false`, and the Bot Framework checks their token.
 */
export function guardDevRequest(req: Request, opts: { loopbackHost: boolean }): void {
  if (opts.loopbackHost) {
    const port = req.socket?.localPort;
    const host = String(req.headers.host ?? "");
    if (!isLoopbackHost(host, port)) {
      throw new AppError(
        421,
        "misdirected_request",
        `This development service answers only to localhost, 127.0.0.1 or [::1]${port ? ` on port ${port}` : ""}, not to "${host.slice(0, 100)}" ` +
          `(a page that renamed the service's address is refused). Open http://localhost${port ? `:${port}` : ""}/ instead.`,
      );
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !isLoopbackOrigin(String(origin), port)) {
      throw new AppError(
        403,
        "cross_origin",
        `This development endpoint takes calls only from the service's own pages (http://localhost${port ? `:${port}` : ""}), not from ${String(origin).slice(0, 100)}.`,
      );
    }
  }
  if (hasBody(req)) {
    const type = String(req.headers["content-type"] ?? "");
    if (!/^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(type)) {
      throw new AppError(
        415,
        "unsupported_media_type",
        `Send the body as JSON with Content-Type: application/json (${type ? `not ${type.slice(0, 60)}` : "this request had no Content-Type"}).`,
      );
    }
  }
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** `localhost:3978`, `127.0.0.1:3978`, `[::1]:3978` (any case) on `port`; no port only where the port is 80. */
export function isLoopbackHost(host: string, port: number | undefined): boolean {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!m) return false;
  if (!LOOPBACK_NAMES.has(m[1]!.toLowerCase())) return false;
  const named = m[2] === undefined ? 80 : Number(m[2]);
  return port === undefined || named === port;
}

/** `http://localhost:3978` and the like: the service's own pages on loopback. */
function isLoopbackOrigin(origin: string, port: number | undefined): boolean {
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false; // "null" (a sandboxed frame, a file) and anything else unreadable
  }
  return u.protocol === "http:" && u.pathname === "/" && isLoopbackHost(u.host, port);
}

/** POST, PUT and PATCH carry a body whatever their headers say (an empty one still counts). */
function hasBody(req: Request): boolean {
  return req.method === "POST" || req.method === "PUT" || req.method === "PATCH";
}
