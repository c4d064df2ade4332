/**
 * The request lifecycle (shared/lifecycle.ts) and the making and showing of a request
 * (shared/request.ts): which action is allowed from which status and for whom, what history
 * each one leaves, and what it does to the two SLA clocks.
 *
 * Every request here is on a 24x7 UTC calendar (business time = real time) with the targets
 * of `slaPolicy()` (normal: first response 60 min, resolution 480 min; warn at 80 %), created
 * Monday 2026-03-02 09:00 UTC, so every expected time is plain clock arithmetic.
 */
import assert from "node:assert/strict";
import type { Person, ServiceRequest, Status } from "../../shared/domain.ts";
import { STATUSES } from "../../shared/domain.ts";
import {
  applyAction,
  autoClose,
  followUpOf,
  linkFollowUp,
  type ActionName,
  type Applied,
  type NewEvent,
  type Refusal,
  type RequestAction,
} from "../../shared/lifecycle.ts";
import type { Actor } from "../../shared/permissions.ts";
import { newRequest, parseRequestId, requestId, toView } from "../../shared/request.ts";
import {
  AGENT,
  LEAD,
  REQUESTER,
  TENANT_ID,
  actor,
  calendar247,
  department,
  request,
  slaPolicy,
  track,
  type RequestOverrides,
} from "../support/fixtures.ts";

const ADMIN: Person = { id: "u-admin", name: "Ada Admin", email: "ada@contoso.example" };
const STRANGER: Person = { id: "u-stranger", name: "Sam Stranger", email: "sam@contoso.example" };

const asRequester = actor(REQUESTER);
const asAgent = actor(AGENT);
const asLead = actor(LEAD);
const asAdmin = actor(ADMIN, true);
const asStranger = actor(STRANGER);

const IT = department();

/** 2026-03-02 (a Monday) at hh:mm UTC, as the ISO string the domain stores. */
const mon = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;
const tue = (hhmm: string) => `2026-03-03T${hhmm}:00.000Z`;
const ms = (iso: string) => Date.parse(iso);

const CREATED = mon("09:00");

/**
 * A request as it would be after the usual road to `status` (24x7, created 09:00):
 * in progress = taken by the lead at 09:30; waiting = on the requester since 10:00;
 * resolved at 12:00; closed by the quiet period on Thursday; cancelled by the requester at 09:10.
 */
function inStatus(status: Status, overrides: RequestOverrides = {}): ServiceRequest {
  const responded = { firstRespondedAt: mon("09:30"), assignee: LEAD };
  const frStopped = track(60, [[CREATED, mon("09:30")]], true);
  const base: Record<Status, RequestOverrides> = {
    new: {},
    in_progress: { ...responded, sla: { firstResponse: frStopped } },
    waiting: {
      ...responded,
      sla: { firstResponse: frStopped, resolution: track(480, [[CREATED, mon("10:00")]]) },
    },
    resolved: {
      ...responded,
      resolvedAt: mon("12:00"),
      sla: { firstResponse: frStopped, resolution: track(480, [[CREATED, mon("12:00")]], true) },
    },
    closed: {
      ...responded,
      resolvedAt: mon("12:00"),
      closedAt: "2026-03-05T12:00:00.000Z",
      sla: { firstResponse: frStopped, resolution: track(480, [[CREATED, mon("12:00")]], true) },
    },
    cancelled: {
      sla: {
        firstResponse: track(60, [[CREATED, mon("09:10")]], true),
        resolution: track(480, [[CREATED, mon("09:10")]], true),
      },
    },
    // Transfer: taken, then handed to FIN at 11:00.
    transferred: {
      ...responded,
      transfer: { department: "FIN", at: mon("11:00") },
      sla: { firstResponse: frStopped, resolution: { ...track(480, [[CREATED, mon("11:00")]], true), handedOff: true } },
    },
  };
  const b = base[status];
  return request({ number: 7, ...b, ...overrides, status, sla: { ...b.sla, ...overrides.sla } });
}

function act(req: ServiceRequest, action: RequestAction, who: Actor = asAgent, now = mon("13:00"), dept = IT) {
  return applyAction(req, action, { actor: who, dept, now });
}

function applied(r: Applied | Refusal): Applied {
  if (!r.ok) assert.fail(`expected the action to be applied, got ${r.code}: ${r.message}`);
  return r;
}

function refused(r: Applied | Refusal): Refusal {
  if (r.ok) assert.fail(`expected a refusal, but the action was applied (status ${r.request.status})`);
  return r;
}

/** Events as history stores and the API shows them (no undefined fields). */
const plain = (events: NewEvent[]) => JSON.parse(JSON.stringify(events)) as NewEvent[];

/** One action of each kind, as a person would send it. */
const ACTIONS: Record<ActionName, RequestAction> = {
  take: { action: "take" },
  assign: { action: "assign", assignee: AGENT },
  comment: { action: "comment", text: "Any news?" },
  wait: { action: "wait" },
  resume: { action: "resume" },
  resolve: { action: "resolve" },
  reopen: { action: "reopen" },
  cancel: { action: "cancel" },
  priority: { action: "priority", priority: "high" },
  rate: { action: "rate", score: 4 },
  thank: { action: "thank", text: "Thanks!" },
  transfer: { action: "transfer", department: "HR", reason: "Payroll question, not IT" },
  follow: { action: "follow" },
  link: { action: "link", to: "IT-1", relation: "related" },
};

