/**
 * Child process of the stream-memory section: the real service alone in its process, so its
 * resident memory (process.memoryUsage().rss) is the service's and nobody else's (the clients
 * live in the bench process, Azurite in its own).
 *
 * In (process.send):  { type: "memory", gc?: boolean }  answers { type: "memory", rss, heapUsed, external, openStreams }
 *                     { type: "peak-start" }            starts sampling rss every 20 ms
 *                     { type: "peak" }                  answers { type: "peak", rss } (the highest since peak-start)
 *                     { type: "close" }                 closes the service and exits
 * Out:                { type: "ready", url, maxBufferBytes } once it listens.
 */
import { startService } from "../test/support/service.ts";
import { SERVICE_ENV } from "./harness.ts";

const { connectionString, prefix, env } = JSON.parse(process.env.TANDEM_BENCH_SERVICE ?? "{}") as { connectionString: string; prefix: string; env?: Record<string, string> };
const svc = await startService({ connectionString, prefix, env: { ...SERVICE_ENV, ...env } });
const send = (m: unknown) => process.send!(m);
let peak = 0;
let sampler: NodeJS.Timeout | undefined;
const gc = (globalThis as { gc?: () => void }).gc;

process.on("message", async (m: { type: string; gc?: boolean }) => {
  if (m.type === "memory") {
    // A full collection first, twice (finalizers free what the first one found), so the figure is what is still held.
    if (m.gc && gc) {
      gc();
      await new Promise((r) => setTimeout(r, 50));
      gc();
    }
    const u = process.memoryUsage();
    send({ type: "memory", rss: u.rss, heapUsed: u.heapUsed, external: u.external, openStreams: svc.app.hub.openStreams() });
  } else if (m.type === "peak-start") {
    clearInterval(sampler);
    peak = process.memoryUsage.rss();
    sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  } else if (m.type === "peak") {
    clearInterval(sampler);
    send({ type: "peak", rss: Math.max(peak, process.memoryUsage.rss()) });
  } else if (m.type === "close") {
    clearInterval(sampler);
    await svc.close();
    process.exit(0);
  }
});
send({ type: "ready", url: svc.url, maxBufferBytes: svc.app.config.stream.maxBufferBytes });
