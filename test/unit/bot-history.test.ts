import assert from "node:assert/strict";
import { historyLine } from "../../bot/teams/history.ts";

describe("history lines on escalation cards (bot/teams/history)", () => {
  const at = "2026-03-02T10:00:00.000Z";

  it("an SLA warning says how much of the target was used", () => {
    assert.equal(historyLine({ at, kind: "sla", sla: "warning", clock: "resolution" }, "en", 80), "Resolution is at risk: 80% of its target used");
    assert.equal(historyLine({ at, kind: "sla", sla: "warning", clock: "resolution" }, "es", 75), "Resolución en riesgo: se ha consumido el 75 % del objetivo");
  });

  it("a clock's name mid-sentence is not capitalised", () => {
    assert.equal(historyLine({ at, kind: "sla", sla: "breach", clock: "firstResponse" }, "es"), "Se incumplió el objetivo de primera respuesta");
    assert.equal(historyLine({ at, kind: "sla", sla: "start", clock: "firstResponse" }, "en"), "First response clock started");
  });

  it("comments and notes say who wrote them and what", () => {
    const ben = { id: "b", name: "Ben Okafor" };
    assert.equal(historyLine({ at, kind: "comment", actor: ben, text: "On it", public: true }, "en"), "Ben Okafor commented: On it");
    assert.equal(historyLine({ at, kind: "comment", actor: ben, text: "Call vendor", public: false }, "en"), "Ben Okafor added an internal note: Call vendor");
  });
});
