import assert from "node:assert/strict";
import sinon from "sinon";
import { FakeEntra } from "../support/fake-entra.ts";
import { FakeGraph, type FakeTenant } from "../support/fake-graph.ts";
import { calendar247, slaPolicy } from "../support/fixtures.ts";
import { startService, TENANT, type TestService } from "../support/service.ts";

const CLIENT_ID = "11111111-2222-4333-8444-555555555555";
const SECRET = "fake-secret-value";
const GROUP = "9f000000-0000-4000-8000-0000000067a1";
const GIA = { id: "grp-agent-oid", displayName: "Gia Group", mail: "gia@contoso.example", userPrincipalName: "gia@contoso.example" };
const BEN = { id: "demo-ben", displayName: "Ben Okafor", mail: "ben@contoso.example", userPrincipalName: "ben@contoso.example" };

const TENANTS: Record<string, FakeTenant> = {
  // Ben is both a stored agent and a group member: he must count once.
  [TENANT]: { users: [GIA, BEN], groups: { [GROUP]: [GIA.id, BEN.id, { device: "printer-1" }] } },
};

const STORED_AGENTS = [{ id: "demo-ben", name: "Ben Okafor" }];
const deptBody = (over: Record<string, unknown> = {}) => ({
  name: "Group Desk",
  calendar: calendar247(),
  sla: slaPolicy(),
  agents: STORED_AGENTS,
  leads: [{ id: "demo-ana", name: "Ana García" }],
  agentsGroup: { id: GROUP, name: "Group Desk Agents" },
  ...over,
});

