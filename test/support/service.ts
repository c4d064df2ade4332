import { randomBytes } from "node:crypto";
import { createApp, type App } from "../../bot/app.ts";
import { loadConfig } from "../../bot/config.ts";
import { DEV_TENANT } from "../../bot/auth/dev-issuer.ts";
import { seedDemo } from "../../bot/demo/seed.ts";
import { DEMO_USERS } from "../../bot/demo/demo-catalogue.ts";

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (no JSON encoding). */
  raw?: string;
  headers?: Record<string, string>;
}

/** What a test needs to talk to a service over HTTP, wherever it runs. */
export interface HttpClient {
  url: string;
  /** A dev token for a demo user id (or any user), optionally in another tenant / as admin. */
  token(user: string | { userId: string; name?: string; email?: string; tenantId?: string; roles?: string[] }): Promise<string>;
  call<T = any>(method: string, path: string, opts?: CallOptions): Promise<CallResult<T>>;
}

export interface TestService extends HttpClient {
  app: App;
  prefix: string;
  close(): Promise<void>;
}

export const TENANT = DEV_TENANT;

/** A unique table prefix, so every test service has its own tables in the shared Azurite. */
export const uniquePrefix = () => `t${randomBytes(5).toString("hex")}`;

/**
 * The real service on a free loopback port, against the run's Azurite, with its own tables.
 * `demo: true` loads the demo catalogue into the dev tenant.
 */
export async function startService(
  options: { env?: Record<string, string>; demo?: boolean; clock?: () => number; prefix?: string; connectionString?: string } = {},
): Promise<TestService> {
  const prefix = options.prefix ?? uniquePrefix();
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    TABLE_PREFIX: prefix,
    SCHEDULER_INTERVAL_MS: "0",
    // Day summaries catch up when read; a background pass would write behind tests that compare storage.
    SUMMARY_INTERVAL_MS: "0",
    CHANGE_POLL_MS: "200",
    HEARTBEAT_MS: "1000",
    ...options.env,
  });
  const connectionString = options.connectionString ?? process.env.TANDEM_TEST_STORAGE!;
  const app = await createApp(config, { connectionString, clock: options.clock });
  if (options.demo) await seedDemo(app, DEV_TENANT);
  const url = await app.listen();

  return { app, prefix, ...httpClient(url), close: () => app.close() };
}

/** The service's HTTP API at `url` (in this process or another): calls and dev tokens. */
export function httpClient(url: string): HttpClient {
  const call = async <T>(method: string, path: string, opts: CallOptions = {}): Promise<CallResult<T>> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["Content-Type"] ??= "application/json";
    }
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON (CSV, HTML) */
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };

  const token: TestService["token"] = async (user) => {
    const spec = typeof user === "string" ? demoSpec(user) : { name: user.userId, ...user };
    const res = await call<{ token: string }>("POST", "/api/dev/token", { body: spec });
    if (res.status !== 200) throw new Error(`token for ${JSON.stringify(spec)}: ${res.status} ${res.text}`);
    return res.body.token;
  };

  return { url, call, token };
}

function demoSpec(id: string) {
  const u = DEMO_USERS.find((x) => x.id === id || x.id === `demo-${id}`);
  if (!u) return { userId: id, name: id };
  return { userId: u.id, name: u.name, email: u.email, ...(u.roles ? { roles: u.roles } : {}) };
}
