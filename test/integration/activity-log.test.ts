import assert from "node:assert/strict";
import { ActivityLog } from "../../bot/storage/activity-log.ts";
import { createTables, openTables } from "../../bot/storage/tables.ts";
import { uniquePrefix } from "../support/service.ts";

describe("the log of handled Teams activities (real Azurite)", function () {
  this.timeout(20_000);
  let log: ActivityLog;
  let tables: ReturnType<typeof openTables>;

  before(async () => {
    tables = openTables({ connectionString: process.env.TANDEM_TEST_STORAGE!, prefix: uniquePrefix() });
    await createTables(tables);
    log = new ActivityLog(tables);
  });

  it("says first time once per activity and conversation, per tenant, even when asked at once", async () => {
    const now = new Date("2026-03-02T10:00:00Z");
    const answers = await Promise.all(Array.from({ length: 8 }, () => log.firstTime("t1", "conv-a", "act-1", now)));
    assert.deepEqual(answers.filter(Boolean).length, 1);
    assert.equal(await log.firstTime("t1", "conv-b", "act-1", now), true, "another conversation");
    assert.equal(await log.firstTime("t2", "conv-a", "act-1", now), true, "another tenant");
  });

  it("prunes whole days older than yesterday, and keeps yesterday's and today's", async () => {
    await log.firstTime("t1", "c", "old", new Date("2026-02-27T23:59:00Z"));
    await log.firstTime("t1", "c", "yesterday", new Date("2026-03-01T08:00:00Z"));
    await log.firstTime("t1", "c", "today", new Date("2026-03-02T08:00:00Z"));
    const removed = await log.prune(new Date("2026-03-02T12:00:00Z"));
    assert.equal(removed, 1);
    assert.equal(await log.firstTime("t1", "c", "old", new Date("2026-02-27T23:59:00Z")), true, "forgotten");
    assert.equal(await log.firstTime("t1", "c", "yesterday", new Date("2026-03-01T08:00:00Z")), false, "kept");
    assert.equal(await log.firstTime("t1", "c", "today", new Date("2026-03-02T08:00:00Z")), false, "kept");
  });
});
