import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { assertApiError, departmentBody, departmentRequests, postStreamed, withoutWrites } from "../support/api.ts";
import { startService, type CallOptions, type CallResult, type TestService } from "../support/service.ts";

/**
 * Bad input over HTTP (DESIGN.md "Limits"): a 4xx with a message a person can act on, never a
 * 5xx, and nothing written. Every refusal below is checked against a dump of every stored row
 * taken before and after the call, and each test also checks what people see (the IT queue and
 * Dana's "my requests") is unchanged.
 */
describe("bad input over HTTP", function () {
  this.timeout(60_000);
  let svc: TestService;
  let dana: string;
  let ben: string;
  let ana: string;
  let alex: string;
  /** A request of Dana's in IT, for the action tests. */
  let target: { id: string; etag: string };

  before(async () => {
    svc = await startService({ demo: true });
    [dana, ben, ana, alex] = await Promise.all(["dana", "ben", "ana", "alex"].map((u) => svc.token(u)));
    const filed = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Cannot print from my laptop" } });
    assert.equal(filed.status, 201, filed.text);
    target = { id: filed.body.id, etag: filed.body.etag };
  });
  after(() => svc?.close());

  /** What people see: the IT queue and Dana's "my requests", by id and ETag. */
  const visible = async () => {
    const queue = await departmentRequests(svc, "IT", ana);
    const mine = await svc.call("GET", "/api/me/requests", { token: dana });
    assert.equal(mine.status, 200, mine.text);
    return {
      queue: queue.map((r) => `${r.id} ${r.etag}`),
      mine: (mine.body.items as Array<{ id: string; etag: string }>).map((r) => `${r.id} ${r.etag}`),
    };
  };
  let seen: Awaited<ReturnType<typeof visible>>;
  beforeEach(async () => {
    seen = await visible();
  });
  /** Tests that file something on purpose set this, so the check below is skipped. */
  let writes = false;
  afterEach(async function () {
    if (!writes && this.currentTest?.state === "passed") assert.deepEqual(await visible(), seen, "the IT queue and Dana's requests are unchanged");
    writes = false;
  });

  /** Makes the call, checks the refusal and that storage did not change. */
  async function refused(
    what: string,
    method: string,
    path: string,
    opts: CallOptions,
    status: number,
    check: { code?: string; field?: string | RegExp } = {},
  ): Promise<CallResult> {
    const res = await withoutWrites(svc.app, what, () => svc.call(method, path, opts));
    const err = assertApiError(res, status, what, check);
    if (typeof check.field === "string" && err.code === "invalid_input" && err.details) {
      assert.ok(
        err.details.some((d) => d.path === check.field || d.path.startsWith(`${check.field}.`) || d.path.startsWith(`${check.field}[`)),
        `${what}: details should point at ${check.field}: ${JSON.stringify(err.details)}`,
      );
    }
    return res;
  }

  const json = { "Content-Type": "application/json" };
  /** Every route that takes a body, with who calls it. */
  const bodyRoutes = () => [
    { method: "POST", path: "/api/requests", token: dana },
    { method: "POST", path: "/api/requests/from-email", token: dana },
    { method: "POST", path: `/api/requests/${target.id}/actions`, token: ben },
    { method: "PUT", path: "/api/departments/IT", token: alex },
  ];

  it("malformed JSON gets 400 saying the body is not valid JSON, on every route that takes a body", async () => {
    const bodies = [
      '{"department": "IT", "title": }',
      '{"department": "IT", "title": "Printer",}',
      "{'department': 'IT', 'title': 'Printer'}",
      '{"department": "IT"',
      "department=IT&title=Printer",
      "\ufeff{}",
    ];
    for (const r of bodyRoutes()) {
      for (const raw of bodies) {
        const res = await refused(`${r.method} ${r.path} with ${JSON.stringify(raw)}`, r.method, r.path, { token: r.token, raw, headers: json }, 400, { code: "invalid_json" });
        assert.match(res.body.error.message, /not valid JSON/);
      }
      for (const raw of ["", "   \n"]) {
        const res = await refused(`${r.method} ${r.path} with an empty body`, r.method, r.path, { token: r.token, raw, headers: json }, 400, { code: "invalid_json" });
        assert.match(res.body.error.message, /empty: send a JSON object/);
      }
    }
  });

  it("a body over 256 KiB gets 413, whether its length is declared or streamed", async () => {
    const huge = "x".repeat(256 * 1024 + 1);
    for (const r of bodyRoutes()) {
      const res = await refused(`${r.method} ${r.path} with 256 KiB + 1`, r.method, r.path, { token: r.token, raw: huge, headers: json }, 413, { code: "payload_too_large" });
      assert.match(res.body.error.message, /larger than 256 KiB/);
      const valid = await refused(`${r.method} ${r.path} with a 300 KB JSON body`, r.method, r.path, {
        token: r.token,
        body: { department: "IT", title: "Big", description: "d".repeat(300_000) },
      }, 413, { code: "payload_too_large" });
      assert.match(valid.body.error.message, /256 KiB/);
    }
    for (const path of ["/api/requests", "/api/requests/from-email", `/api/requests/${target.id}/actions`]) {
      const chunks = ['{"department": "IT", "title": "Streamed", "description": "', ...Array.from({ length: 30 }, () => "y".repeat(10_000)), '"}'];
      const res = await withoutWrites(svc.app, `streamed ${path}`, () => postStreamed(svc, path, dana, chunks));
      assertApiError(res, 413, `streamed 300 KB to ${path}`, { code: "payload_too_large" });
    }
  });

  it("a body of exactly 256 KiB is read; one byte more is refused", async () => {
    writes = true;
    const email = (bodyLength: number) => ({
      internetMessageId: `<limit-${randomUUID()}@contoso.example>`,
      subject: "Long thread",
      body: "b".repeat(bodyLength),
      from: { name: "Dana Whitfield", email: "dana@contoso.example" },
      department: "IT",
    });
    const skeleton = Buffer.byteLength(JSON.stringify(email(0)));
    const exact = JSON.stringify(email(256 * 1024 - skeleton));
    assert.equal(Buffer.byteLength(exact), 256 * 1024);
    const over = JSON.stringify(email(256 * 1024 - skeleton + 1));
    await refused("256 KiB + 1 byte", "POST", "/api/requests/from-email", { token: dana, raw: over, headers: json }, 413, { code: "payload_too_large" });
    const ok = await svc.call("POST", "/api/requests/from-email", { token: dana, raw: exact, headers: json });
    assert.equal(ok.status, 201, ok.text.slice(0, 300));
    assert.equal(ok.body.request.description.length, 32_000);
  });

  it("a body that is not sent as JSON gets 415 naming application/json", async () => {
    const types: Array<[string, string]> = [
      ["text/plain", '{"department": "IT", "title": "Printer"}'],
      ["application/x-www-form-urlencoded", "department=IT&title=Printer"],
      ["multipart/form-data; boundary=xyz", '--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\nPrinter\r\n--xyz--\r\n'],
      ["application/xml", "<request><department>IT</department><title>Printer</title></request>"],
      ["application/jsonx", '{"department": "IT", "title": "Printer"}'],
    ];
    for (const r of bodyRoutes()) {
      for (const [type, raw] of types) {
        const res = await refused(`${r.method} ${r.path} as ${type}`, r.method, r.path, { token: r.token, raw, headers: { "Content-Type": type } }, 415, { code: "unsupported_media_type" });
        assert.match(res.body.error.message, /Content-Type: application\/json/);
      }
    }
  });

  it("each rule of POST /api/requests answers 400 naming the field", async () => {
    const ok = { department: "IT", title: "VPN does not connect" };
    const cases: Array<[string, unknown, string | RegExp]> = [
      ["no title", { department: "IT" }, "title"],
      ["an empty title", { ...ok, title: "" }, "title"],
      ["a blank title", { ...ok, title: "   " }, "title"],
      ["a title of 201 characters", { ...ok, title: "t".repeat(201) }, "title"],
      ["a title of 201 emoji", { ...ok, title: "😀".repeat(201) }, "title"],
      ["a number as title", { ...ok, title: 42 }, "title"],
      ["null as title", { ...ok, title: null }, "title"],
      ["a description of 32,001 characters", { ...ok, description: "d".repeat(32_001) }, "description"],
      ["a list as description", { ...ok, description: ["a"] }, "description"],
      ["no department", { title: "VPN" }, "department"],
      ["an unknown department", { ...ok, department: "ZZ" }, "department"],
      ["a malformed department", { ...ok, department: "I" }, "department"],
      ["a number as department", { ...ok, department: 7 }, "department"],
      ["an unknown category", { ...ok, category: "coffee" }, "category"],
      ["a malformed category", { ...ok, category: "Not A Key" }, "category"],
      ["an unknown priority", { ...ok, priority: "asap" }, "priority"],
      ["a priority in capitals", { ...ok, priority: "HIGH" }, "priority"],
      ["a number as priority", { ...ok, priority: 3 }, "priority"],
      ["an unknown field", { ...ok, assignee: "demo-ben" }, "assignee"],
      ["a field the server sets", { ...ok, status: "resolved" }, "status"],
    ];
    for (const [what, body, field] of cases) {
      const res = await refused(`create with ${what}`, "POST", "/api/requests", { token: dana, body }, 400, { code: "invalid_input", field });
      if (what.startsWith("an unknown priority")) assert.match(res.body.error.message, /low, normal, high, urgent/, "says which values are allowed");
      if (what === "an unknown department") assert.match(res.body.error.message, /Known departments: .*IT/, "lists the departments there are");
      if (what === "an unknown category") assert.match(res.body.error.message, /hardware/, "lists IT's categories");
      if (what.startsWith("a title of 201")) assert.match(res.body.error.message, /1 to 200 characters \(got 201\)/, "counts characters as a person does");
      if (what === "an unknown field") assert.match(res.body.error.message, /allowed: department, title, description, category, priority/);
    }
    await refused("create with a __proto__ field", "POST", "/api/requests", {
      token: dana,
      raw: '{"department": "IT", "title": "VPN", "__proto__": {"isAdmin": true}}',
      headers: json,
    }, 400, { code: "invalid_input", field: "__proto__" });
    for (const body of [[], ["IT", "VPN"], "VPN does not connect", 42, true, null]) {
      const res = await refused(`create with ${JSON.stringify(body)}`, "POST", "/api/requests", { token: dana, raw: JSON.stringify(body), headers: json }, 400, { code: "invalid_input" });
      assert.match(res.body.error.message, /must be a request like \{"department": "IT", "title"/);
    }
  });

  it("the longest title, description and comment are accepted and read back as sent, in any script", async () => {
    writes = true;
    // Limits count characters: an emoji is one character (two UTF-16 units, four UTF-8 bytes).
    for (const [what, c] of [["ASCII", "D"], ["accented", "é"], ["CJK", "中"], ["emoji", "😀"], ["mixed", "a😀中"], ["odd", "😀"]] as const) {
      const n = [...c].length;
      // "odd": one ASCII letter first, so the emoji straddle every 30,000-unit storage boundary.
      const title = what === "odd" ? `a${c.repeat(199)}` : c.repeat(Math.floor(200 / n));
      const description = what === "odd" ? `a${c.repeat(31_999)}` : c.repeat(Math.floor(32_000 / n));
      const res = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title, description } });
      assert.equal(res.status, 201, `${what}: ${res.text.slice(0, 300)}`);
      const comment = await svc.call("POST", `/api/requests/${res.body.id}/actions`, { token: ben, body: { action: "comment", text: description } });
      assert.equal(comment.status, 200, `${what} comment: ${comment.text.slice(0, 300)}`);
      const got = await svc.call("GET", `/api/requests/${res.body.id}`, { token: dana });
      assert.equal(got.status, 200, `${what}: ${got.text.slice(0, 300)}`);
      assert.equal(got.body.title, title, `${what}: title read back`);
      assert.equal(got.body.description, description, `${what}: description read back`);
      assert.equal(got.body.history.find((h: { kind: string }) => h.kind === "comment")?.text, description, `${what}: comment read back`);
      const listed = (await departmentRequests(svc, "IT", ana)).find((r) => r.id === res.body.id);
      assert.equal(listed?.description, description, `${what}: description in the queue`);
    }
  });

  it("an email body over 32,000 characters is kept to 32,000 and marked truncated, not refused", async () => {
    writes = true;
    const paragraph = (i: number) => `Paragraph ${i}: the VPN client drops the tunnel after the token refresh.\n`;
    let body = "";
    for (let i = 0; body.length < 100_000; i++) body += paragraph(i);
    const internetMessageId = `<long-${randomUUID()}@contoso.example>`;
    const res = await svc.call("POST", "/api/requests/from-email", {
      token: dana,
      body: { internetMessageId, subject: "VPN drops (long log)", body, from: { name: "Dana Whitfield", email: "dana@contoso.example" }, department: "IT" },
    });
    assert.equal(res.status, 201, res.text.slice(0, 300));
    assert.equal(res.body.created, true);
    const check = (r: any, what: string) => {
      assert.equal(r.description.length, 32_000, `${what}: description length`);
      assert.equal(r.description, body.slice(0, 32_000), `${what}: the start of the body, as sent`);
      assert.equal(r.descriptionTruncated, true, `${what}: descriptionTruncated`);
      assert.equal(r.email?.truncated, true, `${what}: email.truncated`);
      assert.equal(r.title, "VPN drops (long log)");
    };
    check(res.body.request, "the answer");
    const got = await svc.call("GET", `/api/requests/${res.body.request.id}`, { token: dana });
    check(got.body, "read back");

    // At the limit, nothing is cut and nothing is marked.
    const exact = await svc.call("POST", "/api/requests/from-email", {
      token: dana,
      body: { internetMessageId: `<exact-${randomUUID()}@contoso.example>`, subject: "Exactly at the limit", body: "e".repeat(32_000), from: { name: "Dana", email: "dana@contoso.example" }, department: "IT" },
    });
    assert.equal(exact.status, 201, exact.text.slice(0, 300));
    assert.equal(exact.body.request.description.length, 32_000);
    assert.equal(exact.body.request.descriptionTruncated, undefined);
    assert.equal(exact.body.request.email?.truncated, undefined);
  });

  it("each rule of POST /api/requests/from-email answers 400 naming the field", async () => {
    const ok = {
      internetMessageId: `<rules-${randomUUID()}@contoso.example>`,
      subject: "Payslip missing",
      body: "Where is my March payslip?",
      from: { name: "Dana Whitfield", email: "dana@contoso.example" },
      department: "HR",
    };
    const { internetMessageId: _i, ...noId } = ok;
    const { from: _f, ...noFrom } = ok;
    const { department: _d, ...noDept } = ok;
    const cases: Array<[string, unknown, string]> = [
      ["no internetMessageId", noId, "internetMessageId"],
      ["a blank internetMessageId", { ...ok, internetMessageId: "   " }, "internetMessageId"],
      ["an internetMessageId of 1,001 characters", { ...ok, internetMessageId: "i".repeat(1001) }, "internetMessageId"],
      ["no sender", noFrom, "from"],
      ["a sender without email", { ...ok, from: { name: "Dana" } }, "from.email"],
      ["a sender with a bad email", { ...ok, from: { name: "Dana", email: "dana-at-contoso" } }, "from.email"],
      ["no department", noDept, "department"],
      ["an unknown department", { ...ok, department: "ZZ" }, "department"],
      ["an unknown category", { ...ok, category: "coffee" }, "category"],
      ["an unknown priority", { ...ok, priority: "asap" }, "priority"],
      ["an unknown bodyFormat", { ...ok, bodyFormat: "markdown" }, "bodyFormat"],
      ["a receivedAt without a zone", { ...ok, receivedAt: "2026-03-02T09:00:00" }, "receivedAt"],
      ["a receivedAt that is no date", { ...ok, receivedAt: "yesterday" }, "receivedAt"],
      ["a webLink over http", { ...ok, webLink: "http://outlook.example/mail/1" }, "webLink"],
      ["a javascript: webLink", { ...ok, webLink: "javascript:alert(1)" }, "webLink"],
      ["an attachment with a negative size", { ...ok, attachments: [{ name: "a.pdf", size: -1 }] }, "attachments[0].size"],
      ["a number as body", { ...ok, body: 42 }, "body"],
    ];
    for (const [what, body, field] of cases) {
      await refused(`from-email with ${what}`, "POST", "/api/requests/from-email", { token: dana, body }, 400, { code: "invalid_input", field });
    }
    const notConverted = await svc.call("GET", `/api/requests/by-email?internetMessageId=${encodeURIComponent(ok.internetMessageId)}`, { token: dana });
    assert.equal(notConverted.status, 404, "the email still counts as not converted");
  });

  it("unknown action names and missing action fields answer 400 naming the field; the request is unchanged", async () => {
    const before = await svc.call("GET", `/api/requests/${target.id}`, { token: ben });
    const path = `/api/requests/${target.id}/actions`;
    const staff: Array<[string, unknown, string]> = [
      ["an unknown action", { action: "close" }, "action"],
      ["an action in capitals", { action: "Take" }, "action"],
      ["no action", {}, "action"],
      ["a number as action", { action: 5 }, "action"],
      ["assign without assignee", { action: "assign" }, "assignee"],
      ["assign to someone without a name", { action: "assign", assignee: { id: "demo-ben" } }, "assignee.name"],
      ["comment without text", { action: "comment" }, "text"],
      ["a blank comment", { action: "comment", text: "  " }, "text"],
      ["a comment of 32,001 characters", { action: "comment", text: "c".repeat(32_001) }, "text"],
      ["a comment with public: \"yes\"", { action: "comment", text: "hi", public: "yes" }, "public"],
      ["priority without priority", { action: "priority" }, "priority"],
      ["an unknown priority", { action: "priority", priority: "asap" }, "priority"],
      ["take with an extra field", { action: "take", assignee: "demo-ana" }, "assignee"],
      ["wait with a number as text", { action: "wait", text: 3 }, "text"],
    ];
    for (const [what, body, field] of staff) {
      const res = await refused(`${what} (as an agent)`, "POST", path, { token: ben, body }, 400, { code: "invalid_input", field });
      if (what === "an unknown action") assert.match(res.body.error.message, /take, assign, comment, wait, resume, resolve, reopen, cancel, priority, rate/);
    }
    for (const [what, body, field] of [
      ["rate without score", { action: "rate" }, "score"],
      ["a score of 6", { action: "rate", score: 6 }, "score"],
      ["a score of 4.5", { action: "rate", score: 4.5 }, "score"],
    ] as Array<[string, unknown, string]>) {
      await refused(`${what} (as the requester)`, "POST", path, { token: dana, body }, 400, { code: "invalid_input", field });
    }
    await refused("take with a __proto__ field", "POST", path, { token: ben, raw: '{"action": "take", "__proto__": {"status": "resolved"}}', headers: json }, 400, { code: "invalid_input", field: "__proto__" });
    await refused("an action on a request that does not exist", "POST", "/api/requests/IT-99999/actions", { token: ben, body: { action: "take" } }, 404, { code: "not_found" });
    await refused("an action on something that is no request id", "POST", "/api/requests/printer/actions", { token: ben, body: { action: "take" } }, 404, { code: "not_found" });

    const after = await svc.call("GET", `/api/requests/${target.id}`, { token: ben });
    assert.equal(after.body.etag, before.body.etag);
    assert.equal(after.body.status, "new");
    assert.deepEqual(after.body.history, before.body.history);
  });

  it("each rule of PUT /api/departments/:key answers 400 naming the field; the department is unchanged", async () => {
    const before = await svc.call("GET", "/api/departments/IT", { token: alex });
    const ok = departmentBody("IT", { leads: [{ id: "demo-ana", name: "Ana García" }] });
    const cases: Array<[string, string, unknown, string]> = [
      ["a lowercase key", "it", ok, "key"],
      ["a key too long", "ABCDEFGHIJK", ok, "key"],
      ["no name", "IT", { ...ok, name: undefined }, "name"],
      ["a fixed offset as time zone", "IT", { ...ok, calendar: { ...ok.calendar, timeZone: "UTC+2" } }, "calendar.timeZone"],
      ["an unknown weekday", "IT", { ...ok, calendar: { ...ok.calendar, week: { ...ok.calendar.week, monday: [] } } }, "calendar.week.monday"],
      ["a window that ends before it starts", "IT", { ...ok, calendar: { ...ok.calendar, week: { mon: [["17:00", "09:00"]] } } }, "calendar.week.mon[0]"],
      ["a holiday that is no date", "IT", { ...ok, calendar: { ...ok.calendar, holidays: ["2026-02-30"] } }, "calendar.holidays[0]"],
      ["a first response due after resolution", "IT", { ...ok, sla: { ...ok.sla, targets: { ...ok.sla.targets, low: { firstResponseMinutes: 900, resolutionMinutes: 600 } } } }, "sla.targets.low.firstResponseMinutes"],
      ["a target missing", "IT", { ...ok, sla: { warnAtPercent: 80, targets: { low: ok.sla.targets.low } } }, "sla.targets.normal"],
      ["warnAtPercent 100", "IT", { ...ok, sla: { ...ok.sla, warnAtPercent: 100 } }, "sla.warnAtPercent"],
      ["a category key twice", "IT", { ...ok, categories: [{ key: "a", name: "A" }, { key: "a", name: "B" }] }, "categories[1].key"],
      ["an agent without id", "IT", { ...ok, agents: [{ name: "Ben" }] }, "agents[0].id"],
      ["an unknown field", "IT", { ...ok, owner: "demo-ana" }, "owner"],
    ];
    for (const [what, key, body, field] of cases) {
      await refused(`PUT department with ${what}`, "PUT", `/api/departments/${key}`, { token: alex, body }, 400, { code: "invalid_input", field });
    }
    const after = await svc.call("GET", "/api/departments/IT", { token: alex });
    assert.deepEqual(after.body, before.body);
    assert.equal(after.headers.get("etag"), before.headers.get("etag"));
  });
});
