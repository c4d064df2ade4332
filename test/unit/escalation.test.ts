/**
 * The escalation ladder (shared/escalation.ts): at warnAtPercent of either target, at 100 %
 * and at 150 %, each step once per request, on whichever running clock gets there first.
 *
 * Most requests here are on a 24x7 UTC calendar (business time = real time), normal priority
 * (first response 60 min, resolution 480 min, warn at 80 %), created Monday 2026-03-02 09:00 UTC:
 * first response warns at 09:48, breaches at 10:00 and at 150 % at 10:30; resolution at
 * 15:24, 17:00 and 21:00. One business-hours calendar (Madrid, Mon-Fri 09:00-17:00, CET = UTC+1
 * in early March) checks that nights and weekends do not count.
 */
import assert from "node:assert/strict";
import type { ServiceRequest, Status } from "../../shared/domain.ts";
import { breachesSinceWritten, dueAtOf, dueSteps, nextCheckAt, pendingSteps, scheduleOf, stepFractions, unrecordedBreaches, type DueStep } from "../../shared/escalation.ts";
import { applyAction } from "../../shared/lifecycle.ts";
import { AGENT, actor, department, officeCalendar, request, track, type RequestOverrides } from "../support/fixtures.ts";

const mon = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;
const ms = (iso: string) => Date.parse(iso);
const CREATED = mon("09:00");

/** Steps with readable times, for comparing with hand-worked ISO instants. */
const readable = (steps: DueStep[]) => steps.map((s) => ({ step: s.step, clock: s.clock, at: new Date(s.at).toISOString() }));

/** A request on the 24x7 calendar, first response answered at 09:30, resolution running. */
function responded(overrides: RequestOverrides = {}): ServiceRequest {
  return request({
    status: "in_progress",
    assignee: AGENT,
    firstRespondedAt: mon("09:30"),
    ...overrides,
    sla: { firstResponse: track(60, [[CREATED, mon("09:30")]], true), ...overrides.sla },
  });
}

