import assert from "node:assert/strict";
import { repairNotices } from "../../bot/teams/index.ts";
import { cardText } from "../support/bot-connector.ts";
import { personal, startBot } from "../support/teams.ts";

/**
 * A change is committed with a row saying its notices are owed; the notifier removes it once
 * they are out. A process that dies between the two leaves the row, and the repair (every
 * minute, on any instance) tells them then: nothing is lost.
 */
describe("Teams notices owed after a crash", function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof startBot>>;
  let now = Date.parse("2026-03-02T09:00:00Z");

  before(async () => {
    bot = await startBot({ clock: () => now });
    await bot.teams.say("demo-dana", personal("demo-dana"), "hi");
  });
  after(() => bot?.close());

  const postsToDana = () => bot.connector.to(personal("demo-dana").conversationId).filter((c) => c.method === "POST" && !bot.teams.sent.has(c.activityId ?? ""));

  it("notices sent as usual are confirmed: nothing is owed", async () => {
    const { svc } = bot;
    const dana = await svc.token("dana");
    const ben = await svc.token("ben");
    const filed = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Monitor flickers" } });
    await svc.call("POST", `/api/requests/${filed.body.id}/actions`, { token: ben, body: { action: "comment", text: "Which monitor?" } });
    await svc.app.notifier!.idle();
    now += 5 * 60_000;
    assert.equal(await repairNotices(svc.app, svc.app.notifier!), 0);
  });

  it("a change whose notices never went out is told a minute later, once", async () => {
    const { svc } = bot;
    const notifier = svc.app.notifier!;
    const dana = await svc.token("dana");
    const ben = await svc.token("ben");
    const filed = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Keyboard missing keys" } });
    await notifier.idle();
    const before = postsToDana().length;

    // The process "dies" after the commit and before its notices: the notifier never hears of it.
    const onChange = notifier.onChange;
    notifier.onChange = () => undefined;
    try {
      const res = await svc.call("POST", `/api/requests/${filed.body.id}/actions`, { token: ben, body: { action: "resolve", text: "Replaced the keyboard" } });
      assert.equal(res.status, 200, res.text);
    } finally {
      notifier.onChange = onChange;
    }
    assert.equal(postsToDana().length, before, "nothing told yet");

    assert.equal(await repairNotices(svc.app, notifier), 0, "a change under a minute old may still be on its way");
    now += 2 * 60_000;
    assert.equal(await repairNotices(svc.app, notifier), 1);
    await notifier.idle();
    const told = postsToDana().slice(before);
    assert.equal(told.length, 1, JSON.stringify(told.map((c) => cardText(c.activity))));
    assert.match(cardText(told[0]!.activity), new RegExp(`${filed.body.id}[\\s\\S]*resolved|resolved[\\s\\S]*${filed.body.id}`, "i"));

    assert.equal(await repairNotices(svc.app, notifier), 0, "told once");
  });
});
