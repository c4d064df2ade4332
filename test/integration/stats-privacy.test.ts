import assert from "node:assert/strict";
import { createDepartment } from "../support/api.ts";
import { startService, type TestService } from "../support/service.ts";

/**
 * Everyone sees a department's SLA figures, never one request that is not theirs: periods are
 * whole local days for everyone, and people outside the department get no category or
 * priority of fewer than 5.
 */
describe("department stats for people outside the department", function () {
  this.timeout(30_000);
  let svc: TestService;
  let filedAt: number;

  before(async () => {
    // Noon, so the day's six requests can't straddle midnight whenever the test runs.
    const noon = Date.parse("2026-03-10T12:00:00.000Z");
    let tick = 0;
    svc = await startService({ clock: () => noon + tick++ });
    await createDepartment(svc, "SEC", {
      agents: [{ id: "sec-agent", name: "Sam Agent" }],
      categories: [{ key: "general", name: "General" }, { key: "sensitive", name: "Sensitive" }],
    });
    const dana = await svc.token("dana");
    for (let i = 0; i < 5; i++) {
      const r = await svc.call("POST", "/api/requests", { token: dana, body: { department: "SEC", title: `Badge ${i}`, category: "general" } });
      assert.equal(r.status, 201, r.text);
    }
    const secret = await svc.call("POST", "/api/requests", {
      token: await svc.token("erin"),
      body: { department: "SEC", title: "Report a colleague", category: "sensitive", priority: "urgent" },
    });
    assert.equal(secret.status, 201, secret.text);
    filedAt = Date.parse(secret.body.createdAt);
  });
  after(() => svc?.close());

  const window = (t: number) =>
    `/api/departments/SEC/stats?from=${encodeURIComponent(new Date(t - 1).toISOString())}&to=${encodeURIComponent(new Date(t + 1).toISOString())}`;

  it("answers a 2 ms window around one request with its whole day, and no category or priority that singles it out", async () => {
    const res = await svc.call("GET", window(filedAt), { token: await svc.token("nobody") });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.from, "2026-03-10T00:00:00.000Z", "widened to the start of the local (UTC) day");
    assert.equal(res.body.to, "2026-03-11T00:00:00.000Z", "and to its end");
    assert.equal(res.body.created, 6, "the day's count, not the one request");
    assert.ok(!res.text.includes("sensitive"), `the category stays hidden: ${JSON.stringify(res.body.byCategory)}`);
    assert.deepEqual(res.body.byCategory, [{ category: "general", created: 5, resolved: 0 }, { category: "other", created: 1, resolved: 0 }]);
    assert.deepEqual(res.body.byPriority.map((p: { priority: string }) => p.priority), ["normal", "other"]);
    assert.equal(res.body.backlogByPriority.urgent, undefined);
    assert.equal(res.body.backlogByPriority.other, 1);
    assert.equal(res.body.minGroupSize, 5);
  });

  it("gives the department's staff and admins the same whole day, with every group", async () => {
    for (const who of ["sec-agent", "alex"]) {
      const res = await svc.call("GET", window(filedAt), { token: await svc.token(who) });
      assert.equal(res.status, 200, res.text);
      // Day summaries are the figures' resolution: everyone's window is widened to whole local days.
      assert.equal(res.body.from, "2026-03-10T00:00:00.000Z", who);
      assert.equal(res.body.to, "2026-03-11T00:00:00.000Z", who);
      assert.equal(res.body.created, 6, who);
      assert.deepEqual(res.body.byCategory, [{ category: "general", created: 5, resolved: 0 }, { category: "sensitive", created: 1, resolved: 0 }], who);
      assert.equal(res.body.backlogByPriority.urgent, 1, who);
      assert.equal(res.body.minGroupSize, undefined, who);
    }
  });
});
