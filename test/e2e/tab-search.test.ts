import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { RequestView } from "../../shared/domain.ts";
import { describeViolations, seriousViolations } from "../support/axe.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { startService, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";
import { settled } from "../support/tab-views.ts";

/**
 * Search in the Teams tab (issue 16, item 1; headless Chromium): an agent finds a resolved
 * request by a word typed with or without its accent, lists resolved requests with their
 * rating by the status filter, and the live stream updates a shown result without adding
 * requests the search did not find; a requester's search finds only their own requests.
 */
describe("Teams tab: search on the board and in my requests (headless Chromium)", function () {
  this.timeout(120_000);
  let svc: TestService;
  let browser: Browser;
  let ben: string, dana: string, emma: string;
  /** Dana's truck request (resolved and rated), Emma's moving-truck request (open), an unrelated one. */
  const ids = { truck: "", moving: "", printer: "" };

  const file = async (token: string, title: string, description = "") => {
    const res = await svc.call<RequestView>("POST", "/api/requests", { token, body: { department: "IT", title, description } });
    assert.equal(res.status, 201, res.text);
    return res.body.id;
  };
  const act = async (token: string, id: string, body: Record<string, unknown>) => {
    const res = await svc.call<RequestView>("POST", `/api/requests/${id}/actions`, { token, body });
    assert.equal(res.status, 200, res.text);
  };

  before(async () => {
    svc = await startService({ demo: true });
    browser = await launchBrowser();
    [ben, dana, emma] = await Promise.all([svc.token("ben"), svc.token("dana"), svc.token("emma")]);
    ids.truck = await file(dana, "El camión de reparto no arranca", "The delivery truck's tablet cannot reach the VPN.");
    await act(ben, ids.truck, { action: "take" });
    await act(ben, ids.truck, { action: "resolve", text: "New SIM card in the tablet." });
    await act(dana, ids.truck, { action: "rate", score: 4 });
    ids.moving = await file(emma, "Camion de mudanza: cajas para los portátiles");
    ids.printer = await file(dana, "Printer on floor 2 jams");
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  const row = (page: Page, id: string) => page.locator(`[data-testid="board-row"][data-id="${id}"]`);
  const shownIds = (page: Page) => page.getByTestId("board-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-id")));
  /** The page as it is, at 1280 and at 320 px wide (then back to 1280). */
  const shoot = async (page: Page, name: string) => {
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await settled(page);
      await page.screenshot({ path: screenshotPath(`${name}-${width}`), fullPage: true });
    }
  };

  it("board: finds a resolved request by an accented or unaccented word, with its status and rating, best match first", async () => {
    const page = await openTab(browser, svc.url, "?view=board&department=IT", { viewport: { width: 1280, height: 900 } });
    await signInOnTab(page, "Ben Okafor");
    await page.getByTestId("board-table").waitFor();
    const box = page.getByRole("searchbox", { name: "Search" });
    for (const words of ["camion", "CAMIÓN"]) {
      await box.fill(words);
      await page.getByTestId("board-count").filter({ hasText: `2 results for “${words}”` }).waitFor();
      assert.deepEqual((await shownIds(page)).sort(), [ids.moving, ids.truck].sort(), `${words}: both trucks, any status, nothing else`);
    }
    assert.equal(await row(page, ids.truck).getByTestId("row-status").innerText().then((s) => s.replace(/\s+/g, " ").trim()), "Resolved rated 4/5", "the resolved one's status and rating");
    assert.equal(await page.getByRole("combobox", { name: "Status" }).innerText(), "Any status", "a search looks through every status, and says so");
    // The truck whose title has both words comes before the one with only the first.
    await box.fill("camion reparto");
    await page.getByTestId("board-count").filter({ hasText: "“camion reparto”" }).waitFor();
    assert.equal((await shownIds(page))[0], ids.truck, "best match first");
    await box.fill("camion");
    await page.getByTestId("board-count").filter({ hasText: "2 results for “camion”" }).waitFor();
    await shoot(page, "tab-search-board");
    const violations = await seriousViolations(page);
    assert.equal(violations.length, 0, `the board's search results: ${describeViolations(violations)}`);

    // A word the search cannot look for: said under the box.
    await box.fill("the");
    await page.getByText("Type a word to look for: a word of the title, a name, or an id like IT-42.").waitFor();
    await shoot(page, "tab-search-board-error");
    const errorViolations = await seriousViolations(page);
    assert.equal(errorViolations.length, 0, `the error under the box: ${describeViolations(errorViolations)}`);

    // Emptied: the live queue again, open requests only, "All open" back.
    await box.fill("");
    await page.getByTestId("board-count").filter({ hasText: "open requests" }).waitFor();
    assert.ok(!(await shownIds(page)).includes(ids.truck), "the resolved one has left with the search");
    assert.ok((await shownIds(page)).includes(ids.printer), "the queue's open requests are back");
    assert.equal(await page.getByRole("combobox", { name: "Status" }).innerText(), "All open");
    await page.close();
  });

  it("board: the status filter lists resolved requests with their rating, one resolved meanwhile joins; a search keeps its rows while the stream brings others", async () => {
    const page = await openTab(browser, svc.url, "?view=board&department=IT", { viewport: { width: 1280, height: 900 } });
    await signInOnTab(page, "Ben Okafor");
    await page.getByTestId("board-table").waitFor();
    await page.getByRole("combobox", { name: "Status" }).click();
    for (const status of ["All open", "Any status", "New", "In progress", "Waiting on requester", "Resolved", "Closed", "Cancelled", "Transferred"]) {
      await page.getByRole("option", { name: status, exact: true }).waitFor();
    }
    await page.getByRole("option", { name: "Resolved", exact: true }).click();
    await page.getByTestId("board-count").filter({ hasText: "(Resolved)" }).waitFor();
    await row(page, ids.truck).waitFor();
    const statuses = await page.getByTestId("row-status").allInnerTexts();
    assert.ok(statuses.length >= 1 && statuses.every((s) => s.startsWith("Resolved")), `resolved only: ${statuses}`);
    assert.match(await row(page, ids.truck).getByTestId("row-rating").innerText(), /rated 4\/5/);
    await shoot(page, "tab-search-board-resolved");
    // Resolved meanwhile by someone else: it joins the list live, where a reload would put it (by number).
    await act(ben, ids.printer, { action: "resolve", text: "Cleared the jam." });
    await row(page, ids.printer).getByTestId("row-status").filter({ hasText: "Resolved" }).waitFor();
    const order = await shownIds(page);
    assert.ok(order.includes(ids.truck) && order.indexOf(ids.truck) < order.indexOf(ids.printer), `in the server's order (by number): ${order}`);

    // Back to any status, searching: the stream may change a shown row, never add one it did not find.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByRole("searchbox", { name: "Search" }).fill("camion");
    await page.getByTestId("board-count").filter({ hasText: "2 results for “camion”" }).waitFor();
    const unrelated = await file(dana, "Monitor flickers on floor 4");
    await act(ben, ids.moving, { action: "take" });
    await row(page, ids.moving).getByTestId("row-assignee").filter({ hasText: "Ben Okafor" }).waitFor();
    assert.deepEqual((await shownIds(page)).sort(), [ids.moving, ids.truck].sort(), `no ${unrelated} among the results`);
    await page.getByRole("searchbox", { name: "Search" }).fill("");
    await row(page, unrelated).waitFor();
    await page.close();
  });

  it("my requests: the search finds the requester's own requests only, and opens one", async () => {
    const page = await openTab(browser, svc.url, "?view=mine", { viewport: { width: 1280, height: 900 } });
    await signInOnTab(page, "Dana Whitfield");
    await page.getByTestId("my-requests").waitFor();
    await page.getByRole("searchbox", { name: "Search my requests" }).fill("camion");
    await page.getByTestId("mine-search-count").filter({ hasText: "1 of your requests matches “camion”" }).waitFor();
    const listed = await page.getByTestId("my-requests").locator("[data-request]").evaluateAll((li) => li.map((x) => x.getAttribute("data-request")));
    assert.deepEqual(listed, [ids.truck], "Dana's resolved truck, not Emma's");
    assert.ok(await page.getByRole("radio", { name: "All" }).isChecked(), "searching looks through all of them");
    await shoot(page, "tab-search-mine");
    const violations = await seriousViolations(page);
    assert.equal(violations.length, 0, `my requests' search results: ${describeViolations(violations)}`);
    await page.getByRole("button", { name: "El camión de reparto no arranca" }).click();
    await page.getByRole("dialog").getByText("New SIM card in the tablet.").waitFor();
    await page.close();
  });

  it("my requests: 'Show more' adds the next page of results; in Spanish the box and the count speak Spanish", async () => {
    // 21 of Dana's requests share a word: one page of 20, then the last one.
    for (let i = 0; i < 21; i += 7) await Promise.all(Array.from({ length: 7 }, (_, j) => file(dana, `Badge reader ${i + j + 1} beeps`)));
    const page = await openTab(browser, svc.url, "?view=mine&locale=es", { viewport: { width: 1280, height: 900 } });
    await signInOnTab(page, "Dana Whitfield");
    await page.getByTestId("my-requests").waitFor();
    await page.getByRole("searchbox", { name: "Buscar en mis solicitudes" }).fill("badge");
    await page.getByTestId("mine-search-count").filter({ hasText: "Las primeras 20 de tus solicitudes que coinciden con «badge»" }).waitFor();
    const items = page.getByTestId("my-requests").locator("[data-request]");
    assert.equal(await items.count(), 20);
    await page.getByRole("button", { name: "Ver más" }).click();
    await page.getByTestId("mine-search-count").filter({ hasText: "21 de tus solicitudes coinciden con «badge»" }).waitFor();
    assert.equal(await items.count(), 21);
    assert.equal(await page.getByRole("button", { name: "Ver más" }).count(), 0, "nothing more to show");
    await page.close();
  });
});
