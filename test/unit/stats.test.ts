import assert from "node:assert/strict";
import type { ServiceRequest } from "../../shared/domain.ts";
import { applyAction, type RequestAction } from "../../shared/lifecycle.ts";
import { newRequest } from "../../shared/request.ts";
import {
  csvField,
  departmentStats,
  localDateOf,
  localDayStart,
  localMonthOf,
  median,
  monthlyReport,
  monthRange,
  percentile,
  reportToCsv,
  summaryToCsv,
  weeklyTrend,
  wholeLocalDays,
  type MonthlyReport,
} from "../../shared/stats/index.ts";
import {
  AGENT,
  REQUESTER,
  actor,
  calendar247,
  department,
  officeCalendar,
  request,
  track,
} from "../support/fixtures.ts";

/** ISO with milliseconds from a short UTC form ("2026-03-02T08:00Z"). */
const at = (s: string) => new Date(s).toISOString();
const ms = (s: string) => Date.parse(s);

/** A minimal RFC 4180 reader, to check that what we write reads back as written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length) row.push(field), rows.push(row);
  return rows;
}

describe("stats: local months and dates", () => {
  it("gives month boundaries at local midnight in Madrid, across both DST changes", () => {
    const march = monthRange("2026-03", "Europe/Madrid");
    assert.equal(new Date(march.from).toISOString(), "2026-02-28T23:00:00.000Z");
    assert.equal(new Date(march.to).toISOString(), "2026-03-31T22:00:00.000Z");
    const october = monthRange("2026-10", "Europe/Madrid");
    assert.equal(new Date(october.from).toISOString(), "2026-09-30T22:00:00.000Z");
    assert.equal(new Date(october.to).toISOString(), "2026-10-31T23:00:00.000Z");
    const december = monthRange("2026-12", "Europe/Madrid");
    assert.equal(new Date(december.to).toISOString(), "2026-12-31T23:00:00.000Z");
  });

  it("gives month boundaries at local midnight in New York, across both DST changes", () => {
    const november = monthRange("2026-11", "America/New_York");
    assert.equal(new Date(november.from).toISOString(), "2026-11-01T04:00:00.000Z");
    assert.equal(new Date(november.to).toISOString(), "2026-12-01T05:00:00.000Z");
    const march = monthRange("2026-03", "America/New_York");
    assert.equal(new Date(march.from).toISOString(), "2026-03-01T05:00:00.000Z");
    assert.equal(new Date(march.to).toISOString(), "2026-04-01T04:00:00.000Z");
  });

  it("handles UTC and zones east of UTC", () => {
    const feb = monthRange("2026-02", "UTC");
    assert.equal(new Date(feb.from).toISOString(), "2026-02-01T00:00:00.000Z");
    assert.equal(new Date(feb.to).toISOString(), "2026-03-01T00:00:00.000Z");
    const tokyo = monthRange("2026-05", "Asia/Tokyo");
    assert.equal(new Date(tokyo.from).toISOString(), "2026-04-30T15:00:00.000Z");
    const kolkata = monthRange("2026-01", "Asia/Kolkata");
    assert.equal(new Date(kolkata.from).toISOString(), "2025-12-31T18:30:00.000Z");
    assert.equal(new Date(kolkata.to).toISOString(), "2026-01-31T18:30:00.000Z");
  });

  it("starts a day at its first instant when midnight is skipped or repeated", () => {
    // Havana falls back from 01:00 to 00:00 on 2026-11-01: the month starts at the first midnight.
    assert.equal(new Date(monthRange("2026-11", "America/Havana").from).toISOString(), "2026-11-01T04:00:00.000Z");
    // Havana springs forward from 00:00 to 01:00 on 2026-03-08; Santiago on 2026-09-06.
    assert.equal(new Date(localDayStart("2026-03-08", "America/Havana")).toISOString(), "2026-03-08T05:00:00.000Z");
    assert.equal(new Date(localDayStart("2026-09-06", "America/Santiago")).toISOString(), "2026-09-06T04:00:00.000Z");
    assert.equal(new Date(localDayStart("2026-03-29", "Europe/Madrid")).toISOString(), "2026-03-28T23:00:00.000Z");
    assert.equal(new Date(localDayStart("2026-03-30", "Europe/Madrid")).toISOString(), "2026-03-29T22:00:00.000Z");
  });

  it("refuses malformed months, dates and zones", () => {
    assert.throws(() => monthRange("2026-13", "UTC"), RangeError);
    assert.throws(() => monthRange("2026-3", "UTC"), RangeError);
    assert.throws(() => monthRange("2026-03", "Mars/Olympus"), RangeError);
    assert.throws(() => localDayStart("2026-02-30", "UTC"), RangeError);
  });

  it("gives the local month and date of an instant", () => {
    // 23:30 on the 31st in New York is already the 1st in UTC.
    assert.equal(localMonthOf(ms("2026-04-01T03:30Z"), "America/New_York"), "2026-03");
    assert.equal(localDateOf(ms("2026-04-01T03:30Z"), "America/New_York"), "2026-03-31");
    // 00:30 on the 1st in Madrid is still the last day of the previous month in UTC.
    assert.equal(localMonthOf(ms("2026-02-28T23:30Z"), "Europe/Madrid"), "2026-03");
    assert.equal(localDateOf(ms("2026-02-28T23:30Z"), "Europe/Madrid"), "2026-03-01");
    assert.equal(localMonthOf(ms("2026-12-31T23:30Z"), "UTC"), "2026-12");
    assert.equal(localDateOf(ms("2026-12-31T15:30Z"), "Asia/Tokyo"), "2027-01-01");
  });
});

describe("stats: medians and percentiles", () => {
  it("takes the middle value of an odd count", () => {
    assert.equal(median([30, 10, 20]), 20);
    assert.equal(median([7]), 7);
    assert.equal(median([5, 1, 4, 2, 3]), 3);
  });
  it("takes the mean of the two middle values of an even count", () => {
    assert.equal(median([40, 10, 30, 20]), 25);
    assert.equal(median([1, 2]), 1.5);
  });
  it("has no median or percentile of nothing", () => {
    assert.equal(median([]), null);
    assert.equal(percentile([], 90), null);
  });
  it("takes the nearest-rank p90", () => {
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
    assert.equal(percentile([10, 20, 30], 90), 30);
    assert.equal(percentile([5], 90), 5);
  });
  it("reports medians of odd and even counts of measured clocks, in business minutes", () => {
    const cal = calendar247();
    const responded = (n: number, minutes: number) => {
      const created = ms("2026-03-02T08:00Z") + n * 86_400_000;
      const stop = new Date(created + minutes * 60_000).toISOString();
      return request({
        createdAt: new Date(created).toISOString(),
        status: "in_progress",
        firstRespondedAt: stop,
        sla: { calendar: cal, firstResponse: track(60, [[new Date(created).toISOString(), stop]], true) },
      });
    };
    const range = { from: ms("2026-03-01T00:00Z"), to: ms("2026-04-01T00:00Z"), now: ms("2026-04-01T00:00Z") };
    const odd = departmentStats([responded(0, 10), responded(1, 50), responded(2, 20)], range);
    assert.equal(odd.firstResponse.measured, 3);
    assert.equal(odd.firstResponse.medianMinutes, 20);
    assert.equal(odd.firstResponse.p90Minutes, 50);
    const even = departmentStats([responded(0, 10), responded(1, 50), responded(2, 20), responded(3, 25)], range);
    assert.equal(even.firstResponse.medianMinutes, 22.5);
    assert.equal(even.firstResponse.attainmentPercent, 100);
    const none = departmentStats([], range);
    assert.deepEqual(none.firstResponse, {
      measured: 0,
      met: 0,
      missed: 0,
      openOverdue: 0,
      attainmentPercent: null,
      closed: 0,
      medianMinutes: null,
      p90Minutes: null,
    });
  });

  it("measures business minutes on the request's calendar, not wall time", () => {
    // Filed Friday 16:00 in Madrid (09:00-17:00), answered Monday 10:00: 60 + 60 business minutes.
    const cal = officeCalendar("Europe/Madrid");
    const req = request({
      createdAt: at("2026-03-06T15:00Z"),
      status: "in_progress",
      firstRespondedAt: at("2026-03-09T09:00Z"),
      sla: { calendar: cal, firstResponse: track(60, [[at("2026-03-06T15:00Z"), at("2026-03-09T09:00Z")]], true) },
    });
    const s = departmentStats([req], { from: ms("2026-03-01T00:00Z"), to: ms("2026-04-01T00:00Z"), now: ms("2026-03-10T00:00Z") });
    assert.equal(s.firstResponse.medianMinutes, 120);
    assert.equal(s.firstResponse.missed, 1);
  });
});

/**
 * The March 2026 fixture in Madrid (24x7 calendar in Europe/Madrid, so business time is real
 * time). Local March is [2026-02-28T23:00Z, 2026-03-31T22:00Z). "Now" is 2026-04-02T12:00Z.
 * Targets (fr/res minutes): low 480/4800, normal 60/480, high 30/240, urgent 15/120.
 */
