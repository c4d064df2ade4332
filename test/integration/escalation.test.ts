import assert from "node:assert/strict";
import sinon from "sinon";
import type { EscalationStep } from "../../shared/domain.ts";
import type { Escalation } from "../../bot/stream/change-bus.ts";
import type { TickResult } from "../../bot/scheduler/escalation-scheduler.ts";
import { metrics } from "../../bot/telemetry/metrics.ts";
import { startService, type TestService } from "../support/service.ts";

/**
 * The escalation ladder (DESIGN.md "The SLA clock"): at warnAtPercent, 100 % and 150 % of a
 * request's first-response or resolution target, in business time, each step once, recorded
 * in its history and published on the app's escalation bus; and the monthly figures (stats,
 * report) with month boundaries in the department's time zone.
 *
 * Time is the services' clock, moved by hand; the scheduler runs only when ticked
 * (the harness sets SCHEDULER_INTERVAL_MS=0).
 */

const week = (w: Array<[string, string]>) => ({ mon: w, tue: w, wed: w, thu: w, fri: w, sat: [], sun: [] });

/**
 * ESC: Madrid, Monday to Friday 09:00-17:00, 19 March 2026 a holiday; warnings at 75 %.
 * Normal: first response 60 min (warn 45, breach 60, 150 % at 90), resolution 480 min
 * (warn 360, breach 480, 150 % at 720). Europe changes to summer time on 29 March 2026.
 */
const ESC = {
  name: "Escalations",
  description: "A department for ladder tests.",
  calendar: { timeZone: "Europe/Madrid", week: week([["09:00", "17:00"]]), holidays: ["2026-03-19"] },
  sla: {
    warnAtPercent: 75,
    targets: {
      low: { firstResponseMinutes: 120, resolutionMinutes: 960 },
      normal: { firstResponseMinutes: 60, resolutionMinutes: 480 },
      high: { firstResponseMinutes: 30, resolutionMinutes: 240 },
      urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 },
    },
  },
  agents: [{ id: "demo-ben", name: "Ben Okafor" }],
  leads: [{ id: "demo-ana", name: "Ana García" }],
};

interface Harness {
  svc: TestService;
  dana: string;
  ben: string;
  ana: string;
  bus: Escalation[];
}

async function harness(svc: TestService, bus: Escalation[]): Promise<Harness> {
  svc.app.escalations.subscribe((e) => bus.push(e));
  const [dana, ben, ana] = await Promise.all([svc.token("dana"), svc.token("ben"), svc.token("ana")]);
  return { svc, dana, ben, ana, bus };
}

async function putEsc(svc: TestService) {
  const alex = await svc.token("alex");
  const res = await svc.call("PUT", "/api/departments/ESC", { token: alex, body: ESC });
  assert.ok(res.status === 201 || res.status === 200, res.text);
}

async function file(h: Harness, title: string, department = "ESC", priority = "normal") {
  const res = await h.svc.call("POST", "/api/requests", { token: h.dana, body: { department, title, priority } });
  assert.equal(res.status, 201, res.text);
  return res.body as { id: string; createdAt: string };
}

async function act(h: Harness, token: string, id: string, body: Record<string, unknown>) {
  const res = await h.svc.call("POST", `/api/requests/${id}/actions`, { token, body });
  assert.equal(res.status, 200, res.text);
  return res.body;
}

async function history(h: Harness, id: string) {
  const res = await h.svc.call("GET", `/api/requests/${id}`, { token: h.ana });
  assert.equal(res.status, 200, res.text);
  return res.body as { escalations: Record<string, string>; sla: any; history: Array<{ kind: string; step?: string; clock?: string; sla?: string; at: string }> };
}

const stepsOf = (r: TickResult, id: string) => r.fired.filter((f) => f.id === id).map((f) => f.step);
const busFor = (bus: Escalation[], id: string) => bus.filter((e) => e.request.id === id);