describe("lifecycle", () => {
  describe("every action from every status", () => {
    // Who sends it: staff actions by the agent, the requester's own by the requester.
    const sender: Record<ActionName, Actor> = {
      take: asAgent,
      assign: asLead,
      comment: asAgent,
      wait: asAgent,
      resume: asAgent,
      resolve: asAgent,
      reopen: asRequester,
      cancel: asRequester,
      priority: asAgent,
      rate: asRequester,
      thank: asRequester,
      transfer: asAgent,
      follow: asAgent,
      link: asAgent,
    };
    // The status afterwards, or the refusal the person reads ("conflict": not in this state).
    const C = "conflict" as const;
    const table: Record<ActionName, Record<Status, Status | typeof C>> = {
      //          new             in_progress     waiting         resolved       closed    cancelled
      take: { new: "in_progress", in_progress: C, waiting: C, resolved: C, closed: C, cancelled: C, transferred: C },
      assign: { new: "in_progress", in_progress: "in_progress", waiting: "waiting", resolved: C, closed: C, cancelled: C, transferred: C },
      comment: { new: "new", in_progress: "in_progress", waiting: "waiting", resolved: "resolved", closed: C, cancelled: C, transferred: C },
      wait: { new: "waiting", in_progress: "waiting", waiting: C, resolved: C, closed: C, cancelled: C, transferred: C },
      resume: { new: C, in_progress: C, waiting: "in_progress", resolved: C, closed: C, cancelled: C, transferred: C },
      resolve: { new: "resolved", in_progress: "resolved", waiting: "resolved", resolved: C, closed: C, cancelled: C, transferred: C },
      reopen: { new: C, in_progress: C, waiting: C, resolved: "in_progress", closed: C, cancelled: C, transferred: C },
      cancel: { new: "cancelled", in_progress: "cancelled", waiting: "cancelled", resolved: C, closed: C, cancelled: C, transferred: C },
      priority: { new: "new", in_progress: "in_progress", waiting: "waiting", resolved: C, closed: C, cancelled: C, transferred: C },
      rate: { new: C, in_progress: C, waiting: C, resolved: "resolved", closed: C, cancelled: C, transferred: C },
      // Kudos: once someone worked it (an assignee, or resolved), in any status; never before.
      thank: { new: C, in_progress: "in_progress", waiting: "waiting", resolved: "resolved", closed: "closed", cancelled: C, transferred: "transferred" },
      // Transfer: staff of the department, from an open status only (a retry of the same one: see "transfer").
      transfer: { new: "transferred", in_progress: "transferred", waiting: "transferred", resolved: C, closed: C, cancelled: C, transferred: C },
      // Similar at intake: anyone who may see it follows an open request instead of filing it again.
      follow: { new: "new", in_progress: "in_progress", waiting: "waiting", resolved: C, closed: C, cancelled: C, transferred: C },
      // Links: the service judges and writes both sides (shared/links.ts); applyAction moves no status.
      link: { new: "new", in_progress: "in_progress", waiting: "waiting", resolved: "resolved", closed: "closed", cancelled: "cancelled", transferred: "transferred" },
    };

    for (const name of Object.keys(table) as ActionName[]) {
      for (const from of STATUSES) {
        const expected = table[name][from];
        it(`${name} from ${from}: ${expected === C ? "refused (409)" : `-> ${expected}`}`, () => {
          const req = inStatus(from);
          const result = act(req, ACTIONS[name], sender[name]);
          if (expected === C) {
            const r = refused(result);
            assert.equal(r.code, "conflict");
            assert.match(r.message, /IT-7/, "the message names the request");
            assert.doesNotMatch(r.message, /_|undefined|\[object/, "the message reads as plain words");
            assert.match(r.message, /\.$/, "the message is a sentence");
          } else {
            const r = applied(result);
            assert.equal(r.request.status, expected);
            assert.equal(r.request.updatedAt, mon("13:00"));
            assert.equal(req.status, from, "the given request is left alone");
          }
        });
      }
    }

    it("refusals tell a person what is wrong", () => {
      const cases: Array<[ServiceRequest, RequestAction, Actor, string]> = [
        [inStatus("closed"), ACTIONS.take, asAgent, "IT-7 is closed; it cannot be taken."],
        [inStatus("in_progress"), ACTIONS.take, asAgent, "IT-7 is already taken by Ana Lead."],
        [inStatus("in_progress"), ACTIONS.take, asLead, "IT-7 is already yours."],
        [inStatus("cancelled"), ACTIONS.assign, asLead, "IT-7 is cancelled; it cannot be assigned."],
        [inStatus("closed"), ACTIONS.comment, asRequester, "IT-7 is closed; comments are closed."],
        [inStatus("waiting"), ACTIONS.wait, asAgent, "IT-7 is waiting; only a new or in-progress request can wait on the requester."],
        [inStatus("new"), ACTIONS.resume, asAgent, "IT-7 is not waiting; there is nothing to resume."],
        [inStatus("resolved"), ACTIONS.resolve, asAgent, "IT-7 is resolved; it cannot be resolved."],
        [inStatus("in_progress"), ACTIONS.reopen, asRequester, "IT-7 is in progress; only a resolved request can be reopened."],
        [inStatus("closed"), ACTIONS.reopen, asRequester, "IT-7 is closed; only a resolved request can be reopened."],
        [inStatus("resolved"), ACTIONS.cancel, asRequester, "IT-7 is resolved; only an open request can be cancelled."],
        [inStatus("closed"), ACTIONS.priority, asAgent, "IT-7 is closed; its priority can no longer change."],
        [inStatus("new"), { action: "priority", priority: "normal" }, asAgent, "IT-7 is already normal priority."],
        [inStatus("waiting"), ACTIONS.rate, asRequester, "IT-7 can be rated once it is resolved."],
        [
          inStatus("closed", { rating: { score: 5, at: "2026-03-02T12:30:00.000Z" } }),
          ACTIONS.rate,
          asRequester,
          "IT-7 is closed; its rating can no longer change.",
        ],
        [inStatus("closed"), ACTIONS.rate, asRequester, "IT-7 is closed; its rating can no longer change."],
      ];
      for (const [req, action, who, message] of cases) {
        const r = refused(act(req, action, who));
        assert.equal(r.code, "conflict", message);
        assert.equal(r.message, message);
      }
    });

    it("assigning someone outside the department is bad input, naming the person", () => {
      const r = refused(act(inStatus("new"), { action: "assign", assignee: STRANGER }, asLead));
      assert.equal(r.code, "invalid_input");
      assert.equal(r.message, "Sam Stranger is not an agent or lead of IT; add them to the department first.");
    });

    it("assigning it to its assignee again is a conflict", () => {
      const r = refused(act(inStatus("in_progress"), { action: "assign", assignee: LEAD }, asAgent));
      assert.equal(r.code, "conflict");
      assert.equal(r.message, "IT-7 is already assigned to Ana Lead.");
    });
  });

  describe("who may do each action", () => {
    type Who = "requester" | "agent" | "lead" | "admin" | "stranger";
    const people: Record<Who, Actor> = {
      requester: asRequester,
      agent: asAgent,
      lead: asLead,
      admin: asAdmin,
      stranger: asStranger,
    };
    const cases: Array<{ what: string; status: Status; action: RequestAction; may: Who[] }> = [
      { what: "take", status: "new", action: ACTIONS.take, may: ["agent", "lead", "admin"] },
      { what: "assign", status: "new", action: { action: "assign", assignee: LEAD }, may: ["agent", "lead", "admin"] },
      { what: "comment publicly", status: "in_progress", action: ACTIONS.comment, may: ["requester", "agent", "lead", "admin"] },
      {
        what: "add an internal note",
        status: "in_progress",
        action: { action: "comment", text: "Check the VPN logs", public: false },
        may: ["agent", "lead", "admin"],
      },
      { what: "wait on the requester", status: "in_progress", action: ACTIONS.wait, may: ["agent", "lead", "admin"] },
      { what: "resume", status: "waiting", action: ACTIONS.resume, may: ["requester", "agent", "lead", "admin"] },
      { what: "resolve", status: "in_progress", action: ACTIONS.resolve, may: ["agent", "lead", "admin"] },
      { what: "reopen", status: "resolved", action: ACTIONS.reopen, may: ["requester", "agent", "lead", "admin"] },
      { what: "cancel", status: "new", action: ACTIONS.cancel, may: ["requester"] },
      { what: "change the priority", status: "new", action: ACTIONS.priority, may: ["agent", "lead", "admin"] },
      { what: "rate", status: "resolved", action: ACTIONS.rate, may: ["requester"] },
    ];
    for (const c of cases) {
      for (const who of Object.keys(people) as Who[]) {
        const allowed = c.may.includes(who);
        it(`${who} ${allowed ? "may" : "may not"} ${c.what}`, () => {
          const result = act(inStatus(c.status), c.action, people[who]);
          if (allowed) applied(result);
          else assert.equal(refused(result).code, "forbidden");
        });
      }
    }

    it("says who may, in words", () => {
      const cases: Array<[Status, RequestAction, Actor, string]> = [
        ["new", ACTIONS.take, asRequester, "Only IT agents can take IT-7."],
        ["new", ACTIONS.assign, asStranger, "Only IT agents can assign IT-7."],
        ["in_progress", ACTIONS.wait, asRequester, "Only IT agents can put on hold IT-7."],
        ["in_progress", ACTIONS.resolve, asRequester, "Only IT agents can resolve IT-7."],
        ["new", ACTIONS.priority, asRequester, "Only IT agents can change the priority of IT-7."],
        ["new", ACTIONS.cancel, asAgent, "Only the requester (Dana Requester) can cancel IT-7."],
        ["resolved", ACTIONS.rate, asLead, "Only the requester (Dana Requester) can rate IT-7."],
        ["in_progress", ACTIONS.comment, asStranger, "You can act only on your own requests or on your department's queue."],
        ["resolved", ACTIONS.reopen, asStranger, "You can act only on your own requests or on your department's queue."],
        [
          "in_progress",
          { action: "comment", text: "psst", public: false },
          asRequester,
          "Only agents can add internal notes.",
        ],
      ];
      for (const [status, action, who, message] of cases) {
        const r = refused(act(inStatus(status), action, who));
        assert.equal(r.code, "forbidden", message);
        assert.equal(r.message, message);
      }
    });

    it("a requester known only by e-mail acts on their request when signed in with that address", () => {
      const req = inStatus("new", { requester: { id: "mail:dana@contoso.example", name: "Dana Requester" } });
      const signedIn = actor({ id: "u-dana-aad", name: "Dana R.", email: "Dana@Contoso.example" });
      assert.equal(applied(act(req, ACTIONS.cancel, signedIn)).request.status, "cancelled");
    });

    it("nobody from another tenant acts on a request, not even an admin or someone with the same user id", () => {
      const otherAdmin: Actor = { tenantId: "tenant-other", person: ADMIN, isAdmin: true };
      const otherAgent: Actor = { tenantId: "tenant-other", person: AGENT, isAdmin: false };
      const otherRequester: Actor = { tenantId: "tenant-other", person: REQUESTER, isAdmin: false };
      assert.equal(refused(act(inStatus("new"), ACTIONS.take, otherAdmin)).code, "forbidden");
      assert.equal(refused(act(inStatus("new"), ACTIONS.take, otherAgent)).code, "forbidden");
      assert.equal(refused(act(inStatus("new"), ACTIONS.cancel, otherRequester)).code, "forbidden");
      assert.equal(refused(act(inStatus("new"), ACTIONS.comment, otherRequester)).code, "forbidden");
    });
  });

  describe("the history each action leaves", () => {
    const agent = { id: "u-agent", name: "Ben Agent", email: "ben@contoso.example" };
    const lead = { id: "u-lead", name: "Ana Lead", email: "ana@contoso.example" };
    const dana = { id: "u-req", name: "Dana Requester", email: "dana@contoso.example" };
    const at = mon("13:00");

    it("take: assigned to the taker, new -> in progress, first response stopped", () => {
      const r = applied(act(inStatus("new"), ACTIONS.take, asAgent));
      assert.deepEqual(plain(r.events), [
        { at, actor: agent, kind: "assigned", to: "Ben Agent" },
        { at, actor: agent, kind: "status", from: "new", to: "in_progress" },
        { at, kind: "sla", clock: "firstResponse", sla: "stop" },
      ]);
      assert.deepEqual(r.request.assignee, AGENT);
    });

    it("assign: from one assignee to another, status unchanged once in progress", () => {
      const r = applied(act(inStatus("in_progress"), { action: "assign", assignee: AGENT }, asLead));
      assert.deepEqual(plain(r.events), [{ at, actor: lead, kind: "assigned", from: "Ana Lead", to: "Ben Agent" }]);
      assert.deepEqual(r.request.assignee, AGENT);
      assert.equal(r.request.firstRespondedAt, mon("09:30"), "the first response stays the first one");
    });

    it("assign on a new request: assignment, status and first response", () => {
      const r = applied(act(inStatus("new"), { action: "assign", assignee: AGENT }, asLead));
      assert.deepEqual(plain(r.events), [
        { at, actor: lead, kind: "assigned", to: "Ben Agent" },
        { at, actor: lead, kind: "status", from: "new", to: "in_progress" },
        { at, kind: "sla", clock: "firstResponse", sla: "stop" },
      ]);
    });

    it("the department's own record of the assignee is used, not what the caller sent", () => {
      const r = applied(act(inStatus("new"), { action: "assign", assignee: { id: "u-agent", name: "whoever" } }, asLead));
      assert.deepEqual(r.request.assignee, { id: "u-agent", name: "Ben Agent", email: "ben@contoso.example" });
    });

    it("comment: public by default; an internal note is marked as such", () => {
      const pub = applied(act(inStatus("in_progress"), { action: "comment", text: "On it" }, asAgent));
      assert.deepEqual(plain(pub.events), [{ at, actor: agent, kind: "comment", text: "On it", public: true }]);
      const note = applied(act(inStatus("in_progress"), { action: "comment", text: "Check VPN logs", public: false }, asAgent));
      assert.deepEqual(plain(note.events), [{ at, actor: agent, kind: "comment", text: "Check VPN logs", public: false }]);
    });

    it("wait with a question: the question, the status and the pause of resolution", () => {
      const r = applied(act(inStatus("in_progress"), { action: "wait", text: "Which laptop?" }, asAgent));
      assert.deepEqual(plain(r.events), [
        { at, actor: agent, kind: "comment", text: "Which laptop?", public: true },
        { at, actor: agent, kind: "status", from: "in_progress", to: "waiting" },
        { at, kind: "sla", clock: "resolution", sla: "pause" },
      ]);
      assert.deepEqual(r.request.assignee, LEAD, "the assignee stays");
    });

    it("wait on a new request: the agent becomes the assignee and has responded", () => {
      const r = applied(act(inStatus("new"), ACTIONS.wait, asAgent));
      assert.deepEqual(plain(r.events), [
        { at, actor: agent, kind: "assigned", to: "Ben Agent" },
        { at, actor: agent, kind: "status", from: "new", to: "waiting" },
        { at, kind: "sla", clock: "firstResponse", sla: "stop" },
        { at, kind: "sla", clock: "resolution", sla: "pause" },
      ]);
    });

    it("resume: the status and the resumption of resolution (with the text as a comment)", () => {
      const r = applied(act(inStatus("waiting"), { action: "resume", text: "Found it myself" }, asAgent));
      assert.deepEqual(plain(r.events), [
        { at, actor: agent, kind: "comment", text: "Found it myself", public: true },
        { at, actor: agent, kind: "status", from: "waiting", to: "in_progress" },
        { at, kind: "sla", clock: "resolution", sla: "resume" },
      ]);
    });

    it("a requester's reply on a waiting request: the comment, back in progress, resolution resumed", () => {
      const r = applied(act(inStatus("waiting"), { action: "comment", text: "The Dell one" }, asRequester));
      assert.deepEqual(plain(r.events), [
        { at, actor: dana, kind: "comment", text: "The Dell one", public: true },
        { at, actor: dana, kind: "status", from: "waiting", to: "in_progress", cause: "reply" },
        { at, kind: "sla", clock: "resolution", sla: "resume" },
      ]);
    });

    it("resolve: the answer, the status and the stop of resolution", () => {
      const r = applied(act(inStatus("in_progress"), { action: "resolve", text: "Replaced the dock" }, asAgent));
      assert.deepEqual(plain(r.events), [
        { at, actor: agent, kind: "comment", text: "Replaced the dock", public: true },
        { at, actor: agent, kind: "status", from: "in_progress", to: "resolved" },
        { at, kind: "sla", clock: "resolution", sla: "stop" },
      ]);
      assert.equal(r.request.resolvedAt, at);
    });

    it("resolve straight from new also stops the first-response clock", () => {
      const r = applied(act(inStatus("new"), ACTIONS.resolve, asAgent));
      assert.deepEqual(plain(r.events), [
        { at, kind: "sla", clock: "firstResponse", sla: "stop" },
        { at, actor: agent, kind: "status", from: "new", to: "resolved" },
        { at, kind: "sla", clock: "resolution", sla: "stop" },
      ]);
      assert.equal(r.request.firstRespondedAt, at);
    });

    it("reopen: the reason, back in progress, resolution running again", () => {
      const r = applied(act(inStatus("resolved"), { action: "reopen", text: "It broke again" }, asRequester));
      assert.deepEqual(plain(r.events), [
        { at, actor: dana, kind: "comment", text: "It broke again", public: true },
        { at, actor: dana, kind: "status", from: "resolved", to: "in_progress" },
        { at, kind: "sla", clock: "resolution", sla: "resume" },
      ]);
      assert.equal(r.request.resolvedAt, undefined);
    });

    it("cancel a new request: the reason, the status, both clocks stopped", () => {
      const r = applied(act(inStatus("new"), { action: "cancel", text: "Sorted it out" }, asRequester));
      assert.deepEqual(plain(r.events), [
        { at, actor: dana, kind: "comment", text: "Sorted it out", public: true },
        { at, actor: dana, kind: "status", from: "new", to: "cancelled" },
        { at, kind: "sla", clock: "firstResponse", sla: "stop" },
        { at, kind: "sla", clock: "resolution", sla: "stop" },
      ]);
      assert.equal(r.request.firstRespondedAt, undefined, "cancelling is not a response");
    });

    it("cancel a waiting request: only the (paused) resolution clock has anything to stop", () => {
      const r = applied(act(inStatus("waiting"), ACTIONS.cancel, asRequester));
      assert.deepEqual(plain(r.events), [
        { at, actor: dana, kind: "status", from: "waiting", to: "cancelled" },
        { at, kind: "sla", clock: "resolution", sla: "stop" },
      ]);
      assert.deepEqual(r.request.sla.resolution, track(480, [[CREATED, mon("10:00")]], true));
    });

    it("priority: one priority event and no clock events", () => {
      const r = applied(act(inStatus("in_progress"), { action: "priority", priority: "urgent" }, asAgent));
      assert.deepEqual(plain(r.events), [{ at, actor: agent, kind: "priority", from: "normal", to: "urgent" }]);
      assert.equal(r.request.priority, "urgent");
    });

    it("rate a resolved request: the rating (score, effort, comment) is recorded and it stays resolved", () => {
      const r = applied(act(inStatus("resolved"), { action: "rate", score: 5, effort: 6, comment: "Quick, thanks" }, asRequester));
      assert.deepEqual(plain(r.events), [{ at, actor: dana, kind: "rated", to: "5", effort: 6, text: "Quick, thanks" }]);
      assert.deepEqual(r.request.rating, { score: 5, effort: 6, comment: "Quick, thanks", at });
      assert.equal(r.request.status, "resolved", "a rating never closes the request");
      assert.equal(r.request.closedAt, undefined);
      assert.equal(r.request.resolvedAt, mon("12:00"), "still resolved when it was resolved");
    });

    it("rate without effort or comment: neither is stored", () => {
      const r = applied(act(inStatus("resolved"), { action: "rate", score: 2 }, asRequester));
      assert.deepEqual(plain(r.events), [{ at, actor: dana, kind: "rated", to: "2" }]);
      assert.deepEqual(r.request.rating, { score: 2, at });
    });

    it("rate twice while resolved: the last rating counts, and the history says what it replaced", () => {
      const first = applied(act(inStatus("resolved"), { action: "rate", score: 2, effort: 3, comment: "Slow" }, asRequester, mon("13:00")));
      const second = applied(act(first.request, { action: "rate", score: 4 }, asRequester, mon("14:00")));
      assert.deepEqual(second.request.rating, { score: 4, at: mon("14:00") }, "the whole rating is replaced: no effort or comment left from the first");
      assert.deepEqual(plain(second.events), [{ at: mon("14:00"), actor: dana, kind: "rated", to: "4", from: "2" }]);
      assert.equal(second.request.status, "resolved");
    });

    it("reopen after rating: back in progress, the resolution clock runs again", () => {
      const rated = applied(act(inStatus("resolved"), { action: "rate", score: 1, comment: "Still broken" }, asRequester));
      const r = applied(act(rated.request, { action: "reopen", text: "It broke again" }, asRequester, mon("15:00")));
      assert.equal(r.request.status, "in_progress");
      assert.equal(r.request.resolvedAt, undefined);
      assert.deepEqual(r.request.sla.resolution.runs.at(-1), { from: mon("15:00") }, "the clock runs from the reopening");
    });

    it("the quiet period still closes a rated request", () => {
      const rated = applied(act(inStatus("resolved"), { action: "rate", score: 5 }, asRequester));
      const closed = applied(autoClose(rated.request, "2026-03-09T13:00:00.000Z"));
      assert.equal(closed.request.status, "closed");
      assert.deepEqual(closed.request.rating, rated.request.rating);
      const again = refused(act(closed.request, { action: "rate", score: 1 }, asRequester));
      assert.equal(again.message, "IT-7 is closed; its rating can no longer change.");
    });

    it("an action without text leaves no empty comment", () => {
      for (const [status, action] of [
        ["in_progress", ACTIONS.wait],
        ["waiting", ACTIONS.resume],
        ["in_progress", ACTIONS.resolve],
      ] as const) {
        const r = applied(act(inStatus(status), action, asAgent));
        assert.equal(r.events.filter((e) => e.kind === "comment").length, 0, action.action);
      }
    });
  });

  describe("the first-response clock", () => {
    const agentActions: Array<[string, RequestAction]> = [
      ["a public comment", { action: "comment", text: "Looking into it" }],
      ["taking it", ACTIONS.take],
      ["assigning it", { action: "assign", assignee: AGENT }],
      ["asking the requester for something", { action: "wait", text: "Which floor?" }],
      ["resolving it", ACTIONS.resolve],
    ];
    for (const [what, action] of agentActions) {
      it(`stops on the agent's first visible action: ${what}`, () => {
        const r = applied(act(inStatus("new"), action, asLead, mon("09:20")));
        assert.equal(r.request.firstRespondedAt, mon("09:20"));
        assert.deepEqual(r.request.sla.firstResponse, track(60, [[CREATED, mon("09:20")]], true));
        const view = toView(r.request, ms(mon("12:00")));
        assert.deepEqual(view.sla.firstResponse, { state: "met", targetMinutes: 60, elapsedMinutes: 20 });
      });
    }

    it("answered after the target, it shows missed", () => {
      const r = applied(act(inStatus("new"), ACTIONS.take, asAgent, mon("10:15")));
      assert.deepEqual(toView(r.request, ms(mon("12:00"))).sla.firstResponse, {
        state: "missed",
        targetMinutes: 60,
        elapsedMinutes: 75,
      });
    });

    const notResponses: Array<[string, RequestAction, Actor]> = [
      ["an internal note", { action: "comment", text: "Probably the dock", public: false }, asAgent],
      ["the requester's own comment", { action: "comment", text: "Still broken" }, asRequester],
      ["a priority change", ACTIONS.priority, asAgent],
    ];
    for (const [what, action, who] of notResponses) {
      it(`keeps running after ${what}`, () => {
        const r = applied(act(inStatus("new"), action, who, mon("09:20")));
        assert.equal(r.request.firstRespondedAt, undefined);
        assert.deepEqual(r.request.sla.firstResponse.runs, [{ from: CREATED }]);
        assert.equal(r.request.sla.firstResponse.stopped, false);
        assert.equal(r.events.filter((e) => e.kind === "sla").length, 0, "no clock event");
      });
    }

    it("after an internal note the requester still sees the clock counting towards its target", () => {
      const r = applied(act(inStatus("new"), { action: "comment", text: "hm", public: false }, asAgent, mon("09:20")));
      assert.deepEqual(toView(r.request, ms(mon("09:50"))).sla.firstResponse, {
        state: "at_risk",
        targetMinutes: 60,
        elapsedMinutes: 50,
        dueAt: mon("10:00"),
        warnAt: mon("09:48"),
      });
    });

    it("an agent who filed the request for themselves has not responded by commenting on it", () => {
      const own = inStatus("new", { requester: AGENT });
      const r = applied(act(own, { action: "comment", text: "adding details" }, asAgent, mon("09:20")));
      assert.equal(r.request.firstRespondedAt, undefined);
    });

    it("only the first response counts: later ones move nothing", () => {
      const first = applied(act(inStatus("new"), { action: "comment", text: "On it" }, asAgent, mon("09:20")));
      const second = applied(act(first.request, ACTIONS.take, asLead, mon("09:40")));
      assert.equal(second.request.firstRespondedAt, mon("09:20"));
      assert.deepEqual(second.request.sla.firstResponse, track(60, [[CREATED, mon("09:20")]], true));
      assert.equal(second.events.filter((e) => e.kind === "sla").length, 0);
    });
  });

  describe("the resolution clock", () => {
    it("wait pauses it: the view shows paused with the time counted so far", () => {
      const r = applied(act(inStatus("in_progress"), ACTIONS.wait, asLead, mon("10:00")));
      assert.deepEqual(r.request.sla.resolution, track(480, [[CREATED, mon("10:00")]]));
      assert.deepEqual(toView(r.request, ms(mon("15:00"))).sla.resolution, {
        state: "paused",
        targetMinutes: 480,
        elapsedMinutes: 60,
      });
    });

    it("a requester's comment on a waiting request resumes it, the waiting time excluded", () => {
      const r = applied(act(inStatus("waiting"), { action: "comment", text: "Here you go" }, asRequester, mon("11:00")));
      assert.equal(r.request.status, "in_progress");
      assert.deepEqual(r.request.sla.resolution, track(480, [[CREATED, mon("10:00")], [mon("11:00")]]));
      // 60 min before the wait + 60 since 11:00; 420 still to go from 11:00.
      assert.deepEqual(toView(r.request, ms(mon("12:00"))).sla.resolution, {
        state: "on_track",
        targetMinutes: 480,
        elapsedMinutes: 120,
        dueAt: mon("18:00"),
        warnAt: mon("16:24"),
      });
    });

    it("an agent's comment on a waiting request does not resume it", () => {
      const r = applied(act(inStatus("waiting"), { action: "comment", text: "Reminder: which floor?" }, asAgent, mon("11:00")));
      assert.equal(r.request.status, "waiting");
      assert.deepEqual(r.request.sla.resolution, track(480, [[CREATED, mon("10:00")]]));
    });

    it("resume by the agent resumes it the same way", () => {
      const r = applied(act(inStatus("waiting"), ACTIONS.resume, asAgent, mon("11:00")));
      assert.deepEqual(r.request.sla.resolution, track(480, [[CREATED, mon("10:00")], [mon("11:00")]]));
      assert.equal(toView(r.request, ms(mon("12:00"))).sla.resolution.dueAt, mon("18:00"));
    });

    it("resolve stops it: met, with the business time it took", () => {
      const waited = applied(act(inStatus("waiting"), ACTIONS.resume, asAgent, mon("11:00"))).request;
      const r = applied(act(waited, ACTIONS.resolve, asAgent, mon("13:00")));
      assert.deepEqual(r.request.sla.resolution, track(480, [[CREATED, mon("10:00")], [mon("11:00"), mon("13:00")]], true));
      assert.deepEqual(toView(r.request, ms(tue("09:00"))).sla.resolution, {
        state: "met",
        targetMinutes: 480,
        elapsedMinutes: 180,
      });
    });

    it("resolving while waiting stops the paused clock where it stood", () => {
      const r = applied(act(inStatus("waiting"), ACTIONS.resolve, asAgent, mon("16:00")));
      assert.deepEqual(r.request.sla.resolution, track(480, [[CREATED, mon("10:00")]], true));
      assert.equal(toView(r.request, ms(mon("17:00"))).sla.resolution.elapsedMinutes, 60);
    });

    it("reopen restarts it, the time between resolution and reopening excluded", () => {
      // Resolved at 12:00 after 180 min; reopened the next morning at 09:00.
      const r = applied(act(inStatus("resolved"), ACTIONS.reopen, asRequester, tue("09:00")));
      assert.deepEqual(r.request.sla.resolution, track(480, [[CREATED, mon("12:00")], [tue("09:00")]]));
      assert.deepEqual(toView(r.request, ms(tue("10:00"))).sla.resolution, {
        state: "on_track",
        targetMinutes: 480,
        elapsedMinutes: 240,
        dueAt: tue("14:00"),
        warnAt: tue("12:24"),
      });
      assert.deepEqual(r.request.sla.firstResponse, track(60, [[CREATED, mon("09:30")]], true), "first response stays answered");
    });

    it("a priority change takes the department's current target and keeps the elapsed time", () => {
      // The department has since changed its "high" targets (fixture default 30/240).
      const dept = department({
        sla: slaPolicy({
          targets: { ...slaPolicy().targets, high: { firstResponseMinutes: 20, resolutionMinutes: 200 } },
        }),
      });
      const r = applied(act(inStatus("new"), ACTIONS.priority, asAgent, mon("09:10"), dept));
      assert.deepEqual(r.request.sla.firstResponse, track(20, [[CREATED]]));
      assert.deepEqual(r.request.sla.resolution, track(200, [[CREATED]]));
      const view = toView(r.request, ms(mon("09:17")));
      assert.deepEqual(view.sla.firstResponse, {
        state: "at_risk",
        targetMinutes: 20,
        elapsedMinutes: 17,
        dueAt: mon("09:20"),
        warnAt: mon("09:16"),
      });
      assert.deepEqual(view.sla.resolution, {
        state: "on_track",
        targetMinutes: 200,
        elapsedMinutes: 17,
        dueAt: mon("12:20"),
        warnAt: mon("11:40"),
      });
    });

    it("a priority change after the first response leaves that met promise as it was", () => {
      const r = applied(act(inStatus("in_progress"), { action: "priority", priority: "urgent" }, asAgent, mon("10:00")));
      assert.deepEqual(r.request.sla.firstResponse, track(60, [[CREATED, mon("09:30")]], true));
      assert.deepEqual(r.request.sla.resolution, track(120, [[CREATED]]));
      // 60 of 120 urgent minutes used: due at 11:00.
      assert.equal(toView(r.request, ms(mon("10:00"))).sla.resolution.dueAt, mon("11:00"));
    });

    it("a priority change while waiting retargets the paused clock, which stays paused", () => {
      const r = applied(act(inStatus("waiting"), { action: "priority", priority: "low" }, asAgent, mon("11:00")));
      assert.deepEqual(r.request.sla.resolution, track(4800, [[CREATED, mon("10:00")]]));
      assert.deepEqual(toView(r.request, ms(mon("12:00"))).sla.resolution, {
        state: "paused",
        targetMinutes: 4800,
        elapsedMinutes: 60,
      });
    });

    it("the whole road: new, taken, waiting, answered, resolved, reopened, resolved, rated", () => {
      let req = inStatus("new");
      const steps: Array<[RequestAction, Actor, string, Status]> = [
        [ACTIONS.take, asAgent, mon("09:15"), "in_progress"],
        [{ action: "wait", text: "Serial number?" }, asAgent, mon("10:00"), "waiting"],
        [{ action: "comment", text: "SN-123" }, asRequester, mon("12:00"), "in_progress"],
        [{ action: "resolve", text: "Replaced" }, asAgent, mon("13:00"), "resolved"],
        [{ action: "reopen", text: "Broken again" }, asRequester, tue("09:00"), "in_progress"],
        [ACTIONS.resolve, asAgent, tue("10:30"), "resolved"],
        [{ action: "rate", score: 4 }, asRequester, tue("11:00"), "resolved"],
      ];
      for (const [action, who, now, status] of steps) {
        req = applied(act(req, action, who, now)).request;
        assert.equal(req.status, status, `${action.action} at ${now}`);
      }
      // Counted: 09:00-10:00, 12:00-13:00, 09:00-10:30 next day = 60 + 60 + 90.
      assert.deepEqual(toView(req, ms(tue("12:00"))).sla, {
        firstResponse: { state: "met", targetMinutes: 60, elapsedMinutes: 15 },
        resolution: { state: "met", targetMinutes: 480, elapsedMinutes: 210 },
      });
      assert.equal(req.resolvedAt, tue("10:30"));
      assert.equal(req.closedAt, undefined, "rated, not closed: the quiet period closes it");
    });
  });

  describe("autoClose", () => {
    it("closes a resolved request after the quiet period, with no one as the actor", () => {
      const r = applied(autoClose(inStatus("resolved"), "2026-03-09T12:00:00.000Z"));
      assert.equal(r.request.status, "closed");
      assert.equal(r.request.closedAt, "2026-03-09T12:00:00.000Z");
      assert.equal(r.request.updatedAt, "2026-03-09T12:00:00.000Z");
      assert.equal(r.request.rating, undefined);
      assert.deepEqual(plain(r.events), [
        { at: "2026-03-09T12:00:00.000Z", kind: "status", from: "resolved", to: "closed" },
      ]);
      assert.deepEqual(r.request.sla.resolution, track(480, [[CREATED, mon("12:00")]], true), "clocks untouched");
    });

    for (const status of ["new", "in_progress", "waiting", "closed", "cancelled"] as const) {
      it(`leaves a ${status} request alone`, () => {
        const r = refused(autoClose(inStatus(status), "2026-03-09T12:00:00.000Z"));
        assert.equal(r.code, "conflict");
        assert.equal(r.message, "IT-7 is not resolved.");
      });
    }
  });

  describe("a reply to a closed request files a follow-up", () => {
    const closed = () => inStatus("closed", { title: "Printer on 3rd floor jams", category: "hardware", priority: "high" });

    it("the requester's reply: a follow-up of the same department, titled after it, the reply as its description", () => {
      const plan = followUpOf(closed(), { text: "It jams again since Monday" }, { actor: asRequester, dept: IT, now: tue("09:00") });
      if (!plan.ok) assert.fail(plan.message);
      assert.deepEqual(plan, { ok: true, title: "Follow-up: Printer on 3rd floor jams", description: "It jams again since Monday", category: "hardware", priority: "high" });
    });

    it("the closed request points at its follow-ups, in its history and its list", () => {
      const once = linkFollowUp(closed(), "IT-9", REQUESTER, tue("09:00"));
      const twice = linkFollowUp(once.request, "IT-12", REQUESTER, tue("10:00"));
      assert.deepEqual(twice.request.followUps, ["IT-9", "IT-12"]);
      assert.equal(twice.request.status, "closed", "it stays closed");
      assert.deepEqual(plain(twice.events), [{ at: tue("10:00"), actor: REQUESTER, kind: "followUp", to: "IT-12" }]);
    });

    it("a long title is clipped to the title limit, and a category the department dropped is left out", () => {
      const req = inStatus("closed", { title: "x".repeat(200), category: "gone" });
      const plan = followUpOf(req, { text: "Again" }, { actor: asRequester, dept: IT, now: tue("09:00") });
      if (!plan.ok) assert.fail(plan.message);
      assert.equal([...plan.title].length, 200);
      assert.match(plan.title, /^Follow-up: x+…$/);
      assert.equal(plan.category, undefined);
    });

    it("anyone else's comment, an internal note or a request not closed files nothing, with a sentence", () => {
      const cases: Array<[ServiceRequest, { text: string; public?: boolean }, Actor, string]> = [
        [closed(), { text: "More" }, asAgent, "IT-7 is closed; comments are closed."],
        [closed(), { text: "More", public: false }, asRequester, "IT-7 is closed; comments are closed."],
        [closed(), { text: "More" }, { ...asRequester, tenantId: "other-tenant" }, "IT-7 is closed; comments are closed."],
        [inStatus("resolved"), { text: "More" }, asRequester, "IT-7 is resolved; reply to it instead of filing a follow-up."],
      ];
      for (const [req, reply, who, message] of cases) {
        const r = followUpOf(req, reply, { actor: who, dept: IT, now: tue("09:00") });
        assert.equal(r.ok, false, message);
        if (!r.ok) assert.equal(r.message, message);
      }
    });

    it("applyAction itself still refuses a comment on a closed request (the service files the follow-up)", () => {
      const r = refused(act(closed(), ACTIONS.comment, asRequester));
      assert.equal(r.code, "conflict");
    });
  });

  describe("follow (similar at intake)", () => {
    it("adds the person as a follower once, with a history line, and leaves the status alone", () => {
      const first = applied(act(inStatus("in_progress"), ACTIONS.follow, asLead));
      assert.deepEqual(first.request.followers?.map((f) => f.id), [asLead.person.id], "the lead now follows it");
      assert.deepEqual(first.events.map((e) => [e.kind, e.public]), [["followed", true]], "one public history line says who follows it");
      const again = applied(act(first.request, ACTIONS.follow, asLead));
      assert.equal(again.events.length, 0, "following twice writes nothing (a retry is the first one)");
      assert.equal(again.request.followers?.length, 1, "nobody is listed twice");
    });

    it("the requester already follows their own request: nothing to write", () => {
      const r = applied(act(inStatus("new"), ACTIONS.follow, asRequester));
      assert.equal(r.events.length, 0, "no event for the requester");
      assert.equal(r.request.followers, undefined, "the requester is not listed as a follower of their own request");
    });

    it("an ended request cannot be followed, and the refusal says what to do", () => {
      const r = refused(act(inStatus("closed"), ACTIONS.follow, asAgent));
      assert.equal(r.message, "IT-7 is closed; only an open request can be followed. File a new one if you still need help.", "the message names the request and the way out");
    });
  });
});

describe("request", () => {
  describe("requestId and parseRequestId", () => {
    it("an id is the department key and the number", () => {
      assert.equal(requestId("IT", 42), "IT-42");
      assert.equal(requestId("FIN2", 1), "FIN2-1");
    });

    it("reads ids as people type them", () => {
      assert.deepEqual(parseRequestId("IT-42"), { department: "IT", number: 42 });
      assert.deepEqual(parseRequestId("it-42"), { department: "IT", number: 42 });
      assert.deepEqual(parseRequestId("  hr-7 "), { department: "HR", number: 7 });
      assert.deepEqual(parseRequestId("FIN2-1000"), { department: "FIN2", number: 1000 });
    });

    it("rejects what is not an id", () => {
      for (const bad of ["", "IT", "IT42", "IT-", "IT-0", "IT-042", "I-1", "2IT-1", "IT--1", "IT-1.5", "ABCDEFGHIJK-1", "IT-1 extra"]) {
        assert.equal(parseRequestId(bad), undefined, JSON.stringify(bad));
      }
    });
  });

  describe("newRequest", () => {
    const dept = department({
      calendar: { ...calendar247("Europe/Madrid"), holidays: ["2026-12-25"] },
      sla: slaPolicy({ warnAtPercent: 75 }),
    });
    const base = {
      tenantId: TENANT_ID,
      dept,
      number: 12,
      title: "VPN drops every hour",
      description: "Since Monday.",
      priority: "high" as const,
      requester: REQUESTER,
      source: { kind: "web" as const },
      now: mon("09:00"),
    };

    it("is new, numbered, with both clocks running from now on the department's terms", () => {
      const { request: r, events } = newRequest(base);
      assert.equal(r.id, "IT-12");
      assert.equal(r.number, 12);
      assert.equal(r.department, "IT");
      assert.equal(r.tenantId, TENANT_ID);
      assert.equal(r.status, "new");
      assert.equal(r.priority, "high");
      assert.equal(r.createdAt, mon("09:00"));
      assert.equal(r.updatedAt, mon("09:00"));
      assert.equal(r.assignee, undefined);
      assert.equal(r.createdBy, undefined);
      assert.deepEqual(r.escalations, {});
      assert.deepEqual(r.sla, {
        calendar: { ...calendar247("Europe/Madrid"), holidays: ["2026-12-25"] },
        warnAtPercent: 75,
        firstResponse: track(30, [[mon("09:00")]]),
        resolution: track(240, [[mon("09:00")]]),
      });
      assert.deepEqual(plain(events), [
        { at: mon("09:00"), actor: REQUESTER, kind: "created", to: "new", text: "VPN drops every hour" },
        { at: mon("09:00"), kind: "sla", clock: "firstResponse", sla: "start" },
        { at: mon("09:00"), kind: "sla", clock: "resolution", sla: "start" },
      ]);
    });

    it("an agent filing for someone else is recorded as the one who filed it", () => {
      const { request: r, events } = newRequest({ ...base, createdBy: AGENT });
      assert.deepEqual(r.createdBy, AGENT);
      assert.deepEqual(r.requester, REQUESTER);
      assert.deepEqual(events[0]!.actor, AGENT);
      const self = newRequest({ ...base, createdBy: REQUESTER }).request;
      assert.equal(self.createdBy, undefined, "filing for yourself is not filing for someone else");
    });

    it("its view shows both clocks, the due times and no more than was given", () => {
      const { request: r } = newRequest({ ...base, priority: "normal" });
      const view = toView(r, ms(mon("09:30")));
      assert.deepEqual(view.sla, {
        firstResponse: { state: "on_track", targetMinutes: 60, elapsedMinutes: 30, dueAt: mon("10:00"), warnAt: mon("09:45") },
        resolution: { state: "on_track", targetMinutes: 480, elapsedMinutes: 30, dueAt: mon("17:00"), warnAt: mon("15:00") },
      });
      assert.equal(view.etag, '"v1"', "the ETag is the version");
      for (const absent of ["assignee", "createdBy", "category", "firstRespondedAt", "resolvedAt", "closedAt", "rating", "history"]) {
        assert.equal(absent in view, false, `${absent} is left out`);
      }
      assert.equal("tenantId" in view, false, "the tenant is not shown");
      assert.equal("version" in view, false);
    });

    it("a breached clock shows as breached, still with its due time", () => {
      const { request: r } = newRequest({ ...base, priority: "normal" });
      assert.deepEqual(toView(r, ms(mon("10:05"))).sla.firstResponse, {
        state: "breached",
        targetMinutes: 60,
        elapsedMinutes: 65,
        dueAt: mon("10:00"),
        warnAt: mon("09:45"),
      });
    });

    it("the view carries the history when given", () => {
      const { request: r } = newRequest(base);
      const history = [{ seq: 1, at: mon("09:00"), kind: "created" as const, to: "new" }];
      assert.deepEqual(toView(r, ms(mon("09:00")), history).history, history);
      assert.equal(toView({ ...r, version: 4, etag: "W/\"storage's\"" }, ms(mon("09:00"))).etag, '"v4"', "storage's ETag stays inside");
    });
  });
});
