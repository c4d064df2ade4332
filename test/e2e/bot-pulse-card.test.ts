import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { pulseCard } from "../../bot/teams/pulse-notice.ts";
import { t, type Locale, type StringKey } from "../../shared/strings/index.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { CardPage } from "../support/card-renderer.ts";

/**
 * The NPS pulse card as Teams shows it (the official Adaptive Cards renderer with Teams' host
 * config, headless Chromium): valid, the question and both ends of the scale in the reader's
 * language, a score required before Send runs, Send carrying the score and the why; once
 * answered, no inputs. A department name with markup is shown as text.
 */
describe("Teams card: the NPS pulse (rendered)", function () {
  this.timeout(60_000);
  let browser: Browser;
  let cards: CardPage;
  const survey = { id: "IT.2026-10_3m", department: "IT", departmentName: "IT", period: "2026-10_3m" };

  before(async () => {
    browser = await launchBrowser();
    cards = await CardPage.open(browser);
  });
  after(() => browser?.close());

  for (const locale of ["en", "es"] as Locale[]) {
    it(`asks, needs a score, and sends score and why (${locale})`, async () => {
      const say = (k: StringKey, p?: Record<string, string | number>) => t(locale, k, p);
      const events = await cards.render(pulseCard(survey, locale));
      assert.deepEqual(events, [], `the card is valid: ${JSON.stringify(events)}`);
      await cards.page.evaluate(() => document.fonts.ready.then(() => undefined));
      await cards.card.screenshot({ path: screenshotPath(`bot-card-pulse-${locale}`) });
      const text = await cards.card.innerText();
      assert.ok(text.includes(say("pulse.question", { department: "IT" })), `the question: ${text}`);
      assert.ok(text.includes(say("pulse.score.0")) && text.includes(say("pulse.score.10")), "both ends of the scale named");
      assert.ok(text.includes(say("pulse.why")), "the why box");
      assert.equal(await cards.card.locator("input[type=radio]").count(), 11, "0 to 10");

      await cards.card.getByRole("button", { name: say("pulse.send") }).click();
      assert.deepEqual(await cards.executed(), [], "no score, nothing sent");
      await cards.card.getByRole("radio", { name: say("pulse.score.10") }).check();
      await cards.card.locator("textarea").fill("Always quick");
      await cards.card.getByRole("button", { name: say("pulse.send") }).click();
      assert.deepEqual((await cards.executed()).map((a) => [a.verb, a.data]), [["pulse", { id: survey.id, score: "10", comment: "Always quick" }]], "Send carries the score and the why");

      await cards.render(pulseCard({ ...survey, answer: { score: 10, at: "2026-11-02T10:00:00.000Z" } }, locale));
      assert.ok((await cards.card.innerText()).includes(say("pulse.thanks", { score: 10 })), "answered: what was answered");
      assert.equal(await cards.card.locator("input, textarea, button").count(), 0, "answered: nothing to press");
    });
  }

  it("shows a department name with markup as text", async () => {
    await cards.render(pulseCard({ ...survey, departmentName: "**Ops** <b>x</b> {{DATE(2026-01-01)}}" }, "en"));
    const text = await cards.card.innerText();
    assert.ok(text.includes("**Ops** <b>x</b>"), `the name as written: ${text}`);
    assert.equal(await cards.card.locator("b, strong").count(), 0, "no markup rendered");
  });
});
