import assert from "node:assert/strict";
import type { Department, Priority, ServiceRequest } from "../../shared/domain.ts";
import { PRIORITIES } from "../../shared/domain.ts";
import { applyAction, autoClose, type RequestAction } from "../../shared/lifecycle.ts";
import { newRequest } from "../../shared/request.ts";
import { departmentStats, factsOf, localDateOf, localDayStart, OTHER, weeklyTrend, wholeLocalDays } from "../../shared/stats/index.ts";
import {
  add,
  addDays,
  applyDeltas,
  canonical,
  contributionOf,
  countsOnly,
  deltaOf,
  monthDeltaOf,
  periodDates,
  statsFromSummaries,
  sumDays,
  trendFromSummaries,
  OPEN_KEY,
  type Contribution,
  type LiveBacklog,
  type Tree,
} from "../../shared/summary.ts";
import { lateAtOf } from "../../shared/escalation.ts";
import { overdueAt } from "../../shared/stats/facts.ts";
import { AGENT, REQUESTER, TENANT_ID, actor, department, officeCalendar, calendar247 } from "../support/fixtures.ts";
import { Rng } from "../support/random.ts";

const SEED = Number(process.env.TANDEM_SUMMARY_SEED ?? 20260412);
const MIN = 60_000;
const isOpen = (r: ServiceRequest) => ["new", "in_progress", "waiting"].includes(r.status);

/** Day rows kept the way the follower keeps them: each state's delta against what was counted. */
class Days {
  readonly rows = new Map<string, Tree>();
  /** The month rows, kept as the store keeps them (monthDeltaOf), to compare with the days summed. */
  readonly months = new Map<string, Tree>();
  private readonly applied = new Map<number, { version: number; contribution: Contribution }>();

  apply(r: ServiceRequest): void {
    const was = this.applied.get(r.number);
    if (was && was.version >= r.version) return; // an older or the same state: already counted
    const next = contributionOf(r);
    const put = (rows: Map<string, Tree>, deltas: ReturnType<typeof deltaOf>) => {
      const byKey = new Map<string, ReturnType<typeof deltaOf>>();
      for (const d of deltas) byKey.set(d.day, [...(byKey.get(d.day) ?? []), d]);
      for (const [key, ds] of byKey) {
        const body = applyDeltas(rows.get(key), ds);
        if (Object.keys(body).length) rows.set(key, body);
        else rows.delete(key);
      }
    };
    put(this.rows, deltaOf(was?.contribution, next));
    put(this.months, monthDeltaOf(was?.contribution, next));
    this.applied.set(r.number, { version: r.version, contribution: next });
  }

  /** What the stats read of the open requests: the open row, and those due now (the due index). */
  live(latest: ServiceRequest[], now: number): LiveBacklog {
    const nowIso = new Date(now).toISOString();
    return { open: this.rows.get(OPEN_KEY) ?? {}, lateSinceWritten: latest.filter((r) => isOpen(r) && (lateAtOf(r) ?? "~") <= nowIso) };
  }

  period(from: number, to: number, timeZone: string): Tree {
    const { first, last } = periodDates(from, to, timeZone);
    return sumDays([...this.rows].filter(([d]) => d >= first && d <= last).map(([, b]) => b));
  }

  /** The days from a period's end on (what the stats read to take the backlog back to that end). */
  after(to: number, timeZone: string): Tree {
    const { last } = periodDates(to - 1, to, timeZone);
    return sumDays([...this.rows].filter(([d]) => d !== OPEN_KEY && d > last).map(([, b]) => b));
  }
}

/**
 * Requests worked through the real lifecycle at random moments over ten weeks before `now`:
 * takes, waits, replies, priority changes, resolutions, reopenings, cancellations, ratings and
 * auto-closes, each change a new version. Returns every state each request went through.
 */