const MADRID = calendar247("Europe/Madrid");
const NOW = ms("2026-04-02T12:00Z");

function marchRequests(): ServiceRequest[] {
  const sla = (fr: ReturnType<typeof track>, res: ReturnType<typeof track>) => ({ calendar: MADRID, firstResponse: fr, resolution: res });
  return [
    // 1. Met both: answered in 30, resolved in 240; rated 5 when closed.
    request({
      number: 1, priority: "normal", category: "access", status: "closed",
      createdAt: at("2026-03-02T08:00Z"), firstRespondedAt: at("2026-03-02T08:30Z"), resolvedAt: at("2026-03-02T12:00Z"),
      closedAt: at("2026-03-02T13:00Z"), updatedAt: at("2026-03-02T13:00Z"), assignee: AGENT,
      rating: { score: 5, at: at("2026-03-02T13:00Z") },
      sla: sla(track(60, [[at("2026-03-02T08:00Z"), at("2026-03-02T08:30Z")]], true), track(480, [[at("2026-03-02T08:00Z"), at("2026-03-02T12:00Z")]], true)),
    }),
    // 2. Missed both: high, answered in 60 (> 30), resolved in 360 (> 240).
    request({
      number: 2, priority: "high", category: "hardware", status: "resolved", title: "Laptop, \"broken\" screen",
      createdAt: at("2026-03-03T08:00Z"), firstRespondedAt: at("2026-03-03T09:00Z"), resolvedAt: at("2026-03-03T14:00Z"),
      sla: sla(track(30, [[at("2026-03-03T08:00Z"), at("2026-03-03T09:00Z")]], true), track(240, [[at("2026-03-03T08:00Z"), at("2026-03-03T14:00Z")]], true)),
    }),
    // 3. Paused (waiting on the requester for a day), then resolved: 10 + 360 = 370 <= 480; rated 2.
    request({
      number: 3, priority: "normal", category: "access", status: "closed",
      createdAt: at("2026-03-04T08:00Z"), firstRespondedAt: at("2026-03-04T08:10Z"), resolvedAt: at("2026-03-05T14:00Z"),
      rating: { score: 2, comment: "slow", at: at("2026-03-05T15:00Z") },
      sla: sla(
        track(60, [[at("2026-03-04T08:00Z"), at("2026-03-04T08:10Z")]], true),
        track(480, [[at("2026-03-04T08:00Z"), at("2026-03-04T08:10Z")], [at("2026-03-05T08:00Z"), at("2026-03-05T14:00Z")]], true),
      ),
    }),
    // 4. Cancelled before any response: never measured, no breach.
    request({
      number: 4, priority: "low", status: "cancelled",
      createdAt: at("2026-03-06T08:00Z"), updatedAt: at("2026-03-06T09:00Z"),
      sla: sla(track(480, [[at("2026-03-06T08:00Z"), at("2026-03-06T09:00Z")]], true), track(4800, [[at("2026-03-06T08:00Z"), at("2026-03-06T09:00Z")]], true)),
    }),
    // 5. Still open and breached: urgent, untouched since 2026-03-30T08:00Z.
    request({
      number: 5, priority: "urgent", category: "network", status: "new", title: "=HYPERLINK(\"http://evil\")",
      createdAt: at("2026-03-30T08:00Z"),
      sla: sla(track(15, [[at("2026-03-30T08:00Z")]]), track(120, [[at("2026-03-30T08:00Z")]])),
    }),
    // 6. Created in April (open, on track): in the backlog, not in March's figures.
    request({
      number: 6, priority: "normal", category: "software", status: "in_progress", assignee: AGENT,
      createdAt: at("2026-04-02T11:00Z"), firstRespondedAt: at("2026-04-02T11:05Z"),
      sla: sla(track(60, [[at("2026-04-02T11:00Z"), at("2026-04-02T11:05Z")]], true), track(480, [[at("2026-04-02T11:00Z")]])),
    }),
    // 7. Created in February, resolved in March past its target (2880 > 480); rated 4 in March.
    request({
      number: 7, priority: "normal", category: "access", status: "closed",
      createdAt: at("2026-02-27T10:00Z"), firstRespondedAt: at("2026-02-27T10:20Z"), resolvedAt: at("2026-03-01T10:00Z"),
      rating: { score: 4, at: at("2026-03-01T11:00Z") },
      sla: sla(track(60, [[at("2026-02-27T10:00Z"), at("2026-02-27T10:20Z")]], true), track(480, [[at("2026-02-27T10:00Z"), at("2026-03-01T10:00Z")]], true)),
    }),
    // 8. Filed 2026-03-01 00:30 Madrid (still February in UTC), answered by asking, waiting.
    request({
      number: 8, priority: "normal", category: "hardware", status: "waiting", assignee: AGENT,
      createdAt: at("2026-02-28T23:30Z"), firstRespondedAt: at("2026-02-28T23:45Z"),
      sla: sla(track(60, [[at("2026-02-28T23:30Z"), at("2026-02-28T23:45Z")]], true), track(480, [[at("2026-02-28T23:30Z"), at("2026-02-28T23:45Z")]])),
    }),
    // 9. Filed 2026-04-01 00:30 Madrid (still March in UTC), resolved late in April: not March.
    request({
      number: 9, priority: "high", category: "software", status: "resolved",
      createdAt: at("2026-03-31T22:30Z"), firstRespondedAt: at("2026-03-31T22:40Z"), resolvedAt: at("2026-04-01T06:30Z"),
      sla: sla(track(30, [[at("2026-03-31T22:30Z"), at("2026-03-31T22:40Z")]], true), track(240, [[at("2026-03-31T22:30Z"), at("2026-04-01T06:30Z")]], true)),
    }),
    // 10. Answered late (540 > 480), then cancelled by the requester: first response measured, resolution never.
    request({
      number: 10, priority: "low", category: "access", status: "cancelled", title: "+1 more seat, please",
      createdAt: at("2026-03-10T08:00Z"), firstRespondedAt: at("2026-03-10T17:00Z"), updatedAt: at("2026-03-11T08:00Z"),
      sla: sla(track(480, [[at("2026-03-10T08:00Z"), at("2026-03-10T17:00Z")]], true), track(4800, [[at("2026-03-10T08:00Z"), at("2026-03-11T08:00Z")]], true)),
    }),
    // 11. Resolved, then reopened and still being worked on: not resolved, resolution breached now.
    request({
      number: 11, priority: "normal", category: "software", status: "in_progress", assignee: AGENT,
      title: "VPN drops\r\nevery hour", createdAt: at("2026-03-12T08:00Z"), firstRespondedAt: at("2026-03-12T08:05Z"),
      sla: sla(
        track(60, [[at("2026-03-12T08:00Z"), at("2026-03-12T08:05Z")]], true),
        track(480, [[at("2026-03-12T08:00Z"), at("2026-03-12T09:00Z")], [at("2026-03-13T08:00Z")]]),
      ),
    }),
  ];
}

