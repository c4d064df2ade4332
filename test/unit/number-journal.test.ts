import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NumberJournal } from "../../bot/storage/number-journal.ts";

/** The embedded storage's record of request numbers handed out (bot/storage/number-journal.ts). */
describe("request number journal", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-journal-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const lines = () => fs.readFileSync(path.join(dir, "request-numbers.jsonl"), "utf8").split("\n").filter(Boolean);

  it("keeps the highest number per tenant and department across a reopen, compacted to one line each", () => {
    const j = NumberJournal.open(dir);
    for (let n = 1; n <= 50; n++) j.allocated("t1", "IT", n);
    j.allocated("t1", "HR", 7);
    j.allocated("t2", "IT", 3);
    j.allocated("t1", "IT", 12); // a lower number never lowers the floor
    assert.equal(lines().length, 52);
    j.close();

    const again = NumberJournal.open(dir);
    assert.equal(again.floor("t1", "IT"), 50);
    assert.equal(again.floor("t1", "HR"), 7);
    assert.equal(again.floor("t2", "IT"), 3);
    assert.equal(again.floor("t2", "HR"), 0);
    assert.equal(lines().length, 3);
    again.close();
  });

  it("a line half-written by a killed process is skipped, the lines before it count", () => {
    fs.writeFileSync(path.join(dir, "request-numbers.jsonl"), '{"tenantId":"t1","department":"IT","n":41}\n{"tenantId":"t1","depa');
    const j = NumberJournal.open(dir);
    assert.equal(j.floor("t1", "IT"), 41);
    j.allocated("t1", "IT", 42);
    j.close();
    const reopened = NumberJournal.open(dir);
    assert.equal(reopened.floor("t1", "IT"), 42);
    reopened.close();
  });

  it("compacts itself as it grows, keeping every floor", () => {
    const j = NumberJournal.open(dir);
    for (let n = 1; n <= 12_000; n++) j.allocated("t1", "IT", n);
    assert.ok(lines().length < 10_002, `${lines().length} lines`);
    j.close();
    const reopened = NumberJournal.open(dir);
    assert.equal(reopened.floor("t1", "IT"), 12_000);
    reopened.close();
  });
});
