import assert from "node:assert/strict";
import type { RequestView } from "../../shared/domain.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { messageId, openPane, type FakeMail } from "../support/office-host.ts";
import { startService, type TestService } from "../support/service.ts";
import { signInOnTab } from "../support/tab.ts";
import { settled } from "../support/tab-views.ts";
import type { Browser } from "playwright-core";

/** Dana writes to IT about the VPN again: the same case as the demo's IT VPN request. */
function vpnMail(): FakeMail {
  return {
    subject: "RE: FW: VPN keeps disconnecting at home",
    text: "Hi IT,\r\n\r\nThe VPN disconnects every few minutes when I work from home.\r\n\r\nThanks,\r\nDana",
    from: { displayName: "Dana Whitfield", emailAddress: "dana@contoso.example" },
    internetMessageId: messageId("vpn"),
    dateTimeCreated: "2026-01-05T09:30:00Z",
    attachments: [],
  };
}

/**
 * Similar requests in the Outlook add-in (issue 16; headless Chromium, fake Outlook): an IT
 * agent converting a VPN email sees the demo's open VPN case before filing, and "Open it
 * instead" shows that request; nothing new is filed.
 */
describe("Outlook add-in: similar requests before filing (headless Chromium)", function () {
  this.timeout(120_000);
  let svc: TestService;
  let browser: Browser;

  before(async () => {
    svc = await startService({ demo: true });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  it("a VPN email shows the demo's VPN case; 'Open it instead' opens it and files nothing, at 1280 and 320 px", async () => {
    const ben = await svc.token("ben");
    const demo = (await svc.call<{ items: RequestView[] }>("GET", "/api/departments/IT/requests?status=all&limit=100", { token: ben })).body.items;
    const vpn = demo.find((r) => r.title === "VPN drops every few minutes")!.id;
    for (const width of [1280, 320]) {
      const page = await openPane(browser, svc.url, vpnMail(), {}, { viewport: { width, height: 900 } });
      await signInOnTab(page, "Ben Okafor");
      await page.getByTestId("mail-form").waitFor();
      assert.match((await page.getByTestId("department").textContent())!, /IT/, "IT suggested for a VPN email");
      const item = page.locator(`[data-testid=similar-item][data-id="${vpn}"]`);
      await item.waitFor();
      assert.match(await item.innerText(), /VPN drops every few minutes/);
      await item.scrollIntoViewIfNeeded();
      await settled(page);
      await page.screenshot({ path: screenshotPath(`addin-similar-${width}`), fullPage: true });

      await item.getByRole("button", { name: `Open ${vpn} instead of filing a new request` }).click();
      await page.locator(`[data-testid=request-status][data-request="${vpn}"]`).waitFor();
      const after = (await svc.call<{ items: RequestView[] }>("GET", "/api/departments/IT/requests?status=all&limit=100", { token: ben })).body.items;
      assert.equal(after.length, demo.length, "nothing new was filed");
      await page.close();
    }
  });
});
