import assert from "node:assert/strict";
import { assertApiError } from "../support/api.ts";
import { startService, type TestService } from "../support/service.ts";

/**
 * Rating and reopening over HTTP (DESIGN.md "Lifecycle", "HTTP API"): `rate` takes
 * `{score 1-5, effort? 1-7, comment?}`, never closes the request, can be changed until the quiet
 * period closes it; reopen works until then; a reply to a closed request files a linked
 * follow-up. Time is the service's clock, moved by hand; the scheduler runs when ticked.
 */
describe("rating and reopening over HTTP", function () {
  this.timeout(60_000);
  let svc: TestService;
  let dana: string;
  let ben: string;
  let now = Date.parse("2026-03-02T09:00:00.000Z");
  const at = (iso: string) => (now = Date.parse(iso));

  before(async () => {
    svc = await startService({ demo: true, clock: () => now });
    [dana, ben] = await Promise.all(["dana", "ben"].map((u) => svc.token(u)));
  });
  after(() => svc?.close());

  const act = async (token: string, id: string, body: unknown, status = 200) => {
    const res = await svc.call("POST", `/api/requests/${id}/actions`, { token, body });
    assert.equal(res.status, status, res.text);
    return res;
  };
  /** A request of Dana's in IT, resolved by Ben. */
  const resolved = async (title: string) => {
    const filed = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title, category: "hardware", priority: "high" } });
    assert.equal(filed.status, 201, filed.text);
    await act(ben, filed.body.id, { action: "resolve", text: "Replaced the toner" });
    return filed.body.id as string;
  };

  it("rate with effort and comment: recorded, still resolved, then changed; reopen still works", async () => {
    at("2026-03-02T09:00:00.000Z");
    const id = await resolved("Printer streaks");
    at("2026-03-02T10:00:00.000Z");
    const rated = await act(dana, id, { action: "rate", score: 2, effort: 3, comment: "Took two tries" });
    assert.equal(rated.body.status, "resolved", "a rating never closes the request");
    assert.deepEqual(rated.body.rating, { score: 2, effort: 3, comment: "Took two tries", at: "2026-03-02T10:00:00.000Z" });

    at("2026-03-02T11:00:00.000Z");
    const changed = await act(dana, id, { action: "rate", score: 4, effort: 6 });
    assert.deepEqual(changed.body.rating, { score: 4, effort: 6, at: "2026-03-02T11:00:00.000Z" }, "the last rating replaces the first");
    const history = (await svc.call("GET", `/api/requests/${id}`, { token: dana })).body.history as Array<{ kind: string; to?: string; from?: string; effort?: number; text?: string }>;
    assert.deepEqual(
      history.filter((e) => e.kind === "rated").map((e) => [e.to, e.from, e.effort, e.text]),
      [["2", undefined, 3, "Took two tries"], ["4", "2", 6, undefined]],
    );

    const reopened = await act(dana, id, { action: "reopen", text: "Streaks again" });
    assert.equal(reopened.body.status, "in_progress");
  });

  it("bad ratings get a 400 naming the field, and change nothing", async () => {
    at("2026-03-03T09:00:00.000Z");
    const id = await resolved("Monitor flickers");
    const cases: Array<[string, unknown, string]> = [
      ["effort 0", { action: "rate", score: 4, effort: 0 }, "effort"],
      ["effort 8", { action: "rate", score: 4, effort: 8 }, "effort"],
      ["effort 4.5", { action: "rate", score: 4, effort: 4.5 }, "effort"],
      ["effort as text", { action: "rate", score: 4, effort: "easy" }, "effort"],
      ["a comment of 2,001 characters", { action: "rate", score: 4, comment: "c".repeat(2001) }, "comment"],
      ["score 0", { action: "rate", score: 0 }, "score"],
    ];
    const seen = async () => (await svc.call("GET", `/api/requests/${id}`, { token: dana })).body;
    const before = await seen();
    for (const [what, body, field] of cases) {
      const res = await svc.call("POST", `/api/requests/${id}/actions`, { token: dana, body });
      const err = assertApiError(res, 400, what, { code: "invalid_input", field });
      assert.deepEqual((err.details as unknown as Array<{ field: string }>).map((d) => d.field), [field], what);
    }
    const after = await seen();
    assert.equal(after.etag, before.etag, "nothing was written");
    assert.equal(after.rating, undefined);
    assert.deepEqual(after.history, before.history);
  });

  it("closed by the quiet period: rating and reopening refused with a sentence; a reply files a linked follow-up", async () => {
    at("2026-03-04T09:00:00.000Z");
    const id = await resolved("Laptop battery drains");
    await act(dana, id, { action: "rate", score: 3 });
    at("2026-03-20T09:00:00.000Z");
    await svc.app.scheduler.tick();
    const closed = (await svc.call("GET", `/api/requests/${id}`, { token: dana })).body;
    assert.equal(closed.status, "closed");
    assert.equal(closed.rating.score, 3, "the rating given while resolved stays");

    const rate = await act(dana, id, { action: "rate", score: 5 }, 409);
    assert.equal(rate.body.error.message, `${id} is closed; its rating can no longer change.`);
    const reopen = await act(dana, id, { action: "reopen" }, 409);
    assert.equal(reopen.body.error.message, `${id} is closed; only a resolved request can be reopened.`);

    // Ben (staff) commenting on it files nothing: comments are closed to him.
    const staff = await act(ben, id, { action: "comment", text: "Note" }, 409);
    assert.match(staff.body.error.message, /closed/);

    const reply = await act(dana, id, { action: "comment", text: "It drains again after the update" }, 201);
    const followUp = reply.body;
    assert.equal(reply.headers.get("location"), `/api/requests/${followUp.id}`, "201: a new request, and where it is");
    assert.equal(followUp.source.kind, "api", "filed where the reply was written");
    assert.notEqual(followUp.id, id, "the reply answers with the follow-up it filed");
    assert.match(followUp.id, /^IT-\d+$/);
    assert.equal(followUp.title, "Follow-up: Laptop battery drains");
    assert.equal(followUp.description, "It drains again after the update");
    assert.equal(followUp.status, "new");
    assert.equal(followUp.priority, "high");
    assert.equal(followUp.category, "hardware");
    assert.equal(followUp.followUpOf, id);

    const old = (await svc.call("GET", `/api/requests/${id}`, { token: dana })).body;
    assert.equal(old.status, "closed", "the closed request stays closed");
    assert.deepEqual(old.followUps, [followUp.id]);
    assert.deepEqual(old.history.filter((e: { kind: string }) => e.kind === "followUp").map((e: { to: string }) => e.to), [followUp.id]);
    const fresh = (await svc.call("GET", `/api/requests/${followUp.id}`, { token: ben })).body;
    assert.deepEqual(fresh.history.filter((e: { kind: string }) => e.kind === "followUp").map((e: { from: string }) => e.from), [id]);
    const mine = (await svc.call("GET", "/api/me/requests", { token: dana })).body.items as Array<{ id: string }>;
    assert.ok(mine.some((r) => r.id === followUp.id), "the follow-up is in Dana's requests");
  });
});
