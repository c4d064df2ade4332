import assert from "node:assert/strict";
import { assertApiError, departmentBody } from "../support/api.ts";
import { startService, type TestService } from "../support/service.ts";

/**
 * `GET /api/scoreboard?period=month|quarter` (DESIGN.md "The internal-customer loop"): every
 * department side by side for anyone in the tenant, each number the one its own stats API
 * gives for the same period (open-and-overdue included, as the figures count it), the previous
 * period for the trend, nothing of another tenant, and a 400 naming `period` when it is wrong.
 */
describe("scoreboard API", function () {
  this.timeout(60_000);
  let svc: TestService;
  let now = Date.parse("2026-02-16T10:00:00.000Z");
  const at = (iso: string) => (now = Date.parse(iso));
  const agent = { id: "sb-agent", name: "Sam Agent" };
  let dana: string;
  let sam: string;
  let nobody: string;

  const file = async (dept: string, title: string, priority = "normal") => {
    const res = await svc.call("POST", "/api/requests", { token: dana, body: { department: dept, title, priority } });
    assert.equal(res.status, 201, `filing in ${dept}: ${res.text}`);
    return res.body.id as string;
  };
  const act = async (token: string, id: string, body: Record<string, unknown>) => {
    const res = await svc.call("POST", `/api/requests/${id}/actions`, { token, body });
    assert.equal(res.status, 200, `${String(body.action)} ${id}: ${res.text}`);
  };

  before(async () => {
    svc = await startService({ clock: () => now });
    const alex = await svc.token("alex");
    // Three departments, one in another zone (its months start at its own midnight).
    for (const [key, zone] of [["OPS", "UTC"], ["PAY", "Asia/Kolkata"], ["LAW", "America/New_York"]] as const) {
      const body = departmentBody(key, { agents: [agent] });
      body.calendar.timeZone = zone;
      const res = await svc.call("PUT", `/api/departments/${key}`, { token: alex, body });
      assert.equal(res.status, 201, `creating ${key}: ${res.text}`);
    }
    [dana, sam, nobody] = await Promise.all([svc.token("dana"), svc.token(agent.id), svc.token("nobody-in-particular")]);

    // February: OPS answers and resolves in time, PAY late; both rated.
    at("2026-02-16T10:00:00.000Z");
    const feb = [await file("OPS", "Laptop"), await file("OPS", "VPN"), await file("PAY", "Payslip")];
    at("2026-02-16T10:10:00.000Z");
    await act(sam, feb[0]!, { action: "take" });
    await act(sam, feb[1]!, { action: "take" });
    at("2026-02-16T11:00:00.000Z");
    await act(sam, feb[2]!, { action: "take" });
    await act(sam, feb[0]!, { action: "resolve", text: "Done" });
    at("2026-02-16T18:00:00.000Z");
    await act(sam, feb[2]!, { action: "resolve", text: "Done" });
    await act(dana, feb[0]!, { action: "rate", score: 5, effort: 6 });
    await act(dana, feb[2]!, { action: "rate", score: 2 });

    // March: OPS has one on time, one open past its first-response target (missed), one new.
    at("2026-03-10T09:00:00.000Z");
    const mar = [await file("OPS", "Printer"), await file("OPS", "Monitor", "high"), await file("PAY", "Expense")];
    at("2026-03-10T09:05:00.000Z");
    await act(sam, mar[0]!, { action: "take" });
    await act(sam, feb[1]!, { action: "resolve", text: "Fixed" });
    at("2026-03-10T12:00:00.000Z");
    await file("OPS", "Chair");
    await act(dana, feb[1]!, { action: "rate", score: 4, effort: 7 });
    await act(dana, feb[1]!, { action: "thank", text: "Thanks Sam!" });
    void mar;
  });
  after(() => svc?.close());

  type Row = Record<string, any>;
  const board = async (query: string, token = nobody) => {
    const res = await svc.call("GET", `/api/scoreboard${query}`, { token });
    assert.equal(res.status, 200, res.text);
    return res.body as { period: string; goalPercent: number; generatedAt: string; departments: Row[] };
  };
  const stats = async (key: string, query = "") => {
    const res = await svc.call("GET", `/api/departments/${key}/stats${query}`, { token: nobody });
    assert.equal(res.status, 200, res.text);
    return res.body as Row;
  };
  /** The figures a row shares with the stats API, field by field. */
  const same = (row: Row, s: Row, what: string) => {
    for (const k of ["from", "to", "created", "resolved", "open", "backlogByStatus", "breachedNow", "breaches"]) {
      assert.deepEqual(row[k], s[k], `${what}: ${k} equals the stats API's`);
    }
    // Attainments from the month rows (counts only): every count equals the stats API's; the
    // medians are the department dashboard's, not the scoreboard's.
    for (const k of ["firstResponse", "resolution"]) {
      const { medianMinutes: m, p90Minutes: p, ...counts } = row[k];
      const { medianMinutes: _m, p90Minutes: _p, ...theirs } = s[k];
      assert.deepEqual(counts, theirs, `${what}: ${k} equals the stats API's`);
      assert.deepEqual([m, p], [null, null], `${what}: ${k} has no median on the scoreboard`);
    }
    for (const k of ["responses", "average", "satisfiedPercent"]) assert.deepEqual(row.csat[k], s.csat[k], `${what}: csat.${k} equals the stats API's`);
    for (const k of ["responses", "average", "easyPercent"]) assert.deepEqual(row.ces[k], s.ces[k], `${what}: ces.${k} equals the stats API's`);
    assert.equal(row.kudos, s.kudos, `${what}: kudos equal the stats API's`);
  };

  it("shows every department this month, each number equal to its stats API's, for someone outside them all", async () => {
    const b = await board("?period=month");
    assert.equal(b.period, "month", "the period asked");
    assert.deepEqual(b.departments.map((d) => d.key), ["LAW", "OPS", "PAY"], "every department of the tenant, by key");
    for (const row of b.departments) same(row, await stats(row.key), `${row.key} this month`);
    const ops = b.departments.find((d) => d.key === "OPS")!;
    assert.equal(ops.created, 3, "OPS: three filed in March");
    assert.equal(ops.open, 3, "OPS: the backlog now");
    assert.ok(ops.breachedNow >= 1, `OPS: the Monitor request is past its first-response target (${ops.breachedNow})`);
    assert.equal(ops.csat.responses, 1, "OPS: March's one rating");
    assert.equal(ops.ces.average, 7, "OPS: March's one effort answer");
    assert.equal(ops.kudos, 1, "OPS: March's one thanks");
    assert.equal(b.departments.find((d) => d.key === "LAW")!.created, 0, "LAW: nothing filed");
    const text = JSON.stringify(b);
    for (const word of ["Printer", "Monitor", "Laptop", "Dana", "byCategory", "byPriority"]) assert.ok(!text.includes(word), `no request content or group in the scoreboard (${word})`);
  });

  it("carries the month before, equal to its stats API's, and the trend between them", async () => {
    const b = await board("");
    assert.equal(b.period, "month", "month is the default");
    for (const row of b.departments) {
      const zone = row.timeZone as string;
      assert.ok(zone, `${row.key}: its zone`);
      const prev = await stats(row.key, `?from=2026-02-01&to=2026-03-01`);
      assert.equal(row.previous.from, prev.from, `${row.key}: previous period starts at February's first local midnight`);
      assert.equal(row.previous.to, prev.to, `${row.key}: and ends at March's`);
      assert.equal(row.previous.created, prev.created, `${row.key}: created in February`);
      assert.equal(row.previous.resolved, prev.resolved, `${row.key}: resolved in February`);
      assert.deepEqual(row.previous.firstResponse.attainmentPercent, prev.firstResponse.attainmentPercent, `${row.key}: February's first-response attainment`);
      assert.deepEqual(row.previous.resolution.attainmentPercent, prev.resolution.attainmentPercent, `${row.key}: February's resolution attainment`);
      assert.deepEqual(row.previous.csat.average, prev.csat.average, `${row.key}: February's CSAT`);
      const cur = await stats(row.key);
      const delta = (a: number | null, p: number | null) => (a === null || p === null ? null : Math.round((a - p) * 10) / 10);
      assert.deepEqual(row.trend.resolution, delta(cur.resolution.attainmentPercent, prev.resolution.attainmentPercent), `${row.key}: resolution trend`);
      assert.deepEqual(row.trend.firstResponse, delta(cur.firstResponse.attainmentPercent, prev.firstResponse.attainmentPercent), `${row.key}: first-response trend`);
      assert.deepEqual(row.trend.csat, delta(cur.csat.average, prev.csat.average), `${row.key}: CSAT trend`);
    }
    const pay = b.departments.find((d) => d.key === "PAY")!;
    assert.equal(pay.previous.created, 1, "PAY: one filed in February");
    assert.equal(pay.previous.csat.average, 2, "PAY: February's one rating");
    const ops = b.departments.find((d) => d.key === "OPS")!;
    assert.equal(ops.previous.resolution.attainmentPercent, 50, "OPS: February's VPN request, open past its target at the month's end, counts as missed");
  });

  it("answers the quarter, equal to the stats API's for the quarter, with the quarter before", async () => {
    const b = await board("?period=quarter");
    assert.equal(b.period, "quarter", "the period asked");
    for (const row of b.departments) {
      same(row, await stats(row.key, "?from=2026-01-01&to=2026-04-01"), `${row.key} this quarter`);
      const prev = await stats(row.key, "?from=2025-10-01&to=2026-01-01");
      assert.equal(row.previous.from, prev.from, `${row.key}: the quarter before starts in October`);
      assert.equal(row.previous.created, 0, `${row.key}: nothing filed last quarter`);
    }
    assert.equal(b.departments.find((d) => d.key === "OPS")!.created, 5, "OPS: five filed this quarter");
  });

  it("sees only its own tenant's departments", async () => {
    const other = await svc.token({ userId: "eve", name: "Eve", tenantId: "another-tenant" });
    const b = await board("?period=month", other);
    assert.deepEqual(b.departments, [], "another tenant has no departments here");
    const alien = await svc.call("PUT", "/api/departments/OPS", { token: await svc.token({ userId: "root", name: "Root", tenantId: "another-tenant", roles: ["Tandem.Admin"] }), body: departmentBody("OPS") });
    assert.equal(alien.status, 201, alien.text);
    const theirs = await board("?period=month", other);
    assert.deepEqual(theirs.departments.map((d) => [d.key, d.created, d.open]), [["OPS", 0, 0]], "their OPS, empty: none of ours");
    const ours = await board("?period=month");
    assert.equal(ours.departments.find((d) => d.key === "OPS")!.created, 3, "ours unchanged by theirs");
  });

  it("refuses a bad period with a 400 naming it, and asks for a token", async () => {
    for (const q of ["?period=year", "?period=", "?period=month&period=quarter", "?periode=month"]) {
      const res = await svc.call("GET", `/api/scoreboard${q}`, { token: nobody });
      if (q === "?period=") {
        assert.equal(res.status, 200, `an empty period is the default: ${res.text}`);
        continue;
      }
      assertApiError(res, 400, `scoreboard${q}`, { field: q.startsWith("?periode") ? /periode/ : /period/ });
    }
    const year = await svc.call("GET", "/api/scoreboard?period=year", { token: nobody });
    assert.match(year.body.error.message, /month or quarter/, "the message says what is allowed");
    const anon = await svc.call("GET", "/api/scoreboard");
    assert.equal(anon.status, 401, anon.text);
  });

  it("names the demo's departments in the reader's language (real ones as written)", async () => {
    const res = await svc.call("GET", "/api/scoreboard", { token: nobody, headers: { "Accept-Language": "es" } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get("vary"), "Accept-Language", "the answer depends on the language");
    assert.equal(res.body.departments.find((d: Row) => d.key === "OPS").name, "Dept OPS", "an admin's own name is shown as written");
  });
});
