import assert from "node:assert/strict";
import { TableClient, type TransactionAction } from "@azure/data-tables";
import { fillPage } from "../../bot/storage/paging.ts";
import { openTables, withPurpose } from "../../bot/storage/tables.ts";
import { uniquePrefix } from "../support/service.ts";
import { startStorageProxy, type StorageProxy } from "../support/storage-proxy/index.ts";

/**
 * The storage stand-ins the issue-12 tests rely on, on the run's Azurite directly (these tests
 * send whole-table queries on purpose: they stay out of the suite-wide check's proxy).
 */
describe("storage proxy", function () {
  this.timeout(30_000);
  const direct = () => process.env.TANDEM_TEST_STORAGE_DIRECT!;
  const proxies: StorageProxy[] = [];
  const proxy = async (opts: Parameters<typeof startStorageProxy>[1] = {}) => {
    const p = await startStorageProxy(direct(), opts);
    proxies.push(p);
    return p;
  };
  after(() => Promise.all(proxies.map((p) => p.stop())));
  const drain = async (it: AsyncIterable<unknown>) => {
    const out: unknown[] = [];
    for await (const x of it) out.push(x);
    return out;
  };

  /** A table holding `n` rows in one partition, through `p`. */
  async function tableWith(p: StorageProxy, n: number) {
    const name = `${uniquePrefix()}Rows`;
    const seed = TableClient.fromConnectionString(direct(), name, { allowInsecureConnection: true });
    await seed.createTable();
    await seed.submitTransaction(Array.from({ length: n }, (_, i): TransactionAction => ["create", { partitionKey: "p", rowKey: `r${String(i).padStart(3, "0")}`, i }]));
    return TableClient.fromConnectionString(p.connectionString, name, { allowInsecureConnection: true });
  }

  describe("short pages (Azure's paging at its most awkward)", () => {
    it("answers pages of 1 to 3 entities and empty pages with a token; following the tokens gives every row once, in order", async () => {
      const p = await proxy({ shortPages: 3 });
      const table = await tableWith(p, 25);
      const pages: number[] = [];
      const rows: string[] = [];
      for await (const page of table.listEntities<{ i: number }>({ queryOptions: { filter: "PartitionKey eq 'p'" } }).byPage()) {
        pages.push(page.length);
        rows.push(...page.map((e) => e.rowKey!));
      }
      assert.deepEqual(rows, Array.from({ length: 25 }, (_, i) => `r${String(i).padStart(3, "0")}`));
      assert.ok(pages.every((n) => n <= 3), `page sizes ${pages.join(",")}`);
      assert.ok(pages.includes(0), `some page is empty: ${pages.join(",")}`);
      assert.ok(pages.filter((n) => n > 0).length >= 9, "at least 25/3 non-empty pages");
      // A page asked for fewer than 3 never gets more.
      for await (const page of table.listEntities({ queryOptions: { filter: "PartitionKey eq 'p'" } }).byPage({ maxPageSize: 1 })) {
        assert.ok(page.length <= 1);
      }
    });

    it("an API page filled by following tokens (fillPage) resumes exactly where it stopped", async () => {
      const p = await proxy({ shortPages: 11 });
      const table = await tableWith(p, 10);
      const first = await fillPage<{ i: number }>(table, "PartitionKey eq 'p'", 7);
      assert.deepEqual(first.items.map((e) => e.i), [0, 1, 2, 3, 4, 5, 6]);
      assert.ok(first.next, "more to come");
      const rest = await fillPage<{ i: number }>(table, "PartitionKey eq 'p'", 7, first.next);
      assert.deepEqual(rest.items.map((e) => e.i), [7, 8, 9]);
      assert.equal(rest.next, undefined);
    });
  });

  describe("the recorder", () => {
    it("keeps unkeyed queries across resets, with the purpose the caller gave (the one-time upgrade)", async () => {
      const p = await proxy();
      const tables = openTables({ connectionString: p.connectionString, prefix: uniquePrefix() });
      await tables.Activities.createTable();
      await tables.Activities.createEntity({ partitionKey: "a", rowKey: "1" });
      const list = () => drain(tables.Activities.listEntities({ queryOptions: { filter: "RowKey ne ''" } }));
      await list();
      await p.reset();
      await withPurpose("upgrade", list);
      await drain(tables.Activities.listEntities({ queryOptions: { filter: "PartitionKey eq 'a'" } }));
      assert.equal((await p.records()).length, 2, "records since the reset: the upgrade's query and the keyed one");
      const unkeyed = await p.unkeyed();
      assert.deepEqual(unkeyed.map((r) => r.purpose ?? "(none)"), ["(none)", "upgrade"]);
      assert.deepEqual((await p.unkeyed(1)).map((r) => r.purpose), ["upgrade"], "from the second on");
    });

    it("in unkeyed-only mode keeps nothing else", async () => {
      const p = await proxy({ unkeyedOnly: true });
      const table = await tableWith(p, 2);
      await drain(table.listEntities({ queryOptions: { filter: "PartitionKey eq 'p'" } }));
      await drain(table.listEntities());
      assert.equal((await p.records()).length, 0);
      assert.equal((await p.unkeyed()).length, 1);
    });
  });
});
