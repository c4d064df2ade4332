import assert from "node:assert/strict";
import { departmentBody } from "../support/api.ts";
import { startService, type CallResult, type TestService } from "../support/service.ts";

type Detail = { field: string; path: string; code: string; limit?: number; message: string };

/**
 * The API's 400s name each problem's field with a stable code, beside the sentence clients
 * showed before (which stays, as does `path`): a form maps them without reading English.
 */
describe("validation error codes over HTTP", function () {
  this.timeout(60_000);
  let svc: TestService;
  let dana: string;
  let admin: string;
  let requestId: string;

  before(async () => {
    svc = await startService({ demo: true });
    dana = await svc.token("dana");
    admin = await svc.token({ userId: "root", name: "Root", roles: ["Tandem.Admin"] });
    const filed = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Cannot print" } });
    assert.equal(filed.status, 201, filed.text);
    requestId = filed.body.id;
  });
  after(() => svc?.close());

  /** The details of a 400 invalid_input, each checked for the full shape. */
  function detailsOf(r: CallResult): Detail[] {
    assert.equal(r.status, 400, r.text);
    assert.equal(r.body.error.code, "invalid_input");
    assert.equal(typeof r.body.error.message, "string");
    const details = r.body.error.details as Detail[];
    assert.ok(Array.isArray(details) && details.length > 0, r.text);
    for (const d of details) {
      assert.equal(typeof d.field, "string");
      assert.equal(d.path, d.field, "path stays for older clients");
      assert.match(d.code, /^[a-z_]+$/);
      assert.ok(d.message.length > 0);
    }
    return details;
  }
  const pick = (ds: Detail[]) => ds.map((d) => (d.limit === undefined ? [d.field, d.code] : [d.field, d.code, d.limit]));

  it("POST /api/requests: a missing department, a title too long, a priority not allowed, an unknown property", async () => {
    const r = await svc.call("POST", "/api/requests", { token: dana, body: { title: "x".repeat(201), priority: "critical", colour: "red" } });
    const byField = new Map(detailsOf(r).map((d) => [d.field, d]));
    assert.equal(byField.get("department")?.code, "required");
    assert.equal(byField.get("title")?.code, "too_long");
    assert.equal(byField.get("title")?.limit, 200);
    assert.equal(byField.get("priority")?.code, "not_allowed");
    assert.equal(byField.get("colour")?.code, "unknown_property");
  });

  it("POST /api/requests: an unknown department and an unknown category (checked against the catalogue) are coded unknown", async () => {
    const dept = await svc.call("POST", "/api/requests", { token: dana, body: { department: "NOPE", title: "x" } });
    assert.deepEqual(pick(detailsOf(dept)), [["department", "unknown"]]);
    assert.match(dept.body.error.message, /There is no department "NOPE"/);
    const cat = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "x", category: "no-such-thing" } });
    assert.deepEqual(pick(detailsOf(cat)), [["category", "unknown"]]);
  });

  it("PUT /api/departments/:key: a bad key, and a category key given twice", async () => {
    const key = await svc.call("PUT", "/api/departments/it", { token: admin, body: departmentBody("IT") });
    assert.deepEqual(pick(detailsOf(key)), [["key", "wrong_format"]]);
    const cats = [{ key: "vpn", name: "VPN" }, { key: "vpn", name: "VPN again" }];
    const dup = await svc.call("PUT", "/api/departments/QA", { token: admin, body: departmentBody("QA", { categories: cats }) });
    assert.deepEqual(pick(detailsOf(dup)), [["categories[1].key", "duplicate"]]);
  });

  it("POST /api/requests/:id/actions and /from-email, GET a queue: an action not allowed, a bad sender, a limit out of range", async () => {
    const action = await svc.call("POST", `/api/requests/${requestId}/actions`, { token: dana, body: { action: "explode" } });
    assert.deepEqual(pick(detailsOf(action)), [["action", "not_allowed"]]);
    const email = { internetMessageId: "<m1@example.com>", subject: "s", body: "b", from: { name: "A", email: "not-an-address" }, department: "IT" };
    const mail = await svc.call("POST", "/api/requests/from-email", { token: dana, body: email });
    assert.deepEqual(pick(detailsOf(mail)), [["from.email", "wrong_format"]]);
    const list = await svc.call("GET", "/api/departments/IT/requests?limit=0", { token: admin });
    assert.deepEqual(pick(detailsOf(list)), [["limit", "invalid"]]);
  });
});
