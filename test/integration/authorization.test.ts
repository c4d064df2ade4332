/**
 * Who may call what: every route of DESIGN.md's HTTP table, every request action, by every
 * kind of caller, against the real service on loopback Azurite; then tenant isolation.
 *
 * Roles are relative to the IT department of the demo catalogue (and to Dana's requests in it):
 * anonymous (no token), requester (Dana, who filed it), otherRequester (a plain user who did
 * not), agent (Ben, IT), otherAgent (Diego, HR), lead (Ana, IT), otherLead (Carla, HR),
 * admin (Alex, app role Tandem.Admin).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { DEMO_DEPARTMENTS } from "../../bot/demo/demo-catalogue.ts";
import { startService, TENANT, type CallResult, type TestService } from "../support/service.ts";

type Role = "anonymous" | "requester" | "otherRequester" | "agent" | "otherAgent" | "lead" | "otherLead" | "admin";
const ROLES: Role[] = ["anonymous", "requester", "otherRequester", "agent", "otherAgent", "lead", "otherLead", "admin"];
const USER_ID: Record<Exclude<Role, "anonymous">, string> = {
  requester: "demo-dana",
  otherRequester: "u-olive",
  agent: "demo-ben",
  otherAgent: "demo-diego",
  lead: "demo-ana",
  otherLead: "demo-carla",
  admin: "demo-alex",
};

/** The same expectation for everyone signed in; anonymous callers always get 401. */
const signedIn = (status: number): Record<Role, number> =>
  Object.fromEntries(ROLES.map((r) => [r, r === "anonymous" ? 401 : status])) as Record<Role, number>;
const expect = (base: number, over: Partial<Record<Role, number>>): Record<Role, number> => ({ ...signedIn(base), ...over });

/** The body of a PUT that leaves a demo department as it is. */
function deptBody(key: string) {
  const { key: _k, ...body } = structuredClone(DEMO_DEPARTMENTS.find((d) => d.key === key)!);
  return body;
}

/** Checks the status and, for refusals, the API's error shape with a message a person can act on. */
function check(res: CallResult, status: number, what: string) {
  assert.equal(res.status, status, `${what}: expected ${status}, got ${res.status} ${res.text.slice(0, 300)}`);
  if (status >= 400) {
    const err = res.body?.error;
    assert.ok(err && typeof err.message === "string" && err.message.length > 10, `${what}: error body ${res.text}`);
    const code = { 401: "unauthorized", 403: "forbidden", 404: "not_found" }[status as 401 | 403 | 404];
    if (code) assert.equal(err.code, code, `${what}: error code`);
  }
}

interface Sse {
  status: number;
  body?: any;
  events: Array<{ id?: string; event?: string; data?: any }>;
  /** Waits until an event satisfies `pred` (fails the test after `ms`). */
  waitFor(pred: (e: { data?: any }) => boolean, ms?: number): Promise<void>;
  close(): void;
}

/** Opens `GET /api/stream?...` and collects its events until closed. */
async function openStream(svc: TestService, query: string, token?: string): Promise<Sse> {
  const ac = new AbortController();
  const res = await fetch(`${svc.url}/api/stream?${query}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    signal: ac.signal,
  });
  const events: Sse["events"] = [];
  if (res.status !== 200) {
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text), events, waitFor: async () => assert.fail("no stream"), close() {} };
  }
  assert.match(res.headers.get("content-type") ?? "", /text\/event-stream/);
  void (async () => {
    const decoder = new TextDecoder();
    let buf = "";
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let i: number;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const e: Sse["events"][number] = {};
          for (const line of block.split("\n")) {
            if (line.startsWith("id: ")) e.id = line.slice(4);
            else if (line.startsWith("event: ")) e.event = line.slice(7);
            else if (line.startsWith("data: ")) e.data = JSON.parse(line.slice(6));
          }
          if (e.event) events.push(e);
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    status: 200,
    events,
    async waitFor(pred, ms = 8000) {
      const until = Date.now() + ms;
      while (!events.some(pred)) {
        if (Date.now() > until) assert.fail(`no matching stream event; got ${JSON.stringify(events.map((e) => e.data?.title))}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => ac.abort(),
  };
}

