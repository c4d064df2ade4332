/**
 * The demo's past (issue 15, deliverable 7): six months written through the service's own write
 * path at simulated instants, so a newcomer's first start shows history in every view. Asserts
 * the story the figures tell, over the HTTP API, not the generator's internals.
 */
import assert from "node:assert/strict";
import { DEV_TENANT } from "../../bot/auth/dev-issuer.ts";
import { writeDemoHistory, type DemoHistory } from "../../bot/demo/demo-history.ts";
import { simulatedClock } from "../../bot/demo/history/index.ts";
import { seedDemo } from "../../bot/demo/seed.ts";
import { localDateOf } from "../../shared/stats/index.ts";
import { startService, type TestService } from "../support/service.ts";

describe("the demo's six months of history", function () {
  this.timeout(300_000);
  let svc: TestService;
  let history: DemoHistory;
  let alex: string;

  before(async () => {
    const clock = simulatedClock();
    svc = await startService({ clock: clock.now });
    await seedDemo(svc.app, DEV_TENANT, { history: async () => (history = await writeDemoHistory(svc.app, DEV_TENANT, clock)) });
    alex = await svc.token("alex");
  });
  after(() => svc?.close());

  const get = async <T = Record<string, any>>(path: string, token = alex): Promise<T> => {
    const res = await svc.call<T>("GET", path, { token });
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    return res.body;
  };
  const daysAgo = (n: number) => localDateOf(Date.now() - n * 86_400_000, "UTC");

  it("writes months of requests in every department, before today's sample requests", async () => {
    assert.equal(history.result.refused, 0, `no planned step refused: ${history.result.refusedExamples.join("; ")}`);
    for (const key of ["IT", "HR", "FIN", "LEGAL", "FAC"]) {
      const s = await get(`/api/departments/${key}/stats?from=${daysAgo(182)}&to=${daysAgo(-1)}`);
      assert.ok(s.created >= 20, `${key}: ${s.created} requests over six months`);
      assert.ok(s.resolved >= s.created / 2, `${key}: most resolved (${s.resolved} of ${s.created})`);
    }
    const it = await get("/api/departments/IT/stats");
    assert.ok(it.trend.filter((w: { created: number }) => w.created > 0).length >= 6, `IT's 8-week chart has weeks with requests: ${JSON.stringify(it.trend)}`);
    const newest = await get<{ items: Array<{ id: string; title: string }> }>("/api/departments/IT/requests?status=open&limit=200");
    assert.ok(newest.items.some((r) => r.title === "VPN drops every few minutes"), "today's sample requests are there too");
    const dana = await svc.token({ userId: "demo-dana", name: "Dana Whitfield" });
    const mine = await get<{ items: unknown[] }>("/api/me/requests?status=all", dana);
    assert.ok(mine.items.length >= 6 + 5, `Dana has a past with IT as well as today's requests (${mine.items.length})`);
  });

  it("tells a story: Finance misses its targets, Human Resources recovered after its review", async () => {
    const last90 = `?from=${daysAgo(89)}&to=${daysAgo(-1)}`;
    const fin = await get(`/api/departments/FIN/stats${last90}`);
    const hr = await get(`/api/departments/HR/stats${last90}`);
    assert.ok(fin.resolution.attainmentPercent !== null && hr.resolution.attainmentPercent !== null, "both measured");
    assert.ok(fin.resolution.attainmentPercent < hr.resolution.attainmentPercent, `Finance ${fin.resolution.attainmentPercent} % < HR ${hr.resolution.attainmentPercent} %`);
    const carla = await svc.token({ userId: "demo-carla", name: "Carla Rossi" });
    const review = await get(`/api/departments/HR/reviews/${history.reviewMonth}`, carla);
    assert.equal(review.decisions.length, 1, "the review's decision");
    assert.equal(review.actionItems.length, 1, "and its action item");
    assert.equal(review.actionItems[0].done, true, "done");
    const changes = await get<{ items: Array<{ reason: string }> }>("/api/departments/FIN/changes");
    assert.ok(changes.items.some((c) => /Month-end close/.test(c.reason)), "Finance's target change, with its reason");
  });

  it("has feedback to show: CSAT and CES, kudos, an NPS with comments in English and Spanish", async () => {
    let kudos = 0;
    let ces = 0;
    const comments: string[] = [];
    for (const key of ["IT", "HR", "FIN", "LEGAL", "FAC"]) {
      const s = await get(`/api/departments/${key}/stats?from=${daysAgo(182)}&to=${daysAgo(-1)}`);
      kudos += s.kudos;
      ces += s.ces.responses;
      assert.ok(s.csat.responses > 0, `${key} has ratings`);
      const nps = await get(`/api/departments/${key}/nps`);
      if (nps.responses >= 5) comments.push(...nps.verbatims.map((v: { comment: string }) => v.comment));
    }
    assert.ok(kudos >= 3, `kudos given (${kudos})`);
    assert.ok(ces >= 10, `CES answers (${ces})`);
    const itNps = await get("/api/departments/IT/nps");
    assert.ok(itNps.responses >= 5 && itNps.nps !== null, `IT's NPS is shown: ${JSON.stringify(itNps).slice(0, 300)}`);
    assert.ok(comments.some((c) => /[áéíóúñ¿¡]/.test(c)), `a verbatim in Spanish: ${comments.join(" | ")}`);
    assert.ok(comments.some((c) => /\b(the|and|in)\b/.test(c)), `a verbatim in English: ${comments.join(" | ")}`);
    const board = await get("/api/scoreboard");
    assert.ok(JSON.stringify(board).length > 200, "the scoreboard has figures");
  });
});
