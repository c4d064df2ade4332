/**
 * SLA clocks (shared/sla/clock.ts) and the form preview (shared/sla/preview.ts).
 *
 * Most clocks here run on a 24x7 UTC calendar (business time = real time) from Monday
 * 2026-03-02 09:00 UTC, so a 60-minute target is due at 10:00 and at risk (80 %) at 09:48.
 * Business-hours cases use Mon-Fri 09:00-17:00 calendars: Madrid (CET = UTC+1 until
 * 2026-03-29, CEST = UTC+2 until 2026-10-25), New York (EST = UTC-5, EDT = UTC-4 from
 * 2026-03-08 to 2026-11-01) and Kolkata (IST = UTC+05:30 all year).
 * Every expected instant is worked out by hand and written as a literal UTC ISO string.
 */
import assert from "node:assert/strict";
import type { Calendar, ClockTrack, ClockView, Weekday, Window } from "../../shared/domain.ts";
import { WEEKDAYS } from "../../shared/domain.ts";
import {
  clockView,
  elapsedBusinessMs,
  isRunning,
  pauseClock,
  reopenClock,
  resumeClock,
  retargetClock,
  slaPreview,
  startClock,
  stopClock,
  thresholdInstant,
} from "../../shared/sla/index.ts";
import { calendar247, officeCalendar, track } from "../support/fixtures.ts";

const MIN = 60_000;

/** Monday 2026-03-02 at hh:mm[:ss.mmm] UTC. */
const mon = (time: string) => `2026-03-02T${time.length === 5 ? `${time}:00.000` : time}Z`;
const t = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

const UTC247 = calendar247();
const START = mon("09:00");

/** The clock as seen at `now` on the 24x7 UTC calendar, warning at 80 %. */
const view247 = (c: ClockTrack, now: string, warnAtPercent = 80) => clockView(c, UTC247, warnAtPercent, now);

/** A view with its times, for deepEqual (absent keys stay absent). */
function expected(state: ClockView["state"], targetMinutes: number, elapsedMinutes: number, times: { dueAt?: string; warnAt?: string } = {}): ClockView {
  return { state, targetMinutes, elapsedMinutes, ...times };
}

/** Recursively frozen copy, to prove operations never touch their input. */
function frozen(c: ClockTrack): ClockTrack {
  return Object.freeze({ ...c, runs: Object.freeze(c.runs.map((r) => Object.freeze({ ...r }))) as ClockTrack["runs"] });
}

function weekdays(timeZone: string, windows: Window[], holidays: string[] = []): Calendar {
  const week = Object.fromEntries(WEEKDAYS.map((d) => [d, d === "sat" || d === "sun" ? [] : windows])) as Record<Weekday, Window[]>;
  return { timeZone, week, holidays };
}

const never: Calendar = { timeZone: "UTC", week: Object.fromEntries(WEEKDAYS.map((d) => [d, [] as Window[]])) as Record<Weekday, Window[]>, holidays: [] };

