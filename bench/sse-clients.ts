/**
 * Worker thread: N Server-Sent-Events clients of GET /api/stream, each a fetch with its own
 * connection, parsing the stream and stamping when each `request` event arrived. Runs in its
 * own thread so the clients' parsing does not queue behind the server's work on one event loop.
 *
 * Messages in:  { type: "wait", key, n, timeoutMs }  answers { type: "times", key, times }
 *               { type: "close" }                     answers { type: "closed" }
 * Messages out: { type: "ready", connected } once every client got the stream's first bytes.
 * Event key: `${request.id}|${request.updatedAt}`.
 */
import { parentPort, workerData } from "node:worker_threads";

const { url, tokens, clients } = workerData as { url: string; tokens: string[]; clients: number };
const port = parentPort!;
const now = () => performance.timeOrigin + performance.now();

const received = new Map<string, number[]>();
const waiters = new Map<string, { n: number; timer: NodeJS.Timeout }>();
const controller = new AbortController();
let connected = 0;

function record(key: string, t: number) {
  let list = received.get(key);
  if (!list) received.set(key, (list = []));
  list.push(t);
  const w = waiters.get(key);
  if (w && list.length >= w.n) answer(key);
}

function answer(key: string) {
  const w = waiters.get(key);
  if (!w) return;
  clearTimeout(w.timer);
  waiters.delete(key);
  port.postMessage({ type: "times", key, times: received.get(key) ?? [] });
}

async function client(i: number) {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${tokens[i % tokens.length]}`, Accept: "text/event-stream" }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`stream client ${i}: HTTP ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let first = true;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const t = now();
    buffer += decoder.decode(value, { stream: true });
    if (first) {
      first = false;
      if (++connected === clients) port.postMessage({ type: "ready", connected });
    }
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trimStart();
      }
      if (event !== "request" || !data) continue;
      const view = JSON.parse(data) as { id: string; updatedAt: string };
      record(`${view.id}|${view.updatedAt}`, t);
    }
  }
}

port.on("message", (m: { type: string; key?: string; n?: number; timeoutMs?: number }) => {
  if (m.type === "wait") {
    const key = m.key!;
    waiters.set(key, { n: m.n!, timer: setTimeout(() => answer(key), m.timeoutMs ?? 5_000) });
    if ((received.get(key)?.length ?? 0) >= m.n!) answer(key);
  } else if (m.type === "close") {
    controller.abort();
    port.postMessage({ type: "closed" });
  }
});

for (let i = 0; i < clients; i++) {
  client(i).catch((err: Error) => {
    if (err.name !== "AbortError") port.postMessage({ type: "error", message: String(err?.message ?? err) });
  });
}
