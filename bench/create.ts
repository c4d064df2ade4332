/**
 * 1. Creating a request over HTTP (POST /api/requests: token check, department read, "my
 * requests" pointer, one transaction with counter + request + history + change-log rows),
 * beside a raw TableClient.createEntity of the same request row, same count and concurrency.
 */
import { TableClient, type TransactionAction } from "@azure/data-tables";
import { newRequest } from "../shared/request.ts";
import type { Department } from "../shared/domain.ts";
import { changeToEntity, COUNTER_RK, historyToEntity, requestRk, requestToEntity } from "../bot/storage/request-entity.ts";
import { postJson, TENANT, type Section } from "./harness.ts";
import { closedLoop, ms, num, progress, summarize, type LoadResult, type Summary, type TimedRun } from "./stats.ts";

export interface CreateFigures {
  concurrency: number;
  count: number;
  /** Departments the creates were spread over (1 = the aim's case: one queue). */
  departments: number;
  create: LoadResult;
  raw: LoadResult;
  /** create p50 / raw p50. */
  ratioP50: number;
}

/** Where one create's time goes at 1 client: its storage calls, timed with the service's own clients. */
export interface CreateBreakdown {
  count: number;
  pointerUpsert: Summary;
  /** Counter update (ETag) + request + history + change-log rows, one transaction. */
  transaction: Summary;
  /** Both at once, as the service sends them (the department read is cached): the storage floor of a create. */
  together: Summary;
}

export interface CreatePlan {
  concurrency: number;
  count: number;
  /** Spread the creates round-robin over this many departments (default 1). */
  departments?: number;
}

const DESCRIPTION =
  "Since this morning the VPN client disconnects every few minutes when I work from home; " +
  "reinstalling did not help. Laptop LT-0423, Windows 11, home fibre connection.";

export async function benchCreate(h: Section, plan: CreatePlan[]): Promise<{ levels: CreateFigures[]; breakdown: CreateBreakdown }> {
  // 16 different requesters, so the "my requests" pointers land in different partitions as in real use.
  const tokens = await Promise.all(Array.from({ length: 16 }, (_, i) => h.svc.token({ userId: `bench-user-${i}`, name: `Bench User ${i}` })));
  const url = `${h.svc.url}/api/requests`;
  const creator = (depts: Department[]) => (i: number) =>
    postJson(url, tokens[i % tokens.length]!, { department: depts[i % depts.length]!.key, title: `Bench request ${i}`, description: DESCRIPTION, category: "network", priority: "normal" }, [201]);

  const raw = TableClient.fromConnectionString(h.azurite.connectionString, "benchRaw", {
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 500 },
  });
  await raw.createTable();
  let rawN = 0;
  let deptN = 0;
  const template = await h.department("CRW", "Create warm-up");
  const rawInsert = (partition: string) => () => raw.createEntity(rawEntity(template, partition, ++rawN));

  progress("create: warming up (200 service creates, 200 raw inserts, 1 and 8 in flight)");
  for (const c of [1, 8]) {
    await closedLoop(100, c, creator([template]));
    await closedLoop(100, c, rawInsert("warm"));
  }

  const out: CreateFigures[] = [];
  for (const { concurrency, count, departments = 1 } of plan) {
    // Fresh departments for each level: Azurite's transactions slow down as a partition grows
    // (see the notes), which would otherwise charge one level for the rows of the previous one.
    const depts: Department[] = [];
    for (let d = 0; d < departments; d++) depts.push(await h.department(`CR${++deptN}`, `Create bench ${deptN}`));
    const create = creator(depts);
    await closedLoop(depts.length * 2, depts.length, create); // each department's counter read once
    const label = `${concurrency} client(s)${departments > 1 ? ` over ${departments} departments` : ""}`;
    // Two alternating rounds (raw, service, raw, service) so drift weighs on both sides alike.
    const half = Math.ceil(count / 2);
    const rounds: { create: TimedRun[]; raw: TimedRun[] } = { create: [], raw: [] };
    for (let round = 0; round < 2; round++) {
      progress(`create: ${label}, round ${round + 1}/2: ${half} raw inserts`);
      rounds.raw.push(await closedLoop(half, concurrency, rawInsert(`c${concurrency}d${departments}`)));
      progress(`create: ${label}, round ${round + 1}/2: ${half} POST /api/requests`);
      rounds.create.push(await closedLoop(half, concurrency, create));
    }
    const fig: CreateFigures = { concurrency, count: half * 2, departments, create: merge(rounds.create), raw: merge(rounds.raw), ratioP50: 0 };
    fig.ratioP50 = fig.create.p50 / fig.raw.p50;
    out.push(fig);
    progress(
      `create @${concurrency}${departments > 1 ? ` (${departments} depts)` : ""}: service p50 ${ms(fig.create.p50)} p99 ${ms(fig.create.p99)} ${num(fig.create.perSecond)}/s | ` +
        `raw p50 ${ms(fig.raw.p50)} p99 ${ms(fig.raw.p99)} ${num(fig.raw.perSecond)}/s | ratio p50 ${fig.ratioP50.toFixed(2)}x`,
    );
  }
  return { levels: out, breakdown: await breakdown(h, template, 150) };
}

