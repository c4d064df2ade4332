import assert from "node:assert/strict";
import { assertApiError, assertSameStorage, departmentBody, dumpStorage, type StorageDump } from "../support/api.ts";
import {
  fuzzSeed,
  HOSTILE_KEYS,
  junkNonObject,
  junkNonString,
  junkString,
  junkValue,
  malformedJson,
  Rng,
  setOwn,
} from "../support/random.ts";
import { startService, type CallResult, type TestService } from "../support/service.ts";

/**
 * A seeded, deterministic fuzz of the four routes that take a body (DESIGN.md "Limits": bad
 * input gets a 4xx with a message a person can act on, never a 5xx, and writes nothing).
 *
 * Every body is invalid by construction: a valid body with one to three "poisons" (a field of
 * the wrong type, too long, empty, unknown, a hostile key such as "__proto__"), or pure junk,
 * malformed JSON, a body over 256 KiB, or the wrong content type. Every answer must be 400, 413
 * or 415 in the `{"error":{"code","message"}}` shape; afterwards every stored row is as it was
 * and Object.prototype is untouched (the service runs in this process).
 *
 * Each case has its own generator seeded from (seed, route, case), so a failure names the seed
 * and the case: `TANDEM_FUZZ_SEED=<seed> npx mocha test/integration/fuzz.test.ts`.
 */
const SEED = fuzzSeed(0x7a4d_2026);
const CASES_PER_ROUTE = 120;
/** Statuses an invalid body may get. */
const REFUSALS = new Set([400, 413, 415]);

type Body = Record<string, any>;
/** Breaks `body` in one way (in place) and says how. */
type Poison = (rng: Rng, body: Body) => string;

// ---------------------------------------------------------------------------------------------
// Values that are invalid for a kind of field, whatever else is in the body
// ---------------------------------------------------------------------------------------------