describe("escalation", () => {
  describe("stepFractions", () => {
    it("is the ladder: warn at warnAtPercent, breach at 100 %, breach150 at 150 %", () => {
      assert.deepEqual(stepFractions(80), [
        ["warn", 0.8],
        ["breach", 1],
        ["breach150", 1.5],
      ]);
      assert.deepEqual(stepFractions(50)[0], ["warn", 0.5]);
    });
  });

  describe("on a 24x7 calendar", () => {
    it("a new request: the first-response clock gets to every step first", () => {
      assert.deepEqual(readable(pendingSteps(request())), [
        { step: "warn", clock: "firstResponse", at: mon("09:48") },
        { step: "breach", clock: "firstResponse", at: mon("10:00") },
        { step: "breach150", clock: "firstResponse", at: mon("10:30") },
      ]);
      assert.equal(nextCheckAt(request()), mon("09:48"));
    });

    it("steps become due exactly at their instant, and every due step is returned in ladder order", () => {
      const req = request();
      assert.deepEqual(dueSteps(req, ms(mon("09:47")) + 59_999), []);
      assert.deepEqual(readable(dueSteps(req, ms(mon("09:48")))), [
        { step: "warn", clock: "firstResponse", at: mon("09:48") },
      ]);
      assert.deepEqual(readable(dueSteps(req, ms(mon("10:00")))).map((s) => s.step), ["warn", "breach"]);
      // The scheduler was away for an hour: everything due fires now, each once.
      assert.deepEqual(readable(dueSteps(req, ms(mon("11:00")))), [
        { step: "warn", clock: "firstResponse", at: mon("09:48") },
        { step: "breach", clock: "firstResponse", at: mon("10:00") },
        { step: "breach150", clock: "firstResponse", at: mon("10:30") },
      ]);
    });

    it("once the first response is given, the resolution clock drives the ladder", () => {
      assert.deepEqual(readable(pendingSteps(responded())), [
        { step: "warn", clock: "resolution", at: mon("15:24") },
        { step: "breach", clock: "resolution", at: mon("17:00") },
        { step: "breach150", clock: "resolution", at: mon("21:00") },
      ]);
      assert.equal(nextCheckAt(responded()), mon("15:24"));
      assert.deepEqual(dueSteps(responded(), ms(mon("15:23"))), []);
    });

    it("the warning follows the request's warnAtPercent", () => {
      const req = request({ sla: { warnAtPercent: 50 } });
      assert.deepEqual(readable(pendingSteps(req))[0], { step: "warn", clock: "firstResponse", at: mon("09:30") });
      assert.equal(nextCheckAt(req), mon("09:30"));
    });

    it("each step comes from whichever clock reaches it first", () => {
      // A department whose resolution promise (100 min) is shorter than its first response (120).
      const req = request({
        sla: { firstResponse: track(120, [[CREATED]]), resolution: track(100, [[CREATED]]) },
      });
      assert.deepEqual(readable(pendingSteps(req)), [
        { step: "warn", clock: "resolution", at: mon("10:20") },
        { step: "breach", clock: "resolution", at: mon("10:40") },
        { step: "breach150", clock: "resolution", at: mon("11:30") },
      ]);
    });

    it("an urgent request escalates on urgent times", () => {
      // Urgent: first response 15 min, resolution 120 min.
      const req = request({ priority: "urgent" });
      assert.deepEqual(readable(pendingSteps(req)), [
        { step: "warn", clock: "firstResponse", at: mon("09:12") },
        { step: "breach", clock: "firstResponse", at: mon("09:15") },
        { step: "breach150", clock: "firstResponse", at: "2026-03-02T09:22:30.000Z" },
      ]);
    });

    it("steps already fired are skipped; the next check is the next step", () => {
      const warned = request({ escalations: { warn: mon("09:48") } });
      assert.deepEqual(readable(pendingSteps(warned)).map((s) => s.step), ["breach", "breach150"]);
      assert.equal(nextCheckAt(warned), mon("10:00"));
      assert.deepEqual(readable(dueSteps(warned, ms(mon("10:05")))), [
        { step: "breach", clock: "firstResponse", at: mon("10:00") },
      ]);

      const breached = request({ escalations: { warn: mon("09:48"), breach: mon("10:00") } });
      assert.equal(nextCheckAt(breached), mon("10:30"));
    });

    it("a step fired on the first-response clock does not fire again on the resolution clock", () => {
      const req = responded({ escalations: { warn: mon("09:48") } });
      assert.deepEqual(readable(pendingSteps(req)).map((s) => s.step), ["breach", "breach150"]);
      assert.equal(nextCheckAt(req), mon("17:00"));
    });

    it("when every step has fired there is nothing more to check", () => {
      const done = request({ escalations: { warn: mon("09:48"), breach: mon("10:00"), breach150: mon("10:30") } });
      assert.deepEqual(pendingSteps(done), []);
      assert.deepEqual(dueSteps(done, ms(mon("23:00"))), []);
      assert.equal(nextCheckAt(done), undefined);
    });

    it("every running clock's breach is a due time, after the ladder has fired too: the figures count it from the stored request", () => {
      // Answered late at 10:10 (the ladder fired on the first response); resolution breaches at 17:00.
      const late = request({
        status: "in_progress",
        assignee: AGENT,
        firstRespondedAt: mon("10:10"),
        updatedAt: mon("10:40"),
        escalations: { warn: mon("09:48"), breach: mon("10:00"), breach150: mon("10:30") },
        sla: { firstResponse: track(60, [[CREATED, mon("10:10")]], true) },
      });
      assert.equal(nextCheckAt(late), undefined, "no step of the ladder is left");
      assert.equal(dueAtOf(late, 0), mon("17:00"));
      assert.deepEqual(scheduleOf(late, 0), { dueAt: mon("17:00"), lateAt: mon("17:00") }, "due and late entries at the breach");
      assert.deepEqual(breachesSinceWritten(late, ms(mon("16:59"))), []);
      assert.deepEqual(breachesSinceWritten(late, ms(mon("17:00"))), ["resolution"]);
      const written = { ...late, updatedAt: mon("17:00") };
      assert.deepEqual(breachesSinceWritten(written, ms(mon("23:00"))), [], "once written down, it is not due again");
      assert.equal(dueAtOf(written, 0), undefined);
      assert.deepEqual(scheduleOf(written, 0), { dueAt: undefined, lateAt: undefined });
      // Resolved: due when the quiet period ends, and no late entry (the key is there, undefined:
      // a store spreads the schedule over the request's previous one, which may have had one).
      assert.deepEqual(scheduleOf({ ...late, status: "resolved", updatedAt: mon("12:00") }, 3_600_000), { dueAt: mon("13:00"), lateAt: undefined });
      // A new request: due at its first ladder step, late at its first breach.
      assert.deepEqual(scheduleOf(request(), 0), { dueAt: mon("09:48"), lateAt: mon("10:00") });
      // Both clocks of a new request: each breach is due, the ladder's steps before them.
      assert.deepEqual(unrecordedBreaches(request()).map((b) => [b.clock, new Date(b.at).toISOString()]), [
        ["firstResponse", mon("10:00")],
        ["resolution", mon("17:00")],
      ]);
    });

    it("a request waiting on the requester has no steps: nothing is running", () => {
      const waiting = responded({ status: "waiting", sla: { resolution: track(480, [[CREATED, mon("10:00")]]) } });
      assert.deepEqual(pendingSteps(waiting), []);
      assert.deepEqual(dueSteps(waiting, ms("2026-03-09T09:00:00.000Z")), []);
      assert.equal(nextCheckAt(waiting), undefined);
    });

    it("after a pause, the ladder counts only the running time: the wait is not held against the department", () => {
      // Ran 09:00-10:00 (60 min), waited, resumed at 12:00.
      const resumed = responded({ sla: { resolution: track(480, [[CREATED, mon("10:00")], [mon("12:00")]]) } });
      assert.deepEqual(readable(pendingSteps(resumed)), [
        { step: "warn", clock: "resolution", at: mon("17:24") },
        { step: "breach", clock: "resolution", at: mon("19:00") },
        { step: "breach150", clock: "resolution", at: mon("23:00") },
      ]);
    });

    it("a clock that is already past a step when it runs again reaches it at once", () => {
      // Now urgent (120 min) with 120 min already counted before a pause; resumed at 13:00.
      const req = responded({
        priority: "urgent",
        sla: { resolution: track(120, [[CREATED, mon("11:00")], [mon("13:00")]]) },
      });
      assert.deepEqual(readable(pendingSteps(req)), [
        { step: "warn", clock: "resolution", at: mon("13:00") },
        { step: "breach", clock: "resolution", at: mon("13:00") },
        { step: "breach150", clock: "resolution", at: mon("14:00") },
      ]);
    });

    for (const status of ["resolved", "closed", "cancelled"] as Status[]) {
      it(`a ${status} request has no steps, whatever its clocks say`, () => {
        const req = request({ status });
        assert.deepEqual(pendingSteps(req), []);
        assert.deepEqual(dueSteps(req, ms(mon("23:00"))), []);
        assert.equal(nextCheckAt(req), undefined);
      });
    }

    it("follows the lifecycle: a wait removes the steps, the requester's reply brings them back later", () => {
      const dept = department();
      const taken = responded();
      const waiting = applyAction(taken, { action: "wait" }, { actor: actor(AGENT), dept, now: mon("10:00") });
      assert.ok(waiting.ok);
      assert.equal(nextCheckAt(waiting.request), undefined);
      const replied = applyAction(
        waiting.request,
        { action: "comment", text: "here" },
        { actor: actor(waiting.request.requester), dept, now: mon("12:00") },
      );
      assert.ok(replied.ok);
      assert.equal(nextCheckAt(replied.request), mon("17:24"));
    });
  });

  describe("on a business-hours calendar (Madrid, Mon-Fri 09:00-17:00)", () => {
    // Filed Friday 2026-03-06 16:30 CET (15:30 UTC): 30 working minutes left that day.
    const FRIDAY = "2026-03-06T15:30:00.000Z";
    const madrid = (holidays: string[] = []) =>
      request({
        createdAt: FRIDAY,
        sla: {
          calendar: officeCalendar("Europe/Madrid", holidays),
          firstResponse: track(60, [[FRIDAY]]),
          resolution: track(480, [[FRIDAY]]),
        },
      });

    it("the weekend does not count: first response warns Monday 09:18, breaches 09:30 and 10:00 local", () => {
      assert.deepEqual(readable(pendingSteps(madrid())), [
        { step: "warn", clock: "firstResponse", at: "2026-03-09T08:18:00.000Z" },
        { step: "breach", clock: "firstResponse", at: "2026-03-09T08:30:00.000Z" },
        { step: "breach150", clock: "firstResponse", at: "2026-03-09T09:00:00.000Z" },
      ]);
      assert.equal(nextCheckAt(madrid()), "2026-03-09T08:18:00.000Z");
      assert.deepEqual(dueSteps(madrid(), ms("2026-03-07T12:00:00.000Z")), [], "nothing on Saturday");
      assert.deepEqual(dueSteps(madrid(), ms("2026-03-09T08:17:00.000Z")), [], "nor before 09:18 on Monday");
    });

    it("a step reached at the end of a window falls on that window's end, not the next morning", () => {
      // Filed Friday 16:00 local: 60 minutes are used up exactly at 17:00 local.
      const at4 = "2026-03-06T15:00:00.000Z";
      const req = request({
        createdAt: at4,
        sla: { calendar: officeCalendar("Europe/Madrid"), firstResponse: track(60, [[at4]]), resolution: track(480, [[at4]]) },
      });
      assert.deepEqual(readable(pendingSteps(req)), [
        { step: "warn", clock: "firstResponse", at: "2026-03-06T15:48:00.000Z" },
        { step: "breach", clock: "firstResponse", at: "2026-03-06T16:00:00.000Z" },
        { step: "breach150", clock: "firstResponse", at: "2026-03-09T08:30:00.000Z" },
      ]);
    });

    it("filed on a Saturday, the ladder starts when Monday's window opens", () => {
      const sat = "2026-03-07T10:00:00.000Z";
      const req = request({
        createdAt: sat,
        sla: { calendar: officeCalendar("Europe/Madrid"), firstResponse: track(60, [[sat]]), resolution: track(480, [[sat]]) },
      });
      assert.equal(nextCheckAt(req), "2026-03-09T08:48:00.000Z");
      assert.deepEqual(readable(dueSteps(req, ms("2026-03-09T09:00:00.000Z"))).map((s) => s.step), ["warn", "breach"]);
    });

    it("a holiday on Monday moves every step to Tuesday", () => {
      assert.deepEqual(readable(pendingSteps(madrid(["2026-03-09"]))), [
        { step: "warn", clock: "firstResponse", at: "2026-03-10T08:18:00.000Z" },
        { step: "breach", clock: "firstResponse", at: "2026-03-10T08:30:00.000Z" },
        { step: "breach150", clock: "firstResponse", at: "2026-03-10T09:00:00.000Z" },
      ]);
    });

    it("resolution steps spread over the working days", () => {
      const req = madrid();
      req.status = "in_progress";
      req.sla.firstResponse = track(60, [[FRIDAY, "2026-03-06T15:45:00.000Z"]], true);
      // warn 384 min: 30 Fri + 354 Mon -> Mon 14:54 local; breach 480: 30 + 450 -> Mon 16:30;
      // breach150 720: 30 + 480 (all Monday) + 210 Tue -> Tue 12:30 local.
      assert.deepEqual(readable(pendingSteps(req)), [
        { step: "warn", clock: "resolution", at: "2026-03-09T13:54:00.000Z" },
        { step: "breach", clock: "resolution", at: "2026-03-09T15:30:00.000Z" },
        { step: "breach150", clock: "resolution", at: "2026-03-10T11:30:00.000Z" },
      ]);
    });
  });
});
