import assert from "node:assert/strict";
import { actionsOf, cardText, cardsOf } from "../support/bot-connector.ts";
import { personal, startBot } from "../support/teams.ts";

/**
 * Rating and reopening in Teams, over HTTP to the running service (Bot Framework activities,
 * answers read back from the fake connector): the rating card's submit carries score, effort and
 * comment; a rating leaves the request resolved and Reopen offered and working; once the quiet
 * period closed it, a reply (the `comment` command, or a notice's reply box) files a follow-up
 * and the answer says so, in the reader's language.
 */
describe("Teams bot: rating and reopening", function () {
  this.timeout(30_000);
  let bot: Awaited<ReturnType<typeof startBot>>;
  let ahead = 0;
  const dana = personal("demo-dana");
  const ben = personal("demo-ben");

  before(async () => {
    bot = await startBot({ clock: () => Date.now() + ahead });
  });
  after(() => bot?.close());

  const get = async (id: string) => (await bot.svc.call("GET", `/api/requests/${id}`, { token: await bot.svc.token("dana") })).body;
  /** Dana files in IT from her chat; Ben resolves it from his. */
  const resolved = async (title: string) => {
    const filed = await bot.teams.say("demo-dana", dana, `new IT ${title}`);
    const id = /Filed (IT-\d+)/.exec(cardText(filed.replies[0]!.activity))![1]!;
    await bot.teams.say("demo-ben", ben, `resolve ${id} Swapped the cable`);
    return id;
  };

  it("the card's submit rates with score, effort and comment; it stays resolved, the rating can change, and Reopen is offered and works", async () => {
    const id = await resolved("Second screen flickers");
    const rated = await bot.teams.press("demo-dana", dana, "rate", { id, score: "4", effort: "6", comment: "Fast, **thanks**" });
    const text = cardText(rated.card!);
    assert.match(text, /You rated it 4 out of 5: satisfied\./);
    assert.match(text, /Ease: 6 out of 7, agree\./);
    let stored = await get(id);
    assert.equal(stored.status, "resolved", "a rating never closes it");
    assert.deepEqual([stored.rating.score, stored.rating.effort, stored.rating.comment], [4, 6, "Fast, **thanks**"]);

    // No score (a card tampered with, or an old one): the card says why, nothing changes.
    const none = await bot.teams.press("demo-dana", dana, "rate", { id, effort: "2" });
    assert.match(cardText(none.card!), /Choose how satisfied you are \(1 to 5\)\./);
    const badEffort = await bot.teams.press("demo-dana", dana, "rate", { id, score: "3", effort: "9" });
    assert.match(cardText(badEffort.card!), /effort/);
    assert.equal((await get(id)).rating.score, 4, "neither changed the rating");

    const changed = await bot.teams.press("demo-dana", dana, "rate", { id, score: "2" });
    assert.match(cardText(changed.card!), /You rated it 2 out of 5: dissatisfied\./);
    stored = await get(id);
    assert.deepEqual([stored.rating.score, stored.rating.effort, stored.rating.comment], [2, undefined, undefined], "the last rating counts, whole");

    const status = await bot.teams.say("demo-dana", dana, `status ${id}`);
    const card = cardsOf(status.replies[0]!.activity)[0]!;
    const reopen = actionsOf(card).find((a) => a.verb === "reopen");
    assert.ok(reopen, "the request card still offers Reopen after rating");
    const reopened = await bot.teams.press("demo-dana", dana, "reopen", { ...reopen.data, text_reopen: "Flickers again" });
    assert.match(cardText(reopened.card!), /In progress/);
    assert.equal((await get(id)).status, "in_progress");
  });

  it("closed after the quiet period: the rating card no longer rates; a reply files a follow-up and says so (command, reply box, Spanish)", async () => {
    const id = await resolved("Headset crackles");
    await bot.teams.press("demo-dana", dana, "rate", { id, score: "3" });
    ahead = 10 * 86_400_000;
    await bot.svc.app.scheduler.tick();
    assert.equal((await get(id)).status, "closed");

    const late = await bot.teams.press("demo-dana", dana, "rate", { id, score: "5" });
    assert.match(cardText(late.card!), new RegExp(`${id} is closed; its rating can no longer change\\.`));
    assert.equal(actionsOf(late.card!).length, 0, "no Send, no Reopen on a closed request's rating card");

    const reply = await bot.teams.say("demo-dana", dana, `comment ${id} It crackles again`);
    const replyText = cardText(reply.replies[0]!.activity);
    const m = new RegExp(`${id} was closed, so your reply filed a follow-up: (IT-\\d+)\\.`).exec(replyText);
    assert.ok(m, replyText);
    const followUp = await get(m[1]!);
    assert.equal(followUp.title, "Follow-up: Headset crackles");
    assert.equal(followUp.followUpOf, id);
    assert.equal(followUp.source.kind, "teams", "filed from Teams");
    assert.match(replyText, /Follow-up: Headset crackles/, "the card shows the follow-up");

    const boxed = await bot.teams.press("demo-dana", dana, "reply", { id, reply: "And the mic too" });
    const second = new RegExp(`${id} was closed, so your reply filed a follow-up: (IT-\\d+)\\.`).exec(cardText(boxed.card!));
    assert.ok(second, cardText(boxed.card!));
    assert.deepEqual((await get(id)).followUps, [m[1], second[1]], "both linked from the closed request");

    const es = await bot.teams.say("demo-dana", dana, `comentar ${id} Sigue igual`, { locale: "es-ES" });
    assert.match(cardText(es.replies[0]!.activity), new RegExp(`${id} estaba cerrada, así que tu respuesta abrió un seguimiento: IT-\\d+\\.`));
    ahead = 0;
  });
});
