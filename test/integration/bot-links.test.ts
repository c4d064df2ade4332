/**
 * Links over real Teams activities (issue 16): `link IT-8 IT-1 duplicate` and `vincular ...
 * relacionado`, typed to the bot; `link IT` (one key) still sets the triage channel; the merged
 * duplicate's requester is told where it lives on, and hears when the survivor is resolved.
 */
import assert from "node:assert/strict";
import { FakeConnector, cardText } from "../support/bot-connector.ts";
import type { TestService } from "../support/service.ts";
import { TeamsClient, startBot, personal } from "../support/teams.ts";

describe("Teams bot: link and vincular (issue 16)", function () {
  this.timeout(60_000);
  let svc: TestService;
  let connector: FakeConnector;
  let teams: TeamsClient;
  let bot: Awaited<ReturnType<typeof startBot>>;
  const idle = () => svc.app.notifier!.idle();
  const posts = (conversationId: string) => connector.to(conversationId).filter((c) => c.method === "POST" && !teams.sent.has(c.activityId ?? ""));
  const fileAs = async (user: string, title: string) => {
    const r = await teams.say(user, personal(user), `new IT ${title}`);
    const id = /Filed (IT-\d+)/.exec(cardText(r.replies[0]!.activity))?.[1];
    assert.ok(id, cardText(r.replies[0]!.activity));
    await idle();
    return id!;
  };

  before(async () => {
    bot = await startBot();
    ({ svc, connector, teams } = bot);
    for (const u of ["demo-dana", "demo-ben", "demo-emma"]) await teams.say(u, personal(u), "hi");
  });
  after(() => bot?.close());

  it("link IT-8 IT-1 duplicate merges; the duplicate's requester is told, then hears when the survivor resolves", async () => {
    const survivor = await fileAs("demo-dana", "VPN drops (bot merge)");
    const dup = await fileAs("demo-emma", "VPN keeps dropping (bot merge)");
    const emmaChat = personal("demo-emma").conversationId;
    const before = posts(emmaChat).length;
    const r = await teams.say("demo-ben", personal("demo-ben"), `link ${dup.toLowerCase()} ${survivor} duplicate`);
    const text = cardText(r.replies[0]!.activity);
    assert.match(text, new RegExp(`${dup} is merged into ${survivor}`), `the agent's answer: ${text}`);
    await idle();
    const told = posts(emmaChat).slice(before).map((c) => cardText(c.activity as never)).join("\n");
    assert.match(told, new RegExp(`merged ${dup} into ${survivor}`), `the duplicate's requester is told where it lives on: ${told}`);

    const mark = posts(emmaChat).length;
    const resolved = await teams.say("demo-ben", personal("demo-ben"), `resolve ${survivor} Fixed the VPN concentrator`);
    assert.match(cardText(resolved.replies[0]!.activity), /Resolved/);
    await idle();
    const later = posts(emmaChat).slice(mark).map((c) => cardText(c.activity as never)).join("\n");
    assert.match(later, new RegExp(`resolved ${survivor}`), `the follower hears the survivor resolved: ${later}`);
    assert.match(later, /Fixed the VPN concentrator/, "with the words");
  });

  it("vincular IT-x IT-y relacionado links in Spanish; refusals come back in the user's language; link IT still needs a channel", async () => {
    const a = await fileAs("demo-dana", "Printer jams (bot related)");
    const b = await fileAs("demo-dana", "Printer toner (bot related)");
    const r = await teams.say("demo-ben", personal("demo-ben"), `vincular ${a} ${b} relacionado`);
    assert.match(cardText(r.replies[0]!.activity), new RegExp(`${a} y ${b} están vinculadas`));
    const view = await svc.call("GET", `/api/requests/${b}`, { token: await svc.token("demo-ben") });
    assert.equal(view.body.links?.[0]?.id, a, "the other side holds the link");
    const self = await teams.say("demo-ben", personal("demo-ben"), `vincular ${a} ${a}`);
    assert.match(cardText(self.replies[0]!.activity), /no se puede vincular consigo misma/);
    const requester = await teams.say("demo-dana", personal("demo-dana"), `link ${a} ${b}`);
    assert.match(cardText(requester.replies[0]!.activity), /Only .* agents can link/);
    const bad = await teams.say("demo-ben", personal("demo-ben"), `link ${a} ${b} sibling`);
    assert.match(cardText(bad.replies[0]!.activity), /link IT-8 IT-1 related\|duplicate/, "the usage line");
    const channelOnly = await teams.say("demo-ana", personal("demo-ana"), "link IT");
    assert.match(cardText(channelOnly.replies[0]!.activity), /Type link in the channel/, "link IT keeps its meaning");
  });
});
