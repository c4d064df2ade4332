import assert from "node:assert/strict";
import { applyAction, availableActions, type RequestAction } from "../../shared/lifecycle.ts";
import { noticesFor } from "../../shared/notifications.ts";
import { newRequest } from "../../shared/request.ts";
import { AGENT, LEAD, REQUESTER, actor, department, request } from "../support/fixtures.ts";
import type { ServiceRequest } from "../../shared/domain.ts";

const NOW = "2026-03-02T10:00:00.000Z";
const dept = department();

/** Applies `action` as `who` and returns the request after it and the notices of that change. */
function change(req: ServiceRequest, action: RequestAction, who = AGENT) {
  const r = applyAction(req, action, { actor: actor(who), dept, now: NOW });
  assert.ok(r.ok, JSON.stringify(r));
  return { req: r.request, notices: noticesFor(r.request, r.events) };
}

const told = (n: ReturnType<typeof noticesFor>) => n.people.map((p) => [p.person.id, p.message.key, !!p.rating]);

describe("who hears about a change (shared/notifications)", () => {
  it("a new request goes to the triage channel; the requester hears only when someone else filed it", () => {
    const own = newRequest({ tenantId: "t", dept, number: 1, now: NOW, title: "VPN", description: "", priority: "normal", requester: REQUESTER, source: { kind: "teams" } });
    assert.deepEqual(noticesFor(own.request, own.events), { people: [], triage: "post" });
    const forMe = newRequest({ tenantId: "t", dept, number: 2, now: NOW, title: "VPN", description: "", priority: "normal", requester: REQUESTER, createdBy: AGENT, source: { kind: "outlook" } });
    const n = noticesFor(forMe.request, forMe.events);
    assert.equal(n.triage, "post");
    assert.deepEqual(told(n), [[REQUESTER.id, "notify.createdForYou", false]]);
  });

  it("the requester hears of every status change and agent comment, never of their own actions", () => {
    let req = request();
    const taken = change(req, { action: "take" });
    assert.deepEqual(told(taken.notices), [[REQUESTER.id, "notify.taken", false]]);
    assert.equal(taken.notices.triage, "update");
    req = taken.req;
    assert.deepEqual(told(change(req, { action: "comment", text: "Looking" }).notices), [[REQUESTER.id, "notify.comment", false]]);
    assert.deepEqual(told(change(req, { action: "comment", text: "internal", public: false }).notices), [], "internal notes stay internal");
    const waiting = change(req, { action: "wait", text: "Which laptop?" });
    assert.deepEqual(told(waiting.notices), [[REQUESTER.id, "notify.waiting", false]], "one notice, though the wait carried a comment");
    // The requester answers: the assignee hears of the reply (which resumed it), the requester not of themselves.
    const answered = change(waiting.req, { action: "comment", text: "LT-0423" }, REQUESTER);
    assert.deepEqual(told(answered.notices), [[AGENT.id, "notify.requesterComment", false]]);
    assert.deepEqual(told(change(req, { action: "priority", priority: "high" }).notices), [[REQUESTER.id, "notify.priority", false]]);
  });

  it("a resolve brings the rating card; a rating tells the assignee", () => {
    const taken = change(request(), { action: "take" }).req;
    const resolved = change(taken, { action: "resolve", text: "Replaced the dock" });
    assert.deepEqual(told(resolved.notices), [[REQUESTER.id, "notify.resolved", true]]);
    const rated = change(resolved.req, { action: "rate", score: 4 }, REQUESTER);
    assert.deepEqual(told(rated.notices), [[AGENT.id, "notify.rated", false]]);
  });

  it("an assignment tells the new assignee and the requester", () => {
    const second = { id: "u-agent2", name: "Cleo Agent" };
    const d2 = department({ agents: [AGENT, second] });
    const r = applyAction(request(), { action: "assign", assignee: second }, { actor: actor(LEAD), dept: d2, now: NOW });
    assert.ok(r.ok);
    assert.deepEqual(told(noticesFor(r.request, r.events)), [
      [second.id, "notify.assignedToYou", false],
      [REQUESTER.id, "notify.taken", false],
    ]);
  });

  it("the buttons offered are exactly the actions the rules allow", () => {
    const fresh = request();
    assert.deepEqual(availableActions(fresh, { actor: actor(AGENT), dept, now: NOW }), ["take", "assign", "comment", "wait", "resolve", "priority"]);
    assert.deepEqual(availableActions(fresh, { actor: actor(REQUESTER), dept, now: NOW }), ["comment", "cancel"]);
    const outsider = { id: "u-x", name: "Xavier" };
    assert.deepEqual(availableActions(fresh, { actor: actor(outsider), dept, now: NOW }), []);
    const resolved = change(change(fresh, { action: "take" }).req, { action: "resolve" }).req;
    assert.deepEqual(availableActions(resolved, { actor: actor(REQUESTER), dept, now: NOW }), ["comment", "reopen", "rate"]);
  });
});
