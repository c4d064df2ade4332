import type { TransactionAction } from "@azure/data-tables";
import type { ServiceRequest } from "../../shared/domain.ts";
import { OPEN_STATUSES } from "../../shared/domain.ts";
import { dueAtOf } from "../../shared/escalation.ts";
import { localMonthOf } from "../../shared/sla/zone.ts";
import { guard, isNotFound } from "./errors.ts";
import { readAll } from "./paging.ts";
import {
  COUNTER_RK,
  dueToEntity,
  entityToRequest,
  LAYOUT,
  monthToEntity,
  openRk,
  requestToEntity,
  tokenToEntity,
} from "./request-entity.ts";
import { lit, type TableName, type Tables, withPurpose } from "./tables.ts";

/** Where the store says which layout its data is in (a partition no tenant id can take). */
const META = { partitionKey: "~tandem", rowKey: "layout" };

/**
 * The layout of the store's data: 1 before issue 12; 2 its index rows (open copies, due
 * entries, tokens, months; user copies; tenant registry); 3 open requests counted in the day
 * summaries and every running clock's breach due.
 */
export const STORE_LAYOUT = 3;

/** Part of the upgrade that brings the store to layout `to` (run after the request rows of that layout, in order). */
export interface UpgradeStep {
  to: number;
  run(tables: Tables, progress: (line: string) => void): Promise<void>;
}

export interface UpgradeOptions {
  /** Tables `createTables` just made: a store whose Departments table is new has no data to bring over. */
  created: Set<TableName>;
  closeAfterMs: number;
  /** Told what is going on now and then (a line for the console). */
  progress?: (line: string) => void;
  /** Other parts' steps. */
  steps?: UpgradeStep[];
}

/**
 * Brings data written by earlier versions into today's layout, on start. Idempotent and
 * resumable: every request is upgraded in its own transaction (with its open copy, due entry
 * and token row) and skipped once done, the layout reached is noted after each step, so a
 * crash half-way loses nothing and a rerun redoes nothing. The only time the service reads
 * whole tables, once per store; a new store skips it.
 */
export function upgradeStorage(tables: Tables, opts: UpgradeOptions): Promise<{ upgraded: number; skipped: boolean }> {
  // Its one-time scans say so on the wire: the test run fails on any other query without a partition key.
  return withPurpose("upgrade", () => upgrade(tables, opts));
}

async function upgrade(tables: Tables, opts: UpgradeOptions): Promise<{ upgraded: number; skipped: boolean }> {
  const progress = opts.progress ?? (() => undefined);
  const meta = await guard(() => tables.Departments.getEntity<{ version: number }>(META.partitionKey, META.rowKey)).catch((err) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  const from = meta ? Number(meta.version) : 1;
  if (from >= STORE_LAYOUT) return { upgraded: 0, skipped: true };
  let upgraded = 0;
  const requestRows: UpgradeStep = {
    to: 2,
    run: async () => {
      const departments = await storedDepartments(tables);
      progress(`  ${departments.length} departments`);
      const tokens = await creationTokens(tables);
      for (const d of departments) upgraded += await upgradeDepartment(tables, d.tenantId, d.key, tokens, opts.closeAfterMs, progress);
    },
  };
  if (!opts.created.has("Departments")) {
    progress(`Upgrading storage from layout ${from} to ${STORE_LAYOUT}`);
    for (let to = from + 1; to <= STORE_LAYOUT; to++) {
      for (const step of [requestRows, ...(opts.steps ?? [])].filter((s) => s.to === to)) await step.run(tables, progress);
      await guard(() => tables.Departments.upsertEntity({ ...META, version: to }, "Replace"));
    }
    progress(`Storage upgraded to layout ${STORE_LAYOUT}: ${upgraded} request rows rewritten.`);
  }
  await guard(() => tables.Departments.upsertEntity({ ...META, version: STORE_LAYOUT }, "Replace"));
  return { upgraded, skipped: false };
}

/** Every department of every tenant: a whole-table read, for upgrade steps only. */
export async function storedDepartments(tables: Tables): Promise<Array<{ tenantId: string; key: string }>> {
  // Rows outside any tenant (the layout marker) live in partitions starting with "~".
  // A tenant's rows other than departments (change log, reviews) have keys from "~" (department keys are < "[").
  const rows = await readAll<{ partitionKey: string; rowKey: string }>(tables.Departments, "PartitionKey lt '~' and RowKey lt '['", Infinity, ["PartitionKey", "RowKey"]);
  return rows.map((d) => ({ tenantId: d.partitionKey, key: d.rowKey }));
}

/**
 * The creation token of each request (`tenant|DEPT|n` -> token). The old request row lost its
 * token at its first update, so the "my requests" pointers and completed claims, which kept
 * it, say which creation made which request.
 */
async function creationTokens(tables: Tables): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const p of await readAll<Record<string, unknown>>(tables.Users, "createToken ne ''", Infinity, ["PartitionKey", "department", "number", "createToken"])) {
    const tenantId = String(p.partitionKey).split("|")[0];
    if (p.createToken && p.department) out.set(`${tenantId}|${p.department}|${Number(p.number)}`, String(p.createToken));
  }
  for (const c of await readAll<Record<string, unknown>>(tables.Claims, "requestId ne ''", Infinity, ["PartitionKey", "token", "requestId"])) {
    const tenantId = String(c.partitionKey).split("|")[0];
    const m = /^([A-Z][A-Z0-9]*)-(\d+)$/.exec(String(c.requestId ?? ""));
    if (m && c.token) out.set(`${tenantId}|${m[1]}|${Number(m[2])}`, String(c.token));
  }
  return out;
}

