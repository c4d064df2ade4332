/**
 * 6. Stream memory (issue 11): the resident memory of the service with many idle streams, and
 * with clients that stop reading while large changes flow, and /healthz meanwhile.
 *
 * The service runs alone in a child process (bench/stream-memory-service.ts) and reports its
 * own process.memoryUsage().rss; the SSE clients run here, in the bench process, so their
 * buffers are not counted. Production stream settings (CHANGE_POLL_MS=1000, HEARTBEAT_MS=15000,
 * the default caps and buffer bound).
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RequestView } from "../shared/domain.ts";
import { DEMO_DEPARTMENTS } from "../bot/demo/demo-catalogue.ts";
import { openSse, type SseStream } from "../test/support/sse.ts";
import { postJson, type Harness } from "./harness.ts";
import { ms, num, progress, sleep, summarize, type Summary } from "./stats.ts";

export interface StreamMemoryPlan {
  /** Idle stream counts measured in turn (the last is the largest). */
  idle: number[];
  /** Of the idle streams, this share are personal (`?mine=1`, people without requests); the rest follow a department. */
  mineShare: number;
  /** Clients that stop reading, each a different person following the department. */
  stalled: number;
  /** Changes of ~96 KB each (a 32,000-character description of "€") made while they do not read. */
  largeChanges: number;
  /** Service settings over the production ones (e.g. STREAM_MAX_BUFFER_BYTES=0 to see the service without the bound). */
  serviceEnv?: Record<string, string>;
  /** The service's tables (default: fresh ones, prefix benchmem); the scale bench passes a desk full of history. */
  prefix?: string;
}

export interface IdleFigures {
  streams: number;
  departmentStreams: number;
  connectMs: number;
  rssMb: number;
  aboveIdleMb: number;
  /** A new request reached this many of the department streams (of departmentStreams). */
  delivered: number;
  healthz: Summary;
}

export interface StreamMemoryFigures {
  /** The service with no stream, after a full collection. */
  idleRssMb: number;
  idle: IdleFigures[];
  /** Every stream closed, after a full collection: what was not given back. */
  afterCloseRssMb: number;
  /** One person opening 41 streams (the reproduction). */
  onePerson: { asked: number; served: number; refused: number; retryAfter?: string };
  stalled: {
    streams: number;
    changes: number;
    eventKb: number;
    baselineRssMb: number;
    peakRssMb: number;
    peakAboveBaselineMb: number;
    afterRssMb: number;
    /** Non-reading clients the service dropped (their buffer passed STREAM_MAX_BUFFER_BYTES). */
    dropped: number;
    /** The one client that reads got the last change. */
    readerGotLast: boolean;
    healthz: Summary;
  };
  maxBufferBytes: number;
}

type Memory = { rss: number; heapUsed: number; external: number; openStreams: number };
const MB = 1024 * 1024;
const mb = (bytes: number) => bytes / MB;

/** The service in its own process, answering memory questions over IPC. */
async function startChild(connectionString: string, prefix: string, env: Record<string, string> = {}): Promise<{ url: string; maxBufferBytes: number; child: ChildProcess; ask<T>(m: object, answer: string): Promise<T> }> {
  const entry = fileURLToPath(new URL("./stream-memory-service.ts", import.meta.url));
  const child = fork(entry, [], {
    execArgv: ["--import", "tsx", "--no-deprecation", "--expose-gc"],
    env: { ...process.env, TANDEM_BENCH_SERVICE: JSON.stringify({ connectionString, prefix, env }) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await new Promise<{ url: string; maxBufferBytes: number }>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`stream-memory service exited (code ${code}) before it was ready`)));
    child.on("message", (m: { type: string; url: string; maxBufferBytes: number }) => m.type === "ready" && resolve(m));
  });
  const ask = <T>(m: object, answer: string) =>
    new Promise<T>((resolve) => {
      const on = (r: { type: string }) => {
        if (r.type !== answer) return;
        child.off("message", on);
        resolve(r as T);
      };
      child.on("message", on);
      child.send(m);
    });
  return { ...ready, child, ask };
}

/** GET /healthz one after another (10 ms apart) until stopped: how the service answers meanwhile. */
function sampleHealthz(url: string) {
  let stopped = false;
  const latencies: number[] = [];
  const run = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      const res = await fetch(`${url}/healthz`);
      await res.text();
      latencies.push(performance.now() - t0);
      await sleep(10);
    }
  })();
  return {
    async stop(): Promise<Summary> {
      stopped = true;
      await run;
      return summarize(latencies);
    },
  };
}

