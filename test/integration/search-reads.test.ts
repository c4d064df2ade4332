import assert from "node:assert/strict";
import { createDepartment } from "../support/api.ts";
import { startService, type TestService } from "../support/service.ts";
import { startStorageProxy, type CallRecord, type StorageProxy } from "../support/storage-proxy/index.ts";
import { POSTINGS_PER_WORD } from "../../bot/service/search-service.ts";

/** A search reads bounded postings by key range, never scans (DESIGN.md "Storage"): counted by a storage proxy. */
describe("search: what a query reads", function () {
  this.timeout(180_000);
  const N = 500;
  let proxy: StorageProxy;
  let svc: TestService;
  let ben: string;

  before(async () => {
    proxy = await startStorageProxy(process.env.TANDEM_TEST_STORAGE!);
    svc = await startService({ connectionString: proxy.connectionString, env: { SUMMARY_INTERVAL_MS: "0", OUTBOX_INTERVAL_MS: "0" } });
    await createDepartment(svc, "OPS", { agents: [{ id: "demo-ben", name: "Ben Okafor" }] });
    const dana = await svc.token("dana");
    ben = await svc.token("ben");
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < N) {
        const i = next++;
        const res = await svc.call("POST", "/api/requests", { token: dana, body: { department: "OPS", title: `Laptop ${i % 3 === 0 ? "screen flickers" : "keyboard broken"} ${i}` } });
        assert.equal(res.status, 201, res.text);
      }
    }));
  });
  after(async () => {
    await svc?.close();
    await proxy?.stop();
  });

  it(`with ${N} requests indexed, a search reads far fewer entities, every query by partition and key range`, async () => {
    await svc.call("GET", "/api/departments/OPS/requests?q=laptop&limit=20", { token: ben }); // the follower caught up
    await proxy.reset();
    const res = await svc.call("GET", "/api/departments/OPS/requests?q=laptop%20screen&limit=20", { token: ben });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.items.length, 20, "a full page");
    assert.match(res.body.items[0].title, /screen/, "both words matched come first");
    const records: CallRecord[] = await proxy.records();
    const search = records.filter((r) => r.table.endsWith("Search"));
    for (const r of search.filter((r) => r.kind === "query")) {
      assert.ok(r.keyed, `keyed: ${r.filter}`);
      assert.match(r.filter!, /RowKey ge 't\|/, `a term's key range: ${r.filter}`);
    }
    const postings = search.reduce((n, r) => n + r.entities, 0);
    assert.ok(postings <= 3 * POSTINGS_PER_WORD, `postings read: ${postings}`);
    // Request rows only: the change-log cursor is read too (the index is brought up to date before answering).
    const requestReads = records.filter((r) => r.table.endsWith("Requests") && r.kind === "point-read" && /RowKey='r\|/.test(r.filter ?? "")).length;
    assert.ok(requestReads <= 20, `requests read: ${requestReads}`);
    assert.ok(records.every((r) => r.kind !== "query" || r.keyed), `no unkeyed query: ${JSON.stringify(records.filter((r) => r.kind === "query" && !r.keyed))}`);
    assert.ok(postings + requestReads < N, `far fewer than ${N}: ${postings} postings + ${requestReads} requests`);
  });
});
