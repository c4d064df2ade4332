import assert from "node:assert/strict";
import { KudosStore } from "../../bot/storage/kudos-store.ts";
import { RatingAsks } from "../../bot/storage/rating-asks.ts";
import { TENANT, startService, type TestService } from "../support/service.ts";
import { fileAsDana } from "../support/two-bots.ts";

/**
 * Kudos over HTTP on a real Azurite (issue 15): `thank` through the actions API (who may, once
 * per person, never oneself), and the department's kudos list, `GET /api/departments/:key/kudos`,
 * kept from the change log by a projection: newest first, a page of `limit`, for anyone in the
 * tenant, listing thanks given on another instance, never twice however often it is applied.
 */
describe("kudos: thank and the department's list", function () {
  this.timeout(60_000);
  let now = Date.parse("2026-03-02T09:00:00Z");
  let a: TestService;
  let b: TestService;

  const act = async (svc: TestService, user: string, id: string, body: Record<string, unknown>) =>
    svc.call("POST", `/api/requests/${id}/actions`, { token: await svc.token(user), body });
  const ok = async (svc: TestService, user: string, id: string, body: Record<string, unknown>) => {
    const res = await act(svc, user, id, body);
    assert.equal(res.status, 200, `${user} ${JSON.stringify(body)} on ${id}: ${res.text}`);
    return res.body;
  };
  const kudos = async (svc: TestService, user: string, query = "") => svc.call("GET", `/api/departments/IT/kudos${query}`, { token: await svc.token(user) });

  before(async () => {
    a = await startService({ demo: true, clock: () => now });
    b = await startService({ prefix: a.prefix, clock: () => now });
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  let first: string;
  let second: string;

  it("the requester thanks the resolver; staff thank a colleague; someone who cannot see the request cannot thank", async () => {
    first = await fileAsDana(a, "IT", "Monitor arm loose");
    const early = await act(a, "dana", first, { action: "thank" });
    assert.equal(early.status, 409, "nobody worked it yet");
    assert.equal(early.body.error.message, `Nobody has worked on ${first} yet; thank them once someone takes it.`, "said in a sentence");
    await ok(a, "ben", first, { action: "take" });
    await ok(a, "ben", first, { action: "resolve", text: "Tightened" });
    now += 60_000;
    const thanked = await ok(a, "dana", first, { action: "thank", text: "Thanks Ben, <i>rock solid</i> now" });
    assert.deepEqual(thanked.kudos.map((k: any) => [k.by.id, k.to.map((p: any) => p.id)]), [["demo-dana", ["demo-ben"]]], "Dana thanked Ben");
    assert.equal(thanked.status, "resolved", "still resolved");

    const outsider = await act(a, "hugo", first, { action: "thank" });
    assert.equal(outsider.status, 404, "someone who cannot see it gets the same answer as for no request");
    const tooLong = await act(a, "dana", first, { action: "thank", text: "x".repeat(501) });
    assert.equal(tooLong.status, 400, "words beyond 500 characters are refused");
    assert.match(tooLong.body.error.message, /500/, "naming the limit");

    second = await fileAsDana(b, "IT", "Docking station");
    await ok(b, "ben", second, { action: "resolve" });
    now += 60_000;
    await ok(b, "ana", second, { action: "thank" }); // a lead thanks her agent, on the other instance
    const es = await a.call("POST", `/api/requests/${second}/actions`, { token: await a.token("ana"), body: { action: "thank", text: "otra vez" }, headers: { "Accept-Language": "es-ES" } });
    assert.equal(es.status, 409, "a second thank by the same person");
    assert.equal(es.body.error.message, `Ya diste las gracias a Ben Okafor por ${second}; se agradece una vez por persona y solicitud.`, "in the reader's language");
  });

  it("the list: newest first, for anyone in the tenant, thanks given on the other instance included, a page at a time", async () => {
    const all = await kudos(a, "hugo");
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(
      all.body.items.map((k: any) => [k.id, k.by.name, k.to.map((p: any) => p.name), k.text]),
      [
        [second, "Ana García", ["Ben Okafor"], undefined],
        [first, "Dana Whitfield", ["Ben Okafor"], "Thanks Ben, <i>rock solid</i> now"],
      ],
      "both, newest first, the words as typed",
    );
    assert.equal(all.body.items[0].title, undefined, "no request content");
    assert.equal(all.body.nextCursor, undefined, "one page holds them");

    const page1 = await kudos(b, "dana", "?limit=1");
    assert.deepEqual(page1.body.items.map((k: any) => k.id), [second], "a page reads `limit` rows");
    assert.ok(page1.body.nextCursor, "and says there is more");
    const page2 = await kudos(b, "dana", `?limit=1&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
    assert.deepEqual(page2.body.items.map((k: any) => k.id), [first], "the next page");

    const bad = await kudos(a, "dana", "?limit=0");
    assert.equal(bad.status, 400, "a bad limit is refused");
    assert.match(bad.body.error.message, /limit/, `naming the parameter: ${bad.text}`);
    const unknown = await a.call("GET", "/api/departments/NOPE/kudos", { token: await a.token("dana") });
    assert.equal(unknown.status, 404, "an unknown department");
    const stranger = await a.call("GET", "/api/departments/IT/kudos", { token: await a.token({ userId: "x", tenantId: "00000000-0000-4000-8000-000000000bad" }) });
    assert.equal(stranger.status, 404, "another tenant sees no IT here");
    assert.equal((await a.call("GET", "/api/departments/IT/kudos")).status, 401, "signed in only");
  });

  it("the rating card's sampling claim: one change of many wins the ask, a retry of it keeps it, 0 days asks every time", async () => {
    const asks = [new RatingAsks(a.app.tables), new RatingAsks(b.app.tables)];
    const at = Date.parse("2026-03-10T09:00:00Z");
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => asks[i % 2]!.mayAsk(TENANT, "FIN", "demo-dana", `change-${i}`, at, 7)));
    assert.equal(answers.filter(Boolean).length, 1, `one of ten changes at once asks: ${answers}`);
    const winner = `change-${answers.indexOf(true)}`;
    assert.equal(await asks[1]!.mayAsk(TENANT, "FIN", "demo-dana", winner, at + 60_000, 7), true, "the winning change retried (its post failed) still asks");
    assert.equal(await asks[0]!.mayAsk(TENANT, "FIN", "demo-dana", "change-late", at + 6 * 86_400_000, 7), false, "six days later: not yet");
    assert.equal(await asks[0]!.mayAsk(TENANT, "FIN", "demo-ben", "change-ben", at, 7), true, "another person is asked");
    assert.equal(await asks[0]!.mayAsk(TENANT, "HR", "demo-dana", "change-hr", at, 7), true, "another department asks on its own");
    assert.equal(await asks[1]!.mayAsk(TENANT, "FIN", "demo-dana", "change-week", at + 7 * 86_400_000 + 1, 7), true, "past the week: asked again");
    assert.equal(await asks[1]!.mayAsk(TENANT, "FIN", "demo-dana", "change-zero", at + 7 * 86_400_000 + 2, 0), true, "ratingEveryDays 0: every resolve asks");
  });

  it("applying the same states again (a crash, both instances following the log) lists nothing twice", async () => {
    const store = new KudosStore(a.app.tables);
    const one = await a.app.services.requests.record({ tenantId: TENANT, person: { id: "demo-dana", name: "Dana Whitfield" }, isAdmin: false }, first);
    await Promise.all([store.apply(TENANT, "IT", [one]), store.apply(TENANT, "IT", [one])]);
    await a.app.follower.catchUp(TENANT, "IT");
    await b.app.follower.catchUp(TENANT, "IT");
    const all = await kudos(a, "dana");
    assert.deepEqual(all.body.items.map((k: any) => k.id), [second, first], "each kudos once");
  });
});