describe("Department agents from an Entra group (agentsGroup, through Graph)", () => {
  let entra: FakeEntra;
  let graph: FakeGraph;
  let svc: TestService;
  let admin: string, gia: string, ben: string, dana: string, outsider: string;

  before(async () => {
    entra = await FakeEntra.start({ clientId: CLIENT_ID, clientSecret: SECRET });
    graph = await FakeGraph.start(TENANTS, (t) => entra.introspect(t));
    svc = await startService({
      demo: true,
      env: {
        AUTH_MODE: "dev",
        ENTRA_CLIENT_ID: CLIENT_ID,
        ENTRA_CLIENT_SECRET: SECRET,
        ENTRA_AUTHORITY_HOST: entra.url,
        GRAPH_BASE_URL: `${graph.url}/v1.0`,
        // Every look-up asks Graph, so the test can grant and refuse the permission at will.
        GRAPH_CACHE_TTL_MS: "0",
        GRAPH_NEGATIVE_CACHE_TTL_MS: "0",
      },
    });
    [admin, gia, ben, dana, outsider] = await Promise.all([
      svc.token("alex"),
      svc.token({ userId: GIA.id, name: "Gia Group" }),
      svc.token("ben"),
      svc.token("dana"),
      svc.token({ userId: "not-in-group-oid", name: "Olly Outsider" }),
    ]);
    const put = await svc.call("PUT", "/api/departments/GRP", { token: admin, body: deptBody() });
    assert.equal(put.status, 201, put.text);
    assert.deepEqual(put.body.agentsGroup, { id: GROUP, name: "Group Desk Agents" });
    assert.deepEqual(put.body.agents, STORED_AGENTS);
  });
  after(async () => {
    await svc?.close();
    await graph?.close();
    await entra?.close();
  });
  beforeEach(() => graph.deny.clear());

  const file = async (title: string): Promise<string> => {
    const res = await svc.call("POST", "/api/requests", { token: dana, body: { department: "GRP", title } });
    assert.equal(res.status, 201, res.text);
    return res.body.request?.id ?? res.body.id;
  };

  it("a member of the group works the queue: lists it and takes a request", async () => {
    const queue = await svc.call("GET", "/api/departments/GRP/requests", { token: gia });
    assert.equal(queue.status, 200, queue.text);
    const id = await file("Printer on 3rd floor jams");
    const take = await svc.call("POST", `/api/requests/${id}/actions`, { token: gia, body: { action: "take" } });
    assert.equal(take.status, 200, take.text);
    assert.equal(take.body.assignee.id, GIA.id);
  });

  it("a member of the group is assignable", async () => {
    const id = await file("New starter needs a laptop");
    const res = await svc.call("POST", `/api/requests/${id}/actions`, { token: ben, body: { action: "assign", assignee: { id: GIA.id, name: "Gia Group" } } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.assignee.id, GIA.id);
  });

  it("someone outside the group and the stored lists gets 403 on the queue", async () => {
    const res = await svc.call("GET", "/api/departments/GRP/requests", { token: outsider });
    assert.equal(res.status, 403, res.text);
  });

  it("the catalogue shows agentsGroup, and the stored agents stay as typed (no members written back)", async () => {
    const list = await svc.call("GET", "/api/departments", { token: admin });
    assert.equal(list.status, 200, list.text);
    const grp = (list.body.items as Array<Record<string, unknown>>).find((d) => d.key === "GRP");
    assert.ok(grp, "GRP is listed");
    assert.deepEqual(grp.agentsGroup, { id: GROUP, name: "Group Desk Agents" });
    assert.deepEqual(grp.agents, STORED_AGENTS);
    const stored = await svc.app.services.departments.find(TENANT, "GRP");
    assert.deepEqual(stored?.agents, STORED_AGENTS);
    // The read paths see the group's members, deduplicated (Ben is in both, the printer is no user).
    const effective = await svc.app.services.departments.require(TENANT, "GRP");
    assert.deepEqual(effective.agents.map((a) => a.id), ["demo-ben", GIA.id]);
  });

  it("one department read back (what a lead PUTs back) holds the stored agents only; /api/me lists the department for a group member", async () => {
    const one = await svc.call("GET", "/api/departments/GRP", { token: admin });
    assert.equal(one.status, 200, one.text);
    assert.deepEqual(one.body.agents, STORED_AGENTS, "a PUT of what was read never turns group members into typed agents");
    const me = await svc.call("GET", "/api/me", { token: gia });
    assert.deepEqual(me.body.departments.find((d: { key: string }) => d.key === "GRP"), { key: "GRP", name: me.body.departments.find((d: { key: string }) => d.key === "GRP")?.name, role: "agent" });
    const missing = await svc.call("GET", "/api/departments/NOPE", { token: admin });
    assert.equal(missing.status, 404);
  });

  it("an agentsGroup id that is not a GUID is refused with a clear message, and nothing is written", async () => {
    const before = await svc.app.services.departments.find(TENANT, "GRP");
    const bad = await svc.call("PUT", "/api/departments/GRP", { token: admin, body: deptBody({ agentsGroup: { id: "IT Agents" } }) });
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.body.error.message, /agentsGroup\.id: must be the group's object id \(a GUID/);
    assert.match(bad.body.error.message, /got "IT Agents"/);
    const after = await svc.app.services.departments.find(TENANT, "GRP");
    assert.equal(after?.etag, before?.etag, "GRP unchanged");

    const created = await svc.call("PUT", "/api/departments/GRP2", { token: admin, body: deptBody({ agentsGroup: { id: "agents@contoso.example" } }) });
    assert.equal(created.status, 400, created.text);
    assert.equal(await svc.app.services.departments.find(TENANT, "GRP2"), undefined, "GRP2 not created");
  });

  it("Graph refuses the group (403): its members get 403, not 500, and the stored agents still work", async () => {
    const warn = sinon.stub(console, "warn");
    try {
      graph.deny.add("members");
      const refused = await svc.call("GET", "/api/departments/GRP/requests", { token: gia });
      assert.equal(refused.status, 403, refused.text);
      const stored = await svc.call("GET", "/api/departments/GRP/requests", { token: ben });
      assert.equal(stored.status, 200, stored.text);
      const id = await file("Badge does not open the door");
      const take = await svc.call("POST", `/api/requests/${id}/actions`, { token: ben, body: { action: "take" } });
      assert.equal(take.status, 200, take.text);
      assert.ok(warn.args.some((a) => /GroupMember\.Read\.All/.test(String(a[0]))), "the refusal is logged, naming the permission");
    } finally {
      warn.restore();
    }
    // Granted again: the group's members are agents again.
    graph.deny.clear();
    const back = await svc.call("GET", "/api/departments/GRP/requests", { token: gia });
    assert.equal(back.status, 200, back.text);
  });
});
