import assert from "node:assert/strict";
import { assertApiError, createDepartment, departmentBody } from "../support/api.ts";
import { startService, type TestService } from "../support/service.ts";
import { openSse, pause, type SseStream } from "../support/sse.ts";
import { SCOREBOARD_COALESCE_MS } from "../../bot/stream/stream-hub.ts";

/**
 * The scoreboard's live stream (`GET /api/stream?scoreboard=1`): anyone in the tenant, told
 * that some request changed (never which), on this instance or another, a burst coalesced
 * into a notice every few seconds; other tenants' changes are not theirs.
 */
describe("scoreboard stream", function () {
  this.timeout(60_000);
  let a: TestService;
  let b: TestService;
  let dana: string;
  let danaOnB: string; // each instance signs its own dev tokens
  let nobody: string;
  const open: SseStream[] = [];
  const stream = async (svc: TestService, token: string) => {
    const st = await openSse(`${svc.url}/api/stream?scoreboard=1`, { token });
    open.push(st);
    assert.equal(st.status, 200, `scoreboard stream: ${JSON.stringify(st.body)}`);
    await st.waitForComment((c) => c === "connected");
    // A new feed tells of changes from the second before it started (the feeds' margin): let
    // the previous test's changes pass, so each test counts only its own.
    await pause(1_500);
    st.events.splice(0);
    return st;
  };
  const file = async (svc: TestService, dept: string, title: string, token = dana) => {
    const res = await svc.call("POST", "/api/requests", { token, body: { department: dept, title } });
    assert.equal(res.status, 201, res.text);
    return res.body.id as string;
  };
  const notices = (st: SseStream) => st.events.filter((e) => e.event === "scoreboard");

  before(async () => {
    a = await startService();
    b = await startService({ prefix: a.prefix });
    await createDepartment(a, "OPS");
    await createDepartment(a, "PAY");
    [dana, danaOnB, nobody] = await Promise.all([a.token("dana"), b.token("dana"), a.token("nobody-in-particular")]);
  });
  afterEach(() => {
    for (const st of open.splice(0)) st.close();
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  it("tells anyone in the tenant that a request changed, with nothing of the request", async () => {
    const st = await stream(a, nobody);
    await file(a, "OPS", "Secret laptop matter");
    const e = await st.waitFor((x) => x.event === "scoreboard", { timeoutMs: 15_000 });
    assert.ok(!e.data.includes("OPS-") && !e.data.includes("Secret"), `no request in the notice: ${e.data}`);
    assert.ok(typeof e.json().at === "string", `the notice says when: ${e.data}`);
    assert.ok(!st.events.some((x) => x.event === "request"), "no request event on the scoreboard stream");
  });

  it("hears of a change made on another instance", async () => {
    const st = await stream(a, nobody);
    await file(b, "PAY", "Payslip", danaOnB);
    await st.waitFor((x) => x.event === "scoreboard", { timeoutMs: 15_000 });
  });

  it("coalesces a burst of changes into fewer notices", async () => {
    const st = await stream(a, nobody);
    const burst = 6;
    for (let i = 0; i < burst; i++) await file(a, i % 2 ? "OPS" : "PAY", `Burst ${i}`);
    await st.waitFor((x) => x.event === "scoreboard", { timeoutMs: 15_000 });
    // Whatever else the burst brings arrives within one more window.
    await pause(SCOREBOARD_COALESCE_MS + 1_000);
    const n = notices(st).length;
    assert.ok(n >= 1 && n < burst, `a burst of ${burst} changes gave ${n} notices`);
  });

  it("follows a department created after the stream opened", async () => {
    const st = await stream(a, nobody);
    await createDepartment(b, "LAW");
    // The catalogue is read again every heartbeat (1 s here); a new department is news itself.
    await st.waitFor((x) => x.event === "scoreboard", { timeoutMs: 15_000 });
    await pause(SCOREBOARD_COALESCE_MS + 500);
    // Counted before filing: on a slow machine the notice can arrive before the POST's answer does.
    const from = st.events.length;
    await file(b, "LAW", "Contract review", danaOnB);
    await st.waitFor((x) => x.event === "scoreboard", { timeoutMs: 15_000, from });
  });

  it("is not told of another tenant's changes", async () => {
    const st = await stream(a, nobody);
    const root = await a.token({ userId: "root", name: "Root", tenantId: "tenant-elsewhere", roles: ["Tandem.Admin"] });
    const res = await a.call("PUT", "/api/departments/OPS", { token: root, body: departmentBody("OPS") });
    assert.equal(res.status, 201, res.text);
    await file(a, "OPS", "Elsewhere", await a.token({ userId: "eve", name: "Eve", tenantId: "tenant-elsewhere" }));
    await pause(SCOREBOARD_COALESCE_MS + 1_500);
    assert.equal(notices(st).length, 0, "nothing of another tenant reaches this one");
  });

  it("while followed, answers every viewer from one computation until something changes, here or on another instance", async () => {
    const st = await stream(a, nobody);
    const read = async () => {
      const res = await a.call("GET", "/api/scoreboard", { token: nobody });
      assert.equal(res.status, 200, res.text);
      return res.body as { generatedAt: string; departments: Array<{ key: string; created: number }> };
    };
    const first = await read();
    const again = await read();
    assert.equal(again.generatedAt, first.generatedAt, "nothing changed: the same computation answers");
    const ops = (b: typeof first) => b.departments.find((d) => d.key === "OPS")!.created;
    await file(a, "OPS", "Cache check here");
    const afterLocal = await read();
    assert.notEqual(afterLocal.generatedAt, first.generatedAt, "a change on this instance: computed again");
    assert.equal(ops(afterLocal), ops(first) + 1, "with the new request counted");
    st.events.splice(0);
    await file(b, "OPS", "Cache check there", danaOnB);
    await st.waitFor((x) => x.event === "scoreboard", { timeoutMs: 15_000 });
    const afterRemote = await read();
    assert.equal(ops(afterRemote), ops(first) + 2, "a change on another instance, once told: counted");
  });

  it("refuses a stream asking for two things at once", async () => {
    for (const q of ["scoreboard=1&mine=1", "scoreboard=1&department=OPS"]) {
      const res = await a.call("GET", `/api/stream?${q}`, { token: nobody });
      assertApiError(res, 400, q, { field: /scoreboard=1/ });
    }
  });
});
