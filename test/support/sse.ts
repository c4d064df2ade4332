/**
 * A small Server-Sent Events client for tests: `fetch` streaming (so it can send an
 * Authorization header, which the browser's EventSource cannot), parsed by the web apps' own
 * parser (shared/sse.ts), so the tests read the stream exactly as the tab does.
 */
import { SseParser } from "../../shared/sse.ts";

export interface SseEvent {
  /** The event's id (the stream's last event id when the event carried none). */
  id?: string;
  event: string;
  data: string;
  /** `data` parsed as JSON. */
  json<T = any>(): T;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** The body of a refused stream (non-200), parsed as JSON when it is JSON. */
  body?: any;
  /** Every event received so far, in order. */
  events: SseEvent[];
  /** Every comment line received so far (without the leading ":" and one space). */
  comments: string[];
  /** The last `retry:` value. */
  retry?: number;
  /** Resolves when the stream ends (closed by either side). */
  ended: Promise<void>;
  isEnded(): boolean;
  /** The first event from index `from` (default 0) that matches, waiting up to `timeoutMs`. */
  waitFor(match: (e: SseEvent) => boolean, opts?: { timeoutMs?: number; from?: number }): Promise<SseEvent>;
  /** The first comment from index `from` that matches, waiting up to `timeoutMs`. */
  waitForComment(match: (c: string) => boolean, opts?: { timeoutMs?: number; from?: number }): Promise<string>;
  close(): void;
  /** Stops reading (bytes the server sends pile up on its side), until `resume()`. */
  stall(): void;
  /** Reads again (a stream opened with `stalled: true`, or after `stall()`). */
  resume(): void;
}

export interface SseOptions {
  token?: string;
  lastEventId?: string;
  headers?: Record<string, string>;
  /**
   * Read nothing until `resume()`: a client that stopped reading (a frozen tab, a slow link).
   * fetch stops taking bytes off the socket once its own small buffer is full, so what the
   * server writes piles up on the server's side.
   */
  stalled?: boolean;
}

/** Opens `url` as an event stream. Resolves once the response headers are in. */
export async function openSse(url: string, opts: SseOptions = {}): Promise<SseStream> {
  const headers: Record<string, string> = { Accept: "text/event-stream", ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.lastEventId !== undefined) headers["Last-Event-ID"] = opts.lastEventId;
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });

  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  let ended = false;
  let go: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  const stall = () => {
    gate ??= new Promise<void>((r) => (go = r));
  };
  const resume = () => {
    gate = undefined;
    go?.();
  };
  if (opts.stalled) stall();
  let endResolve!: () => void;
  const endedPromise = new Promise<void>((r) => (endResolve = r));
  const finish = () => {
    if (ended) return;
    ended = true;
    endResolve();
    notify();
  };

  const stream: SseStream = {
    status: res.status,
    headers: res.headers,
    events,
    comments,
    ended: endedPromise,
    isEnded: () => ended,
    waitFor: (match, o = {}) => waitIn(events, match, o, `an event${describeWaiting(events)}`),
    waitForComment: (match, o = {}) => waitIn(comments, match, o, `a comment (have ${JSON.stringify(comments)})`),
    close() {
      abort.abort();
      resume();
      finish();
    },
    stall,
    resume,
  };

  function waitIn<T>(list: T[], match: (x: T) => boolean, o: { timeoutMs?: number; from?: number }, what: string): Promise<T> {
    const timeoutMs = o.timeoutMs ?? 5000;
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = list.slice(o.from ?? 0).find(match);
        if (found !== undefined) {
          done();
          resolve(found);
          return true;
        }
        if (ended) {
          done();
          reject(new Error(`SSE stream ended before ${what.replace(/^an? /, "the expected ")}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no matching ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check as () => void);
      };
      if (!check()) waiters.add(check as () => void);
    });
  }

  if (res.status !== 200 || !res.body) {
    const text = await res.text().catch(() => "");
    try {
      stream.body = text ? JSON.parse(text) : undefined;
    } catch {
      stream.body = text;
    }
    finish();
    return stream;
  }

  const parser = new SseParser((c) => comments.push(c.replace(/^ /, "")));

  void (async () => {
    const decoder = new TextDecoder();
    const reader = res.body!.getReader();
    try {
      for (;;) {
        if (gate) await gate;
        const { value, done } = await reader.read();
        if (done) break;
        for (const e of parser.feed(decoder.decode(value, { stream: true }))) {
          events.push({ id: e.id || undefined, event: e.event, data: e.data, json: () => JSON.parse(e.data) });
        }
        stream.retry = parser.retry;
        notify();
      }
    } catch {
      /* aborted by close(), or the server went away */
    } finally {
      finish();
    }
  })();

  return stream;
}

function describeWaiting(events: SseEvent[]): string {
  const seen = events.map((e) => {
    try {
      const j = e.json();
      return `${e.event}:${j?.id ?? "?"}/${j?.status ?? "?"}`;
    } catch {
      return `${e.event}:${e.data.slice(0, 40)}`;
    }
  });
  return ` (have ${seen.length}: ${seen.join(", ")})`;
}

/** Waits `ms` milliseconds. */
export const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
