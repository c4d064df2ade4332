/**
 * Links, merged duplicates, followers and the requester's past (issue 16, deliverables 2 and 4),
 * over HTTP against the real service and Azurite: both sides written (across departments too),
 * a duplicate resolved with its pointer and its requester following the survivor (in GET and in
 * "my requests"), both histories, who may link and what stays hidden, an idempotent retry, a link
 * racing a take, and the requester's past read as one partition query per identity.
 */
import assert from "node:assert/strict";
import type { HistoryEvent, RequestView } from "../../shared/domain.ts";
import { assertApiError } from "../support/api.ts";
import { startService, type HttpClient, type TestService } from "../support/service.ts";
import { startStorageProxy, type StorageProxy } from "../support/storage-proxy/index.ts";

type Past = { requester: { id: string; name: string }; scope: string; items: Array<{ id: string; department: string; title: string; status: string; createdAt: string; resolvedAt?: string; rating?: number }>; nextCursor?: string };

async function file(svc: HttpClient, token: string, department: string, title: string): Promise<RequestView> {
  const res = await svc.call<RequestView>("POST", "/api/requests", { token, body: { department, title } });
  assert.equal(res.status, 201, `filing "${title}" in ${department}: ${res.text.slice(0, 300)}`);
  return res.body;
}

const act = (svc: HttpClient, token: string, id: string, body: object, headers?: Record<string, string>) => svc.call<RequestView>("POST", `/api/requests/${id}/actions`, { token, body, ...(headers ? { headers } : {}) });

async function get(svc: HttpClient, token: string, id: string): Promise<RequestView> {
  const res = await svc.call<RequestView>("GET", `/api/requests/${id}`, { token });
  assert.equal(res.status, 200, `GET ${id}: ${res.text.slice(0, 300)}`);
  return res.body;
}

const linked = (h: HistoryEvent[] | undefined) => (h ?? []).filter((e) => e.kind === "linked");

