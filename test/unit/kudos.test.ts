/**
 * Kudos (issue 15, "thank"): the pure rules of shared/lifecycle.ts (who may thank, who is
 * thanked, once per person, an identical repeat adds nothing), what the history says, who hears
 * of it (shared/notifications.ts), and the action's schema.
 */
import assert from "node:assert/strict";
import type { Person, ServiceRequest } from "../../shared/domain.ts";
import { historyLine } from "../../shared/history.ts";
import { applyAction, canThank, thankedPeople, type Applied, type Refusal, type RequestAction } from "../../shared/lifecycle.ts";
import { noticesFor } from "../../shared/notifications.ts";
import { localize } from "../../shared/strings/index.ts";
import { actionSchema, parse } from "../../shared/validation/index.ts";
import { AGENT, LEAD, REQUESTER, TENANT_ID, actor, department, request } from "../support/fixtures.ts";

const IT = department();
const NOW = "2026-03-02T13:00:00.000Z";
const CREATOR: Person = { id: "u-creator", name: "Carl Creator" };
const STRANGER: Person = { id: "u-stranger", name: "Sam Stranger" };

const act = (req: ServiceRequest, action: RequestAction, who: Person, isAdmin = false) => applyAction(req, action, { actor: actor(who, isAdmin), dept: IT, now: NOW });

function applied(r: Applied | Refusal): Applied {
  if (!r.ok) assert.fail(`expected the thank to be applied, got ${r.code}: ${r.message}`);
  return r;
}
function refused(r: Applied | Refusal): Refusal {
  if (r.ok) assert.fail("expected a refusal, but the thank was applied");
  return r;
}

/** Taken by Ben (the agent), resolved by Ana (the lead). */
function resolvedByLead(): ServiceRequest {
  let r = request({ number: 9 });
  r = applied(act(r, { action: "take" }, AGENT)).request;
  return applied(act(r, { action: "resolve", text: "Done" }, LEAD)).request;
}