describe("stats: a month of requests", () => {
  const march = monthRange("2026-03", "Europe/Madrid");

  it("counts created, resolved, cancelled and the backlog", () => {
    const s = departmentStats(marchRequests(), { ...march, now: NOW });
    assert.equal(s.from, "2026-02-28T23:00:00.000Z");
    assert.equal(s.to, "2026-03-31T22:00:00.000Z");
    assert.equal(s.created, 8, "1, 2, 3, 4, 5, 8, 10, 11");
    assert.equal(s.resolved, 4, "1, 2, 3, 7");
    assert.equal(s.cancelled, 2, "4, 10");
    // March is over: its backlog is the one at its last instant (6 and 9 came in April).
    assert.equal(s.backlogAt, "2026-03-31T22:00:00.000Z");
    assert.equal(s.open, 3, "5, 8, 11 at March's end");
    assert.equal(s.backlogByStatus, undefined, "statuses at a past instant are not kept");
    assert.deepEqual(s.backlogByPriority, { low: 0, normal: 2, high: 0, urgent: 1 });
    // April is still running: its backlog is now's.
    const april = departmentStats(marchRequests(), { ...monthRange("2026-04", "Europe/Madrid"), now: NOW });
    assert.equal(april.backlogAt, new Date(NOW).toISOString());
    assert.equal(april.open, 4, "5, 6, 8, 11 (9 is resolved)");
    assert.deepEqual(april.backlogByStatus, { new: 1, in_progress: 2, waiting: 1 });
    assert.deepEqual(april.backlogByPriority, { low: 0, normal: 3, high: 0, urgent: 1 });
  });

  it("measures first-response attainment, median and p90", () => {
    const s = departmentStats(marchRequests(), { ...march, now: NOW });
    // Answered in March: 1 (30 met), 2 (60 missed), 3 (10 met), 8 (15 met), 10 (540 missed), 11 (5 met);
    // and 5, still unanswered past its target at March's end: counted as missed. Times: the six answered.
    assert.deepEqual(s.firstResponse, {
      measured: 7,
      met: 4,
      missed: 3,
      openOverdue: 1,
      attainmentPercent: 57.1,
      closed: 6,
      medianMinutes: 22.5,
      p90Minutes: 540,
    });
  });

  it("measures resolution attainment, median and p90, with paused time left out", () => {
    const s = departmentStats(marchRequests(), { ...march, now: NOW });
    // Resolved in March: 1 (240 met), 2 (360 missed), 3 (370 met), 7 (2880 missed); open past the
    // target at March's end, counted as missed: 5 (since the 30th) and 11 (reopened, since the 13th).
    assert.deepEqual(s.resolution, {
      measured: 6,
      met: 2,
      missed: 4,
      openOverdue: 2,
      attainmentPercent: 33.3,
      closed: 4,
      medianMinutes: 365,
      p90Minutes: 2880,
    });
  });

  it("counts breaches of the month and clocks breached now", () => {
    const s = departmentStats(marchRequests(), { ...march, now: NOW });
    assert.equal(s.breachedNow, 2, "5 (both clocks), 11 (resolution)");
    assert.equal(s.breaches, 4, "2, 5, 10, 11");
  });

  it("summarises the ratings given in the month", () => {
    const s = departmentStats(marchRequests(), { ...march, now: NOW });
    assert.deepEqual(s.csat, {
      responses: 3,
      average: 3.7,
      distribution: { "1": 0, "2": 1, "3": 0, "4": 1, "5": 1 },
      satisfiedPercent: 66.7,
    });
  });

  it("breaks the month down by category and by priority", () => {
    const s = departmentStats(marchRequests(), { ...march, now: NOW });
    assert.deepEqual(s.byCategory, [
      { category: "access", created: 3, resolved: 3 },
      { category: "hardware", created: 2, resolved: 1 },
      { category: "network", created: 1, resolved: 0 },
      { category: "software", created: 1, resolved: 0 },
      { category: null, created: 1, resolved: 0 },
    ]);
    assert.deepEqual(s.byPriority, [
      { priority: "low", created: 2, firstResponseAttainment: 0, resolutionAttainment: null },
      // Resolution: 1 and 3 met, 7 missed, 11 open past its target: 2 of 4.
      { priority: "normal", created: 4, firstResponseAttainment: 100, resolutionAttainment: 50 },
      { priority: "high", created: 1, firstResponseAttainment: 0, resolutionAttainment: 0 },
      // 5 is still open, past both targets: missed, not "nothing measured".
      { priority: "urgent", created: 1, firstResponseAttainment: 0, resolutionAttainment: 0 },
    ]);
  });

  it("gives April's figures from the same requests", () => {
    const s = departmentStats(marchRequests(), { ...monthRange("2026-04", "Europe/Madrid"), now: NOW });
    assert.equal(s.created, 2, "6, 9");
    assert.equal(s.resolved, 1, "9");
    assert.equal(s.firstResponse.measured, 3, "6 and 9 answered; 5 still unanswered past its target now");
    assert.equal(s.firstResponse.openOverdue, 1, "5");
    assert.equal(s.resolution.attainmentPercent, 0);
    assert.equal(s.breaches, 1, "9");
    assert.equal(s.csat.responses, 0);
    assert.equal(s.csat.average, null);
    assert.equal(s.csat.satisfiedPercent, null);
    assert.equal(s.open, 4);
  });

  it("builds the weekly trend from local Mondays, oldest first", () => {
    const trend = weeklyTrend(marchRequests(), { weeks: 5, now: NOW, timeZone: "Europe/Madrid" });
    assert.deepEqual(trend, [
      { weekStart: "2026-03-02", created: 4, resolved: 3, firstResponseAttainment: 66.7, resolutionAttainment: 66.7 },
      // 11's resolution target passed on the 13th, while it was open again: open past it at the week's end.
      { weekStart: "2026-03-09", created: 2, resolved: 0, firstResponseAttainment: 50, resolutionAttainment: 0 },
      // Nothing answered or resolved, but 11 is still open past its resolution target each week's end.
      { weekStart: "2026-03-16", created: 0, resolved: 0, firstResponseAttainment: null, resolutionAttainment: 0 },
      { weekStart: "2026-03-23", created: 0, resolved: 0, firstResponseAttainment: null, resolutionAttainment: 0 },
      // 5 (untouched, urgent) missed its first response on the 30th; 6 and 9 were answered in time.
      { weekStart: "2026-03-30", created: 3, resolved: 1, firstResponseAttainment: 66.7, resolutionAttainment: 0 },
    ]);
  });
});