describe("escalation ladder", function () {
  this.timeout(60_000);
  let now = Date.parse("2026-03-02T08:00:00Z");
  let h: Harness;
  const bus: Escalation[] = [];

  /** Moves the clock to `iso` and runs one scheduler pass. */
  const tickAt = (iso: string) => {
    now = Date.parse(iso);
    return h.svc.app.scheduler.tick();
  };

  before(async () => {
    const svc = await startService({ demo: true, clock: () => now });
    h = await harness(svc, bus);
    await putEsc(svc);
  });
  after(() => h.svc.close());

  it("walks warn, breach and breach150 of the first-response target in business time (across a weekend)", async () => {
    now = Date.parse("2026-03-06T15:30:00Z"); // Friday 16:30 in Madrid: 30 business minutes left today
    const a = await file(h, "Ladder on the first response");

    assert.deepEqual(stepsOf(await tickAt("2026-03-06T15:59:00Z"), a.id), [], "Fri 16:59: 29 min");
    assert.deepEqual(stepsOf(await tickAt("2026-03-07T11:00:00Z"), a.id), [], "Saturday: a day later, still 30 business min");
    assert.deepEqual(stepsOf(await tickAt("2026-03-09T08:14:59Z"), a.id), [], "Mon 09:14:59: just under 45 min");

    assert.deepEqual(stepsOf(await tickAt("2026-03-09T08:15:00Z"), a.id), ["warn"], "Mon 09:15: 45 min = 75 %");
    let view = await history(h, a.id);
    assert.equal(view.sla.firstResponse.state, "at_risk");
    assert.equal(view.escalations.warn, "2026-03-09T08:15:00.000Z");
    assert.deepEqual(stepsOf(await tickAt("2026-03-09T08:15:00Z"), a.id), [], "a second pass at once fires nothing");
    assert.deepEqual(stepsOf(await tickAt("2026-03-09T08:29:59Z"), a.id), []);

    assert.deepEqual(stepsOf(await tickAt("2026-03-09T08:30:00Z"), a.id), ["breach"], "Mon 09:30: 60 min = 100 %");
    view = await history(h, a.id);
    assert.equal(view.sla.firstResponse.state, "breached");
    assert.deepEqual(stepsOf(await tickAt("2026-03-09T08:59:59Z"), a.id), []);

    assert.deepEqual(stepsOf(await tickAt("2026-03-09T09:00:00Z"), a.id), ["breach150"], "Mon 10:00: 90 min = 150 %");
    // The resolution clock passes its own thresholds later the same day: each step fired already.
    for (const t of ["2026-03-09T13:30:00Z", "2026-03-09T15:30:00Z", "2026-03-10T15:00:00Z"]) {
      assert.deepEqual(stepsOf(await tickAt(t), a.id), [], t);
    }

    view = await history(h, a.id);
    const esc = view.history.filter((e) => e.kind === "escalation");
    assert.deepEqual(esc.map((e) => [e.step, e.clock, e.at]), [
      ["warn", "firstResponse", "2026-03-09T08:15:00.000Z"],
      ["breach", "firstResponse", "2026-03-09T08:30:00.000Z"],
      ["breach150", "firstResponse", "2026-03-09T09:00:00.000Z"],
    ]);
    // The resolution clock's breach escalates nobody again, but is written down when it comes:
    // the figures count an open request's breach from what is stored.
    const slaEvents = view.history.filter((e) => e.kind === "sla" && (e.sla === "warning" || e.sla === "breach"));
    assert.deepEqual(slaEvents.map((e) => [e.sla, e.clock, e.at]), [
      ["warning", "firstResponse", "2026-03-09T08:15:00.000Z"],
      ["breach", "firstResponse", "2026-03-09T08:30:00.000Z"],
      ["breach", "resolution", "2026-03-09T15:30:00.000Z"],
    ]);
    assert.deepEqual(view.escalations, {
      warn: "2026-03-09T08:15:00.000Z",
      breach: "2026-03-09T08:30:00.000Z",
      breach150: "2026-03-09T09:00:00.000Z",
    });

    const published = busFor(h.bus, a.id);
    assert.deepEqual(published.map((e) => e.step), ["warn", "breach", "breach150"]);
    assert.deepEqual(published.map((e) => e.clock), ["firstResponse", "firstResponse", "firstResponse"]);
    // Unassigned: the warning goes to the triage channel; then leads and triage; then the leads with the history.
    assert.deepEqual(published.map((e) => e.notify), [["triage"], ["leads", "triage"], ["leads"]]);
    assert.deepEqual(published.map((e) => e.withHistory), [false, false, true]);
    published.forEach((e, i) => {
      assert.equal(e.request.id, a.id);
      assert.equal(e.request.escalations[e.step], esc[i].at, "the published request records its step");
    });
  });

  it("walks the resolution target of an assigned request, skipping a holiday", async () => {
    now = Date.parse("2026-03-18T13:00:00Z"); // Wednesday 14:00; Thursday 19 is a holiday
    const b = await file(h, "Ladder on the resolution");
    now = Date.parse("2026-03-18T13:10:00Z");
    await act(h, h.ben, b.id, { action: "take" }); // first response met at 10 min

    // Resolution 480: warn at 360 (Wed 180 + Fri 180 = Fri 12:00), breach at 480 (Fri 14:00),
    // 150 % at 720 (Wed 180 + Fri 480 + Mon 60 = Mon 23 March 10:00).
    assert.deepEqual(stepsOf(await tickAt("2026-03-19T15:00:00Z"), b.id), [], "the holiday does not count");
    assert.deepEqual(stepsOf(await tickAt("2026-03-20T10:59:00Z"), b.id), []);
    assert.deepEqual(stepsOf(await tickAt("2026-03-20T11:00:00Z"), b.id), ["warn"]);
    assert.deepEqual(stepsOf(await tickAt("2026-03-20T12:59:00Z"), b.id), []);
    assert.deepEqual(stepsOf(await tickAt("2026-03-20T13:00:00Z"), b.id), ["breach"]);
    assert.deepEqual(stepsOf(await tickAt("2026-03-21T12:00:00Z"), b.id), [], "Saturday");
    assert.deepEqual(stepsOf(await tickAt("2026-03-23T08:59:00Z"), b.id), []);
    assert.deepEqual(stepsOf(await tickAt("2026-03-23T09:00:00Z"), b.id), ["breach150"]);

    const view = await history(h, b.id);
    assert.deepEqual(
      view.history.filter((e) => e.kind === "escalation").map((e) => [e.step, e.clock]),
      [["warn", "resolution"], ["breach", "resolution"], ["breach150", "resolution"]],
    );
    const published = busFor(h.bus, b.id);
    assert.deepEqual(published.map((e) => [e.step, e.clock]), [["warn", "resolution"], ["breach", "resolution"], ["breach150", "resolution"]]);
    assert.deepEqual(published[0].notify, ["assignee"], "assigned: the warning goes to the assignee");
    assert.equal(published[0].request.assignee?.id, "demo-ben");
  });

  it("fires every step that came due while nobody looked, each once, in ladder order", async () => {
    now = Date.parse("2026-03-23T08:00:00Z"); // Monday 09:00
    const c = await file(h, "Nobody looked");
    const r = await tickAt("2026-03-24T11:00:00Z"); // Tuesday noon: far past 150 %
    assert.deepEqual(stepsOf(r, c.id), ["warn", "breach", "breach150"]);
    assert.deepEqual(stepsOf(await tickAt("2026-03-24T11:00:01Z"), c.id), []);
    assert.deepEqual(stepsOf(await tickAt("2026-03-26T11:00:00Z"), c.id), []);
    const view = await history(h, c.id);
    assert.deepEqual(view.history.filter((e) => e.kind === "escalation").map((e) => e.step), ["warn", "breach", "breach150"]);
    assert.deepEqual(busFor(h.bus, c.id).map((e) => e.step), ["warn", "breach", "breach150"]);
  });

  it("does not escalate a request waiting on the requester; the clock goes on after the reply", async () => {
    now = Date.parse("2026-03-25T08:00:00Z"); // Wednesday 09:00
    const d = await file(h, "Waiting on Dana");
    now = Date.parse("2026-03-25T08:05:00Z");
    const waiting = await act(h, h.ben, d.id, { action: "wait", text: "Which laptop model?" });
    assert.equal(waiting.status, "waiting");
    assert.equal(waiting.sla.resolution.state, "paused");

    for (const t of ["2026-03-25T16:00:00Z", "2026-03-27T15:00:00Z", "2026-03-30T12:00:00Z", "2026-04-08T12:00:00Z"]) {
      assert.deepEqual(stepsOf(await tickAt(t), d.id), [], `paused at ${t}`);
    }
    assert.deepEqual(busFor(h.bus, d.id), []);

    // Dana answers on Monday 13 April 09:00 (summer time, UTC+2): 5 min counted so far,
    // so the 75 % warning (360 min) comes 355 business minutes later, at 14:55.
    now = Date.parse("2026-04-13T07:00:00Z");
    const resumed = await act(h, h.dana, d.id, { action: "comment", text: "The 14-inch one." });
    assert.equal(resumed.status, "in_progress");
    assert.deepEqual(stepsOf(await tickAt("2026-04-13T12:54:00Z"), d.id), []);
    assert.deepEqual(stepsOf(await tickAt("2026-04-13T12:55:00Z"), d.id), ["warn"]);
    const published = busFor(h.bus, d.id);
    assert.deepEqual(published.map((e) => [e.step, e.clock, e.notify]), [["warn", "resolution", ["assignee"]]]);
    const view = await history(h, d.id);
    assert.deepEqual(view.history.filter((e) => e.kind === "escalation").map((e) => e.step), ["warn"]);
    assert.deepEqual(
      view.history.filter((e) => e.kind === "sla" && e.clock === "resolution").map((e) => e.sla),
      ["start", "pause", "resume", "warning"],
    );
  });

  it("does not escalate requests that are resolved or cancelled", async () => {
    now = Date.parse("2026-04-14T07:00:00Z");
    const e = await file(h, "Resolved quickly");
    const f = await file(h, "Cancelled quickly");
    now = Date.parse("2026-04-14T07:05:00Z");
    await act(h, h.ben, e.id, { action: "resolve", text: "Done." });
    await act(h, h.dana, f.id, { action: "cancel" });
    const r = await tickAt("2026-04-20T12:00:00Z");
    assert.deepEqual([...stepsOf(r, e.id), ...stepsOf(r, f.id)], []);
    assert.deepEqual([...busFor(h.bus, e.id), ...busFor(h.bus, f.id)], []);
  });
});

