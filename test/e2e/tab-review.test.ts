import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { layoutProblems } from "../support/layout.ts";
import { startService, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";
import { settled } from "../support/tab-views.ts";

/** Text as a person reads it: no-break spaces as spaces. */
const plain = (s: string | null) => (s ?? "").replace(/[\u00A0\u202F]/g, " ").replace(/\s+/g, " ").trim();

/**
 * The monthly review page (DESIGN.md "The internal-customer loop"): IT's staff reach it from the
 * department's tabs; its lead records decisions and action items, an agent reads them; the
 * figures are the API's; both languages; 320 px wide.
 */
describe("Teams tab: the monthly review (headless Chromium)", function () {
  this.timeout(120_000);
  let svc: TestService;
  let browser: Browser;
  let ana: string;
  const month = new Date().toISOString().slice(0, 7);

  before(async () => {
    svc = await startService({ demo: true });
    browser = await launchBrowser();
    ana = await svc.token("ana");
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  async function openReview(who: string, query = "", opts: Parameters<typeof openTab>[3] = {}): Promise<Page> {
    const page = await openTab(browser, svc.url, `?view=board&department=IT&page=review&month=${month}${query}`, opts);
    await signInOnTab(page, who);
    await page.getByTestId("review-figures").waitFor();
    await settled(page);
    return page;
  }

  it("shows the lead the month's figures as the API has them, and records a decision and an action item that she then marks done", async () => {
    const page = await openReview("Ana García");
    assert.equal(await page.getByRole("tab", { name: "Review" }).getAttribute("aria-selected"), "true", "the Review tab, chosen by the link");
    const api = await svc.call("GET", `/api/departments/IT/reviews/${month}`, { token: ana });
    assert.equal(api.status, 200, api.text);
    const cells = await page.getByTestId("review-figures").locator("tbody tr").evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    const filed = cells.map((r) => r.map(plain)).find((r) => r[0] === "Filed / resolved");
    assert.deepEqual(filed?.slice(1), [`${api.body.figures.created} / ${api.body.figures.resolved}`, `${api.body.previous.created} / ${api.body.previous.resolved}`], `the API's numbers: ${JSON.stringify(cells)}`);

    await page.getByRole("textbox", { name: "Decision" }).fill("Two agents on Monday mornings <b>now</b>");
    await page.getByRole("button", { name: "Record decision" }).click();
    await page.getByTestId("review-decisions").getByText("Two agents on Monday mornings <b>now</b>").waitFor();
    assert.equal(await page.locator("[data-testid=review-decisions] b").count(), 0, "what she typed is text, not markup");

    await page.getByRole("button", { name: "Add action item" }).click();
    await page.getByText("Write something first.").waitFor();
    await page.getByRole("textbox", { name: "Action item" }).fill("Publish the on-call roster");
    await page.getByRole("combobox", { name: "Owner" }).click();
    await page.getByRole("option", { name: "Ben Okafor" }).click();
    await page.getByLabel("Due date").fill(`${month}-28`);
    await page.getByRole("button", { name: "Add action item" }).click();
    const box = page.getByTestId("review-actions").getByRole("checkbox");
    await box.waitFor();
    assert.match(plain(await page.getByTestId("review-actions").textContent()), /Publish the on-call roster — Ben Okafor, due/);
    // The box shows what is stored: checked once the service has it.
    await box.click();
    await page.getByTestId("review-notice").getByText("Saved.").waitFor();
    await page.waitForFunction(() => (document.querySelector("[data-testid=review-actions] input[type=checkbox]") as HTMLInputElement | null)?.checked === true);
    const after = await svc.call("GET", `/api/departments/IT/reviews/${month}`, { token: ana });
    assert.equal(after.body.actionItems[0]?.done, true, `done in storage: ${after.text}`);
    assert.equal(after.body.decisions.length, 1, "one decision");
    await page.screenshot({ path: screenshotPath("tab-review-lead"), fullPage: true });
    await page.close();
  });

  it("an agent reads the review without the forms; a requester has no Review tab", async () => {
    const page = await openReview("Ben Okafor");
    assert.equal(await page.getByRole("button", { name: "Record decision" }).count(), 0, "no decision form for an agent");
    assert.equal(await page.getByRole("button", { name: "Add action item" }).count(), 0, "no action form");
    assert.ok(await page.getByTestId("review-actions").getByRole("checkbox").isDisabled(), "the checkbox is read-only");
    await page.getByText("Leads record decisions and action items here; you can read them.").waitFor();
    await page.close();
    const dana = await openTab(browser, svc.url, `?view=board&department=IT&page=review`);
    await signInOnTab(dana, "Dana Whitfield");
    await dana.getByTestId("dashboard").waitFor();
    assert.equal(await dana.getByRole("tab", { name: "Review" }).count(), 0, "a requester has no Review tab");
    await dana.close();
  });

  it("the SLA dashboard shows everyone the change log: who changed the promise, when, why, and what from and to", async () => {
    const it_ = (await svc.call("GET", "/api/departments/IT", { token: ana })).body;
    const { etag: _e, updatedAt: _u, key: _k, ...body } = it_;
    body.sla.targets.normal.firstResponseMinutes = 180;
    const put = await svc.call("PUT", "/api/departments/IT", { token: ana, body: { ...body, changeReason: "Faster first answers <i>after</i> November's review" } });
    assert.equal(put.status, 200, put.text);
    const page = await openTab(browser, svc.url, "?view=board&department=IT");
    await signInOnTab(page, "Dana Whitfield");
    const log = page.getByTestId("change-log");
    await log.getByText("Why: Faster first answers <i>after</i> November's review").waitFor();
    assert.match(plain(await log.textContent()), /Normal: first response \(minutes\): 240 → 180/, "the change in words");
    assert.match(plain(await log.textContent()), /Ana García, /, "who");
    await log.screenshot({ path: screenshotPath("tab-change-log") });
    await page.close();
  });

  it("in Spanish, at 320 px: every word translated, nothing cut off or scrolling sideways", async () => {
    const page = await openReview("Ana García", "&locale=es", { viewport: { width: 320, height: 800 } });
    await page.getByRole("button", { name: "Registrar decisión" }).waitFor();
    await page.getByTestId("review-changes").getByText("Motivo: Faster first answers <i>after</i> November's review").waitFor();
    assert.match(plain(await page.getByTestId("review-changes").textContent()), /Normal: primera respuesta \(minutos\): 240 → 180/, "this month's change, in Spanish words");
    await page.getByRole("tab", { name: "Revisión" }).waitFor();
    const text = plain(await page.getByTestId("review").textContent());
    for (const english of ["Decisions", "Action items", "Broken promises", "First response on time", "Record decision"]) {
      assert.ok(!text.includes(english), `no English "${english}" in: ${text.slice(0, 400)}`);
    }
    const problems = await layoutProblems(page);
    assert.deepEqual(problems, [], JSON.stringify(problems, null, 1));
    await page.screenshot({ path: screenshotPath("tab-review-es-320"), fullPage: true });
    await page.close();
  });
});
