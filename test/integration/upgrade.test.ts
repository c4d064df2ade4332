import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { type TransactionAction } from "@azure/data-tables";
import { entityToRequest } from "../../bot/storage/request-entity.ts";
import { createTables, openTables, TABLE_NAMES, type Tables } from "../../bot/storage/tables.ts";
import { upgradeOpenRequests } from "../../bot/storage/open-upgrade.ts";
import { upgradeStorage } from "../../bot/storage/upgrade.ts";
import { departmentStats } from "../../shared/stats/index.ts";
import { assertSameStorage, dumpStorage } from "../support/api.ts";
import { RequestStore } from "../../bot/storage/request-store.ts";
import { startService, TENANT, uniquePrefix, type TestService } from "../support/service.ts";

/** The tables as the code before issue 12 wrote them (test/fixtures/capture-layout-v1.ts). */
const fixture = JSON.parse(readFileSync(new URL("../fixtures/layout-v1.json", import.meta.url), "utf8")) as {
  writtenAt: string;
  tables: Record<string, Array<Record<string, unknown>>>;
};
const oldRequests = fixture.tables.Requests!.filter((e) => String(e.rowKey).startsWith("r|")).map((e) => entityToRequest(e));
/** The request filed with Idempotency-Key old-key-3, whose claim the test makes lose its request id. */
const keyed = oldRequests.find((r) => r.title === "Old request 3")!;
const isOpen = (s: string) => ["new", "in_progress", "waiting"].includes(s);

type Fixture = { writtenAt: string; tables: Record<string, Array<Record<string, unknown>>> };

async function loadFixture(tables: Tables, edit: (table: string, row: Record<string, unknown>) => Record<string, unknown> = (_, r) => r, from: Fixture = fixture) {
  await createTables(tables);
  for (const name of TABLE_NAMES) {
    const byPk = new Map<string, Array<Record<string, unknown>>>();
    for (const row of from.tables[name] ?? []) {
      const r = edit(name, row);
      byPk.set(String(r.partitionKey), [...(byPk.get(String(r.partitionKey)) ?? []), r]);
    }
    for (const rows of byPk.values()) {
      for (let i = 0; i < rows.length; i += 100) {
        await tables[name].submitTransaction(rows.slice(i, i + 100).map((r) => ["create", r] as TransactionAction));
      }
    }
  }
}

/** Starts the service on the tables under `prefix` (the upgrade runs), keeping what it logs. */
async function startLogging(lines: string[], prefix: string, clock: () => number): Promise<TestService> {
  const log = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.join(" "));
  try {
    return await startService({ prefix, clock });
  } finally {
    console.log = log;
  }
}

