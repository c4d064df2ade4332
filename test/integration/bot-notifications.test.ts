import assert from "node:assert/strict";
import { FakeConnector, actionsOf, cardText, cardsOf, type ConnectorCall } from "../support/bot-connector.ts";
import type { TestService } from "../support/service.ts";
import { TeamsClient, startBot, channel, personal } from "../support/teams.ts";

/**
 * What the bot tells people without being asked (DESIGN.md "Teams bot"): the requester in
 * their 1:1 chat, the department's triage channel (a card per request, updated in place),
 * leads and assignees on escalation; and what happens when Teams refuses a post.
 */
describe("Teams bot: notifications", function () {
  this.timeout(60_000);
  let svc: TestService;
  let connector: FakeConnector;
  let teams: TeamsClient;
  let bot: Awaited<ReturnType<typeof startBot>>;
  let now = Date.parse("2026-03-02T09:00:00Z"); // a Monday, 10:00 in Madrid
  const triage = channel("it-triage");
  const TRIAGE = triage.conversationId;
  const chat = (u: string) => personal(u).conversationId;

  const idle = () => svc.app.notifier!.idle();
  /** Proactive posts into a conversation (botbuilder sends them as replies to its continuation activity). */
  const posts = (conversationId: string) => connector.to(conversationId).filter((c) => c.method === "POST" && !teams.sent.has(c.activityId ?? ""));
  const lastPost = (conversationId: string) => posts(conversationId).at(-1);
  const fileAs = async (user: string, title: string) => {
    const r = await teams.say(user, personal(user), `new IT ${title}`);
    const id = /Filed (IT-\d+)/.exec(cardText(r.replies[0]!.activity))?.[1];
    assert.ok(id, cardText(r.replies[0]!.activity));
    await idle();
    return id!;
  };

  before(async () => {
    bot = await startBot({ clock: () => now });
    ({ svc, connector, teams } = bot);
    // People talk to the bot once (or install it): that is when it learns where to write to them.
    for (const u of ["demo-dana", "demo-ben", "demo-ana"]) await teams.say(u, personal(u), "hi");
    await teams.install("demo-hugo", personal("demo-hugo"));
  });
  after(() => bot?.close());

  describe("link: the triage channel", () => {
    it("only in a channel, and only by one of the department's leads", async () => {
      const inChat = await teams.say("demo-ana", personal("demo-ana"), "link IT");
      assert.match(cardText(inChat.replies[0]!.activity), /in the channel that should get/);
      const agent = await teams.say("demo-ben", triage, "link IT");
      assert.match(cardText(agent.replies[0]!.activity), /Only IT's leads or an admin/);
      const unknown = await teams.say("demo-ana", triage, "link XX");
      assert.match(cardText(unknown.replies[0]!.activity), /There is no department XX\. The departments are: .*IT/);
      const me = await svc.call("GET", "/api/departments", { token: await svc.token("dana") });
      assert.equal(me.body.items.find((d: any) => d.key === "IT").triageChannel, undefined, "nothing was linked by the refusals");
    });

    it("a lead links it; the department records it", async () => {
      const ok = await teams.say("demo-ana", triage, "vincular IT", { locale: "es-ES" });
      assert.match(cardText(ok.replies[0]!.activity), /canal de triaje de Information Technology|canal de triaje de IT/);
      const me = await svc.call("GET", "/api/departments", { token: await svc.token("ana") });
      assert.equal(me.body.items.find((d: any) => d.key === "IT").triageChannel.id, TRIAGE);
    });
  });

  describe("a request's life, as people hear about it", () => {
    let id: string;
    let triageActivity: string;

    it("a new request is posted in the triage channel with the agents' buttons; the requester is not told what they just did", async () => {
      connector.clear();
      id = await fileAs("demo-dana", "Printer on floor 2 jams");
      const card = lastPost(TRIAGE);
      assert.ok(card, `no post in the triage channel:\n${connector.describe()}`);
      assert.match(cardText(card.activity), new RegExp(`${id}.*Printer on floor 2 jams`));
      const verbs = actionsOf(cardsOf(card.activity)[0]!).filter((a) => a.type === "Action.Execute").map((a) => a.verb);
      assert.ok(verbs.includes("take") && verbs.includes("resolve"), `buttons: ${verbs}`);
      assert.ok(!verbs.includes("cancel"), "cancel is the requester's, not the channel's");
      triageActivity = card.id;
      assert.equal(posts(chat("demo-dana")).length, 0, "Dana filed it herself: no notification");
    });

    it("Ben takes it from the channel card: the card is updated in place, and Dana hears who is on it", async () => {
      connector.clear();
      const pressed = await teams.press("demo-ben", triage, "take", { id });
      assert.equal(pressed.status, 200);
      assert.match(cardText(pressed.card!), /In progress.*Ben Okafor|Ben Okafor.*In progress/);
      await idle();
      const updates = connector.to(TRIAGE).filter((c) => c.method === "PUT");
      assert.equal(updates.length, 1, connector.describe());
      assert.equal(updates[0]!.activityId, triageActivity, "the card posted for the request, not a new one");
      assert.match(cardText(updates[0]!.activity), /En curso/, "in the channel's language (it was linked in Spanish)");
      assert.equal(posts(TRIAGE).length, 0, "no second card in the channel");
      assert.match(cardText(lastPost(chat("demo-dana"))!.activity), new RegExp(`Ben Okafor is working on ${id}`));
    });

    it("waiting on the requester: Dana is asked; her reply resumes it and Ben hears of it", async () => {
      connector.clear();
      await teams.say("demo-ben", personal("demo-ben"), `wait ${id} Which printer, the one by the window?`);
      await idle();
      assert.match(cardText(lastPost(chat("demo-dana"))!.activity), new RegExp(`needs something from you on ${id}`));
      assert.match(cardText(lastPost(chat("demo-dana"))!.activity), /Waiting on requester/);
      const reply = await teams.say("demo-dana", personal("demo-dana"), `comment ${id} Yes, by the window`);
      assert.match(cardText(reply.replies[0]!.activity), /In progress/, "her reply resumed it");
      await idle();
      assert.match(cardText(lastPost(chat("demo-ben"))!.activity), new RegExp(`Dana Whitfield replied on ${id}`));
    });

    it("resolved: Dana gets the news with a rating card; her rating reaches Ben", async () => {
      connector.clear();
      await teams.say("demo-ben", personal("demo-ben"), `resolve ${id} Replaced the roller`);
      await idle();
      const told = lastPost(chat("demo-dana"))!;
      assert.match(cardText(told.activity), new RegExp(`resolved ${id}`));
      const cards = cardsOf(told.activity);
      assert.equal(cards.length, 3, "the request, the rating card and (kudos) the thank card");
      const rate = actionsOf(cards[1]!).find((a) => a.verb === "rate");
      assert.ok(rate, "the rating card has a send button");
      const rated = await teams.press("demo-dana", personal("demo-dana"), "rate", { ...rate.data, score: "5", comment: "Quick, thanks" });
      assert.match(cardText(rated.card!), /You rated it 5 out of 5/);
      await idle();
      assert.match(cardText(lastPost(chat("demo-ben"))!.activity), new RegExp(`rated ${id} 5 out of 5`));
      // Rating and reopening: a rating never closes it; it can change while resolved, and Reopen stays offered.
      const again = await teams.press("demo-dana", personal("demo-dana"), "rate", { ...rate.data, score: "2", effort: "3", comment: "It jammed again" });
      assert.match(cardText(again.card!), /You rated it 2 out of 5: dissatisfied\./);
      assert.match(cardText(again.card!), /Ease: 3 out of 7, somewhat disagree\./);
      const stored = await svc.call("GET", `/api/requests/${id}`, { token: await svc.token("dana") });
      assert.equal(stored.body.status, "resolved", "rating never closes the request");
      assert.deepEqual([stored.body.rating.score, stored.body.rating.effort, stored.body.rating.comment], [2, 3, "It jammed again"], "the last rating counts");
      const reopen = actionsOf(again.card!).find((a) => a.verb === "reopen");
      assert.ok(reopen, "the rated card still offers Reopen");
      const reopened = await teams.press("demo-dana", personal("demo-dana"), "reopen", reopen.data);
      assert.match(cardText(reopened.card!), /In progress/, "reopened after rating");
    });

    it("someone else filing for Dana (an agent) tells her; Spanish speakers are told in Spanish", async () => {
      await teams.say("demo-dana", personal("demo-dana"), "ayuda", { locale: "es-MX" });
      connector.clear();
      const token = await svc.token("ben");
      const res = await svc.call("POST", "/api/requests/from-email", {
        token,
        body: { internetMessageId: "<bot-notify-1@contoso.example>", subject: "Badge", body: "My badge stopped working", from: { name: "Dana Whitfield", email: "dana@contoso.example" }, department: "IT" },
      });
      assert.equal(res.status, 201, res.text);
      await idle();
      const told = lastPost(chat("demo-dana"));
      if (res.body.request.requester.id === "demo-dana") {
        assert.ok(told, connector.describe());
        assert.match(cardText(told.activity), /ha creado .* en tu nombre/);
      } else {
        // The email's sender is not matched to a Teams user without Graph: nobody to tell in Teams.
        assert.equal(told, undefined);
      }
    });
  });

  describe("escalations", () => {
    it("the breach reaches the leads in their chat and the triage channel, once", async () => {
      await teams.say("demo-dana", personal("demo-dana"), "help"); // back to English
      const id = await fileAs("demo-dana", "Cannot log in to the VPN");
      connector.clear();
      now += 10 * 60 * 60_000; // far past both the warning and the breach of the first response
      await svc.app.scheduler.tick();
      await idle();
      const toAna = posts(chat("demo-ana")).filter((c) => cardText(c.activity).includes(id));
      const toChannel = posts(TRIAGE).filter((c) => cardText(c.activity).includes(id));
      assert.ok(toAna.some((c) => /Target missed/.test(cardText(c.activity))), connector.describe());
      assert.ok(toChannel.some((c) => /Objetivo incumplido/.test(cardText(c.activity))), `the channel was linked in Spanish:\n${connector.describe()}`);
      const fired = toAna.length;
      await svc.app.scheduler.tick();
      await idle();
      assert.equal(posts(chat("demo-ana")).filter((c) => cardText(c.activity).includes(id)).length, fired, "a second pass posts nothing again");
    });
  });

  describe("when Teams refuses a post", () => {
    it("403 BotNotInConversationRoster: the reference is dropped; nothing loops", async () => {
      await teams.say("demo-isha", personal("demo-isha"), "hi");
      const id = await fileAs("demo-isha", "Desk lamp broken");
      connector.clear();
      connector.fail(chat("demo-isha"), { status: 403, code: "BotNotInConversationRoster" });
      await teams.say("demo-ben", personal("demo-ben"), `take ${id}`);
      await idle();
      assert.equal(connector.to(chat("demo-isha")).length, 0);
      connector.heal(chat("demo-isha"));
      await teams.say("demo-ben", personal("demo-ben"), `comment ${id} On my way`);
      await idle();
      assert.equal(posts(chat("demo-isha")).length, 0, "the reference was forgotten: no more posts until she talks to the bot again");
      assert.equal(await svc.app.notifier!.sweep(), 0, "nothing was queued for retry");
    });

    it("429 with Retry-After: the post waits in the outbox and is delivered once when retried", async () => {
      const id = await fileAs("demo-dana", "Monitor flickers");
      connector.clear();
      // The Bot Framework SDK itself retries a 429 a few times (after Retry-After); past that, the outbox keeps it.
      connector.fail(chat("demo-dana"), { status: 429, code: "Throttled", retryAfterSeconds: 1 });
      await teams.say("demo-ben", personal("demo-ben"), `take ${id}`);
      await idle();
      assert.equal(posts(chat("demo-dana")).length, 0);
      assert.equal(await svc.app.notifier!.sweep(), 0, "not due yet");
      connector.heal(chat("demo-dana"));
      now += 60_000;
      const [a, b] = await Promise.all([svc.app.notifier!.sweep(), svc.app.notifier!.sweep()]);
      assert.equal(a + b, 1, "two sweeps at once deliver it once");
      assert.equal(posts(chat("demo-dana")).length, 1);
      assert.match(cardText(lastPost(chat("demo-dana"))!.activity), new RegExp(`Ben Okafor is working on ${id}`));
      assert.equal(await svc.app.notifier!.sweep(), 0, "and never again");
    });

    it("uninstalling the bot forgets the person's chat", async () => {
      const id = await fileAs("demo-hugo", "Heating in room 4");
      await teams.install("demo-hugo", personal("demo-hugo"), "remove");
      connector.clear();
      await teams.say("demo-ben", personal("demo-ben"), `take ${id}`);
      await idle();
      const toHugo: ConnectorCall[] = connector.to(chat("demo-hugo"));
      // The take itself is answered in Ben's chat; Hugo's chat gets nothing.
      assert.equal(toHugo.length, 0, connector.describe());
    });

    it("removing the bot from a team forgets that team's triage channels", async () => {
      await teams.install("demo-ana", triage, "remove");
      connector.clear();
      const id = await fileAs("demo-dana", "Mouse wheel stuck");
      assert.equal(posts(TRIAGE).length, 0, connector.describe());
      await teams.say("demo-ben", personal("demo-ben"), `take ${id}`);
      await idle();
      assert.equal(connector.to(TRIAGE).length, 0, "no update either");
    });
  });
});
