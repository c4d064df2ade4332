import assert from "node:assert/strict";
import { cardText } from "../support/bot-connector.ts";
import { personal, startBot } from "../support/teams.ts";

/**
 * The demo catalogue in the reader's language on Teams cards too (bot/demo/demo-language.ts):
 * a Spanish reader sees "Recursos Humanos", its categories and the form's departments in Spanish,
 * as in the tab; an English reader sees the names as stored.
 */
describe("Teams cards: the demo departments in Spanish", function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof startBot>>;
  before(async () => {
    bot = await startBot();
  });
  after(() => bot?.close());

  it("sla, status and the new-request form name the departments in the reader's language", async () => {
    const es = { locale: "es-ES" };
    const sla = cardText((await bot.teams.say("demo-dana", personal("demo-dana"), "sla HR", es)).replies[0]!.activity);
    assert.match(sla, /Recursos Humanos/);
    assert.doesNotMatch(sla, /Human Resources/);
    const form = cardText((await bot.teams.say("demo-dana", personal("demo-dana"), "nueva", es)).replies[0]!.activity);
    assert.match(form, /Finanzas \(FIN\)/);
    const filed = await bot.svc.call("POST", "/api/requests", { token: await bot.svc.token("dana"), body: { department: "HR", title: "Vacaciones", category: "leave" } });
    assert.equal(filed.status, 201, filed.text);
    const status = cardText((await bot.teams.say("demo-dana", personal("demo-dana"), `estado ${filed.body.id}`, es)).replies[0]!.activity);
    assert.match(status, /Recursos Humanos/);
    assert.match(status, /Permisos y ausencias/, "its category too");
    const en = cardText((await bot.teams.say("demo-dana", personal("demo-dana"), `status ${filed.body.id}`)).replies[0]!.activity);
    assert.match(en, /Human Resources/);
  });
});