function generate(rng: Rng, dept: Department, now: number, count: number): ServiceRequest[][] {
  const start = now - 70 * 86_400_000;
  const out: ServiceRequest[][] = [];
  const categories = [undefined, ...dept.categories.map((c) => c.key)];
  for (let n = 1; n <= count; n++) {
    let t = start + rng.int(0, 70 * 86_400_000 - 1);
    const { request } = newRequest({
      tenantId: TENANT_ID,
      dept,
      number: n,
      now: new Date(t).toISOString(),
      title: `Request ${n}`,
      description: "",
      ...(rng.chance(0.8) ? { category: rng.pick(categories) } : {}),
      priority: rng.pick(PRIORITIES),
      requester: REQUESTER,
      source: { kind: "web" },
    });
    const states = [request];
    let cur = request;
    const steps = rng.int(0, 7);
    for (let s = 0; s < steps; s++) {
      t += rng.int(1, 3 * 24 * 60) * MIN * (rng.chance(0.3) ? 0.05 : 1);
      if (t >= now) break;
      const agentAction: RequestAction = rng.pick<RequestAction>([
        { action: "take" },
        { action: "comment", text: "On it." },
        { action: "wait", text: "Which laptop?" },
        { action: "resume" },
        { action: "resolve" },
        { action: "priority", priority: rng.pick(PRIORITIES) as Priority },
      ]);
      const requesterAction: RequestAction = rng.pick<RequestAction>([
        { action: "comment", text: "Any news?" },
        { action: "reopen" },
        { action: "cancel" },
        { action: "rate", score: rng.int(1, 5) },
        // A rating can change until the request closes: only the last one may count.
        { action: "rate", score: rng.int(1, 5), effort: rng.int(1, 7) },
      ]);
      const iso = new Date(t).toISOString();
      // A rated request often gets its rating changed before it closes.
      const rerate = cur.status === "resolved" && !!cur.rating && rng.chance(0.7);
      const result =
        rng.chance(0.1) && cur.status === "resolved"
          ? autoClose(cur, iso)
          : rerate
            ? applyAction(cur, { action: "rate", score: rng.int(1, 5) }, { actor: actor(REQUESTER), dept, now: iso })
            : applyAction(cur, rng.chance(0.6) ? agentAction : requesterAction, { actor: actor(rng.chance(0.6) ? AGENT : REQUESTER), dept, now: iso });
      if (!result.ok) continue;
      cur = { ...result.request, updatedAt: iso, version: cur.version + 1 };
      states.push(cur);
    }
    out.push(states);
  }
  return out;
}

/** A whole-local-day period around two random instants. */
function randomPeriod(rng: Rng, now: number, timeZone: string) {
  const a = now - rng.int(0, 80 * 86_400_000);
  const b = a + rng.int(1, 40 * 86_400_000);
  return wholeLocalDays(a, b, timeZone);
}

