import type { Context } from "mocha";
import { startAzurite, type Azurite } from "../../bot/storage/azurite.ts";
import { startStorageProxy, type CallRecord, type StorageProxy } from "./storage-proxy/index.ts";

/**
 * One real Azurite (in memory) for the whole run, reached through one counting proxy.
 * Integration tests read the proxy's connection string from TANDEM_TEST_STORAGE and use a table
 * prefix of their own, so they never collide. Test helpers that look at storage behind the
 * service's back (table dumps) use TANDEM_TEST_STORAGE_DIRECT, which the proxy never sees.
 *
 * The suite-wide check (DESIGN.md "Storage": no query without a PartitionKey equality,
 * anywhere): after each test, the queries the proxy saw without one are pinned on that test;
 * after the run, any such query fails it. The one-time upgrade is the only exception, and says
 * so on the wire (`x-tandem-purpose: upgrade`).
 */
let azurite: Azurite | undefined;
let proxy: StorageProxy | undefined;

export async function mochaGlobalSetup() {
  azurite = await startAzurite();
  proxy = await startStorageProxy(azurite.connectionString, { unkeyedOnly: true });
  process.env.TANDEM_TEST_STORAGE = proxy.connectionString;
  process.env.TANDEM_TEST_STORAGE_DIRECT = azurite.connectionString;
}

export async function mochaGlobalTeardown() {
  await proxy?.stop();
  await azurite?.stop();
}

/** Unkeyed queries seen so far, each with the test that was running. */
const seen: Array<CallRecord & { test: string }> = [];
let fetched = 0;

async function collect(test: string) {
  if (!proxy) return;
  const fresh = await proxy.unkeyed(fetched);
  fetched += fresh.length;
  for (const r of fresh) seen.push({ ...r, test });
}

/** The offending queries, grouped: table (without the test's prefix), filter shape, tests. */
export function describeScans(scans: Array<CallRecord & { test: string }>): string {
  const groups = new Map<string, { n: number; tests: Set<string> }>();
  for (const s of scans) {
    const table = s.table.replace(/^t[0-9a-f]{10}/, "");
    const shape = (s.filter ?? "").replace(/'(?:[^']|'')*'/g, "'…'") || "(no filter)";
    const g = groups.get(`${table}: ${shape}`) ?? { n: 0, tests: new Set() };
    g.n++;
    g.tests.add(s.test);
    groups.set(`${table}: ${shape}`, g);
  }
  return [...groups].map(([k, g]) => `  ${g.n} x ${k}\n    in: ${[...g.tests].slice(0, 3).join(" | ")}${g.tests.size > 3 ? ` and ${g.tests.size - 3} more` : ""}`).join("\n");
}

export const mochaHooks = {
  async afterEach(this: Context) {
    await collect(this.currentTest?.fullTitle() ?? "(a hook)");
  },
  async afterAll(this: Context) {
    await collect("(outside any test: a before/after hook)");
    const scans = seen.filter((s) => s.purpose !== "upgrade");
    if (scans.length > 0) {
      throw new Error(`Storage queries without a PartitionKey equality were sent during this run (DESIGN.md "Storage"):\n${describeScans(scans)}`);
    }
  },
};
