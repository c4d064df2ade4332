/**
 * The transfer step (shared/lifecycle.ts) and what it means for the figures (shared/stats,
 * shared/summary.ts): who may, from which states, the clocks (first response met or missed at
 * the transfer, resolution a hand-off), a retry, and the hand-off counted out and in.
 */
import assert from "node:assert/strict";
import type { ServiceRequest } from "../../shared/domain.ts";
import { applyAction, type Applied, type Refusal } from "../../shared/lifecycle.ts";
import { contributionOf, OPEN_KEY } from "../../shared/summary.ts";
import { departmentStats } from "../../shared/stats/index.ts";
import { toView } from "../../shared/request.ts";
import { actionSchema, parse } from "../../shared/validation/index.ts";
import { parseCommand } from "../../shared/commands.ts";
import { AGENT, LEAD, REQUESTER, actor, department, request } from "../support/fixtures.ts";

const IT = department();
const T0 = "2026-03-02T09:00:00.000Z";
const at = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;
const transfer = { action: "transfer" as const, department: "HR", reason: "Payroll is HR's" };

function applied(r: Applied | Refusal): Applied {
  if (!r.ok) assert.fail(`expected the transfer to be applied, got ${r.code}: ${r.message}`);
  return r;
}
function refused(r: Applied | Refusal): Refusal {
  if (r.ok) assert.fail(`expected a refusal, got status ${r.request.status}`);
  return r;
}

describe("transfer (lifecycle)", () => {
  it("an agent transfers a new request: transferred, first response met at that instant, resolution handed off", () => {
    const req = request({ number: 42 });
    const r = applied(applyAction(req, transfer, { actor: actor(AGENT), dept: IT, now: at("09:30") }));
    assert.equal(r.request.status, "transferred", "status");
    assert.deepEqual(r.request.transfer, { department: "HR", at: at("09:30"), by: { id: AGENT.id, name: AGENT.name } }, "where it goes");
    assert.equal(r.request.firstRespondedAt, at("09:30"), "the hand-off answers the requester");
    const v = toView(r.request, Date.parse(at("12:00")));
    assert.equal(v.sla.firstResponse.state, "met", "30 minutes of a 60-minute target: met at the transfer");
    assert.equal(v.sla.resolution.state, "handed_off", "resolution: a hand-off, neither met nor missed");
    assert.equal(v.sla.resolution.elapsedMinutes, 30, "and it stopped counting at the transfer");
    assert.ok(r.events.some((e) => e.kind === "transfer" && e.to === "HR" && e.public === true), "the move is public");
    assert.ok(r.events.some((e) => e.kind === "comment" && e.public === false && e.text === "Payroll is HR's"), "the reason is an internal note");
  });

  it("a late transfer counts the first response as missed", () => {
    const r = applied(applyAction(request({ number: 43 }), transfer, { actor: actor(AGENT), dept: IT, now: at("11:00") }));
    assert.equal(toView(r.request, Date.parse(at("11:00"))).sla.firstResponse.state, "missed", "two hours on a one-hour target");
  });

  it("from waiting (paused resolution) and in progress too; never from resolved, closed, cancelled", () => {
    for (const status of ["in_progress", "waiting"] as const) {
      const r = applied(applyAction(request({ status, assignee: AGENT, firstRespondedAt: at("09:10") }), transfer, { actor: actor(LEAD), dept: IT, now: at("10:00") }));
      assert.equal(r.request.status, "transferred", `from ${status}`);
      assert.equal(r.request.firstRespondedAt, at("09:10"), `from ${status}: the earlier response stands`);
    }
    for (const status of ["resolved", "closed", "cancelled"] as const) {
      const r = refused(applyAction(request({ status }), transfer, { actor: actor(AGENT), dept: IT, now: at("10:00") }));
      assert.equal(r.code, "conflict", `from ${status}`);
      assert.match(r.message, /only an open request can be transferred/, `from ${status}: says why`);
    }
  });

  it("refuses the requester, other departments' staff, and the same department; an admin may", () => {
    const req = request({ number: 44 });
    assert.equal(refused(applyAction(req, transfer, { actor: actor(REQUESTER), dept: IT, now: at("10:00") })).code, "forbidden", "the requester");
    const hrAgent = { id: "u-hr", name: "Hana HR" };
    assert.equal(refused(applyAction(req, transfer, { actor: actor(hrAgent), dept: IT, now: at("10:00") })).code, "forbidden", "another department's agent");
    const same = refused(applyAction(req, { ...transfer, department: "IT" }, { actor: actor(AGENT), dept: IT, now: at("10:00") }));
    assert.equal(same.code, "invalid_input", "the same department is bad input");
    assert.match(same.message, /already in IT/, same.message);
    applied(applyAction(req, transfer, { actor: actor({ id: "u-admin", name: "Admin" }, true), dept: IT, now: at("10:00") }));
  });

  it("a retry of the same transfer changes nothing; to another department it is refused", () => {
    const moved = applied(applyAction(request({ number: 45 }), transfer, { actor: actor(AGENT), dept: IT, now: at("09:30") })).request;
    const again = applied(applyAction(moved, transfer, { actor: actor(AGENT), dept: IT, now: at("09:40") }));
    assert.equal(again.events.length, 0, "nothing to write");
    assert.equal(again.request, moved, "the request as it is");
    refused(applyAction(moved, { ...transfer, department: "FIN" }, { actor: actor(AGENT), dept: IT, now: at("09:40") }));
    refused(applyAction(moved, { action: "comment", text: "hello?" }, { actor: actor(REQUESTER), dept: IT, now: at("09:40") }));
  });

  it("the reason is required, 1 to 1000 characters, and the department a key", () => {
    assert.equal(parse(actionSchema, { action: "transfer", department: "hr", reason: "why" }).ok, true, "a lower-case key is read as HR");
    for (const bad of [{ department: "HR" }, { department: "HR", reason: " " }, { department: "HR", reason: "x".repeat(1001) }, { department: "h", reason: "x" }]) {
      const p = parse(actionSchema, { action: "transfer", ...bad });
      assert.equal(p.ok, false, `refused: ${JSON.stringify(bad).slice(0, 60)}`);
    }
  });

  it("the bot command reads `transfer IT-42 HR <reason>` and `transferir`", () => {
    const p = parseCommand("transfer it-42 hr Payroll question");
    assert.deepEqual(p.ok && p.command, { name: "transfer", language: "en", id: "IT-42", department: "HR", text: "Payroll question" });
    const es = parseCommand("transferir IT-42 RRHH2 Es de nómina");
    assert.ok(es.ok && es.command.language === "es" && es.command.department === "RRHH2", JSON.stringify(es));
    assert.equal(parseCommand("transfer IT-42 HR").ok, false, "no reason: usage");
  });
});

