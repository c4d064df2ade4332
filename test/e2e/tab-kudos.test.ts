import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import type { RequestView } from "../../shared/domain.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { startService, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";
import { settled } from "../support/tab-views.ts";

/**
 * Feedback in the tab (issue 15, headless Chromium): the requester thanks whoever resolved her
 * request from my requests' details; the department's staff read her rating in words with her
 * comment in the board's details; the department's page lists the kudos for everyone, in both
 * languages. Whatever people typed shows as text.
 */
describe("Teams tab: kudos and the rating shown to staff (headless Chromium)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let browser: Browser;
  let dana: string;
  let ben: string;
  let id: string;

  before(async () => {
    svc = await startService({ demo: true });
    browser = await launchBrowser();
    [dana, ben] = await Promise.all([svc.token("dana"), svc.token("ben")]);
    const filed = await svc.call<RequestView>("POST", "/api/requests", { token: dana, body: { department: "IT", title: "VPN drops every hour" } });
    assert.equal(filed.status, 201, filed.text);
    id = filed.body.id;
    for (const [token, body] of [
      [ben, { action: "take" }],
      [ben, { action: "resolve", text: "New VPN profile" }],
      [dana, { action: "rate", score: 2, effort: 3, comment: "Took <b>two</b> days" }],
    ] as const) {
      const res = await svc.call("POST", `/api/requests/${id}/actions`, { token, body });
      assert.equal(res.status, 200, res.text);
    }
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  it("my requests: Thank, with optional words, answered in place; said once given, and in the history", async () => {
    const page = await openTab(browser, svc.url, `?view=mine&request=${id}`);
    await signInOnTab(page, "Dana Whitfield");
    const dialog = page.getByRole("dialog");
    const thank = dialog.getByTestId("thank");
    await thank.getByText("A few words for Ben Okafor (optional)").waitFor();
    await thank.getByText("Your thanks and these words show on IT's page, for everyone in the company.").waitFor();
    await thank.getByRole("textbox").fill("Thanks Ben, <i>works</i> now");
    await page.screenshot({ path: screenshotPath("tab-kudos-thank"), fullPage: true });
    await thank.getByRole("button", { name: "Thank Ben Okafor" }).click();
    await thank.getByText("Your thanks went to Ben Okafor.").waitFor();
    await thank.getByTestId("thank-given").getByText("You thanked Ben Okafor.").waitFor();
    await thank.getByTestId("thank-given").getByText("Thanks Ben, <i>works</i> now").waitFor(); // as typed
    assert.equal(await thank.getByRole("button").count(), 0, "no second Thank button");
    await dialog.getByTestId("request-history").getByText("Dana Whitfield thanked Ben Okafor").waitFor();
    const stored = (await svc.call<RequestView>("GET", `/api/requests/${id}`, { token: dana })).body;
    assert.deepEqual(stored.kudos?.map((k) => [k.by.id, k.to.map((p) => p.id), k.text]), [["demo-dana", ["demo-ben"], "Thanks Ben, <i>works</i> now"]], "one kudos from Dana to Ben");
    await settled(page);
    await page.screenshot({ path: screenshotPath("tab-kudos-thanked"), fullPage: true });
    await page.close();
  });

  it("the board's details: the department's staff read the rating in words and the comment as typed", async () => {
    const page = await openTab(browser, svc.url, `?view=board&department=IT&request=${id}`);
    await signInOnTab(page, "Ana García");
    const summary = page.getByRole("dialog").getByTestId("rating-summary");
    await summary.getByText("Dana Whitfield rated it 2 out of 5: dissatisfied.").waitFor();
    await summary.getByText("Ease: 3 out of 7, somewhat disagree.").waitFor();
    await summary.getByText("Took <b>two</b> days").waitFor();
    assert.equal(await summary.locator("b").count(), 0, "the comment is text, not markup");
    await page.getByRole("dialog").getByTestId("history").getByText("Thanks Ben, <i>works</i> now").waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath("tab-kudos-rating-staff"), fullPage: true });
    await page.close();
  });

  for (const [locale, line, forId] of [
    ["en", "Dana Whitfield thanked Ben Okafor", `for ${"ID"}`],
    ["es", "Dana Whitfield dio las gracias a Ben Okafor", `por ${"ID"}`],
  ] as const) {
    it(`the department's page lists the kudos for everyone (${locale})`, async () => {
      const page = await openTab(browser, svc.url, `?view=board&department=IT${locale === "es" ? "&locale=es" : ""}`);
      await signInOnTab(page, "Hugo Martin"); // Facilities: not IT staff
      const kudos = page.getByTestId("kudos");
      // Dana's thanks (the demo may hold others): newest first, so at the top.
      const item = kudos.getByTestId("kudos-item").first();
      await item.getByText(line).waitFor();
      await item.getByText(forId.replace("ID", id)).waitFor();
      await item.getByText("Thanks Ben, <i>works</i> now").waitFor();
      assert.equal(await kudos.locator("i").count(), 0, "the words are text, not markup");
      await settled(page);
      await kudos.screenshot({ path: screenshotPath(`tab-kudos-list-${locale}`) });
      await page.close();
    });
  }
});