describe("kudos: the thank rule", () => {
  it("thanks go to whoever resolved it, else to the assignee; nobody worked it yet: refused with a sentence", () => {
    const r = resolvedByLead();
    assert.deepEqual(r.resolvedBy?.id, LEAD.id, "the resolve records who resolved it");
    assert.deepEqual(thankedPeople(r).map((p) => p.id), [LEAD.id], "the resolver, not the assignee");
    const reopened = applied(act(r, { action: "reopen" }, REQUESTER)).request;
    assert.equal(reopened.resolvedBy, undefined, "a reopen forgets the resolver");
    assert.deepEqual(thankedPeople(reopened).map((p) => p.id), [AGENT.id], "then the assignee is thanked");
    const fresh = request({ number: 9 });
    const no = refused(act(fresh, { action: "thank" }, REQUESTER));
    assert.equal(no.code, "conflict", "a state refusal is a 409");
    assert.equal(no.message, "Nobody has worked on IT-9 yet; thank them once someone takes it.", "the refusal is a sentence");
    assert.equal(canThank(fresh, { actor: actor(REQUESTER) }), false, "no Thank button before anyone worked it");
  });

  it("appends one kudos with the words and a public history event; the status and clocks are untouched", () => {
    const r = resolvedByLead();
    const done = applied(act(r, { action: "thank", text: "Thanks <b>Ana</b>!" }, REQUESTER));
    assert.equal(done.request.status, "resolved", "a thank changes no status");
    assert.deepEqual(done.request.sla, r.sla, "nor any clock");
    assert.deepEqual(done.request.kudos, [{ by: { id: REQUESTER.id, name: REQUESTER.name }, to: [{ id: LEAD.id, name: LEAD.name }], text: "Thanks <b>Ana</b>!", at: NOW }], "one kudos, the words as typed");
    assert.equal(done.events.length, 1, "one event");
    const e = done.events[0]!;
    assert.deepEqual([e.kind, e.to, e.text, e.public, e.actor?.id], ["thanked", LEAD.name, "Thanks <b>Ana</b>!", true, REQUESTER.id], "a public 'thanked' event");
    assert.deepEqual(historyLine(e, "en"), { line: "Dana Requester thanked Ana Lead", text: "Thanks <b>Ana</b>!" }, "the history line in English, the words apart");
    assert.deepEqual(historyLine(e, "es"), { line: "Dana Requester dio las gracias a Ana Lead", text: "Thanks <b>Ana</b>!" }, "and in Spanish");
    assert.equal(canThank(done.request, { actor: actor(REQUESTER) }), false, "no second Thank button");
  });

  it("one per person: an identical retry adds nothing; other words are a 409 naming who was thanked", () => {
    const once = applied(act(resolvedByLead(), { action: "thank", text: "Great" }, REQUESTER)).request;
    const retry = applied(act(once, { action: "thank", text: "Great" }, REQUESTER));
    assert.equal(retry.events.length, 0, "an identical repeat writes no event");
    assert.equal(retry.request, once, "and leaves the request as it was");
    const again = refused(act(once, { action: "thank", text: "Really great" }, REQUESTER));
    assert.equal(again.code, "conflict", "a second, different thank is a 409");
    assert.equal(again.message, "You already thanked Ana Lead for IT-9; thanks are one per person and request.", "it says so");
    assert.equal(localize("es", again.i18n), "Ya diste las gracias a Ana Lead por IT-9; se agradece una vez por persona y solicitud.", "in Spanish too");
    // Someone else who can see it thanks too: a second kudos.
    const byAgent = applied(act(once, { action: "thank" }, AGENT)).request;
    assert.deepEqual(byAgent.kudos?.map((k) => k.by.id), [REQUESTER.id, AGENT.id], "one kudos per person");
  });

  it("never to oneself; anyone who may see the request thanks (its requester, whoever filed it, staff), nobody else, never across tenants", () => {
    const r = resolvedByLead();
    const self = refused(act(r, { action: "thank" }, LEAD));
    assert.equal(self.message, "You worked on IT-9 yourself; thanks go to someone else.", "thanking yourself is refused with a sentence");
    assert.equal(localize("es", self.i18n), "Trabajaste tú en IT-9; el agradecimiento es para otra persona.", "in Spanish too");
    assert.equal(canThank(r, { actor: actor(LEAD) }), false, "no Thank button for the one thanked");
    applied(act({ ...r, createdBy: CREATOR }, { action: "thank" }, CREATOR));
    applied(act(r, { action: "thank" }, AGENT));
    // The service refuses strangers before the rule (they cannot see it); the rule itself is per tenant.
    const other = applyAction(r, { action: "thank" }, { actor: { ...actor(REQUESTER), tenantId: `${TENANT_ID}-other` }, dept: IT, now: NOW });
    assert.equal(other.ok, false, "another tenant's person cannot thank");
    void STRANGER;
  });

  it("the people thanked hear of it with the words; nobody else does", () => {
    const r = resolvedByLead();
    const done = applied(act(r, { action: "thank", text: "You saved my demo" }, REQUESTER));
    const n = noticesFor(done.request, done.events);
    assert.deepEqual(n.people.map((p) => [p.person.id, p.message.key]), [[LEAD.id, "notify.thanked"]], "only the resolver is told");
    assert.deepEqual(n.people[0]!.words, { by: REQUESTER.name, text: "You saved my demo" }, "with the words, as typed");
    assert.equal(localize("en", n.people[0]!.message), "Dana Requester thanked you for IT-9.", "in a sentence");
    assert.equal(localize("es", n.people[0]!.message), "Dana Requester te dio las gracias por IT-9.", "in Spanish");
  });

  it("the schema: text optional, at most 500 characters, nothing else", () => {
    assert.deepEqual(parse(actionSchema, { action: "thank" }), { ok: true, value: { action: "thank" } }, "no words is fine");
    const ok = parse(actionSchema, { action: "thank", text: "  Thanks!  " });
    assert.ok(ok.ok && (ok.value as { text?: string }).text === "Thanks!", "words are trimmed");
    const long = parse(actionSchema, { action: "thank", text: "x".repeat(501) });
    assert.ok(!long.ok && /500/.test(long.error.message), `too long is refused naming the limit: ${JSON.stringify(long)}`);
    const extra = parse(actionSchema, { action: "thank", to: "someone" });
    assert.ok(!extra.ok && /not a known property/.test(extra.error.message), `unknown fields are refused: ${JSON.stringify(extra)}`);
  });
});
