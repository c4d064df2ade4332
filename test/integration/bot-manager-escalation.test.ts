import assert from "node:assert/strict";
import { GraphDirectory } from "../../bot/graph/directory.ts";
import { cardText, type FakeConnector } from "../support/bot-connector.ts";
import { FakeEntra } from "../support/fake-entra.ts";
import { FakeGraph, type FakeTenant } from "../support/fake-graph.ts";
import { TENANT, type TestService } from "../support/service.ts";
import { TeamsClient, startBot, personal } from "../support/teams.ts";

const CLIENT_ID = "11111111-2222-4333-8444-555555555555";
const SECRET = "fake-secret-value";
/** Person ids are Entra object ids: the manager is known to Tandem only through the directory. */
const MGR = { id: "mgr-oid", displayName: "Mia Manager", mail: "mia@contoso.example", userPrincipalName: "mia@contoso.example" };
const BEN = { id: "demo-ben", displayName: "Ben Okafor", mail: "ben@contoso.example", userPrincipalName: "ben@contoso.example" };
const ANA = { id: "demo-ana", displayName: "Ana García", mail: "ana@contoso.example", userPrincipalName: "ana@contoso.example" };

/**
 * The last escalation step (150 % of a target) goes, besides the department's leads, to the
 * assignee's manager as the tenant's directory (Microsoft Graph) knows them (DESIGN.md).
 */
describe("Teams bot: the last escalation step reaches the assignee's manager", function () {
  this.timeout(60_000);
  let entra: FakeEntra;
  let graph: FakeGraph;
  let svc: TestService;
  let connector: FakeConnector;
  let teams: TeamsClient;
  let bot: Awaited<ReturnType<typeof startBot>>;
  let now = Date.parse("2026-03-02T09:00:00Z");
  const tenant: FakeTenant = { users: [MGR, BEN, ANA], managers: { [BEN.id]: MGR.id } };
  const chat = (u: string) => personal(u).conversationId;
  const idle = () => svc.app.notifier!.idle();
  const posts = (conversationId: string) => connector.to(conversationId).filter((c) => c.method === "POST" && !teams.sent.has(c.activityId ?? ""));
  const lastStep = (conversationId: string, id: string) =>
    posts(conversationId).filter((c) => cardText(c.activity).includes(id) && /Target missed by 50%/.test(cardText(c.activity)));

  /** Dana files, Ben takes it, then time runs far past 150 % of the resolution target and the scheduler ticks. */
  const breach150 = async (title: string) => {
    const r = await teams.say("demo-dana", personal("demo-dana"), `new IT ${title}`);
    const id = /Filed (IT-\d+)/.exec(cardText(r.replies[0]!.activity))?.[1];
    assert.ok(id, cardText(r.replies[0]!.activity));
    await idle();
    await teams.say("demo-ben", personal("demo-ben"), `take ${id}`);
    await idle();
    connector.clear();
    now += 60 * 86_400_000;
    await svc.app.scheduler.tick();
    await idle();
    return id!;
  };

  before(async () => {
    entra = await FakeEntra.start({ clientId: CLIENT_ID, clientSecret: SECRET });
    graph = await FakeGraph.start({ [TENANT]: tenant }, (t) => entra.introspect(t));
    bot = await startBot({
      clock: () => now,
      env: { AUTH_MODE: "dev", ENTRA_CLIENT_ID: CLIENT_ID, ENTRA_CLIENT_SECRET: SECRET, ENTRA_AUTHORITY_HOST: entra.url, GRAPH_BASE_URL: `${graph.url}/v1.0` },
    });
    ({ svc, connector, teams } = bot);
    assert.ok(svc.app.directory instanceof GraphDirectory, "the service talks to the fake Graph");
    for (const u of ["demo-dana", "demo-ben", "demo-ana", MGR.id]) await teams.say(u, personal(u), "hi");
  });
  after(async () => {
    await bot?.close();
    await graph?.close();
    await entra?.close();
  });
  beforeEach(() => {
    graph.deny.clear();
    (svc.app.directory as GraphDirectory).clear();
    tenant.managers = { [BEN.id]: MGR.id };
  });

  it("the manager's chat gets one card with the history; a second tick posts nothing more", async () => {
    const id = await breach150("Laptop will not boot");
    const toMgr = lastStep(chat(MGR.id), id);
    assert.equal(toMgr.length, 1, connector.describe());
    assert.match(cardText(toMgr[0]!.activity), /History/);
    assert.equal(posts(chat(MGR.id)).filter((c) => cardText(c.activity).includes(id)).length, 1, "only the last step, not the earlier ones");
    assert.equal(lastStep(chat("demo-ana"), id).length, 1, "the lead is told as before");
    assert.ok(graph.hits.some((h) => h.includes("/users/demo-ben/manager")), graph.hits.join("\n"));
    await svc.app.scheduler.tick();
    await idle();
    assert.equal(posts(chat(MGR.id)).filter((c) => cardText(c.activity).includes(id)).length, 1, "a second pass posts nothing again");
  });

  it("a lead who is also the manager gets one card", async () => {
    tenant.managers = { [BEN.id]: ANA.id };
    const id = await breach150("Keyboard missing keys");
    assert.equal(lastStep(chat("demo-ana"), id).length, 1, connector.describe());
    assert.equal(lastStep(chat(MGR.id), id).length, 0);
  });

  it("Graph refusing the manager look-up (403): the leads still get the card, nothing throws", async () => {
    graph.deny.add("manager");
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    let id: string;
    try {
      id = await breach150("Docking station dead");
    } finally {
      console.error = original;
    }
    assert.equal(lastStep(chat("demo-ana"), id).length, 1, connector.describe());
    assert.equal(lastStep(chat(MGR.id), id).length, 0);
    assert.ok(graph.hits.some((h) => h.includes("/users/demo-ben/manager")), "the manager was asked for, and refused");
    assert.deepEqual(errors, [], "no notification failed");
  });
});
