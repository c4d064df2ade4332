import assert from "node:assert/strict";
import { startService, type TestService } from "../support/service.ts";
import { openSse, pause, type SseEvent, type SseStream } from "../support/sse.ts";

/**
 * The live stream (DESIGN.md "HTTP API": `GET /api/stream`): Server-Sent Events of changed
 * requests, read with fetch streaming and the token in the Authorization header.
 * The harness runs the service with HEARTBEAT_MS=1000 and CHANGE_POLL_MS=200.
 */
describe("live stream (SSE)", function () {
  this.timeout(30_000);
  let svc: TestService;
  let ben: string; // IT agent
  let ana: string; // IT lead
  let dana: string; // requester
  const open: SseStream[] = [];

  const stream = async (s: TestService, query: string, token: string, lastEventId?: string) => {
    const st = await openSse(`${s.url}/api/stream?${query}`, { token, lastEventId });
    open.push(st);
    return st;
  };
  const create = async (s: TestService, token: string, title: string, department = "IT") => {
    const res = await s.call("POST", "/api/requests", { token, body: { department, title } });
    assert.equal(res.status, 201, res.text);
    return res.body as { id: string; status: string; updatedAt: string };
  };
  const act = async (s: TestService, token: string, id: string, body: Record<string, unknown>) => {
    const res = await s.call("POST", `/api/requests/${id}/actions`, { token, body });
    assert.equal(res.status, 200, res.text);
    return res.body;
  };
  const about = (id: string, extra: (r: any) => boolean = () => true) => (e: SseEvent) =>
    e.event === "request" && e.json().id === id && extra(e.json());
  const countOf = (st: SseStream, id: string) => st.events.filter((e) => e.json().id === id).length;

  before(async () => {
    svc = await startService({ demo: true });
    [ben, ana, dana] = await Promise.all([svc.token("ben"), svc.token("ana"), svc.token("dana")]);
  });
  afterEach(() => {
    for (const st of open.splice(0)) st.close();
  });
  after(() => svc.close());

  it("answers with an event stream and a retry hint", async () => {
    const st = await stream(svc, "department=IT", ben);
    assert.equal(st.status, 200);
    assert.match(st.headers.get("content-type") ?? "", /^text\/event-stream/);
    assert.equal(st.headers.get("cache-control"), "no-store");
    await st.waitForComment((c) => c === "connected");
    assert.equal(st.retry, 2000);
  });

  it("delivers a new request and its changes to the department stream and the requester's mine=1 stream", async () => {
    const dept = await stream(svc, "department=IT", ben);
    const mine = await stream(svc, "mine=1", dana);
    const lead = await stream(svc, "department=IT", ana);
    assert.equal(mine.status, 200);
    await Promise.all([dept, mine, lead].map((s) => s.waitForComment((c) => c === "connected")));

    // Someone else's request: the department sees it, Dana's personal stream does not.
    const others = await create(svc, ben, "Ben's own laptop request");
    const created = await create(svc, dana, "Screen flickers");

    for (const s of [dept, lead]) {
      const e = await s.waitFor(about(others.id));
      assert.equal(e.json().requester.id, "demo-ben");
    }
    for (const s of [dept, mine, lead]) {
      const e = await s.waitFor(about(created.id));
      assert.equal(e.event, "request");
      assert.ok(e.id, "every event has an id for Last-Event-ID");
      const r = e.json();
      assert.equal(r.status, "new");
      assert.equal(r.title, "Screen flickers");
      assert.equal(r.requester.id, "demo-dana");
      assert.ok(r.sla.firstResponse.state, "the request comes as the API shows it, with its clocks");
    }

    await act(svc, ben, created.id, { action: "take" });
    for (const s of [dept, mine, lead]) {
      const e = await s.waitFor(about(created.id, (r) => r.status === "in_progress"));
      assert.equal(e.json().assignee.id, "demo-ben");
    }
    await act(svc, ben, created.id, { action: "comment", text: "Looking at it now." });
    await mine.waitFor(about(created.id, (r) => r.updatedAt > created.updatedAt && !!r.firstRespondedAt && r.status === "in_progress"));

    // Events of a request arrive in commit order, each change once.
    await pause(700); // several change-log polls: nothing more may arrive for this request
    for (const s of [dept, mine, lead]) {
      const ids = s.events.filter((e) => e.json().id === created.id).map((e) => e.id!);
      assert.equal(ids.length, 3, `create, take, comment once each: ${ids.join(" ")}`);
      assert.deepEqual([...ids].sort(), ids, "ids grow");
      assert.equal(new Set(ids).size, ids.length);
    }
    assert.equal(countOf(mine, others.id), 0, "Dana's stream never shows Ben's request");
  });

  it("sends heartbeats while nothing happens", async () => {
    const st = await stream(svc, "mine=1", dana);
    const first = await st.waitForComment((c) => c.startsWith("heartbeat"), { timeoutMs: 4000 });
    const n = st.comments.indexOf(first);
    await st.waitForComment((c) => c.startsWith("heartbeat"), { timeoutMs: 4000, from: n + 1 });
    assert.ok(!st.isEnded());
  });

  it("resumes with Last-Event-ID: replays what was missed, nothing twice", async () => {
    const first = await stream(svc, "department=IT", ben);
    const a = await create(svc, dana, "Resume A");
    const seenA = await first.waitFor(about(a.id));
    first.close();

    // Missed while disconnected: A changes twice, B is created and taken, C is created.
    await act(svc, ben, a.id, { action: "comment", text: "On it." });
    const b = await create(svc, dana, "Resume B");
    await act(svc, ben, a.id, { action: "comment", text: "Almost done." });
    await act(svc, ben, b.id, { action: "take" });
    const c = await create(svc, dana, "Resume C");

    const resumed = await stream(svc, "department=IT", ben, seenA.id);
    assert.equal(resumed.status, 200);
    const ra = await resumed.waitFor(about(a.id));
    const rb = await resumed.waitFor(about(b.id));
    const rc = await resumed.waitFor(about(c.id));
    // Only the latest state of each request matters to a client catching up.
    assert.equal(ra.json().history, undefined);
    assert.equal(ra.json().assignee, undefined);
    assert.ok(ra.json().firstRespondedAt);
    assert.equal(rb.json().status, "in_progress");
    assert.equal(rc.json().status, "new");

    await pause(1500); // the new feed's first polls (and its look-back) must not repeat anything
    const replayed = resumed.events.map((e) => e.id!);
    assert.equal(countOf(resumed, a.id), 1, `A once: ${replayed.join(" ")}`);
    assert.equal(countOf(resumed, b.id), 1, `B once: ${replayed.join(" ")}`);
    assert.equal(countOf(resumed, c.id), 1, `C once: ${replayed.join(" ")}`);
    assert.ok(replayed.every((id) => id > seenA.id!), "nothing the client already had");
    assert.deepEqual([...replayed].sort(), replayed, "in order, so the last id received is a safe resume point");

    // And the stream is live after the replay.
    await act(svc, ben, c.id, { action: "take" });
    await resumed.waitFor(about(c.id, (r) => r.status === "in_progress"));
    await pause(600);
    assert.equal(countOf(resumed, c.id), 2);

    // Resuming again from the last event received replays nothing.
    const last = resumed.events[resumed.events.length - 1].id!;
    resumed.close();
    const again = await stream(svc, "department=IT", ben, last);
    await again.waitForComment((c) => c === "connected");
    await pause(1200);
    assert.deepEqual(again.events.map((e) => e.json().id), [], "nothing missed, nothing repeated");
  });

  it("resumes a mine=1 stream too", async () => {
    const first = await stream(svc, "mine=1", dana);
    const a = await create(svc, dana, "Mine resume A");
    const seen = await first.waitFor(about(a.id));
    first.close();
    await act(svc, ben, a.id, { action: "take" });
    const hr = await create(svc, dana, "Mine resume HR", "HR");
    const resumed = await stream(svc, "mine=1", dana, seen.id);
    await resumed.waitFor(about(a.id, (r) => r.status === "in_progress"));
    await resumed.waitFor(about(hr.id));
    await pause(1200);
    assert.equal(countOf(resumed, a.id), 1);
    assert.equal(countOf(resumed, hr.id), 1);
  });

  it("refuses a department stream to a requester (403), and asks for a token (401)", async () => {
    const st = await stream(svc, "department=IT", dana);
    assert.equal(st.status, 403);
    assert.equal(st.body.error.code, "forbidden");
    assert.match(st.body.error.message, /IT/);
    assert.equal(st.events.length, 0);

    const anon = await openSse(`${svc.url}/api/stream?department=IT`);
    assert.equal(anon.status, 401);
    const bad = await stream(svc, "department=NOPE", ben);
    assert.equal(bad.status, 404);
    const neither = await stream(svc, "", ben);
    assert.equal(neither.status, 400);
    assert.match(neither.body.error.message, /department=KEY|mine=1/);
    // Another department's agent cannot follow IT either.
    const diego = await svc.token("diego");
    assert.equal((await stream(svc, "department=IT", diego)).status, 403);
  });

  it("releases a stream when the client goes away (no feed, no close hook left behind)", async () => {
    const app = svc.app;
    const original = app.onClose;
    let hooks = 0;
    app.onClose = (f) => {
      hooks++;
      const off = original.call(app, f);
      return () => {
        hooks--;
        off();
      };
    };
    const feeds = () => (app.hub as unknown as { feeds: Map<string, unknown> }).feeds.size;
    try {
      const streams = await Promise.all([stream(svc, "department=IT", ben), stream(svc, "mine=1", dana), stream(svc, "department=IT", ana)]);
      await Promise.all(streams.map((s) => s.waitForComment((c) => c === "connected")));
      assert.equal(hooks, 3);
      assert.ok(feeds() > 0);
      for (const s of streams) s.close();
      for (let i = 0; (hooks > 0 || feeds() > 0) && i < 100; i++) await pause(20);
      assert.equal(hooks, 0, "every close hook was cancelled");
      assert.equal(feeds(), 0, "no change-log feed polls for nobody");
    } finally {
      app.onClose = original;
    }
  });

  describe("two instances on one storage account", () => {
    let other: TestService;
    before(async () => {
      other = await startService({ prefix: svc.prefix });
    });
    after(() => other.close());

    it("a change made on instance A reaches a stream connected to instance B (via the change log)", async () => {
      const benB = await other.token("ben");
      const danaB = await other.token("dana");
      const onB = await stream(other, "department=IT", benB);
      const mineB = await stream(other, "mine=1", danaB);
      await Promise.all([onB, mineB].map((s) => s.waitForComment((c) => c === "connected")));

      const created = await create(svc, dana, "Filed on A");
      await onB.waitFor(about(created.id), { timeoutMs: 8000 });
      await mineB.waitFor(about(created.id), { timeoutMs: 8000 });
      await act(svc, ben, created.id, { action: "take" });
      const taken = await onB.waitFor(about(created.id, (r) => r.status === "in_progress"), { timeoutMs: 8000 });
      assert.equal(taken.json().assignee.id, "demo-ben");
      await mineB.waitFor(about(created.id, (r) => r.status === "in_progress"), { timeoutMs: 8000 });

      // And the other way round: a change on B reaches a stream on A.
      const onA = await stream(svc, "department=IT", ben);
      await onA.waitForComment((c) => c === "connected");
      await act(other, benB, created.id, { action: "resolve", text: "Fixed from B." });
      await onA.waitFor(about(created.id, (r) => r.status === "resolved"), { timeoutMs: 8000 });

      await pause(1500); // B's feed re-reads the change log with a look-back: no repeats
      assert.equal(countOf(onB, created.id), 3, onB.events.map((e) => e.id).join(" "));
      // A fresh stream may also get the state of the last moment before it connected (a margin
      // for changes made while connecting), but every state once, oldest first.
      const onAIds = onA.events.filter(about(created.id)).map((e) => e.id!);
      assert.ok(onAIds.length <= 2, onAIds.join(" "));
      assert.equal(new Set(onAIds).size, onAIds.length);
      assert.deepEqual([...onAIds].sort(), onAIds);
      assert.equal(onA.events.filter(about(created.id)).at(-1)!.json().status, "resolved");
    });

    it("an event id from instance A resumes on instance B", async () => {
      const onA = await stream(svc, "department=IT", ben);
      const created = await create(svc, dana, "Resume across instances");
      const seen = await onA.waitFor(about(created.id));
      onA.close();
      await act(svc, ben, created.id, { action: "take" });
      const onB = await stream(other, "department=IT", await other.token("ben"), seen.id);
      const e = await onB.waitFor(about(created.id), { timeoutMs: 8000 });
      assert.equal(e.json().status, "in_progress");
      await pause(1200);
      assert.equal(countOf(onB, created.id), 1);
    });
  });
});
