/**
 * The history generator's plan (bot/demo/history/plan.ts): the same seed gives the same past, and
 * that past looks like a desk's (working-hours arrivals, most promises kept and some broken,
 * waits, ratings, rare cancels and reopens), with every step one the lifecycle accepts in turn.
 */
import assert from "node:assert/strict";
import { DEMO_DEPARTMENTS } from "../../bot/demo/demo-catalogue.ts";
import type { Department, ServiceRequest } from "../../shared/domain.ts";
import { applyAction } from "../../shared/lifecycle.ts";
import { newRequest } from "../../shared/request.ts";
import { businessMsBetween } from "../../shared/sla/calendar.ts";
import { wallClock } from "../../shared/sla/zone.ts";
import { planDepartment, type DepartmentPlanInput, type PlannedRequest } from "../../bot/demo/history/plan.ts";

const TENANT = "00000000-0000-4000-8000-00000000c0de";
const IT: Department = {
  ...DEMO_DEPARTMENTS.find((d) => d.key === "IT")!,
  agents: [1, 2, 3].map((i) => ({ id: `agent-${i}`, name: `Agent ${i}` })),
  leads: [{ id: "lead-1", name: "Lead One" }],
};
const FROM = Date.parse("2026-09-01T00:00:00Z");
const TO = Date.parse("2026-12-01T00:00:00Z");
const DAY = 86_400_000;

const input = (over: Partial<DepartmentPlanInput> = {}): DepartmentPlanInput => ({
  seed: 7,
  tenantId: TENANT,
  dept: IT,
  requests: 2_000,
  from: FROM,
  to: TO,
  people: 400,
  mailDomain: "contoso.example",
  closeAfterMs: 5 * DAY,
  ...over,
});

const share = (plans: PlannedRequest[], f: (p: PlannedRequest) => boolean) => plans.filter(f).length / plans.length;
const did = (p: PlannedRequest, action: string) => p.steps.some((s) => s.action.action === action);

describe("history generator: the plan", () => {
  const plans = planDepartment(input());

  it("is the same for the same seed and options, and differs for another seed", () => {
    assert.deepEqual(planDepartment(input()), plans);
    const other = planDepartment(input({ seed: 8 }));
    assert.notDeepEqual(other.map((p) => p.createdAt), plans.map((p) => p.createdAt));
  });

  it("files the asked number of requests, oldest first, inside the period, each step after the one before", () => {
    assert.equal(plans.length, 2_000);
    plans.forEach((p, i) => {
      assert.equal(p.index, i);
      assert.ok(p.createdAt >= FROM && p.createdAt < TO);
      if (i > 0) assert.ok(p.createdAt >= plans[i - 1]!.createdAt, "oldest first");
      let t = p.createdAt;
      for (const s of p.steps) {
        assert.ok(s.at > t, `${p.index}: ${s.action.action} at ${new Date(s.at).toISOString()} comes after ${new Date(t).toISOString()}`);
        t = s.at;
      }
    });
  });

  it("arrives in the department's working week: weekdays and office hours in its own zone", () => {
    const local = plans.map((p) => wallClock(IT.calendar.timeZone, p.createdAt));
    const weekday = local.filter((w) => w.weekday < 5).length / local.length;
    const office = local.filter((w) => w.time >= "08:00" && w.time < "19:00").length / local.length;
    assert.ok(weekday > 0.95, `weekdays ${weekday}`);
    assert.ok(office > 0.85, `office hours ${office}`);
    const holidays = new Set(IT.calendar.holidays);
    assert.ok(local.filter((w) => holidays.has(w.date)).length < plans.length * 0.01, "holidays are quiet");
  });

  it("mixes priorities, categories, sources and requesters as a desk does", () => {
    assert.ok(share(plans, (p) => p.priority === "normal") > 0.45 && share(plans, (p) => p.priority === "normal") < 0.65);
    assert.ok(share(plans, (p) => p.priority === "urgent") > 0.02 && share(plans, (p) => p.priority === "urgent") < 0.1);
    assert.deepEqual(new Set(plans.map((p) => p.category)), new Set(IT.categories.map((c) => c.key)));
    assert.ok(share(plans, (p) => p.via === "email") > 0.15, "emails");
    assert.ok(share(plans, (p) => p.via === "message") > 0.05, "Teams messages");
    const byPerson = new Map<string, number>();
    for (const p of plans) byPerson.set(p.requester.id, (byPerson.get(p.requester.id) ?? 0) + 1);
    const counts = [...byPerson.values()].sort((a, b) => b - a);
    assert.ok(counts[0]! >= 10 * counts[Math.floor(counts.length / 2)]!, "a few people file many, most a few");
    assert.ok(plans.every((p) => p.title.length > 0 && p.requester.email?.endsWith("@contoso.example")));
  });

  it("keeps most promises and breaks some, waits, rates, and rarely cancels or reopens", () => {
    const firstResponseLate = share(plans, (p) => {
      const first = p.steps.find((s) => s.action.action !== "cancel");
      if (!first) return false;
      return businessMsBetween(IT.calendar, p.createdAt, first.at) > IT.sla.targets[p.priority].firstResponseMinutes * 60_000;
    });
    assert.ok(firstResponseLate > 0.03 && firstResponseLate < 0.3, `first responses past target ${firstResponseLate}`);
    assert.ok(share(plans, (p) => did(p, "wait")) > 0.15 && share(plans, (p) => did(p, "wait")) < 0.35);
    assert.ok(share(plans, (p) => did(p, "rate")) > 0.3 && share(plans, (p) => did(p, "rate")) < 0.6);
    assert.ok(share(plans, (p) => did(p, "cancel")) > 0.01 && share(plans, (p) => did(p, "cancel")) < 0.06);
    assert.ok(share(plans, (p) => did(p, "reopen")) > 0.01 && share(plans, (p) => did(p, "reopen")) < 0.06);
    assert.ok(share(plans, (p) => did(p, "resolve")) > 0.9);
  });

  it("plans only steps the lifecycle accepts, in order, from the people allowed to take them", () => {
    for (const p of plans) {
      let req: ServiceRequest = newRequest({
        tenantId: TENANT,
        dept: IT,
        number: p.index + 1,
        title: p.title,
        description: p.description,
        category: p.category,
        priority: p.priority,
        requester: p.requester,
        source: { kind: p.source },
        now: new Date(p.createdAt).toISOString(),
      }).request;
      for (const s of p.steps) {
        const done = applyAction(req, s.action, { actor: { tenantId: TENANT, person: s.actor, isAdmin: false }, dept: IT, now: new Date(s.at).toISOString() });
        assert.ok(done.ok, `${req.id} ${s.action.action} by ${s.actor.name}: ${done.ok ? "" : done.message}`);
        req = done.request;
      }
    }
  });

  it("gives each regular exactly their number of requests", () => {
    const regular = { id: "regular", name: "Riley Regular", email: "riley@contoso.example" };
    const withRegular = planDepartment(input({ regulars: [{ person: regular, requests: 300 }] }));
    assert.equal(withRegular.filter((p) => p.requester.id === regular.id).length, 300);
    assert.throws(() => planDepartment(input({ requests: 10, regulars: [{ person: regular, requests: 11 }] })), /regulars want 11/);
  });
});
