import assert from "node:assert/strict";
import { startService, type TestService } from "../support/service.ts";

describe("service smoke", () => {
  let svc: TestService;
  before(async () => {
    svc = await startService({ demo: true });
  });
  after(() => svc.close());

  it("files a request and an agent takes it", async () => {
    const dana = await svc.token("dana");
    const ben = await svc.token("ben");
    const created = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Printer jam" } });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get("etag"), '"v1"');
    const taken = await svc.call("POST", `/api/requests/${created.body.id}/actions`, { token: ben, body: { action: "take" }, headers: { "If-Match": created.headers.get("etag")! } });
    assert.equal(taken.status, 200, taken.text);
    assert.equal(taken.body.assignee.id, "demo-ben");
  });
});