describe("day summaries (shared/summary.ts)", () => {
  it("adds and takes out trees of counts and lists, dropping what reaches zero", () => {
    const t: Tree = {};
    add(t, { created: 1, fr: { n: 1, met: 1, ms: [60_000] }, cat: { hardware: { created: 1 } } });
    add(t, { created: 2, fr: { n: 1, ms: [30_000] } });
    assert.deepEqual(t, { created: 3, fr: { n: 2, met: 1, ms: [60_000, 30_000] }, cat: { hardware: { created: 1 } } });
    add(t, { created: 1, fr: { n: 1, met: 1, ms: [60_000] }, cat: { hardware: { created: 1 } } }, -1);
    assert.deepEqual(t, { created: 2, fr: { n: 1, ms: [30_000] } });
    assert.equal(canonical({ b: 1, a: { ms: [3, 1] } }), canonical({ a: { ms: [1, 3] }, b: 1 }));
  });

  it("keeps fields it does not know (a newer instance's CES, kudos) when adding", () => {
    const body: Tree = { created: 1, ces: { n: 2, sum: 7 } };
    assert.deepEqual(applyDeltas(body, [{ day: "2026-03-02", add: { created: 1 } }]), { created: 2, ces: { n: 2, sum: 7 } });
  });

  it("counts a request's filing, response, resolution and rating on their own local days", () => {
    const dept = department({ calendar: calendar247("Europe/Madrid") });
    let r = newRequest({ tenantId: TENANT_ID, dept, number: 7, now: "2026-03-02T22:30:00.000Z", title: "VPN", description: "", category: "network", priority: "high", requester: REQUESTER, source: { kind: "web" } }).request;
    const act = (a: RequestAction, who: typeof AGENT, at: string) => {
      const res = applyAction(r, a, { actor: actor(who), dept, now: at });
      assert.ok(res.ok, JSON.stringify(res));
      r = { ...res.request, updatedAt: at, version: r.version + 1 };
    };
    act({ action: "take" }, AGENT, "2026-03-02T22:50:00.000Z"); // 23:50 in Madrid, 20 min of 30: met
    act({ action: "resolve" }, AGENT, "2026-03-03T03:00:00.000Z"); // 04:00 on the 3rd, 270 min of 240: missed
    act({ action: "rate", score: 4 }, REQUESTER, "2026-03-04T10:00:00.000Z");
    assert.deepEqual(contributionOf(r), {
      // Filed at 23:30 in Madrid (UTC says the 2nd too, but 22:30); its resolution missed: a breach of that day.
      "2026-03-02": {
        created: 1,
        in: 1,
        breached: 1,
        fr: { n: 1, met: 1, ms: [20 * MIN] },
        pri: { high: { created: 1, in: 1, frN: 1, frMet: 1 } },
        cat: { network: { created: 1, fr: 1 } },
      },
      // The resolution target (240 min) passed at 03:30 on the 3rd (b); resolved at 04:00 (bs), after 270 min: missed.
      "2026-03-03": {
        resolved: 1,
        out: 1,
        res: { n: 1, ms: [270 * MIN], rn: [7], b: 1, bs: 1 },
        pri: { high: { out: 1, resN: 1, resB: 1, resBs: 1 } },
        cat: { network: { resolved: 1 } },
      },
      "2026-03-04": { csat: { "4": 1 } },
    });
  });

  it("replays a state already counted as nothing, and moves a reopened resolution to its new day", () => {
    const dept = department();
    let r = newRequest({ tenantId: TENANT_ID, dept, number: 1, now: "2026-03-02T09:00:00.000Z", title: "x", description: "", priority: "normal", requester: REQUESTER, source: { kind: "web" } }).request;
    const days = new Days();
    const act = (a: RequestAction, who: typeof AGENT, at: string) => {
      const res = applyAction(r, a, { actor: actor(who), dept, now: at });
      assert.ok(res.ok);
      r = { ...res.request, updatedAt: at, version: r.version + 1 };
      days.apply(r);
    };
    days.apply(r);
    act({ action: "resolve" }, AGENT, "2026-03-02T09:30:00.000Z");
    const first = structuredClone(days.rows);
    days.apply(r); // the same state again (a crash replay, a second follower)
    assert.deepEqual(days.rows, first);
    act({ action: "reopen" }, REQUESTER, "2026-03-03T09:00:00.000Z");
    act({ action: "resolve" }, AGENT, "2026-03-05T09:00:00.000Z");
    const sum = sumDays(days.rows.values());
    assert.equal(sum.resolved, 1, "one resolution, not two");
    assert.equal((sum.res as Tree).n, 1, "one resolution clock decided, not two");
    assert.equal(days.rows.get("2026-03-02")!.resolved, undefined, "the first resolution's day gave it back");
    assert.equal(days.rows.get("2026-03-05")!.resolved, 1, "resolved on the 5th");
  });

  it("counts a changed rating once, as the last one, on the day it was given", () => {
    const dept = department();
    let r = newRequest({ tenantId: TENANT_ID, dept, number: 2, now: "2026-03-02T09:00:00.000Z", title: "x", description: "", priority: "normal", requester: REQUESTER, source: { kind: "web" } }).request;
    const days = new Days();
    const act = (a: RequestAction, who: typeof AGENT, at: string) => {
      const res = applyAction(r, a, { actor: actor(who), dept, now: at });
      assert.ok(res.ok, JSON.stringify(res));
      r = { ...res.request, updatedAt: at, version: r.version + 1 };
      days.apply(r);
    };
    days.apply(r);
    act({ action: "resolve" }, AGENT, "2026-03-02T10:00:00.000Z");
    act({ action: "rate", score: 2, effort: 2 }, REQUESTER, "2026-03-02T11:00:00.000Z");
    act({ action: "rate", score: 5, effort: 7, comment: "Sorted after all" }, REQUESTER, "2026-03-04T09:00:00.000Z");
    const closed = autoClose(r, "2026-03-10T09:00:00.000Z");
    assert.ok(closed.ok);
    r = { ...closed.request, version: r.version + 1 };
    days.apply(r);
    const sum = sumDays(days.rows.values());
    assert.deepEqual(sum.csat, { "5": 1 }, "one rating, the last: the first was taken out");
    assert.equal(days.rows.get("2026-03-02")!.csat, undefined);
    assert.deepEqual(days.rows.get("2026-03-04")!.csat, { "5": 1 });
  });

  for (const [name, calendar] of [
    ["Madrid office hours", officeCalendar("Europe/Madrid", ["2026-03-19"])],
    ["New York, 24x7", calendar247("America/New_York")],
  ] as const) {
    it(`gives the figures shared/stats.ts computes from the requests, over random histories (${name}, seed ${SEED})`, () => {
      const rng = new Rng(SEED);
      const dept = department({ calendar });
      const now = Date.parse("2026-04-15T10:17:00.000Z");
      const histories = generate(rng, dept, now, 400);
      const days = new Days();
      // States arrive in any order and more than once (several followers, replays after a crash).
      const arrivals = histories.flatMap((h) => h.map((s) => s));
      for (let i = arrivals.length - 1; i > 0; i--) {
        if (rng.chance(0.3)) {
          const j = rng.int(Math.max(0, i - 5), i);
          [arrivals[i], arrivals[j]] = [arrivals[j]!, arrivals[i]!];
        }
      }
      for (const s of arrivals) days.apply(s);
      for (const h of histories) days.apply(h[h.length - 1]!); // the follower ends on each latest state
      const latest = histories.map((h) => h[h.length - 1]!);
      const rerated = histories.filter((h) => new Set(h.map((s) => s.rating?.at).filter(Boolean)).size > 1).length;
      assert.ok(rerated >= 5, `the histories change some ratings (${rerated} did)`);

      const fresh = new Days();
      for (const r of latest) fresh.apply(r);
      assert.equal(canonical(sumDays(days.rows.values())), canonical(sumDays(fresh.rows.values())), "deltas in any order end where the latest states alone do");
      // Month rows: each month's days summed, lists left out, however the states arrived.
      const months = new Set([...days.rows.keys()].filter((d) => d !== OPEN_KEY).map((d) => d.slice(0, 7)));
      assert.deepEqual([...days.months.keys()].sort(), [...months].sort(), "a month row for each month with days");
      for (const m of months) {
        const summed = countsOnly(sumDays([...days.rows].filter(([d]) => d.startsWith(m)).map(([, b]) => b)));
        assert.equal(canonical(days.months.get(m)), canonical(summed), `month ${m} is its days' counts`);
      }

      const tz = calendar.timeZone;
      const live = days.live(latest, now);
      assert.ok(live.lateSinceWritten.length < latest.filter(isOpen).length, "the requests late since written are fewer than the open ones");
      for (let k = 0; k < 40; k++) {
        const { from, to } = randomPeriod(rng, now, tz);
        const expected = departmentStats(latest, { from, to, now });
        const got = statsFromSummaries(days.period(from, to, tz), live, { from, to, now, after: days.after(to, tz) });
        assert.deepEqual(got, expected, `period ${new Date(from).toISOString()} .. ${new Date(to).toISOString()}`);
      }
      assert.deepEqual(trendFromSummaries(days.rows, { weeks: 8, now, timeZone: tz, live }), weeklyTrend(latest, { weeks: 8, now, timeZone: tz }));
    });
  }

  it("folds small groups for people outside the department at least as strictly, with the same totals", () => {
    const rng = new Rng(SEED + 1);
    const dept = department({ calendar: officeCalendar("Europe/Madrid") });
    const now = Date.parse("2026-04-15T10:17:00.000Z");
    const latest = generate(rng, dept, now, 150).map((h) => h[h.length - 1]!);
    const days = new Days();
    for (const r of latest) days.apply(r);
    const live = days.live(latest, now);
    for (let k = 0; k < 40; k++) {
      const { from, to } = randomPeriod(rng, now, "Europe/Madrid");
      const exact = departmentStats(latest, { from, to, now, minGroupSize: 5 });
      const got = statsFromSummaries(days.period(from, to, "Europe/Madrid"), live, { from, to, now, minGroupSize: 5, after: days.after(to, "Europe/Madrid") });
      for (const k of ["created", "resolved", "cancelled", "open", "breaches", "breachedNow", "firstResponse", "resolution", "csat", "backlogByPriority", "minGroupSize"] as const) {
        assert.deepEqual(got[k], exact[k], k);
      }
      // Every group shown by name stands for at least 5 distinct requests of the period.
      const inPeriod = (t: number | undefined) => t !== undefined && t >= from && t < to;
      const touched = latest.filter((r) => {
        const f = factsOf(r, now);
        const end = Math.min(to, now + 1);
        return [f.createdAt, f.resolvedAt, f.frMeasuredAt].some(inPeriod) || overdueAt(f.frOverdue, end) || overdueAt(f.resOverdue, end);
      });
      for (const c of got.byCategory) {
        if (c.category === OTHER) continue;
        assert.ok(touched.filter((r) => (r.category || null) === c.category).length >= 5, `category ${c.category}`);
      }
      for (const p of got.byPriority) {
        if (p.priority === OTHER) continue;
        assert.ok(touched.filter((r) => r.priority === p.priority).length >= 5, `priority ${p.priority}`);
      }
      assert.equal(got.byCategory.reduce((n, c) => n + c.created, 0), exact.created);
      assert.equal(got.byPriority.reduce((n, p) => n + p.created, 0), exact.created);
    }
  });

  it("counts open requests past their first-response target as missed: no 100 % for a desk that never answers", () => {
    // The case: two requests past their first-response target, one answered in time.
    const dept = department({ calendar: calendar247("Europe/Madrid") }); // normal: 60 min to respond
    const days = new Days();
    const file = (n: number, at: string) => newRequest({ tenantId: TENANT_ID, dept, number: n, now: at, title: `r${n}`, description: "", priority: "normal", requester: REQUESTER, source: { kind: "web" } }).request;
    const answered = applyAction(file(1, "2026-03-02T08:00:00.000Z"), { action: "take" }, { actor: actor(AGENT), dept, now: "2026-03-02T08:20:00.000Z" });
    assert.ok(answered.ok, "taken");
    const latest = [{ ...answered.request, updatedAt: "2026-03-02T08:20:00.000Z", version: 2 }, file(2, "2026-03-02T09:00:00.000Z"), file(3, "2026-03-02T10:00:00.000Z")];
    for (const r of latest) days.apply(r);
    const now = Date.parse("2026-03-03T12:00:00.000Z");
    const { from, to } = wholeLocalDays(Date.parse("2026-03-01T00:00:00.000Z"), now, "Europe/Madrid");
    const live = days.live(latest, now);
    assert.equal(live.lateSinceWritten.length, 3, "no scheduler wrote them down since they breached (1's resolution target passed too)");
    const s = statsFromSummaries(days.period(from, to, "Europe/Madrid"), live, { from, to, now });
    assert.deepEqual([s.firstResponse.met, s.firstResponse.measured, s.firstResponse.attainmentPercent, s.firstResponse.openOverdue], [1, 3, 33.3, 2]);
    assert.equal(s.firstResponse.closed, 1, "the median is of the one answered");
    assert.equal(s.breachedNow, 3, "all three past a target right now");
    assert.deepEqual([s.resolution.measured, s.resolution.openOverdue], [3, 3], "three resolutions missed, all still open");
    assert.deepEqual(s.firstResponse, departmentStats(latest, { from, to, now }).firstResponse, "the same as from the requests");
  });

  it("numbers local days across daylight-saving changes", () => {
    assert.equal(addDays("2026-03-28", 2), "2026-03-30");
    const from = localDayStart("2026-03-29", "Europe/Madrid");
    const to = localDayStart("2026-03-30", "Europe/Madrid");
    assert.equal(to - from, 23 * 3_600_000);
    assert.deepEqual(periodDates(from, to, "Europe/Madrid"), { first: "2026-03-29", last: "2026-03-29" });
    assert.equal(localDateOf(to - 1, "Europe/Madrid"), "2026-03-29");
  });
});
