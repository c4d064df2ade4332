import assert from "node:assert/strict";
import type { App } from "../../bot/app.ts";
import { assertApiError } from "../support/api.ts";
import { startService, TENANT, type TestService } from "../support/service.ts";
import { openSse, pause, type SseEvent, type SseStream } from "../support/sse.ts";

/**
 * Issue 11, item 1: live streams must not take unbounded memory or storage reads. A cap on
 * open streams per person and per tenant (429), a non-reading client dropped once its buffer
 * passes a bound (it resumes with Last-Event-ID, nothing lost), replays clamped to the change
 * log's retention (a `reset` event past it), and a `?mine=1` stream that reads only the
 * caller's own changes. The harness runs the service with HEARTBEAT_MS=1000, CHANGE_POLL_MS=200.
 */
describe("live stream limits (issue 11)", function () {
  this.timeout(60_000);
  const open: SseStream[] = [];
  const started: TestService[] = [];

  const stream = async (s: TestService, query: string, token: string, opts: { lastEventId?: string; stalled?: boolean } = {}) => {
    const st = await openSse(`${s.url}/api/stream?${query}`, { token, ...opts });
    open.push(st);
    return st;
  };
  const service = async (options: Parameters<typeof startService>[0]) => {
    const s = await startService(options);
    started.push(s);
    return s;
  };
  const create = async (s: TestService, token: string, title: string, opts: { department?: string; description?: string } = {}) => {
    const res = await s.call("POST", "/api/requests", { token, body: { department: opts.department ?? "IT", title, ...(opts.description ? { description: opts.description } : {}) } });
    assert.equal(res.status, 201, res.text);
    return res.body as { id: string; updatedAt: string };
  };
  const act = async (s: TestService, token: string, id: string, body: Record<string, unknown>) => {
    const res = await s.call("POST", `/api/requests/${id}/actions`, { token, body });
    assert.equal(res.status, 200, res.text);
    return res.body as { id: string; updatedAt: string; status: string };
  };
  const about = (id: string, extra: (r: any) => boolean = () => true) => (e: SseEvent) =>
    e.event === "request" && e.json().id === id && extra(e.json());
  const connected = (st: SseStream) => st.waitForComment((c) => c === "connected");
  /** Once heartbeats flow, the stream's replay is over (they start after it). */
  const replayed = (st: SseStream) => st.waitForComment((c) => c.startsWith("heartbeat"), { timeoutMs: 5000 });
  /** Waits for a condition on the service's state (not a timing: the deadline only ends a hung test). */
  const until = async (cond: () => boolean, what: string) => {
    for (let i = 0; i < 500 && !cond(); i++) await pause(20);
    assert.ok(cond(), what);
  };
  const refusal = (st: SseStream) => ({ status: st.status, headers: st.headers, body: st.body, text: JSON.stringify(st.body ?? "") });

  afterEach(() => {
    for (const st of open.splice(0)) st.close();
  });
  after(async () => {
    for (const s of started.splice(0)) await s.close();
  });

  describe("caps and back-pressure", () => {
    let svc: TestService;
    const openStreams = () => svc.app.hub.openStreams();
    before(async () => {
      svc = await service({ demo: true });
    });
    afterEach(async () => {
      for (const st of open.splice(0)) st.close();
      await until(() => openStreams() === 0, "every stream of the last test was released");
      // Nothing keeps a closed stream's feeds or personal watches (and through them its socket) alive.
      const hub = svc.app.hub as unknown as { feeds: Map<string, unknown>; watches: Map<string, unknown>; byPerson: Map<string, unknown> };
      assert.deepEqual([hub.feeds.size, hub.watches.size, hub.byPerson.size], [0, 0, 0], "feeds, personal watches, person index");
    });

    it("the 41-streams reproduction: beyond the per-person cap a 429 with Retry-After in the API's shape; closing one frees a slot", async () => {
      const token = await svc.token({ userId: "many-tabs", name: "Many Tabs" });
      const streams: SseStream[] = [];
      for (let i = 0; i < 41; i++) streams.push(await stream(svc, "mine=1", token));
      const cap = svc.app.config.stream.maxPerUser;
      assert.ok(cap >= 5, `a person may keep a few tabs open (cap ${cap})`);
      const ok = streams.filter((s) => s.status === 200);
      const refused = streams.filter((s) => s.status !== 200);
      assert.equal(ok.length, cap, "streams up to the cap are served");
      assert.equal(refused.length, 41 - cap);
      for (const r of refused) {
        const err = assertApiError(refusal(r), 429, "a stream beyond the per-person cap", { code: "too_many_streams" });
        assert.match(r.headers.get("retry-after") ?? "", /^[1-9]\d*$/, "Retry-After in seconds");
        assert.match(err.message, new RegExp(`\\b${cap}\\b`), "says how many are open");
        assert.match(err.message, /close/i, "says what to do");
      }
      assert.equal(openStreams(), cap, "the service counts what it serves");

      ok[0]!.close();
      await until(() => openStreams() === cap - 1, "a closed stream gives its slot back");
      const again = await stream(svc, "mine=1", token);
      assert.equal(again.status, 200, JSON.stringify(again.body));
      await connected(again);
      // Someone else is not affected by this person's streams.
      const other = await stream(svc, "mine=1", await svc.token({ userId: "one-tab", name: "One Tab" }));
      assert.equal(other.status, 200);
    });

    it("drops a client that stops reading once its buffer passes the bound; it resumes with Last-Event-ID and gets the latest state of every request changed meanwhile", async () => {
      const token = await svc.token({ userId: "slow-reader", name: "Slow Reader" });
      // ~96 KB per event, as in the issue.
      const a = await create(svc, token, "Large A", { description: "€".repeat(32_000) });
      const b = await create(svc, token, "Small B");
      const c = await create(svc, token, "Small C", { department: "HR" });

      const reader = await stream(svc, "mine=1", token);
      const slow = await stream(svc, "mine=1", token);
      await Promise.all([connected(reader), connected(slow)]);
      await act(svc, token, a.id, { action: "comment", text: "before the stall" });
      await slow.waitFor(about(a.id, (r) => r.updatedAt > a.updatedAt));
      slow.stall();
      assert.equal(openStreams(), 2);

      let sent = 0;
      for (; sent < 400 && openStreams() === 2; sent++) {
        await act(svc, token, sent % 10 === 9 ? b.id : a.id, { action: "comment", text: `note ${sent}` });
      }
      await until(() => openStreams() === 1, `the client that stopped reading was dropped (after ${sent} changes of ~96 KB)`);
      assert.ok(!reader.isEnded(), "a client that reads keeps its stream");
      const lastA = await act(svc, token, a.id, { action: "comment", text: "after the drop" });
      await reader.waitFor(about(a.id, (r) => r.updatedAt === lastA.updatedAt), { timeoutMs: 10_000 });

      // Changed while it was gone: C, and D is new.
      await act(svc, token, c.id, { action: "comment", text: "C changed meanwhile" });
      const d = await create(svc, token, "New D");
      slow.resume();
      await slow.ended;
      const lastId = slow.events.at(-1)?.id;
      assert.ok(lastId, "the client had received events before it stalled");

      const resumed = await stream(svc, "mine=1", token, { lastEventId: lastId });
      assert.equal(resumed.status, 200);
      for (const r of [a, b, c, d]) {
        const now = await svc.call("GET", `/api/requests/${r.id}`, { token });
        const latest = about(r.id, (v) => v.updatedAt === now.body.updatedAt);
        if (slow.events.some(latest)) continue; // it had the latest state already
        await resumed.waitFor(latest, { timeoutMs: 10_000 });
      }
    });

    it("1,000 is in the bench; here 300 streams of 300 people all connect and all get a change", async () => {
      assert.ok(svc.app.config.stream.maxPerTenant >= 1000, "a tenant may have thousands of streams on one instance");
      const tokens = await Promise.all(
        Array.from({ length: 300 }, (_, i) => svc.token({ userId: `crowd-${i}`, name: `Crowd ${i}`, roles: ["Tandem.Admin"] })),
      );
      const streams = await Promise.all(tokens.map((t) => stream(svc, "department=IT", t)));
      assert.deepEqual(streams.filter((s) => s.status !== 200).map((s) => s.body), []);
      await Promise.all(streams.map(connected));
      assert.equal(openStreams(), 300);
      const made = await create(svc, tokens[0]!, "Seen by the crowd");
      await Promise.all(streams.map((s) => s.waitFor(about(made.id), { timeoutMs: 15_000 })));
    });
  });

  describe("per-tenant cap", () => {
    it("refuses a tenant's streams beyond STREAM_MAX_PER_TENANT, not another tenant's", async () => {
      const svc = await service({ env: { STREAM_MAX_PER_TENANT: "3" } });
      const tokens = await Promise.all([1, 2, 3, 4].map((i) => svc.token({ userId: `t-user-${i}`, name: `User ${i}` })));
      const first = await Promise.all(tokens.slice(0, 3).map((t) => stream(svc, "mine=1", t)));
      assert.deepEqual(first.map((s) => s.status), [200, 200, 200]);
      const fourth = await stream(svc, "mine=1", tokens[3]!);
      const err = assertApiError(refusal(fourth), 429, "a stream beyond the tenant's cap", { code: "too_many_streams" });
      assert.match(fourth.headers.get("retry-after") ?? "", /^[1-9]\d*$/);
      assert.match(err.message, /\b3\b/);
      const elsewhere = await stream(svc, "mine=1", await svc.token({ userId: "t-user-1", name: "User 1", tenantId: "other-tenant" }));
      assert.equal(elsewhere.status, 200, "another tenant has its own count");
      first[0]!.close();
      await until(() => svc.app.hub.openStreams() === 3, "the closed stream is released");
      assert.equal((await stream(svc, "mine=1", tokens[3]!)).status, 200);
    });
  });

  describe("bounded replays", () => {
    let svc: TestService;
    let ana: string;
    before(async () => {
      // A service of its own: no other stream ever polled its change log, so every read counted is this test's.
      svc = await service({ demo: true });
      ana = await svc.token("ana");
    });

    it("a ?mine=1 replay from 2000-01-01 by someone with no requests reads no change log and no request", async () => {
      const reads = countReads(svc.app);
      try {
        const token = await svc.token({ userId: "never-filed", name: "Never Filed" });
        const st = await stream(svc, "mine=1", token, { lastEventId: "2000-01-01T00:00:00.000Z|0000000001|000001|IT" });
        assert.equal(st.status, 200);
        await replayed(st);
        assert.deepEqual(reads.changeLog, [], "no department's change log is read");
        assert.equal(reads.requests, 0, "no request is read");
        // Older than the change log keeps: the client is told to reload what it shows.
        const reset = await st.waitFor((e) => e.event === "reset");
        assert.ok(reset.id, "the reset carries the point to resume from");
      } finally {
        reads.restore();
      }
    });

    it("a replay older than the change log's retention is clamped: a reset event, no read before the window; its id resumes", async () => {
      const reads = countReads(svc.app);
      let reset: SseEvent;
      try {
        const st = await stream(svc, "department=IT", ana, { lastEventId: "2000-01-01T00:00:00.000Z|0000000001|000001|IT" });
        assert.equal(st.status, 200);
        reset = await st.waitFor((e) => e.event === "reset");
        assert.match(reset.json().message, /reload/i);
        await replayed(st);
        const window = new Date(svc.app.clock() - svc.app.config.scheduler.changeRetentionHours * 3_600_000 - 60_000).toISOString();
        const before = reads.changeLog.filter((q) => q.since < window);
        assert.deepEqual(before, [], `no change-log read reaches back before ${window}`);
        assert.equal(st.events.filter((e) => e.event === "request").length, 0, "nothing replayed: the client reloads instead");
        st.close();
      } finally {
        reads.restore();
      }
      // Resuming from the reset's id: changes made after it, no second reset.
      const made = await create(svc, ana, "After the reset");
      const again = await stream(svc, "department=IT", ana, { lastEventId: reset.id });
      await again.waitFor(about(made.id));
      await replayed(again);
      assert.equal(again.events.filter((e) => e.event === "reset").length, 0);
    });

    it("a ?mine=1 replay reads only the departments where the caller has requests", async () => {
      await until(() => svc.app.hub.openStreams() === 0, "the last test's streams were released");
      const token = await svc.token({ userId: "hr-only", name: "HR Only" });
      const first = await stream(svc, "mine=1", token);
      await connected(first);
      const made = await create(svc, token, "Payslip question", { department: "HR" });
      const seen = await first.waitFor(about(made.id));
      first.close();
      await act(svc, await svc.token("diego"), made.id, { action: "take" });

      const reads = countReads(svc.app);
      try {
        const resumed = await stream(svc, "mine=1", token, { lastEventId: seen.id });
        await resumed.waitFor(about(made.id, (r) => r.status === "in_progress"));
        await replayed(resumed);
        const partitions = new Set(reads.changeLog.map((q) => q.partition));
        assert.deepEqual([...partitions], [`${TENANT}|HR`], "HR's change log only");
      } finally {
        reads.restore();
      }
    });
  });

  describe("two instances", () => {
    it("a ?mine=1 stream on B gets the first request its person files on A, in a department it did not follow", async () => {
      const a = await service({ demo: true });
      const b = await service({ prefix: a.prefix });
      const tokenB = await b.token({ userId: "first-timer", name: "First Timer" });
      const onB = await stream(b, "mine=1", tokenB);
      await connected(onB);
      const tokenA = await a.token({ userId: "first-timer", name: "First Timer" });
      const made = await create(a, tokenA, "My very first request", { department: "Legal" });
      await onB.waitFor(about(made.id), { timeoutMs: 10_000 });
      await act(a, await a.token("grace"), made.id, { action: "take" });
      await onB.waitFor(about(made.id, (r) => r.status === "in_progress"), { timeoutMs: 10_000 });
    });
  });
});

/**
 * Counts what the service reads from the Requests table: change-log queries (their partition
 * and lower bound) and request reads, by wrapping the table client the stores use.
 */
function countReads(app: App) {
  const table = app.tables.Requests;
  const list = table.listEntities;
  const get = table.getEntity;
  const out = {
    changeLog: [] as Array<{ partition: string; since: string }>,
    requests: 0,
    restore() {
      table.listEntities = list;
      table.getEntity = get;
    },
  };
  table.listEntities = function (this: typeof table, options?: Parameters<typeof list>[0]) {
    const filter = options?.queryOptions?.filter ?? "";
    const since = /RowKey gt 'c\|([^']*)'/.exec(filter);
    if (since) out.changeLog.push({ partition: /PartitionKey eq '([^']*)'/.exec(filter)?.[1]?.replace(/''/g, "'") ?? "?", since: since[1]! });
    else if (/RowKey gt 'r\|'/.test(filter)) out.requests++;
    return list.call(this, options);
  } as typeof list;
  table.getEntity = function (this: typeof table, ...args: Parameters<typeof get>) {
    if (String(args[1]).startsWith("r|")) out.requests++;
    return get.apply(this, args);
  } as typeof get;
  return out;
}
