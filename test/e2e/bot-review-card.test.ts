import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { reviewCard } from "../../bot/teams/review-cards.ts";
import type { ReviewSummary } from "../../bot/service/review-service.ts";
import type { ActionItem } from "../../shared/review.ts";
import { monthlyReport } from "../../shared/stats/index.ts";
import { t, type Locale } from "../../shared/strings/index.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { CardPage } from "../support/card-renderer.ts";
import { department, LEAD, request } from "../support/fixtures.ts";

/**
 * The monthly review card as Teams shows it (the official Adaptive Cards renderer with Teams'
 * host config, headless Chromium): valid, in the reader's language, the figures beside the month
 * before's, last review's action items done/open, the pulse's comments and a link to the review
 * page; what people typed shown as text.
 */
describe("Teams card: the monthly review (rendered)", function () {
  this.timeout(60_000);
  let browser: Browser;
  let cards: CardPage;
  const dept = department();
  const now = Date.parse("2026-12-01T09:00:00.000Z");
  const item = (text: string, done: boolean): ActionItem => ({ id: text.slice(0, 6), text, owner: { id: LEAD.id, name: LEAD.name }, due: "2026-11-20", done, by: LEAD, at: "2026-11-02T10:00:00.000Z", month: "2026-10" });
  const summary: ReviewSummary = {
    month: "2026-11",
    previousMonth: "2026-10",
    report: monthlyReport(dept, [request({ createdAt: "2026-11-10T10:00:00.000Z" })], "2026-11", now),
    previous: monthlyReport(dept, [], "2026-10", now).stats,
    lastActionItems: [item("Publish the on-call roster", true), item("**Second** agent <b>on</b> {{DATE(2026-01-01)}}", false)],
    verbatims: [{ score: 9, comment: "Quick and <i>kind</i>", at: "2026-11-03T10:00:00.000Z" }],
  };

  before(async () => {
    browser = await launchBrowser();
    cards = await CardPage.open(browser);
  });
  after(() => browser?.close());

  for (const locale of ["en", "es"] as Locale[]) {
    it(`shows the month against the month before, last review's items and a link to the review (${locale})`, async () => {
      const events = await cards.render(reviewCard(dept, summary, locale, "https://tandem.example"));
      assert.deepEqual(events, [], `the card is valid: ${JSON.stringify(events)}`);
      await cards.page.evaluate(() => document.fonts.ready.then(() => undefined));
      await cards.card.screenshot({ path: screenshotPath(`bot-card-review-${locale}`) });
      const text = (await cards.card.innerText()).replace(/[\u00A0\u202F]/g, " ");
      for (const key of ["review.card.firstResponse", "review.card.resolution", "review.card.breaches", "review.card.actions", "review.card.done", "review.card.open", "review.card.verbatims"] as const) {
        assert.ok(text.includes(t(locale, key)), `${key} (${t(locale, key)}) in: ${text}`);
      }
      assert.match(text, locale === "en" ? /November 2026/ : /noviembre de 2026/, text);
      assert.ok(text.includes("Publish the on-call roster"), "the done item");
      assert.ok(text.includes("Quick and <i>kind</i>"), "the comment as written");
      // The renderer draws Action.OpenUrl as a link-like element: found by its words.
      assert.equal(await cards.card.getByText(t(locale, "review.card.button"), { exact: true }).count(), 1, "a link to the review page");
    });
  }

  it("shows what people typed as text: no markup, no DATE function", async () => {
    await cards.render(reviewCard(dept, summary, "en", "https://tandem.example"));
    const text = await cards.card.innerText();
    assert.ok(text.includes("**Second** agent <b>on</b>"), `the item as written: ${text}`);
    assert.equal(await cards.card.locator("b, strong, i, em").count(), 0, "no markup rendered");
    assert.doesNotMatch(text, /Thursday|jueves|1 Jan/, "no date function expanded");
  });
});
