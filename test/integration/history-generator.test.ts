/**
 * The history generator through the real service (bot/demo/history): a seeded past written with
 * RequestService and the scheduler on a simulated clock, read back over HTTP. The same seed on
 * fresh tables gives the same desk, ids included; the desk has what a desk's past has.
 */
import assert from "node:assert/strict";
import type { RequestView } from "../../shared/domain.ts";
import { generateHistory, setUpDepartments, simulatedClock, type HistoryResult } from "../../bot/demo/history/index.ts";
import { startService, TENANT, type TestService } from "../support/service.ts";

const OTHER = "00000000-0000-4000-8000-0000000fab01";
const END = Date.parse("2026-11-25T10:00:00Z");
const REGULAR = { id: "riley", name: "Riley Regular", email: "riley@contoso.example" };

interface Desk {
  svc: TestService;
  result: HistoryResult;
  /** Every IT request of the first tenant, as the API lists it. */
  requests: RequestView[];
}

async function desk(seed: number): Promise<Desk> {
  const clock = simulatedClock(END);
  const svc = await startService({ clock: clock.now });
  for (const t of [TENANT, OTHER]) await setUpDepartments(svc.app, t, { keys: ["IT", "HR"], agents: 3 });
  const result = await generateHistory(svc.app, {
    clock,
    seed,
    tenants: [TENANT, OTHER],
    requestsPerDepartment: { IT: 60, HR: 20 },
    months: 1,
    end: END,
    people: 40,
    regulars: [{ person: REGULAR, requests: 12, department: "IT" }],
    concurrency: 8,
  });
  const admin = await svc.token({ userId: "admin", name: "Admin", roles: ["Tandem.Admin"] });
  const requests: RequestView[] = [];
  let cursor: string | undefined;
  do {
    const res = await svc.call<{ items: RequestView[]; nextCursor?: string }>("GET", `/api/departments/IT/requests?status=all&limit=200${cursor ? `&cursor=${cursor}` : ""}`, { token: admin });
    assert.equal(res.status, 200, res.text);
    requests.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return { svc, result, requests };
}

/** What must not differ between two runs of one seed (etags and tokens may). */
const shape = (r: RequestView) => ({
  id: r.id,
  title: r.title,
  requester: r.requester.id,
  priority: r.priority,
  category: r.category,
  source: r.source.kind,
  status: r.status,
  assignee: r.assignee?.id,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  resolvedAt: r.resolvedAt,
  rating: r.rating?.score,
  escalations: r.escalations,
});

describe("history generator through the service", function () {
  this.timeout(240_000);
  let a: Desk;
  let b: Desk;

  before(async () => {
    a = await desk(5);
    b = await desk(5);
  });
  after(async () => {
    await a?.svc.close();
    await b?.svc.close();
  });

  it("writes the same desk for the same seed: ids, people, statuses, times, escalations", () => {
    assert.equal(a.requests.length, 60);
    assert.deepEqual(b.requests.map(shape), a.requests.map(shape));
    assert.deepEqual({ ...b.result, elapsedMs: 0, schedulerMs: 0 }, { ...a.result, elapsedMs: 0, schedulerMs: 0 });
  });

  it("files every planned request in arrival order in every department of both tenants, nothing refused", () => {
    assert.equal(a.result.requests, 2 * (60 + 20));
    assert.equal(a.result.refused, 0, a.result.refusedExamples.join("\n"));
    assert.equal(a.result.outOfOrder, 0);
    assert.deepEqual(
      a.result.departments.map((d) => [d.tenantId, d.department, d.requests, d.first, d.last]).sort(),
      [[OTHER, "HR", 20, "HR-1", "HR-20"], [OTHER, "IT", 60, "IT-1", "IT-60"], [TENANT, "HR", 20, "HR-1", "HR-20"], [TENANT, "IT", 60, "IT-1", "IT-60"]].sort(),
    );
    const created = a.requests.map((r) => Date.parse(r.createdAt));
    assert.deepEqual([...created].sort((x, y) => x - y), created, "numbers follow filing time");
    assert.ok(created.every((t) => t < END && t >= END - 32 * 86_400_000));
  });

  it("leaves the past of a desk: resolved, rated, auto-closed, escalated, a few still open", async () => {
    const by = (s: string) => a.requests.filter((r) => r.status === s).length;
    assert.ok(by("closed") > 20, `closed ${by("closed")}`);
    assert.ok(a.requests.some((r) => r.rating), "some are rated");
    assert.ok(a.requests.some((r) => r.status === "closed" && !r.rating), "some closed by the scheduler after the quiet period");
    assert.ok(a.result.autoClosed > 0 && a.result.escalations > 0);
    assert.ok(a.requests.some((r) => r.escalations.breach), "some promises broken and escalated");
    assert.ok(a.requests.some((r) => ["new", "in_progress", "waiting"].includes(r.status)), "the newest are still open");

    const admin = await a.svc.token({ userId: "admin", name: "Admin", roles: ["Tandem.Admin"] });
    const escalated = a.requests.find((r) => r.escalations.breach)!;
    const full = await a.svc.call<RequestView>("GET", `/api/requests/${escalated.id}`, { token: admin });
    const kinds = new Set(full.body.history!.map((h) => h.kind));
    for (const k of ["created", "escalation", "sla"]) assert.ok(kinds.has(k as never), `${escalated.id} history has ${k}`);
    const breachAt = Date.parse(escalated.escalations.breach!);
    assert.ok(breachAt >= Date.parse(escalated.createdAt) && breachAt <= END, "escalated at a simulated time of the past");
  });

  it("lists a regular's requests as theirs", async () => {
    const token = await a.svc.token({ userId: REGULAR.id, name: REGULAR.name, email: REGULAR.email });
    const mine = await a.svc.call<{ items: RequestView[] }>("GET", "/api/me/requests?status=all", { token });
    assert.equal(mine.status, 200, mine.text);
    assert.equal(mine.body.items.length, 12);
    assert.ok(mine.body.items.every((r) => r.requester.id === REGULAR.id && r.department === "IT"));
  });
});
