import assert from "node:assert/strict";
import { cardText, type ConnectorCall } from "../support/bot-connector.ts";
import { channel, personal, startBot } from "../support/teams.ts";

/**
 * DESIGN.md "Teams tab and Outlook add-in": times are shown in the reader's zone, named. Teams
 * says the reader's zone on every activity (`localTimezone`); the bot answers in it and keeps it
 * for the notices it posts later. A channel has many readers: its cards name the department's zone.
 */
describe("Teams cards show times in the reader's zone", function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof startBot>>;
  const chat = (u: string) => personal(u).conversationId;
  const posts = (u: string): ConnectorCall[] => bot.connector.to(chat(u)).filter((c) => c.method === "POST" && !bot.teams.sent.has(c.activityId ?? ""));

  before(async () => {
    bot = await startBot();
  });
  after(() => bot?.close());

  it("status answers with the filing time and the due time in the zone Teams sent, named; without one, in IT's (Madrid), named", async () => {
    const kolkata = await bot.teams.say("demo-dana", personal("demo-dana"), "status IT-1", { timeZone: "Asia/Kolkata" });
    const text = cardText(kolkata.replies[0]!.activity);
    assert.match(text, /GMT\+5:30/, text);
    assert.doesNotMatch(text, /CES?T/, "not the department's zone");
    const none = await bot.teams.say("demo-dana", personal("demo-dana"), "status IT-1");
    assert.match(cardText(none.replies[0]!.activity), /CES?T/, "the department's zone, named");
    const bogus = await bot.teams.say("demo-dana", personal("demo-dana"), "status IT-1", { timeZone: "Mars/Olympus_Mons" });
    assert.match(cardText(bogus.replies[0]!.activity), /CES?T/, "a zone Intl does not know is ignored");
  });

  it("a notice posted later uses the zone she last wrote from; the triage channel's card names the department's", async () => {
    await bot.teams.say("demo-dana", personal("demo-dana"), "help", { timeZone: "America/New_York" });
    await bot.teams.say("demo-ana", channel("it-triage"), "link IT");
    const before = posts("demo-dana").length;
    const filed = await bot.svc.call("POST", "/api/requests", { token: await bot.svc.token("dana"), body: { department: "IT", title: "Printer on floor 2" } });
    assert.equal(filed.status, 201, filed.text);
    const ben = await bot.svc.token("ben");
    const res = await bot.svc.call("POST", `/api/requests/${filed.body.id}/actions`, { token: ben, body: { action: "wait", text: "Which printer?" } });
    assert.equal(res.status, 200, res.text);
    await bot.svc.app.notifier!.idle();
    const notice = posts("demo-dana").slice(before).map((c) => cardText(c.activity)).find((t) => t.includes(filed.body.id));
    assert.ok(notice, "Dana was told");
    assert.match(notice, /GMT-[45]/, notice);
    const triage = bot.connector.to(channel("it-triage").conversationId).map((c) => cardText(c.activity)).find((t) => t.includes(filed.body.id));
    assert.ok(triage, "the channel got the new request");
    assert.match(triage, /CES?T/, triage);
  });
});
