/**
 * Transfer from the bot (issue 16, deliverable 5): `transfer IT-42 HR <reason>` and
 * `transferir`, over real Bot Framework activities, and the requester told in her 1:1 chat
 * where her request went ("IT passed your request IT-42 to HR as HR-17").
 */
import assert from "node:assert/strict";
import type { RequestView } from "../../shared/domain.ts";
import { FakeConnector, cardText } from "../support/bot-connector.ts";
import type { TestService } from "../support/service.ts";
import { TeamsClient, personal, startBot } from "../support/teams.ts";

describe("Teams bot: transfer", function () {
  this.timeout(60_000);
  let svc: TestService;
  let connector: FakeConnector;
  let teams: TeamsClient;
  let bot: Awaited<ReturnType<typeof startBot>>;
  const chat = (u: string) => personal(u).conversationId;
  const idle = () => svc.app.notifier!.idle();
  const posts = (conversationId: string) => connector.to(conversationId).filter((c) => c.method === "POST" && !teams.sent.has(c.activityId ?? ""));

  const fileAsDana = async (title: string) => {
    const r = await teams.say("demo-dana", personal("demo-dana"), `new IT ${title}`);
    const id = /Filed (IT-\d+)/.exec(cardText(r.replies[0]!.activity))?.[1];
    assert.ok(id, cardText(r.replies[0]!.activity));
    await idle();
    return id!;
  };

  before(async () => {
    bot = await startBot();
    ({ svc, connector, teams } = bot);
    for (const u of ["demo-dana", "demo-ben", "demo-ana"]) await teams.say(u, personal(u), "hi");
  });
  after(() => bot?.close());

  it("`transfer IT-n HR <reason>` files it in HR; the answer names the new id and the requester is told where it went", async () => {
    const id = await fileAsDana("Payslip shows last year's tax code");
    connector.clear();
    const r = await teams.say("demo-ben", personal("demo-ben"), `transfer ${id} HR Tax codes are payroll, HR's`);
    const answer = cardText(r.replies[0]!.activity);
    const newId = /is now (HR-\d+) in HR/.exec(answer)?.[1];
    assert.ok(newId, `the answer names the new id: ${answer}`);
    const view = await svc.call<RequestView>("GET", `/api/requests/${newId}`, { token: await svc.token("dana") });
    assert.equal(view.status, 200, view.text.slice(0, 200));
    assert.equal(view.body.transferredFrom, id, "the new request points back");
    await idle();
    const told = posts(chat("demo-dana")).map((p) => cardText(p.activity)).join("\n---\n");
    assert.match(told, new RegExp(`IT passed your request ${id} to HR as ${newId}`), `Dana is told where it went:\n${told}`);
    assert.doesNotMatch(told, /Tax codes are payroll/, "the reason stays with the departments");
  });

  it("`transferir` in Spanish, and a missing reason answers with the usage", async () => {
    const id = await fileAsDana("Silla rota en la planta 3");
    const usage = await teams.say("demo-ana", personal("demo-ana"), `transferir ${id} FAC`, { locale: "es-ES" });
    assert.doesNotMatch(cardText(usage.replies[0]!.activity), /es ahora/, "no reason: nothing transferred");
    const still = await svc.call<RequestView>("GET", `/api/requests/${id}`, { token: await svc.token("ana") });
    assert.equal(still.body.status, "new", "still new without a reason");
    const r = await teams.say("demo-ana", personal("demo-ana"), `transferir ${id} FAC La silla es de Instalaciones`, { locale: "es-ES" });
    const answer = cardText(r.replies[0]!.activity);
    assert.match(answer, new RegExp(`${id} es ahora FAC-\\d+ en FAC`), `answered in Spanish with the new id: ${answer}`);
  });

  it("help names transfer, ayuda names transferir", async () => {
    const en = cardText((await teams.say("demo-ben", personal("demo-ben"), "help")).replies[0]!.activity);
    assert.match(en, /transfer IT-42 HR <reason>/, `help: ${en}`);
    const es = cardText((await teams.say("demo-ben", personal("demo-ben"), "ayuda", { locale: "es-ES" })).replies[0]!.activity);
    assert.match(es, /transferir IT-42 HR <motivo>/, `ayuda: ${es}`);
  });

  it("the requester cannot transfer from the bot: refused, nothing filed", async () => {
    const id = await fileAsDana("Screen flickers");
    const r = await teams.say("demo-dana", personal("demo-dana"), `transfer ${id} HR I think HR`);
    assert.match(cardText(r.replies[0]!.activity), /Only IT agents can transfer/, cardText(r.replies[0]!.activity));
    const still = await svc.call<RequestView>("GET", `/api/requests/${id}`, { token: await svc.token("dana") });
    assert.equal(still.body.status, "new", "not transferred");
  });
});