describe("authorization: every route by every role", function () {
  this.timeout(120_000);
  let svc: TestService;
  const tokens = {} as Record<Role, string | undefined>;
  /** A request Dana filed in IT (new), an email Dana converted for an outside sender. */
  let danaRequest: string;
  let emailId: string;

  const as = (role: Role) => ({ token: tokens[role] });

  /** Dana files an IT request and brings it to `state` (through Ben). */
  async function fileRequest(state: "new" | "in_progress" | "waiting" | "resolved" = "new", title = "Monitor flickers"): Promise<string> {
    const res = await svc.call("POST", "/api/requests", { ...as("requester"), body: { department: "IT", title, category: "hardware" } });
    check(res, 201, "filing");
    const id = res.body.id as string;
    const steps: Record<typeof state, Array<Record<string, unknown>>> = {
      new: [],
      in_progress: [{ action: "take" }],
      waiting: [{ action: "take" }, { action: "wait", text: "Which monitor?" }],
      resolved: [{ action: "take" }, { action: "resolve", text: "Replaced the cable." }],
    };
    for (const body of steps[state]) check(await svc.call("POST", `/api/requests/${id}/actions`, { ...as("agent"), body }), 200, `setup ${body.action}`);
    return id;
  }

  before(async () => {
    svc = await startService({ demo: true });
    tokens.anonymous = undefined;
    tokens.requester = await svc.token("dana");
    tokens.otherRequester = await svc.token({ userId: USER_ID.otherRequester, name: "Olive Stranger", email: "olive@contoso.example" });
    tokens.agent = await svc.token("ben");
    tokens.otherAgent = await svc.token("diego");
    tokens.lead = await svc.token("ana");
    tokens.otherLead = await svc.token("carla");
    tokens.admin = await svc.token("alex");
    danaRequest = await fileRequest();
    emailId = `<${randomUUID()}@fabrikam.example>`;
    const conv = await svc.call("POST", "/api/requests/from-email", {
      ...as("requester"),
      body: { internetMessageId: emailId, subject: "Invoice portal down", body: "It shows a 500.", from: { name: "Vendor", email: "vendor@fabrikam.example" }, department: "IT" },
    });
    check(conv, 201, "converting an email");
  });
  after(() => svc?.close());

  describe("routes of the HTTP table", () => {
    type Row = { route: string; call: (role: Role) => Promise<CallResult>; expect: Record<Role, number> };
    const rows: Row[] = [
      { route: "GET /healthz", call: (r) => svc.call("GET", "/healthz", as(r)), expect: { ...signedIn(200), anonymous: 200 } },
      { route: "GET /readyz", call: (r) => svc.call("GET", "/readyz", as(r)), expect: { ...signedIn(200), anonymous: 200 } },
      {
        // Dev mode only: the "sign in as" picker mints tokens before anyone is signed in.
        route: "POST /api/dev/token",
        call: (r) => svc.call("POST", "/api/dev/token", { ...as(r), body: { userId: "someone", name: "Someone" } }),
        expect: { ...signedIn(200), anonymous: 200 },
      },
      { route: "GET /api/dev/users", call: (r) => svc.call("GET", "/api/dev/users", as(r)), expect: { ...signedIn(200), anonymous: 200 } },
      { route: "GET /api/me", call: (r) => svc.call("GET", "/api/me", as(r)), expect: signedIn(200) },
      { route: "GET /api/departments", call: (r) => svc.call("GET", "/api/departments", as(r)), expect: signedIn(200) },
      { route: "GET /api/departments/:key", call: (r) => svc.call("GET", "/api/departments/IT", as(r)), expect: signedIn(200) },
      {
        route: "PUT /api/departments/:key (replace IT)",
        call: (r) => svc.call("PUT", "/api/departments/IT", { ...as(r), body: deptBody("IT") }),
        expect: expect(403, { lead: 200, admin: 200 }),
      },
      {
        route: "PUT /api/departments/:key (replace HR)",
        call: (r) => svc.call("PUT", "/api/departments/HR", { ...as(r), body: deptBody("HR") }),
        // Relative to IT: "otherAgent"/"otherLead" are HR's own people.
        expect: expect(403, { otherLead: 200, admin: 200 }),
      },
      {
        route: "PUT /api/departments/:key (create)",
        call: (r) => svc.call("PUT", `/api/departments/N${randomUUID().replace(/-/g, "").slice(0, 8).toUpperCase()}`, { ...as(r), body: { ...deptBody("IT"), name: "New desk", agents: [], leads: [] } }),
        expect: expect(403, { admin: 201 }),
      },
      {
        route: "GET /api/departments/:key/sla/preview",
        call: (r) => svc.call("GET", "/api/departments/IT/sla/preview?priority=high&start=2026-03-02T09:00:00Z", as(r)),
        expect: signedIn(200),
      },
      {
        route: "GET /api/departments/:key/requests",
        call: (r) => svc.call("GET", "/api/departments/IT/requests?status=open", as(r)),
        expect: expect(403, { agent: 200, lead: 200, admin: 200 }),
      },
      { route: "GET /api/departments/:key/stats", call: (r) => svc.call("GET", "/api/departments/IT/stats", as(r)), expect: signedIn(200) },
      {
        route: "GET /api/departments/:key/report (json)",
        call: (r) => svc.call("GET", "/api/departments/IT/report?month=2026-03&format=json", as(r)),
        expect: expect(403, { lead: 200, admin: 200 }),
      },
      {
        route: "GET /api/departments/:key/report (csv)",
        call: (r) => svc.call("GET", "/api/departments/IT/report?month=2026-03&format=csv", as(r)),
        expect: expect(403, { lead: 200, admin: 200 }),
      },
      {
        route: "POST /api/requests",
        call: (r) => svc.call("POST", "/api/requests", { ...as(r), body: { department: "IT", title: `Filed by ${r}` } }),
        expect: signedIn(201),
      },
      {
        route: "POST /api/requests/from-email",
        call: (r) =>
          svc.call("POST", "/api/requests/from-email", {
            ...as(r),
            body: { internetMessageId: `<${randomUUID()}@contoso.example>`, subject: `Mail from ${r}`, body: "Hello", from: { name: "X", email: "x@contoso.example" }, department: "HR" },
          }),
        expect: signedIn(201),
      },
      {
        // Dana converted it; IT's staff and admins see it; nobody else learns it exists.
        route: "GET /api/requests/by-email",
        call: (r) => svc.call("GET", `/api/requests/by-email?internetMessageId=${encodeURIComponent(emailId)}`, as(r)),
        expect: expect(404, { requester: 200, agent: 200, lead: 200, admin: 200 }),
      },
      { route: "GET /api/me/requests", call: (r) => svc.call("GET", "/api/me/requests?status=all", as(r)), expect: signedIn(200) },
      {
        route: "GET /api/requests/:id",
        call: (r) => svc.call("GET", `/api/requests/${danaRequest}`, as(r)),
        expect: expect(404, { requester: 200, agent: 200, lead: 200, admin: 200 }),
      },
      {
        route: "POST /api/requests/:id/actions (comment)",
        call: (r) => svc.call("POST", `/api/requests/${danaRequest}/actions`, { ...as(r), body: { action: "comment", text: `A note from ${r}` } }),
        expect: expect(404, { requester: 200, agent: 200, lead: 200, admin: 200 }),
      },
      {
        route: "GET /api/stream?department=KEY",
        call: async (r) => streamResult(await openStream(svc, "department=IT", tokens[r])),
        expect: expect(403, { agent: 200, lead: 200, admin: 200 }),
      },
      { route: "GET /api/stream?mine=1", call: async (r) => streamResult(await openStream(svc, "mine=1", tokens[r])), expect: signedIn(200) },
      { route: "GET /api/unknown (any other /api/ path)", call: (r) => svc.call("GET", "/api/nothing-here", as(r)), expect: { ...signedIn(404), anonymous: 404 } },
    ];

    function streamResult(s: Sse): CallResult {
      s.close();
      return { status: s.status, body: s.body, text: JSON.stringify(s.body ?? {}), headers: new Headers() };
    }

    for (const row of rows) {
      it(`${row.route}: ${ROLES.map((r) => `${r} ${row.expect[r]}`).join(", ")}`, async () => {
        for (const role of ROLES) check(await row.call(role), row.expect[role], `${row.route} as ${role}`);
      });
    }

    it("every route under /api/ except the dev ones refuses an anonymous caller with 401 and WWW-Authenticate", async () => {
      const calls: Array<[string, string, unknown?]> = [
        ["GET", "/api/me"],
        ["GET", "/api/departments"],
        ["GET", "/api/departments/IT"],
        ["PUT", "/api/departments/IT", deptBody("IT")],
        ["GET", "/api/departments/IT/sla/preview"],
        ["GET", "/api/departments/IT/requests"],
        ["GET", "/api/departments/IT/stats"],
        ["GET", "/api/departments/IT/report?month=2026-03"],
        ["POST", "/api/requests", { department: "IT", title: "x" }],
        ["POST", "/api/requests/from-email", {}],
        ["GET", "/api/requests/by-email?internetMessageId=x"],
        ["GET", "/api/me/requests"],
        ["GET", `/api/requests/${danaRequest}`],
        ["POST", `/api/requests/${danaRequest}/actions`, { action: "take" }],
        ["GET", "/api/stream?mine=1"],
        ["GET", "/api/departments/NOPE"],
        ["GET", "/api/requests/NOPE-1"],
      ];
      for (const [method, path, body] of calls) {
        const res = await svc.call(method, path, body === undefined ? {} : { body });
        check(res, 401, `${method} ${path}`);
        assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/, `${method} ${path}: WWW-Authenticate`);
      }
    });

    it("an anonymous caller learns nothing: 401 comes before validation and before lookups", async () => {
      const bad = await svc.call("POST", "/api/requests", { raw: "{not json", headers: { "Content-Type": "application/json" } });
      check(bad, 401, "malformed body without a token");
      const missing = await svc.call("GET", "/api/requests/IT-99999");
      check(missing, 401, "unknown request without a token");
    });
  });

  describe("request actions by role", () => {
    type State = "new" | "in_progress" | "waiting" | "resolved";
    interface ActionRow {
      label: string;
      state: State;
      body: Record<string, unknown>;
      expect: Record<Role, number>;
      /** What a successful call did (checked on every 200). */
      effect(view: any, role: Role): void;
    }
    const staffOk = (refusedRequester: number) => expect(404, { requester: refusedRequester, agent: 200, lead: 200, admin: 200 });
    const rows: ActionRow[] = [
      {
        label: "take",
        state: "new",
        body: { action: "take" },
        expect: staffOk(403),
        effect: (v, r) => {
          assert.equal(v.status, "in_progress");
          assert.equal(v.assignee.id, USER_ID[r as Exclude<Role, "anonymous">]);
        },
      },
      {
        label: "assign (to Ben)",
        state: "new",
        body: { action: "assign", assignee: { id: "demo-ben", name: "Ben Okafor" } },
        expect: staffOk(403),
        effect: (v) => assert.equal(v.assignee.id, "demo-ben"),
      },
      {
        label: "comment (public)",
        state: "in_progress",
        body: { action: "comment", text: "Any news on this?" },
        expect: staffOk(200),
        effect: (v) => assert.equal(v.status, "in_progress"),
      },
      {
        label: "comment (internal)",
        state: "in_progress",
        body: { action: "comment", text: "Internal: vendor ticket 881", public: false },
        expect: staffOk(403),
        effect: (v) => assert.equal(v.status, "in_progress"),
      },
      {
        label: "wait",
        state: "in_progress",
        body: { action: "wait", text: "Which floor are you on?" },
        expect: staffOk(403),
        effect: (v) => assert.equal(v.status, "waiting"),
      },
      {
        label: "resume",
        state: "waiting",
        body: { action: "resume", text: "Back on it." },
        expect: staffOk(200),
        effect: (v) => assert.equal(v.status, "in_progress"),
      },
      {
        label: "resolve",
        state: "in_progress",
        body: { action: "resolve", text: "Done." },
        expect: staffOk(403),
        effect: (v) => assert.equal(v.status, "resolved"),
      },
      {
        label: "reopen",
        state: "resolved",
        body: { action: "reopen", text: "It is back." },
        expect: staffOk(200),
        effect: (v) => assert.equal(v.status, "in_progress"),
      },
      {
        label: "cancel",
        state: "new",
        body: { action: "cancel", text: "Not needed any more." },
        // Only the requester cancels: staff are refused with 403, outsiders do not see it.
        expect: expect(404, { requester: 200, agent: 403, lead: 403, admin: 403 }),
        effect: (v) => assert.equal(v.status, "cancelled"),
      },
      {
        label: "priority",
        state: "new",
        body: { action: "priority", priority: "high" },
        expect: staffOk(403),
        effect: (v) => assert.equal(v.priority, "high"),
      },
      {
        label: "rate",
        state: "resolved",
        body: { action: "rate", score: 4, comment: "Quick, thanks" },
        // Only the requester rates.
        expect: expect(404, { requester: 200, agent: 403, lead: 403, admin: 403 }),
        effect: (v) => {
          assert.equal(v.status, "resolved", "a rating leaves it resolved");
          assert.equal(v.rating.score, 4);
        },
      },
    ];

    for (const row of rows) {
      describe(row.label, () => {
        for (const role of ROLES) {
          it(`by ${role}: ${row.expect[role]}`, async () => {
            const id = await fileRequest(row.state, `${row.label} by ${role}`);
            const before = await svc.call("GET", `/api/requests/${id}`, as("admin"));
            const res = await svc.call("POST", `/api/requests/${id}/actions`, { ...as(role), body: row.body });
            check(res, row.expect[role], `${row.label} on a ${row.state} request as ${role}`);
            const after = await svc.call("GET", `/api/requests/${id}`, as("admin"));
            if (res.status === 200) {
              row.effect(res.body, role);
            } else {
              // A refusal writes nothing.
              assert.equal(after.body.etag, before.body.etag, "refused action changed the request");
              assert.equal(after.body.history.length, before.body.history.length, "refused action wrote history");
              if (res.status === 404) assert.match(res.body.error.message, new RegExp(`no request ${id}`));
            }
          });
        }
      });
    }

    it("403 messages say who may do it", async () => {
      const id = await fileRequest("new");
      const take = await svc.call("POST", `/api/requests/${id}/actions`, { ...as("requester"), body: { action: "take" } });
      assert.match(take.body.error.message, /Only IT agents can take/);
      const cancel = await svc.call("POST", `/api/requests/${id}/actions`, { ...as("agent"), body: { action: "cancel" } });
      assert.match(cancel.body.error.message, /Only the requester \(Dana Whitfield\) can cancel/);
      const note = await svc.call("POST", `/api/requests/${id}/actions`, { ...as("requester"), body: { action: "comment", text: "psst", public: false } });
      assert.match(note.body.error.message, /Only agents can add internal notes/);
    });

    it("a requester who is an agent elsewhere is only a requester here", async () => {
      // Ben (IT agent) asks HR for something: he sees and comments on it, but cannot work it.
      const filed = await svc.call("POST", "/api/requests", { ...as("agent"), body: { department: "HR", title: "Payslip missing" } });
      check(filed, 201, "Ben files with HR");
      const id = filed.body.id;
      check(await svc.call("GET", `/api/requests/${id}`, as("agent")), 200, "Ben reads his HR request");
      check(await svc.call("POST", `/api/requests/${id}/actions`, { ...as("agent"), body: { action: "take" } }), 403, "Ben takes it");
      check(await svc.call("POST", `/api/requests/${id}/actions`, { ...as("agent"), body: { action: "comment", text: "secret", public: false } }), 403, "Ben adds an internal note");
      check(await svc.call("GET", "/api/departments/HR/requests", as("agent")), 403, "Ben lists HR's queue");
      check(await svc.call("POST", `/api/requests/${id}/actions`, { ...as("otherAgent"), body: { action: "take" } }), 200, "Diego (HR) takes it");
      check(await svc.call("POST", `/api/requests/${id}/actions`, { ...as("agent"), body: { action: "comment", text: "Thanks Diego" } }), 200, "Ben comments");
      check(await svc.call("POST", `/api/requests/${id}/actions`, { ...as("agent"), body: { action: "cancel" } }), 200, "Ben cancels his own request");
      // IT's lead sees nothing of Ben's HR request.
      check(await svc.call("GET", `/api/requests/${id}`, as("lead")), 404, "Ana reads Ben's HR request");
    });

    it("assign only to people of the department; a requester cannot assign", async () => {
      const id = await fileRequest("new");
      const outsider = await svc.call("POST", `/api/requests/${id}/actions`, { ...as("agent"), body: { action: "assign", assignee: { id: "demo-diego", name: "Diego" } } });
      check(outsider, 400, "assigning to an HR agent");
      const self = await svc.call("POST", `/api/requests/${id}/actions`, { ...as("requester"), body: { action: "assign", assignee: { id: "demo-dana", name: "Dana" } } });
      check(self, 403, "Dana assigns herself");
      const lead = await svc.call("POST", `/api/requests/${id}/actions`, { ...as("lead"), body: { action: "assign", assignee: { id: "demo-ben", name: "Ben" } } });
      check(lead, 200, "Ana assigns Ben");
      assert.equal(lead.body.assignee.name, "Ben Okafor", "the department's record of the person is used");
    });
  });

  describe("what each role sees", () => {
    it("a requester never sees internal notes in the history; staff and admins do", async () => {
      const id = await fileRequest("in_progress");
      const secret = `internal ${randomUUID()}`;
      check(await svc.call("POST", `/api/requests/${id}/actions`, { ...as("agent"), body: { action: "comment", text: secret, public: false } }), 200, "internal note");
      check(await svc.call("POST", `/api/requests/${id}/actions`, { ...as("agent"), body: { action: "comment", text: "public reply" } }), 200, "public reply");
      const mine = await svc.call("GET", `/api/requests/${id}`, as("requester"));
      check(mine, 200, "Dana reads it");
      assert.ok(!mine.text.includes(secret), "the internal note leaked to the requester");
      assert.ok(mine.body.history.some((h: any) => h.text === "public reply"), "the public reply is shown");
      assert.ok(mine.body.history.every((h: any) => h.public !== false));
      for (const role of ["agent", "lead", "admin"] as const) {
        const res = await svc.call("GET", `/api/requests/${id}`, as(role));
        assert.ok(res.body.history.some((h: any) => h.text === secret && h.public === false), `${role} sees the internal note`);
      }
      // Nor do the other ways a requester reads it carry the note.
      const list = await svc.call("GET", "/api/me/requests", as("requester"));
      assert.ok(!list.text.includes(secret));
      const stream = await openStream(svc, "mine=1", tokens.requester);
      try {
        check(await svc.call("POST", `/api/requests/${id}/actions`, { ...as("agent"), body: { action: "comment", text: `${secret} again`, public: false } }), 200, "second note");
        await stream.waitFor((e) => e.data?.id === id);
        assert.ok(!JSON.stringify(stream.events).includes(secret), "the internal note reached the requester's stream");
      } finally {
        stream.close();
      }
    });

    it("requesters cannot read, list or find other people's requests", async () => {
      const olive = as("otherRequester");
      check(await svc.call("GET", `/api/requests/${danaRequest}`, olive), 404, "Olive reads Dana's request");
      const list = await svc.call("GET", "/api/me/requests?status=all", olive);
      // Hers: filed by her, or emails she converted for someone else.
      assert.ok(list.body.items.length > 0);
      assert.ok(list.body.items.every((r: any) => r.requester.id === USER_ID.otherRequester || r.createdBy?.id === USER_ID.otherRequester), "Olive's list has only hers");
      assert.ok(!list.body.items.some((r: any) => r.id === danaRequest));
      check(await svc.call("GET", "/api/departments/IT/requests", olive), 403, "Olive lists IT's queue");
      // Someone else's conversion answers exactly like an email nobody converted (no id leaks).
      const other = await svc.call("GET", `/api/requests/by-email?internetMessageId=${encodeURIComponent(emailId)}`, olive);
      check(other, 404, "Olive looks up Dana's email");
      const never = await svc.call("GET", `/api/requests/by-email?internetMessageId=${encodeURIComponent(`<${randomUUID()}@nowhere.example>`)}`, olive);
      assert.deepEqual(other.body, never.body);
      assert.doesNotMatch(other.text, /IT-\d/);
      // Every page of Dana's list (it is paged, newest first; hers is an early one).
      const ids: string[] = [];
      for (let cursor: string | undefined, first = true; first || cursor; first = false) {
        const page = await svc.call("GET", `/api/me/requests?status=all&limit=200${cursor ? `&cursor=${cursor}` : ""}`, as("requester"));
        ids.push(...page.body.items.map((r: any) => r.id));
        cursor = page.body.nextCursor;
      }
      assert.ok(ids.includes(danaRequest));
      // Guessing ids: every IT request Olive did not file answers like one that does not exist.
      const guessed = await svc.call("GET", "/api/requests/IT-1", olive);
      const absent = await svc.call("GET", "/api/requests/IT-999999", olive);
      assert.equal(guessed.status, 404);
      assert.equal(absent.status, 404);
      assert.equal(guessed.body.error.code, absent.body.error.code);
    });

    it("agents see only their own department's queue; admins see every queue", async () => {
      const it = await svc.call("GET", "/api/departments/IT/requests?status=all&limit=100", as("agent"));
      assert.ok(it.body.items.length > 0 && it.body.items.every((r: any) => r.department === "IT"));
      const hr = await svc.call("GET", "/api/departments/HR/requests", as("agent"));
      check(hr, 403, "Ben lists HR");
      assert.match(hr.body.error.message, /Only Human Resources agents and leads can see its queue/);
      for (const key of DEMO_DEPARTMENTS.map((d) => d.key)) {
        check(await svc.call("GET", `/api/departments/${key}/requests`, as("admin")), 200, `admin lists ${key}`);
      }
    });

    it("/api/me tells each person their departments and roles", async () => {
      const me = async (role: Role) => (await svc.call("GET", "/api/me", as(role))).body;
      assert.deepEqual((await me("agent")).departments, [{ key: "IT", name: "IT", role: "agent" }]);
      assert.deepEqual((await me("lead")).departments, [{ key: "IT", name: "IT", role: "lead" }]);
      assert.deepEqual((await me("requester")).departments, []);
      const admin = await me("admin");
      assert.equal(admin.isAdmin, true);
      assert.deepEqual(admin.roles, ["Tandem.Admin"]);
      assert.equal((await me("lead")).isAdmin, false);
      assert.equal((await me("requester")).tenantId, TENANT);
    });

    it("stats are aggregates for everyone; the report with titles is for leads", async () => {
      const stats = await svc.call("GET", "/api/departments/IT/stats", as("otherRequester"));
      check(stats, 200, "stats");
      assert.ok(!stats.text.includes("Monitor flickers"), "stats leak a request title");
      const csv = await svc.call("GET", "/api/departments/IT/report?month=2026-03&format=csv", as("lead"));
      assert.match(csv.headers.get("content-type") ?? "", /text\/csv/);
      const refused = await svc.call("GET", "/api/departments/IT/report?month=2026-03&format=csv", as("agent"));
      check(refused, 403, "agent's CSV");
      assert.match(refused.body.error.message, /Only IT's leads or an admin/);
    });
  });

  describe("PUT /api/departments/:key", () => {
    it("admin: any department, and creates new ones", async () => {
      const res = await svc.call("PUT", "/api/departments/FAC", { ...as("admin"), body: deptBody("FAC") });
      check(res, 200, "admin replaces FAC");
      const created = await svc.call("PUT", "/api/departments/MKT", { ...as("admin"), body: { ...deptBody("IT"), name: "Marketing", leads: [{ id: "demo-carla", name: "Carla Rossi" }], agents: [] } });
      check(created, 201, "admin creates MKT");
      // The new lead can now manage it; its old leads could not.
      check(await svc.call("PUT", "/api/departments/MKT", { ...as("otherLead"), body: { ...deptBody("IT"), name: "Marketing & Comms", leads: [{ id: "demo-carla", name: "Carla Rossi" }], agents: [] } }), 200, "Carla edits MKT");
      check(await svc.call("PUT", "/api/departments/MKT", { ...as("lead"), body: deptBody("IT") }), 403, "Ana edits MKT");
    });

    it("lead: own department only, never a new one, and cannot drop themselves", async () => {
      const own = await svc.call("PUT", "/api/departments/IT", { ...as("lead"), body: { ...deptBody("IT"), description: "Edited by Ana" } });
      check(own, 200, "Ana edits IT");
      assert.equal(own.body.description, "Edited by Ana");
      const other = await svc.call("PUT", "/api/departments/HR", { ...as("lead"), body: { ...deptBody("HR"), leads: [{ id: "demo-ana", name: "Ana" }] } });
      check(other, 403, "Ana edits HR");
      assert.match(other.body.error.message, /Only Human Resources's leads or an admin can change it/);
      const create = await svc.call("PUT", "/api/departments/ANA", { ...as("lead"), body: deptBody("IT") });
      check(create, 403, "Ana creates ANA");
      assert.match(create.body.error.message, /Only an admin/);
      const drop = await svc.call("PUT", "/api/departments/IT", { ...as("lead"), body: { ...deptBody("IT"), leads: [] } });
      check(drop, 400, "Ana drops herself");
      check(await svc.call("PUT", "/api/departments/IT", { ...as("lead"), body: deptBody("IT") }), 200, "restore IT");
    });

    it("agent and requester: never, and nothing changes", async () => {
      const before = await svc.call("GET", "/api/departments/IT", as("agent"));
      for (const role of ["agent", "requester", "otherAgent"] as const) {
        const res = await svc.call("PUT", "/api/departments/IT", { ...as(role), body: { ...deptBody("IT"), leads: [{ id: USER_ID[role], name: "Me" }] } });
        check(res, 403, `${role} edits IT`);
      }
      const after = await svc.call("GET", "/api/departments/IT", as("agent"));
      assert.equal(after.headers.get("etag"), before.headers.get("etag"));
      assert.deepEqual(after.body.leads, before.body.leads);
    });

    it("a forbidden caller gets 403 even with a bad body (no hints from validation)", async () => {
      const res = await svc.call("PUT", "/api/departments/IT", { ...as("agent"), body: { name: "" } });
      check(res, 403, "agent with a bad body");
    });
  });

  describe("tenant isolation", () => {
    const OTHER = "0b7c2a51-5d0e-4c7e-9a0a-3f4b5c6d7e8f";
    const B = {} as Record<"ben" | "dana" | "alex", string>;
    const asB = (who: keyof typeof B) => ({ token: B[who] });

    before(async () => {
      // The same ids as tenant A's people, in another tenant (Alex is admin there too).
      B.ben = await svc.token({ userId: "demo-ben", name: "Ben", tenantId: OTHER });
      B.dana = await svc.token({ userId: "demo-dana", name: "Dana", email: "dana@contoso.example", tenantId: OTHER });
      B.alex = await svc.token({ userId: "demo-alex", name: "Alex", tenantId: OTHER, roles: ["Tandem.Admin"] });
    });

    it("a user with the same id in another tenant sees no departments and none of tenant A's requests", async () => {
      const me = await svc.call("GET", "/api/me", asB("ben"));
      check(me, 200, "B's /api/me");
      assert.equal(me.body.tenantId, OTHER);
      assert.deepEqual(me.body.departments, []);
      const depts = await svc.call("GET", "/api/departments", asB("ben"));
      assert.deepEqual(depts.body.items, []);
      check(await svc.call("GET", "/api/departments/IT", asB("ben")), 404, "B reads A's IT");
      check(await svc.call("GET", "/api/departments/IT/sla/preview", asB("ben")), 404, "B previews A's IT");
      check(await svc.call("GET", "/api/departments/IT/stats", asB("ben")), 404, "B's stats of A's IT");
      check(await svc.call("GET", "/api/departments/IT/report?month=2026-03", asB("alex")), 404, "B's admin reports on A's IT");
      check(await svc.call("GET", "/api/departments/IT/requests", asB("alex")), 404, "B's admin lists A's IT");
      // Ids are guessable: tenant A has IT-1 and IT-2 (the demo data) and Dana's.
      for (const id of ["IT-1", "IT-2", danaRequest]) {
        check(await svc.call("GET", `/api/requests/${id}`, asB("ben")), 404, `B's Ben reads A's ${id}`);
        check(await svc.call("GET", `/api/requests/${id}`, asB("alex")), 404, `B's admin reads A's ${id}`);
        for (const body of [{ action: "take" }, { action: "comment", text: "hi" }, { action: "cancel" }]) {
          check(await svc.call("POST", `/api/requests/${id}/actions`, { ...asB("alex"), body }), 404, `B's admin ${body.action}s A's ${id}`);
        }
      }
      const mine = await svc.call("GET", "/api/me/requests?status=all", asB("dana"));
      assert.deepEqual(mine.body.items, [], "B's Dana sees A's Dana's requests");
      check(await svc.call("GET", `/api/requests/by-email?internetMessageId=${encodeURIComponent(emailId)}`, asB("dana")), 404, "B looks up A's email");
      const file = await svc.call("POST", "/api/requests", { ...asB("dana"), body: { department: "IT", title: "into A's IT?" } });
      check(file, 400, "B files into A's IT");
      const stream = await openStream(svc, "department=IT", B.alex);
      assert.equal(stream.status, 404, "B's admin streams A's IT");
      // A's data is untouched: nothing B tried shows in the history.
      const a = await svc.call("GET", `/api/requests/${danaRequest}`, as("admin"));
      assert.equal(a.body.status, "new");
      assert.ok(!a.body.history.some((h: any) => h.text === "hi"), "B's comment landed in tenant A");
    });

    it("an admin of tenant B creates its own IT; each tenant sees only its own, with its own ids and streams", async () => {
      const body = { ...deptBody("IT"), name: "Tenant B IT", agents: [{ id: "demo-ben", name: "Ben" }], leads: [] };
      check(await svc.call("PUT", "/api/departments/IT", { ...asB("ben"), body }), 403, "B's Ben creates IT");
      const created = await svc.call("PUT", "/api/departments/IT", { ...asB("alex"), body });
      check(created, 201, "B's admin creates IT");

      const aDepts = await svc.call("GET", "/api/departments", as("requester"));
      assert.ok(!aDepts.text.includes("Tenant B IT"), "B's department shows in tenant A");
      assert.equal(aDepts.body.items.find((d: any) => d.key === "IT").name, "IT");
      const bDepts = await svc.call("GET", "/api/departments", asB("dana"));
      assert.deepEqual(bDepts.body.items.map((d: any) => [d.key, d.name]), [["IT", "Tenant B IT"]]);
      assert.deepEqual((await svc.call("GET", "/api/me", as("agent"))).body.departments, [{ key: "IT", name: "IT", role: "agent" }]);
      assert.deepEqual((await svc.call("GET", "/api/me", asB("ben"))).body.departments, [{ key: "IT", name: "Tenant B IT", role: "agent" }]);

      // Streams of the two ITs, by the same user id.
      const aStream = await openStream(svc, "department=IT", tokens.agent);
      const bStream = await openStream(svc, "department=IT", B.ben);
      try {
        assert.equal(aStream.status, 200);
        assert.equal(bStream.status, 200);
        const tag = randomUUID().slice(0, 8);
        const b1 = await svc.call("POST", "/api/requests", { ...asB("dana"), body: { department: "IT", title: `B first ${tag}` } });
        check(b1, 201, "B files");
        assert.equal(b1.body.id, "IT-1", "tenant B numbers its own requests from 1");
        const a1 = await svc.call("POST", "/api/requests", { ...as("requester"), body: { department: "IT", title: `A only ${tag}` } });
        check(a1, 201, "A files");
        const b2 = await svc.call("POST", "/api/requests", { ...asB("dana"), body: { department: "IT", title: `B second ${tag}` } });
        assert.equal(b2.body.id, "IT-2");
        await bStream.waitFor((e) => e.data?.title === `B second ${tag}`);
        await aStream.waitFor((e) => e.data?.title === `A only ${tag}`);
        assert.ok(!bStream.events.some((e) => e.data?.title === `A only ${tag}`), "A's request reached B's stream");
        assert.ok(!aStream.events.some((e) => String(e.data?.title).startsWith("B ")), "B's requests reached A's stream");

        // Same id, different request, depending on who asks.
        const aIt1 = await svc.call("GET", "/api/requests/IT-1", as("admin"));
        const bIt1 = await svc.call("GET", "/api/requests/IT-1", asB("alex"));
        assert.equal(bIt1.body.title, `B first ${tag}`);
        assert.notEqual(aIt1.body.title, bIt1.body.title);
        // A's people, even A's admin, never see B's request content.
        const aQueue = await svc.call("GET", "/api/departments/IT/requests?status=all&limit=100", as("admin"));
        assert.ok(!aQueue.text.includes(`B first ${tag}`) && !aQueue.text.includes(`B second ${tag}`), "B's requests in A's queue");
        const bQueue = await svc.call("GET", "/api/departments/IT/requests?status=all&limit=100", asB("ben"));
        assert.deepEqual(bQueue.body.items.map((r: any) => r.title).sort(), [`B first ${tag}`, `B second ${tag}`]);
        // B's Ben works B's queue, not A's: taking "IT-2" takes B's IT-2.
        const take = await svc.call("POST", "/api/requests/IT-2/actions", { ...asB("ben"), body: { action: "take" } });
        check(take, 200, "B's Ben takes B's IT-2");
        assert.equal(take.body.title, `B second ${tag}`);
        const aIt2 = await svc.call("GET", "/api/requests/IT-2", as("admin"));
        assert.notEqual(aIt2.body.title, `B second ${tag}`);
        assert.notEqual(aIt2.body.assignee?.name, "Ben", "B's take changed A's IT-2");
        // Stats count each tenant's own requests.
        const bStats = await svc.call("GET", "/api/departments/IT/stats", asB("dana"));
        check(bStats, 200, "B's stats");
      } finally {
        aStream.close();
        bStream.close();
      }
    });

    it("the same email converted in two tenants makes one request in each", async () => {
      const msg = `<${randomUUID()}@contoso.example>`;
      const body = { internetMessageId: msg, subject: "Door badge broken", body: "Badge does not open door 3.", from: { name: "Dana", email: "dana@contoso.example" }, department: "IT" };
      const a = await svc.call("POST", "/api/requests/from-email", { ...as("requester"), body });
      check(a, 201, "A converts");
      const b = await svc.call("POST", "/api/requests/from-email", { ...asB("dana"), body });
      check(b, 201, "B converts the same email");
      assert.equal(b.body.created, true, "B got A's request back");
      const aAgain = await svc.call("GET", `/api/requests/by-email?internetMessageId=${encodeURIComponent(msg)}`, as("requester"));
      assert.equal(aAgain.body.id, a.body.request.id);
      const bAgain = await svc.call("GET", `/api/requests/by-email?internetMessageId=${encodeURIComponent(msg)}`, asB("dana"));
      assert.equal(bAgain.body.id, b.body.request.id);
      assert.equal(bAgain.body.title, "Door badge broken");
    });

    it("a personal stream in tenant B never carries tenant A's requests of the same user id", async () => {
      const stream = await openStream(svc, "mine=1", B.dana);
      try {
        assert.equal(stream.status, 200);
        const tag = randomUUID().slice(0, 8);
        check(await svc.call("POST", "/api/requests", { ...as("requester"), body: { department: "IT", title: `A mine ${tag}` } }), 201, "A's Dana files");
        check(await svc.call("POST", "/api/requests", { ...asB("dana"), body: { department: "IT", title: `B mine ${tag}` } }), 201, "B's Dana files");
        await stream.waitFor((e) => e.data?.title === `B mine ${tag}`);
        assert.ok(!stream.events.some((e) => e.data?.title === `A mine ${tag}`), "A's request reached B's personal stream");
      } finally {
        stream.close();
      }
    });
  });
});
