import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { type TransactionAction } from "@azure/data-tables";
import { entityToRequest } from "../../bot/storage/request-entity.ts";
import { createTables, openTables, TABLE_NAMES, type Tables } from "../../bot/storage/tables.ts";
import { upgradeStorage } from "../../bot/storage/upgrade.ts";
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

async function loadFixture(tables: Tables, edit: (table: string, row: Record<string, unknown>) => Record<string, unknown> = (_, r) => r) {
  await createTables(tables);
  for (const name of TABLE_NAMES) {
    const byPk = new Map<string, Array<Record<string, unknown>>>();
    for (const row of fixture.tables[name] ?? []) {
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
    const log = console.log;
    console.log = (...args: unknown[]) => void lines.push(args.join(" "));
    try {
      svc = await startService({ prefix, clock: () => now });
    } finally {
      console.log = log;
    }
  });
  after(() => svc?.close());

  it("says what it does while it runs", () => {
    assert.ok(lines.some((l) => /Upgrading storage to layout 2/.test(l)), lines.join("\n"));
    assert.ok(lines.some((l) => new RegExp(`Storage upgraded: ${oldRequests.length} requests`).test(l)), lines.join("\n"));
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
