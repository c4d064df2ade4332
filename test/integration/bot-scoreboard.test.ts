import assert from "node:assert/strict";
import type { Scoreboard } from "../../shared/scoreboard.ts";
import { cardText, cardsOf } from "../support/bot-connector.ts";
import { TeamsClient, startBot, personal } from "../support/teams.ts";
import type { TestService } from "../support/service.ts";

/** Text as a person reads it: no-break spaces as spaces. */
const plain = (s: string) => s.replace(/[\u00A0\u202F]/g, " ");

/**
 * The bot's `sla` with no department (issue 15): the company scoreboard as one card, every
 * department with the figures `GET /api/scoreboard` gives, in the reader's language; `sla IT`
 * still answers IT's published SLA.
 */
describe("Teams bot: sla shows the scoreboard", function () {
  this.timeout(60_000);
  let svc: TestService;
  let teams: TeamsClient;
  let bot: Awaited<ReturnType<typeof startBot>>;

  before(async () => {
    bot = await startBot();
    ({ svc, teams } = bot);
    // Something to count: a request in IT, taken, resolved and rated.
    const dana = await svc.token("dana");
    const ben = await svc.token("ben");
    const filed = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Mouse" } });
    assert.equal(filed.status, 201, filed.text);
    for (const body of [{ action: "resolve", text: "New mouse" }, { action: "rate", score: 5, effort: 7 }]) {
      const res = await svc.call("POST", `/api/requests/${filed.body.id}/actions`, { token: body.action === "rate" ? dana : ben, body });
      assert.equal(res.status, 200, res.text);
    }
  });
  after(() => bot?.close());

  const board = async (locale: string) => {
    const res = await svc.call<Scoreboard>("GET", "/api/scoreboard", { token: await svc.token("dana"), headers: { "Accept-Language": locale } });
    assert.equal(res.status, 200, res.text);
    return res.body;
  };
  const pct = (p: number | null, locale: "en" | "es") =>
    p === null ? "–" : `${new Intl.NumberFormat(locale === "es" ? "es-ES" : "en-GB", { maximumFractionDigits: 1 }).format(p)}${locale === "es" ? " %" : "%"}`;

  it("answers sla with one card of every department and the API's figures", async () => {
    const b = await board("en");
    const reply = await teams.say("demo-dana", personal("demo-dana"), "sla");
    assert.equal(reply.replies.length, 1, "one reply");
    assert.equal(cardsOf(reply.replies[0]!.activity).length, 1, "one card, not a carousel of published SLAs");
    const text = plain(cardText(reply.replies[0]!.activity));
    assert.match(text, /Scoreboard: This month/, "its title says the period");
    for (const d of b.departments) {
      assert.ok(text.includes(`${d.name} (${d.key})`), `${d.key} is on the card`);
      assert.ok(text.includes(`first response ${pct(d.firstResponse.attainmentPercent, "en")} · resolved ${pct(d.resolution.attainmentPercent, "en")}`), `${d.key}: both attainments as the API says`);
      assert.ok(text.includes(`Open ${d.open} · past a target now ${d.breachedNow}`), `${d.key}: backlog as the API says`);
    }
    const it_ = b.departments.find((d) => d.key === "IT")!;
    assert.equal(it_.csat.average, 5, "IT's rating counted");
    assert.ok(text.includes("Satisfaction 5/5 · ease 7/7"), `IT's CSAT and CES on the card: ${text}`);
    assert.match(text, /Goal: 90% on time/, "the goal is said");
  });

  it("in Spanish: the departments' Spanish names and the words", async () => {
    const b = await board("es");
    const reply = await teams.say("demo-dana", personal("demo-dana"), "sla", { locale: "es-ES" });
    const text = plain(cardText(reply.replies[0]!.activity));
    assert.match(text, /Marcador: Este mes/, "the title in Spanish");
    for (const d of b.departments) assert.ok(text.includes(`${d.name} (${d.key})`), `${d.key} by its Spanish name`);
    assert.match(text, /primera respuesta .* · resueltas /, "the figures' words in Spanish");
    assert.doesNotMatch(text, /Satisfaction|past a target/, "no English left");
  });

  it("sla IT answers IT's published SLA and how IT keeps it this month, with the API's figures", async () => {
    const b = await board("en");
    const reply = await teams.say("demo-dana", personal("demo-dana"), "sla IT");
    assert.equal(cardsOf(reply.replies[0]!.activity).length, 2, "the promise and the results");
    const text = plain(cardText(reply.replies[0]!.activity));
    assert.match(text, /First response \/ resolution/, "the published targets");
    const it_ = b.departments.find((d) => d.key === "IT")!;
    assert.ok(text.includes(`first response ${pct(it_.firstResponse.attainmentPercent, "en")} · resolved ${pct(it_.resolution.attainmentPercent, "en")}`), `IT's attainments as the API says: ${text}`);
    assert.ok(!text.includes("(HR)"), "only IT's results");
  });
});