describe("stats: what people outside the department see", () => {
  const march = monthRange("2026-03", "Europe/Madrid");
  const sample = () => [
    ...[1, 2, 3, 4, 5, 6].map((n) => request({ number: n, category: "access", createdAt: at(`2026-03-0${n}T09:00Z`) })),
    request({ number: 7, category: "sensitive", priority: "urgent", createdAt: at("2026-03-10T09:00Z") }),
  ];

  it("folds categories and priorities of fewer than 5 requests into other", () => {
    const s = departmentStats(sample(), { ...march, now: NOW, minGroupSize: 5 });
    assert.equal(s.created, 7);
    assert.deepEqual(s.byCategory, [
      { category: "access", created: 6, resolved: 0 },
      { category: "other", created: 1, resolved: 0 },
    ]);
    assert.deepEqual(s.byPriority.map((p) => [p.priority, p.created]), [["normal", 6], ["other", 1]]);
    assert.deepEqual(s.backlogByPriority, { normal: 6, other: 1 });
    assert.equal(s.minGroupSize, 5);
    assert.ok(!JSON.stringify(s).includes("sensitive") && !JSON.stringify(s).includes("urgent"));
  });

  it("shows every group to staff", () => {
    const s = departmentStats(sample(), { ...march, now: NOW });
    assert.deepEqual(s.byCategory.map((c) => c.category), ["access", "sensitive"]);
    assert.deepEqual(s.backlogByPriority, { low: 0, normal: 6, high: 0, urgent: 1 });
    assert.equal(s.minGroupSize, undefined);
  });

  it("widens a period to whole local days in the department's zone", () => {
    const tz = "Europe/Madrid";
    const narrow = wholeLocalDays(ms("2026-03-10T09:00:00.000Z"), ms("2026-03-10T09:00:00.002Z"), tz);
    assert.deepEqual([narrow.from, narrow.to].map((t) => new Date(t).toISOString()), ["2026-03-09T23:00:00.000Z", "2026-03-10T23:00:00.000Z"]);
    const days = wholeLocalDays(march.from, march.to, tz);
    assert.deepEqual(days, march, "a month is whole days already");
    const dst = wholeLocalDays(ms("2026-03-29T12:00Z"), ms("2026-03-30T12:00Z"), tz);
    assert.deepEqual([dst.from, dst.to].map((t) => new Date(t).toISOString()), ["2026-03-28T23:00:00.000Z", "2026-03-30T22:00:00.000Z"]);
  });
});

