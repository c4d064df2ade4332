/**
 * Business time on department calendars (shared/sla/calendar.ts and the zone arithmetic under it).
 *
 * Every expected instant is worked out by hand and written as a literal UTC ISO string, with the
 * local-time reasoning beside it. The zones and their 2026 changes:
 * - Europe/Madrid: CET = UTC+1; CEST = UTC+2 from Sun 2026-03-29 01:00 UTC (02:00 CET -> 03:00
 *   CEST, the hour 02:00-03:00 is skipped) to Sun 2026-10-25 01:00 UTC (03:00 CEST -> 02:00 CET,
 *   the hour 02:00-03:00 happens twice).
 * - America/New_York: EST = UTC-5; EDT = UTC-4 from Sun 2026-03-08 07:00 UTC (02:00 EST -> 03:00
 *   EDT, 02:00-03:00 skipped) to Sun 2026-11-01 06:00 UTC (02:00 EDT -> 01:00 EST, 01:00-02:00
 *   twice).
 * - Asia/Kolkata: IST = UTC+05:30 all year, no daylight saving.
 * Weekdays used: 2026-03-02 Mon ... 03-06 Fri, 03-07 Sat, 03-08 Sun, 03-09 Mon; 03-22 and 03-29 Sun,
 * 03-23 and 03-30 Mon, 03-27 Fri; 10-23 Fri, 10-25 Sun, 10-26 Mon; 10-30 Fri, 11-01 Sun, 11-02 Mon.
 */
import assert from "node:assert/strict";
import type { Calendar, Weekday, Window } from "../../shared/domain.ts";
import { WEEKDAYS } from "../../shared/domain.ts";
import {
  addBusinessMs,
  businessMsBetween,
  holidaysBetween,
  isWorkingInstant,
  localToUtc,
  nextWorkingInstant,
  offsetAt,
} from "../../shared/sla/index.ts";
import { calendar247, officeCalendar } from "../support/fixtures.ts";

const MIN = 60_000;
const H = 60 * MIN;

const MADRID = "Europe/Madrid";
const NEW_YORK = "America/New_York";
const KOLKATA = "Asia/Kolkata";

/** Epoch ms of an ISO instant. */
const t = (iso: string) => Date.parse(iso);
/** ISO of an epoch ms, to compare with the hand-worked strings. */
const iso = (ms: number) => new Date(ms).toISOString();
/** A wall-clock reading "YYYY-MM-DDTHH:MM" as `localToUtc` takes it: local ms since 1970-01-01 local. */
const wall = (local: string) => Date.parse(`${local}:00.000Z`);

/** A calendar with windows on the given weekdays only (every other day off). */
function calendar(timeZone: string, week: Partial<Record<Weekday, Window[]>>, holidays: string[] = []): Calendar {
  return {
    timeZone,
    week: Object.fromEntries(WEEKDAYS.map((d) => [d, week[d] ?? []])) as Record<Weekday, Window[]>,
    holidays,
  };
}

/** Mon-Fri with the same windows each day. */
function weekdays(timeZone: string, windows: Window[], holidays: string[] = []): Calendar {
  return calendar(timeZone, { mon: windows, tue: windows, wed: windows, thu: windows, fri: windows }, holidays);
}

/** Only Sundays, with the given windows: the DST changes of 2026 all fall on a Sunday. */
const sundays = (timeZone: string, windows: Window[]) => calendar(timeZone, { sun: windows });

/** A calendar that never works. */
const never = (timeZone = "UTC") => calendar(timeZone, {});

/** Business time between two ISO instants, in ms. */
const between = (cal: Calendar, from: string, to: string) => businessMsBetween(cal, t(from), t(to));
/** The due instant (ISO) of `ms` business time from an ISO instant. */
const due = (cal: Calendar, from: string, ms: number) => iso(addBusinessMs(cal, t(from), ms));