describe("links, merged duplicates and the requester's past (issue 16)", function () {
  this.timeout(60_000);
  let svc: TestService;
  let ben: string; // IT agent
  let dana: string; // requester
  let emma: string; // Finance lead, a requester in IT
  let alex: string; // admin
  let farid: string; // Finance agent

  before(async () => {
    svc = await startService({ demo: true });
    [ben, dana, emma, alex, farid] = await Promise.all(["demo-ben", "demo-dana", "demo-emma", "demo-alex", "demo-farid"].map((u) => svc.token(u)));
  });
  after(async () => svc?.close());

  it("links related requests on both sides, across departments, and a retry adds nothing", async () => {
    const it1 = await file(svc, dana, "IT", "Printer on floor 2 jams");
    const fin = await file(svc, ben, "FIN", "Invoice for the printer repair");
    const res = await act(svc, ben, it1.id, { action: "link", to: fin.id.toLowerCase(), relation: "related" });
    assert.equal(res.status, 200, `link: ${res.text.slice(0, 300)}`);
    assert.deepEqual(res.body.links?.map((l) => [l.id, l.relation]), [[fin.id, "related"]], "the source holds the link");
    const source = await get(svc, ben, it1.id);
    const target = await get(svc, ben, fin.id);
    assert.deepEqual(target.links?.map((l) => [l.id, l.relation, l.by.id]), [[it1.id, "related", "demo-ben"]], "the target (another department's partition) holds the link back");
    assert.equal(linked(source.history).length, 1, "one linked event in the source's history");
    assert.equal(linked(target.history)[0]?.to, it1.id, "the target's history names the source");
    assert.equal(source.status, "new", "a related link changes no status");

    const again = await act(svc, ben, it1.id, { action: "link", to: fin.id, relation: "related" });
    assert.equal(again.status, 200, `retry: ${again.text.slice(0, 300)}`);
    assert.equal(again.body.etag, source.etag, "a retried link writes nothing on the source");
    assert.equal((await get(svc, ben, fin.id)).etag, target.etag, "nor on the target");
    // The requester sees the link on her request (public), without being able to link.
    assert.equal((await get(svc, dana, it1.id)).links?.[0]?.id, fin.id, "the requester sees the link");
  });

  it("merges a duplicate: resolved with its pointer, its requester follows the survivor (GET, my requests), both histories", async () => {
    const survivor = await file(svc, dana, "IT", "VPN drops every few minutes (merge test)");
    const dup = await file(svc, emma, "IT", "VPN keeps disconnecting (merge test)");
    const res = await act(svc, ben, dup.id, { action: "link", to: survivor.id, relation: "duplicate", text: "Same outage as the other report." });
    assert.equal(res.status, 200, `merge: ${res.text.slice(0, 300)}`);
    assert.equal(res.body.status, "resolved", "the duplicate is resolved");
    assert.ok(res.body.resolvedAt, "with its resolution time");
    assert.equal(res.body.sla.resolution.state, "met", "its resolution clock stops as on a normal resolve");
    assert.equal(res.body.sla.firstResponse.state, "met", "and the first response is answered by it");
    assert.deepEqual(res.body.links?.map((l) => [l.id, l.relation]), [[survivor.id, "duplicate-of"]], "it points to the survivor");

    const after = await get(svc, ben, survivor.id);
    assert.deepEqual(after.links?.map((l) => [l.id, l.relation]), [[dup.id, "duplicated-by"]], "the survivor names its duplicate");
    assert.deepEqual(after.followers?.map((f) => f.id), ["demo-emma"], "the duplicate's requester follows the survivor");
    assert.equal(after.status, "new", "the survivor is untouched otherwise");

    // The follower sees it, in GET and in "my requests"; she cannot cancel or rate it.
    const seen = await get(svc, emma, survivor.id);
    assert.equal(seen.id, survivor.id, "the follower can open the survivor");
    const mine = await svc.call<{ items: RequestView[] }>("GET", "/api/me/requests?status=all&limit=200", { token: emma });
    assert.ok(mine.body.items.some((r) => r.id === survivor.id), `the survivor is in the follower's my requests: ${mine.body.items.map((r) => r.id).join(", ")}`);
    assert.ok(mine.body.items.some((r) => r.id === dup.id && r.status === "resolved"), "and her own duplicate, resolved");
    assertApiError(await act(svc, emma, survivor.id, { action: "cancel" }), 403, "a follower cancelling");

    // Both histories say it, in order: the duplicate's link, its note, then its resolution.
    const dupHistory = (await get(svc, ben, dup.id)).history ?? [];
    const kinds = dupHistory.filter((e) => e.kind !== "sla").map((e) => `${e.kind}${e.to ? `:${e.to}` : ""}`);
    assert.deepEqual(kinds.slice(-3), [`linked:${survivor.id}`, "comment", "status:resolved"], `the duplicate's history: ${kinds.join(", ")}`);
    assert.equal(dupHistory.find((e) => e.kind === "linked")?.relation, "duplicate-of", "the duplicate's history holds the relation");
    assert.equal(linked(after.history)[0]?.relation, "duplicated-by", "the survivor's history names the merge");

    // A survivor's followers move on with it: merging the survivor elsewhere carries them.
    const other = await file(svc, dana, "IT", "VPN outage (the one that lives on)");
    const chained = await act(svc, ben, survivor.id, { action: "link", to: other.id, relation: "duplicate" });
    assert.equal(chained.status, 200, `merging a survivor: ${chained.text.slice(0, 300)}`);
    assert.deepEqual((await get(svc, ben, other.id)).followers?.map((f) => f.id), ["demo-emma"], "its follower follows the new survivor (its requester is the same person, so not a follower)");
    // A chain is refused: merge into the one it points to.
    const third = await file(svc, emma, "IT", "VPN again");
    const chain = await act(svc, ben, third.id, { action: "link", to: survivor.id, relation: "duplicate" });
    assertApiError(chain, 409, "merging into a request merged elsewhere", { field: other.id });
  });

  it("refuses: the requester, a request the agent cannot see (404 naming nothing), itself, an ended survivor, bad input", async () => {
    const mine = await file(svc, dana, "IT", "Keyboard missing keys");
    const hr = await file(svc, dana, "HR", "Secret salary question");
    const before = await get(svc, ben, mine.id);

    assertApiError(await act(svc, dana, mine.id, { action: "link", to: hr.id }), 403, "the requester linking her own requests", { code: "forbidden" });
    const hidden = await act(svc, ben, mine.id, { action: "link", to: hr.id, relation: "duplicate" });
    assertApiError(hidden, 404, "an IT agent linking to an HR request he cannot see", { code: "not_found" });
    assert.doesNotMatch(hidden.text, /salary|Dana|Whitfield/i, "the 404 names nothing of the hidden request");
    const none = await act(svc, ben, mine.id, { action: "link", to: "HR-99999", relation: "duplicate" });
    assert.equal((none.body as any).error.message, (hidden.body as any).error.message, "a request that does not exist answers the same");
    assert.equal((hidden.body as any).error.details?.[0]?.field, "to", "the 404 names the field to fix");
    assertApiError(await act(svc, ben, mine.id, { action: "link", to: mine.id }), 400, "linking to itself", { code: "invalid_input" });
    assertApiError(await act(svc, ben, mine.id, { action: "link", to: "not-an-id" }), 400, "a malformed id", { field: "to" });
    assertApiError(await act(svc, ben, mine.id, { action: "link", to: "IT-1", relation: "sibling" }), 400, "an unknown relation", { field: "relation" });

    const cancelled = await file(svc, emma, "IT", "Never mind this one");
    assert.equal((await act(svc, emma, cancelled.id, { action: "cancel" })).status, 200, "cancelling");
    assertApiError(await act(svc, ben, mine.id, { action: "link", to: cancelled.id, relation: "duplicate" }), 409, "merging into a cancelled request", { field: cancelled.id });
    assert.equal((await get(svc, ben, mine.id)).etag, before.etag, "nothing refused wrote anything");
    // A stale If-Match: 412, nothing written.
    assertApiError(await act(svc, ben, mine.id, { action: "link", to: cancelled.id }, { "If-Match": '"v999"' }), 412, "a stale If-Match");
    assert.equal((await get(svc, ben, mine.id)).etag, before.etag, "nothing written on a stale If-Match");
  });

  it("a link racing a take on the same request: both land, or the loser is told (409/412); nothing is lost", async () => {
    for (let round = 0; round < 4; round++) {
      const x = await file(svc, dana, "IT", `Race ${round}`);
      const y = await file(svc, dana, "IT", `Race target ${round}`);
      const [take, link] = await Promise.all([act(svc, ben, x.id, { action: "take" }), act(svc, ben, x.id, { action: "link", to: y.id })]);
      for (const r of [take, link]) assert.ok([200, 409, 412].includes(r.status), `round ${round}: ${r.status} ${r.text.slice(0, 200)}`);
      const now = await get(svc, ben, x.id);
      if (take.status === 200) assert.equal(now.assignee?.id, "demo-ben", `round ${round}: the take that answered 200 is stored`);
      if (link.status === 200) {
        assert.equal(now.links?.[0]?.id, y.id, `round ${round}: the link that answered 200 is stored`);
        assert.equal((await get(svc, ben, y.id)).links?.[0]?.id, x.id, `round ${round}: and its other side`);
      }
    }
  });

  describe("the requester's past", () => {
    let ids: string[] = [];
    let finId: string;
    const person = { userId: "u-past", name: "Pat Past" };
    let pat: string;

    before(async () => {
      pat = await svc.token(person);
      ids = [];
      for (let i = 0; i < 4; i++) ids.push((await file(svc, pat, "IT", `Past ${i}`)).id);
      finId = (await file(svc, pat, "FIN", "Past in Finance")).id;
      // One resolved and rated, so the list shows an outcome and a score.
      assert.equal((await act(svc, ben, ids[1]!, { action: "resolve", text: "Done" })).status, 200, "resolving");
      assert.equal((await act(svc, pat, ids[1]!, { action: "rate", score: 4 })).status, 200, "rating");
    });

    it("lists the requester's other requests in the department, newest first, with outcome and rating, paged", async () => {
      const res = await svc.call<Past>("GET", `/api/requests/${ids[3]}/requester-history`, { token: ben });
      assert.equal(res.status, 200, res.text.slice(0, 300));
      assert.equal(res.body.scope, "department", "an agent sees the department only");
      assert.deepEqual(res.body.items.map((i) => i.id), [ids[2], ids[1], ids[0]], "newest first, without the request itself, IT only");
      const rated = res.body.items.find((i) => i.id === ids[1])!;
      assert.equal(rated.status, "resolved", "its outcome");
      assert.equal(rated.rating, 4, "its rating");
      assert.ok(rated.resolvedAt, "when it was resolved");
      assert.equal(rated.title, "Past 1", "its title");

      const first = await svc.call<Past>("GET", `/api/requests/${ids[3]}/requester-history?limit=2`, { token: ben });
      assert.equal(first.body.items.length, 2, "a page of 2");
      assert.ok(first.body.nextCursor, "with a cursor to go on");
      const second = await svc.call<Past>("GET", `/api/requests/${ids[3]}/requester-history?limit=2&cursor=${first.body.nextCursor}`, { token: ben });
      assert.deepEqual(second.body.items.map((i) => i.id), [ids[0]], "the next page continues where the first stopped");
      assert.equal(second.body.nextCursor, undefined, "and ends");
      assertApiError(await svc.call("GET", `/api/requests/${ids[3]}/requester-history?cursor=zzz`, { token: ben }), 400, "a made-up cursor", { field: "cursor" });
      assertApiError(await svc.call("GET", `/api/requests/${ids[3]}/requester-history?limit=500`, { token: ben }), 400, "too large a limit", { field: "limit" });
    });

    it("admins see every department; the requester and staff of other departments get nothing", async () => {
      const all = await svc.call<Past>("GET", `/api/requests/${ids[3]}/requester-history`, { token: alex });
      assert.equal(all.status, 200, all.text.slice(0, 300));
      assert.equal(all.body.scope, "all", "an admin sees everywhere");
      assert.deepEqual(all.body.items.map((i) => i.id), [finId, ids[2], ids[1], ids[0]], "Finance too, newest first");
      assertApiError(await svc.call("GET", `/api/requests/${ids[3]}/requester-history`, { token: pat }), 403, "the requester asking for her own past through a request");
      assertApiError(await svc.call("GET", `/api/requests/${ids[3]}/requester-history`, { token: farid }), 404, "a Finance agent asking about an IT request");
      assertApiError(await svc.call("GET", `/api/requests/${ids[3]}/requester-history`, { token: dana }), 404, "someone else");
    });

    describe("through the storage recorder", () => {
      let proxy: StorageProxy;
      let viaProxy: TestService;
      before(async () => {
        proxy = await startStorageProxy(process.env.TANDEM_TEST_STORAGE!);
        viaProxy = await startService({ prefix: svc.prefix, connectionString: proxy.connectionString, env: { OUTBOX_INTERVAL_MS: "0" } });
      });
      after(async () => {
        await viaProxy?.close();
        await proxy?.stop();
      });

      it("is one query of the requester's partition (no read per request, no department scan)", async () => {
        const token = await viaProxy.token("demo-ben");
        await viaProxy.call("GET", `/api/requests/${ids[3]}/requester-history`, { token }); // warm the department cache
        await proxy.reset();
        const res = await viaProxy.call<Past>("GET", `/api/requests/${ids[3]}/requester-history`, { token });
        assert.equal(res.status, 200, res.text.slice(0, 300));
        const records = await proxy.records();
        const shown = records.map((r) => `${r.kind} ${r.table} ${r.filter ?? ""} -> ${r.entities}`).join("\n");
        const queries = records.filter((r) => r.kind === "query");
        assert.equal(queries.length, 1, `one query:\n${shown}`);
        assert.ok(queries[0]!.keyed && /Users/.test(queries[0]!.table), `of the Users table, naming its partition:\n${shown}`);
        assert.match(queries[0]!.filter ?? "", /u-past/, `the requester's partition:\n${shown}`);
        assert.ok(records.filter((r) => r.kind === "point-read").length <= 1, `at most the request itself is read by key:\n${shown}`);
        assert.deepEqual((await proxy.figures()).unkeyed, [], "no query without its partition");
      });
    });
  });
});
