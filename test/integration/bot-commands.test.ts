import assert from "node:assert/strict";
import { FakeConnector, actionsOf, cardText, cardsOf } from "../support/bot-connector.ts";
import { startService, type TestService } from "../support/service.ts";
import { TeamsClient, channel, personal } from "../support/teams.ts";

describe("Teams bot: chat commands", function () {
  let svc: TestService;
  let connector: FakeConnector;
  let teams: TeamsClient;

  before(async () => {
    connector = await FakeConnector.start();
    svc = await startService({ demo: true, env: { OUTBOX_INTERVAL_MS: "0" } });
    teams = new TeamsClient(svc, connector);
  });
  after(async () => {
    await svc?.close();
    await connector?.close();
  });

  it("help in English and ayuda in Spanish answer with every command", async () => {
    const en = await teams.say("demo-dana", personal("demo-dana"), "help");
    assert.equal(en.replies.length, 1);
    const text = cardText(en.replies[0]!.activity);
    assert.match(text, /What Tandem can do/);
    for (const w of ["new", "my", "status", "queue", "take", "assign", "resolve", "priority", "sla", "link"]) assert.match(text, new RegExp(`\\b${w}\\b`));
    const es = await teams.say("demo-dana", personal("demo-dana"), "AYUDA");
    assert.match(cardText(es.replies[0]!.activity), /Lo que Tandem puede hacer/);
    assert.match(cardText(es.replies[0]!.activity), /nueva/);
  });

  it("new IT <title> files at once; status shows it; my lists it", async () => {
    const filed = await teams.say("demo-dana", personal("demo-dana"), "new IT My laptop will not start");
    const text = cardText(filed.replies[0]!.activity);
    const id = /Filed (IT-\d+)/.exec(text)?.[1];
    assert.ok(id, text);
    assert.match(text, /My laptop will not start/);
    assert.match(text, /replies by/);
    const status = await teams.say("demo-dana", personal("demo-dana"), `status ${id!.toLowerCase()}`);
    assert.match(cardText(status.replies[0]!.activity), new RegExp(`${id}.*My laptop`));
    const mine = await teams.say("demo-dana", personal("demo-dana"), "my");
    assert.match(cardText(mine.replies[0]!.activity), new RegExp(id!));
  });

  it("an agent takes from the queue and the card shows the buttons left", async () => {
    const filed = await teams.say("demo-dana", personal("demo-dana"), "new IT VPN drops every hour");
    const id = /Filed (IT-\d+)/.exec(cardText(filed.replies[0]!.activity))![1]!;
    const queue = await teams.say("demo-ben", personal("demo-ben"), "queue");
    assert.match(cardText(queue.replies[0]!.activity), new RegExp(id));
    const took = await teams.say("demo-ben", personal("demo-ben"), `take ${id}`);
    const card = cardsOf(took.replies[0]!.activity)[0]!;
    assert.match(cardText(took.replies[0]!.activity), /In progress/);
    assert.match(cardText(took.replies[0]!.activity), /Ben Okafor/);
    const verbs = actionsOf(card).filter((a) => a.type === "Action.Execute").map((a) => a.verb);
    assert.ok(!verbs.includes("take"), `take is offered again: ${verbs}`);
    assert.ok(verbs.includes("resolve"), `no resolve: ${verbs}`);
    const again = await teams.say("demo-ana", personal("demo-ana"), `tomar ${id}`);
    assert.match(cardText(again.replies[0]!.activity), new RegExp(`Ben Okafor ya ha tomado ${id}`));
    const outsider = await teams.say("demo-farid", personal("demo-farid"), `take ${id}`);
    assert.match(cardText(outsider.replies[0]!.activity), new RegExp(`There is no request ${id}`), "a Finance agent does not even see an IT request");
  });

  it("anything else gets a short help answer", async () => {
    const r = await teams.say("demo-dana", channel("general"), "what is the weather");
    assert.match(cardText(r.replies[0]!.activity), /did not understand/);
  });
});
