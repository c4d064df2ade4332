import assert from "node:assert/strict";
import { assertApiError, createDepartment, departmentBody } from "../support/api.ts";
import { startService, type TestService } from "../support/service.ts";

/**
 * Settings over HTTP (issue 16.6): a category's own targets apply to requests filed after the
 * change only, the preview reflects them, a stale PUT (If-Match) is refused, and only a
 * department's leads (or an admin) may change it.
 */
describe("category targets and department settings API", function () {
  this.timeout(60_000);
  let svc: TestService;
  let alex: string; // admin
  let ben: string; // agent of CT
  let dana: string; // lead of CT
  let emma: string; // lead of CT2
  const ben_ = { id: "demo-ben", name: "Ben Okafor" };
  const dana_ = { id: "demo-dana", name: "Dana" };
  const emma_ = { id: "demo-emma", name: "Emma" };
  const now = Date.parse("2026-12-10T12:00:00.000Z");

  before(async () => {
    svc = await startService({ clock: () => now });
    await createDepartment(svc, "CT", { agents: [ben_], leads: [dana_], categories: [{ key: "vpn", name: "VPN" }] });
    await createDepartment(svc, "CT2", { leads: [emma_] });
    [alex, ben, dana, emma] = await Promise.all([svc.token("alex"), svc.token("ben"), svc.token("dana"), svc.token("emma")]);
  });
  after(() => svc?.close());

  const file = async (category: string) => {
    const res = await svc.call("POST", "/api/requests", { token: ben, body: { department: "CT", title: `VPN down (${category})`, category, priority: "urgent" } });
    assert.equal(res.status, 201, `filing: ${res.text}`);
    return res.body;
  };
  const withVpnOverride = () => {
    const b = departmentBody("CT", { agents: [ben_], leads: [dana_] });
    return { ...b, categories: [{ key: "vpn", name: "VPN", sla: { targets: { urgent: { firstResponseMinutes: 2, resolutionMinutes: 20 } } } }], changeReason: "VPN outages stop everyone" };
  };

  it("a category's targets apply to new requests only; older ones keep theirs; the preview and the change log follow", async () => {
    const before = await file("vpn");
    assert.equal(before.sla.resolution.targetMinutes, 60, "filed under the department's urgent target");

    const got = await svc.call("GET", "/api/departments/CT", { token: dana });
    const put = await svc.call("PUT", "/api/departments/CT", { token: dana, body: withVpnOverride(), headers: { "If-Match": got.headers.get("etag") ?? "" } });
    assert.equal(put.status, 200, `lead saves the override: ${put.text}`);
    assert.deepEqual(put.body.categories[0].sla, { targets: { urgent: { firstResponseMinutes: 2, resolutionMinutes: 20 } } }, "stored and returned");

    const after = await file("vpn");
    assert.equal(after.sla.firstResponse.targetMinutes, 2, "a new VPN request takes the category's first response target");
    assert.equal(after.sla.resolution.targetMinutes, 20, "and its resolution target");
    const older = await svc.call("GET", `/api/requests/${before.id}`, { token: ben });
    assert.equal(older.body.sla.resolution.targetMinutes, 60, "the request filed before keeps its target");

    const preview = await svc.call("GET", "/api/departments/CT/sla/preview?priority=urgent&category=vpn&start=2026-12-10T12:00:00.000Z", { token: ben });
    assert.equal(preview.status, 200, preview.text);
    assert.equal(preview.body.resolutionDueAt, "2026-12-10T12:20:00.000Z", "the preview uses the category's target (24x7 calendar)");
    const plain = await svc.call("GET", "/api/departments/CT/sla/preview?priority=urgent&start=2026-12-10T12:00:00.000Z", { token: ben });
    assert.equal(plain.body.resolutionDueAt, "2026-12-10T13:00:00.000Z", "without a category: the department's");
    assertApiError(await svc.call("GET", "/api/departments/CT/sla/preview?category=printers", { token: ben }), 400, "unknown category", { field: "category" });

    const changes = await svc.call("GET", "/api/departments/CT/changes", { token: ben });
    const lines = changes.body.items[0].changes.map((c: { what: string; to: string }) => `${c.what}=${c.to}`);
    assert.ok(lines.includes("categories.vpn.targets.urgent.resolutionMinutes=20"), `logged: ${lines.join(", ")}`);
    assert.equal(changes.body.items[0].reason, "VPN outages stop everyone", "with its reason");

    // A priority change later takes the current target for the new priority and category.
    const high = await svc.call("POST", `/api/requests/${after.id}/actions`, { token: ben, body: { action: "priority", priority: "high" } });
    assert.equal(high.status, 200, high.text);
    assert.equal(high.body.sla.resolution.targetMinutes, 120, "high: the department's (the category overrides urgent only)");
  });

  it("a category target with a bad value is refused naming its field, nothing written", async () => {
    const b = withVpnOverride();
    b.categories[0].sla.targets.urgent.firstResponseMinutes = 30;
    const res = await svc.call("PUT", "/api/departments/CT", { token: dana, body: b });
    assertApiError(res, 400, "first response after resolution", { field: "categories[0].sla.targets.urgent.firstResponseMinutes" });
    const now = await svc.call("GET", "/api/departments/CT", { token: dana });
    assert.equal(now.body.categories[0].sla.targets.urgent.firstResponseMinutes, 2, "unchanged");
  });

  it("a stale If-Match is refused with 412", async () => {
    const first = await svc.call("GET", "/api/departments/CT", { token: dana });
    const etag = first.headers.get("etag") ?? "";
    const b = { ...withVpnOverride(), description: "first save" };
    assert.equal((await svc.call("PUT", "/api/departments/CT", { token: dana, body: b, headers: { "If-Match": etag } })).status, 200, "the first save");
    const stale = await svc.call("PUT", "/api/departments/CT", { token: alex, body: { ...b, description: "second save" }, headers: { "If-Match": etag } });
    assertApiError(stale, 412, "a save over a stale ETag");
    const now = await svc.call("GET", "/api/departments/CT", { token: dana });
    assert.equal(now.body.description, "first save", "the stale save wrote nothing");
  });

  it("If-None-Match: * creates a new department and never replaces one that exists (412 naming it); a creation's reason logs its first promise", async () => {
    const taken = await svc.call("PUT", "/api/departments/CT2", { token: alex, body: { ...departmentBody("CT2", {}), name: "Replacement" }, headers: { "If-None-Match": "*" } });
    assertApiError(taken, 412, "creating over an existing key");
    assert.match(taken.body.error.message, /CT2 already exists/);
    assert.notEqual((await svc.call("GET", "/api/departments/CT2", { token: alex })).body.name, "Replacement", "CT2 kept");
    const made = await svc.call("PUT", "/api/departments/CT3", { token: alex, body: { ...departmentBody("CT3", {}), changeReason: "Operations asked for a desk" }, headers: { "If-None-Match": "*" } });
    assert.equal(made.status, 201, made.text);
    // Created with a reason (the tab always asks): its first promise is in the public change log.
    const log = (await svc.call("GET", "/api/departments/CT3/changes", { token: dana })).body.items;
    assert.equal(log.length, 1, JSON.stringify(log));
    assert.equal(log[0].reason, "Operations asked for a desk");
    const lines = log[0].changes.map((c: { what: string; from: string; to: string }) => `${c.what}:${c.from}>${c.to}`);
    assert.ok(lines.includes(`targets.high.resolutionMinutes:>${made.body.sla.targets.high.resolutionMinutes}`), lines.join(", "));
  });

  it("a lead of another department and an agent cannot change CT", async () => {
    assertApiError(await svc.call("PUT", "/api/departments/CT", { token: emma, body: withVpnOverride() }), 403, "a lead of CT2 changing CT");
    assertApiError(await svc.call("PUT", "/api/departments/CT", { token: ben, body: withVpnOverride() }), 403, "an agent of CT changing it");
    assert.equal((await svc.call("PUT", "/api/departments/CT2", { token: emma, body: departmentBody("CT2", { leads: [emma_] }) })).status, 200, "a lead changes their own");
  });
});