describe("upgrade of a store written by the previous layout", function () {
  this.timeout(60_000);
  let svc: TestService;
  let lines: string[] = [];
  const now = Date.parse(fixture.writtenAt);

  before(async () => {
    const prefix = uniquePrefix();
    // One claim lost its request id (its creator died between the two writes): the token row
    // the upgrade makes must still lead a retry to the request.
    await loadFixture(openTables({ connectionString: process.env.TANDEM_TEST_STORAGE!, prefix }), (table, row) =>
      table === "Claims" && row.requestId === keyed.id ? { ...row, requestId: "" } : row,
    );
    svc = await startLogging(lines, prefix, () => now);
  });
  after(() => svc?.close());

  it("says what it does while it runs", () => {
    assert.ok(lines.some((l) => /Upgrading storage from layout 1 to 3/.test(l)), lines.join("\n"));
    assert.ok(lines.some((l) => new RegExp(`Storage upgraded to layout 3: ${oldRequests.length} request rows rewritten`).test(l)), lines.join("\n"));
  });

  it("keeps every request and its history readable", async () => {
    const alex = await svc.token("alex");
    for (const old of oldRequests) {
      const res = await svc.call("GET", `/api/requests/${old.id}`, { token: alex });
      assert.equal(res.status, 200, `${old.id}: ${res.text}`);
      assert.deepEqual(
        { status: res.body.status, title: res.body.title, version: old.version, requester: res.body.requester.id },
        { status: old.status, title: old.title, version: old.version, requester: old.requester.id },
      );
      assert.ok(res.body.history.length >= old.version, `${old.id} has its history`);
    }
  });

  it("lists the open queue from the new open copies: every open request, nothing else", async () => {
    const ana = await svc.token("ana");
    const res = await svc.call("GET", "/api/departments/IT/requests?status=open&limit=100", { token: ana });
    assert.equal(res.status, 200, res.text);
    const expected = oldRequests.filter((r) => r.department === "IT" && isOpen(r.status)).map((r) => r.id);
    assert.deepEqual(res.body.items.map((r: { id: string }) => r.id), expected);
  });

  it("finds converted emails and keyed creations by their token rows", async () => {
    const dana = await svc.token("dana");
    const retry = await svc.call("POST", "/api/requests", {
      token: dana,
      headers: { "Idempotency-Key": "old-key-3" },
      body: { department: keyed.department, title: "Old request 3" },
    });
    assert.equal(retry.status, 200, retry.text);
    assert.equal(retry.body.id, keyed.id, "the claim had lost its request id; the token row finds it");
    const ben = await svc.token("ben");
    const email = await svc.call("GET", `/api/requests/by-email?internetMessageId=${encodeURIComponent("<old-1@example.com>")}`, { token: ben });
    assert.equal(email.status, 200, email.text);
    assert.equal(email.body.title, "Printer");
  });

  it("numbers new requests after the old ones, and the month report finds the old months", async () => {
    const dana = await svc.token("dana");
    const created = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "After the upgrade" } });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.number, Math.max(...oldRequests.filter((r) => r.department === "IT").map((r) => r.number)) + 1);
    const october = await new RequestStore(svc.app.tables).createdInMonth(TENANT, "IT", "2026-10", "Europe/Madrid");
    assert.deepEqual(
      october.map((r) => r.id),
      oldRequests.filter((r) => r.department === "IT" && r.createdAt < "2026-10-31T23:00:00Z").map((r) => r.id),
    );
  });

  it("running it again changes nothing", async () => {
    const tables = svc.app.tables;
    const withoutMeta = async () => {
      const dump = await dumpStorage(svc.app);
      dump.delete("Departments|~tandem|layout");
      return dump;
    };
    await tables.Departments.deleteEntity("~tandem", "layout");
    const before = await withoutMeta();
    const again = await upgradeStorage(tables, { created: new Set(), closeAfterMs: 5 * 86_400_000 });
    assert.deepEqual(again, { upgraded: 0, skipped: false });
    assertSameStorage(before, await withoutMeta(), "a second upgrade");
  });
});

/** The tables as store layout 2 wrote them, summaries counted (test/fixtures/capture-layout-v2.ts). */
const fixtureV2 = JSON.parse(readFileSync(new URL("../fixtures/layout-v2.json", import.meta.url), "utf8")) as Fixture & {
  ids: { urgent: string; untouched: string; waiting: string; resolved: string };
};

