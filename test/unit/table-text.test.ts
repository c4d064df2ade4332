import assert from "node:assert/strict";
import type { TableEntity } from "@azure/data-tables";
import { getJson, getText, putJson, putText } from "../../bot/storage/tables.ts";

/** Long text over several Table Storage properties (each holds at most 32K UTF-16 units). */
describe("long text in table entities", () => {
  const entity = (): TableEntity => ({ partitionKey: "p", rowKey: "r" });
  const parts = (e: TableEntity, name: string) => Object.keys(e).filter((k) => k === name || k.startsWith(`${name}_`)).map((k) => e[k] as string);

  it("keeps short text in one property, and reads it back", () => {
    const e = entity();
    putText(e, "description", "Printer jams");
    assert.deepEqual(parts(e, "description"), ["Printer jams"]);
    assert.equal(getText(e, "description"), "Printer jams");
  });

  it("writes empty text as an empty property, and absent text reads as undefined", () => {
    const e = entity();
    putText(e, "description", "");
    assert.equal(e.description, "");
    assert.equal(getText(e, "description"), "");
    assert.equal(getText(entity(), "description"), undefined);
  });

  it("splits 32,000 emoji (64,000 UTF-16 units) into properties Table Storage accepts, never inside a character", () => {
    for (const text of ["😀".repeat(32_000), `a${"😀".repeat(31_999)}`, `${"x".repeat(29_999)}😀${"y".repeat(40_000)}`]) {
      const e = entity();
      putText(e, "description", text);
      const chunks = parts(e, "description");
      assert.ok(chunks.length >= 2);
      for (const c of chunks) {
        assert.ok(c.length <= 32_768, `a property of ${c.length} units`);
        const last = c.charCodeAt(c.length - 1);
        assert.ok(!(last >= 0xd800 && last <= 0xdbff), "a property ends in half a character");
      }
      assert.equal(getText(e, "description"), text);
    }
  });

  it("JSON values use the same split", () => {
    const e = entity();
    const value = { text: `a${"😀".repeat(20_000)}` };
    putJson(e, "events", value);
    assert.ok(parts(e, "events").length >= 2);
    assert.deepEqual(getJson(e, "events"), value);
  });
});