describe("SLA clock", () => {
  describe("operations on a clock track", () => {
    it("startClock runs from the given instant, also given as epoch ms", () => {
      assert.deepEqual(startClock(60, START), { targetMinutes: 60, runs: [{ from: START }], stopped: false });
      assert.deepEqual(startClock(60, t(START)), { targetMinutes: 60, runs: [{ from: "2026-03-02T09:00:00.000Z" }], stopped: false });
      assert.equal(isRunning(startClock(60, START)), true);
    });

    it("pauseClock closes the running stretch; pausing a paused or stopped clock changes nothing", () => {
      const paused = pauseClock(startClock(60, START), mon("09:30"));
      assert.deepEqual(paused, track(60, [[START, mon("09:30")]]));
      assert.equal(isRunning(paused), false);
      assert.equal(pauseClock(paused, mon("10:00")), paused);
      const stopped = track(60, [[START, mon("09:30")]], true);
      assert.equal(pauseClock(stopped, mon("10:00")), stopped);
    });

    it("resumeClock opens a new stretch; it does nothing while running or once stopped", () => {
      const resumed = resumeClock(track(60, [[START, mon("09:30")]]), mon("12:00"));
      assert.deepEqual(resumed, track(60, [[START, mon("09:30")], [mon("12:00")]]));
      assert.equal(isRunning(resumed), true);
      assert.equal(resumeClock(resumed, mon("13:00")), resumed);
      const stopped = track(60, [[START, mon("09:30")]], true);
      assert.equal(resumeClock(stopped, mon("12:00")), stopped);
    });

    it("stopClock closes the running stretch for good; a paused clock keeps its stretches; stopping twice changes nothing", () => {
      const stopped = stopClock(startClock(60, START), mon("09:40"));
      assert.deepEqual(stopped, track(60, [[START, mon("09:40")]], true));
      assert.equal(isRunning(stopped), false);
      assert.equal(stopClock(stopped, mon("11:00")), stopped);
      assert.deepEqual(stopClock(track(60, [[START, mon("09:30")]]), mon("11:00")), track(60, [[START, mon("09:30")]], true));
    });

    it("reopenClock runs a stopped clock again from the reopen instant; it does nothing while running", () => {
      const reopened = reopenClock(track(480, [[START, mon("11:00")]], true), mon("15:00"));
      assert.deepEqual(reopened, track(480, [[START, mon("11:00")], [mon("15:00")]]));
      assert.equal(isRunning(reopened), true);
      assert.equal(reopenClock(reopened, mon("16:00")), reopened);
    });

    it("retargetClock changes only the target", () => {
      const c = track(480, [[START, mon("10:00")], [mon("12:00")]]);
      assert.deepEqual(retargetClock(c, 120), track(120, [[START, mon("10:00")], [mon("12:00")]]));
      assert.deepEqual(retargetClock(track(60, [[START, mon("10:00")]], true), 30), track(30, [[START, mon("10:00")]], true));
    });

    it("never changes the track it is given", () => {
      const running = frozen(track(60, [[START]]));
      const paused = frozen(track(60, [[START, mon("09:30")]]));
      const stopped = frozen(track(60, [[START, mon("09:30")]], true));
      pauseClock(running, mon("10:00"));
      stopClock(running, mon("10:00"));
      resumeClock(paused, mon("10:00"));
      stopClock(paused, mon("10:00"));
      reopenClock(stopped, mon("10:00"));
      retargetClock(running, 30);
      assert.deepEqual(running, track(60, [[START]]));
      assert.deepEqual(paused, track(60, [[START, mon("09:30")]]));
      assert.deepEqual(stopped, track(60, [[START, mon("09:30")]], true));
    });

    it("isRunning: only when not stopped and the last stretch is open", () => {
      assert.equal(isRunning(track(60, [[START]])), true);
      assert.equal(isRunning(track(60, [[START, mon("09:30")]])), false);
      assert.equal(isRunning(track(60, [[START, mon("09:30")]], true)), false);
      assert.equal(isRunning(track(60, [[START]], true)), false);
      assert.equal(isRunning(track(60, [])), false);
    });
  });

  describe("elapsedBusinessMs", () => {
    it("counts real time on a 24x7 calendar, and nothing before the start", () => {
      assert.equal(elapsedBusinessMs(track(60, [[START]]), UTC247, mon("09:45")), 45 * MIN);
      assert.equal(elapsedBusinessMs(track(60, [[START]]), UTC247, mon("08:00")), 0);
    });

    it("leaves out the time spent paused (waiting on the requester)", () => {
      // 09:00-10:00 (60) + 12:00-13:30 (90).
      assert.equal(elapsedBusinessMs(track(480, [[START, mon("10:00")], [mon("12:00")]]), UTC247, mon("13:30")), 150 * MIN);
      // Still paused: only the 60 min before the pause, however late it is.
      assert.equal(elapsedBusinessMs(track(480, [[START, mon("10:00")]]), UTC247, "2026-03-09T09:00:00.000Z"), 60 * MIN);
    });

    it("stops counting when stopped", () => {
      assert.equal(elapsedBusinessMs(track(60, [[START, mon("09:40")]], true), UTC247, mon("23:00")), 40 * MIN);
    });

    it("leaves out the time between resolution and reopen", () => {
      // Resolved at 11:00, reopened at 15:00, now 16:00: 120 + 60.
      const reopened = reopenClock(stopClock(startClock(480, START), mon("11:00")), mon("15:00"));
      assert.equal(elapsedBusinessMs(reopened, UTC247, mon("16:00")), 180 * MIN);
    });

    it("counts only working hours on a business calendar", () => {
      const office = officeCalendar("Europe/Madrid");
      // Fri 2026-03-06 16:30 CET (15:30Z) to Mon 10:00 CET (09:00Z): 30 + 60.
      assert.equal(elapsedBusinessMs(track(60, [["2026-03-06T15:30:00.000Z"]]), office, "2026-03-09T09:00:00.000Z"), 90 * MIN);
      // Ran Fri 16:30-16:45 CET, paused over the weekend, resumed Mon 09:30 CET (08:30Z), now 10:00 CET: 15 + 30.
      const c = track(60, [["2026-03-06T15:30:00.000Z", "2026-03-06T15:45:00.000Z"], ["2026-03-09T08:30:00.000Z"]]);
      assert.equal(elapsedBusinessMs(c, office, "2026-03-09T09:00:00.000Z"), 45 * MIN);
    });

    it("counts the local window across a daylight-saving change", () => {
      // Madrid: Fri 2026-03-27 16:00 CET (15:00Z) to Mon 2026-03-30 10:00 CEST (08:00Z): 60 + 60.
      const c = track(480, [["2026-03-27T15:00:00.000Z"]]);
      assert.equal(elapsedBusinessMs(c, officeCalendar("Europe/Madrid"), "2026-03-30T08:00:00.000Z"), 120 * MIN);
    });
  });

  describe("thresholdInstant", () => {
    it("is the instant a running clock reaches a share of its target", () => {
      const c = track(60, [[START]]);
      assert.equal(iso(thresholdInstant(c, UTC247, 1)), mon("10:00"));
      assert.equal(iso(thresholdInstant(c, UTC247, 0.8)), mon("09:48"));
      assert.equal(iso(thresholdInstant(c, UTC247, 1.5)), mon("10:30"));
    });

    it("counts what ran before a pause: 40 min before, resumed at 12:00, due at 12:20", () => {
      const c = track(60, [[START, mon("09:40")], [mon("12:00")]]);
      assert.equal(iso(thresholdInstant(c, UTC247, 1)), mon("12:20"));
      assert.equal(iso(thresholdInstant(c, UTC247, 0.8)), mon("12:08"));
    });

    it("is undefined while paused or stopped", () => {
      assert.equal(thresholdInstant(track(60, [[START, mon("09:30")]]), UTC247, 1), undefined);
      assert.equal(thresholdInstant(track(60, [[START, mon("09:30")]], true), UTC247, 1), undefined);
    });

    it("walks working hours: filed Fri 16:30 CET with 60 min, due Mon 09:30 CET", () => {
      const c = track(60, [["2026-03-06T15:30:00.000Z"]]);
      assert.equal(iso(thresholdInstant(c, officeCalendar("Europe/Madrid"), 1)), "2026-03-09T08:30:00.000Z");
      // 48 min: 30 on Friday, 18 on Monday: 09:18 CET.
      assert.equal(iso(thresholdInstant(c, officeCalendar("Europe/Madrid"), 0.8)), "2026-03-09T08:18:00.000Z");
    });

    it("is Infinity on a calendar that never works", () => {
      assert.equal(thresholdInstant(track(60, [[START]]), never, 1), Infinity);
    });
  });

  describe("clockView", () => {
    describe("the six states, on a 60-minute target warning at 80 % (24x7 from 09:00)", () => {
      const running = track(60, [[START]]);
      const times = { dueAt: mon("10:00"), warnAt: mon("09:48") };

      it("on_track from the start until just before 80 %", () => {
        assert.deepEqual(view247(running, START), expected("on_track", 60, 0, times));
        assert.deepEqual(view247(running, mon("09:47:59.999")), expected("on_track", 60, 47, times));
      });

      it("at_risk from exactly 80 % (09:48) until just before the target", () => {
        assert.deepEqual(view247(running, mon("09:48")), expected("at_risk", 60, 48, times));
        assert.deepEqual(view247(running, mon("09:59:59.999")), expected("at_risk", 60, 59, times));
      });

      it("breached from exactly the due instant while still running, keeping its dueAt", () => {
        assert.deepEqual(view247(running, mon("10:00")), expected("breached", 60, 60, times));
        assert.deepEqual(view247(running, mon("11:30")), expected("breached", 60, 150, times));
      });

      it("paused while waiting: no dueAt or warnAt, elapsed frozen, even past the target", () => {
        assert.deepEqual(view247(track(60, [[START, mon("09:30")]]), mon("12:00")), expected("paused", 60, 30));
        assert.deepEqual(view247(track(60, [[START, mon("10:30")]]), mon("12:00")), expected("paused", 60, 90));
      });

      it("met when stopped at or before the target, exactly at it included", () => {
        assert.deepEqual(view247(track(60, [[START, mon("09:59")]], true), mon("23:00")), expected("met", 60, 59));
        assert.deepEqual(view247(track(60, [[START, mon("10:00")]], true), mon("23:00")), expected("met", 60, 60));
      });

      it("missed when stopped after the target, by as little as a millisecond", () => {
        assert.deepEqual(view247(track(60, [[START, mon("10:00:00.001")]], true), mon("23:00")), expected("missed", 60, 60));
        assert.deepEqual(view247(track(60, [[START, mon("10:30")]], true), mon("10:30")), expected("missed", 60, 90));
      });

      it("met and missed do not depend on when they are looked at", () => {
        const met = track(60, [[START, mon("09:59")]], true);
        assert.deepEqual(view247(met, "2026-06-01T00:00:00.000Z"), view247(met, mon("10:00")));
      });
    });

    describe("warnAtPercent", () => {
      it("50 %: at risk from 09:30", () => {
        const c = track(60, [[START]]);
        assert.equal(view247(c, mon("09:30"), 50).warnAt, mon("09:30"));
        assert.equal(view247(c, mon("09:29:59.999"), 50).state, "on_track");
        assert.equal(view247(c, mon("09:30"), 50).state, "at_risk");
      });

      it("70 % of 90 min: warnAt is 63 min in (10:03), the instant the state turns at_risk", () => {
        const c = track(90, [[START]]);
        assert.equal(view247(c, START, 70).warnAt, mon("10:03"));
        assert.equal(view247(c, mon("10:02:59.999"), 70).state, "on_track");
        assert.equal(view247(c, mon("10:03"), 70).state, "at_risk");
      });
    });

    describe("on business-hours calendars", () => {
      it("Madrid: filed Fri 16:30 CET, 60 min: on track over the weekend, at risk Mon 09:18, breached Mon 09:30", () => {
        const office = officeCalendar("Europe/Madrid");
        const c = track(60, [["2026-03-06T15:30:00.000Z"]]);
        // 30 min on Friday; Monday 09:00 CET is 08:00Z, +18 min is the warning, +30 min the due time.
        const times = { dueAt: "2026-03-09T08:30:00.000Z", warnAt: "2026-03-09T08:18:00.000Z" };
        assert.deepEqual(clockView(c, office, 80, "2026-03-07T12:00:00.000Z"), expected("on_track", 60, 30, times));
        assert.deepEqual(clockView(c, office, 80, "2026-03-09T08:18:00.000Z"), expected("at_risk", 60, 48, times));
        assert.deepEqual(clockView(c, office, 80, "2026-03-09T08:30:00.000Z"), expected("breached", 60, 60, times));
      });

      it("Madrid, clocks forward: filed Fri 2026-03-27 16:00 CET with 120 min, due Mon 10:00 CEST", () => {
        // 60 min Friday (to 17:00 CET); Monday 09:00 CEST = 07:00Z; warn at 96 min = Mon 09:36 CEST.
        const c = track(120, [["2026-03-27T15:00:00.000Z"]]);
        const v = clockView(c, officeCalendar("Europe/Madrid"), 80, "2026-03-28T12:00:00.000Z");
        assert.deepEqual(v, expected("on_track", 120, 60, { dueAt: "2026-03-30T08:00:00.000Z", warnAt: "2026-03-30T07:36:00.000Z" }));
      });

      it("Madrid, clocks back: filed Fri 2026-10-23 16:00 CEST with 120 min, due Mon 10:00 CET", () => {
        // 60 min Friday (to 17:00 CEST = 15:00Z); Monday 09:00 CET = 08:00Z; warn at Mon 09:36 CET.
        const c = track(120, [["2026-10-23T14:00:00.000Z"]]);
        const v = clockView(c, officeCalendar("Europe/Madrid"), 80, "2026-10-24T12:00:00.000Z");
        assert.deepEqual(v, expected("on_track", 120, 60, { dueAt: "2026-10-26T09:00:00.000Z", warnAt: "2026-10-26T08:36:00.000Z" }));
      });

      it("New York, clocks forward: filed Fri 2026-03-06 16:00 EST with 120 min, due Mon 10:00 EDT", () => {
        // Friday 16:00-17:00 EST = 21:00-22:00Z; Monday 09:00 EDT = 13:00Z.
        const c = track(120, [["2026-03-06T21:00:00.000Z"]]);
        const v = clockView(c, officeCalendar("America/New_York"), 80, "2026-03-07T12:00:00.000Z");
        assert.deepEqual(v, expected("on_track", 120, 60, { dueAt: "2026-03-09T14:00:00.000Z", warnAt: "2026-03-09T13:36:00.000Z" }));
      });

      it("New York, clocks back: filed Fri 2026-10-30 16:00 EDT with 120 min, due Mon 10:00 EST", () => {
        // Friday 16:00-17:00 EDT = 20:00-21:00Z; Monday 09:00 EST = 14:00Z.
        const c = track(120, [["2026-10-30T20:00:00.000Z"]]);
        const v = clockView(c, officeCalendar("America/New_York"), 80, "2026-10-31T12:00:00.000Z");
        assert.deepEqual(v, expected("on_track", 120, 60, { dueAt: "2026-11-02T15:00:00.000Z", warnAt: "2026-11-02T14:36:00.000Z" }));
      });

      it("Kolkata split windows: filed Mon 12:30 IST with 120 min, due 15:30 IST after the lunch break", () => {
        // 09:00-13:00 + 14:00-18:00 IST. 12:30 IST = 07:00Z: 30 min to 13:00, then 14:00 IST (08:30Z) + 90 min.
        const split = weekdays("Asia/Kolkata", [
          ["09:00", "13:00"],
          ["14:00", "18:00"],
        ]);
        const c = track(120, [["2026-03-02T07:00:00.000Z"]]);
        // warn at 96 min: 30 before lunch + 66 after: 15:06 IST = 09:36Z.
        const times = { dueAt: "2026-03-02T10:00:00.000Z", warnAt: "2026-03-02T09:36:00.000Z" };
        // 13:45 IST (08:15Z): lunch, 30 min counted.
        assert.deepEqual(clockView(c, split, 80, "2026-03-02T08:15:00.000Z"), expected("on_track", 120, 30, times));
      });
    });

    describe("pauses, reopen and priority changes", () => {
      it("after a pause, dueAt and warnAt move by the time spent waiting", () => {
        // 40 min before the pause; resumed 12:00: 20 min left to the target, 8 to the warning.
        const c = resumeClock(pauseClock(startClock(60, START), mon("09:40")), mon("12:00"));
        const times = { dueAt: mon("12:20"), warnAt: mon("12:08") };
        assert.deepEqual(view247(c, mon("12:05")), expected("on_track", 60, 45, times));
        assert.deepEqual(view247(c, mon("12:10")), expected("at_risk", 60, 50, times));
        assert.deepEqual(view247(c, mon("12:20")), expected("breached", 60, 60, times));
      });

      it("a clock already past its target before a pause is breached as soon as it runs again", () => {
        const c = track(60, [[START, mon("10:30")], [mon("12:00")]]);
        const v = view247(c, mon("12:15"));
        assert.equal(v.state, "breached");
        assert.equal(v.elapsedMinutes, 105);
        assert.ok(v.dueAt !== undefined && t(v.dueAt) <= t(mon("12:15")), `dueAt ${v.dueAt} is not in the past`);
      });

      it("a reopened request's resolution clock runs again without the time it was resolved", () => {
        // 480-min target; resolved at 11:00 (120 min): met.
        const resolved = stopClock(startClock(480, START), mon("11:00"));
        assert.deepEqual(view247(resolved, mon("14:00")), expected("met", 480, 120));
        // Reopened at 15:00: 360 min left, due 21:00; warning at 384 min, 264 after 15:00 = 19:24.
        const reopened = reopenClock(resolved, mon("15:00"));
        assert.deepEqual(view247(reopened, mon("16:00")), expected("on_track", 480, 180, { dueAt: mon("21:00"), warnAt: mon("19:24") }));
        // Resolved again at 22:00: 120 + 420 = 540 > 480.
        assert.deepEqual(view247(stopClock(reopened, mon("22:00")), mon("23:00")), expected("missed", 480, 540));
      });

      it("a priority change keeps the elapsed time and moves dueAt to the new target", () => {
        // Normal resolution (480) running since 09:00; at 10:30 (90 min) it becomes urgent (120).
        const c = retargetClock(track(480, [[START]]), 120);
        // 80 % of 120 = 96 min: 10:36; due 11:00.
        assert.deepEqual(view247(c, mon("10:30")), expected("on_track", 120, 90, { dueAt: mon("11:00"), warnAt: mon("10:36") }));
        // A target already behind the elapsed time: breached at once, due back at 10:00.
        assert.deepEqual(view247(retargetClock(track(480, [[START]]), 60), mon("10:30")), expected("breached", 60, 90, { dueAt: mon("10:00"), warnAt: mon("09:48") }));
      });

      it("a priority change while paused shows once it runs again", () => {
        // 60 min ran, paused, retargeted to 120, resumed 12:00: 60 left (13:00), warn at 96 (12:36).
        const paused = retargetClock(track(480, [[START, mon("10:00")]]), 120);
        assert.deepEqual(view247(paused, mon("11:00")), expected("paused", 120, 60));
        const resumed = resumeClock(paused, mon("12:00"));
        assert.deepEqual(view247(resumed, mon("12:00")), expected("on_track", 120, 60, { dueAt: mon("13:00"), warnAt: mon("12:36") }));
      });
    });

    it("has no dueAt or warnAt when the calendar never works", () => {
      assert.deepEqual(clockView(track(60, [[START]]), never, 80, mon("12:00")), expected("on_track", 60, 0));
    });
  });

  describe("slaPreview", () => {
    const target = { firstResponseMinutes: 60, resolutionMinutes: 480 };

    it("during working hours: counts from now", () => {
      // Madrid, Mon 10:00 CET (09:00Z): first response 11:00 CET; resolution: 7 h Monday + 1 h Tuesday = Tue 10:00 CET.
      assert.deepEqual(slaPreview(officeCalendar("Europe/Madrid"), target, t("2026-03-02T09:00:00.000Z")), {
        firstResponseDueAt: "2026-03-02T10:00:00.000Z",
        resolutionDueAt: "2026-03-03T09:00:00.000Z",
        timeZone: "Europe/Madrid",
        workingNow: true,
        startsAt: "2026-03-02T09:00:00.000Z",
        holidays: [],
      });
    });

    it("filed Friday evening before a holiday Monday: starts Tuesday 09:00, names the holiday", () => {
      // Madrid, Fri 2026-03-06 19:00 CET, Monday 03-09 off. Tue 09:00 CET = 08:00Z; 480 min ends at
      // Tue 17:00 CET (16:00Z), the window's end, not Wednesday.
      assert.deepEqual(slaPreview(officeCalendar("Europe/Madrid", ["2026-03-09"]), target, t("2026-03-06T18:00:00.000Z")), {
        firstResponseDueAt: "2026-03-10T09:00:00.000Z",
        resolutionDueAt: "2026-03-10T16:00:00.000Z",
        timeZone: "Europe/Madrid",
        workingNow: false,
        startsAt: "2026-03-10T08:00:00.000Z",
        holidays: ["2026-03-09"],
      });
    });

    it("names only the holidays before the first response, though the resolution crosses more", () => {
      // Tuesday 03-03 off. Filed Mon 10:00 CET: response 11:00 CET; resolution 7 h Monday, Wed 09:00-10:00 CET.
      const p = slaPreview(officeCalendar("Europe/Madrid", ["2026-03-03"]), target, t("2026-03-02T09:00:00.000Z"));
      assert.equal(p.firstResponseDueAt, "2026-03-02T10:00:00.000Z");
      assert.equal(p.resolutionDueAt, "2026-03-04T09:00:00.000Z");
      assert.deepEqual(p.holidays, []);
    });

    it("New York, filed on the Saturday before clocks go forward: starts Monday 09:00 EDT", () => {
      // Sat 2026-03-07 12:00 EST (17:00Z). Mon 09:00 EDT = 13:00Z; +60 = 14:00Z; +480 = 17:00 EDT = 21:00Z.
      assert.deepEqual(slaPreview(officeCalendar("America/New_York"), target, t("2026-03-07T17:00:00.000Z")), {
        firstResponseDueAt: "2026-03-09T14:00:00.000Z",
        resolutionDueAt: "2026-03-09T21:00:00.000Z",
        timeZone: "America/New_York",
        workingNow: false,
        startsAt: "2026-03-09T13:00:00.000Z",
        holidays: [],
      });
    });

    it("Kolkata, filed Friday 17:30 IST: starts Monday 09:00 IST", () => {
      // Fri 2026-03-06 17:30 IST = 12:00Z. Mon 09:00 IST = 03:30Z; +30 = 04:00Z; +480 = 17:00 IST = 11:30Z.
      assert.deepEqual(slaPreview(officeCalendar("Asia/Kolkata"), { firstResponseMinutes: 30, resolutionMinutes: 480 }, t("2026-03-06T12:00:00.000Z")), {
        firstResponseDueAt: "2026-03-09T04:00:00.000Z",
        resolutionDueAt: "2026-03-09T11:30:00.000Z",
        timeZone: "Asia/Kolkata",
        workingNow: false,
        startsAt: "2026-03-09T03:30:00.000Z",
        holidays: [],
      });
    });

    it('a response due at "24:00" the day before a holiday does not name the holiday', () => {
      // Kolkata Mon-Fri 18:00-24:00, Tuesday 03-03 off. Filed Mon 23:00 IST (17:30Z): response at Mon 24:00
      // IST (18:30Z); resolution 60 Monday + 60 on Wed 18:00-19:00 IST (13:30Z), skipping the holiday.
      const evenings = weekdays("Asia/Kolkata", [["18:00", "24:00"]], ["2026-03-03"]);
      assert.deepEqual(slaPreview(evenings, { firstResponseMinutes: 60, resolutionMinutes: 120 }, t("2026-03-02T17:30:00.000Z")), {
        firstResponseDueAt: "2026-03-02T18:30:00.000Z",
        resolutionDueAt: "2026-03-04T13:30:00.000Z",
        timeZone: "Asia/Kolkata",
        workingNow: true,
        startsAt: "2026-03-02T17:30:00.000Z",
        holidays: [],
      });
    });

    it("on a calendar that never works: empty due times, not working", () => {
      assert.deepEqual(slaPreview(never, target, t(START)), {
        firstResponseDueAt: "",
        resolutionDueAt: "",
        timeZone: "UTC",
        workingNow: false,
        startsAt: "",
        holidays: [],
      });
    });
  });
});
