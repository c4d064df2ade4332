import assert from "node:assert/strict";
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import type { Attachment, RequestView } from "../../shared/domain.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { startService, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";

/**
 * Files in the tab (issue 14): the requester adds them from "my requests" (a sentence for a file
 * that is refused), and the department's agent sees and downloads them from the board's details.
 * Headless Chromium against the real service on Azurite (tables and blobs).
 */
describe("tab: request attachments (headless Chromium)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let browser: Browser;
  let dana: string;
  let ben: string;
  let request: RequestView;
  const receipt = Buffer.from("%PDF-1.7\nreceipt for the new docking station\n");

  before(async () => {
    svc = await startService({ demo: true });
    browser = await launchBrowser();
    [dana, ben] = await Promise.all([svc.token("dana"), svc.token("ben")]);
    const filed = await svc.call<RequestView>("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Docking station refund" } });
    assert.equal(filed.status, 201, filed.text);
    request = filed.body;
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  async function signedIn(name: string, query: string, width = 1200): Promise<Page> {
    const page = await openTab(browser, svc.url, query, { viewport: { width, height: 900 } });
    await signInOnTab(page, name);
    return page;
  }

  it("the requester adds a file from my requests; a program is refused with a sentence and not sent", async () => {
    const page = await signedIn("Dana Whitfield", `?view=mine&request=${request.id}`);
    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("attachments-none").waitFor();
    await dialog.getByTestId("attachment-input").setInputFiles([
      { name: "receipt.pdf", mimeType: "application/pdf", buffer: receipt },
      { name: "refund-tool.exe", mimeType: "application/x-msdownload", buffer: Buffer.from("MZ...") },
    ]);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=attachment-outcome]").length === 2);
    assert.deepEqual(await dialog.getByTestId("attachment-outcome").allTextContents(), [
      "receipt.pdf was added.",
      "refund-tool.exe was not added: programs and scripts (.exe, .bat, .js, macro documents…) cannot be attached.",
    ]);
    await dialog.locator('[data-testid=attachment][data-name="receipt.pdf"]').waitFor();
    // The history says it, once the request is read again.
    await dialog.getByTestId("request-history").getByText("Dana Whitfield added a file").waitFor();
    await page.screenshot({ path: screenshotPath("tab-mine-attachment-added"), fullPage: true });

    const stored = await svc.call<RequestView & { attachments?: Attachment[] }>("GET", `/api/requests/${request.id}`, { token: ben });
    assert.deepEqual(stored.body.attachments?.map((a) => [a.name, a.size, a.addedBy.name]), [["receipt.pdf", receipt.length, "Dana Whitfield"]]);
    await page.close();
  });

  it("the agent sees the file in the board's details and downloads it", async () => {
    const page = await signedIn("Ben Okafor", "?view=board&department=IT");
    await page.getByTestId("board-table").waitFor();
    await page.locator(`[data-testid=board-row][data-id="${request.id}"]`).getByRole("button", { name: `Open ${request.id}` }).click();
    const details = page.getByTestId("details");
    const file = details.locator('[data-testid=attachment][data-name="receipt.pdf"]');
    await file.waitFor();
    assert.match((await file.textContent())!, /receipt\.pdf.*Dana Whitfield/);
    const [download] = await Promise.all([page.waitForEvent("download"), file.getByRole("button", { name: "Download receipt.pdf" }).click()]);
    assert.equal(download.suggestedFilename(), "receipt.pdf");
    assert.deepEqual(fs.readFileSync((await download.path())!), receipt);
    await page.screenshot({ path: screenshotPath("tab-board-attachment"), fullPage: true });
    await page.close();
  });

  it("at 320 px the file list fits without a horizontal scroll", async () => {
    const page = await signedIn("Dana Whitfield", `?view=mine&request=${request.id}`, 320);
    const dialog = page.getByRole("dialog");
    await dialog.locator('[data-testid=attachment][data-name="receipt.pdf"]').waitFor();
    const box = await dialog.getByTestId("attachments").boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 320, `the files section is inside the screen: ${JSON.stringify(box)}`);
    await page.screenshot({ path: screenshotPath("tab-mine-attachment-320"), fullPage: true });
    await page.close();
  });
});
