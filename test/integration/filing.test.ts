import assert from "node:assert/strict";
import sinon from "sinon";
import { departmentBody } from "../support/api.ts";
import { startService, uniquePrefix, type TestService } from "../support/service.ts";

/**
 * The create path's shortcuts keep their promises: the department read is cached but never
 * hides a department or an edit, and "my requests" lists every request even when its index
 * pointer could not be written beside the request.
 */
describe("filing requests", function () {
  this.timeout(30_000);
  let a: TestService;
  let b: TestService;

  before(async () => {
    // Two instances on one storage account; B reuses department reads for 300 ms.
    const prefix = uniquePrefix();
    a = await startService({ demo: true, prefix });
    b = await startService({ prefix, env: { DEPARTMENT_CACHE_MS: "300" } });
  });
  after(async () => {
    sinon.restore();
    await a?.close();
    await b?.close();
  });


  it("a department created on one instance takes requests on another at once", async () => {
    const [alex, dana] = await Promise.all([a.token("alex"), b.token("dana")]);
    // B looks for it first, so a cached "no such department" would show next.
    const before = await b.call("POST", "/api/requests", { token: dana, body: { department: "OPS", title: "Badge reader broken" } });
    assert.equal(before.status, 400, before.text);
    assert.match(before.body.error.message, /no department "OPS"/);
    const put = await a.call("PUT", "/api/departments/OPS", { token: alex, body: departmentBody("OPS", { agents: [] }) });
    assert.equal(put.status, 201, put.text);
    const after = await b.call("POST", "/api/requests", { token: dana, body: { department: "OPS", title: "Badge reader broken" } });
    assert.equal(after.status, 201, after.text);
    assert.equal(after.body.id, "OPS-1");
  });

  it("an agent added to a department can work its requests at once on that instance, and soon on the others", async () => {
    const [alex, dana, ben] = await Promise.all([a.token("alex"), a.token("dana"), a.token("ben")]);
    assert.equal((await a.call("PUT", "/api/departments/DESK", { token: alex, body: departmentBody("DESK", { agents: [] }) })).status, 201);
    const one = await a.call("POST", "/api/requests", { token: dana, body: { department: "DESK", title: "Monitor flickers" } });
    const two = await a.call("POST", "/api/requests", { token: dana, body: { department: "DESK", title: "Chair broken" } });
    // Both instances have read DESK (without Ben) before the edit.
    // Each instance signs its own dev tokens.
    const benOnB = await b.token("ben");
    for (const [svc, token] of [[a, ben], [b, benOnB]] as const) {
      const refused = await svc.call("POST", `/api/requests/${one.body.id}/actions`, { token, body: { action: "take" } });
      assert.equal(refused.status, 404, `not staff yet, so the request is not even visible: ${refused.text}`);
    }
    const current = await a.call("GET", "/api/departments/DESK", { token: alex });
    const put = await a.call("PUT", "/api/departments/DESK", {
      token: alex,
      body: departmentBody("DESK", { agents: [{ id: "demo-ben", name: "Ben Okafor" }] }),
      headers: { "If-Match": current.headers.get("etag")! },
    });
    assert.equal(put.status, 200, put.text);

    const onA = await a.call("POST", `/api/requests/${one.body.id}/actions`, { token: ben, body: { action: "take" } });
    assert.equal(onA.status, 200, `the instance that made the edit: ${onA.text}`);
    let onB = await b.call("POST", `/api/requests/${two.body.id}/actions`, { token: benOnB, body: { action: "take" } });
    for (const deadline = Date.now() + 5_000; onB.status === 404 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
      onB = await b.call("POST", `/api/requests/${two.body.id}/actions`, { token: benOnB, body: { action: "take" } });
    }
    assert.equal(onB.status, 200, `the other instance, once its cached read is older than DEPARTMENT_CACHE_MS: ${onB.text}`);
  });

  it("a new request's history: created, then both SLA clocks started, numbered in order", async () => {
    const dana = await a.token("dana");
    const res = await a.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Need access to the finance share" } });
    const got = await a.call("GET", `/api/requests/${res.body.id}`, { token: dana });
    assert.equal(got.status, 200, got.text);
    const history = got.body.history as Array<{ seq: number; kind: string; clock?: string; sla?: string }>;
    assert.deepEqual(
      history.map((h) => [h.seq, h.kind, h.clock ?? "", h.sla ?? ""]),
      [[1, "created", "", ""], [2, "sla", "firstResponse", "start"], [3, "sla", "resolution", "start"]],
    );
  });
  it("an email converted before: its requester and the department see it again; anyone else gets 409 without its id", async () => {
    const email = { internetMessageId: "<shared-mailbox-1@contoso.example>", subject: "Payroll question", body: "Hello", from: { name: "Dana Whitfield", email: "dana@contoso.example" }, department: "HR" };
    const dana = await a.token("dana");
    const first = await a.call("POST", "/api/requests/from-email", { token: dana, body: email });
    assert.equal(first.status, 201, first.text);
    const again = await a.call("POST", "/api/requests/from-email", { token: dana, body: email });
    assert.equal(again.status, 200);
    assert.equal(again.body.request.id, first.body.request.id);
    const agent = await a.call("POST", "/api/requests/from-email", { token: await a.token("diego"), body: email });
    assert.equal(agent.status, 200, "HR's agent sees HR's request");
    const outsider = await a.call("POST", "/api/requests/from-email", { token: await a.token("farid"), body: email });
    assert.equal(outsider.status, 409, outsider.text);
    assert.equal(outsider.body.error.code, "already_converted");
    assert.ok(!outsider.text.includes(first.body.request.id) && !outsider.text.includes("Payroll"), outsider.text);
  });
  it("records where a request came from: Tandem's web pages say web, other clients are the API", async () => {
    const token = await a.token("dana");
    const web = await a.call("POST", "/api/requests", { token, body: { department: "IT", title: "From the tab" }, headers: { "Tandem-Client": "web" } });
    const api = await a.call("POST", "/api/requests", { token, body: { department: "IT", title: "From a script" } });
    assert.equal(web.body.source.kind, "web");
    assert.equal(api.body.source.kind, "api");
  });
});
