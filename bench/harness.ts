/**
 * The system under measurement: an in-memory Azurite on loopback started here, and the real
 * service (createApp + listen) against it, through the same helper the integration tests use.
 *
 * Each section gets a service of its own with its own tables (a table prefix): Azurite answers
 * every query by scanning the whole table, so rows left by one section would slow the next one's
 * queries and make its figures depend on what ran before.
 */
import { DEMO_DEPARTMENTS } from "../bot/demo/demo-catalogue.ts";
import { startAzurite, type Azurite } from "../bot/storage/azurite.ts";
import type { Department } from "../shared/domain.ts";
import { startService, TENANT, type TestService } from "../test/support/service.ts";

export interface Section {
  azurite: Azurite;
  svc: TestService;
  /** Dev tokens of the bench's people (minted through POST /api/dev/token). */
  adminToken: string;
  agent: { id: string; name: string; token: string };
  /** Creates a department (as the admin) whose agent is `agent`. */
  department(key: string, name: string): Promise<Department>;
  close(): Promise<void>;
}

export interface Harness {
  azurite: Azurite;
  /** A service with fresh tables (prefix `bench<name>`) on the shared Azurite. */
  section(name: string): Promise<Section>;
  close(): Promise<void>;
}

export { TENANT };

/** The service's production defaults for the stream (CHANGE_POLL_MS, HEARTBEAT_MS), not the tests' fast ones. */
export const SERVICE_ENV = { CHANGE_POLL_MS: "1000", HEARTBEAT_MS: "15000", SCHEDULER_INTERVAL_MS: "0" };

export async function startHarness(): Promise<Harness> {
  const azurite = await startAzurite();
  const open = new Set<Section>();
  return {
    azurite,
    async section(name) {
      const s = await startSection(azurite, `bench${name}`);
      open.add(s);
      return {
        ...s,
        close: async () => {
          open.delete(s);
          await s.close();
        },
      };
    },
    async close() {
      for (const s of open) await s.close();
      await azurite.stop();
    },
  };
}

async function startSection(azurite: Azurite, prefix: string): Promise<Section> {
  const svc = await startService({ connectionString: azurite.connectionString, prefix, env: SERVICE_ENV });
  const adminToken = await svc.token({ userId: "bench-admin", name: "Bench Admin", roles: ["Tandem.Admin"] });
  const agent = { id: "bench-agent", name: "Bench Agent", token: await svc.token({ userId: "bench-agent", name: "Bench Agent" }) };
  // The IT department of the demo catalogue (Madrid, split windows, Spanish holidays) as the template.
  const it = DEMO_DEPARTMENTS.find((d) => d.key === "IT")!;
  return {
    azurite,
    svc,
    adminToken,
    agent,
    async department(key, name) {
      const { key: _k, etag: _e, updatedAt: _u, triageChannel: _t, ...template } = it;
      const body = { ...template, name, agents: [{ id: agent.id, name: agent.name }], leads: [] };
      const res = await svc.call<Department>("PUT", `/api/departments/${key}`, { token: adminToken, body });
      if (res.status !== 201) throw new Error(`PUT /api/departments/${key}: ${res.status} ${res.text}`);
      return res.body;
    },
    close: () => svc.close(),
  };
}

/** POSTs JSON and fails loudly on an unexpected status (a benchmark of errors measures nothing). */
export async function postJson<T = unknown>(url: string, token: string, body: unknown, expect: number[]): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`POST ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export async function getJson<T = unknown>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
