import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { assertApiError, atOnce, createDepartment, departmentRequests, statusCounts, withoutWrites } from "../support/api.ts";
import { startService, uniquePrefix, type CallResult, type TestService } from "../support/service.ts";

/**
 * Races over HTTP (DESIGN.md "HTTP API" and "Storage"): many callers doing the same thing at
 * the same moment, against two instances of the real service sharing one storage account.
 * Every test fires its N calls together and then checks what a person would see: who won,
 * what the losers were told, and what was stored (one take, one request, dense ids).
 */
describe("races over HTTP", function () {
  this.timeout(60_000);
  const N = 12;
  let a: TestService;
  let b: TestService;

  before(async () => {
    const prefix = uniquePrefix();
    a = await startService({ demo: true, prefix });
    b = await startService({ prefix });
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  /** N agents of a new department, with a token for each on instance a or b (alternating). */
  async function departmentWithAgents(key: string) {
    const agents = Array.from({ length: N }, (_, i) => ({ id: `${key.toLowerCase()}-agent-${i + 1}`, name: `${key} Agent ${i + 1}` }));
    await createDepartment(a, key, { agents });
    const tokens = await Promise.all(agents.map((p, i) => (i % 2 ? b : a).token({ userId: p.id, name: p.name })));
    return { agents, tokens, svcOf: (i: number) => (i % 2 ? b : a) };
  }

  const file = (svc: TestService, token: string, dept: string, title: string, headers: Record<string, string> = {}) =>
    svc.call("POST", "/api/requests", { token, body: { department: dept, title }, headers });

  it(`${N} agents take one request at once: one 200, the rest 409, and its history shows one take`, async () => {
    const { agents, tokens, svcOf } = await departmentWithAgents("TAKE");
    const dana = await a.token("dana");
    const filed = await file(a, dana, "TAKE", "Laptop will not boot");
    assert.equal(filed.status, 201, filed.text);
    const id = filed.body.id as string;

    const results = await atOnce(N, (i) => svcOf(i).call("POST", `/api/requests/${id}/actions`, { token: tokens[i], body: { action: "take" } }));

    assert.deepEqual(statusCounts(results), { 200: 1, 409: N - 1 }, results.map((r) => `${r.status} ${r.text.slice(0, 120)}`).join("\n"));
    const winner = results.findIndex((r) => r.status === 200);
    assert.equal(results[winner].body.assignee.id, agents[winner].id);
    for (const r of results.filter((x) => x.status === 409)) {
      const err = assertApiError(r, 409, "a losing take", { code: "conflict" });
      assert.match(err.message, new RegExp(`already taken by ${agents[winner].name}`), "the loser is told who has it");
    }

    const got = await a.call("GET", `/api/requests/${id}`, { token: dana });
    assert.equal(got.status, 200, got.text);
    assert.equal(got.body.status, "in_progress");
    assert.equal(got.body.assignee.id, agents[winner].id);
    const history = got.body.history as Array<{ kind: string; to?: string; clock?: string; sla?: string }>;
    assert.deepEqual(history.filter((h) => h.kind === "assigned").map((h) => h.to), [agents[winner].name], "exactly one take in the history");
    assert.equal(history.filter((h) => h.kind === "status" && h.to === "in_progress").length, 1);
    assert.equal(history.filter((h) => h.kind === "sla" && h.clock === "firstResponse" && h.sla === "stop").length, 1);
    assert.equal(got.body.sla.firstResponse.state, "met");
  });

  it(`${N} requests filed at once in a new department on one instance are NEWA-1..NEWA-${N}: all 201, unique, no gap`, async () => {
    await createDepartment(a, "NEWA");
    const dana = await a.token("dana");
    const results = await atOnce(N, (i) => file(a, dana, "NEWA", `Concurrent request ${i}`));
    assert.deepEqual(statusCounts(results), { 201: N }, results.map((r) => r.text.slice(0, 120)).join("\n"));
    const ids = results.map((r) => r.body.id as string).sort((x, y) => Number(x.split("-")[1]) - Number(y.split("-")[1]));
    assert.deepEqual(ids, Array.from({ length: N }, (_, i) => `NEWA-${i + 1}`));
    // Each caller got back its own request, not someone else's.
    results.forEach((r, i) => assert.equal(r.body.title, `Concurrent request ${i}`));

    const alex = await a.token("alex");
    const listed = await departmentRequests(a, "NEWA", alex);
    assert.deepEqual(listed.map((r) => r.id).sort(), [...ids].sort());
  });

  it(`${N} requests filed at once across two instances continue the existing numbers with no gap`, async () => {
    const [danaA, danaB, anaA] = await Promise.all([a.token("dana"), b.token("dana"), a.token("ana")]);
    const existing = (await departmentRequests(a, "IT", anaA)).map((r) => r.number as number);
    const last = Math.max(0, ...existing);
    assert.deepEqual([...existing].sort((x, y) => x - y), Array.from({ length: existing.length }, (_, i) => i + 1), "the demo's IT requests are dense to start with");

    const results = await atOnce(N, (i) => file(i % 2 ? b : a, i % 2 ? danaB : danaA, "IT", `Two-instance request ${i}`));
    assert.deepEqual(statusCounts(results), { 201: N }, results.map((r) => r.text.slice(0, 120)).join("\n"));
    const numbers = results.map((r) => r.body.number as number).sort((x, y) => x - y);
    assert.deepEqual(numbers, Array.from({ length: N }, (_, i) => last + i + 1), "dense after the existing ones, none twice");
    results.forEach((r, i) => assert.equal(r.body.title, `Two-instance request ${i}`));

    const after = (await departmentRequests(a, "IT", anaA)).map((r) => r.number as number).sort((x, y) => x - y);
    assert.deepEqual(after, Array.from({ length: last + N }, (_, i) => i + 1));
    const mine = await a.call("GET", "/api/me/requests", { token: danaA });
    const mineIds = new Set((mine.body.items as Array<{ id: string }>).map((r) => r.id));
    for (const r of results) assert.ok(mineIds.has(r.body.id), `${r.body.id} is in Dana's "my requests"`);
  });

  it(`one email converted ${N} times at once on two instances: one created:true (201), the rest created:false (200) with its id`, async () => {
    const [danaA, danaB, anaA] = await Promise.all([a.token("dana"), b.token("dana"), a.token("ana")]);
    const internetMessageId = `<race-${randomUUID()}@contoso.example>`;
    const email = {
      internetMessageId,
      subject: "VPN drops every hour",
      body: "Since Monday the VPN disconnects every hour.",
      from: { name: "Dana Whitfield", email: "dana@contoso.example" },
      department: "IT",
    };
    const before = (await departmentRequests(a, "IT", anaA)).length;

    const results = await atOnce(N, (i) => (i % 2 ? b : a).call("POST", "/api/requests/from-email", { token: i % 2 ? danaB : danaA, body: email }));

    assert.deepEqual(statusCounts(results), { 201: 1, 200: N - 1 }, results.map((r) => `${r.status} ${r.text.slice(0, 120)}`).join("\n"));
    const first = results.find((r) => r.status === 201)!;
    assert.equal(first.body.created, true);
    const id = first.body.request.id as string;
    for (const r of results.filter((x) => x.status === 200)) {
      assert.equal(r.body.created, false);
      assert.equal(r.body.request.id, id, "every repeat answers with the one request");
    }
    const listed = await departmentRequests(a, "IT", anaA);
    assert.equal(listed.length, before + 1, "only one request was made");
    assert.equal(listed.filter((r) => r.source?.ref === internetMessageId).length, 1);
    const found = await b.call("GET", `/api/requests/by-email?internetMessageId=${encodeURIComponent(internetMessageId)}`, { token: danaB });
    assert.equal(found.status, 200, found.text);
    assert.equal(found.body.id, id);
  });

  it(`one Idempotency-Key sent ${N} times at once on two instances makes one request`, async () => {
    const [danaA, danaB, anaA] = await Promise.all([a.token("dana"), b.token("dana"), a.token("ana")]);
    const key = randomUUID();
    const before = (await departmentRequests(a, "IT", anaA)).length;

    const results = await atOnce(N, (i) => file(i % 2 ? b : a, i % 2 ? danaB : danaA, "IT", "Keyed: new starter needs a laptop", { "Idempotency-Key": key }));

    assert.deepEqual(statusCounts(results), { 201: 1, 200: N - 1 }, results.map((r) => `${r.status} ${r.text.slice(0, 120)}`).join("\n"));
    const ids = new Set(results.map((r) => r.body.id as string));
    assert.equal(ids.size, 1, `every answer is the same request (got ${[...ids].join(", ")})`);
    const listed = await departmentRequests(a, "IT", anaA);
    assert.equal(listed.length, before + 1, "only one request was made");
    const mine = await a.call("GET", "/api/me/requests", { token: danaA });
    assert.equal((mine.body.items as Array<{ title: string }>).filter((r) => r.title === "Keyed: new starter needs a laptop").length, 1);
  });

  it("a stale If-Match on an action gets 412 and changes nothing; the current one gets 200", async () => {
    const [dana, ben] = await Promise.all([a.token("dana"), a.token("ben")]);
    const filed = await file(a, dana, "IT", "Shared mailbox missing in Outlook");
    assert.equal(filed.status, 201, filed.text);
    const id = filed.body.id as string;
    const staleEtag = filed.headers.get("etag")!;
    assert.ok(staleEtag, "a created request carries an ETag");
    // Dana adds a detail: Ben's copy (loaded at creation) is now stale.
    const commented = await a.call("POST", `/api/requests/${id}/actions`, { token: dana, body: { action: "comment", text: "It is the finance@ mailbox." } });
    assert.equal(commented.status, 200, commented.text);
    const current = commented.headers.get("etag")!;
    assert.notEqual(current, staleEtag);
    const seen = await a.call("GET", `/api/requests/${id}`, { token: ben });

    for (const body of [{ action: "take" }, { action: "resolve", text: "Done" }, { action: "priority", priority: "high" }]) {
      const refused = await withoutWrites(a.app, `${body.action} with a stale If-Match`, () =>
        a.call("POST", `/api/requests/${id}/actions`, { token: ben, body, headers: { "If-Match": staleEtag } }),
      );
      const err = assertApiError(refused, 412, `${body.action} with a stale If-Match`, { code: "precondition_failed" });
      assert.match(err.message, new RegExp(`${id} changed since you loaded it`));
    }
    const still = await a.call("GET", `/api/requests/${id}`, { token: ben });
    const state = (v: any) => ({ etag: v.etag, status: v.status, assignee: v.assignee, priority: v.priority, updatedAt: v.updatedAt, history: v.history });
    assert.deepEqual(state(still.body), state(seen.body), "the request and its history are as before");

    const taken = await a.call("POST", `/api/requests/${id}/actions`, { token: ben, body: { action: "take" }, headers: { "If-Match": current } });
    assert.equal(taken.status, 200, taken.text);
    assert.equal(taken.body.assignee.id, "demo-ben");
    assert.notEqual(taken.headers.get("etag"), current, "the answer carries the new ETag");
  });

  it(`${N} comments sent at once with the same If-Match: one 200, the rest 412, one comment stored`, async () => {
    const [dana, ben] = await Promise.all([a.token("dana"), a.token("ben")]);
    const filed = await file(a, dana, "IT", "Docking station flickers");
    const id = filed.body.id as string;
    const etag = filed.headers.get("etag")!;
    const results: CallResult[] = await atOnce(N, (i) =>
      a.call("POST", `/api/requests/${id}/actions`, { token: i % 2 ? ben : dana, body: { action: "comment", text: `Comment ${i}` }, headers: { "If-Match": etag } }),
    );
    assert.deepEqual(statusCounts(results), { 200: 1, 412: N - 1 }, results.map((r) => `${r.status} ${r.text.slice(0, 120)}`).join("\n"));
    for (const r of results.filter((x) => x.status === 412)) assertApiError(r, 412, "a losing comment", { code: "precondition_failed" });
    const winner = results.findIndex((r) => r.status === 200);
    const got = await a.call("GET", `/api/requests/${id}`, { token: ben });
    const comments = (got.body.history as Array<{ kind: string; text?: string }>).filter((h) => h.kind === "comment").map((h) => h.text);
    assert.deepEqual(comments, [`Comment ${winner}`]);
  });
});