describe("escalation with two instances", function () {
  this.timeout(60_000);
  let now = Date.parse("2026-03-02T08:00:00Z");
  const busA: Escalation[] = [];
  const busB: Escalation[] = [];
  let a: Harness;
  let b: Harness;

  before(async () => {
    const svcA = await startService({ demo: true, clock: () => now });
    const svcB = await startService({ prefix: svcA.prefix, clock: () => now });
    a = await harness(svcA, busA);
    b = await harness(svcB, busB);
    await putEsc(svcA);
  });
  after(async () => {
    await a.svc.close();
    await b.svc.close();
  });

  it("fires each step exactly once when both schedulers tick at the same time", async () => {
    // The tandem.breaches metric is recorded where the breach is written: once, whoever wins.
    const breaches = sinon.spy(metrics, "breach");
    after(() => breaches.restore());
    now = Date.parse("2026-03-09T08:00:00Z"); // Monday 09:00
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await file(i % 2 ? b : a, `Raced ${i}`)).id);
    const results = new Set<TickResult>(); // calls that shared a pass share its result
    const raceAt = async (iso: string) => {
      now = Date.parse(iso);
      // Several passes at once on each instance (calls on one instance share its pass).
      for (const r of await Promise.all([a.svc.app.scheduler.tick(), b.svc.app.scheduler.tick(), b.svc.app.scheduler.tick(), a.svc.app.scheduler.tick()])) results.add(r);
      for (const r of await Promise.all([b.svc.app.scheduler.tick(), a.svc.app.scheduler.tick()])) results.add(r);
    };
    await raceAt("2026-03-09T08:45:00Z"); // 45 min: warn
    await raceAt("2026-03-09T09:00:00Z"); // 60 min: breach
    await raceAt("2026-03-09T09:30:00Z"); // 90 min: breach150
    await raceAt("2026-03-09T15:00:00Z"); // resolution passes 75 % and 100 %: nothing new

    const expected: EscalationStep[] = ["warn", "breach", "breach150"];
    for (const id of ids) {
      const fired = [...results].flatMap((r) => stepsOf(r, id));
      assert.deepEqual([...fired].sort(), [...expected].sort(), `${id} fired ${fired.join(",")}`);
      const published = [...busFor(busA, id), ...busFor(busB, id)].map((e) => e.step);
      assert.deepEqual([...published].sort(), [...expected].sort(), `${id} published ${published.join(",")}`);
      const view = await history(a, id);
      assert.deepEqual(view.history.filter((e) => e.kind === "escalation").map((e) => e.step), expected, id);
      assert.equal(view.history.filter((e) => e.kind === "sla" && e.sla === "warning").length, 1);
      assert.equal(view.history.filter((e) => e.kind === "sla" && e.sla === "breach").length, 1);
    }
    // Both instances did part of the work (or one did it all): together, exactly once each.
    const total = busA.filter((e) => ids.includes(e.request.id)).length + busB.filter((e) => ids.includes(e.request.id)).length;
    assert.equal(total, ids.length * 3);
    assert.deepEqual(breaches.args.filter(([, dept]) => dept === "ESC"), ids.map(() => ["firstResponse", "ESC"]), "one breach metric per request");
  });
});

