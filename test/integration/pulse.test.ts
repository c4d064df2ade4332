import assert from "node:assert/strict";
import { assertApiError } from "../support/api.ts";
import { startService, TENANT, type TestService } from "../support/service.ts";
import { SurveyStore } from "../../bot/storage/survey-store.ts";
import { pulseSample } from "../../bot/scheduler/pulse-scheduler.ts";

/**
 * The internal NPS pulse over HTTP, on two service instances sharing storage (DESIGN.md "The
 * internal-customer loop"): who a department served comes from its change log; as a period
 * begins in the department's zone, a sample of them is asked once, whichever instance gets
 * there; each answers once, only their own survey; the figures keep the 5-answer floor; nothing
 * crosses tenants. Time is the services' clock, moved by hand; the pulse runs when ticked.
 */
describe("internal NPS pulse", function () {
  this.timeout(90_000);
  let a: TestService;
  let b: TestService;
  let now = Date.parse("2026-11-10T06:00:00.000Z");
  const clock = () => now;
  let admin: string;
  let agent: string;
  const requesters = Array.from({ length: 7 }, (_, i) => ({ userId: `pulse-user-${i + 1}`, name: `Pulse User ${i + 1}` }));
  const tokens = new Map<string, string>();
  const KEY = "PULSE";

  before(async () => {
    a = await startService({ demo: true, clock });
    b = await startService({ prefix: a.prefix, clock });
    admin = await a.token({ userId: "pulse-admin", name: "Pulse Admin", roles: ["Tandem.Admin"] });
    agent = await a.token({ userId: "pulse-agent", name: "Pulse Agent" });
    for (const r of requesters) tokens.set(r.userId, await a.token(r));
    const it = (await a.call("GET", "/api/departments/IT", { token: admin })).body;
    const put = await a.call("PUT", `/api/departments/${KEY}`, {
      token: admin,
      body: {
        name: "Pulse Desk",
        calendar: { ...it.calendar, timeZone: "Asia/Kolkata" },
        sla: it.sla,
        agents: [{ id: "pulse-agent", name: "Pulse Agent" }],
        leads: [{ id: "pulse-lead", name: "Pulse Lead" }],
        surveys: { pulseEveryMonths: 1, pulseSample: 5 },
      },
    });
    assert.equal(put.status, 201, `department created: ${put.text}`);
    assert.deepEqual(put.body.surveys, { ratingEveryDays: 7, pulseEveryMonths: 1, pulseSample: 5, pulseEnabled: true }, "the settings come back with their defaults");
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  /** A token of `userId`'s from `svc` (each instance signs its own dev tokens). */
  const tokenOf = async (svc: TestService, userId: string) => {
    if (svc === a) return tokens.get(userId)!;
    const key = `b|${userId}`;
    if (!tokens.has(key)) tokens.set(key, await b.token(requesters.find((r) => r.userId === userId)!));
    return tokens.get(key)!;
  };
  const mine = async (userId: string, svc = a) => {
    const res = await svc.call("GET", "/api/me/surveys", { token: await tokenOf(svc, userId) });
    assert.equal(res.status, 200, `surveys of ${userId}: ${res.text}`);
    return res.body.items as Array<{ id: string; department: string; period: string; departmentName: string }>;
  };

  /** A request of `userId`'s in PULSE, resolved by the agent at the clock's time. */
  const served = async (userId: string, title: string) => {
    const filed = await a.call("POST", "/api/requests", { token: tokens.get(userId)!, body: { department: KEY, title } });
    assert.equal(filed.status, 201, `filed: ${filed.text}`);
    const done = await a.call("POST", `/api/requests/${filed.body.id}/actions`, { token: agent, body: { action: "resolve", text: "Done" } });
    assert.equal(done.status, 200, `resolved: ${done.text}`);
  };

  it("asks a sample of the people served in the period just ended, once, across two instances", async () => {
    // November in Kolkata: everyone is served; user 1 twice; a request still open serves nobody yet.
    for (const r of requesters) await served(r.userId, `Help for ${r.name}`);
    await served("pulse-user-1", "Another one");
    await a.app.follower.catchUp(TENANT, KEY);
    const store = new SurveyStore(a.app.tables);
    const people = await store.served(TENANT, KEY, ["2026-11"]);
    assert.deepEqual(people.map((p) => p.id).sort(), requesters.map((r) => r.userId).sort(), "one row per person served in November");

    // Still November: nothing is due (November's pulse goes out when December begins).
    const novemberRuns = (runs: Array<{ ran: Array<{ department: string; period: string }> }>) => runs.flatMap((r) => r.ran.filter((x) => x.department === KEY && x.period === "2026-11_1m"));
    let runs = await Promise.all([a.app.pulses.tick(), b.app.pulses.tick()]);
    assert.deepEqual(novemberRuns(runs), [], "no pulse before the period ends");

    // 1 December 00:00 UTC is 05:30 in Kolkata: December has begun there.
    now = Date.parse("2026-12-01T00:00:00.000Z");
    runs = await Promise.all([a.app.pulses.tick(), b.app.pulses.tick()]);
    assert.deepEqual(novemberRuns(runs), [{ tenantId: TENANT, department: KEY, period: "2026-11_1m", asked: 5 }], "one run, on one instance, asking pulseSample people");

    const asked: string[] = [];
    for (const r of requesters) {
      const items = await mine(r.userId, r.userId.endsWith("2") ? b : a);
      assert.ok(items.length <= 1, `${r.userId} is asked at most once: ${JSON.stringify(items)}`);
      if (items.length) {
        assert.deepEqual(items[0], { id: `${KEY}.2026-11_1m`, department: KEY, departmentName: "Pulse Desk", period: "2026-11_1m", askedAt: "2026-12-01T00:00:00.000Z" }, "the survey as listed");
        asked.push(r.userId);
      }
    }
    const expected = pulseSample(requesters.map((r) => ({ id: r.userId, name: r.name })), `${TENANT}|${KEY}|2026-11_1m`, 5).map((p) => p.id);
    assert.deepEqual(asked.sort(), [...expected].sort(), "the seeded sample");

    // Later passes on both instances, even past the run's lease, ask nobody again.
    now += 3_600_000;
    runs = await Promise.all([a.app.pulses.tick(), b.app.pulses.tick()]);
    assert.deepEqual(novemberRuns(runs), [], "done once");
    for (const r of requesters) assert.ok((await mine(r.userId)).length <= 1, `${r.userId} still asked at most once`);
  });

  it("a run whose instance died is taken over and asks nobody twice", async () => {
    // February's pulse, claimed by an instance that then died after asking one person.
    now = Date.parse("2027-01-20T06:00:00.000Z");
    await served("pulse-user-3", "January request");
    await served("pulse-user-4", "January request");
    await a.app.follower.catchUp(TENANT, KEY);
    const store = new SurveyStore(a.app.tables);
    now = Date.parse("2027-02-01T00:00:00.000Z");
    assert.equal(await store.claimRun(TENANT, KEY, "2027-01_1m", "dead-instance", new Date(now).toISOString()), true, "the dead instance's claim");
    await store.ask(TENANT, { id: "pulse-user-3", name: "Pulse User 3" }, { department: KEY, departmentName: "Pulse Desk", period: "2027-01_1m", askedAt: new Date(now).toISOString(), closesAt: "2027-03-01T00:00:00.000Z" });

    let runs = await Promise.all([a.app.pulses.tick(), b.app.pulses.tick()]);
    assert.deepEqual(runs.flatMap((r) => r.ran.filter((x) => x.department === KEY)), [], "within the lease nobody takes it over");
    now += 6 * 60_000;
    runs = await Promise.all([a.app.pulses.tick(), b.app.pulses.tick()]);
    assert.deepEqual(runs.flatMap((r) => r.ran.filter((x) => x.department === KEY)), [{ tenantId: TENANT, department: KEY, period: "2027-01_1m", asked: 2 }], "taken over once");
    for (const u of ["pulse-user-3", "pulse-user-4"]) {
      const january = (await mine(u)).filter((s) => s.period === "2027-01_1m");
      assert.equal(january.length, 1, `${u} asked once about January`);
    }
  });

  it("each person answers their own survey once; bad input gets a sentence; nobody else can answer it", async () => {
    now = Date.parse("2026-12-02T09:00:00.000Z");
    const [first, second] = (await Promise.all(requesters.map(async (r) => ((await mine(r.userId)).some((s) => s.period === "2026-11_1m") ? r.userId : undefined)))).filter(Boolean) as string[];
    const id = `${KEY}.2026-11_1m`;
    const answer = async (userId: string, body: unknown, svc = a) => svc.call("POST", `/api/surveys/${id}/answer`, { token: await tokenOf(svc, userId), body });

    const cases: Array<[string, unknown, string]> = [
      ["score 11", { score: 11 }, "score"],
      ["score -1", { score: -1 }, "score"],
      ["score 7.5", { score: 7.5 }, "score"],
      ["score as text", { score: "9" }, "score"],
      ["no score", { comment: "nice" }, "score"],
      ["a comment of 2,001 characters", { score: 9, comment: "c".repeat(2001) }, "comment"],
      ["an unknown field", { score: 9, name: "me" }, "name"],
    ];
    for (const [what, body, field] of cases) assertApiError(await answer(first!, body), 400, what, { code: "invalid_input", field });
    const scoreMsg = (await answer(first!, { score: 11 })).body.error.message as string;
    assert.match(scoreMsg, /0 \(not at all likely\) to 10 \(extremely likely\)/, `the sentence says what is allowed: ${scoreMsg}`);

    // Someone not asked (the agent, a requester without this survey): it does not exist for them.
    assertApiError(await a.call("POST", `/api/surveys/${id}/answer`, { token: agent, body: { score: 9 } }), 404, "the agent answering someone's survey", { code: "not_found" });
    assertApiError(await a.call("POST", `/api/surveys/XX.nonsense/answer`, { token: tokens.get(first!)!, body: { score: 9 } }), 404, "an id that is no survey", { code: "not_found" });

    const ok = await answer(first!, { score: 9, comment: "Quick and kind" });
    assert.equal(ok.status, 200, `answered: ${ok.text}`);
    assert.deepEqual(ok.body.answer, { score: 9, comment: "Quick and kind", at: "2026-12-02T09:00:00.000Z" }, "the answer as recorded");
    assertApiError(await answer(first!, { score: 3 }, b), 409, "a second answer, on the other instance", { code: "already_answered" });
    assert.deepEqual((await mine(first!)).filter((s) => s.period === "2026-11_1m"), [], "answered: no longer pending");

    // Two answers at once from the same person (two tabs): one counts.
    const racing = await Promise.all([answer(second!, { score: 2 }), answer(second!, { score: 10 }, b)]);
    assert.deepEqual(racing.map((r) => r.status).sort(), [200, 409], `one of two simultaneous answers: ${racing.map((r) => r.text).join(" | ")}`);

    const figures = await a.app.surveys.npsOf(TENANT, KEY, now);
    assert.equal(figures.period, "2026-11_1m", "the latest surveyed period");
    assert.equal(figures.responses, 2, "two answers counted");
    assert.equal(figures.nps, null, "no NPS under 5 answers");
    assert.deepEqual(figures.verbatims, [], "no comments under 5 answers");
  });

  it("from 5 answers: the NPS, its trend and the comments; counts agree with the answers; staff only see comments", async () => {
    const id = `${KEY}.2026-11_1m`;
    const left = [];
    for (const r of requesters) if ((await mine(r.userId)).some((s) => s.id === id)) left.push(r.userId);
    assert.equal(left.length, 3, "three of the five still to answer");
    const scores = [10, 6, 8];
    for (const [i, u] of left.entries()) {
      const res = await a.call("POST", `/api/surveys/${id}/answer`, { token: tokens.get(u)!, body: { score: scores[i], ...(i === 1 ? { comment: "Slow <b>reply</b>" } : {}) } });
      assert.equal(res.status, 200, `answer of ${u}: ${res.text}`);
    }
    const store = new SurveyStore(a.app.tables);
    const stored = await store.aggregate(TENANT, KEY, "2026-11_1m");
    const recount = await store.recount(TENANT, KEY, "2026-11_1m");
    assert.deepEqual({ promoters: stored?.promoters, passives: stored?.passives, detractors: stored?.detractors }, recount, "the kept count equals the answers");
    assert.equal(recount.promoters + recount.passives + recount.detractors, 5, "five answers");

    const lead = await a.token({ userId: "pulse-lead", name: "Pulse Lead" });
    const res = await a.call("GET", `/api/departments/${KEY}/nps`, { token: lead });
    assert.equal(res.status, 200, res.text);
    const f = res.body;
    const expectedNps = Math.round((100 * (recount.promoters - recount.detractors)) / 5);
    assert.equal(f.nps, expectedNps, "the NPS of the five answers");
    assert.equal(f.trend.length, 4, "four periods of trend");
    assert.deepEqual(f.trend.map((p: { period: string }) => p.period), ["2026-08_1m", "2026-09_1m", "2026-10_1m", "2026-11_1m"], "oldest first");
    assert.deepEqual(f.trend[3], { period: "2026-11_1m", responses: 5, nps: expectedNps }, "the last trend point is the period");
    assert.ok(f.verbatims.some((v: { comment: string }) => v.comment === "Slow <b>reply</b>"), "the comment, as written, for the lead");
    assert.ok(f.verbatims.every((v: Record<string, unknown>) => Object.keys(v).sort().join() === "at,comment,score"), "no names with comments");

    const board = await a.call("GET", "/api/scoreboard?period=month", { token: tokens.get("pulse-user-1")! });
    assert.equal(board.status, 200, board.text);
    const row = board.body.departments.find((d: { key: string }) => d.key === KEY);
    assert.equal(row?.nps?.nps, expectedNps, `the scoreboard shows the same NPS: ${JSON.stringify(row?.nps)}`);

    const outsider = await a.call("GET", `/api/departments/${KEY}/nps`, { token: tokens.get("pulse-user-1")! });
    assert.equal(outsider.body.nps, expectedNps, "everyone sees the figure");
    assert.deepEqual(outsider.body.verbatims, [], "comments are for the department's staff");
  });

  it("keeps tenants apart: another tenant's same user id has no surveys and cannot answer", async () => {
    const otherTenant = "0f000000-0000-4000-8000-0000000000aa";
    const u = requesters[0]!.userId;
    const stranger = await a.token({ userId: u, name: "Same Id Elsewhere", tenantId: otherTenant });
    const res = await a.call("GET", "/api/me/surveys", { token: stranger });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.items, [], "nothing of the other tenant's");
    assertApiError(await a.call("POST", `/api/surveys/${KEY}.2026-11_1m/answer`, { token: stranger, body: { score: 1 } }), 404, "answering across tenants", { code: "not_found" });
    assertApiError(await a.call("GET", `/api/departments/${KEY}/nps`, { token: stranger }), 404, "figures across tenants", { code: "not_found" });
  });
});
