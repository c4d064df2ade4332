import assert from "node:assert/strict";
import { createDepartment } from "../support/api.ts";
import { startService, type TestService } from "../support/service.ts";
import { startStorageProxy, type CallRecord, type StorageProxy } from "../support/storage-proxy/index.ts";

/**
 * The escalation scheduler reads only what is due (DESIGN.md "Storage"; issue 12's aims: a pass
 * with nothing due reads no request, a pass with k due requests reads O(k)). Counted by a
 * proxy of this test's own in front of the run's, in storage calls and entities, never time.
 */
describe("escalation scheduler: what a pass reads", function () {
  this.timeout(60_000);
  let proxy: StorageProxy;
  let svc: TestService;
  let now = Date.parse("2026-05-04T09:00:00Z");
  const URGENT = 4;
  const LOW = 16;

  before(async () => {
    proxy = await startStorageProxy(process.env.TANDEM_TEST_STORAGE!);
    svc = await startService({ connectionString: proxy.connectionString, clock: () => now, env: { SUMMARY_INTERVAL_MS: "0", OUTBOX_INTERVAL_MS: "0" } });
    await createDepartment(svc, "OPS");
    await createDepartment(svc, "HR");
    const dana = await svc.token("dana");
    for (let i = 0; i < URGENT + LOW; i++) {
      const res = await svc.call("POST", "/api/requests", { token: dana, body: { department: "OPS", title: `Request ${i}`, priority: i < URGENT ? "urgent" : "low" } });
      assert.equal(res.status, 201, res.text);
    }
    await svc.app.scheduler.tick(); // the first pass also prunes the change log (hourly)
  });
  after(async () => {
    await svc?.close();
    await proxy?.stop();
  });

  /** One pass, with the records of the storage calls it made (and the notices it caused). */
  async function pass() {
    await svc.app.notifier?.idle();
    await proxy.reset();
    const result = await svc.app.scheduler.tick();
    await svc.app.notifier?.idle();
    return { result, records: (await proxy.records()).filter((r) => r.table.endsWith("Requests")) };
  }
  const queries = (rs: CallRecord[]) => rs.filter((r) => r.kind === "query");
  const dueRange = () => new RegExp(`^PartitionKey eq '[^']+' and RowKey gt 'd\\|' and RowKey lt 'd\\|${new Date(now).toISOString()}\\|~'$`);
  const entities = (rs: CallRecord[]) => rs.reduce((n, r) => n + r.entities, 0);

  it("with nothing due: one due-range query per department, no request read", async () => {
    const { result, records } = await pass();
    assert.deepEqual(result.fired, []);
    assert.equal(queries(records).length, 2, JSON.stringify(records));
    for (const q of queries(records)) assert.match(q.filter!, dueRange(), "only the due entries up to now");
    assert.equal(entities(records), 0);
    assert.equal(records.filter((r) => r.kind === "point-read").length, 0);
  });

  it(`with k due (the ${URGENT} urgent requests' warnings): reads k due entries and k requests`, async () => {
    now += 4.5 * 60_000; // urgent: first response in 5 min, warned at 80 %; low: in 60 min
    const { result, records } = await pass();
    assert.equal(result.fired.length, URGENT, JSON.stringify(result.fired));
    assert.ok(result.fired.every((f) => f.step === "warn"));
    assert.equal(entities(queries(records)), URGENT, "the due entries");
    assert.equal(records.filter((r) => r.kind === "point-read").length, URGENT, "the requests they name");
    for (const q of queries(records)) assert.match(q.filter!, dueRange());
  });

  it("right after, nothing is due again: the fired requests' entries moved to their next step", async () => {
    const { result, records } = await pass();
    assert.deepEqual(result.fired, []);
    assert.equal(entities(records), 0);
  });
});