export async function benchStreamMemory(h: Harness, plan: StreamMemoryPlan): Promise<StreamMemoryFigures> {
  const { url, maxBufferBytes, child, ask } = await startChild(h.azurite.connectionString, plan.prefix ?? "benchmem", plan.serviceEnv);
  progress(`stream memory: service in its own process (pid ${child.pid}) at ${url}`);
  const memory = (gc = true) => ask<Memory>({ type: "memory", gc }, "memory");
  const streams: SseStream[] = [];
  const closeAll = async () => {
    for (const s of streams.splice(0)) s.close();
    for (let i = 0; i < 500 && (await memory(false)).openStreams > 0; i++) await sleep(20);
  };
  try {
    const token = async (userId: string, admin = false) =>
      (await postJson<{ token: string }>(`${url}/api/dev/token`, "", { userId, name: userId, ...(admin ? { roles: ["Tandem.Admin"] } : {}) }, [200])).token;
    const admin = await token("mem-admin", true);
    const requester = await token("mem-requester");
    const { key: _k, etag: _e, updatedAt: _u, triageChannel: _t, ...template } = DEMO_DEPARTMENTS.find((d) => d.key === "IT")!;
    const put = await fetch(`${url}/api/departments/MEM`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
      body: JSON.stringify({ ...template, name: "Stream memory bench", agents: [], leads: [] }),
    });
    if (put.status !== 201) throw new Error(`PUT /api/departments/MEM: ${put.status} ${await put.text()}`);

    await sleep(1000);
    const idleRss = (await memory()).rss;
    progress(`stream memory: idle service rss ${mb(idleRss).toFixed(1)} MB`);

    // Idle streams, many people: department streams (admins) and personal ones.
    const idle: IdleFigures[] = [];
    const tokens: Array<{ mine: boolean; token: string }> = [];
    const largest = Math.max(...plan.idle);
    progress(`stream memory: minting ${num(largest)} dev tokens`);
    for (let i = 0; i < largest; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, largest - i) }, (_, j) => {
          const n = i + j;
          const mine = (n % 100) < plan.mineShare * 100;
          return token(`mem-user-${n}`, !mine).then((t) => ({ mine, token: t }));
        }),
      );
      tokens.push(...batch);
    }
    for (const count of [...plan.idle].sort((a, b) => a - b)) {
      const t0 = performance.now();
      for (let i = streams.length; i < count; i += 50) {
        const batch = await Promise.all(
          tokens.slice(i, Math.min(count, i + 50)).map((t) => openSse(`${url}/api/stream?${t.mine ? "mine=1" : "department=MEM"}`, { token: t.token })),
        );
        for (const s of batch) if (s.status !== 200) throw new Error(`stream refused: ${s.status} ${JSON.stringify(s.body)}`);
        await Promise.all(batch.map((s) => s.waitForComment((c) => c === "connected", { timeoutMs: 30_000 })));
        streams.push(...batch);
      }
      const connectMs = performance.now() - t0;
      const sampler = sampleHealthz(url);
      await sleep(1500);
      const made = await postJson<RequestView>(`${url}/api/requests`, requester, { department: "MEM", title: `Seen by ${count} streams` }, [201]);
      const departmentStreams = streams.filter((_, i) => !tokens[i]!.mine);
      const got = await Promise.all(
        departmentStreams.map((s) => s.waitFor((e) => e.event === "request" && e.json().id === made.id, { timeoutMs: 15_000 }).then(() => 1, () => 0)),
      );
      await sleep(1500);
      const healthz = await sampler.stop();
      const m = await memory();
      const f: IdleFigures = {
        streams: count,
        departmentStreams: departmentStreams.length,
        connectMs,
        rssMb: mb(m.rss),
        aboveIdleMb: mb(m.rss - idleRss),
        delivered: got.reduce((a, b) => a + b, 0 as number),
        healthz,
      };
      idle.push(f);
      progress(
        `stream memory: ${num(count)} idle streams (${m.openStreams} open): rss ${f.rssMb.toFixed(1)} MB (+${f.aboveIdleMb.toFixed(1)}), ` +
          `change delivered to ${f.delivered}/${f.departmentStreams} department streams, /healthz p50 ${ms(healthz.p50)} p99 ${ms(healthz.p99)}`,
      );
    }
    await closeAll();
    const afterCloseRss = (await memory()).rss;
    progress(`stream memory: every stream closed: rss ${mb(afterCloseRss).toFixed(1)} MB`);

    // The reproduction: one person asks for 41 streams.
    const asked = 41;
    const mineStreams = [];
    for (let i = 0; i < asked; i++) mineStreams.push(await openSse(`${url}/api/stream?mine=1`, { token: requester }));
    const served = mineStreams.filter((s) => s.status === 200).length;
    const retryAfter = mineStreams.find((s) => s.status === 429)?.headers.get("retry-after") ?? undefined;
    for (const s of mineStreams) s.close();
    await closeAll();
    progress(`stream memory: one person asking for ${asked} streams: ${served} served, ${asked - served} refused (429, Retry-After ${retryAfter})`);

    // Clients that stop reading while ~96 KB changes flow: each a different person, so no cap helps; the buffer bound must.
    const big = await postJson<RequestView>(`${url}/api/requests`, requester, { department: "MEM", title: "Large description", description: "€".repeat(32_000) }, [201]);
    const reader = await openSse(`${url}/api/stream?department=MEM`, { token: admin });
    streams.push(reader);
    const people = tokens.filter((t) => !t.mine).slice(0, plan.stalled);
    for (const [i, person] of people.entries()) {
      const s = await openSse(`${url}/api/stream?department=MEM`, { token: person.token, stalled: true });
      if (s.status !== 200) throw new Error(`stalled stream ${i}: ${s.status} ${JSON.stringify(s.body)}`);
      streams.push(s);
    }
    await reader.waitForComment((c) => c === "connected");
    await sleep(500);
    const baseline = await memory();
    child.send({ type: "peak-start" });
    const sampler = sampleHealthz(url);
    let eventBytes = 0;
    let last: RequestView | undefined;
    progress(`stream memory: ${plan.stalled} clients stop reading; ${plan.largeChanges} changes of the large request follow`);
    for (let i = 0; i < plan.largeChanges; i++) {
      last = await postJson<RequestView>(`${url}/api/requests/${big.id}/actions`, requester, { action: "comment", text: `note ${i}` }, [200]);
      if (i === 0) eventBytes = Buffer.byteLength(JSON.stringify(last));
    }
    const readerGotLast = await reader
      .waitFor((e) => e.event === "request" && e.json().updatedAt === last!.updatedAt, { timeoutMs: 15_000 })
      .then(() => true, () => false);
    const healthz = await sampler.stop();
    const peak = (await ask<{ rss: number }>({ type: "peak" }, "peak")).rss;
    const after = await memory();
    const dropped = plan.stalled + 1 - after.openStreams;
    const stalled = {
      streams: plan.stalled,
      changes: plan.largeChanges,
      eventKb: eventBytes / 1024,
      baselineRssMb: mb(baseline.rss),
      peakRssMb: mb(peak),
      peakAboveBaselineMb: mb(peak - baseline.rss),
      afterRssMb: mb(after.rss),
      dropped,
      readerGotLast,
      healthz,
    };
    progress(
      `stream memory: ${plan.stalled} non-reading x ${plan.largeChanges} changes of ${stalled.eventKb.toFixed(0)} KB: rss ${stalled.baselineRssMb.toFixed(1)} -> peak ` +
        `${stalled.peakRssMb.toFixed(1)} MB (+${stalled.peakAboveBaselineMb.toFixed(1)}), after ${stalled.afterRssMb.toFixed(1)} MB; ${dropped} dropped; ` +
        `the reading client ${readerGotLast ? "got" : "MISSED"} the last change; /healthz p50 ${ms(healthz.p50)} p99 ${ms(healthz.p99)}`,
    );
    await closeAll();
    return {
      idleRssMb: mb(idleRss),
      idle,
      afterCloseRssMb: mb(afterCloseRss),
      onePerson: { asked, served, refused: asked - served, retryAfter },
      stalled,
      maxBufferBytes,
    };
  } finally {
    for (const s of streams.splice(0)) s.close();
    const exited = new Promise((r) => child.once("exit", r));
    child.send({ type: "close" });
    await Promise.race([exited, sleep(5_000)]);
    if (child.exitCode === null) child.kill();
  }
}
