import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { RequestView } from "../../shared/domain.ts";
import { screenshotPath, useServiceAndBrowser } from "../support/browser.ts";
import type { TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";

/**
 * Details panels never show what is no longer true (issue 14): two comments leave one "Your
 * comment is on IT-n.", and "IT-n is waiting on Dana" goes once Dana has replied.
 */
describe("tab: the details' notices stay true (headless Chromium)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let browser: Browser;

  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));

  async function board(name: string): Promise<Page> {
    const page = await openTab(browser, svc.url, "?view=board&department=IT");
    await signInOnTab(page, name);
    await page.getByTestId("board-table").waitFor();
    await page.locator('[data-testid=live][data-live="true"]').waitFor();
    return page;
  }

  async function comment(page: Page, id: string, text: string) {
    await page.getByTestId("details").getByRole("button", { name: "Comment" }).click();
    const form = page.getByRole("dialog", { name: `Comment on ${id}` });
    await form.getByRole("textbox", { name: /Comment/ }).fill(text);
    await form.getByRole("button", { name: "Comment" }).click();
    await form.waitFor({ state: "detached" });
    await page.getByTestId("details").getByTestId("history").getByText(text).waitFor();
  }

  it("two comments leave one notice; 'waiting on Dana' goes when she replies", async () => {
    const dana = await svc.token("dana");
    const created = (await svc.call<RequestView>("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Docking station not detected" } })).body;
    const ben = await board("Ben Okafor");
    await ben.locator(`[data-testid=board-row][data-id="${created.id}"]`).getByRole("button", { name: `Open ${created.id}` }).click();
    const details = ben.getByTestId("details");
    const notices = details.getByTestId("board-notice");

    await comment(ben, created.id, "Which model is it?");
    await comment(ben, created.id, "And which laptop?");
    await notices.filter({ hasText: `Your comment is on ${created.id}.` }).waitFor();
    assert.equal(await notices.count(), 1, "one notice for two comments");

    await details.getByRole("button", { name: "Ask the requester" }).click();
    const ask = ben.getByRole("dialog", { name: `Ask the requester about ${created.id}` });
    await ask.getByRole("textbox").fill("Please send a photo of the label.");
    await ask.getByRole("button", { name: "Ask the requester" }).click();
    await ask.waitFor({ state: "detached" });
    await notices.filter({ hasText: `${created.id} is waiting on Dana Whitfield` }).waitFor();
    assert.equal(await notices.count(), 1, "the wait's notice replaced the comment's");

    // Dana answers from anywhere: the details show her reply, and the wait's notice is gone.
    const replied = await svc.call("POST", `/api/requests/${created.id}/actions`, { token: dana, body: { action: "comment", text: "Photo attached: WD19." } });
    assert.equal(replied.status, 200, replied.text);
    await details.getByTestId("history").getByText("Photo attached: WD19.").waitFor();
    await details.getByTestId("history").getByText("Dana Whitfield answered, so the resolution clock runs again").waitFor();
    await notices.first().waitFor({ state: "detached" });
    assert.equal(await notices.count(), 0, "no stale 'waiting on Dana'");
    await ben.screenshot({ path: screenshotPath("tab-details-after-reply") });
    await ben.close();
  });
});
