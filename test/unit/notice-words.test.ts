import assert from "node:assert/strict";
import { applyAction, type RequestAction } from "../../shared/lifecycle.ts";
import { noticesFor } from "../../shared/notifications.ts";
import { AGENT, REQUESTER, actor, department, request } from "../support/fixtures.ts";
import type { Person, ServiceRequest } from "../../shared/domain.ts";

const NOW = "2026-03-02T10:00:00.000Z";
const dept = department();

function change(req: ServiceRequest, action: RequestAction, who: Person = AGENT) {
  const r = applyAction(req, action, { actor: actor(who), dept, now: NOW });
  assert.ok(r.ok, JSON.stringify(r));
  return { req: r.request, notices: noticesFor(r.request, r.events) };
}

/** Who is told, what headline, and the words they read. */
const told = (n: ReturnType<typeof noticesFor>) => n.people.map((p) => [p.person.id, p.message.key, p.words?.by ?? "", p.words?.text ?? ""]);

/** DESIGN.md "Teams bot": a notice carries the words that caused it; an internal note is never told. */
describe("the words a notice carries (shared/notifications)", () => {
  it("a question asked on an unassigned request is told as a question, with the question", () => {
    assert.deepEqual(told(change(request(), { action: "wait", text: "Which laptop?" }).notices), [[REQUESTER.id, "notify.waiting", AGENT.name, "Which laptop?"]]);
  });

  it("a comment, a resolution note, a requester's answer and a cancel reason carry their words", () => {
    const taken = change(request(), { action: "take" }).req;
    assert.deepEqual(told(change(taken, { action: "comment", text: "Ordered it" }).notices), [[REQUESTER.id, "notify.comment", AGENT.name, "Ordered it"]]);
    assert.deepEqual(told(change(taken, { action: "resolve", text: "Replaced" }).notices), [[REQUESTER.id, "notify.resolved", AGENT.name, "Replaced"]]);
    const waiting = change(taken, { action: "wait", text: "Which one?" }).req;
    assert.deepEqual(told(change(waiting, { action: "comment", text: "The old one" }, REQUESTER).notices), [[AGENT.id, "notify.requesterComment", REQUESTER.name, "The old one"]]);
    assert.deepEqual(told(change(taken, { action: "cancel", text: "Fixed itself" }, REQUESTER).notices), [[AGENT.id, "notify.status", REQUESTER.name, "Fixed itself"]]);
  });

  it("a notice without words carries none, and an internal note is never anyone's words", () => {
    const taken = change(request(), { action: "take" });
    assert.deepEqual(told(taken.notices), [[REQUESTER.id, "notify.taken", "", ""]]);
    assert.deepEqual(told(change(taken.req, { action: "comment", text: "vendor is late", public: false }).notices), []);
  });
});