describe("stats: weekly trend boundaries", () => {
  it("cuts weeks at local Monday midnight across a DST change", () => {
    // New York: DST ends Sunday 2026-11-01. Monday 2026-11-02 00:00 EST is 05:00Z.
    const reqs = [
      request({ createdAt: at("2026-11-02T04:30Z") }), // Sunday 23:30 local
      request({ createdAt: at("2026-11-02T05:30Z") }), // Monday 00:30 local
      request({ createdAt: at("2026-10-26T03:30Z") }), // Sunday 2026-10-25 23:30 EDT: two weeks back
      request({ createdAt: at("2026-10-26T04:30Z") }), // Monday 2026-10-26 00:30 EDT
    ];
    const trend = weeklyTrend(reqs, { weeks: 2, now: ms("2026-11-04T15:00Z"), timeZone: "America/New_York" });
    assert.deepEqual(
      trend.map((w) => [w.weekStart, w.created]),
      [
        ["2026-10-26", 2],
        ["2026-11-02", 1],
      ],
    );
  });

  it("puts a Monday `now` in the week it starts, and Sunday night in the week before", () => {
    const monday = weeklyTrend([], { weeks: 1, now: ms("2026-03-29T22:00Z"), timeZone: "Europe/Madrid" });
    assert.equal(monday[0].weekStart, "2026-03-30");
    const sunday = weeklyTrend([], { weeks: 1, now: ms("2026-03-29T21:59Z"), timeZone: "Europe/Madrid" });
    assert.equal(sunday[0].weekStart, "2026-03-23");
    assert.deepEqual(weeklyTrend([], { weeks: 0, now: NOW, timeZone: "UTC" }), []);
  });
});

