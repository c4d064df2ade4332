import assert from "node:assert/strict";
import { SURVEY_DEFAULTS, surveySettings, type ServiceRequest } from "../../shared/domain.ts";
import { ServedProjection } from "../../bot/service/served-projection.ts";
import { pulseSample } from "../../bot/scheduler/pulse-scheduler.ts";
import { departmentBodySchema, parse, surveysSchema } from "../../shared/validation/index.ts";
import { countScores, nps, npsGroup, NPS_MIN_ANSWERS, parsePeriod, periodAt, periodBefore, periodLabel, periodMonths, periodOfMonth, periodRange, visibleVerbatims } from "../../shared/nps.ts";

const week = { mon: [["09:00", "17:00"]], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const calendar = { timeZone: "Europe/Madrid", week, holidays: [] };
const target = { firstResponseMinutes: 60, resolutionMinutes: 480 };
const sla = { targets: { low: target, normal: target, high: target, urgent: target } };
const department = { name: "IT", calendar, sla };

function problem(input: unknown, path: string): string {
  const r = parse(departmentBodySchema, { ...department, surveys: input });
  if (r.ok) assert.fail(`expected surveys ${JSON.stringify(input)} to be refused`);
  const d = r.error.details.find((x) => x.path === path);
  assert.ok(d, `no problem at ${path}: ${JSON.stringify(r.error.details)}`);
  return d.message;
}

describe("survey settings (department.surveys)", () => {
  it("is optional: absent and null mean the defaults", () => {
    for (const surveys of [undefined, null]) {
      const r = parse(departmentBodySchema, { ...department, surveys });
      assert.ok(r.ok, `surveys ${surveys} should be accepted`);
      assert.equal(r.value.surveys, undefined, "nothing is stored for absent settings");
    }
    assert.deepEqual(surveySettings({}), SURVEY_DEFAULTS, "the defaults fill in absent settings");
    assert.deepEqual(SURVEY_DEFAULTS, { ratingEveryDays: 7, pulseEveryMonths: 3, pulseSample: 30, pulseEnabled: true }, "the documented defaults");
  });

  it("fills each missing field with its default", () => {
    const r = parse(surveysSchema, { pulseEveryMonths: 6 });
    assert.ok(r.ok, "a partial object is accepted");
    assert.deepEqual(r.value, { ratingEveryDays: 7, pulseEveryMonths: 6, pulseSample: 30, pulseEnabled: true }, "defaults for the rest");
    const zero = parse(surveysSchema, { ratingEveryDays: 0, pulseSample: 1000, pulseEnabled: false, pulseEveryMonths: 12 });
    assert.ok(zero.ok && zero.value?.ratingEveryDays === 0 && zero.value.pulseEnabled === false, "0 days (every resolve) and false are kept");
  });

  it("refuses bad values with a sentence saying what is allowed", () => {
    assert.match(problem({ ratingEveryDays: 366 }, "surveys.ratingEveryDays"), /0 to 365.*got 366/, "days above a year");
    assert.match(problem({ ratingEveryDays: 1.5 }, "surveys.ratingEveryDays"), /whole number/, "fractional days");
    assert.match(problem({ pulseEveryMonths: 2 }, "surveys.pulseEveryMonths"), /1, 3, 6 or 12.*got 2/, "a period that is not 1, 3, 6 or 12");
    assert.match(problem({ pulseSample: 0 }, "surveys.pulseSample"), /1 to 1,000.*got 0/, "an empty sample");
    assert.match(problem({ pulseEnabled: "yes" }, "surveys.pulseEnabled"), /true or false/, "a text for a boolean");
    assert.match(problem({ often: true }, "surveys.often"), /not a known property.*ratingEveryDays/, "an unknown field");
    assert.match(problem(7, "surveys"), /survey settings like/, "not an object");
  });
});

describe("internal NPS arithmetic (shared/nps.ts)", () => {
  const scores = (...s: number[]) => countScores(s);

  it("groups 9-10 as promoters, 7-8 as passives, 0-6 as detractors", () => {
    assert.deepEqual([0, 6, 7, 8, 9, 10].map(npsGroup), ["detractor", "detractor", "passive", "passive", "promoter", "promoter"], "the groups by score");
  });

  it("is % promoters minus % detractors, a whole number", () => {
    assert.equal(nps(scores(10, 9, 9, 8, 3)), 40, "3 promoters, 1 passive, 1 detractor of 5: 60 - 20");
    assert.equal(nps(scores(10, 10, 10, 10, 10)), 100, "all promoters");
    assert.equal(nps(scores(0, 1, 2, 3, 6)), -100, "all detractors");
    assert.equal(nps(scores(7, 8, 7, 8, 7)), 0, "all passives: 0, never -0");
    assert.ok(!Object.is(nps(scores(7, 8, 7, 8, 7)), -0), "not -0");
    assert.equal(nps(scores(9, 9, 0, 7, 7, 7)), 17, "2 of 6 promoters, 1 of 6 detractors: 16.7 rounds to 17");
    assert.equal(nps(scores(9, 0, 0, 7, 7, 7)), -17, "rounded away from zero both ways: -16.7 to -17");
    assert.equal(nps(scores(9, 9, 9, 0, 7, 7, 7, 7)), 25, "3 of 8 minus 1 of 8");
  });

  it("has no figure under 5 answers, and no verbatims", () => {
    assert.equal(NPS_MIN_ANSWERS, 5, "the floor is 5");
    assert.equal(nps(scores(10, 10, 10, 10)), null, "4 answers: no NPS");
    assert.equal(nps(scores()), null, "none: no NPS");
    assert.equal(nps(scores(10, 10, 10, 10, 0)), 60, "5 answers: a figure");
    const v = [{ score: 3, comment: "slow", at: "2026-10-01T00:00:00Z" }];
    assert.deepEqual(visibleVerbatims(4, v), [], "4 answers: comments hidden");
    assert.deepEqual(visibleVerbatims(5, v), v, "5 answers: comments shown");
  });

  it("splits the year into periods of 1, 3, 6 or 12 months starting in January", () => {
    assert.deepEqual(periodOfMonth("2026-11", 3), { key: "2026-10_3m", start: "2026-10", months: 3 }, "November is in Q4");
    assert.equal(periodOfMonth("2026-06", 6).key, "2026-01_6m", "June is in the first half");
    assert.equal(periodOfMonth("2026-07", 12).key, "2026-01_12m", "a year");
    assert.equal(periodOfMonth("2026-07", 1).key, "2026-07_1m", "a month");
    assert.equal(periodBefore(periodOfMonth("2026-02", 3)).key, "2025-10_3m", "the quarter before Q1 is last year's Q4");
    assert.deepEqual(periodMonths(parsePeriod("2026-10_3m")!), ["2026-10", "2026-11", "2026-12"], "a quarter's months");
    assert.equal(parsePeriod("2026-11_3m"), undefined, "a quarter does not start in November");
    assert.equal(parsePeriod("2026-10_2m"), undefined, "2 months is not a period");
  });

  it("finds the period in the department's zone", () => {
    // 2026-12-31T23:30Z is already January 1st in Kolkata (UTC+5:30), still December in New York.
    const t = Date.parse("2026-12-31T23:30:00Z");
    assert.equal(periodAt(t, "Asia/Kolkata", 3).key, "2027-01_3m", "Kolkata is in the new quarter");
    assert.equal(periodAt(t, "America/New_York", 3).key, "2026-10_3m", "New York is still in Q4");
    const r = periodRange(parsePeriod("2027-01_3m")!, "Asia/Kolkata");
    assert.equal(new Date(r.from).toISOString(), "2026-12-31T18:30:00.000Z", "Q1 starts at local midnight");
    assert.equal(new Date(r.to).toISOString(), "2027-03-31T18:30:00.000Z", "and ends when April starts");
  });

  it("names periods in both languages", () => {
    assert.equal(periodLabel("2026-10_3m", "en"), "October–December 2026", "a quarter in English");
    assert.equal(periodLabel("2026-10_3m", "es"), "octubre–diciembre de 2026", "a quarter in Spanish");
    assert.equal(periodLabel("2026-11_1m", "en"), "November 2026", "a month");
  });
});

describe("pulse sampling (pulseSample)", () => {
  const people = Array.from({ length: 50 }, (_, i) => ({ id: `p${i}`, name: `P${i}` }));

  it("takes up to the sample size, each person at most once, even when listed twice", () => {
    const chosen = pulseSample([...people, ...people.slice(0, 10)], "t|IT|2026-10_3m", 30);
    assert.equal(chosen.length, 30, "30 of 50");
    assert.equal(new Set(chosen.map((p) => p.id)).size, 30, "nobody twice");
    assert.equal(pulseSample(people.slice(0, 4), "t|IT|2026-10_3m", 30).length, 4, "fewer people than the sample: all of them");
    assert.deepEqual(pulseSample(people, "seed", 0), [], "a sample of 0 asks nobody");
  });

  it("is the same draw for one department's period, whatever the order, and another for the next", () => {
    const a = pulseSample(people, "t|IT|2026-10_3m", 10).map((p) => p.id);
    const b = pulseSample([...people].reverse(), "t|IT|2026-10_3m", 10).map((p) => p.id);
    assert.deepEqual(a, b, "a run taken over picks the same people");
    const next = pulseSample(people, "t|IT|2027-01_3m", 10).map((p) => p.id);
    assert.notDeepEqual(next, a, "the next period draws again");
  });
});

describe("who was served (ServedProjection)", () => {
  /** A request of `who`'s resolved at `at` in Kolkata (only what the projection reads). */
  const req = (who: string, at: string | undefined, status = "resolved") =>
    ({ requester: { id: who, name: who.toUpperCase() }, resolvedAt: at, status, sla: { calendar: { timeZone: "Asia/Kolkata" } } }) as unknown as ServiceRequest;

  it("writes each person once per local month of resolution, however often they come back, reading a month's ids once", async () => {
    const written: string[] = [];
    const reads: string[] = [];
    const store = {
      servedIds: async (_t: string, _d: string, month: string) => (reads.push(month), month === "2026-10" ? ["ana"] : []),
      addServed: async (_t: string, _d: string, rows: Array<{ month: string; person: { id: string } }>) => (written.push(...rows.map((r) => `${r.month}|${r.person.id}`)), rows.length),
    };
    const p = new ServedProjection(store);
    // 31 Oct 20:00 UTC is already 1 November in Kolkata.
    await p.apply("t", "IT", [req("ana", "2026-10-10T10:00:00Z"), req("ben", "2026-10-31T20:00:00Z"), req("ben", "2026-11-02T10:00:00Z"), req("cy", undefined, "new"), req("dee", "2026-11-03T10:00:00Z", "cancelled")]);
    await p.apply("t", "IT", [req("ben", "2026-11-20T10:00:00Z"), req("ana", "2026-10-12T10:00:00Z"), req("eve", "2026-11-21T10:00:00Z")]);
    assert.deepEqual(written, ["2026-11|ben", "2026-11|eve"], "ana was recorded already; ben once in his local month; nobody unresolved or cancelled");
    assert.deepEqual(reads.sort(), ["2026-10", "2026-11"], "each month's ids read once");
  });
});
