import assert from "node:assert/strict";
import { firstWorkingInstant, previousMonth, promiseChanges, reviewPeople } from "../../shared/review.ts";
import { parse } from "../../shared/validation/index.ts";
import { actionPatchSchema, changesQuerySchema, reviewEntrySchema, reviewMonthSchema } from "../../shared/validation/review-schemas.ts";
import { AGENT, department, LEAD, officeCalendar, slaPolicy } from "../support/fixtures.ts";

/** The monthly review's pure rules (shared/review.ts) and its inputs (shared/validation/review-schemas.ts). */
describe("monthly review rules", () => {
  describe("promiseChanges: what a new version changes in the published promise", () => {
    const before = department({ calendar: officeCalendar("Europe/Madrid", ["2026-12-08"]) });

    it("is empty when only the name, description or people change (no reason needed)", () => {
      assert.deepEqual(promiseChanges(before, { ...before, name: "Tech", description: "x", agents: [], leads: [LEAD] } as typeof before), []);
    });

    it("names each changed target, the warning level and the zone, from and to", () => {
      const sla = slaPolicy();
      sla.targets.urgent = { firstResponseMinutes: 10, resolutionMinutes: 120 };
      sla.warnAtPercent = 70;
      const after = { ...before, sla, calendar: { ...before.calendar, timeZone: "Europe/Lisbon" } };
      assert.deepEqual(promiseChanges(before, after), [
        { what: "warnAtPercent", from: "80", to: "70" },
        { what: "targets.urgent.firstResponseMinutes", from: "15", to: "10" },
        { what: "calendar.timeZone", from: "Europe/Madrid", to: "Europe/Lisbon" },
      ]);
    });

    it("names hours per weekday, holidays removed and added, categories added, removed and renamed", () => {
      const after = {
        ...before,
        calendar: { ...before.calendar, week: { ...before.calendar.week, fri: [["09:00", "14:00"]] as Array<[string, string]> }, holidays: ["2026-12-25"] },
        categories: [{ key: "access", name: "Access" }, { key: "hardware", name: "Hardware" }, { key: "software", name: "Software" }, { key: "printing", name: "Printing" }],
      };
      assert.deepEqual(promiseChanges(before, after), [
        { what: "calendar.week.fri", from: "09:00-17:00", to: "09:00-14:00" },
        { what: "calendar.holidays", from: "2026-12-08", to: "2026-12-25" },
        { what: "categories", from: "Access and accounts (access)", to: "Access (access)" },
        { what: "categories", from: "Network and VPN (network)", to: "" },
        { what: "categories", from: "", to: "Printing (printing)" },
      ]);
    });
  });

  describe("firstWorkingInstant: when a month's review is due, in the department's zone", () => {
    it("is the first window's opening on the month's first working day, in local time", () => {
      // Tuesday 1 December 2026: 09:00 in Kolkata is 03:30 UTC, in New York 14:00 UTC.
      assert.equal(new Date(firstWorkingInstant({ calendar: officeCalendar("Asia/Kolkata") }, "2026-12")!).toISOString(), "2026-12-01T03:30:00.000Z");
      assert.equal(new Date(firstWorkingInstant({ calendar: officeCalendar("America/New_York") }, "2026-12")!).toISOString(), "2026-12-01T14:00:00.000Z");
    });

    it("skips the weekend and holidays", () => {
      // 1 August 2026 is a Saturday; Monday the 3rd a holiday: Tuesday the 4th at 09:00 in Madrid (07:00 UTC).
      assert.equal(new Date(firstWorkingInstant({ calendar: officeCalendar("Europe/Madrid", ["2026-08-03"]) }, "2026-08")!).toISOString(), "2026-08-04T07:00:00.000Z");
    });

    it("is undefined for a month with no working time at all", () => {
      const closed = officeCalendar("UTC");
      closed.week = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
      assert.equal(firstWorkingInstant({ calendar: closed }, "2026-12"), undefined);
    });
  });

  it("previousMonth crosses the year", () => {
    assert.equal(previousMonth("2026-01"), "2025-12");
    assert.equal(previousMonth("2026-11"), "2026-10");
  });

  it("reviewPeople: leads then agents, each once", () => {
    assert.deepEqual(reviewPeople({ leads: [LEAD], agents: [AGENT, LEAD] }).map((p) => p.id), [LEAD.id, AGENT.id]);
  });

  describe("inputs", () => {
    it("a month is YYYY-MM", () => {
      assert.ok(parse(reviewMonthSchema, "2026-11", "month").ok, "2026-11");
      const bad = parse(reviewMonthSchema, "2026-13", "month");
      assert.ok(!bad.ok && /must be a month "YYYY-MM"/.test(bad.error.message), JSON.stringify(bad));
    });

    it("an entry is a decision or an action item, not both, not neither", () => {
      assert.ok(parse(reviewEntrySchema, { decision: "Two agents on Mondays" }).ok, "a decision");
      assert.ok(parse(reviewEntrySchema, { actionItem: { text: "Roster", owner: { id: "u1", name: "Ana" }, due: "2026-12-15" } }).ok, "an action item");
      const both = parse(reviewEntrySchema, { decision: "x", actionItem: { text: "Roster", owner: { id: "u1", name: "Ana" }, due: "2026-12-15" } });
      assert.ok(!both.ok && /exactly one/.test(both.error.message), JSON.stringify(both));
      const neither = parse(reviewEntrySchema, {});
      assert.ok(!neither.ok, "neither");
      const badDue = parse(reviewEntrySchema, { actionItem: { text: "Roster", owner: { id: "u1", name: "Ana" }, due: "15/12/2026" } });
      assert.ok(!badDue.ok && badDue.error.details[0]?.path === "actionItem.due", JSON.stringify(badDue));
      const long = parse(reviewEntrySchema, { decision: "x".repeat(1001) });
      assert.ok(!long.ok && long.error.details[0]?.path === "decision", JSON.stringify(long).slice(0, 300));
    });

    it("a change to an action item changes something", () => {
      assert.ok(parse(actionPatchSchema, { done: true }).ok, "done");
      const empty = parse(actionPatchSchema, {});
      assert.ok(!empty.ok && /must change something/.test(empty.error.message), JSON.stringify(empty));
      const unknown = parse(actionPatchSchema, { finished: true });
      assert.ok(!unknown.ok && unknown.error.details.some((d) => d.path === "finished"), JSON.stringify(unknown));
    });

    it("the change log's limit is 1 to 100, 20 by default", () => {
      const dflt = parse(changesQuerySchema, {});
      assert.ok(dflt.ok && dflt.value.limit === 20, JSON.stringify(dflt));
      assert.ok(!parse(changesQuerySchema, { limit: "101" }).ok, "101 is too many");
    });
  });
});