const show = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...(${s.length})` : s;
};

/** Text of more than `max` characters (code points), none of them white space. */
function tooLong(rng: Rng, max: number): string {
  const c = rng.pick(["x", "é", "😀", "中", "\u0000", "ab"]);
  const units = [...c].length;
  return c.repeat(Math.ceil((max + rng.int(1, Math.min(max, 3000))) / units));
}

/** Not text of 1..max characters after trimming (null counts as invalid: for required fields). */
function badRequiredText(rng: Rng, max: number): unknown {
  return rng.pick([
    () => junkNonString(rng),
    () => null,
    () => "",
    () => rng.pick([" ", "   ", "\t\n", "\u00a0\ufeff ", "\r\n\r\n"]),
    () => tooLong(rng, max),
  ])();
}

/** Not absent, not null, not text of at most `max` characters. */
function badOptionalText(rng: Rng, max: number): unknown {
  return rng.chance(0.5) ? junkNonString(rng) : tooLong(rng, max);
}

/** Not an existing department's key in any case. */
function badDepartment(rng: Rng): unknown {
  return rng.pick([
    () => junkNonString(rng),
    () => null,
    () => rng.pick(["", " ", "I", "1T", "IT-1", "ÍT", "I T", "ABCDEFGHIJK", "IT\u0000", "__proto__", "constructor", "../IT", "IT'", "%49T"]),
    () => `Z${rng.pick(["Z", "Q", "X"])}${rng.int(0, 99999)}`, // well formed, but no such department
  ])();
}

/** Not a category key at all (`known`: or a well-formed key the department does not have). */
function badCategory(rng: Rng, opts: { unknownToo?: boolean } = {}): unknown {
  return rng.pick([
    () => junkNonString(rng),
    () => rng.pick(["Not A Key", "-x", "UPPER", "a".repeat(41), "ñandú", "a_b", "a/b", "__proto__"]),
    ...(opts.unknownToo ? [() => `no-such-${rng.int(0, 9999)}`] : []),
  ])();
}

function badPriority(rng: Rng): unknown {
  return rng.chance(0.5) ? junkNonString(rng) : rng.pick(["HIGH", "High", "asap", "", " high", "critical", "p1", "0", "__proto__"]);
}

/** Not an email address (`optional`: "" means "none" there, so it is not offered). */
function badEmail(rng: Rng, opts: { optional?: boolean } = {}): unknown {
  return rng.chance(0.3)
    ? junkNonString(rng)
    : rng.pick([...(opts.optional ? [] : [""]), "dana", "dana@", "@contoso.example", "a b@c.example", "dana@contoso", "dana@@contoso.example", `${"x".repeat(300)}@x.example`, "<dana@contoso.example>"]);
}

/** Not a list of valid items: anything but an object, and never the empty list. */
function badList(rng: Rng): unknown {
  for (;;) {
    const v = junkNonObject(rng);
    if (!Array.isArray(v) || v.length > 0) return v;
  }
}

/** A key the strict schema with `allowed` properties does not know. */
function unknownKey(rng: Rng, allowed: readonly string[]): string {
  for (;;) {
    const k = rng.chance(0.6) ? rng.pick(HOSTILE_KEYS) : junkString(rng, 30);
    if (!allowed.includes(k)) return k;
  }
}

function addUnknownKey(rng: Rng, body: Body, allowed: readonly string[]): string {
  const key = unknownKey(rng, allowed);
  setOwn(body, key, junkValue(rng, 3));
  return `unknown key ${show(key)}`;
}

const set = (field: string, value: unknown, body: Body) => {
  body[field] = value;
  return said(field, value);
};
/** The label of a change made in a nested object. */
const said = (field: string, value: unknown) => `${field}=${show(value)}`;

// ---------------------------------------------------------------------------------------------
// The routes: a valid body each, and the ways to break it
// ---------------------------------------------------------------------------------------------

const CREATE_FIELDS = ["department", "title", "description", "category", "priority"] as const;

const createPoisons: Poison[] = [
  (r, b) => set("title", badRequiredText(r, 200), b),
  (r, b) => set("department", badDepartment(r), b),
  (r, b) => set("description", badOptionalText(r, 32_000), b),
  (r, b) => set("category", badCategory(r, { unknownToo: true }), b),
  (r, b) => set("priority", badPriority(r), b),
  (r, b) => addUnknownKey(r, b, CREATE_FIELDS),
  (r, b) => {
    const f = r.pick(["title", "department"]);
    delete b[f];
    return `no ${f}`;
  },
];

const EMAIL_FIELDS = ["internetMessageId", "subject", "body", "bodyFormat", "from", "receivedAt", "webLink", "attachments", "department", "category", "priority"];

const emailPoisons: Poison[] = [
  (r, b) => (r.chance(0.2) ? (delete b.internetMessageId, "no internetMessageId") : set("internetMessageId", badRequiredText(r, 1_000), b)),
  (r, b) => set("subject", junkNonString(r), b),
  (r, b) => set("body", junkNonString(r), b),
  (r, b) => set("bodyFormat", r.chance(0.5) ? junkNonString(r) : r.pick(["HTML", "markdown", "", "rtf", "text/html"]), b),
  (r, b) =>
    r.pick([
      () => (delete b.from, "no from"),
      () => set("from", junkNonObject(r), b),
      () => set("from", { name: b.from.name, email: badEmail(r) }, b),
      () => set("from", { name: b.from.name }, b),
      () => set("from", { name: junkNonString(r), email: b.from.email }, b),
    ])(),
  (r, b) =>
    set(
      "receivedAt",
      r.chance(0.3)
        ? junkNonString(r)
        : r.pick(["yesterday", "2026-03-02T09:00:00", "2026-02-30T10:00:00Z", "2026-13-01T00:00:00Z", "1969-12-31T23:59:59Z", "2026-03-02T24:00:00Z", "2026-03-02", "1772442000000"]),
      b,
    ),
  (r, b) => set("webLink", r.chance(0.3) ? junkNonString(r) : r.pick(["http://outlook.example/1", "javascript:alert(1)", "ftp://x.example", "not a link", "https://", `https://x.example/${"a".repeat(4_000)}`]), b),
  (r, b) =>
    set(
      "attachments",
      r.pick([
        () => r.pick([1, "a.pdf", true, {}, { name: "a.pdf", size: 1 }]),
        () => [junkNonObject(r)],
        () => [{ name: "a.pdf", size: r.pick([-1, 1.5, "12", null, 1e21 + 0.5]) }],
        () => [{ name: junkNonString(r), size: 1 }],
        () => Array.from({ length: 501 }, () => ({ name: "a", size: 1 })),
      ])(),
      b,
    ),
  (r, b) => (r.chance(0.2) ? (delete b.department, "no department") : set("department", badDepartment(r), b)),
  (r, b) => set("category", badCategory(r, { unknownToo: true }), b),
  (r, b) => set("priority", badPriority(r), b),
];

