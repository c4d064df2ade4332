/**
 * `npm run bench:scale` (issue 12): what each operation costs on an empty desk and on desks with
 * 10,000 and 100,000 past requests in one department (and a second tenant of the same size),
 * counted by a proxy between the service and Azurite. One table, each figure with its ratio to
 * the empty desk, the aims judged; results in bench/results/scale.json.
 *
 *   SCALE_SIZES=0,10000 npm run bench:scale      # the quick run (minutes); 100,000 takes hours
 *
 * Settings (environment, or --name=value arguments, e.g. --sizes=0,10000):
 *   SCALE_SIZES               desk sizes, past requests per tenant in IT (default 0,10000,100000; 0 = 50 open, no past)
 *   SCALE_TENANTS             tenants with that desk (default 2)
 *   SCALE_SEED                history seed (default 12)
 *   SCALE_MONTHS_PER_10K      months of history per 10,000 requests (default 2)
 *   SCALE_END                 when history ends and the measured service's clock starts (default: last Wednesday 10:00 UTC)
 *   SCALE_RUNS / SCALE_WRITES measured calls per read / write operation (default 20 / 20)
 *   SCALE_K / SCALE_DUE_PASSES requests due per scheduler pass, and such passes (default 20 / 5)
 *   SCALE_STREAMS             idle stream clients for the memory figures (default 200,1000; 0 = skip)
 *   SCALE_SCHEDULER_MINUTES   history: scheduler passes on this grid of simulated time (default 60)
 *   SCALE_CONCURRENCY         history: calls in flight (default 24)
 *   SCALE_AZURITE             indexed (default: bench/scale/azurite-indexes.cjs loaded) or stock
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEV_TENANT } from "../bot/auth/dev-issuer.ts";
import { openTables } from "../bot/storage/tables.ts";
import { startStorageProxy } from "../test/support/storage-proxy/index.ts";
import type { Harness } from "./harness.ts";
import { startBenchAzurite, type AzuriteMode } from "./scale/azurite.ts";
import { buildDesk, OTHER_TENANT, type Desk } from "./scale/desk.ts";
import { measureDesk, type MeasurePlan } from "./scale/measure.ts";
import { buildRows, printTable, type SizeResult } from "./scale/report.ts";
import { benchStreamMemory } from "./stream-memory.ts";
import { num, progress } from "./stats.ts";

function setting(name: string, fallback: string): string {
  const arg = process.argv.find((a) => a.startsWith(`--${name.toLowerCase().replace(/^scale_/, "").replace(/_/g, "-")}=`));
  return arg ? arg.slice(arg.indexOf("=") + 1) : (process.env[name] ?? fallback);
}
const list = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean).map(Number);

function lastWednesday(now: number): number {
  const d = new Date(now);
  d.setUTCHours(10, 0, 0, 0);
  while (d.getUTCDay() !== 3 || d.getTime() > now) d.setUTCDate(d.getUTCDate() - 1);
  return d.getTime();
}

const SETTINGS = {
  sizes: list(setting("SCALE_SIZES", "0,10000,100000")).sort((a, b) => a - b),
  tenants: Number(setting("SCALE_TENANTS", "2")),
  seed: Number(setting("SCALE_SEED", "12")),
  monthsPer10k: Number(setting("SCALE_MONTHS_PER_10K", "2")),
  end: process.env.SCALE_END || process.argv.some((a) => a.startsWith("--end=")) ? Date.parse(setting("SCALE_END", "")) : lastWednesday(Date.now()),
  measure: {
    runs: Number(setting("SCALE_RUNS", "20")),
    writes: Number(setting("SCALE_WRITES", "20")),
    k: Number(setting("SCALE_K", "20")),
    duePasses: Number(setting("SCALE_DUE_PASSES", "5")),
  } satisfies MeasurePlan,
  streams: list(setting("SCALE_STREAMS", "200,1000")).filter((n) => n > 0),
  schedulerEveryMinutes: Number(setting("SCALE_SCHEDULER_MINUTES", "60")),
  concurrency: Number(setting("SCALE_CONCURRENCY", "24")),
  azurite: setting("SCALE_AZURITE", "indexed") as AzuriteMode,
};

async function main() {
  const began = Date.now();
  if (!Number.isFinite(SETTINGS.end)) throw new Error("SCALE_END must be an ISO date-time, e.g. 2026-12-02T10:00:00Z");
  if (SETTINGS.azurite !== "indexed" && SETTINGS.azurite !== "stock") throw new Error("SCALE_AZURITE must be indexed or stock");
  const tenants = [DEV_TENANT, OTHER_TENANT].slice(0, Math.max(1, Math.min(2, SETTINGS.tenants)));
  progress(`Tandem scale bench: Node ${process.version}, ${os.cpus().length} CPU(s), load average ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}`);
  progress(`sizes ${SETTINGS.sizes.map(num).join(", ")} past requests in IT per tenant (${tenants.length} tenant(s)); history ends ${new Date(SETTINGS.end).toISOString()}; Azurite ${SETTINGS.azurite}`);
  if (!SETTINGS.sizes.includes(0)) progress("no empty desk (size 0) in SCALE_SIZES: ratios are left out");

  const azurite = await startBenchAzurite(SETTINGS.azurite);
  progress(`Azurite (pid ${azurite.pid}) at ${azurite.connectionString.match(/TableEndpoint=([^;]+)/)?.[1]}`);
  const results: Array<SizeResult & { desk: Omit<Desk, "history"> & { history?: unknown } }> = [];
  try {
    for (const size of SETTINGS.sizes) {
      console.log(`\n== Desk of ${num(size)} past requests ==`);
      const prefix = `scale${size}`;
      const desk = await buildDesk({
        size,
        prefix,
        connectionString: azurite.connectionString,
        end: SETTINGS.end,
        seed: SETTINGS.seed,
        tenants,
        monthsPer10k: SETTINGS.monthsPer10k,
        schedulerEveryMinutes: SETTINGS.schedulerEveryMinutes,
        concurrency: SETTINGS.concurrency,
        regularRequests: 500,
      });
      progress(`desk ${num(size)} built in ${(desk.buildMs / 1000).toFixed(0)} s; measuring through the counting proxy`);
      const proxy = await startStorageProxy(azurite.connectionString);
      let figures;
      try {
        figures = await measureDesk(desk, proxy, SETTINGS.measure);
      } finally {
        await proxy.stop();
      }
      let memory: SizeResult["memory"];
      if (SETTINGS.streams.length) {
        const harness = { azurite } as unknown as Harness;
        const m = await benchStreamMemory(harness, { idle: SETTINGS.streams, mineShare: 0.25, stalled: 5, largeChanges: 5, prefix });
        memory = { idleMb: m.idleRssMb, streams: m.idle.map((f) => ({ streams: f.streams, rssMb: f.rssMb })) };
      }
      results.push({ size, figures, memory, desk });
      // The next desk starts from empty tables: Azurite's costs grow with everything it holds.
      const tables = openTables({ connectionString: azurite.connectionString, prefix });
      await Promise.all(Object.values(tables).map((t) => t.deleteTable().catch(() => undefined)));
    }
  } finally {
    await azurite.stop();
  }

  const { rows, verdicts } = buildRows(results, SETTINGS.measure.k);
  console.log(`\n== Scale: per operation, by desk size (medians of ${SETTINGS.measure.runs} reads / ${SETTINGS.measure.writes} writes; (xN) = ratio to the empty desk) ==`);
  console.log(printTable(rows, results.map((r) => r.size)));
  console.log("\nAims (issue 12):");
  for (const v of verdicts) console.log(`- ${v.aim} at ${num(v.size)}: ${v.ok ? "ok" : "FAIL"} (${v.detail})`);
  console.log(
    [
      "",
      "Notes:",
      `- Each desk: IT of ${tenants.length} tenant(s) written through the service by the history generator (bot/demo/history), then a fresh`,
      "  service on a clock starting where history ends, reached over HTTP, whose storage calls go through the counting proxy.",
      "  Calls, entities and bytes are what the proxy saw during one call of the operation (median of the runs), background",
      "  work of the service included when it happened meanwhile; latencies are the client's, proxy hop included.",
      `- Azurite ${SETTINGS.azurite === "indexed" ? "with bench/scale/azurite-indexes.cjs: it finds entities through its key indexes as Azure does (stock Azurite scans the\n  partition for every point read and the table for every query, which would make every large-desk latency Azurite's)" : "as shipped: every point read scans its partition and every query the whole table, so latencies grow with the desk whatever Tandem reads"}.`,
      "  Azurite still slows as its tables grow (inserts and deletes shift arrays as long as the table): compare calls and entities first.",
      `- "my requests" is ${"Riley Regular"}'s (500 past requests with history; the 50 open ones on the empty desk).`,
    ].join("\n"),
  );

  const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, "scale.json");
  const round = (_k: string, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v);
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        durationMs: Date.now() - began,
        environment: { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.trim(), platform: `${os.platform()} ${os.release()}`, azurite: `3.35.0 in memory, ${SETTINGS.azurite}`, loadAverageAtEnd: os.loadavg() },
        settings: { ...SETTINGS, end: new Date(SETTINGS.end).toISOString() },
        sizes: results.map((r) => ({ size: r.size, desk: r.desk, figures: r.figures, memory: r.memory })),
        rows,
        verdicts,
      },
      round,
      2,
    ) + "\n",
  );
  progress(`results written to ${path.relative(process.cwd(), file)} (run took ${((Date.now() - began) / 1000).toFixed(0)} s)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error("bench:scale failed:", err);
    process.exit(1);
  },
);
