import assert from "node:assert/strict";
import { repairNotices } from "../../bot/teams/index.ts";
import { actionsOf, cardText, cardsOf } from "../support/bot-connector.ts";
import type { TestService } from "../support/service.ts";
import { personal } from "../support/teams.ts";
import { fileAsDana, startTwoBots, type TwoBots } from "../support/two-bots.ts";

/**
 * Feedback in Teams (issue 15): the requester's thank card beside the rating card, answered in
 * place; the resolver told once, with the words, however many instances deliver; and the rating
 * card sampled (DESIGN.md: nobody asked by a department more than once in `ratingEveryDays`,
 * default 7), once across two instances however many requests resolve at once. Two services
 * share one set of tables, as App Service instances share a storage account.
 */
describe("Teams bot: kudos and the sampled rating card", function () {
  this.timeout(90_000);
  let now = Date.parse("2026-03-02T09:00:00Z"); // a Monday, 10:00 in Madrid
  let bots: TwoBots;
  const hasVerb = (card: Record<string, any>, verb: string) => actionsOf(card).some((x) => x.verb === verb);
  const act = async (svc: TestService, user: string, id: string, body: Record<string, unknown>) => {
    const res = await svc.call("POST", `/api/requests/${id}/actions`, { token: await svc.token(user), body });
    assert.equal(res.status, 200, `${user} ${JSON.stringify(body)} on ${id}: ${res.text}`);
    return res.body;
  };
  /** The notice telling Dana that `id` was resolved, and its cards. */
  const resolvedNotice = (id: string) => {
    const told = bots.about("demo-dana", id).filter((p) => cardText(p.activity).includes(`resolved ${id}`));
    assert.equal(told.length, 1, `one resolve notice for ${id}:\n${bots.connector.describe()}`);
    return cardsOf(told[0]!.activity);
  };

  before(async () => {
    bots = await startTwoBots(() => now, ["demo-dana", "demo-ben", "demo-ana", "demo-diego"]);
  });
  after(() => bots?.close());

  it("resolved: the thank card comes beside the rating card; Thank answers in place and the resolver (not the assignee) is told once, with the words", async () => {
    const id = await fileAsDana(bots.a, "IT", "Laptop will not wake");
    await act(bots.a, "ben", id, { action: "take" });
    await act(bots.b, "ana", id, { action: "resolve", text: "New battery" });
    await bots.idle();
    const cards = resolvedNotice(id);
    assert.equal(cards.length, 3, "the request, the rating card and the thank card");
    assert.ok(hasVerb(cards[1]!, "rate"), "the rating card is the second");
    const thankCard = cards[2]!;
    assert.ok(hasVerb(thankCard, "thank"), "the thank card has its button");
    assert.match(cardText(thankCard), /Want to thank Ana García\?/, "it names who resolved it");
    assert.match(cardText(thankCard), /show on IT's page, for everyone/, "and says the words will be public");

    const words = "Thanks **Ana**, <b>you</b> saved my {day}!";
    const pressed = await bots.teams.press("demo-dana", personal("demo-dana"), "thank", { ...actionsOf(thankCard)[0]!.data, text_thank: words });
    assert.equal(pressed.status, 200, JSON.stringify(pressed.body));
    assert.match(cardText(pressed.card!), /Your thanks went to Ana García\./, "the card answers in place");
    assert.ok(!hasVerb(pressed.card!, "thank"), "no second Thank button");
    await bots.idle();
    now += 30_000;
    await Promise.all([repairNotices(bots.a.app, bots.a.app.notifier!), repairNotices(bots.b.app, bots.b.app.notifier!)]);
    await bots.idle();
    const told = bots.about("demo-ana", id).filter((p) => /thanked you/.test(cardText(p.activity)));
    assert.equal(told.length, 1, `Ana is told once:\n${bots.connector.describe()}`);
    const text = cardText(told[0]!.activity);
    assert.match(text, new RegExp(`Dana Whitfield thanked you for ${id}\\.`), "in a sentence");
    assert.ok(text.includes("Thanks **Ana**, <b>you</b> saved my"), `with the words, literally: ${text}`);
    assert.equal(bots.about("demo-ben", id).filter((p) => /thanked/.test(cardText(p.activity))).length, 0, "Ben worked it but did not resolve it: not thanked");

    const again = await bots.teams.press("demo-dana", personal("demo-dana"), "thank", { id, text_thank: "Really, thanks" });
    assert.match(cardText(again.card!), new RegExp(`You already thanked Ana García for ${id}; thanks are one per person and request\\.`), "a second thank says why not");
    const retried = await bots.a.call("POST", `/api/requests/${id}/actions`, { token: await bots.a.token("dana"), body: { action: "thank", text: words } });
    assert.equal(retried.status, 200, `an identical retry answers as the first: ${retried.text}`);
    const self = await bots.a.call("POST", `/api/requests/${id}/actions`, { token: await bots.a.token("ana"), body: { action: "thank" } });
    assert.equal(self.status, 409, "thanking yourself is refused");
    assert.equal(self.body.error.message, `You worked on ${id} yourself; thanks go to someone else.`, "with a sentence");
    const stored = (await bots.a.call("GET", `/api/requests/${id}`, { token: await bots.a.token("dana") })).body;
    assert.equal(stored.kudos.length, 1, "one kudos");
    assert.deepEqual([stored.kudos[0].by.id, stored.kudos[0].to.map((p: { id: string }) => p.id), stored.kudos[0].text], ["demo-dana", ["demo-ana"], words], "from Dana to Ana, the words as typed");
    assert.equal(stored.history.filter((e: { kind: string }) => e.kind === "thanked").length, 1, "one history event");
  });

  it("sampling: many of one person's requests resolved at once on two instances bring one rating card; the thank card comes with each; rating stays possible", async () => {
    // HR has not asked Dana yet (IT did, above: sampling is per department).
    const ids = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => fileAsDana(n % 2 ? bots.a : bots.b, "HR", `Payslip question ${n}`)));
    await bots.idle();
    await Promise.all(ids.map((id, i) => act(i % 2 ? bots.a : bots.b, "diego", id, { action: "resolve", text: `Answered ${i}` })));
    await bots.idle();
    const notices = ids.map((id) => resolvedNotice(id));
    const rating = notices.filter((cards) => cards.some((c) => hasVerb(c, "rate")));
    assert.equal(rating.length, 1, `one rating card for ${ids.length} resolutions`);
    assert.ok(notices.every((cards) => cards.some((c) => hasVerb(c, "thank"))), "each resolve notice has its thank card");
    // Sampling limits asking, not answering: a request whose notice had no rating card is rated all the same.
    const unasked = ids.find((_, i) => !notices[i]!.some((c) => hasVerb(c, "rate")))!;
    assert.equal((await act(bots.b, "dana", unasked, { action: "rate", score: 4, effort: 6 })).rating.score, 4, "rated without being asked");

    // Within the week: still not asked again. After it: asked.
    now += 3 * 86_400_000;
    const within = await fileAsDana(bots.a, "HR", "Holiday balance");
    await act(bots.b, "diego", within, { action: "resolve" });
    await bots.idle();
    assert.ok(!resolvedNotice(within).some((c) => hasVerb(c, "rate")), "three days later: not asked");
    now += 5 * 86_400_000;
    const after = await fileAsDana(bots.a, "HR", "Parking permit");
    await act(bots.a, "diego", after, { action: "resolve" });
    await bots.idle();
    assert.ok(resolvedNotice(after).some((c) => hasVerb(c, "rate")), "eight days after the last ask: asked again");
  });
});