/** Valid actions (as an agent or as the requester), each with its own fields. */
const ACTIONS: Array<() => Body> = [
  () => ({ action: "take" }),
  () => ({ action: "assign", assignee: { id: "demo-ben", name: "Ben Okafor" } }),
  () => ({ action: "comment", text: "Any news?", public: true }),
  () => ({ action: "wait", text: "Which model?" }),
  () => ({ action: "resume" }),
  () => ({ action: "resolve", text: "Replaced the toner." }),
  () => ({ action: "reopen", text: "Still jams." }),
  () => ({ action: "cancel" }),
  () => ({ action: "priority", priority: "high" }),
  () => ({ action: "rate", score: 5, effort: 6, comment: "Quick" }),
];
const ACTION_FIELDS: Record<string, readonly string[]> = {
  take: ["action"],
  assign: ["action", "assignee"],
  comment: ["action", "text", "public"],
  wait: ["action", "text"],
  resume: ["action", "text"],
  resolve: ["action", "text"],
  reopen: ["action", "text"],
  cancel: ["action", "text"],
  priority: ["action", "priority"],
  rate: ["action", "score", "effort", "comment"],
};

const actionPoisons: Poison[] = [
  (r, b) =>
    r.chance(0.2)
      ? (delete b.action, "no action")
      : set("action", r.chance(0.4) ? junkNonString(r) : r.pick(["Take", "take ", " take", "close", "delete", "", "__proto__", "constructor", "toString", "TAKE", "comment\u0000"]), b),
  (r, b) => addUnknownKey(r, b, typeof b.action === "string" && Object.hasOwn(ACTION_FIELDS, b.action) ? ACTION_FIELDS[b.action] : ["action"]),
  (r, b) => {
    switch (b.action) {
      case "assign":
        return r.pick([
          () => (delete b.assignee, "no assignee"),
          () => set("assignee", junkNonObject(r), b),
          () => set("assignee", { id: badRequiredText(r, 128), name: "Ben" }, b),
          () => set("assignee", { id: "demo-ben" }, b),
          () => set("assignee", { id: "demo-ben", name: "Ben", email: badEmail(r, { optional: true }) }, b),
          () => {
            const a: Body = { id: "demo-ben", name: "Ben Okafor" };
            setOwn(a, unknownKey(r, ["id", "name", "email"]), junkValue(r));
            return set("assignee", a, b);
          },
        ])();
      case "comment":
        return r.pick([
          () => (delete b.text, "no text"),
          () => set("text", badRequiredText(r, 32_000), b),
          () => set("public", r.pick(["yes", "true", 1, 0, [], {}, "false"]), b),
        ])();
      case "priority":
        return r.chance(0.2) ? (delete b.priority, "no priority") : set("priority", badPriority(r), b);
      case "rate":
        return r.pick([
          () => (delete b.score, "no score"),
          () => set("score", r.pick([0, 6, -1, 4.5, "5", null, true, [5], 1e21]), b),
          () => set("comment", badOptionalText(r, 2_000), b),
          () => set("effort", r.pick([0, 8, -1, 4.5, "6", true, [6], 1e21]), b),
        ])();
      case "take":
        return addUnknownKey(r, b, ["action"]);
      default:
        return set("text", badOptionalText(r, 32_000), b);
    }
  },
];

