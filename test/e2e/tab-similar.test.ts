import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { RequestView } from "../../shared/domain.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { startService, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";
import { settled } from "../support/tab-views.ts";

type Similar = { items: Array<{ id: string; title: string; mine: boolean }> };

/** Picks an option of a Fluent Dropdown labelled `label`. */
async function choose(page: Page, label: RegExp | string, option: string): Promise<void> {
  await page.getByRole("combobox", { name: label }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

/** My requests as `name`, with the new-request form open for IT and a title typed. */
async function startFiling(browser: Browser, url: string, name: string, width: number, title: string): Promise<Page> {
  const page = await openTab(browser, url, "?view=mine", { viewport: { width, height: 900 } });
  await signInOnTab(page, name);
  await page.locator('[data-live="true"]').first().waitFor();
  await page.getByRole("button", { name: "New request" }).click();
  await choose(page, /Department/, "IT");
  await page.getByRole("textbox", { name: "Title" }).fill(title);
  return page;
}

/**
 * Similar requests (issue 16; headless Chromium): while filing in the personal tab the demo's
 * VPN case is offered ("open it" to its requester, "follow it" to anyone else who may see it,
 * and nothing new is filed); an agent's details list possible duplicates and merge one.
 */
describe("Teams tab: similar requests and possible duplicates (headless Chromium)", function () {
  this.timeout(120_000);
  let svc: TestService;
  let browser: Browser;
  let vpn: string;

  before(async () => {
    svc = await startService({ demo: true });
    browser = await launchBrowser();
    const dana = await svc.token("dana");
    const q = new URLSearchParams({ department: "IT", title: "VPN drops every few minutes" });
    const found = (await svc.call<Similar>("GET", `/api/requests/similar?${q}`, { token: dana })).body.items;
    vpn = found.find((r) => r.mine && r.title === "VPN drops every few minutes")!.id;
    assert.ok(vpn, `the demo's VPN case is Dana's: ${JSON.stringify(found)}`);
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  const countIT = async () => {
    const ben = await svc.token("ben");
    return (await svc.call<{ items: RequestView[] }>("GET", "/api/departments/IT/requests?status=all&limit=100", { token: ben })).body.items.length;
  };

  it("Dana typing her VPN problem again is offered her own case, and 'Open it instead' opens it, at 1280 and 320 px", async () => {
    for (const width of [1280, 320]) {
      const before = await countIT();
      const page = await startFiling(browser, svc.url, "Dana Whitfield", width, "VPN keeps disconnecting");
      const item = page.locator(`[data-testid=similar-item][data-id="${vpn}"]`);
      await item.waitFor();
      assert.match(await item.innerText(), /VPN drops every few minutes[\s\S]*yours/);
      await settled(page);
      await page.screenshot({ path: screenshotPath(`tab-similar-dana-${width}`), fullPage: true });
      await item.getByRole("button", { name: `Open ${vpn} instead of filing a new request` }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByText("Since Monday the VPN disconnects about every 5 minutes when I work from home.").waitFor();
      assert.match(await dialog.innerText(), new RegExp(vpn));
      assert.equal(await countIT(), before, "nothing new was filed");
      await page.close();
    }
  });

  it("an IT agent follows the VPN case instead of filing, and the API shows them following", async () => {
    const before = await countIT();
    const page = await startFiling(browser, svc.url, "Ben Okafor", 1280, "VPN keeps disconnecting");
    const item = page.locator(`[data-testid=similar-item][data-id="${vpn}"]`);
    await item.getByRole("button", { name: `Follow ${vpn} instead of filing a new request` }).click();
    await page.getByTestId("followed-instead").getByText(`You now follow ${vpn}`).waitFor();
    const stored = (await svc.call<RequestView>("GET", `/api/requests/${vpn}`, { token: await svc.token("dana") })).body;
    assert.deepEqual(stored.followers?.map((f) => f.id), ["demo-ben"], "Ben follows Dana's VPN case");
    assert.equal(await countIT(), before, "nothing new was filed");
    await page.close();
  });

  it("an agent's details list possible duplicates; Merge makes the newer one a duplicate of the older, at 1280 and 320 px", async () => {
    const emma = await svc.token("emma");
    for (const width of [1280, 320]) {
      const title = `VPN keeps disconnecting at home (${width})`;
      const dup = (await svc.call<RequestView>("POST", "/api/requests", { token: emma, body: { department: "IT", title, description: "The VPN disconnects every few minutes." } })).body.id;
      const page = await openTab(browser, svc.url, `?view=board&department=IT&request=${dup}`, { viewport: { width, height: 900 } });
      await signInOnTab(page, "Ben Okafor");
      const details = page.getByTestId("details");
      const candidates = details.getByTestId("possible-duplicates");
      const row = candidates.locator(`[data-testid=duplicate-item][data-id="${vpn}"]`);
      await row.waitFor();
      assert.match(await row.innerText(), /VPN drops every few minutes/);
      await row.scrollIntoViewIfNeeded();
      await settled(page);
      // The viewport only: a full-page capture re-lays the page out and the dialog scrolls back to its top.
      await page.screenshot({ path: screenshotPath(`tab-similar-duplicates-${width}`) });

      await row.getByRole("button", { name: `Merge ${dup} into ${vpn}` }).click();
      await row.getByText(`Merge ${dup} into ${vpn}? ${dup} is resolved as a duplicate and its requester follows ${vpn}.`).waitFor();
      await row.getByRole("button", { name: "Merge", exact: true }).click();
      await candidates.getByText(`${dup} is merged into ${vpn}.`).waitFor();
      await details.getByTestId("details-links").getByText("Merged into").waitFor();
      const merged = (await svc.call<RequestView>("GET", `/api/requests/${dup}`, { token: emma })).body;
      assert.equal(merged.status, "resolved");
      assert.deepEqual(merged.links?.map((l) => [l.id, l.relation]), [[vpn, "duplicate-of"]]);
      const survivor = (await svc.call<RequestView>("GET", `/api/requests/${vpn}`, { token: emma })).body;
      assert.ok(survivor.followers?.some((f) => f.id === "demo-emma"), "Emma follows the survivor");
      await candidates.scrollIntoViewIfNeeded();
      await settled(page);
      // The viewport only: a full-page capture re-lays the page out and the dialog scrolls back to its top.
      await page.screenshot({ path: screenshotPath(`tab-similar-merged-${width}`) });

      // The linked id opens that request's details in place.
      await details.getByTestId("details-links").getByRole("button", { name: `Open ${vpn}` }).click();
      await details.getByText("Since Monday the VPN disconnects about every 5 minutes when I work from home.").waitFor();
      await page.close();

      // Emma's merged request: no Reopen, no rating; it points to the survivor, which opens.
      const mine = await openTab(browser, svc.url, `?view=mine&request=${dup}`, { viewport: { width, height: 900 } });
      await signInOnTab(mine, "Emma Clarke");
      const dialog = mine.getByRole("dialog");
      await dialog.getByTestId("merged-into").getByText(`Merged into ${vpn}, the same case: follow it there.`).waitFor();
      assert.equal(await dialog.getByRole("button", { name: "Reopen" }).count(), 0, "no Reopen on a merged duplicate");
      assert.equal(await dialog.getByTestId("rating").count(), 0, "no rating on a merged duplicate");
      assert.equal(await dialog.getByRole("radiogroup").count(), 0, "no rating scale either");
      await settled(mine);
      await mine.screenshot({ path: screenshotPath(`tab-similar-mine-merged-${width}`), fullPage: true });
      await dialog.getByTestId("merged-into").getByRole("button", { name: `Open ${vpn}` }).click();
      await mine.getByRole("dialog").getByText("Since Monday the VPN disconnects about every 5 minutes when I work from home.").waitFor();
      await mine.close();
    }
  });
});
