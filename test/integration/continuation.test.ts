import assert from "node:assert/strict";
import { startService, type HttpClient, type TestService } from "../support/service.ts";
import { openSse, pause, type SseStream } from "../support/sse.ts";
import { startStorageProxy, type StorageProxy } from "../support/storage-proxy/index.ts";

/**
 * Storage that pages like Azure at its worst (DESIGN.md "Storage": a page the API returns
 * follows storage continuation tokens until it is full or the data ends). One service reaches
 * the tables through a proxy that answers every query with 1 to 3 entities a page, and now and
 * then an empty page with a continuation token; a second service on the same tables reads full
 * pages. Every listing must return everything, in the same order, from both.
 */
describe("storage continuation tokens: short and empty pages lose nothing", function () {
  this.timeout(120_000);
  let short: StorageProxy;
  let svc: TestService;
  let ref: TestService;
  let now = Date.parse("2026-06-10T10:00:00Z");
  const streams: SseStream[] = [];
  let ana: string;
  let ben: string;
  let dana: string;
  /** The same people's tokens for the reference service (each service signs its own). */
  const refToken: Record<string, string> = {};
  let resumeFrom: string;
  /** Requests changed after `resumeFrom`. */
  const changedLater = new Set<string>();
  /** Every request Dana filed here (the demo catalogue may hold more of hers). */
  const filedByDana: string[] = [];

  const create = async (token: string, department: string, title: string) => {
    now += 60_000;
    const res = await svc.call("POST", "/api/requests", { token, body: { department, title } });
    assert.equal(res.status, 201, res.text);
    if (token === dana) filedByDana.push(res.body.id);
    return res.body.id as string;
  };
  const act = async (token: string, id: string, body: Record<string, unknown>) => {
    now += 60_000;
    const res = await svc.call("POST", `/api/requests/${id}/actions`, { token, body });
    assert.equal(res.status, 200, `${id} ${JSON.stringify(body)}: ${res.text}`);
  };

  before(async () => {
    short = await startStorageProxy(process.env.TANDEM_TEST_STORAGE!, { shortPages: 12 });
    svc = await startService({ demo: true, connectionString: short.connectionString, clock: () => now });
    ref = await startService({ prefix: svc.prefix, clock: () => now });
    [ana, ben, dana] = await Promise.all([svc.token("ana"), svc.token("ben"), svc.token("dana")]);
    for (const who of ["ana", "ben", "dana"]) refToken[who] = await ref.token(who);
    const other = await svc.token({ userId: "someone-else", name: "Someone Else" });

    const danas: string[] = [];
    for (let i = 0; i < 3; i++) danas.push(await create(dana, "IT", `Dana's early ${i}`));
    // A client that saw everything up to here, then went away.
    const live = await openSse(`${svc.url}/api/stream?department=IT`, { token: ben });
    streams.push(live);
    const marker = await create(dana, "IT", "Dana's marker");
    resumeFrom = (await live.waitFor((e) => e.event === "request" && e.json().id === marker, { timeoutMs: 10_000 })).id!;
    live.close();

    for (let i = 0; i < 11; i++) changedLater.add(danas[danas.length] = await create(dana, "IT", `Dana's ${i}`));
    for (let i = 0; i < 4; i++) changedLater.add(await create(other, "IT", `Someone else's ${i}`));
    for (let i = 0; i < 3; i++) await create(dana, "HR", `Dana's HR ${i}`);
    for (const id of [danas[0]!, danas[4]!, danas[5]!, danas[6]!, danas[7]!, danas[9]!]) {
      await act(ben, id, { action: "take" });
      changedLater.add(id);
    }
    for (const id of [danas[4]!, danas[5]!, danas[0]!]) await act(ben, id, { action: "resolve", text: "Done." });
    for (const id of [danas[10]!, danas[12]!]) {
      await act(dana, id, { action: "cancel" });
      changedLater.add(id);
    }
  });
  after(async () => {
    for (const s of streams) s.close();
    await svc?.close();
    await ref?.close();
    await short?.stop();
  });

  /** Every item of a listing, page after page (`limit` a page), following nextCursor. */
  async function everything(client: HttpClient, path: string, token: string, limit: number) {
    const items: Array<Record<string, any>> = [];
    let cursor: string | undefined;
    for (let pages = 0; ; pages++) {
      assert.ok(pages < 200, "the cursor never ends");
      const sep = path.includes("?") ? "&" : "?";
      const res = await client.call("GET", `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token });
      assert.equal(res.status, 200, `${path}: ${res.text}`);
      assert.ok(res.body.items.length <= limit);
      // A page that is not full is the last: the API follows storage tokens until a page is full.
      if (res.body.nextCursor) assert.equal(res.body.items.length, limit, `${path}: a short page with a cursor`);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) return items;
    }
  }
  const ids = (items: Array<Record<string, any>>) => items.map((r) => r.id as string);
  const numbers = (items: Array<Record<string, any>>) => items.map((r) => Number(String(r.id).split("-")[1]));
  const ascending = (ns: number[]) => ns.every((n, i) => i === 0 || n > ns[i - 1]!);

  for (const status of ["open", "all", "in_progress", "resolved", "cancelled"]) {
    it(`the department's requests, status=${status}: every one, oldest first, across short pages`, async () => {
      const got = await everything(svc, `/api/departments/IT/requests?status=${status}`, ana, 4);
      const want = await everything(ref, `/api/departments/IT/requests?status=${status}`, refToken.ana!, 100);
      assert.ok(want.length > 0, "the reference lists something");
      assert.deepEqual(ids(got), ids(want));
      assert.ok(ascending(numbers(got)), ids(got).join(" "));
      if (status !== "all" && status !== "open") assert.ok(got.every((r) => r.status === status));
    });
  }

  it("my requests: every one of Dana's, in both departments, in the reference's order", async () => {
    const got = await everything(svc, "/api/me/requests?status=all", dana, 3);
    const want = await everything(ref, "/api/me/requests?status=all", refToken.dana!, 100);
    assert.deepEqual(filedByDana.filter((id) => !ids(want).includes(id)), [], "the reference lists all Dana filed");
    assert.deepEqual(ids(got), ids(want));
    const open = await everything(svc, "/api/me/requests?status=open", dana, 2);
    assert.deepEqual(ids(open), ids(await everything(ref, "/api/me/requests?status=open", refToken.dana!, 100)));
  });

  it("the monthly report: the same figures and requests as from full pages", async () => {
    const got = await svc.call("GET", "/api/departments/IT/report?month=2026-06&format=json", { token: ana });
    const want = await ref.call("GET", "/api/departments/IT/report?month=2026-06&format=json", { token: refToken.ana });
    assert.equal(got.status, 200, got.text);
    assert.equal(want.status, 200, want.text);
    assert.deepEqual(got.body, want.body);
    const all = await everything(ref, "/api/departments/IT/requests?status=all", refToken.ana!, 100);
    const inJune = all.filter((r) => r.createdAt >= got.body.from && r.createdAt < got.body.to).length;
    assert.ok(inJune >= 19, `${inJune} IT requests filed in June`);
    assert.equal(got.body.stats.created, inJune, "the report counts every request of the month");
  });

  it("the change stream's replay after Last-Event-ID: every request changed since, once, in order", async () => {
    const replay = async (client: TestService, token: string) => {
      const st = await openSse(`${client.url}/api/stream?department=IT`, { token, lastEventId: resumeFrom });
      streams.push(st);
      assert.equal(st.status, 200);
      for (const id of changedLater) await st.waitFor((e) => e.event === "request" && e.json().id === id, { timeoutMs: 15_000 });
      await pause(500); // nothing more may come
      st.close();
      return st.events.filter((e) => e.event === "request").map((e) => ({ id: e.id!, request: e.json().id as string, status: e.json().status as string }));
    };
    const got = await replay(svc, ben);
    const want = await replay(ref, refToken.ben!);
    assert.deepEqual(new Set(got.map((e) => e.request)), changedLater, "each changed request, nothing else");
    assert.equal(got.length, changedLater.size, "once each");
    assert.deepEqual([...got.map((e) => e.id)].sort(), got.map((e) => e.id), "in order");
    assert.deepEqual(got, want);
  });
});