const DEPT_FIELDS = ["name", "description", "calendar", "sla", "categories", "agents", "leads"];

const departmentPoisons: Poison[] = [
  (r, b) => (r.chance(0.2) ? (delete b.name, "no name") : set("name", badRequiredText(r, 100), b)),
  (r, b) => set("description", r.chance(0.3) ? null : badOptionalText(r, 2_000), b),
  (r, b) => {
    const c = b.calendar;
    return r.pick([
      () => (delete b.calendar, "no calendar"),
      () => set("calendar", junkNonObject(r), b),
      () => said("calendar.timeZone", (c.timeZone = r.chance(0.3) ? junkNonString(r) : r.pick(["Mars/Olympus", "UTC+2", "", "GMT+1", "Not a zone", "+01:00", "Europe/", "../UTC"]))),
      () => said("calendar.week", (c.week = junkNonObject(r))),
      () => said("calendar.week.monday", (c.week.monday = [["09:00", "17:00"]])),
      () => said("calendar.week", (c.week = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] })),
      () =>
        said(
          "calendar.week.mon",
          (c.week.mon = r.pick([
            [["17:00", "09:00"]],
            [["25:00", "26:00"]],
            [["09:00", "12:00"], ["11:00", "13:00"]],
            [["9:00", "17:00"]],
            [["09:00"]],
            ["09:00-17:00"],
            [["00:00", "24:01"]],
            [["24:00", "24:00"]],
            Array.from({ length: 13 }, (_, i) => [`${String(i).padStart(2, "0")}:00`, `${String(i).padStart(2, "0")}:30`]),
          ])),
        ),
      () => said("calendar.holidays", (c.holidays = r.pick([["2026-02-30"], ["2026-13-01"], ["26-12-25"], "2026-12-25", [20261225], null, Array.from({ length: 367 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10))]))),
      () => addUnknownKey(r, c, ["timeZone", "week", "holidays"]),
    ])();
  },
  (r, b) => {
    const s = b.sla;
    const p = r.pick(["low", "normal", "high", "urgent"]);
    return r.pick([
      () => (delete b.sla, "no sla"),
      () => set("sla", junkNonObject(r), b),
      () => said("sla.warnAtPercent", (s.warnAtPercent = r.pick([0, 100, 1.5, "80", null, -1, [80]]))),
      () => (delete s.targets[p], `no sla.targets.${p}`),
      () => said(`sla.targets.${p}.firstResponseMinutes`, (s.targets[p].firstResponseMinutes = r.pick([0, -5, 1.5, 525_601, "60", null, true]))),
      () => said(`sla.targets.${p}.resolutionMinutes`, (s.targets[p].resolutionMinutes = r.pick([0, -5, 1.5, 525_601, "60", null, 1]))),
      () => addUnknownKey(r, s.targets, ["low", "normal", "high", "urgent"]),
      () => addUnknownKey(r, s.targets[p], ["firstResponseMinutes", "resolutionMinutes"]),
    ])();
  },
  (r, b) =>
    set(
      "categories",
      r.pick([
        () => badList(r),
        () => [{ key: "a", name: "A" }, { key: "a", name: "B" }],
        () => [{ key: badCategory(r), name: "X" }],
        () => [{ key: "ok", name: badRequiredText(r, 80) }],
        () => Array.from({ length: 101 }, (_, i) => ({ key: `c${i}`, name: `C${i}` })),
      ])(),
      b,
    ),
  (r, b) => {
    const who = r.pick(["agents", "leads"]);
    return set(
      who,
      r.pick([
        () => badList(r),
        () => [{ id: badRequiredText(r, 128), name: "X" }],
        () => [{ id: "x" }],
        () => [{ id: "x", name: "X", email: badEmail(r, { optional: true }) }],
        () => [{ id: "x", name: "X" }, { id: "x", name: "Y" }],
        () => Array.from({ length: 501 }, (_, i) => ({ id: `p${i}`, name: `P${i}` })),
      ])(),
      b,
    );
  },
  (r, b) => addUnknownKey(r, b, DEPT_FIELDS),
];