describe("stats: requests run through the lifecycle", () => {
  it("measures what applyAction recorded: response, wait, reply, resolve, rating", () => {
    const dept = department({ calendar: calendar247("Europe/Madrid") });
    let { request: req } = newRequest({
      tenantId: "tenant-test",
      dept,
      number: 1,
      title: "New laptop",
      description: "",
      priority: "normal",
      requester: REQUESTER,
      source: { kind: "web" },
      now: at("2026-03-02T08:00Z"),
    });
    const step = (who: typeof AGENT, action: RequestAction, when: string) => {
      const r = applyAction(req, action, { actor: actor(who), dept, now: at(when) });
      assert.ok(r.ok, `${action.action} refused: ${r.ok ? "" : r.message}`);
      req = r.request;
    };
    step(AGENT, { action: "wait", text: "Which model?" }, "2026-03-02T08:20Z"); // responds in 20
    step(REQUESTER, { action: "comment", text: "The 14-inch one" }, "2026-03-03T08:00Z"); // resumes
    step(AGENT, { action: "resolve", text: "Ordered" }, "2026-03-03T09:40Z"); // 20 + 100 = 120
    step(REQUESTER, { action: "rate", score: 5 }, "2026-03-03T10:00Z");
    const s = departmentStats([req], { ...monthRange("2026-03", "Europe/Madrid"), now: NOW });
    assert.equal(req.status, "resolved", "a rating leaves it resolved");
    assert.equal(s.created, 1);
    assert.equal(s.resolved, 1);
    assert.deepEqual(
      [s.firstResponse.measured, s.firstResponse.met, s.firstResponse.medianMinutes],
      [1, 1, 20],
    );
    assert.deepEqual([s.resolution.measured, s.resolution.met, s.resolution.medianMinutes], [1, 1, 120]);
    assert.equal(s.csat.average, 5);
    assert.equal(s.breaches, 0);
  });

  it("does not count a request cancelled before any response", () => {
    const dept = department();
    const { request: created } = newRequest({
      tenantId: "tenant-test", dept, number: 2, title: "Never mind", description: "", priority: "urgent",
      requester: REQUESTER, source: { kind: "web" }, now: at("2026-03-02T08:00Z"),
    });
    const r = applyAction(created, { action: "cancel" }, { actor: actor(REQUESTER), dept, now: at("2026-03-02T08:05Z") });
    assert.ok(r.ok);
    const s = departmentStats([r.request], { ...monthRange("2026-03", "UTC"), now: NOW });
    assert.equal(s.cancelled, 1);
    assert.equal(s.firstResponse.measured, 0);
    assert.equal(s.resolution.measured, 0);
    assert.equal(s.open, 0);
    assert.equal(s.breaches, 0);
  });
});

