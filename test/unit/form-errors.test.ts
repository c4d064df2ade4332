import assert from "node:assert/strict";
import { ApiError } from "../../web/api.ts";
import { apiFormErrors } from "../../web/errors.ts";
import { createRequestSchema, parse } from "../../shared/validation/index.ts";

/** A stand-in translator that shows which string key was chosen. */
const t = (key: string, params?: Record<string, unknown>) => (params ? `${key} ${JSON.stringify(params)}` : key);

/** The 400 the API sends for `body` (the same parse the service runs). */
function refusal(body: unknown): ApiError {
  const r = parse(createRequestSchema, body);
  if (r.ok) assert.fail("expected the body to be refused");
  return new ApiError(400, r.error.code, r.error.message, JSON.parse(JSON.stringify(r.error.details)));
}

describe("new-request form: API refusals mapped to fields", () => {
  it("puts each problem next to the field the API named", () => {
    const err = refusal({ department: "it!", title: "", priority: "critical", description: "x".repeat(40_000) });
    assert.deepEqual(apiFormErrors(err, t).fields, {
      department: "form.error.department",
      title: "form.error.title",
      priority: "form.error.priority",
      description: "form.error.description",
    });
  });

  it("reads the field, never the sentence", () => {
    // The sentence names the title; the details name the category: the details win.
    const err = new ApiError(400, "invalid_input", "title: something about the title.", [{ field: "category", code: "unknown", message: "unknown category" }]);
    assert.deepEqual(apiFormErrors(err, t), { fields: { category: "form.error.category" } });
    // A sentence alone (no details) is shown above the buttons, as the API said it.
    const bare = new ApiError(400, "invalid_input", "There is no department \"XX\". Known departments: IT.");
    assert.deepEqual(apiFormErrors(bare, t).fields, {});
    assert.match(apiFormErrors(bare, t).form ?? "", /There is no department/);
  });

  it("maps nested fields to their form field, and `path` when an older API sent no `field`", () => {
    assert.deepEqual(apiFormErrors(new ApiError(400, "invalid_input", "x", [{ field: "category.key", code: "wrong_format", message: "m" }]), t).fields, { category: "form.error.category" });
    assert.deepEqual(apiFormErrors(new ApiError(400, "invalid_input", "x", [{ path: "title", message: "m" }]), t).fields, { title: "form.error.title" });
  });

  it("shows problems with no form field, and other failures, above the buttons", () => {
    const unknown = new ApiError(400, "invalid_input", "colour: is not a known property.", [{ field: "colour", code: "unknown_property", message: "m" }]);
    assert.deepEqual(apiFormErrors(unknown, t), { fields: {}, form: `tab.mine.form.failed {"message":"colour: is not a known property."}` });
    const down = new ApiError(503, "storage_unavailable", "Storage is unavailable right now.", [{ field: "title", code: "x", message: "m" }]);
    assert.deepEqual(apiFormErrors(down, t).fields, {});
  });
});
