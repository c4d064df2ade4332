import assert from "node:assert/strict";
import { assertApiError, atOnce, createDepartment, departmentBody } from "../support/api.ts";
import { startService, type TestService } from "../support/service.ts";

/**
 * DESIGN.md "The internal-customer loop": every change to a department's targets, calendar or
 * categories carries a reason and lands in its public change log (written with the department,
 * or not at all); the monthly review holds the month's figures against the targets and the
 * month before, its breaches, and the decisions and action items leads record.
 */
describe("change log and monthly review API", function () {
  this.timeout(60_000);
  let svc: TestService;
  let alex: string; // admin, lead of REV
  let ben: string; // agent of REV
  let dana: string; // anyone
  const lead = { id: "demo-alex", name: "Alex Morgan" };
  const agent = { id: "demo-ben", name: "Ben Okafor" };
  const now = Date.parse("2026-12-10T12:00:00.000Z");

  before(async () => {
    // A second passes at every look at the clock: two changes never share an instant.
    let tick = 0;
    svc = await startService({ clock: () => now + tick++ * 1000 });
    await createDepartment(svc, "REV", { agents: [agent], leads: [lead] });
    [alex, ben, dana] = await Promise.all([svc.token("alex"), svc.token("ben"), svc.token("dana")]);
  });
  after(() => svc?.close());

  const body = (changes: (b: ReturnType<typeof departmentBody>) => void, reason?: string) => {
    const b = departmentBody("REV", { agents: [agent], leads: [lead] });
    changes(b);
    return reason === undefined ? b : { ...b, changeReason: reason };
  };

  /** The department as the second logged change leaves it. */
  const settled = (b: ReturnType<typeof departmentBody>) => {
    b.name = "Reviews";
    b.sla.targets.normal.firstResponseMinutes = 20;
    b.calendar.week.sat = [];
    Object.assign(b.calendar, { holidays: ["2026-12-25"] });
    b.categories = [{ key: "general", name: "General questions" }, { key: "access", name: "Access" }];
  };

  describe("changeReason and the change log", () => {
    it("creating a department needs no reason and logs nothing", async () => {
      const res = await svc.call("GET", "/api/departments/REV/changes", { token: dana });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.items, [], "a new department has no changes");
    });

    it("a new target without a reason is refused with a field message, and nothing changes", async () => {
      const res = await svc.call("PUT", "/api/departments/REV", { token: alex, body: body((b) => (b.sla.targets.normal.firstResponseMinutes = 20)) });
      const err = assertApiError(res, 400, "target change without a reason", { field: "changeReason" });
      assert.equal(err.details?.[0]?.path, "changeReason", JSON.stringify(err));
      const after = await svc.call("GET", "/api/departments/REV", { token: dana });
      assert.equal(after.body.sla.targets.normal.firstResponseMinutes, 30, "the target is unchanged");
    });

    it("a new name or new people need no reason and are not logged", async () => {
      const res = await svc.call("PUT", "/api/departments/REV", { token: alex, body: body((b) => (b.name = "Reviews")) });
      assert.equal(res.status, 200, res.text);
      const log = await svc.call("GET", "/api/departments/REV/changes", { token: dana });
      assert.equal(log.body.items.length, 0, JSON.stringify(log.body));
    });

    it("a target, an hour and a category change with a reason write one entry with a readable diff, newest first", async () => {
      const first = await svc.call("PUT", "/api/departments/REV", {
        token: alex,
        body: body((b) => {
          b.name = "Reviews";
          b.sla.targets.normal.firstResponseMinutes = 20;
        }, "Too many people waited for a first answer in November"),
      });
      assert.equal(first.status, 200, first.text);
      const second = await svc.call("PUT", "/api/departments/REV", {
        token: alex,
        body: body((b) => {
          settled(b);
        }, "Weekend closed; access requests get their own queue"),
      });
      assert.equal(second.status, 200, second.text);
      const log = await svc.call("GET", "/api/departments/REV/changes", { token: dana });
      assert.equal(log.status, 200, log.text);
      const items = log.body.items as Array<{ reason: string; by: { id: string }; at: string; changes: Array<{ what: string; from: string; to: string }> }>;
      assert.equal(items.length, 2, JSON.stringify(items));
      assert.equal(items[0]!.reason, "Weekend closed; access requests get their own queue", "newest first");
      assert.equal(items[1]!.reason, "Too many people waited for a first answer in November");
      assert.equal(items[1]!.by.id, "demo-alex", "who changed it");
      assert.deepEqual(items[1]!.changes, [{ what: "targets.normal.firstResponseMinutes", from: "30", to: "20" }], "only the target, not the name");
      assert.deepEqual(items[0]!.changes, [
        { what: "calendar.week.sat", from: "00:00-24:00", to: "" },
        { what: "calendar.holidays", from: "", to: "2026-12-25" },
        { what: "categories", from: "General (general)", to: "General questions (general)" },
        { what: "categories", from: "", to: "Access (access)" },
      ], JSON.stringify(items[0]!.changes));
      const one = await svc.call("GET", "/api/departments/REV/changes?limit=1", { token: dana });
      assert.equal(one.body.items.length, 1, "limit is honoured");
      const bad = await svc.call("GET", "/api/departments/REV/changes?limit=0", { token: dana });
      assertApiError(bad, 400, "limit 0", { field: "limit" });
    });

    it("a PUT refused for a stale ETag logs nothing", async () => {
      const current = await svc.call("GET", "/api/departments/REV", { token: alex });
      const stale = current.headers.get("etag")!;
      const ok = await svc.call("PUT", "/api/departments/REV", { token: alex, headers: { "If-Match": stale }, body: body((b) => { settled(b); b.description = "new words"; }) });
      assert.equal(ok.status, 200, ok.text);
      const refused = await svc.call("PUT", "/api/departments/REV", { token: alex, headers: { "If-Match": stale }, body: body((b) => (b.sla.warnAtPercent = 70), "stale edit") });
      assertApiError(refused, 412, "stale If-Match");
      const log = await svc.call("GET", "/api/departments/REV/changes", { token: dana });
      assert.ok(!log.text.includes("stale edit"), `the refused change is not in the log: ${log.text}`);
      assert.equal(log.body.items.length, 2, "still two entries");
    });

    it("two leads changing at once: each success is logged once, each refusal not at all", async () => {
      const before = (await svc.call("GET", "/api/departments/REV/changes?limit=100", { token: dana })).body.items.length;
      const results = await atOnce(2, (i) =>
        svc.call("PUT", "/api/departments/REV", { token: alex, body: body((b) => { settled(b); b.sla.targets.low.resolutionMinutes = 700 + i; }, `race ${i}`) }),
      );
      const ok = results.filter((r) => r.status === 200).length;
      assert.ok(ok >= 1, `one of them wins: ${results.map((r) => r.status)}`);
      for (const r of results) assert.ok(r.status === 200 || r.status === 409, `200 or 409: ${r.status} ${r.text}`);
      const after = (await svc.call("GET", "/api/departments/REV/changes?limit=100", { token: dana })).body.items.length;
      assert.equal(after - before, ok, "one entry per accepted change");
    });

    it("the change log and the catalogue stay apart: departments list only departments", async () => {
      const list = await svc.call("GET", "/api/departments", { token: dana });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.body.items.map((d: { key: string }) => d.key), ["REV"], "no change-log row reads as a department");
    });

    it("is per tenant: another tenant sees no such department", async () => {
      const other = await svc.token({ userId: "x", tenantId: "other-tenant" });
      const res = await svc.call("GET", "/api/departments/REV/changes", { token: other });
      assertApiError(res, 404, "another tenant");
    });
  });

  describe("reviews", () => {
    let itemId: string;

    before(async () => {
      // A request in November, resolved late: a broken promise of the month reviewed.
      const carlos = await svc.token("emma");
      const filed = await svc.call("POST", "/api/requests", { token: carlos, body: { department: "REV", title: "Badge does not open the door" } });
      assert.equal(filed.status, 201, filed.text);
    });

    it("staff read the month's figures against the targets and the month before; others get 403", async () => {
      const res = await svc.call("GET", "/api/departments/REV/reviews/2026-12", { token: ben });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.month, "2026-12");
      assert.equal(res.body.previousMonth, "2026-11");
      assert.equal(res.body.figures.created, 1, "the month's figures");
      assert.equal(res.body.previous.created, 0, "the month before's");
      assert.equal(res.body.targets.normal.firstResponseMinutes, 20, "the targets in force");
      assert.ok(Array.isArray(res.body.breaches), "the broken promises");
      assert.equal(res.body.canEdit, false, "an agent reads");
      assert.deepEqual(res.body.people.map((p: { id: string }) => p.id).sort(), ["demo-alex", "demo-ben"]);
      const logged = (await svc.call("GET", "/api/departments/REV/changes?limit=100", { token: dana })).body.items;
      assert.deepEqual(res.body.changes.map((c: { id: string }) => c.id), logged.map((c: { id: string }) => c.id), "the month's changes to the promise, newest first");
      const november = await svc.call("GET", "/api/departments/REV/reviews/2026-11", { token: ben });
      assert.deepEqual(november.body.changes, [], "none were made in November");
      const stats = await svc.call("GET", "/api/departments/REV/stats", { token: ben });
      assert.equal(res.body.figures.created, stats.body.created, "the same number as the stats API");
      assertApiError(await svc.call("GET", "/api/departments/REV/reviews/2026-12", { token: dana }), 403, "not staff");
    });

    it("validates the month", async () => {
      assertApiError(await svc.call("GET", "/api/departments/REV/reviews/2026-13", { token: alex }), 400, "month 13", { field: "month" });
      assertApiError(await svc.call("GET", "/api/departments/REV/reviews/2027-01", { token: alex }), 400, "a future month", { field: "month" });
    });

    it("leads record decisions and action items; bad input gets a field message; agents get 403", async () => {
      const d = await svc.call("POST", "/api/departments/REV/reviews/2026-11", { token: alex, body: { decision: "Two agents on Monday mornings" } });
      assert.equal(d.status, 201, d.text);
      assert.ok(d.headers.get("etag"), "an ETag");
      const a = await svc.call("POST", "/api/departments/REV/reviews/2026-11", { token: alex, body: { actionItem: { text: "Roster change", owner: { id: "demo-ben", name: "whatever" }, due: "2026-12-15" } } });
      assert.equal(a.status, 201, a.text);
      const item = a.body.actionItems[0];
      itemId = item.id;
      assert.deepEqual(item.owner, agent, "the owner as the department names them");
      assert.equal(item.done, false);
      assertApiError(await svc.call("POST", "/api/departments/REV/reviews/2026-11", { token: alex, body: { decision: "   " } }), 400, "blank decision", { field: "decision" });
      assertApiError(await svc.call("POST", "/api/departments/REV/reviews/2026-11", { token: alex, body: {} }), 400, "neither");
      assertApiError(await svc.call("POST", "/api/departments/REV/reviews/2026-11", { token: alex, body: { actionItem: { text: "x", owner: { id: "demo-dana", name: "Dana" }, due: "2026-12-15" } } }), 400, "owner outside the department", { field: "actionItem.owner" });
      assertApiError(await svc.call("POST", "/api/departments/REV/reviews/2026-11", { token: alex, body: { actionItem: { text: "x", owner: agent, due: "2026-02-30" } } }), 400, "no such date", { field: "actionItem.due" });
      assertApiError(await svc.call("POST", "/api/departments/REV/reviews/2026-11", { token: ben, body: { decision: "mine" } }), 403, "an agent writes");
    });

    it("If-Match: a stale ETag is refused (412) and writes nothing", async () => {
      const view = await svc.call("GET", "/api/departments/REV/reviews/2026-11", { token: alex });
      const etag = view.headers.get("etag")!;
      const ok = await svc.call("POST", "/api/departments/REV/reviews/2026-11", { token: alex, headers: { "If-Match": etag }, body: { decision: "Publish the roster" } });
      assert.equal(ok.status, 201, ok.text);
      const stale = await svc.call("POST", "/api/departments/REV/reviews/2026-11", { token: alex, headers: { "If-Match": etag }, body: { decision: "lost" } });
      assertApiError(stale, 412, "stale review ETag");
      const after = await svc.call("GET", "/api/departments/REV/reviews/2026-11", { token: alex });
      assert.deepEqual(after.body.decisions.map((x: { text: string }) => x.text), ["Two agents on Monday mornings", "Publish the roster"]);
    });

    it("last month's open action items are carried into this month's view, and marked done from there", async () => {
      const dec = await svc.call("GET", "/api/departments/REV/reviews/2026-12", { token: ben });
      assert.deepEqual(dec.body.carriedOver.map((x: { id: string }) => x.id), [itemId], "carried over while open");
      const done = await svc.call("PATCH", `/api/departments/REV/reviews/2026-12/actions/${itemId}`, { token: alex, body: { done: true } });
      assert.equal(done.status, 200, done.text);
      assert.equal(done.body.month, "2026-11", "kept where it was recorded");
      assert.equal(done.body.actionItems[0].done, true);
      assert.ok(done.body.actionItems[0].doneAt, "when it was done");
      const after = await svc.call("GET", "/api/departments/REV/reviews/2026-12", { token: ben });
      assert.deepEqual(after.body.carriedOver, [], "a done item is not carried");
      assertApiError(await svc.call("PATCH", `/api/departments/REV/reviews/2026-12/actions/${itemId}`, { token: alex, body: {} }), 400, "an empty change");
      assertApiError(await svc.call("PATCH", `/api/departments/REV/reviews/2026-12/actions/${itemId}`, { token: alex, body: { done: "yes" } }), 400, "done as text", { field: "done" });
      assertApiError(await svc.call("PATCH", "/api/departments/REV/reviews/2026-12/actions/nope", { token: alex, body: { done: true } }), 404, "no such item");
      assertApiError(await svc.call("PATCH", `/api/departments/REV/reviews/2026-12/actions/${itemId}`, { token: ben, body: { done: false } }), 403, "an agent");
    });

    it("tenant isolation: another tenant's admin finds no such department", async () => {
      const other = await svc.token({ userId: "root", tenantId: "other-tenant", roles: ["Tandem.Admin"] });
      assertApiError(await svc.call("GET", "/api/departments/REV/reviews/2026-11", { token: other }), 404, "another tenant");
      assertApiError(await svc.call("POST", "/api/departments/REV/reviews/2026-11", { token: other, body: { decision: "x" } }), 404, "another tenant writes");
    });
  });
});