describe("department stats and the monthly report", function () {
  this.timeout(60_000);
  let now = Date.parse("2026-02-10T09:00:00Z"); // the demo requests are filed in February
  let h: Harness;
  let alex: string;
  const ids: Record<string, string> = {};

  const fileAt = async (iso: string, key: string, department: string, title: string, priority = "normal") => {
    now = Date.parse(iso);
    ids[key] = (await file(h, title, department, priority)).id;
  };
  const actAt = async (iso: string, token: string, key: string, body: Record<string, unknown>) => {
    now = Date.parse(iso);
    return act(h, token, ids[key], body);
  };

  before(async () => {
    const svc = await startService({ demo: true, clock: () => now });
    h = await harness(svc, []);
    alex = await svc.token("alex");

    // Human Resources works in New York (EST UTC-5 until 8 March, then EDT UTC-4).
    await fileAt("2026-03-01T04:30:00Z", "H0", "HR", "Sat 28 Feb 23:30 in New York: February"); // UTC says March
    await fileAt("2026-03-01T05:30:00Z", "H2", "HR", "Sun 1 Mar 00:30 in New York: March");
    // IT works in Madrid (CET UTC+1 until 29 March, then CEST UTC+2).
    await fileAt("2026-03-05T09:00:00Z", "R2", "IT", "Urgent, answered late", "urgent"); // Thu 10:00
    await actAt("2026-03-05T10:00:00Z", h.ben, "R2", { action: "take" }); // 60 min > 15: missed
    await actAt("2026-03-05T10:30:00Z", h.ben, "R2", { action: "resolve" }); // 90 min <= 240: met
    await actAt("2026-03-05T10:40:00Z", h.dana, "R2", { action: "rate", score: 2 });
    await fileAt("2026-03-10T09:00:00Z", "R1", "IT", "Normal, on time"); // Tue 10:00
    await actAt("2026-03-10T09:30:00Z", h.ben, "R1", { action: "take" }); // 30 min: met
    await actAt("2026-03-10T11:00:00Z", h.ben, "R1", { action: "resolve" }); // 120 min: met
    await actAt("2026-03-10T11:05:00Z", h.dana, "R1", { action: "rate", score: 5, comment: "Quick!" });
    await fileAt("2026-03-12T09:00:00Z", "R3", "IT", "Cancelled");
    await actAt("2026-03-12T09:05:00Z", h.dana, "R3", { action: "cancel" });
    await fileAt("2026-03-31T21:30:00Z", "R4", "IT", "Tue 31 Mar 23:30 in Madrid: March");
    await fileAt("2026-03-31T22:30:00Z", "R5", "IT", "Wed 1 Apr 00:30 in Madrid: April"); // UTC says March
    await fileAt("2026-04-01T03:30:00Z", "H1", "HR", "Tue 31 Mar 23:30 in New York: March"); // UTC says April
    now = Date.parse("2026-04-15T10:00:00Z");
  });
  after(() => h.svc.close());

  // An admin's view: exact figures. People outside a department see groups under 5 folded (stats-privacy.test.ts).
  const stats = async (dept: string, query = "", token = alex) => {
    const res = await h.svc.call("GET", `/api/departments/${dept}/stats${query}`, { token });
    assert.equal(res.status, 200, res.text);
    return res.body;
  };

  it("counts a month by the department's local calendar (stats with from/to dates)", async () => {
    const march = await stats("IT", "?from=2026-03-01&to=2026-04-01");
    assert.equal(march.from, "2026-02-28T23:00:00.000Z", "local midnight in Madrid");
    assert.equal(march.to, "2026-03-31T22:00:00.000Z");
    assert.equal(march.created, 4, "R1, R2, R3 and R4 (23:30 on the 31st); not R5 (00:30 on the 1st)");
    assert.equal(march.resolved, 2);
    assert.equal(march.cancelled, 1);
    assert.deepEqual(
      { measured: march.firstResponse.measured, met: march.firstResponse.met, missed: march.firstResponse.missed, pct: march.firstResponse.attainmentPercent, median: march.firstResponse.medianMinutes, p90: march.firstResponse.p90Minutes },
      // R1 met, R2 missed; and the demo's laptop request (filed in February, never answered) was
      // still open past its target at March's end: missed too, not left out.
      { measured: 3, met: 1, missed: 2, pct: 33.3, median: 45, p90: 60 },
    );
    assert.equal(march.firstResponse.openOverdue, 1, "the demo's laptop request");
    assert.deepEqual(
      { measured: march.resolution.measured, met: march.resolution.met, pct: march.resolution.attainmentPercent, median: march.resolution.medianMinutes, p90: march.resolution.p90Minutes },
      // R1 and R2 resolved in time; both demo requests open past their resolution target at March's end.
      { measured: 4, met: 2, pct: 50, median: 105, p90: 120 },
    );
    assert.equal(march.breaches, 2, "R2 missed its first response; R4 is past its first-response target now");
    assert.deepEqual({ n: march.csat.responses, avg: march.csat.average, sat: march.csat.satisfiedPercent }, { n: 2, avg: 3.5, sat: 50 });
    assert.deepEqual(march.csat.distribution, { "1": 0, "2": 1, "3": 0, "4": 0, "5": 1 });
    // March is over: its backlog is the one at its end, the two demo requests and R4 (R5 came in April).
    assert.equal(march.backlogAt, "2026-03-31T22:00:00.000Z");
    assert.equal(march.open, 3);
    assert.equal(march.backlogByStatus, undefined, "statuses at a past instant are not kept");
    // April is still running: its backlog is now's, the demo requests, R4 and R5.
    const april = await stats("IT", "?from=2026-04-01&to=2026-05-01");
    assert.equal(april.open, 4);
    assert.deepEqual(april.backlogByStatus, { new: 3, in_progress: 1, waiting: 0 });
    // R4 (filed 23:30 on the 31st) passed its first-response target on 1 April, untouched: missed in April.
    assert.ok(april.firstResponse.missed >= 1 && april.firstResponse.openOverdue >= 1, JSON.stringify(april.firstResponse));
    const urgent = march.byPriority.find((p: { priority: string }) => p.priority === "urgent");
    assert.deepEqual(urgent, { priority: "urgent", created: 1, firstResponseAttainment: 0, resolutionAttainment: 100 });
    const asRequester = await stats("IT", "?from=2026-03-01&to=2026-04-01", h.dana);
    assert.equal(asRequester.created, 4);
    assert.equal(asRequester.byPriority.find((p: { priority: string }) => p.priority === "urgent"), undefined, "one urgent request is not shown to a requester");

    const hr = await stats("HR", "?from=2026-03-01&to=2026-04-01");
    assert.equal(hr.from, "2026-03-01T05:00:00.000Z", "local midnight in New York");
    assert.equal(hr.to, "2026-04-01T04:00:00.000Z");
    assert.equal(hr.created, 2, "H2 and H1 (23:30 on the 31st, 03:30 UTC on 1 April); not H0");
    assert.equal((await stats("HR", "?from=2026-02-01&to=2026-03-01")).created, 1 + 1, "H0 and the demo HR request");

    // Date-times are widened to the whole local days they touch (day summaries' resolution):
    // 00:00 UTC on 1 March is still 28 February in New York, and 00:00 UTC on 1 April is 31 March.
    const utc = await stats("HR", "?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z");
    assert.equal(utc.from, "2026-02-28T05:00:00.000Z");
    assert.equal(utc.to, "2026-04-01T04:00:00.000Z");
    assert.equal(utc.created, 3, "H0 (28 Feb), H2 and H1 (31 Mar) in New York");
  });

  it("defaults to the current local month, with an 8-week trend", async () => {
    const april = await stats("IT");
    assert.equal(april.from, "2026-03-31T22:00:00.000Z");
    assert.equal(april.to, "2026-04-30T22:00:00.000Z");
    assert.equal(april.created, 1, "R5");
    assert.equal(april.department.timeZone, "Europe/Madrid");
    assert.equal(april.trend.length, 8);
    assert.equal(april.trend[7].weekStart, "2026-04-13");
    assert.equal((await stats("HR")).created, 0, "H1 belongs to March in New York");
  });

  it("gives the monthly report as JSON, for leads and admins", async () => {
    const res = await h.svc.call("GET", "/api/departments/IT/report?month=2026-03&format=json", { token: h.ana });
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    const r = res.body;
    assert.equal(r.month, "2026-03");
    assert.equal(r.timeZone, "Europe/Madrid");
    assert.equal(r.from, "2026-02-28T23:00:00.000Z");
    assert.equal(r.to, "2026-03-31T22:00:00.000Z");
    assert.deepEqual(
      { created: r.stats.created, resolved: r.stats.resolved, cancelled: r.stats.cancelled, breaches: r.stats.breaches },
      { created: 4, resolved: 2, cancelled: 1, breaches: 2 },
    );
    assert.deepEqual(r.breachedRequests.map((x: { id: string }) => x.id), [ids.R2, ids.R4]);
    assert.equal(r.breachedRequests[0].firstResponse, "missed");
    assert.equal(r.breachedRequests[0].firstResponseElapsedMinutes, 60);
    assert.equal(r.breachedRequests[0].firstResponseTargetMinutes, 15);
    assert.equal(r.breachedRequests[1].firstResponse, "breached");
    assert.equal(r.warnAtPercent, 80);
    assert.equal(r.requestCount, 4, "the month's requests are counted; their rows are the CSV's");
    assert.deepEqual(r.verbatims.map((v: { id: string; score: number; comment: string }) => [v.id, v.score, v.comment]), [[ids.R1, 5, "Quick!"]], "what the requester wrote, for the review");

    const json = await h.svc.call("GET", "/api/departments/IT/report?month=2026-03", { token: alex });
    assert.equal(json.status, 200, "JSON is the default, and admins may read it");
    assert.equal(json.body.stats.created, 4);

    const hr = await h.svc.call("GET", "/api/departments/HR/report?month=2026-03", { token: alex });
    assert.equal(hr.body.stats.created, 2);
    assert.equal(hr.body.from, "2026-03-01T05:00:00.000Z");
    const hrFeb = await h.svc.call("GET", "/api/departments/HR/report?month=2026-02", { token: alex });
    assert.equal(hrFeb.body.stats.created, 2, "H0 (23:30 on 28 Feb in New York) and the demo request");
  });

  it("gives the monthly report as CSV, one row per request created or resolved in the month, and its figures as summary-csv", async () => {
    const res = await h.svc.call("GET", "/api/departments/IT/report?month=2026-03&format=csv", { token: h.ana });
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get("content-type") ?? "", /^text\/csv/);
    assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="tandem-IT-2026-03\.csv"/);
    const lines = res.text.split("\r\n");
    assert.ok(lines[0]!.startsWith("id,title,priority,category,status,source,requester,assignee,created (Europe/Madrid),"), lines[0]);
    assert.equal(lines.at(-1), "", "ends with a line end");
    const rows = lines.slice(1, -1);
    assert.deepEqual(rows.map((l) => l.split(",")[0]), [ids.R2, ids.R1, ids.R3, ids.R4], "the month's requests, oldest first; not R5 (April in Madrid)");
    assert.ok(rows[0]!.includes(",2026-03-05 10:00,2026-03-05 11:00,2026-03-05 11:30,yes,yes,missed,60,15,met,"), `R2's times in Madrid and its outcomes: ${rows[0]}`);
    assert.ok(rows[1]!.endsWith(",5,"), `R1 rated 5, no CES: ${rows[1]}`);

    const summary = await h.svc.call("GET", "/api/departments/IT/report?month=2026-03&format=summary-csv", { token: h.ana });
    assert.equal(summary.status, 200, summary.text);
    assert.match(summary.headers.get("content-disposition") ?? "", /attachment; filename="tandem-IT-2026-03-summary\.csv"/);
    const figures = summary.text.split("\r\n");
    assert.equal(figures[0], "metric,value");
    for (const line of ["month,2026-03", "time zone (of the month's days),Europe/Madrid", "created,4", "resolved,2", "cancelled,1", "first response on time %,33.3", "resolved on time %,50", "CSAT average (1-5),3.5", "open at the month's end (or now),3"]) {
      assert.ok(figures.includes(line), `has ${line}`);
    }
    const bad = await h.svc.call("GET", "/api/departments/IT/report?month=2026-03&format=xlsx", { token: h.ana });
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.body.error.message, /summary-csv/, "the error names the formats");
  });

  it("keeps the report to leads and admins; stats are for everyone", async () => {
    const ben = h.ben;
    const carla = await h.svc.token("carla"); // HR lead
    for (const [who, token] of [["IT agent", ben], ["requester", h.dana], ["another department's lead", carla]] as const) {
      for (const format of ["json", "csv"]) {
        const res = await h.svc.call("GET", `/api/departments/IT/report?month=2026-03&format=${format}`, { token });
        assert.equal(res.status, 403, `${who} ${format}: ${res.text}`);
        assert.equal(res.body.error.code, "forbidden");
      }
    }
    assert.equal((await h.svc.call("GET", "/api/departments/IT/report?month=2026-03")).status, 401);
    for (const token of [ben, h.dana, carla, h.ana, alex]) {
      assert.equal((await h.svc.call("GET", "/api/departments/IT/stats", { token })).status, 200);
    }
    const bad = await h.svc.call("GET", "/api/departments/IT/report?month=2026-13", { token: h.ana });
    assert.equal(bad.status, 400);
    const none = await h.svc.call("GET", "/api/departments/IT/report", { token: h.ana });
    assert.equal(none.status, 400);
    assert.match(none.body.error.message, /month/);
  });
});
