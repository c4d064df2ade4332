import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pruneDeliveryClaims, repairNotices } from "../../bot/teams/index.ts";
import { DeliveryLedger } from "../../bot/teams/delivery-ledger.ts";
import { ClaimStore } from "../../bot/storage/claim-store.ts";
import { OutboxStore } from "../../bot/storage/outbox-store.ts";
import { FakeConnector, cardText } from "../support/bot-connector.ts";
import { fileAsDana, startTwoBots, type TwoBots } from "../support/two-bots.ts";
import { TENANT, startService, uniquePrefix, type TestService } from "../support/service.ts";
import { killSpawned, spawnService } from "../support/service-process.ts";
import { TeamsClient, personal } from "../support/teams.ts";

/**
 * DESIGN.md "Teams bot": every notice is delivered from the change log with a per-change
 * claim, so a process that dies between the commit and the post loses nothing, and two
 * instances (the one that made the change, the repair on either) post each notice once.
 * Several services share one set of tables here, as App Service instances share a storage account.
 */
describe("Teams notices: delivered once, whatever dies or races", function () {
  this.timeout(90_000);
  let now = Date.parse("2026-03-02T09:00:00Z"); // a Monday, 10:00 in Madrid
  let bots: TwoBots;
  let connector: FakeConnector;
  let a: TestService;
  let b: TestService;
  let teams: TeamsClient;
  const env = { OUTBOX_INTERVAL_MS: "0" };
  const chat = (u: string) => personal(u).conversationId;
  const about = (u: string, id: string) => bots.about(u, id);
  const idle = () => bots.idle();
  const repairBoth = () => Promise.all([repairNotices(a.app, a.app.notifier!), repairNotices(b.app, b.app.notifier!)]);
  const file = (svc: TestService, title: string) => fileAsDana(svc, "IT", title);
  const act = async (svc: TestService, user: string, id: string, body: Record<string, unknown>) => {
    const res = await svc.call("POST", `/api/requests/${id}/actions`, { token: await svc.token(user), body });
    assert.equal(res.status, 200, res.text);
  };

  before(async () => {
    bots = await startTwoBots(() => now, ["demo-dana", "demo-ben", "demo-ana"]);
    ({ connector, a, b, teams } = bots);
  });
  after(() => bots?.close());

  it("a service that dies between the commit and the post: another instance delivers it, once", async () => {
    const id = await file(a, "Badge reader broken");
    await idle();
    // A third instance makes the change and "dies" before posting: its notifier never hears of it.
    const c = await startService({ prefix: a.prefix, clock: () => now, env });
    c.app.notifier!.onChange = () => undefined;
    await act(c, "ben", id, { action: "comment", text: "Which door?" });
    await c.close();
    assert.equal(about("demo-dana", id).filter((p) => cardText(p.activity).includes("Which door?")).length, 0, "nothing told yet");

    now += 30_000;
    // Both survivors repair at the same moment, and again: one post.
    await repairBoth();
    await repairBoth();
    await idle();
    const told = about("demo-dana", id).filter((p) => cardText(p.activity).includes("Which door?"));
    assert.equal(told.length, 1, connector.describe());
    assert.match(cardText(told[0]!.activity), /Ben Okafor commented on/);
    now += 5 * 60_000;
    assert.deepEqual(await repairBoth(), [0, 0], "nothing is owed any more");
  });

  it("the instance that made the change and both repairs racing it: each notice once", async () => {
    const id = await file(a, "Screen cracked");
    await idle();
    await act(a, "ben", id, { action: "take" });
    await act(a, "ben", id, { action: "wait", text: "Is it under warranty?" });
    // Before A's own posts are done, time jumps past the repair's grace and both instances repair.
    now += 30_000;
    await Promise.all([idle(), repairBoth(), repairBoth()]);
    await idle();
    const told = about("demo-dana", id);
    assert.equal(told.filter((p) => /is working on/.test(cardText(p.activity))).length, 1, connector.describe());
    assert.equal(told.filter((p) => cardText(p.activity).includes("Is it under warranty?")).length, 1, connector.describe());
  });

  it("a delivery whose instance died mid-post (claimed, never settled) is taken over once its lease runs out", async () => {
    const id = await file(a, "Chair squeaks");
    await idle();
    const onChange = a.app.notifier!.onChange;
    a.app.notifier!.onChange = () => undefined;
    try {
      await act(a, "ben", id, { action: "comment", text: "Oil is on its way" });
    } finally {
      a.app.notifier!.onChange = onChange;
    }
    // Someone claimed Dana's notice of that change and died before posting.
    const [owed] = (await a.app.services.requests.unnoticedChanges(TENANT, "IT", new Date(now + 1).toISOString())).filter((c) => c.request.id === id);
    assert.ok(owed, "the change is owed");
    await new ClaimStore(a.app.tables).claim(DeliveryLedger.key(owed, "person:demo-dana"), "dead-instance", "IT", new Date(now).toISOString());

    now += 30_000;
    await repairBoth();
    await idle();
    assert.equal(about("demo-dana", id).filter((p) => cardText(p.activity).includes("Oil is on its way")).length, 0, "the claim is still someone's");
    now += 3 * 60_000;
    await repairBoth();
    await repairBoth();
    await idle();
    assert.equal(about("demo-dana", id).filter((p) => cardText(p.activity).includes("Oil is on its way")).length, 1, connector.describe());
  });

  it("an escalation fired while both schedulers tick reaches the lead once", async () => {
    const id = await file(b, "Cannot print payslips");
    await idle();
    connector.clear();
    now += 10 * 60 * 60_000; // far past the first response's warning and breach
    await Promise.all([a.app.scheduler.tick(), b.app.scheduler.tick()]);
    await idle();
    now += 30_000;
    await repairBoth();
    await idle();
    const toAna = about("demo-ana", id);
    assert.ok(toAna.length >= 1, connector.describe());
    const kinds = toAna.map((p) => (/Target missed by 50%/.test(cardText(p.activity)) ? "breach150" : /Target missed/.test(cardText(p.activity)) ? "breach" : /At-risk warning/.test(cardText(p.activity)) ? "warn" : "other"));
    assert.equal(kinds.filter((k) => k === "breach").length, 1, connector.describe());
    assert.equal(kinds.filter((k) => k === "breach150").length, 1, connector.describe());
    // Unassigned, no triage channel linked: the warning goes to the lead rather than to nobody.
    assert.equal(kinds.filter((k) => k === "warn").length, 1, connector.describe());
  });

  it("Teams down for a while (503): the post waits in the outbox, retried with backoff, delivered once", async () => {
    const id = await file(a, "Wifi drops");
    await idle();
    connector.fail(chat("demo-dana"), { status: 503, code: "ServiceUnavailable" });
    await act(a, "ben", id, { action: "take" });
    await idle();
    assert.equal(about("demo-dana", id).length, 0);
    now += 6_000;
    assert.equal(await a.app.notifier!.sweep(), 0, "still refused: back in the outbox, later");
    connector.heal(chat("demo-dana"));
    assert.equal(await a.app.notifier!.sweep(), 0, "its next try is not due yet (the wait grew)");
    now += 60_000;
    const [x, y] = await Promise.all([a.app.notifier!.sweep(), b.app.notifier!.sweep()]);
    assert.equal(x + y, 1);
    assert.equal(about("demo-dana", id).filter((p) => /is working on/.test(cardText(p.activity))).length, 1);
    now += 30_000;
    await repairBoth();
    await idle();
    assert.equal(about("demo-dana", id).filter((p) => /is working on/.test(cardText(p.activity))).length, 1, "the repair does not post what the outbox delivered");
  });

  it("an outbox post whose taker died while posting comes back after the lease, and goes out once", async () => {
    const id = await file(a, "Fridge leaks");
    await idle();
    connector.fail(chat("demo-dana"), { status: 503, code: "ServiceUnavailable" });
    await act(a, "ben", id, { action: "take" });
    await idle();
    connector.heal(chat("demo-dana"));
    now += 10 * 60_000;
    // An instance takes the due post and dies before posting it.
    const outbox = new OutboxStore(a.app.tables);
    const due = await outbox.due(new Date(now));
    assert.equal(due.length, 1);
    assert.ok(await outbox.take(due[0]!, new Date(now + 2 * 60_000)));
    assert.equal(await a.app.notifier!.sweep(), 0, "in the dead taker's hands until its lease runs out");
    now += 3 * 60_000;
    const [x, y] = await Promise.all([a.app.notifier!.sweep(), b.app.notifier!.sweep()]);
    assert.equal(x + y, 1);
    assert.equal(about("demo-dana", id).filter((p) => /is working on/.test(cardText(p.activity))).length, 1);
    now += 3 * 60_000;
    assert.equal(await a.app.notifier!.sweep(), 0, "and never again");
  });

  it("a conversation that is gone (404) is dropped with a log line, never retried", async () => {
    await teams.say("demo-hugo", personal("demo-hugo"), "hi");
    const res = await a.call("POST", "/api/requests", { token: await a.token("hugo"), body: { department: "IT", title: "Lamp" } });
    const id = res.body.id as string;
    await idle();
    connector.fail(chat("demo-hugo"), { status: 404, code: "ConversationNotFound" });
    await act(a, "ben", id, { action: "take" });
    await idle();
    connector.heal(chat("demo-hugo"));
    now += 2 * 3_600_000;
    assert.equal(await a.app.notifier!.sweep(), 0, "nothing queued");
    await act(a, "ben", id, { action: "comment", text: "On my way" });
    await idle();
    assert.equal(connector.to(chat("demo-hugo")).filter((c) => !teams.sent.has(c.activityId ?? "")).length, 0, "the reference was forgotten");
  });

  it("a day's delivery claims are deleted a week later, as one partition, and nothing is posted again", async () => {
    const ledger = new DeliveryLedger(new ClaimStore(a.app.tables), () => now);
    assert.equal(await pruneDeliveryClaims(a.app, ledger), 0, "this week's claims stay");
    const before = connector.calls.length;
    now += 9 * 86_400_000;
    const removed = await pruneDeliveryClaims(a.app, ledger);
    assert.ok(removed > 0, "the claims of the days above are gone");
    assert.equal(await pruneDeliveryClaims(a.app, ledger), 0);
    await repairBoth();
    await idle();
    assert.equal(connector.calls.length, before, "nothing was owed, nothing posted again");
  });
});

