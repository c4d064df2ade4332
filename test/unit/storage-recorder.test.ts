import assert from "node:assert/strict";
import { classify, entitiesIn, pinsPartition } from "../support/storage-proxy/recorder.ts";

/** The counting proxy's judgement of a query: does it pin one partition? */
describe("storage recorder: partition keys", () => {
  it("accepts a PartitionKey equality and-ed with row key ranges and columns", () => {
    assert.ok(pinsPartition("PartitionKey eq 't|IT'"));
    assert.ok(pinsPartition("PartitionKey eq 't|IT' and RowKey gt 'r|' and RowKey lt 'r|~'"));
    assert.ok(pinsPartition("(PartitionKey eq 't|IT') and (status eq 'new')"));
    assert.ok(pinsPartition("RowKey gt 'a' and PartitionKey eq 'x'"));
    assert.ok(pinsPartition("PartitionKey eq 'it''s or not'"), "words inside a literal don't count");
    assert.ok(pinsPartition("PartitionKey eq 't|IT' and RowKey gt 'c|' and (requesterId eq 'a' or createdById eq 'a')"), "an or inside parentheses, and-ed with the partition");
    assert.ok(pinsPartition("((PartitionKey eq 'x')) and RowKey lt 'b'"));
  });

  it("flags scans: no filter, no partition, an or, a range of partitions", () => {
    assert.ok(!pinsPartition(""));
    assert.ok(!pinsPartition("kind eq 'request' and isOpen eq true"));
    assert.ok(!pinsPartition("PartitionKey eq 'a' or PartitionKey eq 'b'"));
    assert.ok(!pinsPartition("PartitionKey gt 'a' and PartitionKey lt 'b'"));
    assert.ok(!pinsPartition("not (PartitionKey eq 'a')"));
    assert.ok(!pinsPartition("status eq 'PartitionKey eq '"));
    assert.ok(!pinsPartition("PartitionKey eq 'a' and RowKey gt 'x' or RowKey eq 'y'"), "and binds tighter than or");
    assert.ok(!pinsPartition("(PartitionKey eq 'a' and RowKey gt 'x') or RowKey eq 'y'"));
    assert.ok(!pinsPartition("(PartitionKey eq 'a') or (PartitionKey eq 'b')"));
    assert.ok(!pinsPartition("(PartitionKey eq 'a'"), "unbalanced");
  });

  it("classifies the Table service's URLs and counts entities in answers", () => {
    const u = (s: string) => new URL(`http://127.0.0.1:1/devstoreaccount1/${s}`);
    assert.deepEqual(classify("GET", u("tReq(PartitionKey='a',RowKey='b')")), { table: "tReq", kind: "point-read", filter: "PartitionKey='a',RowKey='b'" });
    assert.deepEqual(classify("GET", u("tReq()?%24filter=PartitionKey%20eq%20%27a%27")), { table: "tReq", kind: "query", filter: "PartitionKey eq 'a'", keyed: true });
    assert.deepEqual(classify("GET", u("tReq()")), { table: "tReq", kind: "query", filter: "", keyed: false });
    assert.deepEqual(classify("POST", u("$batch")), { table: "", kind: "batch" });
    assert.deepEqual(classify("POST", u("Tables")), { table: "Tables", kind: "table" });
    assert.equal(entitiesIn("query", 200, '{"value":[{},{}]}'), 2);
    assert.equal(entitiesIn("point-read", 404, ""), 0);
  });
});
