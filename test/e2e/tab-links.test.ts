import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import type { RequestView } from "../../shared/domain.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { startService, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";
import { settled } from "../support/tab-views.ts";

/**
 * Links and the requester's past in the board's details (issue 16; headless Chromium): an IT
 * agent sees the requester's other IT requests, newest first, with outcome and rating, and
 * merges the request as a duplicate of another from the details; both sides show the link.
 */
describe("Teams tab: links and the requester's past in the details (headless Chromium)", function () {
  this.timeout(90_000);
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

  it("shows the requester's past and merges a duplicate from the details, at 1280 and 320 px", async () => {
    const emma = await svc.token("emma");
    const file = async (title: string) => (await svc.call<RequestView>("POST", "/api/requests", { token: emma, body: { department: "IT", title } })).body.id;
    for (const width of [1280, 320]) {
      const older = await file(`Old printer problem <i>${width}</i>`);
      const survivor = await file(`VPN down for the whole floor ${width}`);
      const dup = await file(`VPN drops again ${width}`);
      const page = await openTab(browser, svc.url, `?view=board&department=IT&request=${dup}`);
      await page.setViewportSize({ width, height: 900 });
      await signInOnTab(page, "Ben Okafor");
      const details = page.getByTestId("details");
      const past = details.getByTestId("requester-past");
      await past.getByText(`Old printer problem <i>${width}</i>`).waitFor();
      const text = await past.innerText();
      assert.ok(text.indexOf(survivor) < text.indexOf(older), `newest first: ${text}`);
      assert.match(text, /not rated/, "the outcome and rating of each");
      assert.equal(await past.locator("i").count(), 0, "titles are text, not markup");

      const form = details.getByTestId("link-form");
      await form.getByRole("textbox").first().fill(survivor);
      await form.getByRole("combobox").selectOption("duplicate");
      await form.locator("textarea").fill("Same outage as the floor report.");
      await settled(page);
      await page.screenshot({ path: screenshotPath(`tab-links-form-${width}`), fullPage: true });
      await form.getByRole("button", { name: "Link" }).click();
      await details.getByTestId("details-links").getByText("Merged into").waitFor();
      const stored = (await svc.call<RequestView>("GET", `/api/requests/${survivor}`, { token: await svc.token("ben") })).body;
      assert.deepEqual(stored.links?.map((l) => [l.id, l.relation]), [[dup, "duplicated-by"]], "the survivor holds the link back");
      assert.deepEqual(stored.followers?.map((f) => f.id) ?? [], [], "the duplicate's requester is the survivor's own: no follower");
      await settled(page);
      await page.screenshot({ path: screenshotPath(`tab-links-merged-${width}`), fullPage: true });
      await page.close();

      // My requests: the duplicate's requester reads where it lives on.
      const mine = await openTab(browser, svc.url, `?view=mine&request=${dup}`);
      await mine.setViewportSize({ width, height: 900 });
      await signInOnTab(mine, "Emma Clarke");
      await mine.getByTestId("merged-into").getByText(`Merged into ${survivor}, the same case: follow it there.`).waitFor();
      await settled(mine);
      await mine.screenshot({ path: screenshotPath(`tab-links-mine-${width}`), fullPage: true });
      await mine.close();
    }
  });
});
