import assert from "node:assert/strict";
import { historyLine as lineOf } from "../../shared/history.ts";

const historyLine = (...a: Parameters<typeof lineOf>) => {
  const { line, text } = lineOf(...a);
  return text ? `${line}: ${text}` : line;
};

describe("history lines (shared/history): what every surface says of a request's history", () => {
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

  it("status changes say what happened: asked, resumed, resolved, reopened; closing by the system has no actor", () => {
    const ben = { id: "b", name: "Ben Okafor" };
    assert.equal(historyLine({ at, kind: "status", actor: ben, from: "in_progress", to: "waiting" }, "en"), "Ben Okafor asked the requester for more information");
    assert.equal(historyLine({ at, kind: "status", actor: ben, from: "waiting", to: "in_progress" }, "en"), "Ben Okafor resumed work on the request");
    assert.equal(historyLine({ at, kind: "status", actor: ben, from: "resolved", to: "in_progress" }, "en"), "Ben Okafor reopened the request");
    assert.equal(historyLine({ at, kind: "status", from: "resolved", to: "closed" }, "en"), "The request was closed automatically after a quiet period");
    assert.equal(historyLine({ at, kind: "assigned", actor: ben, to: "Ben Okafor" }, "en"), "Ben Okafor took the request");
  });

  it("a rating says its score, the ease (CES) when given, and what a changed one replaced; follow-ups link both ways", () => {
    const dana = { id: "d", name: "Dana Whitfield" };
    assert.equal(historyLine({ at, kind: "rated", actor: dana, to: "4" }, "en"), "Dana Whitfield rated the service 4 out of 5");
    assert.equal(historyLine({ at, kind: "rated", actor: dana, to: "4", effort: 6, text: "Quick" }, "en"), "Dana Whitfield rated the service 4 out of 5 · ease: 6 out of 7: Quick");
    assert.equal(historyLine({ at, kind: "rated", actor: dana, to: "2", from: "4" }, "en"), "Dana Whitfield changed the rating to 2 out of 5 (was 4)");
    assert.equal(historyLine({ at, kind: "rated", actor: dana, to: "2", from: "4", effort: 3 }, "es"), "Dana Whitfield cambió la valoración a 2 de 5 (antes 4) · facilidad: 3 de 7");
    assert.equal(historyLine({ at, kind: "followUp", actor: dana, to: "IT-9" }, "en"), "Dana Whitfield replied after it closed: follow-up IT-9 filed");
    assert.equal(historyLine({ at, kind: "followUp", actor: dana, from: "IT-3" }, "es"), "Seguimiento de IT-3, que estaba cerrada");
  });
});
