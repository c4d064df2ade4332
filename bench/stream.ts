/**
 * 3. Stream fan-out: N clients on GET /api/stream?department=X (in a worker thread), one update
 * through POST /api/requests/:id/actions, time from sending the action to each client parsing
 * the event. Same instance, so delivery is the in-process change bus, not the change-log poll.
 */
import { Worker } from "node:worker_threads";
import type { RequestView } from "../shared/domain.ts";
import { postJson, type Section } from "./harness.ts";
import { epochNow, ms, progress, sleep, summarize, type Summary } from "./stats.ts";

export interface StreamFigures {
  clients: number;
  updates: number;
  /** Every (update, client) pair: action sent -> event parsed by the client. */
  delivery: Summary;
  /** Action sent -> first client / last client got it, per update. */
  firstClient: Summary;
  lastClient: Summary;
  /** Action sent -> the actor's own HTTP response. */
  actionRoundTrip: Summary;
  missed: number;
  changePollMs: number;
}

type FromWorker = { type: "ready"; connected: number } | { type: "times"; key: string; times: number[] } | { type: "closed" } | { type: "error"; message: string };

export async function benchStream(h: Section, opts: { clients: number; updates: number; warmup: number }): Promise<StreamFigures> {
  const dept = await h.department("LIV", "Stream bench");
  const created = await postJson<RequestView>(`${h.svc.url}/api/requests`, h.agent.token, { department: dept.key, title: "Watched request", category: "software" }, [201]);

  // Each client a different person (an admin may follow any queue): one person may hold only a few streams (STREAM_MAX_PER_USER).
  const tokens = await Promise.all(
    Array.from({ length: opts.clients }, (_, i) => h.svc.token({ userId: `bench-watcher-${i}`, name: `Watcher ${i}`, roles: ["Tandem.Admin"] })),
  );
  progress(`stream: connecting ${opts.clients} SSE clients to /api/stream?department=${dept.key} (worker thread)`);
  // A worker does not inherit `--import tsx` hooks on Node 20: register tsx inside it, then load the .ts entry.
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const entry = JSON.stringify(new URL("./sse-clients.ts", import.meta.url).href);
  const worker = new Worker(`import(${tsx}).then(({ register }) => { register(); return import(${entry}); })`, {
    eval: true,
    workerData: { url: `${h.svc.url}/api/stream?department=${dept.key}`, tokens, clients: opts.clients },
  });
  const pending = new Map<string, (times: number[]) => void>();
  let onReady!: () => void;
  let onClosed!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const closed = new Promise<void>((r) => (onClosed = r));
  let failure: Error | undefined;
  let onFailure!: (err: Error) => void;
  const failed = new Promise<never>((_, reject) => (onFailure = reject));
  failed.catch(() => undefined);
  const fail = (err: Error) => {
    failure ??= err;
    onFailure(err);
  };
  worker.on("message", (m: FromWorker) => {
    if (m.type === "ready") onReady();
    else if (m.type === "times") pending.get(m.key)?.(m.times);
    else if (m.type === "closed") onClosed();
    else if (m.type === "error") fail(new Error(m.message));
  });
  worker.on("error", fail);
  const t0 = performance.now();
  const timeout = sleep(30_000).then(() => Promise.reject(new Error("stream clients did not connect within 30 s")));
  timeout.catch(() => undefined);
  await Promise.race([ready, failed, timeout]);
  progress(`stream: ${opts.clients} clients connected in ${ms(performance.now() - t0, 0)}`);

  const waitFor = (key: string, n: number) =>
    new Promise<number[]>((resolve) => {
      pending.set(key, (times) => {
        pending.delete(key);
        resolve(times);
      });
      worker.postMessage({ type: "wait", key, n, timeoutMs: 5_000 });
    });

  const delivery: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  const roundTrip: number[] = [];
  let missed = 0;
  const actionUrl = `${h.svc.url}/api/requests/${created.id}/actions`;
  for (let i = 0; i < opts.warmup + opts.updates; i++) {
    const sentAt = epochNow();
    const view = await postJson<RequestView>(actionUrl, h.agent.token, { action: "comment", text: `Internal note ${i}`, public: false }, [200]);
    const answeredAt = epochNow();
    const times = await waitFor(`${view.id}|${view.updatedAt}`, opts.clients);
    if (failure) throw failure;
    if (i < opts.warmup) continue;
    roundTrip.push(answeredAt - sentAt);
    missed += opts.clients - times.length;
    const lat = times.map((t) => t - sentAt);
    delivery.push(...lat);
    first.push(Math.min(...lat));
    last.push(Math.max(...lat));
    if ((i - opts.warmup + 1) % 5 === 0) {
      progress(`stream: update ${i - opts.warmup + 1}/${opts.updates}: ${times.length}/${opts.clients} clients, first ${ms(Math.min(...lat))}, last ${ms(Math.max(...lat))}`);
    }
    await sleep(50);
  }
  worker.postMessage({ type: "close" });
  await Promise.race([closed, sleep(2_000)]);
  await worker.terminate();

  const figures: StreamFigures = {
    clients: opts.clients,
    updates: opts.updates,
    delivery: summarize(delivery),
    firstClient: summarize(first),
    lastClient: summarize(last),
    actionRoundTrip: summarize(roundTrip),
    missed,
    changePollMs: h.svc.app.config.changePollMs,
  };
  progress(`stream: delivery p50 ${ms(figures.delivery.p50)} p99 ${ms(figures.delivery.p99)} (${missed} missed)`);
  return figures;
}