describe("stats: the monthly report", () => {
  const dept = department({ key: "IT", name: "IT, Madrid", calendar: MADRID });

  it("lists the month's figures and the requests that broke a promise", () => {
    const report = monthlyReport(dept, marchRequests(), "2026-03", NOW);
    assert.deepEqual(report.department, { key: "IT", name: "IT, Madrid" });
    assert.equal(report.month, "2026-03");
    assert.equal(report.timeZone, "Europe/Madrid");
    assert.equal(report.from, "2026-02-28T23:00:00.000Z");
    assert.equal(report.to, "2026-03-31T22:00:00.000Z");
    assert.equal(report.generatedAt, "2026-04-02T12:00:00.000Z");
    assert.deepEqual(report.targets, dept.sla.targets);
    assert.equal(report.stats.created, 8);
    assert.equal(report.stats.breaches, 4);
    assert.equal(report.breachedRequestsTruncated, false);
    assert.deepEqual(
      report.breachedRequests.map((r) => [r.id, r.firstResponse, r.resolution]),
      [
        ["IT-2", "missed", "missed"],
        ["IT-10", "missed", "met"],
        ["IT-11", "met", "breached"],
        ["IT-5", "breached", "breached"],
      ],
    );
    const five = report.breachedRequests[3];
    assert.equal(five.title, '=HYPERLINK("http://evil")');
    assert.equal(five.priority, "urgent");
    assert.equal(five.status, "new");
    assert.equal(five.category, "network");
    assert.equal(five.assignee, null);
    assert.equal(five.firstResponseTargetMinutes, 15);
    assert.equal(five.firstResponseElapsedMinutes, 76 * 60);
    assert.equal(five.resolutionTargetMinutes, 120);
    const two = report.breachedRequests[0];
    assert.deepEqual(
      [two.firstResponseElapsedMinutes, two.firstResponseTargetMinutes, two.resolutionElapsedMinutes, two.resolutionTargetMinutes, two.resolvedAt],
      [60, 30, 360, 240, at("2026-03-03T14:00Z")],
    );
  });

  it("leaves out other departments' requests and keeps at most 200 rows", () => {
    const many: ServiceRequest[] = [];
    for (let i = 0; i < 205; i++) {
      const createdAt = new Date(ms("2026-03-02T08:00Z") + i * 60_000).toISOString();
      many.push(request({ number: 1000 + i, priority: "urgent", createdAt, sla: { calendar: MADRID, firstResponse: track(15, [[createdAt]]) } }));
    }
    many.push(request({ department: "HR", number: 1, priority: "urgent", createdAt: at("2026-03-02T07:00Z") }));
    const report = monthlyReport(dept, many, "2026-03", NOW);
    assert.equal(report.stats.created, 205);
    assert.equal(report.stats.breaches, 205);
    assert.equal(report.breachedRequests.length, 200);
    assert.equal(report.breachedRequestsTruncated, true);
    assert.equal(report.breachedRequests[0].id, "IT-1000");
  });

  it("puts a request filed on the 31st at 23:30 local in its local month", () => {
    // New York: 2026-03-31 23:30 EDT is 2026-04-01T03:30Z (April in UTC, March locally).
    const ny = department({ key: "HR", name: "HR", calendar: officeCalendar("America/New_York") });
    const late = request({ department: "HR", number: 1, createdAt: at("2026-04-01T03:30Z"), priority: "urgent" });
    assert.equal(monthlyReport(ny, [late], "2026-03", NOW).stats.created, 1);
    assert.equal(monthlyReport(ny, [late], "2026-04", NOW).stats.created, 0);
    // Tokyo: 2026-05-01 00:30 JST is 2026-04-30T15:30Z (April in UTC, May locally).
    const tokyo = department({ key: "FIN", name: "Finance", calendar: officeCalendar("Asia/Tokyo") });
    const early = request({ department: "FIN", number: 1, createdAt: at("2026-04-30T15:30Z") });
    const april = monthlyReport(tokyo, [early], "2026-04", ms("2026-05-02T00:00Z"));
    const may = monthlyReport(tokyo, [early], "2026-05", ms("2026-05-02T00:00Z"));
    assert.equal(april.stats.created, 0);
    assert.equal(may.stats.created, 1);
    // Madrid: 2026-03-31 23:30 CEST is 2026-03-31T21:30Z, March both ways; 2026-02-28T23:30Z is March 1 locally.
    const madrid = [
      request({ number: 1, createdAt: at("2026-03-31T21:30Z") }),
      request({ number: 2, createdAt: at("2026-02-28T23:30Z") }),
      request({ number: 3, createdAt: at("2026-02-28T22:30Z") }),
    ];
    assert.equal(monthlyReport(dept, madrid, "2026-03", NOW).stats.created, 2);
    assert.equal(monthlyReport(dept, madrid, "2026-02", NOW).stats.created, 1);
  });
});

