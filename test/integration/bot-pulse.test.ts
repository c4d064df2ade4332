import assert from "node:assert/strict";
import { actionsOf, cardText, cardsOf } from "../support/bot-connector.ts";
import { TENANT } from "../support/service.ts";
import { personal, startBot } from "../support/teams.ts";

/**
 * The NPS pulse in Teams, over HTTP to the running service and the local Bot Connector: as the
 * period begins, a person served who has a chat with the bot gets the question as a card (0-10
 * and "why?", in their language) and answers it in place; someone who never talked to the bot
 * is asked in the personal tab only. A second pass posts nothing again.
 */
describe("Teams bot: the NPS pulse card", function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof startBot>>;
  let ahead = 0;
  const dana = personal("demo-dana");
  const ben = personal("demo-ben");

  before(async () => {
    bot = await startBot({ clock: () => Date.now() + ahead });
    const alex = await bot.svc.token("alex");
    const it = (await bot.svc.call("GET", "/api/departments/IT", { token: alex })).body;
    const { key: _k, updatedAt: _u, triageChannel: _t, ...body } = it;
    const put = await bot.svc.call("PUT", "/api/departments/IT", { token: alex, body: { ...body, surveys: { pulseEveryMonths: 1, pulseSample: 1000 } } });
    assert.equal(put.status, 200, `IT's pulse made monthly: ${put.text}`);
  });
  after(() => bot?.close());

  it("posts the question to people served who have a chat, once; the card answers in place", async () => {
    // Dana talks to the bot (Spanish) and files; Emma files over HTTP and never talked to the bot.
    await bot.teams.say("demo-dana", dana, "ayuda", { locale: "es-ES" });
    const filed = await bot.teams.say("demo-dana", dana, "nueva IT La impresora no imprime", { locale: "es-ES" });
    const id = /(IT-\d+)/.exec(cardText(filed.replies[0]!.activity))![1]!;
    await bot.teams.say("demo-ben", ben, `resolve ${id} New toner`);
    const emma = await bot.svc.token("emma");
    const emmas = await bot.svc.call("POST", "/api/requests", { token: emma, body: { department: "IT", title: "Badge reader" } });
    assert.equal(emmas.status, 201, emmas.text);
    await bot.svc.call("POST", `/api/requests/${emmas.body.id}/actions`, { token: await bot.svc.token("ben"), body: { action: "resolve", text: "Fixed" } });
    await bot.svc.app.follower.catchUp(TENANT, "IT");

    // The next month begins (a day into it, in every zone).
    const start = new Date();
    const nextMonth = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 2, 12);
    ahead = nextMonth - Date.now();
    bot.connector.clear();
    const ran = await bot.svc.app.pulses.tick();
    const it = ran.ran.find((r) => r.department === "IT");
    assert.ok(it && it.asked >= 2, `IT's pulse ran and asked Dana and Emma: ${JSON.stringify(ran.ran)}`);

    const calls = await bot.connector.waitFor((c) => c.some((x) => x.conversationId === dana.conversationId), "the pulse card in Dana's chat");
    const toDana = calls.filter((c) => c.conversationId === dana.conversationId);
    assert.equal(toDana.length, 1, `one card to Dana: ${bot.connector.describe()}`);
    const card = cardsOf(toDana[0]!.activity)[0]!;
    const text = cardText(toDana[0]!.activity);
    assert.match(text, /¿Qué probabilidad hay de que recomiendes el servicio de .+ a un compañero\?/, `the question in Dana's language: ${text}`);
    const inputs = JSON.stringify(card.body);
    assert.match(inputs, /"id":"comment","label":"¿Por qué\? \(opcional\)"/, `the why box, in Spanish: ${inputs.slice(0, 300)}`);
    assert.match(text, /0 · Nada probable/, "the scale's ends named");
    const send = actionsOf(card).find((a) => a.verb === "pulse");
    assert.ok(send, "an Action.Execute that answers in place");
    assert.equal(send.type, "Action.Execute", "answered on the card itself");
    const surveyId = send.data.id as string;
    assert.match(surveyId, /^IT\.\d{4}-\d{2}_1m$/, `the survey's id: ${surveyId}`);
    assert.ok(!calls.some((c) => c.conversationId.includes("emma")), "Emma never talked to the bot: no post");
    const emmaPending = (await bot.svc.call("GET", "/api/me/surveys", { token: emma })).body.items;
    assert.deepEqual(emmaPending.map((s: { id: string }) => s.id), [surveyId], "Emma has the survey in the personal tab");

    // No score: the card says so and nothing is recorded.
    const none = await bot.teams.press("demo-dana", dana, "pulse", { id: surveyId, comment: "Rápido" }, { locale: "es-ES" });
    assert.match(cardText(none.card!), /Elige un número del 0 al 10\./, "asked for a score, in Spanish");
    const answered = await bot.teams.press("demo-dana", dana, "pulse", { id: surveyId, score: "9", comment: "Rápido y <b>amable</b>" }, { locale: "es-ES" });
    assert.match(cardText(answered.card!), /Gracias: respondiste 9 de 10\./, "thanked in place");
    assert.equal(actionsOf(answered.card!).length, 0, "no Send button once answered");
    const again = await bot.teams.press("demo-dana", dana, "pulse", { id: surveyId, score: "3" }, { locale: "es-ES" });
    assert.match(cardText(again.card!), /Ya respondiste esta encuesta/, "a second answer is refused");
    const danaPending = (await bot.svc.call("GET", "/api/me/surveys", { token: await bot.svc.token("dana") })).body.items;
    assert.deepEqual(danaPending, [], "answered: nothing pending for Dana");
    // Someone else pressing Dana's card (a forwarded card) does not answer for her.
    const other = await bot.teams.press("demo-ben", ben, "pulse", { id: surveyId, score: "0" });
    assert.match(cardText(other.card!), /This question was not sent to you, or it is no longer open\./, "Ben cannot answer Dana's survey");

    // A second pass, later: nothing more is posted.
    const before = bot.connector.calls.length;
    ahead += 3_600_000;
    await bot.svc.app.pulses.tick();
    await bot.svc.app.notifier?.idle();
    assert.equal(bot.connector.calls.length, before, "no post again");
    ahead = 0;
  });
});
