import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { cardsOf } from "../support/bot-connector.ts";
import { CardPage } from "../support/card-renderer.ts";
import { personal, startBot } from "../support/teams.ts";

/** Markdown, HTML, a link and both template syntaxes, as someone might type them. */
const TYPED = "**bold** [click](https://evil.example) <img src=x onerror=alert(1)> ${title} {{DATE(2017-02-14T06:08:39Z,SHORT)}}";

/**
 * The notice Dana gets when Ben asks her something, as Teams would show it: the card the
 * service really posted (taken from the fake Bot Connector) rendered by the official Adaptive
 * Cards renderer in headless Chromium. The question shows word for word (never as markup),
 * the reply box sends her answer, and the card that comes back shows it without the box.
 * Screenshots: test/screenshots/bot-notice-*.png.
 */
describe("a notice with the words and a reply box, rendered (headless Chromium)", function () {
  this.timeout(90_000);
  let bot: Awaited<ReturnType<typeof startBot>>;
  let browser: Browser;
  let cards: CardPage;
  const now = Date.parse("2026-03-02T09:00:00Z");

  before(async () => {
    bot = await startBot({ clock: () => now });
    browser = await launchBrowser();
    cards = await CardPage.open(browser);
    await bot.teams.say("demo-ben", personal("demo-ben"), "hi");
  });
  after(async () => {
    await cards?.close();
    await browser?.close();
    await bot?.close();
  });

  for (const [locale, say, expect] of [
    ["en-US", "help", { asks: "needs something from you on", wrote: "Ben Okafor wrote:", label: "Your answer", send: "Reply", replied: "Your reply is on" }],
    ["es-ES", "ayuda", { asks: "necesita algo de ti en", wrote: "Ben Okafor escribió:", label: "Tu respuesta", send: "Responder", replied: "Tu respuesta está en" }],
  ] as const) {
    it(`${locale}: the question shows as typed, the reply box answers, the card comes back with the answer and no box`, async () => {
      await bot.teams.say("demo-dana", personal("demo-dana"), say, { locale });
      const dana = await bot.svc.token("dana");
      const ben = await bot.svc.token("ben");
      const filed = await bot.svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Printer on floor 2 jams" } });
      const id = filed.body.id as string;
      await bot.svc.call("POST", `/api/requests/${id}/actions`, { token: ben, body: { action: "take" } });
      await bot.svc.app.notifier!.idle();
      const before = bot.connector.calls.length;
      await bot.svc.call("POST", `/api/requests/${id}/actions`, { token: ben, body: { action: "wait", text: TYPED } });
      await bot.svc.app.notifier!.idle();
      const posted = bot.connector.calls.slice(before).find((c) => c.conversationId === personal("demo-dana").conversationId && c.method === "POST");
      assert.ok(posted, bot.connector.describe());
      const card = cardsOf(posted.activity)[0]!;

      const events = await cards.render(card, 760);
      assert.deepEqual(events, [], JSON.stringify(events));
      const text = (await cards.text()).replace(/\u2060/g, "");
      assert.ok(text.includes(expect.asks), text);
      assert.ok(text.includes(expect.wrote), text);
      assert.ok(text.includes(TYPED), `the question word for word:\n${text}`);
      assert.equal(await cards.card.locator("img, a[href*='evil']").count(), 0, "no markup became an image or a link");
      assert.equal(await cards.card.locator("strong, b").filter({ hasText: "bold" }).count(), 0, "no markdown became bold");
      await cards.screenshot(screenshotPath(`bot-notice-waiting-${locale}`));

      const box = cards.card.getByLabel(expect.label);
      await box.fill("Madrid, **3rd** floor <b>x</b>");
      await cards.card.getByRole("button", { name: expect.send }).click();
      const [sent] = await cards.executed();
      assert.equal(sent?.verb, "reply");
      assert.equal(sent?.data?.id, id);

      // What Teams sends for that click (the inputs merged into the data), and the card it gets back.
      const pressed = await bot.teams.press("demo-dana", personal("demo-dana"), "reply", { ...sent!.data, reply: "Madrid, **3rd** floor <b>x</b>" }, { locale });
      assert.equal(pressed.status, 200);
      const back = await cards.render(pressed.card!, 760);
      assert.deepEqual(back, [], JSON.stringify(back));
      const after = await cards.text();
      assert.ok(after.includes(`${expect.replied} ${id}`), after);
      assert.ok(after.includes("Madrid, **3rd** floor <b>x</b>"), after);
      assert.equal(await cards.card.getByLabel(expect.label).count(), 0, "the reply box is gone");
      await cards.screenshot(screenshotPath(`bot-notice-replied-${locale}`));
      const stored = await bot.svc.call("GET", `/api/requests/${id}`, { token: dana });
      assert.equal(stored.body.status, "in_progress", "her answer resumed the request");
    });
  }
});
