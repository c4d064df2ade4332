import assert from "node:assert/strict";
import { DEMO_USERS } from "../../bot/demo/demo-catalogue.ts";
import { historyLine } from "../../shared/history.ts";
import { departmentBody } from "../support/api.ts";
import { cardText, type ConnectorCall } from "../support/bot-connector.ts";
import { channel, personal, startBot } from "../support/teams.ts";

const nameOf = (id: string) => DEMO_USERS.find((u) => u.id === id)!.name;

/**
 * Issue 14, deliverable 5: an escalation reaches someone. With no triage channel linked, an
 * unassigned request's at-risk warning goes to the department's leads; the texts state the
 * department's real threshold; a lead is never told about herself in the third person; and
 * the history says who was actually reached, or that nobody could be.
 */
describe("Teams bot: escalations that reach someone", function () {
  this.timeout(60_000);
  let bot: Awaited<ReturnType<typeof startBot>>;
  let now = Date.parse("2026-03-02T09:00:00Z");
  const chat = (u: string) => personal(u).conversationId;
  const idle = () => bot.svc.app.notifier!.idle();
  const posts = (conversationId: string): ConnectorCall[] => bot.connector.to(conversationId).filter((c) => c.method === "POST" && !bot.teams.sent.has(c.activityId ?? ""));
  const about = (conversationId: string, id: string) => posts(conversationId).filter((c) => cardText(c.activity).includes(id)).map((c) => cardText(c.activity));
  const putDepartment = async (key: string, leads: string[], warnAtPercent: number) => {
    const body = departmentBody(key, { agents: [{ id: "demo-ben", name: nameOf("demo-ben") }], leads: leads.map((id) => ({ id, name: nameOf(id) })) });
    body.sla.warnAtPercent = warnAtPercent;
    const res = await bot.svc.call("PUT", `/api/departments/${key}`, { token: await bot.svc.token("alex"), body });
    assert.equal(res.status, 201, res.text);
  };
  const file = async (dept: string, title: string) => {
    const res = await bot.svc.call("POST", "/api/requests", { token: await bot.svc.token("dana"), body: { department: dept, title } });
    assert.equal(res.status, 201, res.text);
    await idle();
    return res.body.id as string;
  };
  const tick = async () => {
    await bot.svc.app.scheduler.tick();
    await idle();
    await idle(); // the note of who was reached is a change of its own
  };
  const staffHistory = async (id: string) => (await bot.svc.call("GET", `/api/requests/${id}`, { token: await bot.svc.token("alex") })).body.history as any[];

  before(async () => {
    bot = await startBot({ clock: () => now });
    for (const u of ["demo-dana", "demo-ben", "demo-ana", "demo-hugo"]) await bot.teams.say(u, personal(u), "hi");
    await putDepartment("OPS", ["demo-ana", "demo-hugo"], 50);
    await putDepartment("LAB", ["demo-grace"], 50); // Grace never talked to the bot
  });
  after(() => bot?.close());

  it("no triage channel: an unassigned request's warning reaches every lead, saying the department's threshold; the history names them", async () => {
    const id = await file("OPS", "Backups failing");
    now += 16 * 60_000; // normal priority: first response in 30 min, warned at 50 %
    await tick();
    for (const lead of ["demo-ana", "demo-hugo"]) {
      const got = about(chat(lead), id);
      assert.equal(got.length, 1, bot.connector.describe());
      assert.match(got[0]!, /At-risk warning/);
      assert.match(got[0]!, /has used 50% of its first response time, the point at which Dept OPS warns/);
    }
    const notes = (await staffHistory(id)).filter((e) => e.kind === "notice" && e.step === "warn");
    assert.equal(notes.length, 1, JSON.stringify(notes));
    assert.equal(notes[0].notice, "escalationReached");
    assert.deepEqual(notes[0].from.split(", ").sort(), [nameOf("demo-ana"), nameOf("demo-hugo")].sort());
    assert.match(historyLine(notes[0], "en").line, new RegExp(`reached .*${nameOf("demo-ana")}`));
    const requester = (await bot.svc.call("GET", `/api/requests/${id}`, { token: await bot.svc.token("dana") })).body.history as any[];
    assert.ok(!requester.some((e) => e.kind === "notice"), "the note is the department's, not the requester's");
  });

  it("a breach: each lead reads 'you and the other leads', never about herself in the third person; the channel reads that the leads were told", async () => {
    const triage = channel("ops-triage");
    const linked = await bot.teams.say("demo-ana", triage, "link OPS");
    assert.match(cardText(linked.replies[0]!.activity), /triage channel/i);
    const id = await file("OPS", "Printer offline");
    bot.connector.clear();
    now += 31 * 60_000;
    await tick();
    for (const lead of ["demo-ana", "demo-hugo"]) {
      const breach = about(chat(lead), id).filter((t) => /Target missed/.test(t));
      assert.equal(breach.length, 1, bot.connector.describe());
      assert.match(breach[0]!, /You and the other leads of Dept OPS have been told/);
      assert.doesNotMatch(breach[0]!, /The leads of|Dept OPS's leads have been told/);
    }
    const inChannel = about(triage.conversationId, id).filter((t) => /Target missed/.test(t));
    assert.equal(inChannel.length, 1, bot.connector.describe());
    assert.match(inChannel[0]!, /Dept OPS's leads have been told in Teams/);
    const note = (await staffHistory(id)).find((e) => e.kind === "notice" && e.step === "breach");
    assert.ok(note && note.notice === "escalationReached", JSON.stringify(note));
    assert.ok(note.from.includes("Triage"), `the channel is named among those reached: ${note.from}`);
  });

  it("nobody reachable in Teams: nothing is posted, and the history says the escalation reached nobody", async () => {
    const id = await file("LAB", "Fume hood alarm");
    bot.connector.clear();
    now += 31 * 60_000;
    await tick();
    assert.equal(bot.connector.calls.filter((c) => cardText(c.activity).includes(id)).length, 0, bot.connector.describe());
    const notes = (await staffHistory(id)).filter((e) => e.kind === "notice");
    assert.deepEqual(notes.map((e) => `${e.step}:${e.notice}`).sort(), ["breach:escalationUnreached", "warn:escalationUnreached"]);
    assert.match(historyLine(notes[0], "es").line, /no llegó a nadie/);
  });
});