async function upgradeDepartment(
  tables: Tables,
  tenantId: string,
  dept: string,
  tokens: Map<string, string>,
  closeAfterMs: number,
  progress: (line: string) => void,
): Promise<number> {
  const pk = `${tenantId}|${dept}`;
  const rows = await readAll<Record<string, unknown>>(tables.Requests, `PartitionKey eq ${lit(pk)} and RowKey gt 'r|' and RowKey lt 'r|~'`);
  const todo = rows.filter((e) => Number(e.layout ?? 0) < LAYOUT);
  const firstOfMonth = new Map<string, number>();
  for (const e of rows) {
    const r = entityToRequest(e);
    const month = localMonthOf(Date.parse(r.createdAt), r.sla.calendar.timeZone);
    if (!(firstOfMonth.get(month)! <= r.number)) firstOfMonth.set(month, r.number);
  }
  let done = 0;
  let lastSaid = Date.now();
  // 5 operations per request at most: 20 requests a transaction, each request whole in one.
  for (let i = 0; i < todo.length; i += 20) {
    const actions: TransactionAction[] = [];
    for (const e of todo.slice(i, i + 20)) {
      const r: ServiceRequest = { ...entityToRequest(e) };
      r.dueAt = dueAtOf(r, closeAfterMs);
      actions.push(["update", requestToEntity(r), "Replace", { etag: e.etag as string }]);
      if (OPEN_STATUSES.includes(r.status)) actions.push(["upsert", requestToEntity(r, openRk(r.number)), "Replace"]);
      if (r.dueAt) actions.push(["upsert", dueToEntity(r, r.dueAt), "Replace"]);
      const token = (typeof e.createToken === "string" && e.createToken) || tokens.get(`${tenantId}|${dept}|${r.number}`);
      if (token) actions.push(["upsert", tokenToEntity(r, token), "Replace"]);
    }
    await guard(() => tables.Requests.submitTransaction(actions));
    done += Math.min(20, todo.length - i);
    if (Date.now() - lastSaid > 2000) {
      progress(`  ${dept} (${tenantId}): ${done} / ${todo.length} requests`);
      lastSaid = Date.now();
    }
  }
  const markers = await readAll<Record<string, unknown>>(tables.Requests, `PartitionKey eq ${lit(pk)} and RowKey gt 'm|' and RowKey lt 'm|~'`);
  const marked = new Map(markers.map((m) => [String(m.rowKey).slice(2), Number(m.first)]));
  const months = [...firstOfMonth.entries()].sort(([a], [b]) => a.localeCompare(b));
  const missing = months.filter(([month, first]) => marked.get(month) !== first);
  for (let i = 0; i < missing.length; i += 100) {
    await guard(() =>
      tables.Requests.submitTransaction(
        missing.slice(i, i + 100).map(([month, first]) => ["upsert", monthToEntity({ tenantId, department: dept, number: first } as ServiceRequest, month), "Replace"] as TransactionAction),
      ),
    );
  }
  const last = months[months.length - 1];
  const counter = await guard(() => tables.Requests.getEntity<{ month?: string }>(pk, COUNTER_RK)).catch((err) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  if (last && counter && (counter.month ?? "") < last[0]) {
    await guard(() => tables.Requests.updateEntity({ partitionKey: pk, rowKey: COUNTER_RK, month: last[0] }, "Merge", { etag: counter.etag }));
  }
  if (todo.length) progress(`  ${dept} (${tenantId}): ${todo.length} requests upgraded`);
  return todo.length;
}
