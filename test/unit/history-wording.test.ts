/**
 * How one change reads in a request's history (issue 14): the order of its events
 * (shared/lifecycle.ts) and their wording (shared/history.ts), in English and Spanish, as the
 * board's details, my requests, the add-in and the bot's cards show them.
 */
import assert from "node:assert/strict";
import { applyAction, type Applied, type RequestAction } from "../../shared/lifecycle.ts";
import { historyLine } from "../../shared/history.ts";
import type { Actor } from "../../shared/permissions.ts";
import { AGENT, REQUESTER, actor, department, request } from "../support/fixtures.ts";

const at = "2026-03-02T10:00:00.000Z";
const IT = department({ agents: [AGENT] });

function linesOf(action: RequestAction, who: Actor, status: "new" | "in_progress" | "waiting", locale: "en" | "es" = "en"): string[] {
  const req = request({ status, ...(status === "new" ? {} : { assignee: { id: AGENT.id, name: AGENT.name } }) });
  const res = applyAction(req, action, { actor: who, dept: IT, now: at });
  assert.ok(res.ok, JSON.stringify(res));
  return (res as Applied).events.filter((e) => e.kind !== "sla").map((e) => {
    const { line, text } = historyLine(e, locale);
    return text ? `${line}: ${text}` : line;
  });
}

describe("history wording: one change in the order it happened, in words people use", () => {
  it("asking the requester on a new request: took it first, then the question, then the wait", () => {
    assert.deepEqual(linesOf({ action: "wait", text: "Which two numbers do you see?" }, actor(AGENT), "new"), [
      "Ben Agent took the request",
      "Ben Agent commented: Which two numbers do you see?",
      "Ben Agent asked the requester for more information",
    ]);
  });

  it("the requester's answer reads as their reply and the clock running again, not as resuming work", () => {
    const en = linesOf({ action: "comment", text: "Portal and payslip" }, actor(REQUESTER), "waiting");
    assert.deepEqual(en, ["Dana Requester commented: Portal and payslip", "Dana Requester answered, so the resolution clock runs again"]);
    const es = linesOf({ action: "comment", text: "Portal y nómina" }, actor(REQUESTER), "waiting", "es");
    assert.deepEqual(es, ["Dana Requester comentó: Portal y nómina", "Dana Requester respondió, así que el reloj de resolución vuelve a correr"]);
    for (const line of [...en, ...es]) assert.doesNotMatch(line, /resumed work|reanudó/);
  });

  it("an agent resuming work still says so", () => {
    assert.deepEqual(linesOf({ action: "resume" }, actor(AGENT), "waiting"), ["Ben Agent resumed work on the request"]);
  });

  it("a stored reply without its cause (written before) still reads as before", () => {
    assert.equal(historyLine({ at, kind: "status", actor: REQUESTER, from: "waiting", to: "in_progress" }, "en").line, "Dana Requester resumed work on the request");
  });
});