/** A 32-bit seed for one case, from the run's seed, the route and the case number. */
function caseSeed(seed: number, route: number, i: number): number {
  let h = seed ^ Math.imul(route + 1, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

interface Case {
  label: string;
  raw: string;
  contentType: string;
}

/** One invalid request body for a route: mostly a poisoned valid body, sometimes plain junk. */
function makeCase(rng: Rng, valid: () => Body, poisons: Poison[]): Case {
  const r = rng.next();
  const contentType = rng.pick(["application/json", "application/json", "application/json; charset=utf-8", "application/problem+json"]);
  if (r < 0.08) return { label: "malformed JSON", raw: malformedJson(rng), contentType };
  if (r < 0.11) {
    const body = valid();
    setOwn(body, "padding", "p".repeat(256 * 1024));
    return { label: "a valid body padded past 256 KiB", raw: JSON.stringify(body), contentType };
  }
  if (r < 0.14) {
    const type = rng.pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "text/html", "application/jsonp"]);
    return { label: `a valid body as ${type}`, raw: JSON.stringify(valid()), contentType: type };
  }
  if (r < 0.16) {
    const depth = rng.int(1_000, 100_000);
    return { label: `arrays nested ${depth} deep`, raw: `{"title":${"[".repeat(depth)}${"]".repeat(depth)}}`, contentType };
  }
  if (r < 0.3) {
    const junk = rng.chance(0.5) ? junkNonObject(rng) : junkValue(rng, 4, rng.chance(0.1) ? 200_000 : 300);
    // A junk object may not name any of the route's required fields: it is never valid.
    return { label: `junk ${show(junk)}`, raw: JSON.stringify(junk) ?? "null", contentType };
  }
  const body = valid();
  // Sometimes a long but allowed text beside the poison, to stress the size paths too.
  if (rng.chance(0.1) && typeof body.description === "string") body.description = tooLong(rng, 1_000).slice(0, 2_000);
  const chosen = rng.sample(poisons, rng.int(1, 3));
  const labels = chosen.map((p) => p(rng, body));
  return { label: labels.join("; "), raw: JSON.stringify(body), contentType };
}