describe("stats: the report as CSV", () => {
  const dept = department({ key: "IT", name: "IT, Madrid", calendar: MADRID });

  it("escapes fields as RFC 4180 says and defuses formulas", () => {
    assert.equal(csvField("plain"), "plain");
    assert.equal(csvField("a,b"), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField("two\nlines"), '"two\nlines"');
    assert.equal(csvField("two\r\nlines"), '"two\r\nlines"');
    assert.equal(csvField("=1+2"), "'=1+2");
    assert.equal(csvField("+1 more"), "'+1 more");
    assert.equal(csvField("-3"), "'-3");
    assert.equal(csvField("@SUM(A1)"), "'@SUM(A1)");
    assert.equal(csvField("\tcmd"), `"'\tcmd"`);
    assert.equal(csvField('=HYPERLINK("x","y")'), `"'=HYPERLINK(""x"",""y"")"`);
    assert.equal(csvField("a=b"), "a=b");
    assert.equal(csvField(42), "42");
    assert.equal(csvField(66.7), "66.7");
    assert.equal(csvField(null), "");
    assert.equal(csvField(undefined), "");
    assert.equal(csvField("Información"), "Información");
  });

  it("quotes and defuses what splits into cells on ; or TAB (Excel in es-ES, de-DE, fr-FR; pasted text)", () => {
    assert.equal(csvField("Laptop\t=3+4"), `"Laptop\t'=3+4"`);
    assert.equal(csvField("x;=1+1"), `"x;'=1+1"`);
    assert.equal(csvField("a;b"), '"a;b"');
    assert.equal(csvField("a\tb"), '"a\tb"');
    assert.equal(csvField("a; -1"), '"a; -1"', "a space first: not a formula in any spreadsheet");
    assert.equal(csvField("a;@x;+y"), `"a;'@x;'+y"`);
    assert.equal(csvField("\t=cmd"), `"'\t'=cmd"`);
    assert.equal(csvField(";\r=x"), `";'\r=x"`, "CR after ; starts a cell too");
    assert.equal(csvField(-3), "-3", "numbers are figures, written as they are");
  });

  it("writes one row per request created or resolved in the month, times in the department's zone", () => {
    const report = monthlyReport(dept, marchRequests(), "2026-03", NOW);
    const csv = reportToCsv(report);
    assert.ok(csv.endsWith("\r\n"), "ends with CRLF");
    assert.ok(!/[^\r]\n/.test(csv.replace(/"[^"]*"/g, "")), "every line outside quotes ends with CRLF");
    const rows = parseCsv(csv);
    const header = rows[0]!;
    assert.deepEqual(header.slice(0, 11), ["id", "title", "priority", "category", "status", "source", "requester", "assignee", "created (Europe/Madrid)", "first response (Europe/Madrid)", "resolved (Europe/Madrid)"]);
    const table = rows.slice(1).filter((r) => !(r.length === 1 && r[0] === ""));
    for (const r of table) assert.equal(r.length, header.length, `row ${r[0]} has every column`);
    // Created in March (local): 1, 2, 3, 4, 5, 8, 10, 11; resolved in March: 7 (filed in February). Oldest first.
    assert.deepEqual(table.map((r) => r[0]), ["IT-7", "IT-8", "IT-1", "IT-2", "IT-3", "IT-4", "IT-10", "IT-11", "IT-5"]);
    const col = (name: string) => header.indexOf(name);
    const row = (id: string) => table.find((r) => r[0] === id)!;
    assert.deepEqual([row("IT-7")[col("created (Europe/Madrid)")], row("IT-7")[col("created in month")], row("IT-7")[col("resolved in month")]], ["2026-02-27 11:00", "no", "yes"]);
    assert.equal(row("IT-8")[col("created (Europe/Madrid)")], "2026-03-01 00:30", "23:30 UTC on the 28th is March 1st in Madrid");
    assert.deepEqual(
      ["first response outcome", "first response minutes", "first response target minutes", "resolution outcome", "resolution minutes", "resolution target minutes"].map((c) => row("IT-2")[col(c)]),
      ["missed", "60", "30", "missed", "360", "240"],
    );
    assert.deepEqual([row("IT-1")[col("CSAT (1-5)")], row("IT-3")[col("CSAT (1-5)")], row("IT-5")[col("CSAT (1-5)")]], ["5", "2", ""]);
    assert.equal(row("IT-5")[col("resolution outcome")], "breached", "still open past its target");
    assert.equal(row("IT-5")[1], `'=HYPERLINK("http://evil")`, "a title that looks like a formula is defused");
    assert.equal(row("IT-11")[1], "VPN drops\r\nevery hour");
    assert.ok(csv.includes(`IT-2,"Laptop, ""broken"" screen",high,hardware,resolved,`), "quotes doubled inside a quoted field");
  });

  it("writes the figures as metric,value rows (summary-csv), honest ones", () => {
    const report = monthlyReport(dept, marchRequests(), "2026-03", NOW);
    const lines = summaryToCsv(report).split("\r\n");
    assert.equal(lines[0], "metric,value");
    assert.equal(lines[1], 'department,"IT, Madrid (IT)"');
    for (const line of [
      "month,2026-03",
      "created,8",
      "resolved,4",
      "open at the month's end (or now),3",
      "requests filed in the month that broke a promise,4",
      "first response on time %,57.1",
      "first responses missed and still open,1",
      "resolved on time %,33.3",
      "first response median minutes,22.5",
      "resolution median minutes,365",
      "CSAT average (1-5),3.7",
      "CSAT responses,3",
    ]) {
      assert.ok(lines.includes(line), `has ${line}`);
    }
    for (const l of lines.slice(0, -1)) assert.equal(parseCsv(l + "\r\n")[0]!.length, 2, `metric row ${l}`);
  });

  it("writes empty cells for figures with no data and can start with a BOM", () => {
    const report = monthlyReport(dept, [], "2026-03", NOW);
    const lines = summaryToCsv(report).split("\r\n");
    assert.ok(lines.includes("first response on time %,"), "no data: an empty cell");
    assert.ok(lines.includes("CSAT average (1-5),"), "no ratings: an empty cell");
    assert.equal(reportToCsv(report).split("\r\n").length, 2, "the header row alone, and the last line end");
    assert.ok(summaryToCsv(report, { bom: true }).startsWith("\uFEFFmetric,value\r\n"), "BOM first");
    assert.ok(reportToCsv(report, { bom: true }).startsWith("\uFEFFid,title,"), "BOM first");
  });

  it("defuses a department name that looks like a formula", () => {
    const report: MonthlyReport = monthlyReport(department({ key: "IT", name: "@IT" }), [], "2026-03", NOW);
    assert.ok(summaryToCsv(report).includes("department,'@IT (IT)\r\n"), "defused");
  });
});
