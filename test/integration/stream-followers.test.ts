import assert from "node:assert/strict";
import { startService, type TestService } from "../support/service.ts";
import { openSse, pause, type SseEvent, type SseStream } from "../support/sse.ts";

/**
 * `GET /api/stream?mine=1` carries the requests the caller follows too (issue 16: "follow that
 * one instead", a merged duplicate's requester following the survivor), not only those they
 * filed: live on the same instance, from another instance through the change log, and on a
 * resume with Last-Event-ID. The harness runs the service with CHANGE_POLL_MS=200.
 */
describe("live stream (SSE): requests the caller follows", function () {
  this.timeout(40_000);
  let svc: TestService;
  let ben: string; // IT agent; his own demo request is in LEGAL
  let dana: string; // requester
  const open: SseStream[] = [];

  const stream = async (s: TestService, query: string, token: string, lastEventId?: string) => {
    const st = await openSse(`${s.url}/api/stream?${query}`, { token, lastEventId });
    open.push(st);
    await st.waitForComment((c) => c === "connected");
    return st;
  };
  const create = async (s: TestService, token: string, title: string, department = "IT") => {
    const res = await s.call("POST", "/api/requests", { token, body: { department, title } });
    assert.equal(res.status, 201, res.text);
    return res.body as { id: string };
  };
  const act = async (s: TestService, token: string, id: string, body: Record<string, unknown>) => {
    const res = await s.call("POST", `/api/requests/${id}/actions`, { token, body });
    assert.equal(res.status, 200, res.text);
    return res.body as { followers?: Array<{ id: string }> };
  };
  const about = (id: string, extra: (r: any) => boolean = () => true) => (e: SseEvent) => e.event === "request" && e.json().id === id && extra(e.json());
  const countOf = (st: SseStream, id: string) => st.events.filter((e) => e.event === "request" && e.json().id === id).length;

  /** Instance A's clock runs this far from real time (a request filed long before it is followed). */
  let offsetMs = 0;

  before(async () => {
    svc = await startService({ demo: true, clock: () => Date.now() + offsetMs });
    [ben, dana] = await Promise.all([svc.token("ben"), svc.token("dana")]);
  });
  afterEach(() => {
    for (const st of open.splice(0)) st.close();
  });
  after(() => svc.close());

  it("a request Ben follows reaches his mine=1 stream, with every later change; one he does not follow never does", async () => {
    const mine = await stream(svc, "mine=1", ben);
    const followed = await create(svc, dana, "VPN keeps disconnecting (followers stream)");
    const other = await create(svc, dana, "Printer jam on floor 2");
    await pause(600);
    assert.equal(countOf(mine, followed.id), 0, "not his before he follows it");

    const after = await act(svc, ben, followed.id, { action: "follow" });
    assert.ok(after.followers?.some((f) => f.id === "demo-ben"));
    const first = await mine.waitFor(about(followed.id, (r) => r.followers?.some((f: any) => f.id === "demo-ben")));

    await act(svc, dana, followed.id, { action: "comment", text: "Still dropping this morning." });
    await mine.waitFor(about(followed.id, (r) => r.updatedAt > first.json().updatedAt));
    await pause(600);
    assert.equal(countOf(mine, other.id), 0, "Dana's other request is not Ben's to see");
  });

  it("resumes with Last-Event-ID: a change of a followed request made while away is replayed once", async () => {
    const first = await stream(svc, "mine=1", ben);
    const followed = await create(svc, dana, "Wi-Fi drops in room 4 (followers resume)");
    await act(svc, ben, followed.id, { action: "follow" });
    const seen = await first.waitFor(about(followed.id));
    first.close();
    open.splice(open.indexOf(first), 1);
    await pause(300); // the closed stream's watch is let go: the resumed one starts from the pointers
    await act(svc, dana, followed.id, { action: "comment", text: "It happened again at 10:00." });
    const resumed = await stream(svc, "mine=1", ben, seen.id);
    const e = await resumed.waitFor(about(followed.id, (r) => r.updatedAt > seen.json().updatedAt));
    assert.ok(e.id! > seen.id!, "after the last event seen");
    await pause(800);
    assert.equal(countOf(resumed, followed.id), 1, "once");
  });

  describe("two instances on one storage account", () => {
    let other: TestService;
    before(async () => {
      other = await startService({ prefix: svc.prefix });
    });
    after(() => other.close());

    it("a follow and the followed request's changes made on instance A reach Ben's stream on instance B", async () => {
      const mineB = await stream(other, "mine=1", await other.token("ben"));
      const followed = await create(svc, dana, "Laptop fan is loud (followers across instances)");
      await pause(600);
      assert.equal(countOf(mineB, followed.id), 0);
      await act(svc, ben, followed.id, { action: "follow" });
      const first = await mineB.waitFor(about(followed.id, (r) => r.followers?.some((f: any) => f.id === "demo-ben")), { timeoutMs: 8000 });
      await act(svc, dana, followed.id, { action: "comment", text: "It is louder today." });
      await mineB.waitFor(about(followed.id, (r) => r.updatedAt > first.json().updatedAt), { timeoutMs: 8000 });
    });

    it("a follow on A of an older request, in a department none of Wendy's requests are in, reaches her stream on B", async () => {
      // Wendy (an admin, so she may see it) has no request anywhere: her stream on B follows no department yet.
      const wendy = { userId: "u-wendy", name: "Wendy Watcher", roles: ["Tandem.Admin"] };
      const mineB = await stream(other, "mine=1", await other.token(wendy));
      // Filed ten minutes ago: older than anything B's look for new rows in her list reaches back to.
      offsetMs = -10 * 60_000;
      const older = await create(svc, dana, "Docking station resets the screens (older, followed later)").finally(() => (offsetMs = 0));
      await act(svc, await svc.token(wendy), older.id, { action: "follow" });
      const first = await mineB.waitFor(about(older.id, (r) => r.followers?.some((f: any) => f.id === "u-wendy")), { timeoutMs: 8000 });
      await act(svc, dana, older.id, { action: "comment", text: "Both screens went black again." });
      await mineB.waitFor(about(older.id, (r) => r.updatedAt > first.json().updatedAt), { timeoutMs: 8000 });
    });
  });
});