describe("transfer (figures)", () => {
  const moved = (): ServiceRequest => applied(applyAction(request({ number: 50, createdAt: T0 }), transfer, { actor: actor(AGENT), dept: IT, now: at("09:30") })).request;
  const range = { from: Date.parse("2026-03-02T00:00:00Z"), to: Date.parse("2026-03-03T00:00:00Z"), now: Date.parse(at("12:00")) };

  it("the source counts a hand-off out, its first response, and no resolution; it leaves the backlog", () => {
    const s = departmentStats([moved()], range);
    assert.deepEqual(s.handoffs, { out: 1, in: 0 }, "one out");
    assert.equal(s.resolution.measured, 0, "resolution neither met nor missed");
    assert.equal(s.firstResponse.met, 1, "first response met at the transfer");
    assert.equal(s.open, 0, "not in the backlog");
    assert.equal(s.breaches, 0, "no broken promise");
    const c = contributionOf(moved());
    assert.equal((c["2026-03-02"] as { ho?: number }).ho, 1, "the day row counts it out");
    assert.equal(c[OPEN_KEY], undefined, "not open");
  });

  it("the target counts a hand-off in, and is filed there", () => {
    const target = request({ number: 7, department: "HR", transferredFrom: "IT-50", source: { kind: "transfer", ref: "IT-50" }, createdAt: at("09:30") });
    const s = departmentStats([target], range);
    assert.deepEqual(s.handoffs, { out: 0, in: 1 }, "one in");
    assert.equal(s.created, 1, "filed here");
    assert.equal((contributionOf(target)["2026-03-02"] as { hi?: number }).hi, 1, "the day row counts it in");
  });
});