describe("upgrade of a store in layout 2 (open requests not in the summaries; one clock's breach never due)", function () {
  this.timeout(60_000);
  let svc: TestService;
  const lines: string[] = [];
  // Monday 13:00 in Madrid: the urgent request's resolution (240 min from 08:00) and the untouched
  // one's first response (240 min) breached at 12:00, after the store was written.
  let now = Date.parse("2026-11-02T12:00:00Z");
  const urgentNumber = Number(fixtureV2.ids.urgent.split("-")[1]);

  before(async () => {
    const prefix = uniquePrefix();
    await loadFixture(openTables({ connectionString: process.env.TANDEM_TEST_STORAGE!, prefix }), undefined, fixtureV2);
    svc = await startLogging(lines, prefix, () => now);
  });
  after(() => svc?.close());

  /** The figures as shared/stats.ts computes them from every request of IT, read straight from storage. */
  const truth = async () => {
    const all = (await new RequestStore(svc.app.tables).list(TENANT, "IT", { status: "all", limit: 100 })).items;
    const month = { from: Date.parse("2026-10-31T23:00:00Z"), to: Date.parse("2026-11-30T23:00:00Z") };
    const s = departmentStats(all, { ...month, now });
    return { open: s.open, backlogByStatus: s.backlogByStatus, backlogByPriority: s.backlogByPriority, breachedNow: s.breachedNow, breaches: s.breaches };
  };
  const shown = async () => {
    const res = await svc.call("GET", "/api/departments/IT/stats", { token: await svc.token("alex") });
    assert.equal(res.status, 200, res.text);
    const s = res.body;
    return { open: s.open, backlogByStatus: s.backlogByStatus, backlogByPriority: s.backlogByPriority, breachedNow: s.breachedNow, breaches: s.breaches };
  };

  it("says what it does, reading only the open requests", () => {
    assert.ok(lines.some((l) => /Upgrading storage from layout 2 to 3/.test(l)), lines.join("\n"));
    const open = fixtureV2.tables.Requests!.filter((e) => String(e.rowKey).startsWith("o|")).length;
    assert.ok(lines.some((l) => new RegExp(`${open} open requests counted as open`).test(l)), lines.join("\n"));
    assert.ok(lines.some((l) => /Storage upgraded to layout 3: 0 request rows rewritten/.test(l)), lines.join("\n"));
  });

  it("gives the urgent request a due entry for its resolution breach, which layout 2 never scheduled", async () => {
    const before = fixtureV2.tables.Requests!.find((e) => e.rowKey === `r|${String(urgentNumber).padStart(10, "0")}` && String(e.partitionKey).endsWith("|IT"))!;
    assert.equal(before.dueAt, "", "the fixture: no due entry");
    const r = await new RequestStore(svc.app.tables).get(TENANT, "IT", urgentNumber);
    assert.deepEqual({ dueAt: r?.dueAt, lateAt: r?.lateAt }, { dueAt: "2026-11-02T11:00:00.000Z", lateAt: "2026-11-02T11:00:00.000Z" });
  });

  it("shows the backlog and the breaches since the last write exactly, before and after the scheduler writes them down", async () => {
    const expected = await truth();
    assert.ok(expected.breachedNow >= 2, "the urgent one (resolution) and the untouched one (first response), besides the demo's");
    assert.deepEqual(await shown(), expected, "from the open row and the late entries");
    await svc.app.scheduler.tick();
    const view = await svc.call("GET", `/api/requests/${fixtureV2.ids.urgent}`, { token: await svc.token("alex") });
    const breaches = view.body.history.filter((e: { kind: string; sla?: string }) => e.kind === "sla" && e.sla === "breach");
    assert.deepEqual(breaches.map((e: { clock: string }) => e.clock), ["firstResponse", "resolution"]);
    assert.deepEqual(await new RequestStore(svc.app.tables).lateIn(TENANT, "IT", new Date(now).toISOString()), [], "written down: nothing late since written");
    assert.deepEqual(await shown(), expected, "now from the open row alone");
    now += 3_600_000;
    assert.deepEqual(await shown(), await truth(), "an hour later");
    // The month rows (layout 4) were built from the old store too: the scoreboard reads them.
    const alex = await svc.token("alex");
    const it = (await svc.call("GET", "/api/scoreboard", { token: alex })).body.departments.find((d: { key: string }) => d.key === "IT");
    const s = (await svc.call("GET", "/api/departments/IT/stats", { token: alex })).body;
    const pick = (x: typeof s) => [x.created, x.resolved, x.open, x.breaches, x.firstResponse.measured, x.firstResponse.met, x.resolution.measured, x.resolution.met];
    assert.deepEqual(pick(it), pick(s), "the scoreboard's counts from the month rows equal the stats' from the day rows");
  });

  it("running it again changes nothing", async () => {
    const tables = svc.app.tables;
    await tables.Departments.upsertEntity({ partitionKey: "~tandem", rowKey: "layout", version: 2 }, "Replace");
    const before = await dumpStorage(svc.app);
    const again = await upgradeStorage(tables, { created: new Set(), closeAfterMs: 5 * 86_400_000, steps: [upgradeOpenRequests(5 * 86_400_000)] });
    assert.deepEqual(again, { upgraded: 0, skipped: false });
    const after = await dumpStorage(svc.app);
    before.set("Departments|~tandem|layout", after.get("Departments|~tandem|layout")!);
    assertSameStorage(before, after, "a second upgrade from layout 2");
  });
});