/** The storage calls one create makes, timed with the service's own table clients. */
async function breakdown(h: Section, dept: Department, count: number): Promise<CreateBreakdown> {
  const t = h.svc.app.tables;
  progress(`create: breakdown at 1 client, ${count} of each storage call the service makes per create`);
  let n = 0;
  const upsert = () =>
    t.Users.upsertEntity({ partitionKey: `${TENANT}|bench-breakdown`, rowKey: String(++n).padStart(16, "0"), department: dept.key, number: n, createToken: "x" }, "Replace");
  const partition = { ...dept, key: "TXB" };
  const counter = await t.Requests.createEntity({ partitionKey: `${TENANT}|TXB`, rowKey: COUNTER_RK, kind: "counter", n: 0 });
  let etag = counter.etag!;
  let number = 0;
  const transaction = async () => {
    number++;
    const { request, events } = newRequest({
      tenantId: TENANT, dept: partition, number, title: `Bench request ${number}`, description: DESCRIPTION, category: "network",
      priority: "normal", requester: { id: "bench-user", name: "Bench User" }, source: { kind: "api" }, now: new Date().toISOString(),
    });
    const res = await t.Requests.submitTransaction([
      ["update", { partitionKey: `${TENANT}|TXB`, rowKey: COUNTER_RK, kind: "counter", n: number }, "Replace", { etag }],
      ["create", requestToEntity(request)],
      ["create", historyToEntity(request, events)],
      ["create", changeToEntity(request)],
    ]);
    etag = res.subResponses[0]!.etag!;
  };
  const pointer = await closedLoop(count, 1, upsert);
  const tx = await closedLoop(count, 1, transaction);
  const both = await closedLoop(count, 1, () => Promise.all([upsert(), transaction()]));
  const out = { count, pointerUpsert: summarize(pointer.latencies), transaction: summarize(tx.latencies), together: summarize(both.latencies) };
  progress(
    `create: pointer upsert p50 ${ms(out.pointerUpsert.p50)}, transaction (4 rows) p50 ${ms(out.transaction.p50)}, ` +
      `both at once (as the service does) p50 ${ms(out.together.p50)} of storage per create`,
  );
  return out;
}

/** The same row the service writes for a new request (all columns, JSON parts included). */
function rawEntity(dept: Department, partition: string, n: number) {
  const { request } = newRequest({
    tenantId: TENANT,
    dept,
    number: n,
    title: `Bench request ${n}`,
    description: DESCRIPTION,
    category: "network",
    priority: "normal",
    requester: { id: "bench-user", name: "Bench User" },
    source: { kind: "api" },
    now: new Date().toISOString(),
  });
  return { ...requestToEntity(request), partitionKey: `${TENANT}|RAW${partition}`, rowKey: requestRk(n) };
}

/** Merges rounds measured separately: latencies pooled, throughput over the summed wall time. */
function merge(parts: TimedRun[]): LoadResult {
  const all = parts.flatMap((p) => p.latencies);
  const n = parts.reduce((a, p) => a + p.n, 0);
  const wallMs = parts.reduce((a, p) => a + p.wallMs, 0);
  return { ...summarize(all), concurrency: parts[0]!.concurrency, perSecond: (n / wallMs) * 1000, wallMs };
}
