import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { storedPlaces } from "../../bot/storage/places.ts";
import { ActivityLog } from "../../bot/storage/activity-log.ts";
import { ConversationStore } from "../../bot/storage/conversation-store.ts";
import { OutboxStore } from "../../bot/storage/outbox-store.ts";
import { createTables, keyPart, openTables, withPurpose, type Tables } from "../../bot/storage/tables.ts";
import { TenantRegistry, upgradeTenantRegistry } from "../../bot/storage/tenant-registry.ts";
import { assertSameStorage, createDepartment, departmentBody, dumpStorage } from "../support/api.ts";
import { startService, TENANT, uniquePrefix, type TestService } from "../support/service.ts";

/**
 * Where periodic work learns what exists without scanning (DESIGN.md "Storage": no query
 * without a PartitionKey equality): the tenant registry, the outbox per tenant, the activity
 * log's day index, the team -> triage-channel index, and the one-time upgrade that builds
 * them for a store written before they existed. Every query here is checked by the run's
 * counting proxy (test/support/global-fixtures.ts).
 */
describe("tenant registry and the indexes periodic work reads", function () {
  this.timeout(30_000);

  const freshTables = async () => {
    const tables = openTables({ connectionString: process.env.TANDEM_TEST_STORAGE!, prefix: uniquePrefix() });
    await createTables(tables);
    return tables;
  };

  describe("on a new store", () => {
    let svc: TestService;
    before(async () => (svc = await startService()));
    after(() => svc?.close());

    it("a tenant's first department registers the tenant; the scheduler finds every department of every tenant", async () => {
      assert.deepEqual(await TenantRegistry.of(svc.app.tables).list(), []);
      await createDepartment(svc, "IT");
      await createDepartment(svc, "HR");
      const admin2 = await svc.token({ userId: "root-b", tenantId: "tenant-b", roles: ["Tandem.Admin"] });
      const put = await svc.call("PUT", "/api/departments/OPS", { token: admin2, body: departmentBody("OPS") });
      assert.equal(put.status, 201, put.text);
      assert.deepEqual((await TenantRegistry.of(svc.app.tables).list()).sort(), [TENANT, "tenant-b"].sort());
      const places = storedPlaces(svc.app.tables);
      const seen: string[] = [];
      for (const t of await places.tenants()) for (const d of await places.departments(t)) seen.push(`${t}/${d}`);
      assert.deepEqual(seen.sort(), [`${TENANT}/HR`, `${TENANT}/IT`, "tenant-b/OPS"].sort());
    });
  });

  it("the outbox finds a tenant's due posts even when the tenant has no department (the post registers it)", async () => {
    const tables = await freshTables();
    const outbox = new OutboxStore(tables);
    const now = new Date("2026-04-01T10:00:00Z");
    await outbox.add({ tenantId: "lonely", target: "lonely|user|u1", payload: { n: 1 }, attempts: 1 }, new Date(now.getTime() - 1000));
    await outbox.add({ tenantId: "lonely", target: "lonely|user|u1", payload: { n: 2 }, attempts: 1 }, new Date(now.getTime() + 60_000));
    await outbox.add({ tenantId: "other", target: "other|user|u2", payload: { n: 3 }, attempts: 1 }, new Date(now.getTime() - 5000));
    // Another instance (its own registry object) sees them too.
    const elsewhere = new OutboxStore({ ...tables });
    const due = await elsewhere.due<{ n: number }>(now);
    assert.deepEqual(due.map((d) => d.payload.n).sort(), [1, 3], "due ones only, every tenant");
    assert.ok(due.every((d) => d.tenantId === d.target.split("|")[0]));
  });

  it("forgetting a team forgets only the channels still in it (a department relinked to another team keeps its channel)", async () => {
    const tables = await freshTables();
    const conversations = new ConversationStore(tables);
    await conversations.put(ConversationStore.channelKey("t1", "IT"), { id: "it-channel" }, { teamId: "team-a" });
    await conversations.put(ConversationStore.channelKey("t1", "HR"), { id: "hr-channel" }, { teamId: "team-a" });
    await conversations.put(ConversationStore.channelKey("t1", "FIN"), { id: "fin-channel" }, { teamId: "team-b" });
    await conversations.put(ConversationStore.channelKey("t2", "IT"), { id: "other-tenant" }, { teamId: "team-a" });
    // HR moved to a channel of team B since.
    await conversations.put(ConversationStore.channelKey("t1", "HR"), { id: "hr-new-channel" }, { teamId: "team-b" });
    await conversations.removeTeam("t1", "team-a");
    assert.equal(await conversations.get(ConversationStore.channelKey("t1", "IT")), undefined);
    assert.deepEqual(await conversations.get(ConversationStore.channelKey("t1", "HR")), { id: "hr-new-channel" });
    assert.deepEqual(await conversations.get(ConversationStore.channelKey("t1", "FIN")), { id: "fin-channel" });
    assert.deepEqual(await conversations.get(ConversationStore.channelKey("t2", "IT")), { id: "other-tenant" }, "another tenant's team of the same id");
    await conversations.removeTeam("t1", "team-b");
    assert.equal(await conversations.get(ConversationStore.channelKey("t1", "HR")), undefined);
    assert.equal(await conversations.get(ConversationStore.channelKey("t1", "FIN")), undefined);
  });

  it("the activity log prunes every old day of every tenant, and a prune that died half-way is finished by the next", async () => {
    const tables = await freshTables();
    const log = new ActivityLog(tables);
    for (const [tenant, day] of [["t1", "2026-02-20"], ["t2", "2026-02-25"], ["t1", "2026-03-01"], ["t2", "2026-03-02"]] as const) {
      await log.firstTime(tenant, "c", `a-${day}`, new Date(`${day}T12:00:00Z`));
    }
    // A prune that died after emptying a day but before deleting its index row: the row is still listed.
    await tables.Activities.upsertEntity({ partitionKey: "~days", rowKey: `2026-02-10|${keyPart("t1")}` }, "Replace");
    const removed = await new ActivityLog(tables).prune(new Date("2026-03-02T12:00:00Z"));
    assert.equal(removed, 2, "the two days before yesterday");
    const again = new ActivityLog(tables);
    assert.equal(await again.firstTime("t1", "c", "a-2026-02-20", new Date("2026-02-20T12:00:00Z")), true, "forgotten");
    assert.equal(await again.firstTime("t1", "c", "a-2026-03-01", new Date("2026-03-01T12:00:00Z")), false, "yesterday kept");
    assert.equal(await again.firstTime("t2", "c", "a-2026-03-02", new Date("2026-03-02T12:00:00Z")), false, "today kept");
    const index = await directRows(tables, "~days");
    assert.ok(!index.some((k) => k.startsWith("2026-02-10") || k.startsWith("2026-02-25")), `pruned days leave the index: ${index.join(", ")}`);
  });

  describe("upgrade of a store written before the registry", () => {
    const fixture = JSON.parse(readFileSync(new URL("../fixtures/layout-v1.json", import.meta.url), "utf8")) as { tables: Record<string, Array<Record<string, unknown>>> };
    let svc: TestService;
    let lines: string[] = [];
    const oldDay = "2026-01-15";

    before(async () => {
      // The rows as the code before the registry wrote them: departments of two tenants, a
      // triage channel's reference with its team, a day of the activity log. No Tenants table.
      const prefix = uniquePrefix();
      const tables = openTables({ connectionString: process.env.TANDEM_TEST_STORAGE!, prefix });
      for (const name of ["Departments", "Conversations", "Activities"] as const) await tables[name].createTable();
      for (const d of fixture.tables.Departments!) {
        await tables.Departments.createEntity(d as never);
        await tables.Departments.createEntity({ ...d, partitionKey: "tenant-b" } as never);
      }
      await tables.Conversations.createEntity({ partitionKey: `${TENANT}|channel|IT`, rowKey: "ref", teamId: "team-old", savedAt: "2026-01-01T00:00:00Z", reference: JSON.stringify({ id: "19:old@thread" }) });
      await tables.Activities.createEntity({ partitionKey: `${oldDay}|${keyPart(TENANT)}`, rowKey: "h1" });
      const log = console.log;
      console.log = (...args: unknown[]) => void lines.push(args.join(" "));
      try {
        svc = await startService({ prefix });
      } finally {
        console.log = log;
      }
    });
    after(() => svc?.close());

    it("registers every tenant that has departments, and says so", async () => {
      assert.ok(lines.some((l) => /Tenant registry: 2 tenant\(s\), 1 triage channel\(s\) indexed by team, 1 day\(s\)/.test(l)), lines.join("\n"));
      assert.deepEqual((await TenantRegistry.of(svc.app.tables).list()).sort(), [TENANT, "tenant-b"].sort());
    });

    it("indexes the old triage channel by its team, so removing the bot from that team forgets it", async () => {
      const conversations = new ConversationStore(svc.app.tables);
      await conversations.removeTeam(TENANT, "team-old");
      assert.equal(await conversations.get(ConversationStore.channelKey(TENANT, "IT")), undefined);
    });

    it("indexes the old days of the activity log, so the prune finds them", async () => {
      assert.equal(await new ActivityLog(svc.app.tables).prune(new Date("2026-03-01T00:00:00Z")), 1);
    });

    it("running it again changes nothing", async () => {
      const before = await dumpStorage(svc.app);
      await withPurpose("upgrade", () => upgradeTenantRegistry(svc.app.tables));
      assertSameStorage(before, await dumpStorage(svc.app), "a second upgrade");
    });
  });
});

/** Row keys of one partition of the Activities table, read directly. */
async function directRows(tables: Tables, pk: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of tables.Activities.listEntities({ queryOptions: { filter: `PartitionKey eq '${pk}'` } })) out.push(e.rowKey!);
  return out;
}
