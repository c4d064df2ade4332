import assert from "node:assert/strict";
import { FakeConnector, actionsOf, cardText, cardsOf } from "../support/bot-connector.ts";
import type { TestService } from "../support/service.ts";
import { TeamsClient, startBot, channel, personal } from "../support/teams.ts";

describe("Teams bot: chat commands", function () {
  let svc: TestService;
  let connector: FakeConnector;
  let teams: TeamsClient;
  let bot: Awaited<ReturnType<typeof startBot>>;

  before(async () => {
    bot = await startBot();
    ({ svc, connector, teams } = bot);
  });
  after(() => bot?.close());

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

  it("my with more open requests than one page says \"more than\", not a count it never read", async () => {
    const isha = await svc.token("isha");
    for (let i = 0; i < 52; i++) {
      const res = await svc.call("POST", "/api/requests", { token: isha, body: { department: "HR", title: `Monitor ${i + 1}` } });
      assert.equal(res.status, 201, res.text);
    }
    const mine = cardText((await teams.say("demo-isha", personal("demo-isha"), "my")).replies[0]!.activity);
    assert.match(mine, /Monitor 52/, "newest first");
    assert.match(mine, /and more than 30 more/, "a page of 50, 20 shown: more than 30 more");
    const es = cardText((await teams.say("demo-isha", personal("demo-isha"), "mis")).replies[0]!.activity);
    assert.match(es, /y más de 30 más/);
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

  describe("every command, in English and in Spanish", () => {

    const lang = {
      en: { new: "new", status: "status", my: "my", queue: "queue", take: "take", assign: "assign", comment: "comment", wait: "wait", resume: "resume", resolve: "resolve", reopen: "reopen", cancel: "cancel", priority: "priority", high: "high", sla: "sla" },
      es: { new: "nueva", status: "estado", my: "mis", queue: "cola", take: "tomar", assign: "asignar", comment: "comentar", wait: "esperar", resume: "reanudar", resolve: "resolver", reopen: "reabrir", cancel: "cancelar", priority: "prioridad", high: "alta", sla: "sla" },
    } as const;
    const expect = {
      en: { filed: /Filed (IT-\d+)/, inProgress: /In progress/, waiting: /Waiting on requester/, resolved: /Resolved/, cancelled: /Cancelled/, high: /High/, mine: /My open requests/, queue: /open requests/, sla: /First response \/ resolution/ },
      es: { filed: /Creada (IT-\d+)/, inProgress: /En curso/, waiting: /Esperando al solicitante/, resolved: /Resuelta/, cancelled: /Cancelada/, high: /Alta/, mine: /Mis solicitudes abiertas/, queue: /solicitudes abiertas/, sla: /Primera respuesta \/ resolución/ },
    } as const;

    for (const l of ["en", "es"] as const) {
      it(`${l}: a request's whole life by chat commands, in a group chat and 1:1, words in any case`, async () => {
        const w = lang[l];
        const x = expect[l];
        const ask = async (user: string, text: string, where = personal(user)) => cardText((await teams.say(user, where, text, { locale: l === "es" ? "es-ES" : "en-US" })).replies[0]!.activity);
        const group = { kind: "groupChat" as const, conversationId: `19:group-${l}@thread.v2` };
        const filed = await ask("demo-dana", `${w.new.toUpperCase()} it Screen cracked`, group);
        const id = x.filed.exec(filed)?.[1];
        assert.ok(id, filed);
        assert.match(await ask("demo-dana", `${w.status} ${id}`), new RegExp(`${id}.*Screen cracked`));
        assert.match(await ask("demo-dana", w.my), x.mine);
        assert.match(await ask("demo-ben", `${w.queue} IT`), x.queue);
        assert.match(await ask("demo-ana", `${w.assign} ${id} @Ben`, personal("demo-ana")), /Ben Okafor/);
        // Teams puts the mention's text in the message and the person in its entities.
        const mention = await teams.say("demo-ana", personal("demo-ana"), `${w.assign} ${id} <at>Ana García</at>`, { mentions: ["demo-ana"] });
        assert.match(cardText(mention.replies[0]!.activity), /Ana García/);
        assert.match(await ask("demo-ana", `${w.comment} ${id} Ordering a new one`), new RegExp(id!));
        assert.match(await ask("demo-ana", `${w.wait} ${id} Which model?`), x.waiting);
        assert.match(await ask("demo-ana", `${w.resume} ${id}`), x.inProgress);
        assert.match(await ask("demo-ana", `${w.priority} ${id} ${w.high}`), x.high);
        assert.match(await ask("demo-ana", `${w.resolve} ${id} Replaced`), x.resolved);
        assert.match(await ask("demo-dana", `${w.reopen} ${id} Still cracked`), x.inProgress);
        assert.match(await ask("demo-dana", `${w.cancel} ${id}`), x.cancelled);
        assert.match(await ask("demo-dana", `${w.sla} IT`), x.sla);
        const history = await svc.call("GET", `/api/requests/${id}`, { token: await svc.token("ana") });
        const statuses = history.body.history.filter((e: any) => e.kind === "status").map((e: any) => e.to);
        assert.deepEqual(statuses, ["in_progress", "waiting", "in_progress", "resolved", "in_progress", "cancelled"]);
      });
    }
  });
});
