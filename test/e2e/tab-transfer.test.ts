import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import type { RequestView } from "../../shared/domain.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { startService, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";
import { settled } from "../support/tab-views.ts";

/**
 * Transfer from the tab (issue 16, deliverable 5; headless Chromium): an IT agent opens a
 * request's details on the board, picks "Transfer", a department and a reason; the request
 * says where it went, and the new one in HR says where it came from, with the old request's
 * events marked by its id.
 */
describe("Teams tab: transfer from the board's details (headless Chromium)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let browser: Browser;
  let id: string;

  before(async () => {
    svc = await startService({ demo: true });
    browser = await launchBrowser();
    const filed = await svc.call<RequestView>("POST", "/api/requests", { token: await svc.token("dana"), body: { department: "IT", title: "Payslip shows the wrong tax code" } });
    assert.equal(filed.status, 201, filed.text);
    id = filed.body.id;
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  it("Transfer in the details: pick HR, say why; both requests point at each other", async () => {
    for (const width of [1280, 320]) {
      // One request per width: the first is transferred by then.
      const filed = width === 1280 ? id : (await svc.call<RequestView>("POST", "/api/requests", { token: await svc.token("dana"), body: { department: "IT", title: "Bonus missing from payslip" } })).body.id;
      const page = await openTab(browser, svc.url, `?view=board&department=IT&request=${filed}`);
      await page.setViewportSize({ width, height: 900 });
      await signInOnTab(page, "Ben Okafor");
      const details = page.getByTestId("details");
      await details.getByRole("button", { name: "Transfer" }).click();
      const form = page.getByRole("dialog", { name: `Transfer ${filed} to another department` });
      await form.getByRole("combobox").click();
      await page.getByRole("option", { name: "Human Resources" }).click();
      await form.getByRole("textbox").fill("Tax codes are payroll: <b>HR</b>");
      await settled(page);
      await page.screenshot({ path: screenshotPath(`tab-transfer-form-${width}`), fullPage: true });
      await form.getByRole("button", { name: "Transfer" }).click();
      await form.waitFor({ state: "detached" });
      const stored = (await svc.call<RequestView>("GET", `/api/requests/${filed}`, { token: await svc.token("ben") })).body;
      assert.equal(stored.status, "transferred", `${filed} is transferred`);
      assert.match(stored.transferredTo ?? "", /^HR-\d+$/, "to HR");
      await details.getByText(`${filed} is now ${stored.transferredTo}.`).waitFor();
      await details.getByTestId("transfer-pointer").getByText(`Transferred to ${stored.transferredTo}`).waitFor();
      await settled(page);
      await page.screenshot({ path: screenshotPath(`tab-transfer-source-${width}`), fullPage: true });
      await page.close();

      // HR's board: the new request says where it came from; the old events carry the old id.
      const hr = await openTab(browser, svc.url, `?view=board&department=HR&request=${stored.transferredTo}`);
      await hr.setViewportSize({ width, height: 900 });
      await signInOnTab(hr, "Diego Fernández");
      const hrDetails = hr.getByTestId("details");
      await hrDetails.getByTestId("transfer-pointer").getByText(`Transferred from ${filed}`).waitFor();
      await hrDetails.getByTestId("history").getByText(`Ben Okafor transferred the request here from ${filed}`).waitFor();
      await hrDetails.getByTestId("history").getByText("Tax codes are payroll: <b>HR</b>").waitFor(); // the reason, as typed, for staff
      assert.equal(await hrDetails.getByTestId("history").locator("b").count(), 0, "the reason is text, not markup");
      await settled(hr);
      await hr.screenshot({ path: screenshotPath(`tab-transfer-target-${width}`), fullPage: true });
      await hr.close();
    }
  });

  it("my requests: the requester sees one thread under the new id, the old request's events marked with its id", async () => {
    const moved = (await svc.call<RequestView>("GET", `/api/requests/${id}`, { token: await svc.token("dana") })).body;
    assert.ok(moved.transferredTo, "transferred by the test before");
    const page = await openTab(browser, svc.url, `?view=mine&request=${moved.transferredTo}`);
    await signInOnTab(page, "Dana Whitfield");
    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("transfer-pointer").getByText(`Transferred from ${id}`).waitFor();
    const history = dialog.getByTestId("request-history");
    await history.getByText(`It continues in HR as ${moved.transferredTo}`).waitFor();
    await history.getByText(`${id} ·`, { exact: false }).first().waitFor();
    assert.equal(await history.getByText("Tax codes are payroll", { exact: false }).count(), 0, "the reason stays with the departments");
    await settled(page);
    await page.screenshot({ path: screenshotPath("tab-transfer-mine-1280"), fullPage: true });
    await page.close();
  });

  it("IT's dashboard shows the hand-offs among its figures", async () => {
    // The figures follow the change log: wait until the API counts both transfers out.
    const dana = await svc.token("dana");
    for (let i = 0; i < 50; i++) {
      const st = await svc.call<{ handoffs?: { out: number } }>("GET", "/api/departments/IT/stats", { token: dana });
      if ((st.body.handoffs?.out ?? 0) >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const page = await openTab(browser, svc.url, "?view=board&department=IT");
    await signInOnTab(page, "Dana Whitfield");
    await page.getByTestId("dashboard").waitFor();
    await page.locator("[data-figure=handoffs]").getByText("Hand-offs: 2 passed to other departments, 0 received").waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath("tab-transfer-dashboard-1280"), fullPage: true });
    await page.close();
  });
});