describe("Teams notices: a real process killed between the commit and the post", function () {
  this.timeout(120_000);
  let connector: FakeConnector;
  const dirs: string[] = [];
  after(async () => {
    await killSpawned();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    await connector?.close();
  });

  it("the change is in storage, nothing was posted; a new instance posts it once", async () => {
    connector = await FakeConnector.start();
    const prefix = uniquePrefix();
    const seeded = await startService({ demo: true, prefix });
    const teams = new TeamsClient(seeded, connector);
    await teams.say("demo-dana", personal("demo-dana"), "hi");
    const filed = await seeded.call("POST", "/api/requests", { token: await seeded.token("dana"), body: { department: "IT", title: "Scanner offline" } });
    const id = filed.body.id as string;
    await seeded.app.notifier!.idle();
    await seeded.close();

    // `npm start`'s service, armed to die (SIGKILL) right after a change is committed, before anything is posted.
    const dir = mkdtempSync(path.join(tmpdir(), "tandem-notice-"));
    dirs.push(dir);
    const dying = await spawnService(dir, { AZURE_STORAGE_CONNECTION_STRING: process.env.TANDEM_TEST_STORAGE!, TABLE_PREFIX: prefix, TANDEM_CRASH_AT: "before-notices", OUTBOX_INTERVAL_MS: "0" });
    await assert.rejects(dying.call("POST", `/api/requests/${id}/actions`, { token: await dying.token("ben"), body: { action: "comment", text: "Is it plugged in?" } }));
    assert.equal((await dying.exited).signal, "SIGKILL");
    const toDana = () => connector.to(personal("demo-dana").conversationId).filter((c) => c.method === "POST" && !teams.sent.has(c.activityId ?? "") && cardText(c.activity).includes("Is it plugged in?"));
    assert.equal(toDana().length, 0, "nothing was posted before the kill");

    const later = Date.now() + 60_000; // past the repair's grace
    const [x, y] = await Promise.all([startService({ prefix, clock: () => later }), startService({ prefix, clock: () => later })]);
    try {
      const stored = await x.call("GET", `/api/requests/${id}`, { token: await x.token("dana") });
      assert.ok(stored.body.history.some((e: any) => e.text === "Is it plugged in?"), "the comment was committed");
      await Promise.all([repairNotices(x.app, x.app.notifier!), repairNotices(y.app, y.app.notifier!)]);
      await Promise.all([x.app.notifier!.idle(), y.app.notifier!.idle()]);
      await Promise.all([repairNotices(x.app, x.app.notifier!), repairNotices(y.app, y.app.notifier!)]);
      await Promise.all([x.app.notifier!.idle(), y.app.notifier!.idle()]);
      assert.equal(toDana().length, 1, connector.describe());
      assert.match(cardText(toDana()[0]!.activity), new RegExp(`Ben Okafor commented on ${id}`));
    } finally {
      await x.close();
      await y.close();
    }
  });
});
