import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { RequestView } from "../../shared/domain.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { startService, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";

/**
 * Rating and reopening in the personal tab (headless Chromium): CSAT and CES in words with a
 * comment; the rating leaves the request resolved, can be changed, and Reopen still works; once
 * the quiet period closed it, a reply files a linked follow-up and the details say so.
 */
describe("Teams tab: rating and reopening (headless Chromium)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let browser: Browser;
  let dana: string;
  let ben: string;
  /** The service's clock: real time, moved ahead by hand to let the quiet period pass. */
  let ahead = 0;

  before(async () => {
    svc = await startService({ demo: true, clock: () => Date.now() + ahead });
    browser = await launchBrowser();
    [dana, ben] = await Promise.all([svc.token("dana"), svc.token("ben")]);
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  const get = async (id: string) => (await svc.call<RequestView>("GET", `/api/requests/${id}`, { token: dana })).body;
  /** One of Dana's IT requests, resolved by Ben. */
  const resolved = async (title: string) => {
    const filed = await svc.call<RequestView>("POST", "/api/requests", { token: dana, body: { department: "IT", title } });
    assert.equal(filed.status, 201, filed.text);
    const res = await svc.call("POST", `/api/requests/${filed.body.id}/actions`, { token: ben, body: { action: "resolve", text: "New cable" } });
    assert.equal(res.status, 200, res.text);
    return filed.body.id;
  };
  /** The personal tab with one request's details open. */
  const details = async (id: string, query = "", viewport?: { width: number; height: number }) => {
    const page = await openTab(browser, svc.url, `?view=mine&request=${id}${query}`, viewport ? { viewport } : {});
    await signInOnTab(page, "Dana Whitfield");
    const dialog = page.getByRole("dialog");
    await dialog.getByText(id).first().waitFor();
    return { page, dialog };
  };

  it("rates with effort and comment: said in words, still resolved, changeable; Reopen still works", async () => {
    const id = await resolved("Second screen stays black");
    const { page, dialog } = await details(id);
    const rating = dialog.getByTestId("rating");
    await rating.getByText("How satisfied are you with how it was handled?").waitFor();
    await rating.getByText('"IT made it easy to get this solved." How much do you agree? (optional)').waitFor();
    for (const words of ["1 · Very dissatisfied", "5 · Very satisfied", "1 · Strongly disagree", "7 · Strongly agree"]) {
      assert.equal(await rating.getByRole("radio", { name: words }).count(), 1, words);
    }

    // No score: nothing sent, and the form says why.
    await rating.getByRole("button", { name: "Send rating" }).click();
    await rating.getByText("Choose how satisfied you are (1 to 5).").waitFor();
    assert.equal((await get(id)).rating, undefined);

    await rating.getByRole("radio", { name: "4 · Satisfied" }).check();
    await rating.getByRole("radio", { name: "6 · Agree" }).check();
    await rating.getByRole("textbox").fill("Fixed in ten minutes, <b>thanks</b>");
    await rating.getByRole("button", { name: "Send rating" }).click();
    await rating.getByTestId("rating-given").getByText("You rated it 4 out of 5: satisfied.").waitFor();
    await rating.getByText("Ease: 6 out of 7, agree.").waitFor();
    await rating.getByTestId("rating-given").getByText("Fixed in ten minutes, <b>thanks</b>").waitFor(); // shown as typed
    const stored = await get(id);
    assert.equal(stored.status, "resolved", "rating never closes it");
    assert.deepEqual([stored.rating?.score, stored.rating?.effort, stored.rating?.comment], [4, 6, "Fixed in ten minutes, <b>thanks</b>"]);
    assert.equal(await dialog.getByRole("button", { name: "Reopen" }).count(), 1, "Reopen still offered after rating");
    await page.screenshot({ path: screenshotPath("tab-rating-rated"), fullPage: true });

    // Changed: the last one counts.
    await rating.getByRole("radio", { name: "2 · Dissatisfied" }).check();
    await rating.getByRole("button", { name: "Change my rating" }).click();
    await rating.getByText("You rated it 2 out of 5: dissatisfied.").waitFor();
    assert.equal((await get(id)).rating?.score, 2);

    await dialog.getByRole("textbox", { name: "Not solved?" }).fill("It went black again");
    await dialog.getByRole("button", { name: "Reopen" }).click();
    await dialog.getByText("In progress").first().waitFor();
    assert.equal((await get(id)).status, "in_progress", "reopened after rating");
    assert.equal(await dialog.getByTestId("rating").count(), 1, "the rating given stays shown");
    assert.equal(await dialog.getByRole("button", { name: "Change my rating" }).count(), 0, "no rating form while it is worked again");
    assert.equal(await dialog.getByText("Thank you for rating").count(), 0, "no stale thanks after reopening");
    await page.screenshot({ path: screenshotPath("tab-rating-reopened"), fullPage: true });
    await page.close();
  });

  it("in Spanish at 320 px: the choices in words, nothing cut off", async () => {
    const id = await resolved("Ratón inalámbrico");
    const { page, dialog } = await details(id, "&locale=es", { width: 320, height: 900 });
    const rating = dialog.getByTestId("rating");
    await rating.getByRole("radio", { name: "5 · Muy satisfecho/a" }).waitFor();
    await rating.getByRole("radio", { name: "7 · Totalmente de acuerdo" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scroll at 320 px (${overflow} px over)`);
    await page.screenshot({ path: screenshotPath("tab-rating-es-320"), fullPage: true });
    await page.close();
  });

  it("the tab's new-request form (deliverable 7): no department chosen; then the chosen department's categories only", async () => {
    const page = await openTab(browser, svc.url, "?view=mine");
    await signInOnTab(page, "Dana Whitfield");
    await page.getByRole("button", { name: "New request" }).click();
    const department = page.getByRole("combobox", { name: /Department/ });
    assert.equal(await department.inputValue().catch(() => ""), "", "no department preselected");
    assert.equal(await page.getByRole("combobox", { name: /Category/ }).isDisabled(), true, "no categories before a department");
    const names = async () => {
      await page.getByRole("combobox", { name: /Category/ }).click();
      const out = await page.getByRole("option").allTextContents();
      await page.keyboard.press("Escape");
      return out;
    };
    type Dept = { key: string; name: string; categories: Array<{ name: string }> };
    const body = (await svc.call("GET", "/api/departments", { token: dana })).body;
    const catalogue: Dept[] = Array.isArray(body) ? body : body.items;
    for (const key of ["HR", "IT"]) {
      const d = catalogue.find((x) => x.key === key)!;
      await department.click();
      await page.getByRole("option", { name: d.name === d.key ? d.name : `${d.name} (${d.key})`, exact: true }).click();
      const own = d.categories.map((c) => c.name);
      assert.deepEqual(await names(), ["(none)", ...own], `${key}'s categories only`);
    }
    await page.close();
  });

  it("after the quiet period: closed, and a reply files a linked follow-up that the details name", async () => {
    const id = await resolved("Docking station clicks");
    assert.equal((await svc.call("POST", `/api/requests/${id}/actions`, { token: dana, body: { action: "rate", score: 3 } })).status, 200);
    ahead = 10 * 86_400_000;
    await svc.app.scheduler.tick();
    assert.equal((await get(id)).status, "closed");

    const { page, dialog } = await details(id);
    assert.equal(await dialog.getByRole("button", { name: "Reopen" }).count(), 0, "closed: no Reopen");
    assert.equal(await dialog.getByRole("radio").count(), 0, "closed: the rating can no longer change");
    await dialog.getByTestId("rating-given").getByText("You rated it 3 out of 5: neither satisfied nor dissatisfied.").waitFor();
    await dialog.getByRole("textbox", { name: "Need more help with this?" }).fill("It clicks again since Monday");
    await dialog.getByRole("button", { name: "Send" }).click();
    const said = dialog.getByText(new RegExp(`^${id} was closed, so your reply filed a follow-up: IT-\\d+\\.$`));
    await said.waitFor();
    const followUp = /follow-up: (IT-\d+)/.exec((await said.textContent())!)![1]!;
    const old = await get(id);
    assert.deepEqual(old.followUps, [followUp]);
    assert.equal(old.status, "closed");
    const made = await get(followUp);
    assert.equal(made.title, "Follow-up: Docking station clicks");
    assert.equal(made.description, "It clicks again since Monday");
    assert.equal(made.source.kind, "web", "filed from the tab");
    await dialog.getByText(`${followUp}`).first().waitFor(); // "Follow-ups: IT-n" in the facts
    await dialog.getByText(new RegExp(`follow-up ${followUp} filed`)).waitFor(); // and in the history
    await page.screenshot({ path: screenshotPath("tab-rating-follow-up"), fullPage: true });
    await page.close();
    ahead = 0;
  });
});