describe("SLA calendar", () => {
  describe("offsetAt", () => {
    it("Madrid is UTC+1 in winter and UTC+2 from 01:00 UTC on 2026-03-29 (02:00 CET -> 03:00 CEST)", () => {
      assert.equal(offsetAt(MADRID, t("2026-01-15T12:00:00.000Z")), 1 * H);
      assert.equal(offsetAt(MADRID, t("2026-03-29T00:59:59.000Z")), 1 * H);
      assert.equal(offsetAt(MADRID, t("2026-03-29T01:00:00.000Z")), 2 * H);
      assert.equal(offsetAt(MADRID, t("2026-07-01T12:00:00.000Z")), 2 * H);
    });

    it("Madrid goes back to UTC+1 at 01:00 UTC on 2026-10-25 (03:00 CEST -> 02:00 CET)", () => {
      assert.equal(offsetAt(MADRID, t("2026-10-25T00:59:59.000Z")), 2 * H);
      assert.equal(offsetAt(MADRID, t("2026-10-25T01:00:00.000Z")), 1 * H);
      assert.equal(offsetAt(MADRID, t("2026-12-01T12:00:00.000Z")), 1 * H);
    });

    it("New York is UTC-5, UTC-4 from 07:00 UTC on 2026-03-08, UTC-5 again from 06:00 UTC on 2026-11-01", () => {
      assert.equal(offsetAt(NEW_YORK, t("2026-03-08T06:59:59.000Z")), -5 * H);
      assert.equal(offsetAt(NEW_YORK, t("2026-03-08T07:00:00.000Z")), -4 * H);
      assert.equal(offsetAt(NEW_YORK, t("2026-11-01T05:59:59.000Z")), -4 * H);
      assert.equal(offsetAt(NEW_YORK, t("2026-11-01T06:00:00.000Z")), -5 * H);
    });

    it("Kolkata is UTC+05:30 all year, and UTC is 0", () => {
      for (const when of ["2026-01-15T12:00:00.000Z", "2026-03-29T01:00:00.000Z", "2026-07-01T00:00:00.000Z", "2026-11-01T06:00:00.000Z"]) {
        assert.equal(offsetAt(KOLKATA, t(when)), 5.5 * H, when);
        assert.equal(offsetAt("UTC", t(when)), 0, when);
      }
    });
  });

  describe("localToUtc", () => {
    it("turns an ordinary wall-clock time into its instant, with the offset in force that day", () => {
      assert.equal(iso(localToUtc(MADRID, wall("2026-03-02T09:00"))), "2026-03-02T08:00:00.000Z"); // CET, +1
      assert.equal(iso(localToUtc(MADRID, wall("2026-07-01T09:00"))), "2026-07-01T07:00:00.000Z"); // CEST, +2
      assert.equal(iso(localToUtc(NEW_YORK, wall("2026-03-02T09:00"))), "2026-03-02T14:00:00.000Z"); // EST, -5
      assert.equal(iso(localToUtc(NEW_YORK, wall("2026-07-01T09:00"))), "2026-07-01T13:00:00.000Z"); // EDT, -4
      assert.equal(iso(localToUtc(KOLKATA, wall("2026-03-02T09:00"))), "2026-03-02T03:30:00.000Z"); // IST, +05:30
    });

    it("on the day clocks go forward, uses the old offset before the change and the new one after", () => {
      // Madrid 2026-03-29: 01:59 CET is 00:59 UTC; 03:00 CEST is 01:00 UTC; 10:00 CEST is 08:00 UTC.
      assert.equal(iso(localToUtc(MADRID, wall("2026-03-29T01:59"))), "2026-03-29T00:59:00.000Z");
      assert.equal(iso(localToUtc(MADRID, wall("2026-03-29T03:00"))), "2026-03-29T01:00:00.000Z");
      assert.equal(iso(localToUtc(MADRID, wall("2026-03-29T10:00"))), "2026-03-29T08:00:00.000Z");
      // New York 2026-03-08: 01:59 EST is 06:59 UTC; 03:00 EDT is 07:00 UTC.
      assert.equal(iso(localToUtc(NEW_YORK, wall("2026-03-08T01:59"))), "2026-03-08T06:59:00.000Z");
      assert.equal(iso(localToUtc(NEW_YORK, wall("2026-03-08T03:00"))), "2026-03-08T07:00:00.000Z");
    });

    it("gives a skipped time (the hour clocks jump over) the instant the jump happens", () => {
      // Madrid 02:00-02:59 on 2026-03-29 never happens: the wall clock jumps from 02:00 CET to 03:00 CEST
      // at 01:00 UTC.
      for (const hhmm of ["02:00", "02:30", "02:59"]) {
        assert.equal(iso(localToUtc(MADRID, wall(`2026-03-29T${hhmm}`))), "2026-03-29T01:00:00.000Z", hhmm);
      }
      // New York 02:30 on 2026-03-08 never happens: 02:00 EST -> 03:00 EDT at 07:00 UTC.
      assert.equal(iso(localToUtc(NEW_YORK, wall("2026-03-08T02:30"))), "2026-03-08T07:00:00.000Z");
    });

    it("gives a repeated time (the hour clocks go back over) its first occurrence", () => {
      // Madrid 2026-10-25: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET): the first.
      assert.equal(iso(localToUtc(MADRID, wall("2026-10-25T02:30"))), "2026-10-25T00:30:00.000Z");
      // 01:59 is before the repeated hour (CEST, 23:59 UTC the day before); 03:00 after it (CET, 02:00 UTC).
      assert.equal(iso(localToUtc(MADRID, wall("2026-10-25T01:59"))), "2026-10-24T23:59:00.000Z");
      assert.equal(iso(localToUtc(MADRID, wall("2026-10-25T03:00"))), "2026-10-25T02:00:00.000Z");
      // New York 2026-11-01: 01:30 EDT (05:30 UTC) comes before 01:30 EST (06:30 UTC); 02:00 is EST only.
      assert.equal(iso(localToUtc(NEW_YORK, wall("2026-11-01T01:30"))), "2026-11-01T05:30:00.000Z");
      assert.equal(iso(localToUtc(NEW_YORK, wall("2026-11-01T02:00"))), "2026-11-01T07:00:00.000Z");
      assert.equal(iso(localToUtc(NEW_YORK, wall("2026-11-01T00:59"))), "2026-11-01T04:59:00.000Z");
    });
  });

  describe("businessMsBetween", () => {
    describe("on an office calendar (Madrid, Mon-Fri 09:00-17:00; CET = UTC+1 in early March)", () => {
      const office = officeCalendar(MADRID);

      it("counts a working day as 8 h, whatever the night around it", () => {
        // Mon 2026-03-02 09:00-17:00 CET = 08:00-16:00 UTC.
        assert.equal(between(office, "2026-03-02T08:00:00.000Z", "2026-03-02T16:00:00.000Z"), 8 * H);
        assert.equal(between(office, "2026-03-02T00:00:00.000Z", "2026-03-02T23:59:00.000Z"), 8 * H);
      });

      it("counts a calendar week as 40 h: nights and the weekend do not count", () => {
        assert.equal(between(office, "2026-03-02T00:00:00.000Z", "2026-03-09T00:00:00.000Z"), 40 * H);
      });

      it("counts only the working part of a stretch that starts before opening", () => {
        // 07:00 CET to 10:15 CET: only 09:00-10:15 counts.
        assert.equal(between(office, "2026-03-02T06:00:00.000Z", "2026-03-02T09:15:00.000Z"), 75 * MIN);
      });

      it("counts Friday 16:30 to Monday 09:30 as one hour", () => {
        // Fri 16:30-17:00 CET (30 min) + Mon 09:00-09:30 CET (30 min).
        assert.equal(between(office, "2026-03-06T15:30:00.000Z", "2026-03-09T08:30:00.000Z"), 60 * MIN);
      });

      it("is 0 when the end is not after the start", () => {
        assert.equal(between(office, "2026-03-02T10:00:00.000Z", "2026-03-02T10:00:00.000Z"), 0);
        assert.equal(between(office, "2026-03-02T12:00:00.000Z", "2026-03-02T10:00:00.000Z"), 0);
      });

      it("skips a holiday as a whole local day off", () => {
        const withHoliday = officeCalendar(MADRID, ["2026-03-04"]); // Wednesday
        assert.equal(between(withHoliday, "2026-03-04T08:00:00.000Z", "2026-03-04T16:00:00.000Z"), 0);
        assert.equal(between(withHoliday, "2026-03-02T00:00:00.000Z", "2026-03-09T00:00:00.000Z"), 32 * H);
      });
    });

    describe("across daylight-saving changes a 09:00-17:00 window stays 09:00-17:00 local", () => {
      it("Madrid, clocks forward on 2026-03-29: the window moves from 08:00-16:00 UTC to 07:00-15:00 UTC", () => {
        const office = officeCalendar(MADRID);
        // Mon 2026-03-30 (CEST): 06:00-08:00 UTC is 08:00-10:00 local, of which 09:00-10:00 counts.
        assert.equal(between(office, "2026-03-30T06:00:00.000Z", "2026-03-30T08:00:00.000Z"), 1 * H);
        // The same UTC stretch a week earlier (CET) is 07:00-09:00 local: nothing counts.
        assert.equal(between(office, "2026-03-23T06:00:00.000Z", "2026-03-23T08:00:00.000Z"), 0);
        assert.equal(between(office, "2026-03-30T07:00:00.000Z", "2026-03-30T15:00:00.000Z"), 8 * H);
        // Fri 2026-03-27 16:00-17:00 CET (15:00-16:00 UTC) + Mon 2026-03-30 09:00-10:00 CEST (07:00-08:00 UTC).
        assert.equal(between(office, "2026-03-27T15:00:00.000Z", "2026-03-30T08:00:00.000Z"), 2 * H);
        // Both weeks are still 40 h.
        assert.equal(between(office, "2026-03-23T00:00:00.000Z", "2026-03-30T00:00:00.000Z"), 40 * H);
        assert.equal(between(office, "2026-03-30T00:00:00.000Z", "2026-04-06T00:00:00.000Z"), 40 * H);
      });

      it("Madrid, clocks back on 2026-10-25: the window moves from 07:00-15:00 UTC to 08:00-16:00 UTC", () => {
        const office = officeCalendar(MADRID);
        // Fri 2026-10-23 (CEST): 07:00-09:00 UTC is 09:00-11:00 local.
        assert.equal(between(office, "2026-10-23T07:00:00.000Z", "2026-10-23T09:00:00.000Z"), 2 * H);
        // Mon 2026-10-26 (CET): 07:00-09:00 UTC is 08:00-10:00 local, only 09:00-10:00 counts.
        assert.equal(between(office, "2026-10-26T07:00:00.000Z", "2026-10-26T09:00:00.000Z"), 1 * H);
        // Fri 16:00-17:00 CEST (14:00-15:00 UTC) + Mon 09:00-10:00 CET (08:00-09:00 UTC).
        assert.equal(between(office, "2026-10-23T14:00:00.000Z", "2026-10-26T09:00:00.000Z"), 2 * H);
      });

      it("New York, clocks forward on 2026-03-08: from 14:00-22:00 UTC to 13:00-21:00 UTC", () => {
        const office = officeCalendar(NEW_YORK);
        // Fri 2026-03-06 08:00-09:00 EST (13:00-14:00 UTC): before opening.
        assert.equal(between(office, "2026-03-06T13:00:00.000Z", "2026-03-06T14:00:00.000Z"), 0);
        // Mon 2026-03-09 09:00-17:00 EDT = 13:00-21:00 UTC.
        assert.equal(between(office, "2026-03-09T13:00:00.000Z", "2026-03-09T21:00:00.000Z"), 8 * H);
        // Fri 16:00-17:00 EST (21:00-22:00 UTC) + Mon 09:00-10:00 EDT (13:00-14:00 UTC).
        assert.equal(between(office, "2026-03-06T21:00:00.000Z", "2026-03-09T14:00:00.000Z"), 2 * H);
      });

      it("New York, clocks back on 2026-11-01: from 13:00-21:00 UTC to 14:00-22:00 UTC", () => {
        const office = officeCalendar(NEW_YORK);
        // Mon 2026-11-02 08:00-09:00 EST (13:00-14:00 UTC): before opening; 16:00-17:00 EST (21:00-22:00 UTC) counts.
        assert.equal(between(office, "2026-11-02T13:00:00.000Z", "2026-11-02T14:00:00.000Z"), 0);
        assert.equal(between(office, "2026-11-02T21:00:00.000Z", "2026-11-02T22:00:00.000Z"), 1 * H);
        // Fri 2026-10-30 16:00-17:00 EDT (20:00-21:00 UTC) + Mon 09:00-10:00 EST (14:00-15:00 UTC).
        assert.equal(between(office, "2026-10-30T20:00:00.000Z", "2026-11-02T15:00:00.000Z"), 2 * H);
      });
    });

    describe("a whole-day window counts 23 h on the day clocks go forward and 25 h on the day they go back", () => {
      it("Madrid: Sunday 2026-03-29 is 23 h, Sunday 2026-10-25 is 25 h, an ordinary Sunday 24 h", () => {
        const cal = sundays(MADRID, [["00:00", "24:00"]]);
        // Sun 2026-03-22 00:00-24:00 CET = 2026-03-21T23:00Z to 2026-03-22T23:00Z.
        assert.equal(between(cal, "2026-03-16T00:00:00.000Z", "2026-03-23T12:00:00.000Z"), 24 * H);
        // Sun 2026-03-29 00:00 CET (03-28T23:00Z) to Mon 00:00 CEST (03-29T22:00Z).
        assert.equal(between(cal, "2026-03-23T00:00:00.000Z", "2026-03-30T12:00:00.000Z"), 23 * H);
        // Sun 2026-10-25 00:00 CEST (10-24T22:00Z) to Mon 00:00 CET (10-25T23:00Z).
        assert.equal(between(cal, "2026-10-19T00:00:00.000Z", "2026-10-26T12:00:00.000Z"), 25 * H);
      });

      it("New York: Sunday 2026-03-08 is 23 h, Sunday 2026-11-01 is 25 h", () => {
        const cal = sundays(NEW_YORK, [["00:00", "24:00"]]);
        // Sun 2026-03-08 00:00 EST (05:00Z) to Mon 00:00 EDT (03-09T04:00Z).
        assert.equal(between(cal, "2026-03-02T12:00:00.000Z", "2026-03-09T12:00:00.000Z"), 23 * H);
        // Sun 2026-11-01 00:00 EDT (04:00Z) to Mon 00:00 EST (11-02T05:00Z).
        assert.equal(between(cal, "2026-10-26T12:00:00.000Z", "2026-11-02T12:00:00.000Z"), 25 * H);
      });

      it("a 24x7 calendar's local day is the same 23 h / 25 h of real time", () => {
        // Madrid local day 2026-03-29: 03-28T23:00Z to 03-29T22:00Z; 2026-10-25: 10-24T22:00Z to 10-25T23:00Z.
        assert.equal(between(calendar247(MADRID), "2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z"), 23 * H);
        assert.equal(between(calendar247(MADRID), "2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z"), 25 * H);
      });
    });

    describe("a window around the skipped or repeated hour counts only the real time the wall clock is in it", () => {
      it("01:00-04:00 is 2 h when it contains the skipped hour, 3 h normally, 4 h with the repeated hour (Madrid)", () => {
        const cal = sundays(MADRID, [["01:00", "04:00"]]);
        // 2026-03-22: 01:00-04:00 CET = 00:00-03:00 UTC.
        assert.equal(between(cal, "2026-03-21T12:00:00.000Z", "2026-03-22T12:00:00.000Z"), 3 * H);
        // 2026-03-29: 01:00 CET (00:00Z) to 04:00 CEST (02:00Z); 02:00-03:00 never happens.
        assert.equal(between(cal, "2026-03-28T12:00:00.000Z", "2026-03-29T12:00:00.000Z"), 2 * H);
        // 2026-10-25: 01:00 CEST (10-24T23:00Z) to 04:00 CET (03:00Z); 02:00-03:00 happens twice.
        assert.equal(between(cal, "2026-10-24T12:00:00.000Z", "2026-10-25T12:00:00.000Z"), 4 * H);
      });

      it("01:00-04:00 is 2 h on 2026-03-08 and 4 h on 2026-11-01 (New York)", () => {
        const cal = sundays(NEW_YORK, [["01:00", "04:00"]]);
        // 01:00 EST (06:00Z) to 04:00 EDT (08:00Z).
        assert.equal(between(cal, "2026-03-07T12:00:00.000Z", "2026-03-08T12:00:00.000Z"), 2 * H);
        // 01:00 EDT (05:00Z) to 04:00 EST (09:00Z).
        assert.equal(between(cal, "2026-10-31T12:00:00.000Z", "2026-11-01T12:00:00.000Z"), 4 * H);
      });

      it("a window inside the skipped hour counts nothing that day", () => {
        assert.equal(between(sundays(MADRID, [["02:00", "03:00"]]), "2026-03-28T12:00:00.000Z", "2026-03-29T12:00:00.000Z"), 0);
        assert.equal(between(sundays(MADRID, [["02:00", "03:00"]]), "2026-03-21T12:00:00.000Z", "2026-03-22T12:00:00.000Z"), 1 * H);
        assert.equal(between(sundays(NEW_YORK, [["02:00", "03:00"]]), "2026-03-07T12:00:00.000Z", "2026-03-08T12:00:00.000Z"), 0);
      });

      it("a window that is exactly the repeated hour counts it twice", () => {
        // Madrid 2026-10-25: 02:00-03:00 CEST (00:00-01:00Z), then 02:00-03:00 CET (01:00-02:00Z).
        assert.equal(between(sundays(MADRID, [["02:00", "03:00"]]), "2026-10-24T12:00:00.000Z", "2026-10-25T12:00:00.000Z"), 2 * H);
      });

      it("a window starting inside the repeated hour counts from both times the wall clock reaches its start", () => {
        // Madrid 2026-10-25, 02:30-05:00: 02:30-03:00 CEST (00:30-01:00Z), then the clock goes back to
        // 02:00 CET and reaches 02:30 again at 01:30Z: 02:30-05:00 CET (01:30-04:00Z). 30 min + 2 h 30.
        // 02:00-02:30 CET (01:00-01:30Z) is outside the window.
        const cal = sundays(MADRID, [["02:30", "05:00"]]);
        assert.equal(between(cal, "2026-10-24T12:00:00.000Z", "2026-10-25T12:00:00.000Z"), 3 * H);
        assert.equal(between(cal, "2026-10-25T01:00:00.000Z", "2026-10-25T01:30:00.000Z"), 0);
      });

      it("a window ending inside the repeated hour counts both stretches the wall clock is inside it", () => {
        // Madrid 2026-10-25, 00:00-02:30: 00:00-02:30 CEST (10-24T22:00Z to 00:30Z), then 02:00-02:30 CET
        // (01:00-01:30Z). 2 h 30 + 30 min.
        assert.equal(between(sundays(MADRID, [["00:00", "02:30"]]), "2026-10-24T12:00:00.000Z", "2026-10-25T12:00:00.000Z"), 3 * H);
        // New York 2026-11-01, 01:30-03:00: 01:30-02:00 EDT (05:30-06:00Z), then 01:30-03:00 EST (06:30-08:00Z).
        const ny = sundays(NEW_YORK, [["01:30", "03:00"]]);
        assert.equal(between(ny, "2026-10-31T12:00:00.000Z", "2026-11-01T12:00:00.000Z"), 2 * H);
        // 06:00-06:30Z reads 01:00-01:30 EST: outside the window.
        assert.equal(between(ny, "2026-11-01T06:00:00.000Z", "2026-11-01T06:30:00.000Z"), 0);
      });
    });

    describe("split windows (Madrid, Mon-Fri 09:00-13:00 and 14:00-18:00)", () => {
      const split = weekdays(MADRID, [
        ["09:00", "13:00"],
        ["14:00", "18:00"],
      ]);

      it("counts both windows of a day: 8 h", () => {
        assert.equal(between(split, "2026-03-02T00:00:00.000Z", "2026-03-03T00:00:00.000Z"), 8 * H);
      });

      it("does not count the lunch break", () => {
        // 12:30-14:30 CET: 12:30-13:00 and 14:00-14:30.
        assert.equal(between(split, "2026-03-02T11:30:00.000Z", "2026-03-02T13:30:00.000Z"), 1 * H);
        // 13:00-14:00 CET.
        assert.equal(between(split, "2026-03-02T12:00:00.000Z", "2026-03-02T13:00:00.000Z"), 0);
      });
    });

    describe('"24:00" as the end of a window', () => {
      // Kolkata, Mon-Fri 18:00-24:00 IST = 12:30-18:30 UTC.
      const evenings = weekdays(KOLKATA, [["18:00", "24:00"]]);

      it("the window runs to local midnight and belongs to the day it starts", () => {
        // 2026-03-02T00:00Z to 03-03T00:00Z is Mon 05:30 IST to Tue 05:30 IST: Monday's 6 h only.
        assert.equal(between(evenings, "2026-03-02T00:00:00.000Z", "2026-03-03T00:00:00.000Z"), 6 * H);
        // Fri 18:00-24:00 IST + Mon 18:00-24:00 IST; nothing on the weekend.
        assert.equal(between(evenings, "2026-03-06T12:30:00.000Z", "2026-03-09T18:30:00.000Z"), 12 * H);
      });

      it("consecutive 00:00-24:00 days join without a gap at midnight", () => {
        assert.equal(between(calendar247(), "2026-03-02T00:00:00.000Z", "2026-03-05T00:00:00.000Z"), 72 * H);
        assert.equal(between(calendar247(), "2026-03-02T23:30:00.000Z", "2026-03-03T00:30:00.000Z"), 1 * H);
      });
    });

    describe("Asia/Kolkata (+05:30, no daylight saving)", () => {
      const office = officeCalendar(KOLKATA); // 09:00-17:00 IST = 03:30-11:30 UTC

      it("reads 09:00-17:00 as 03:30-11:30 UTC, the same all year", () => {
        // 08:30-09:30 IST: 30 min.
        assert.equal(between(office, "2026-03-02T03:00:00.000Z", "2026-03-02T04:00:00.000Z"), 30 * MIN);
        // The Mondays after Europe's and America's changes: unchanged.
        assert.equal(between(office, "2026-03-30T03:30:00.000Z", "2026-03-30T11:30:00.000Z"), 8 * H);
        assert.equal(between(office, "2026-11-02T03:30:00.000Z", "2026-11-02T11:30:00.000Z"), 8 * H);
      });

      it("takes a holiday's local date, not its UTC date", () => {
        // 2026-03-03 IST runs from 03-02T18:30Z to 03-03T18:30Z.
        const cal: Calendar = { ...calendar247(KOLKATA), holidays: ["2026-03-03"] };
        // 03-02T12:00Z to 18:30Z (6 h 30) + 03-03T18:30Z to 03-04T00:00Z (5 h 30).
        assert.equal(between(cal, "2026-03-02T12:00:00.000Z", "2026-03-04T00:00:00.000Z"), 12 * H);
      });
    });
  });

  describe("addBusinessMs", () => {
    describe("on an office calendar (Madrid, Mon-Fri 09:00-17:00, CET)", () => {
      const office = officeCalendar(MADRID);

      it("adds straight through working hours", () => {
        // Mon 10:00 CET + 1 h = 11:00 CET.
        assert.equal(due(office, "2026-03-02T09:00:00.000Z", 60 * MIN), "2026-03-02T10:00:00.000Z");
        // Mon 09:00 + 40 h = Fri 17:00 CET.
        assert.equal(due(office, "2026-03-02T08:00:00.000Z", 40 * H), "2026-03-06T16:00:00.000Z");
      });

      it("starts counting a request filed on Friday evening when Monday's window opens", () => {
        // Fri 19:00 CET: nothing until Mon 09:00 CET, due Mon 10:00 CET.
        assert.equal(due(office, "2026-03-06T18:00:00.000Z", 60 * MIN), "2026-03-09T09:00:00.000Z");
        // Fri 16:30 CET: 30 min on Friday, 30 min on Monday: Mon 09:30 CET.
        assert.equal(due(office, "2026-03-06T15:30:00.000Z", 60 * MIN), "2026-03-09T08:30:00.000Z");
      });

      it("starts counting a request filed on a holiday the next working day", () => {
        const cal = officeCalendar(MADRID, ["2026-03-09"]); // Monday off
        // Filed Mon 10:00 CET on the holiday: Tue 09:00-10:00 CET.
        assert.equal(due(cal, "2026-03-09T09:00:00.000Z", 60 * MIN), "2026-03-10T09:00:00.000Z");
        // Filed Fri 19:00 CET: the weekend and the holiday Monday pass, Tue 10:00 CET.
        assert.equal(due(cal, "2026-03-06T18:00:00.000Z", 60 * MIN), "2026-03-10T09:00:00.000Z");
      });

      it("is due at a window's end when the target is reached exactly then, not at the next opening", () => {
        // Mon 16:00 CET + 1 h = Mon 17:00 CET, not Tue 09:00.
        assert.equal(due(office, "2026-03-02T15:00:00.000Z", 60 * MIN), "2026-03-02T16:00:00.000Z");
        // A whole day from opening ends at that day's closing.
        assert.equal(due(office, "2026-03-02T08:00:00.000Z", 8 * H), "2026-03-02T16:00:00.000Z");
        // One millisecond more spills into Tuesday's window.
        assert.equal(due(office, "2026-03-02T15:00:00.000Z", 60 * MIN + 1), "2026-03-03T08:00:00.001Z");
        // Starting right at closing: nothing is left that day.
        assert.equal(due(office, "2026-03-02T16:00:00.000Z", 1 * MIN), "2026-03-03T08:01:00.000Z");
      });

      it("is the start itself for no business time at all", () => {
        assert.equal(due(office, "2026-03-07T12:00:00.000Z", 0), "2026-03-07T12:00:00.000Z");
        assert.equal(due(office, "2026-03-07T12:00:00.000Z", -MIN), "2026-03-07T12:00:00.000Z");
      });

      it("is Infinity on a calendar that never works", () => {
        assert.equal(addBusinessMs(never(MADRID), t("2026-03-02T09:00:00.000Z"), 60 * MIN), Infinity);
      });
    });

    describe("across daylight-saving changes", () => {
      it("Madrid forward: Fri 16:00 CET + 2 h is Mon 10:00 CEST", () => {
        // Fri 2026-03-27 16:00-17:00 CET (1 h), Mon 2026-03-30 09:00-10:00 CEST = 07:00-08:00 UTC.
        assert.equal(due(officeCalendar(MADRID), "2026-03-27T15:00:00.000Z", 2 * H), "2026-03-30T08:00:00.000Z");
      });

      it("Madrid back: Fri 16:00 CEST + 2 h is Mon 10:00 CET", () => {
        // Fri 2026-10-23 16:00-17:00 CEST (14:00-15:00Z), Mon 2026-10-26 09:00-10:00 CET = 08:00-09:00 UTC.
        assert.equal(due(officeCalendar(MADRID), "2026-10-23T14:00:00.000Z", 2 * H), "2026-10-26T09:00:00.000Z");
      });

      it("New York forward: Fri 16:00 EST + 2 h is Mon 10:00 EDT", () => {
        // Fri 2026-03-06 16:00 EST = 21:00Z; Mon 2026-03-09 10:00 EDT = 14:00Z.
        assert.equal(due(officeCalendar(NEW_YORK), "2026-03-06T21:00:00.000Z", 2 * H), "2026-03-09T14:00:00.000Z");
      });

      it("New York back: Fri 16:00 EDT + 2 h is Mon 10:00 EST", () => {
        // Fri 2026-10-30 16:00 EDT = 20:00Z; Mon 2026-11-02 10:00 EST = 15:00Z.
        assert.equal(due(officeCalendar(NEW_YORK), "2026-10-30T20:00:00.000Z", 2 * H), "2026-11-02T15:00:00.000Z");
      });

      it("a Sunday-only whole-day calendar is done after 23 h on 2026-03-29 and after 25 h on 2026-10-25 (Madrid)", () => {
        const cal = sundays(MADRID, [["00:00", "24:00"]]);
        // From Saturday noon: Sunday 00:00 CET (03-28T23:00Z) + 23 h = Sunday 24:00 = Mon 00:00 CEST (22:00Z).
        assert.equal(due(cal, "2026-03-28T12:00:00.000Z", 23 * H), "2026-03-29T22:00:00.000Z");
        // One minute more: the next Sunday, 2026-04-05 00:01 CEST = 04-04T22:01Z.
        assert.equal(due(cal, "2026-03-28T12:00:00.000Z", 23 * H + MIN), "2026-04-04T22:01:00.000Z");
        // Sunday 2026-10-25 00:00 CEST (10-24T22:00Z) + 24 h = 23:00 CET, still Sunday (22:00Z) ...
        assert.equal(due(cal, "2026-10-24T12:00:00.000Z", 24 * H), "2026-10-25T22:00:00.000Z");
        // ... and + 25 h = Sunday 24:00 CET (23:00Z).
        assert.equal(due(cal, "2026-10-24T12:00:00.000Z", 25 * H), "2026-10-25T23:00:00.000Z");
      });

      it("24x7: a day of business time from local midnight ends at 01:00 (forward) or 23:00 (back) local", () => {
        // Madrid 2026-03-29 00:00 CET (03-28T23:00Z) + 24 h = 03-29T23:00Z = Mon 01:00 CEST.
        assert.equal(due(calendar247(MADRID), "2026-03-28T23:00:00.000Z", 24 * H), "2026-03-29T23:00:00.000Z");
        // New York 2026-11-01 00:00 EDT (04:00Z) + 24 h = 11-02T04:00Z = Sun 23:00 EST.
        assert.equal(due(calendar247(NEW_YORK), "2026-11-01T04:00:00.000Z", 24 * H), "2026-11-02T04:00:00.000Z");
      });

      it("a window containing the skipped hour gives only its real time (Sundays 01:00-04:00)", () => {
        const madrid = sundays(MADRID, [["01:00", "04:00"]]);
        // 2026-03-29: 01:00-02:00 CET (00:00-01:00Z) is 60 min, then 03:00 CEST (01:00Z) + 30 min.
        assert.equal(due(madrid, "2026-03-28T12:00:00.000Z", 90 * MIN), "2026-03-29T01:30:00.000Z");
        // 2 h is all there is: due at 04:00 CEST (02:00Z), the window's end.
        assert.equal(due(madrid, "2026-03-28T12:00:00.000Z", 2 * H), "2026-03-29T02:00:00.000Z");
        // A minute more: next Sunday 2026-04-05 01:01 CEST = 04-04T23:01Z.
        assert.equal(due(madrid, "2026-03-28T12:00:00.000Z", 2 * H + MIN), "2026-04-04T23:01:00.000Z");
        // New York 2026-03-08: 01:00-02:00 EST (06:00-07:00Z), then 03:00 EDT (07:00Z) + 30 min.
        assert.equal(due(sundays(NEW_YORK, [["01:00", "04:00"]]), "2026-03-07T12:00:00.000Z", 90 * MIN), "2026-03-08T07:30:00.000Z");
      });

      it("a window ending inside the repeated hour goes on when the wall clock comes back into it", () => {
        // New York 2026-11-01, 01:30-03:00: 01:30-02:00 EDT (05:30-06:00Z) gives 30 min; the clock goes
        // back to 01:00 EST and re-enters the window at 01:30 EST (06:30Z): + 15 min = 06:45Z.
        assert.equal(due(sundays(NEW_YORK, [["01:30", "03:00"]]), "2026-10-31T12:00:00.000Z", 45 * MIN), "2026-11-01T06:45:00.000Z");
      });
    });

    describe("split windows and midnight ends", () => {
      const split = weekdays(MADRID, [
        ["09:00", "13:00"],
        ["14:00", "18:00"],
      ]);

      it("jumps the lunch break", () => {
        // Mon 12:30 CET + 1 h: 30 min to 13:00, 30 min from 14:00: 14:30 CET.
        assert.equal(due(split, "2026-03-02T11:30:00.000Z", 60 * MIN), "2026-03-02T13:30:00.000Z");
        // Filed during lunch (13:15 CET): counting starts at 14:00, due 14:30 CET.
        assert.equal(due(split, "2026-03-02T12:15:00.000Z", 30 * MIN), "2026-03-02T13:30:00.000Z");
      });

      it("is due at the morning window's end when reached exactly then", () => {
        // Mon 09:00 CET + 4 h = 13:00 CET, not 14:00.
        assert.equal(due(split, "2026-03-02T08:00:00.000Z", 4 * H), "2026-03-02T12:00:00.000Z");
        assert.equal(due(split, "2026-03-02T08:00:00.000Z", 4 * H + MIN), "2026-03-02T13:01:00.000Z");
      });

      it('stays on the day for a window ending at "24:00" (Kolkata 18:00-24:00)', () => {
        const evenings = weekdays(KOLKATA, [["18:00", "24:00"]]);
        // Mon 23:00 IST (17:30Z) + 1 h = Mon 24:00 IST (18:30Z), not Tue 18:00.
        assert.equal(due(evenings, "2026-03-02T17:30:00.000Z", 60 * MIN), "2026-03-02T18:30:00.000Z");
        // + 61 min: Tue 18:01 IST = 12:31Z.
        assert.equal(due(evenings, "2026-03-02T17:30:00.000Z", 61 * MIN), "2026-03-03T12:31:00.000Z");
        // Fri 23:00 IST + 2 h: 1 h to Fri 24:00, then Mon 18:00-19:00 IST (13:30Z).
        assert.equal(due(evenings, "2026-03-06T17:30:00.000Z", 2 * H), "2026-03-09T13:30:00.000Z");
      });

      it("crosses midnight without a gap on a 24x7 calendar", () => {
        assert.equal(due(calendar247(), "2026-03-02T23:00:00.000Z", 2 * H), "2026-03-03T01:00:00.000Z");
      });

      it("Kolkata office: Fri 16:30 IST + 1 h is Mon 09:30 IST", () => {
        // Fri 16:30-17:00 IST (11:00-11:30Z), then Mon 09:00-09:30 IST (03:30-04:00Z).
        assert.equal(due(officeCalendar(KOLKATA), "2026-03-06T11:00:00.000Z", 60 * MIN), "2026-03-09T04:00:00.000Z");
      });
    });
  });

  describe("isWorkingInstant", () => {
    it("is true from a window's opening up to, not including, its end", () => {
      const office = officeCalendar(MADRID); // Mon 2026-03-02 09:00-17:00 CET = 08:00-16:00Z
      assert.equal(isWorkingInstant(office, t("2026-03-02T07:59:59.999Z")), false);
      assert.equal(isWorkingInstant(office, t("2026-03-02T08:00:00.000Z")), true);
      assert.equal(isWorkingInstant(office, t("2026-03-02T15:59:59.999Z")), true);
      assert.equal(isWorkingInstant(office, t("2026-03-02T16:00:00.000Z")), false);
    });

    it("is false on weekends and holidays", () => {
      const cal = officeCalendar(MADRID, ["2026-03-04"]);
      assert.equal(isWorkingInstant(cal, t("2026-03-07T10:00:00.000Z")), false); // Sat 11:00 CET
      assert.equal(isWorkingInstant(cal, t("2026-03-04T10:00:00.000Z")), false); // holiday Wed 11:00 CET
      assert.equal(isWorkingInstant(cal, t("2026-03-05T10:00:00.000Z")), true); // Thu 11:00 CET
    });

    it("follows the local window across daylight-saving changes", () => {
      const madrid = officeCalendar(MADRID);
      // 07:00Z is 08:00 CET on 03-23 (closed) but 09:00 CEST on 03-30 (open).
      assert.equal(isWorkingInstant(madrid, t("2026-03-23T07:00:00.000Z")), false);
      assert.equal(isWorkingInstant(madrid, t("2026-03-30T07:00:00.000Z")), true);
      // 15:00Z is 16:00 CET on 03-23 (open) but 17:00 CEST on 03-30 (closed).
      assert.equal(isWorkingInstant(madrid, t("2026-03-23T15:00:00.000Z")), true);
      assert.equal(isWorkingInstant(madrid, t("2026-03-30T15:00:00.000Z")), false);

      const ny = officeCalendar(NEW_YORK);
      // 13:00Z is 09:00 EDT on 10-26 (open) but 08:00 EST on 11-02 (closed); 21:30Z is 17:30 EDT / 16:30 EST.
      assert.equal(isWorkingInstant(ny, t("2026-10-26T13:00:00.000Z")), true);
      assert.equal(isWorkingInstant(ny, t("2026-11-02T13:00:00.000Z")), false);
      assert.equal(isWorkingInstant(ny, t("2026-10-26T21:30:00.000Z")), false);
      assert.equal(isWorkingInstant(ny, t("2026-11-02T21:30:00.000Z")), true);
    });

    it("never works in a window that falls in the skipped hour", () => {
      const cal = sundays(MADRID, [["02:00", "03:00"]]);
      assert.equal(isWorkingInstant(cal, t("2026-03-29T00:59:00.000Z")), false); // 01:59 CET
      assert.equal(isWorkingInstant(cal, t("2026-03-29T01:00:00.000Z")), false); // 03:00 CEST
      assert.equal(isWorkingInstant(cal, t("2026-03-22T01:30:00.000Z")), true); // 02:30 CET a week before
    });

    it("is false when the wall clock has gone back to before a window that started in the repeated hour", () => {
      // New York 2026-11-01, 01:30-03:00: 05:45Z is 01:45 EDT (in), 06:15Z is 01:15 EST (out), 06:45Z 01:45 EST (in).
      const cal = sundays(NEW_YORK, [["01:30", "03:00"]]);
      assert.equal(isWorkingInstant(cal, t("2026-11-01T05:45:00.000Z")), true);
      assert.equal(isWorkingInstant(cal, t("2026-11-01T06:15:00.000Z")), false);
      assert.equal(isWorkingInstant(cal, t("2026-11-01T06:45:00.000Z")), true);
    });

    it("is false over lunch in split windows", () => {
      const split = weekdays(MADRID, [
        ["09:00", "13:00"],
        ["14:00", "18:00"],
      ]);
      assert.equal(isWorkingInstant(split, t("2026-03-02T11:59:00.000Z")), true); // 12:59 CET
      assert.equal(isWorkingInstant(split, t("2026-03-02T12:00:00.000Z")), false); // 13:00 CET
      assert.equal(isWorkingInstant(split, t("2026-03-02T13:00:00.000Z")), true); // 14:00 CET
    });

    it('treats "24:00" as the end of the day, and midnight as working on a 24x7 calendar', () => {
      const evenings = weekdays(KOLKATA, [["18:00", "24:00"]]);
      assert.equal(isWorkingInstant(evenings, t("2026-03-02T18:29:59.999Z")), true); // Mon 23:59:59.999 IST
      assert.equal(isWorkingInstant(evenings, t("2026-03-02T18:30:00.000Z")), false); // Tue 00:00 IST
      assert.equal(isWorkingInstant(calendar247(), t("2026-03-03T00:00:00.000Z")), true);
    });
  });

  describe("nextWorkingInstant", () => {
    const office = officeCalendar(MADRID);
    const next = (cal: Calendar, from: string) => iso(nextWorkingInstant(cal, t(from)));

    it("is the instant itself during working hours, including the opening instant", () => {
      assert.equal(next(office, "2026-03-02T10:17:00.000Z"), "2026-03-02T10:17:00.000Z");
      assert.equal(next(office, "2026-03-02T08:00:00.000Z"), "2026-03-02T08:00:00.000Z");
    });

    it("is the opening of the next window outside hours", () => {
      assert.equal(next(office, "2026-03-02T06:00:00.000Z"), "2026-03-02T08:00:00.000Z"); // Mon 07:00 CET
      assert.equal(next(office, "2026-03-06T18:00:00.000Z"), "2026-03-09T08:00:00.000Z"); // Fri 19:00 CET
      assert.equal(next(office, "2026-03-02T16:00:00.000Z"), "2026-03-03T08:00:00.000Z"); // at closing
    });

    it("skips holidays, also when filed on the holiday itself", () => {
      const cal = officeCalendar(MADRID, ["2026-03-09"]);
      assert.equal(next(cal, "2026-03-07T12:00:00.000Z"), "2026-03-10T08:00:00.000Z");
      assert.equal(next(cal, "2026-03-09T09:00:00.000Z"), "2026-03-10T08:00:00.000Z");
    });

    it("opens at 09:00 local after a daylight-saving change", () => {
      // Madrid: Mon 2026-03-30 09:00 CEST = 07:00Z. New York: Mon 2026-11-02 09:00 EST = 14:00Z.
      assert.equal(next(office, "2026-03-28T12:00:00.000Z"), "2026-03-30T07:00:00.000Z");
      assert.equal(next(officeCalendar(NEW_YORK), "2026-10-31T12:00:00.000Z"), "2026-11-02T14:00:00.000Z");
    });

    it("skips a window that falls entirely into the skipped hour", () => {
      // Sundays 02:00-03:00 Madrid: none on 2026-03-29; next is 2026-04-05 02:00 CEST = 00:00Z.
      assert.equal(next(sundays(MADRID, [["02:00", "03:00"]]), "2026-03-28T12:00:00.000Z"), "2026-04-05T00:00:00.000Z");
    });

    it("is the second pass into a window during the repeated hour", () => {
      // New York 2026-11-01, 01:30-03:00: at 06:00Z (01:00 EST) the window opens again at 01:30 EST (06:30Z).
      assert.equal(next(sundays(NEW_YORK, [["01:30", "03:00"]]), "2026-11-01T06:00:00.000Z"), "2026-11-01T06:30:00.000Z");
    });

    it("is the afternoon window during lunch, and the evening window before it", () => {
      const split = weekdays(MADRID, [
        ["09:00", "13:00"],
        ["14:00", "18:00"],
      ]);
      assert.equal(next(split, "2026-03-02T12:15:00.000Z"), "2026-03-02T13:00:00.000Z"); // 13:15 -> 14:00 CET
      // Kolkata 18:00-24:00: Tue 10:30 IST (05:00Z) -> 18:00 IST (12:30Z).
      assert.equal(next(weekdays(KOLKATA, [["18:00", "24:00"]]), "2026-03-03T05:00:00.000Z"), "2026-03-03T12:30:00.000Z");
    });

    it("is Infinity on a calendar that never works", () => {
      assert.equal(nextWorkingInstant(never(), t("2026-03-02T09:00:00.000Z")), Infinity);
    });
  });

  describe("holidaysBetween", () => {
    const cal = officeCalendar(MADRID, ["2026-03-09", "2026-03-19", "2026-12-25"]);
    const holidays = (c: Calendar, from: string, to: string) => holidaysBetween(c, t(from), t(to));

    it("lists the holidays between two instants, in the calendar's order", () => {
      // Fri 19:00 CET to Tue 10:00 CET: Monday 03-09.
      assert.deepEqual(holidays(cal, "2026-03-06T18:00:00.000Z", "2026-03-10T09:00:00.000Z"), ["2026-03-09"]);
      assert.deepEqual(holidays(cal, "2026-03-06T18:00:00.000Z", "2026-03-20T09:00:00.000Z"), ["2026-03-09", "2026-03-19"]);
      assert.deepEqual(holidays(cal, "2026-03-02T08:00:00.000Z", "2026-03-06T16:00:00.000Z"), []);
    });

    it("includes the holiday it starts on", () => {
      assert.deepEqual(holidays(cal, "2026-03-09T09:00:00.000Z", "2026-03-10T09:00:00.000Z"), ["2026-03-09"]);
    });

    it("reads dates in the calendar's zone, not in UTC", () => {
      // New York: 2026-03-03T03:00Z is still Mon 2026-03-02 22:00 EST.
      assert.deepEqual(
        holidays(officeCalendar(NEW_YORK, ["2026-03-02"]), "2026-03-03T03:00:00.000Z", "2026-03-03T14:00:00.000Z"),
        ["2026-03-02"],
      );
      // Kolkata: 2026-03-02T19:00Z is already Tue 2026-03-03 00:30 IST; 18:00Z is still Mon 23:30 IST.
      const kolkata = officeCalendar(KOLKATA, ["2026-03-03"]);
      assert.deepEqual(holidays(kolkata, "2026-03-02T19:00:00.000Z", "2026-03-02T20:00:00.000Z"), ["2026-03-03"]);
      assert.deepEqual(holidays(kolkata, "2026-03-02T10:00:00.000Z", "2026-03-02T18:00:00.000Z"), []);
    });

    it("does not list a holiday that only starts at the end instant (due at 24:00 the day before)", () => {
      // Kolkata 18:00-24:00 with Tuesday off: from Mon 23:00 IST to Mon 24:00 IST (= Tue 00:00, 18:30Z).
      const evenings = weekdays(KOLKATA, [["18:00", "24:00"]], ["2026-03-03"]);
      assert.deepEqual(holidays(evenings, "2026-03-02T17:30:00.000Z", "2026-03-02T18:30:00.000Z"), []);
      // A millisecond later Tuesday has begun.
      assert.deepEqual(holidays(evenings, "2026-03-02T17:30:00.000Z", "2026-03-02T18:30:00.001Z"), ["2026-03-03"]);
    });

    it("is empty when the end is not after the start, or never comes", () => {
      assert.deepEqual(holidays(cal, "2026-03-10T09:00:00.000Z", "2026-03-06T18:00:00.000Z"), []);
      assert.deepEqual(holidays(cal, "2026-03-09T09:00:00.000Z", "2026-03-09T09:00:00.000Z"), []);
      assert.deepEqual(holidaysBetween(cal, t("2026-03-06T18:00:00.000Z"), Infinity), []);
    });
  });
});
