/**
 * The tab's only way to Tandem: the HTTP API of DESIGN.md, with the user's token on every call,
 * and the live stream read with fetch (EventSource cannot send an Authorization header).
 */
import type { RequestView } from "../shared/domain.ts";
import { SseParser } from "../shared/sse.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The API's validation details (`[{path, message}]`), to show each next to its field. */
    readonly details?: unknown,
    /** How long the service asked to wait before trying again (429, 503: its Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Retry-After (seconds, or an HTTP date) in ms, kept to 10 minutes; undefined without one. */
export function retryAfterMs(res: Pick<Response, "headers">, now = Date.now()): number | undefined {
  const value = res.headers.get("Retry-After");
  if (!value) return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 600_000) : undefined;
}

export type TokenSource = () => Promise<string>;

/**
 * The page's language (the tab and the add-in set <html lang> to Teams' or Outlook's), sent as
 * Accept-Language: the demo catalogue answers in it even when the browser speaks another.
 */
function readerLanguage(): Record<string, string> {
  const lang = typeof document === "undefined" ? "" : document.documentElement.lang;
  return /^[a-z]{2}(-[A-Za-z0-9]+)*$/.test(lang) ? { "Accept-Language": lang } : {};
}

export class Api {
  constructor(
    private readonly token: TokenSource,
    private readonly base = "",
  ) {}

  async call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return (await this.tagged<T>(method, path, body, headers)).body;
  }

  /**
   * A call whose answer's ETag matters too (a department read to be edited, then PUT back with
   * If-Match): the body and the ETag header.
   */
  async tagged<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ body: T; etag?: string }> {
    return this.raw(
      path,
      {
        method,
        headers: { ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      async (res) => {
        const text = await res.text();
        return { body: (text ? safeJson(text) : undefined) as T, etag: res.headers.get("ETag") || undefined };
      },
    );
  }

  /**
   * Attachments: sends a file's bytes as the body (POST /api/requests/:id/attachments), its
   * name URL-encoded in X-File-Name (headers carry no UTF-8).
   */
  async upload<T>(path: string, bytes: Blob | Uint8Array, name: string, contentType: string): Promise<T> {
    return this.raw<T>(path, { method: "POST", body: bytes as BodyInit, headers: { "Content-Type": contentType || "application/octet-stream", "X-File-Name": encodeURIComponent(name) } }, (res) => res.json() as Promise<T>);
  }

  /** Attachments: a file's bytes (GET with the token, which a plain link cannot send). */
  async download(path: string): Promise<Blob> {
    return this.raw(path, { method: "GET" }, (res) => res.blob());
  }

  private async raw<T>(path: string, init: { method: string; body?: BodyInit; headers?: Record<string, string> }, read: (res: Response) => Promise<T>): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.base + path, { ...init, headers: { Authorization: `Bearer ${await this.token()}`, "Tandem-Client": "web", ...readerLanguage(), ...init.headers } });
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw new ApiError(0, "network", "Tandem cannot be reached; check your connection and try again.");
    }
    if (res.ok) return read(res);
    const json = safeJson(await res.text()) as { error?: { code?: string; message?: string; details?: unknown } } | undefined;
    throw new ApiError(res.status, json?.error?.code ?? "error", json?.error?.message ?? `Tandem answered ${res.status}.`, json?.error?.details, retryAfterMs(res));
  }

  get = <T>(path: string) => this.call<T>("GET", path);
  post = <T>(path: string, body: unknown, headers?: Record<string, string>) => this.call<T>("POST", path, body, headers);

  /**
   * Follows `/api/stream?...`: calls `onRequest` for each changed request, reconnects after a
   * network loss with Last-Event-ID (the server replays what was missed), and reports whether
   * it is live. `onReset`: the server cannot replay that far back (a `reset` event), so reload
   * the list; on the scoreboard's stream, its figures changed (a `scoreboard` event). After a refusal it waits what the service asks (Retry-After on 429 or 503), else
   * longer after each failure in a row (`retryMs` doubled, up to a minute), so a busy service
   * is not hammered by every open tab at once. Returns a function that stops it.
   */
  follow(query: string, onRequest: (r: RequestView) => void, onLive: (live: boolean) => void, retryMs = 2000, stallMs = 45_000, onReset?: () => void): () => void {
    const controller = new AbortController();
    // One parser across reconnections: it keeps the last event id the server replays from.
    const sse = new SseParser();
    let failures = 0;
    const run = async () => {
      while (!controller.signal.aborted) {
        let asked: number | undefined;
        // A half-open connection (laptop asleep, Wi-Fi gone) never errors: silence longer than
        // three heartbeats (the service sends one every 15 s) counts as a lost connection.
        const connection = new AbortController();
        const stop = () => connection.abort();
        controller.signal.addEventListener("abort", stop);
        let stall: ReturnType<typeof setTimeout> | undefined;
        const alive = () => {
          clearTimeout(stall);
          stall = setTimeout(stop, stallMs);
        };
        try {
          alive();
          const lastId = sse.lastEventId;
          const res = await fetch(`${this.base}/api/stream?${query}`, {
            headers: { Authorization: `Bearer ${await this.token()}`, ...(lastId ? { "Last-Event-ID": lastId } : {}) },
            signal: connection.signal,
          });
          if (!res.ok || !res.body) {
            asked = retryAfterMs(res);
            throw new Error(`stream ${res.status}`);
          }
          onLive(true);
          failures = 0;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            alive();
            for (const e of sse.feed(value)) {
              // The scoreboard's stream (`scoreboard=1`) says only that its figures changed: read them again.
              if (e.event === "reset" || e.event === "scoreboard") onReset?.();
              else if (e.event === "request") onRequest(JSON.parse(e.data) as RequestView);
            }
          }
        } catch {
          if (controller.signal.aborted) return;
        } finally {
          sse.end();
          clearTimeout(stall);
          controller.signal.removeEventListener("abort", stop);
        }
        onLive(false);
        const wait = asked ?? Math.min(60_000, retryMs * 2 ** Math.min(failures, 10));
        failures++;
        await new Promise((r) => setTimeout(r, wait));
      }
    };
    void run();
    return () => controller.abort();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