describe("fuzz: random invalid bodies over HTTP", function () {
  this.timeout(180_000);
  let svc: TestService;
  let dana: string;
  let ben: string;
  let alex: string;
  let target: string;
  let stored: StorageDump;
  let protoKeys: string[];

  before(async () => {
    svc = await startService({ demo: true });
    [dana, ben, alex] = await Promise.all(["dana", "ben", "alex"].map((u) => svc.token(u)));
    const filed = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Toner low on the 2nd floor" } });
    assert.equal(filed.status, 201, filed.text);
    target = filed.body.id;
    protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    stored = await dumpStorage(svc.app);
  });
  after(() => svc?.close());

  /** Sends every case of one route; collects what went wrong, with the seed to replay it. */
  async function fuzz(routeNo: number, name: string, send: (c: Case, i: number) => Promise<CallResult>, make: (rng: Rng) => Case) {
    const problems: string[] = [];
    const statuses: Record<number, number> = {};
    for (let i = 0; i < CASES_PER_ROUTE; i++) {
      const c = make(new Rng(caseSeed(SEED, routeNo, i)));
      const where = `[${name}, seed ${SEED}, case ${i}: ${c.label}; body ${c.raw.slice(0, 200)}${c.raw.length > 200 ? `...(${c.raw.length} chars)` : ""}]`;
      let res: CallResult;
      try {
        res = await send(c, i);
      } catch (err) {
        problems.push(`${where} the call failed: ${String(err)}`);
        continue;
      }
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      try {
        assert.ok(REFUSALS.has(res.status), `expected 400, 413 or 415, got ${res.status}`);
        assertApiError(res, "4xx", "the refusal");
        if (res.status === 413) assert.equal(res.body.error.code, "payload_too_large");
        if (res.status === 415) assert.equal(res.body.error.code, "unsupported_media_type");
      } catch (err) {
        problems.push(`${where} ${(err as Error).message.split("\n")[0]}`);
      }
    }
    assert.deepEqual(problems.slice(0, 5), [], `${problems.length} of ${CASES_PER_ROUTE} cases failed (seed ${SEED}; statuses ${JSON.stringify(statuses)})`);
    assert.ok(statuses[400] > CASES_PER_ROUTE / 2, `most cases should reach validation (seed ${SEED}; statuses ${JSON.stringify(statuses)})`);
  }

  const post = (path: string, token: string) => (c: Case) => svc.call("POST", path, { token, raw: c.raw, headers: { "Content-Type": c.contentType } });

  it(`POST /api/requests: ${CASES_PER_ROUTE} invalid bodies, each refused with a 4xx in the error shape`, async () => {
    await fuzz(0, "POST /api/requests", post("/api/requests", dana), (rng) =>
      makeCase(rng, () => ({ department: "IT", title: "Printer jams", description: "Every morning.", category: "hardware", priority: "high" }), createPoisons),
    );
  });

  it(`POST /api/requests/from-email: ${CASES_PER_ROUTE} invalid bodies, each refused with a 4xx in the error shape`, async () => {
    await fuzz(1, "POST /api/requests/from-email", post("/api/requests/from-email", dana), (rng) =>
      makeCase(
        rng,
        () => ({
          internetMessageId: `<fuzz-${rng.int(0, 1e9)}@contoso.example>`,
          subject: "Payslip missing",
          body: "<p>Where is my <b>March</b> payslip?</p>",
          bodyFormat: "html",
          from: { name: "Dana Whitfield", email: "dana@contoso.example" },
          receivedAt: "2026-03-02T09:00:00Z",
          webLink: "https://outlook.office.com/mail/id/1",
          attachments: [{ name: "payslip.pdf", size: 1234, contentType: "application/pdf" }],
          department: "HR",
          category: "payroll",
          priority: "normal",
        }),
        emailPoisons,
      ),
    );
  });

  it(`POST /api/requests/:id/actions: ${CASES_PER_ROUTE} invalid bodies, each refused with a 4xx in the error shape`, async () => {
    await fuzz(
      2,
      "POST /api/requests/:id/actions",
      (c, i) => svc.call("POST", `/api/requests/${target}/actions`, { token: i % 2 ? dana : ben, raw: c.raw, headers: { "Content-Type": c.contentType } }),
      (rng) => makeCase(rng, rng.pick(ACTIONS), actionPoisons),
    );
  });

  it(`PUT /api/departments/:key: ${CASES_PER_ROUTE} invalid bodies, each refused with a 4xx in the error shape`, async () => {
    await fuzz(
      3,
      "PUT /api/departments/:key",
      (c, i) => svc.call("PUT", `/api/departments/${i % 3 ? "IT" : "FUZZ"}`, { token: alex, raw: c.raw, headers: { "Content-Type": c.contentType } }),
      (rng) => makeCase(rng, () => departmentBody("IT", { leads: [{ id: "demo-ana", name: "Ana García" }] }), departmentPoisons),
    );
  });

  it("afterwards every stored row is as it was, Object.prototype is untouched, and the service still works", async () => {
    assertSameStorage(stored, await dumpStorage(svc.app), `after the fuzz (seed ${SEED})`);
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), protoKeys, `Object.prototype gained properties (seed ${SEED})`);
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
    const dept = await svc.call("GET", "/api/departments/FUZZ", { token: alex });
    assert.equal(dept.status, 404, "no department was created by an invalid PUT");
    const got = await svc.call("GET", `/api/requests/${target}`, { token: ben });
    assert.equal(got.body.status, "new");
    const ok = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "After the fuzz" } });
    assert.equal(ok.status, 201, ok.text);
  });
});
