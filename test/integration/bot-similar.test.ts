import assert from "node:assert/strict";
import { actionsOf, cardText } from "../support/bot-connector.ts";
import { personal, startBot, messagePayload, type TeamsClient } from "../support/teams.ts";
import type { TestService } from "../support/service.ts";

/** Every button of a card, in its body's action sets too. */
function buttonsOf(card: unknown): Array<Record<string, any>> {
  const out: Array<Record<string, any>> = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== "object") return;
    const o = n as Record<string, any>;
    if (o.type === "Action.Execute" || o.type === "Action.Submit") out.push(o);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}

/** The "follow that one instead" buttons of a form, by request id (Action.Execute in chat, Action.Submit in a dialog). */
function similarButtons(card: Record<string, any>): Map<string, Record<string, any>> {
  const out = new Map<string, Record<string, any>>();
  for (const a of buttonsOf(card)) if ((a.verb ?? a.data?.verb) === "similar.follow") out.set(String(a.data.id), a);
  return out;
}

describe("Teams bot: similar requests at intake (the form, the message action)", function () {
  this.timeout(60_000);
  let svc: TestService;
  let teams: TeamsClient;
  let bot: Awaited<ReturnType<typeof startBot>>;
  const dana = personal("demo-dana");
  const ben = personal("demo-ben");
  const hugo = personal("demo-hugo");
  let vpnId: string;

  const mine = async (who: string) => (await svc.call("GET", "/api/me/requests?status=all", { token: await svc.token(who) })).body.items as Array<{ id: string; title: string }>;

  before(async () => {
    bot = await startBot();
    ({ svc, teams } = bot);
    // The demo's VPN case, filed by Dana and worked by Ben.
    const found = (await mine("dana")).find((r) => /VPN drops/.test(r.title));
    assert.ok(found, "the demo holds Dana's VPN request");
    vpnId = found.id;
  });
  after(() => bot?.close());

  it("sending the form shows the requester's own open case first and files nothing; sent again, it is filed", async () => {
    const before = (await mine("dana")).length;
    const form = { department: "IT", priority: "normal", title: "VPN keeps disconnecting when working from home", description: "", formId: "form-similar-dana-1" };
    const first = await teams.press("demo-dana", dana, "new.submit", form);
    assert.equal(first.status, 200, "the button is answered");
    const buttons = similarButtons(first.card!);
    assert.ok(buttons.has(vpnId), `the form lists ${vpnId}, Dana's open VPN case (got ${[...buttons.keys()]})`);
    assert.equal(buttons.get(vpnId)!.title, "Open it instead", "her own request is opened, not followed");
    assert.match(cardText(first.card!), /look like the same case/, "the form says why it did not file yet");
    const submit = actionsOf(first.card!).find((a) => a.verb === "new.submit");
    assert.equal(submit?.title, "File mine anyway", "the send button now says it files anyway");
    assert.equal(submit?.data.similarSeen, true, "the next send carries that the list was seen");
    assert.equal((await mine("dana")).length, before, "nothing was filed by the first send");

    const opened = await teams.press("demo-dana", dana, "similar.follow", { id: vpnId });
    assert.match(cardText(opened.card!), new RegExp(vpnId), "her own request's card opens");
    assert.equal((await mine("dana")).length, before, "opening it files nothing");

    const second = await teams.press("demo-dana", dana, "new.submit", { ...form, similarSeen: true });
    assert.match(cardText(second.card!), /Request IT-\d+ filed|IT-\d+/, "sent again, the request is filed");
    assert.equal((await mine("dana")).length, before + 1, "exactly one request was filed");
  });

  it("an agent filing the same case follows the open one instead: told as it moves, nothing new filed", async () => {
    const before = (await mine("ben")).length;
    const first = await teams.press("demo-ben", ben, "new.submit", { department: "IT", priority: "high", title: "VPN disconnects every 5 minutes", description: "", formId: "form-similar-ben-1" });
    const buttons = similarButtons(first.card!);
    assert.ok(buttons.has(vpnId), `IT's open VPN case is listed for an IT agent (got ${[...buttons.keys()]})`);
    assert.equal(buttons.get(vpnId)!.title, "Follow that one instead", "someone else's request is followed");
    const followed = await teams.press("demo-ben", ben, "similar.follow", { id: vpnId });
    assert.match(cardText(followed.card!), new RegExp(`You now follow ${vpnId}`), "the card says he follows it");
    const r = await svc.call("GET", `/api/requests/${vpnId}`, { token: await svc.token("ben") });
    assert.ok((r.body.followers ?? []).some((f: { id: string }) => f.id === "demo-ben"), `Ben follows ${vpnId}: ${JSON.stringify(r.body.followers)}`);
    assert.ok(r.body.history.some((h: { kind: string; actor?: { id: string } }) => h.kind === "followed" && h.actor?.id === "demo-ben"), "its history says Ben follows it");
    assert.equal((await mine("ben")).filter((x) => /VPN disconnects every 5/.test(x.title)).length, 0, "Ben filed nothing new");
    const again = await teams.press("demo-ben", ben, "similar.follow", { id: vpnId });
    const twice = await svc.call("GET", `/api/requests/${vpnId}`, { token: await svc.token("ben") });
    assert.equal(twice.body.followers.filter((f: { id: string }) => f.id === "demo-ben").length, 1, "pressing twice follows once");
    assert.match(cardText(again.card!), new RegExp(vpnId), "the second press still answers with the request");
  });

  it("someone who cannot see IT's queue is shown nothing of it, not even a title", async () => {
    const r = await teams.press("demo-hugo", hugo, "new.submit", { department: "IT", priority: "normal", title: "VPN drops every few minutes at home", description: "", formId: "form-similar-hugo-1" });
    assert.equal(similarButtons(r.card!).size, 0, "no similar request from a queue Hugo does not work");
    assert.doesNotMatch(JSON.stringify(r.card), /VPN drops every few minutes"|Since Monday/, "no title or words of Dana's request");
    assert.match(cardText(r.card!), /IT-\d+/, "with nothing similar, the form files at once");
  });

  it("the message action shows the open cases its message looks like as soon as the form opens", async () => {
    const msg = messagePayload({ html: "<p>The VPN drops every few minutes for me too, since Monday.</p>", author: "demo-dana" });
    const r = await teams.messageAction("demo-ben", ben, "fetchTask", msg);
    assert.equal(r.status, 200, "the dialog opens");
    const card = r.body.task.value.card.content as Record<string, any>;
    assert.ok(similarButtons(card).has(vpnId), `the dialog lists ${vpnId}: ${JSON.stringify(buttonsOf(card).map((a) => a.data))}`);
  });
});
