import assert from "node:assert/strict";
import type { Scoreboard, ScoreboardRow } from "../../shared/scoreboard.ts";
import { scoreboardCard } from "../../bot/teams/scoreboard-card.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { contrast, useCardPage, type CardPage } from "../support/card-renderer.ts";

const attainment = (met: number, measured: number) => ({
  measured,
  met,
  missed: measured - met,
  attainmentPercent: measured ? Math.round((met / measured) * 1000) / 10 : null,
  medianMinutes: measured ? 42 : null,
  p90Minutes: measured ? 120 : null,
  openOverdue: 0,
  closed: measured,
});

function row(key: string, name: string, o: Partial<ScoreboardRow> = {}): ScoreboardRow {
  return {
    key,
    name,
    timeZone: "Europe/Madrid",
    from: "2026-03-01T00:00:00.000Z",
    to: "2026-04-01T00:00:00.000Z",
    created: 12,
    resolved: 10,
    open: 4,
    backlogByStatus: { new: 1, in_progress: 2, waiting: 1 },
    breachedNow: 0,
    breaches: 1,
    firstResponse: attainment(9, 10) as ScoreboardRow["firstResponse"],
    resolution: attainment(7, 10) as ScoreboardRow["resolution"],
    csat: { responses: 6, average: 4.3, satisfiedPercent: 83.3 },
    ces: { responses: 5, average: 5.8, easyPercent: 80 },
    nps: { period: "2026-01_3m", responses: 8, nps: 25, trend: 5 },
    kudos: 3,
    previous: {
      from: "2026-02-01T00:00:00.000Z",
      to: "2026-03-01T00:00:00.000Z",
      created: 9,
      resolved: 9,
      firstResponse: { measured: 9, attainmentPercent: 88.9 },
      resolution: { measured: 9, attainmentPercent: 77.8 },
      csat: { responses: 3, average: 4 },
      ces: { responses: 2, average: 5 },
    },
    trend: { firstResponse: 1.1, resolution: -7.8, csat: 0.3, ces: 0.8 },
    ...o,
  };
}

/** The `sla` scoreboard card as Teams draws it (official renderer, Teams' light host config), both languages. */
describe("Teams bot: the scoreboard card, rendered (headless Chromium)", function () {
  this.timeout(60_000);
  let cards: CardPage;
  useCardPage((c) => (cards = c), launchBrowser);

  const board: Scoreboard = {
    period: "month",
    goalPercent: 90,
    generatedAt: "2026-03-16T10:00:00.000Z",
    departments: [
      row("FAC", "Facilities"),
      row("HR", "Human Resources **bold** ${name} {{DATE(2017-02-14T06:08:39Z,SHORT)}}", { breachedNow: 2, nps: { period: "2026-01_3m", responses: 3, nps: null, trend: null } }),
      row("IT", "IT", { firstResponse: attainment(0, 0) as ScoreboardRow["firstResponse"], trend: { firstResponse: null, resolution: null, csat: null, ces: null } }),
    ],
  };

  for (const locale of ["en", "es"] as const) {
    it(`${locale}: renders without a complaint, every text readable, names shown as typed`, async () => {
      const events = await cards.render(scoreboardCard(board, locale), 460);
      assert.deepEqual(events, [], `the renderer reported: ${events.map((e) => `${e.event}: ${e.message}`).join("; ")}`);
      const text = (await cards.text()).replace(/\u00A0/g, " ");
      assert.ok(text.includes("Human Resources **bold** ${name}") && text.includes("DATE(2017-02-14T06:08:39Z,SHORT)"), `a typed name stays literal: ${text}`);
      assert.ok(!text.includes("${title}") && !/\$\{(key|onTime|backlog)\}/.test(text), "nothing left unexpanded");
      assert.ok(text.includes(locale === "en" ? "first response 90% · resolved 70%" : "primera respuesta 90 % · resueltas 70 %"), `the attainments: ${text}`);
      assert.ok(text.includes(locale === "en" ? "▲ +1.1 pts · resolved ▼ −7.8 pts" : "▲ +1,1 puntos · resueltas ▼ −7,8 puntos"), `the change since last month: ${text}`);
      const faint = (await cards.texts()).filter((x) => contrast(x.color, x.background) < 3);
      assert.deepEqual(faint, [], "every text is readable on its background");
      await cards.screenshot(screenshotPath(`bot-card-scoreboard-${locale}`));
    });
  }
});
