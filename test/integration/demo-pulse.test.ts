/**
 * The demo's NPS (bot/demo/demo-pulse.ts): after a generated history, the pulses it would have
 * sent go out through the scheduler on the simulated clock and most people answer, so the
 * department's page shows an NPS with a trend on first start; each answer counted once.
 */
import assert from "node:assert/strict";
import { generateHistory, setUpDepartments, simulatedClock } from "../../bot/demo/history/index.ts";
import { writeDemoPulses } from "../../bot/demo/demo-pulse.ts";
import { SurveyStore } from "../../bot/storage/survey-store.ts";
import { startService, TENANT, type TestService } from "../support/service.ts";

const END = Date.parse("2026-11-25T10:00:00Z");
const DAY = 86_400_000;

describe("demo: the NPS pulses of the history", function () {
  this.timeout(180_000);
  let svc: TestService;

  after(() => svc?.close());

  it("asks the people the history served each period and records their answers, so the page has figures and a trend", async () => {
    const clock = simulatedClock(END);
    svc = await startService({ clock: clock.now });
    await setUpDepartments(svc.app, TENANT, { keys: ["IT"], agents: 3 });
    const alex = await svc.token({ userId: "admin", name: "Admin", roles: ["Tandem.Admin"] });
    const it = (await svc.call("GET", "/api/departments/IT", { token: alex })).body;
    const { key: _k, updatedAt: _u, triageChannel: _t, ...body } = it;
    const put = await svc.call("PUT", "/api/departments/IT", { token: alex, body: { ...body, surveys: { pulseEveryMonths: 1, pulseSample: 30 } } });
    assert.equal(put.status, 200, put.text);
    await generateHistory(svc.app, { clock, seed: 3, tenants: [TENANT], requestsPerDepartment: { IT: 80 }, months: 3, end: END, people: 30, concurrency: 8 });
    const began = Date.now();

    const result = await writeDemoPulses(svc.app, TENANT, clock, { from: END - 3 * 30 * DAY, to: END, answerRate: 0.8 });
    console.log(`      (pulses written in ${Date.now() - began} ms: ${JSON.stringify(result)})`);
    assert.ok(result.asked > 0 && result.answered > 0, `asked and answered: ${JSON.stringify(result)}`);
    assert.ok(result.answered <= result.asked, "nobody answers twice");

    const f = await clock.at(END, () => svc.app.surveys.npsOf(TENANT, "IT", END));
    assert.equal(f.period, "2026-10_1m", "October is the latest surveyed month on 25 November");
    const withAnswers = f.trend.filter((p) => p.responses >= 5);
    assert.ok(withAnswers.length >= 2, `a trend of at least two periods with a figure: ${JSON.stringify(f.trend)}`);
    const store = new SurveyStore(svc.app.tables);
    for (const p of f.trend) {
      const recount = await store.recount(TENANT, "IT", p.period);
      assert.equal(recount.promoters + recount.passives + recount.detractors, p.responses, `${p.period}: the count equals the answers`);
    }
    assert.equal(f.trend.reduce((n, p) => n + p.responses, 0) <= result.answered, true, "no answer counted twice");
  });
});
