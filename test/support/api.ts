/**
 * Shared helpers for HTTP-level tests: department bodies, the API's error shape, "nothing was
 * written" (a dump of every stored row), and firing calls at once.
 */
import assert from "node:assert/strict";
import type { App } from "../../bot/app.ts";
import { openTables, TABLE_NAMES, type Tables } from "../../bot/storage/tables.ts";
import { directConnectionString } from "./storage-proxy/index.ts";
import type { CallResult, HttpClient, TestService } from "./service.ts";

export type PersonRef = { id: string; name: string };

const ALL_DAY = [["00:00", "24:00"]];

/** The body of `PUT /api/departments/:key` for a 24x7 UTC department (fresh object each call). */
export function departmentBody(
  key: string,
  opts: { agents?: PersonRef[]; leads?: PersonRef[]; categories?: Array<{ key: string; name: string }> } = {},
) {
  return {
    name: `Dept ${key}`,
    description: `Test department ${key}.`,
    calendar: {
      timeZone: "UTC",
      week: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
      holidays: [],
    },
    sla: {
      warnAtPercent: 80,
      targets: {
        low: { firstResponseMinutes: 60, resolutionMinutes: 600 },
        normal: { firstResponseMinutes: 30, resolutionMinutes: 300 },
        high: { firstResponseMinutes: 15, resolutionMinutes: 120 },
        urgent: { firstResponseMinutes: 5, resolutionMinutes: 60 },
      },
    },
    categories: opts.categories ?? [{ key: "general", name: "General" }],
    agents: opts.agents ?? [],
    leads: opts.leads ?? [{ id: "demo-alex", name: "Alex Morgan" }],
  };
}

/** Creates a department as the demo admin (Alex) and fails the test if that does not work. */
export async function createDepartment(svc: HttpClient, key: string, opts: Parameters<typeof departmentBody>[1] = {}) {
  const alex = await svc.token("alex");
  const res = await svc.call("PUT", `/api/departments/${key}`, { token: alex, body: departmentBody(key, opts) });
  assert.equal(res.status, 201, `creating department ${key}: ${res.text}`);
  return res.body;
}

/**
 * Asserts a refusal in the API's shape: the status (or any 4xx), `{"error":{"code","message"}}`
 * with a sentence for a person, and optionally the code and a field the message must name.
 */
export function assertApiError(
  res: CallResult,
  expected: number | "4xx",
  what: string,
  opts: { code?: string; field?: string | RegExp } = {},
) {
  const shown = `${what}: got ${res.status} ${res.text.slice(0, 400)}`;
  if (expected === "4xx") assert.ok(res.status >= 400 && res.status < 500, `${shown} (expected a 4xx)`);
  else assert.equal(res.status, expected, shown);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/, `${shown} (content type)`);
  const err = res.body?.error;
  assert.ok(err && typeof err === "object" && !Array.isArray(err), `${shown} (no "error" object)`);
  assert.equal(typeof err.code, "string", `${shown} (error.code)`);
  assert.ok(err.code.length > 0, `${shown} (empty error.code)`);
  assert.equal(typeof err.message, "string", `${shown} (error.message)`);
  assert.ok(err.message.length >= 15, `${shown} (error.message too short to act on)`);
  assert.doesNotMatch(err.message, /\bat \S+ \(\S+:\d+:\d+\)|node:internal|\.[cm]?[jt]s:\d+:\d+/, `${shown} (a stack trace in the message)`);
  if (opts.code) assert.equal(err.code, opts.code, `${shown} (error.code)`);
  if (opts.field !== undefined) {
    const re = typeof opts.field === "string" ? new RegExp(`(?<![\\w$])${opts.field.replace(/[.[\]$]/g, "\\$&")}(?![\\w$])`) : opts.field;
    assert.match(err.message, re, `${shown} (the message should name ${String(opts.field)})`);
  }
  return err as { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

/** Every row of every table of the service (with ETags), as `table|PK|RK` -> row. */
export type StorageDump = Map<string, Record<string, unknown>>;

export async function dumpStorage(app: App): Promise<StorageDump> {
  const out: StorageDump = new Map();
  const tables = directTables(app);
  for (const name of TABLE_NAMES) {
    for await (const e of tables[name].listEntities()) {
      const { "odata.metadata": _m, ...row } = e as Record<string, unknown>;
      out.set(`${name}|${e.partitionKey}|${e.rowKey}`, row);
    }
  }
  return out;
}

const direct = new WeakMap<App, Tables>();

/**
 * The service's tables as a test reads them behind its back: straight to storage, past the
 * run's counting proxy (and any other), so a test's own whole-table reads never count as the
 * service's queries in the suite-wide check.
 */
export function directTables(app: App): Tables {
  let tables = direct.get(app);
  if (!tables) {
    const conn = directConnectionString(app.tables.Departments.url);
    tables = conn ? openTables({ connectionString: conn, prefix: app.config.storage.tablePrefix }) : app.tables;
    direct.set(app, tables);
  }
  return tables;
}

/** Fails, listing the rows added, removed and changed, when storage differs from `before`. */
export function assertSameStorage(before: StorageDump, after: StorageDump, what: string) {
  const added = [...after.keys()].filter((k) => !before.has(k));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const changed = [...after.keys()].filter((k) => before.has(k) && JSON.stringify(before.get(k)) !== JSON.stringify(after.get(k)));
  if (added.length || removed.length || changed.length) {
    const list = (ks: string[]) => ks.slice(0, 5).join(", ") + (ks.length > 5 ? ` and ${ks.length - 5} more` : "");
    assert.fail(
      `${what}: storage changed; added: [${list(added)}], removed: [${list(removed)}], changed: [${list(changed)}]` +
        (changed[0] ? `; first change ${JSON.stringify(before.get(changed[0])).slice(0, 300)} -> ${JSON.stringify(after.get(changed[0])).slice(0, 300)}` : "") +
        (added[0] ? `; first added ${JSON.stringify(after.get(added[0])).slice(0, 300)}` : ""),
    );
  }
}

/** Runs `f`, then fails if any stored row was added, removed or rewritten meanwhile. */
export async function withoutWrites<T>(app: App, what: string, f: () => Promise<T>): Promise<T> {
  const before = await dumpStorage(app);
  const result = await f();
  assertSameStorage(before, await dumpStorage(app), what);
  return result;
}

/** Starts `n` calls at once (all created before any is awaited) and waits for all of them. */
export function atOnce<T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => f(i)));
}

/** Counts the answers by status: `{201: 1, 200: 11}`. */
export function statusCounts(results: Array<{ status: number }>): Record<number, number> {
  const out: Record<number, number> = {};
  for (const r of results) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

/** Every request of a department as its staff see it (all statuses), oldest first. */
export async function departmentRequests(svc: HttpClient, dept: string, staffToken: string) {
  const items: Array<Record<string, any>> = [];
  let cursor: string | undefined;
  do {
    const res = await svc.call("GET", `/api/departments/${dept}/requests?status=all&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: staffToken });
    assert.equal(res.status, 200, `listing ${dept}: ${res.text}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/**
 * POSTs `chunks` as a streamed body (chunked transfer encoding, no Content-Length), the way a
 * client that does not know the size up front sends it.
 */
export async function postStreamed(svc: TestService, path: string, token: string, chunks: string[], contentType = "application/json") {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
  const res = await fetch(svc.url + path, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": contentType },
    body,
    duplex: "half",
  } as RequestInit & { duplex: "half" });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body: parsed, text } satisfies CallResult;
}
