import assert from "node:assert/strict";
import { cardText, type ConnectorCall } from "../support/bot-connector.ts";
import { departmentBody } from "../support/api.ts";
import { startService, type TestService } from "../support/service.ts";
import { channel, personal, startBot } from "../support/teams.ts";

const OFFICE = [["09:00", "17:00"]];

/**
 * DESIGN.md "The internal-customer loop": on a department's first working day of the month in its
 * zone, a review card goes to its triage channel and its leads: the month against its targets
 * and the month before, breaches, and last month's action items. Once per department and month,
 * however many instances look; each at its own local first working day.
 */
describe("the monthly review card", function () {
  this.timeout(90_000);
  let bot: Awaited<ReturnType<typeof startBot>>;
  let second: TestService;
  // Tuesday 1 December 2026, in UTC: Kolkata's 09:00 is 03:30, New York's is 14:00.
  let now = Date.parse("2026-11-20T12:00:00.000Z");
  const clock = () => now;
  const kolChannel = channel("kol-triage");
  const nycChannel = channel("nyc-triage");
  const reviews = (c: ConnectorCall[]) => c.filter((x) => x.method === "POST" && /Monthly review|Revisión mensual/.test(cardText(x.activity)));
  const to = (where: { conversationId: string }) => reviews(bot.connector.calls).filter((c) => where.conversationId.startsWith(c.conversationId.split(";")[0]!));
  /** One pass on each instance, at the same time. */
  const tickBoth = () => Promise.all([bot.svc.app.reviewCards!.tick(), second.app.reviewCards!.tick()]);

  before(async () => {
    bot = await startBot({ demo: false, clock });
    second = await startService({ prefix: bot.svc.prefix, clock, env: { OUTBOX_INTERVAL_MS: "0" } });
    const alex = await bot.svc.token("alex");
    for (const [key, zone, lead] of [["KOL", "Asia/Kolkata", "kol-lead"], ["NYC", "America/New_York", "nyc-lead"]] as const) {
      const body = departmentBody(key, { leads: [{ id: lead, name: `Lead ${key}` }, { id: "demo-alex", name: "Alex Morgan" }] });
      body.calendar = { timeZone: zone, week: { mon: OFFICE, tue: OFFICE, wed: OFFICE, thu: OFFICE, fri: OFFICE, sat: [], sun: [] }, holidays: [] };
      const res = await bot.svc.call("PUT", `/api/departments/${key}`, { token: alex, body });
      assert.equal(res.status, 201, res.text);
    }
    // The leads have talked to the bot (a chat to post into), in English and Spanish; each department linked a channel.
    await bot.teams.say("kol-lead", personal("kol-lead"), "help");
    await bot.teams.say("nyc-lead", personal("nyc-lead"), "ayuda", { locale: "es-ES" });
    await bot.teams.say("kol-lead", kolChannel, "link KOL");
    await bot.teams.say("nyc-lead", nycChannel, "link NYC");
    // October's review recorded two action items for Kolkata: one done since, one still open.
    now = Date.parse("2026-11-03T06:00:00.000Z");
    const lead = await bot.svc.token({ userId: "kol-lead", name: "Lead KOL" });
    for (const text of ["Publish the on-call roster", "Second agent on Mondays"]) {
      const res = await bot.svc.call("POST", "/api/departments/KOL/reviews/2026-10", { token: lead, body: { actionItem: { text, owner: { id: "kol-lead", name: "x" }, due: "2026-11-15" } } });
      assert.equal(res.status, 201, res.text);
    }
    const items = (await bot.svc.call("GET", "/api/departments/KOL/reviews/2026-10", { token: lead })).body.actionItems;
    const done = await bot.svc.call("PATCH", `/api/departments/KOL/reviews/2026-10/actions/${items[0].id}`, { token: lead, body: { done: true } });
    assert.equal(done.status, 200, done.text);
    // A November request, so the month has figures.
    now = Date.parse("2026-11-10T06:00:00.000Z");
    const filed = await bot.svc.call("POST", "/api/requests", { token: await bot.svc.token("dana"), body: { department: "KOL", title: "Laptop will not start" } });
    assert.equal(filed.status, 201, filed.text);
    bot.connector.clear();
  });
  after(async () => {
    await second?.close();
    await bot?.close();
  });

  it("nothing before a department's first working day has begun in its zone", async () => {
    now = Date.parse("2026-12-01T03:00:00.000Z"); // Kolkata 08:30, New York still 30 November
    await tickBoth();
    assert.deepEqual(reviews(bot.connector.calls), [], bot.connector.describe());
  });

  it("Kolkata's card goes at its 09:00, once to its channel and once to each lead, across two instances; New York's does not yet", async () => {
    now = Date.parse("2026-12-01T04:00:00.000Z"); // Kolkata 09:30, New York 23:00 the day before
    await tickBoth();
    await tickBoth();
    const kol = reviews(bot.connector.calls);
    assert.equal(to(kolChannel).length, 1, `one card in KOL's channel:\n${bot.connector.describe()}`);
    assert.equal(to(personal("kol-lead")).length, 1, "one card to its lead");
    assert.equal(kol.length, 2, `nothing else (Alex never talked to the bot; NYC not yet):\n${bot.connector.describe()}`);
    const text = cardText(to(personal("kol-lead"))[0]!.activity);
    assert.match(text, /Monthly review: Dept KOL, November 2026/, text);
    assert.match(text, /October 2026/, "the month before is named");
    assert.match(text, /First response on time/, text);
    assert.match(text, /Filed \/ resolved \| 1 \/ 0 \(October: 0 \/ 0\)/, `November's count against October's: ${text}`);
    assert.match(text, /Done: +\| Publish the on-call roster \(Lead KOL, 15 Nov\)/, `last review's done item: ${text}`);
    assert.match(text, /Open: +\| Second agent on Mondays/, `and its open one: ${text}`);
    const button = JSON.stringify(to(personal("kol-lead"))[0]!.activity);
    assert.match(button, /page=review&month=2026-11/, "a link to the review page");
  });

  it("New York's goes at its own 09:00 on the same UTC day, in its lead's language, once; Kolkata's is not sent again", async () => {
    now = Date.parse("2026-12-01T13:30:00.000Z"); // New York 08:30
    await tickBoth();
    assert.equal(to(nycChannel).length, 0, "not before New York's window opens");
    now = Date.parse("2026-12-01T14:30:00.000Z"); // New York 09:30
    await tickBoth();
    await tickBoth();
    assert.equal(to(nycChannel).length, 1, `one card in NYC's channel:\n${bot.connector.describe()}`);
    const spanish = to(personal("nyc-lead"));
    assert.equal(spanish.length, 1, "one card to its lead");
    const text = cardText(spanish[0]!.activity);
    assert.match(text, /Revisión mensual: Dept NYC, noviembre de 2026/, text);
    assert.match(text, /En la revisión anterior no se registraron acciones/, text);
    assert.doesNotMatch(text, /Monthly review|First response/, "no English for a Spanish reader");
    assert.equal(to(kolChannel).length + to(personal("kol-lead")).length, 2, "Kolkata's not again");
  });

  it("later passes that month send nothing more, on either instance (and a fresh instance knows from storage)", async () => {
    const before = reviews(bot.connector.calls).length;
    now = Date.parse("2026-12-02T15:00:00.000Z");
    const third = await startService({ prefix: bot.svc.prefix, clock, env: { OUTBOX_INTERVAL_MS: "0" } });
    try {
      await Promise.all([tickBoth(), third.app.reviewCards!.tick()]);
    } finally {
      await third.close();
    }
    assert.equal(reviews(bot.connector.calls).length, before, bot.connector.describe());
  });
});
