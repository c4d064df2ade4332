import assert from "node:assert/strict";
import type { z } from "zod";
import {
  LIMITS,
  VALIDATION_CODES,
  actionSchema,
  categoriesSchema,
  createRequestSchema,
  departmentKeySchema,
  devTokenSchema,
  fromEmailSchema,
  listQuerySchema,
  parse,
  reportQuerySchema,
  type InvalidDetail,
} from "../../shared/validation/index.ts";

function details(schema: z.ZodType<unknown>, input: unknown, what?: string): InvalidDetail[] {
  const r = parse(schema, input, what);
  if (r.ok) assert.fail(`expected invalid, got: ${JSON.stringify(r.value)}`);
  return r.error.details;
}

/** The code (and limit) of the one problem at `field`. */
function codeAt(ds: InvalidDetail[], field: string): { code: string; limit?: number } {
  const d = ds.find((x) => x.field === field);
  assert.ok(d, `no problem at "${field}"; problems: ${JSON.stringify(ds)}`);
  return d.limit === undefined ? { code: d.code } : { code: d.code, limit: d.limit };
}

describe("validation error codes", () => {
  it("tells a missing or empty field (required) from a wrong one", () => {
    assert.deepEqual(codeAt(details(createRequestSchema, { title: "x" }), "department"), { code: "required" });
    assert.deepEqual(codeAt(details(createRequestSchema, { department: "IT", title: "   " }), "title"), { code: "required" });
    assert.deepEqual(codeAt(details(createRequestSchema, { department: "IT", title: 42 }), "title"), { code: "wrong_type" });
  });

  it("gives length and count limits with the number", () => {
    const long = details(createRequestSchema, { department: "IT", title: "a".repeat(LIMITS.titleMax + 1) });
    assert.deepEqual(codeAt(long, "title"), { code: "too_long", limit: 200 });
    const cats = Array.from({ length: LIMITS.categoriesMax + 1 }, (_, i) => ({ key: `c${i}`, name: `C${i}` }));
    assert.deepEqual(codeAt(details(categoriesSchema, cats, "categories"), "categories"), { code: "too_many", limit: 100 });
    assert.deepEqual(codeAt(details(actionSchema, { action: "rate", score: 9 }), "score"), { code: "too_large", limit: 5 });
  });

  it("codes formats, allowed values, unknown properties, blanks, duplicates and repeated parameters", () => {
    assert.deepEqual(codeAt(details(createRequestSchema, { department: "IT", title: "x", priority: "critical" }), "priority"), { code: "not_allowed" });
    assert.deepEqual(codeAt(details(createRequestSchema, { department: "IT", title: "x", colour: "red" }), "colour"), { code: "unknown_property" });
    assert.deepEqual(codeAt(details(departmentKeySchema, "it", "key"), "key"), { code: "wrong_format" });
    const email = { internetMessageId: "<a@b>", from: { email: "not-an-email" }, department: "IT" };
    assert.deepEqual(codeAt(details(fromEmailSchema, email), "from.email"), { code: "wrong_format" });
    assert.deepEqual(codeAt(details(devTokenSchema, { userId: "   ", name: "Ana" }), "userId"), { code: "blank" });
    const twice = [{ key: "vpn", name: "VPN" }, { key: "vpn", name: "VPN again" }];
    assert.deepEqual(codeAt(details(categoriesSchema, twice), "[1].key"), { code: "duplicate" });
    assert.deepEqual(codeAt(details(listQuerySchema, { limit: ["1", "2"] }), "limit"), { code: "repeated" });
    assert.deepEqual(codeAt(details(reportQuerySchema, {}), "month"), { code: "required" });
    assert.deepEqual(codeAt(details(actionSchema, { action: "explode" }), "action"), { code: "not_allowed" });
  });

  it("gives every problem a field equal to its path, a known code and the message", () => {
    const inputs: Array<[z.ZodType<unknown>, unknown]> = [
      [createRequestSchema, { title: "", priority: "x", extra: 1, category: "Bad Key!" }],
      [createRequestSchema, [1, 2]],
      [actionSchema, { action: "comment" }],
      [fromEmailSchema, { receivedAt: "yesterday", webLink: "http://x", attachments: "none" }],
      [listQuerySchema, { status: "maybe", limit: "0", cursor: "c".repeat(LIMITS.cursorMax + 1) }],
    ];
    for (const [schema, input] of inputs) {
      for (const d of details(schema, input)) {
        assert.equal(d.field, d.path);
        assert.ok((VALIDATION_CODES as readonly string[]).includes(d.code), `unknown code ${d.code}`);
        assert.ok(d.message.length > 0);
      }
    }
  });
});
