import assert from "node:assert/strict";
import { createRequire } from "node:module";
import type { Browser, Locator, Page } from "playwright-core";
import type { Department, RequestView } from "../../shared/domain.ts";
import { businessMsBetween, isWorkingInstant } from "../../shared/sla/calendar.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { runScriptFile } from "../support/csp.ts";
import { startService, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** A department's board in a plain browser, signed in as `name`. */
async function openBoard(browser: Browser, url: string, name: string, query: string, opened: (p: Page) => void): Promise<Page> {
  const page = await openTab(browser, url, query);
  opened(page);
  await signInOnTab(page, name);
  await page.getByTestId("board-table").waitFor();
  await page.locator('[data-testid=live][data-live="true"]').waitFor();
  return page;
}

/** Waits until every animation (a dialog's opening motion) has finished, for screenshots and axe. */
const settled = (page: Page) => page.waitForFunction(() => document.getAnimations().every((a) => a.playState === "finished"));

const row = (page: Page, id: string): Locator => page.locator(`[data-testid=board-row][data-id="${id}"]`);
const rowIds = (page: Page) => page.locator("[data-testid=board-row]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-id")!));

/** The instant from which `minutes` of business time on `dept`'s calendar have passed by now. */
function businessAgo(dept: Department, minutes: number): number {
  const now = Date.now();
  let lo = now - 60 * DAY;
  let hi = now;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (businessMsBetween(dept.calendar, mid, now) > minutes * MIN) lo = mid;
    else hi = mid;
  }
  return Math.floor(hi);
}

/** "2h 05m 09s left" -> ms. */
function parseCountdown(text: string): number {
  const m = /(?:(\d+)h\s)?(\d+)m\s(\d+)s/.exec(text);
  assert.ok(m, `a countdown in "${text}"`);
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000;
}

/** Holds every matching call until `n` of them are in flight, so they reach the service together. */
function together(n: number) {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  return async () => {
    if (++arrived >= n) release();
    await all;
  };
}

/** The department board (issue 4): open requests by urgency, live clocks, actions, details, live updates. */
describe("Teams tab: the department board (headless Chromium)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let browser: Browser;
  let offset = 0;
  let dana: string;
  let itDept: Department;
  let breached: RequestView;
  let atRisk: RequestView;
  const pages: Page[] = [];

  const file = async (title: string, extra: Record<string, unknown> = {}): Promise<RequestView> => {
    const res = await svc.call<RequestView>("POST", "/api/requests", { token: dana, body: { department: "IT", title, ...extra } });
    assert.equal(res.status, 201, res.text);
    return res.body;
  };
  const board = (name: string, query = "?view=board&department=IT") => openBoard(browser, svc.url, name, query, (p) => pages.push(p));

  before(async () => {
    svc = await startService({ demo: true, clock: () => Date.now() + offset });
    browser = await launchBrowser();
    dana = await svc.token("dana");
    itDept = (await svc.call<Department>("GET", "/api/departments/IT", { token: dana })).body;
    // Filed two weeks ago and never answered: both clocks are long past their targets.
    offset = -14 * DAY;
    breached = await file("Payroll app down for the whole team", { priority: "urgent", description: "Nobody can open it since this morning." });
    // Filed 420 business minutes ago with a 480-minute first-response target: at risk (80 %).
    offset = businessAgo(itDept, 420) - Date.now();
    atRisk = await file("Printer on floor 3 jams", { priority: "low" });
    offset = 0;
  });
  afterEach(async function () {
    const failed = this.currentTest?.state === "failed";
    for (const [i, p] of pages.splice(0).entries()) {
      if (failed) await p.screenshot({ path: screenshotPath(`tab-board-failed-${i}`) }).catch(() => undefined);
      await p.close();
    }
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  it("loads the open requests most urgent first, both clocks counting down on the department's calendar", async () => {
    const page = await board("Ben Okafor");
    const ids = await rowIds(page);
    // The demo's IT-2 (normal, no reply yet: first response due) comes before IT-1 (taken: resolution due later).
    assert.deepEqual(ids, [breached.id, atRisk.id, "IT-2", "IT-1"]);
    assert.equal(await row(page, breached.id).getByTestId("clock-firstResponse").getAttribute("data-state"), "breached");
    assert.match(await row(page, breached.id).getByTestId("clock-firstResponse").innerText(), /Breached[\s\S]*Overdue by/);
    assert.equal(await row(page, atRisk.id).getByTestId("clock-firstResponse").getAttribute("data-state"), "at_risk");
    assert.match(await row(page, atRisk.id).getByTestId("clock-firstResponse").innerText(), /At risk[\s\S]*left/);
    assert.equal(await row(page, "IT-1").getByTestId("clock-firstResponse").getAttribute("data-state"), "met");
    assert.equal(await row(page, "IT-1").getByTestId("clock-resolution").getAttribute("data-state"), "on_track");
    assert.equal(await row(page, "IT-1").getByTestId("row-assignee").innerText(), "Ben Okafor");
    assert.equal(await row(page, "IT-2").getByTestId("row-assignee").innerText(), "Unassigned");

    // The countdown is the business time left by the shared SLA code, to within a few seconds.
    const it2 = (await svc.call<RequestView>("GET", "/api/requests/IT-2", { token: dana })).body;
    const cell = row(page, "IT-2").getByTestId("clock-firstResponse");
    const shown = parseCountdown(await cell.innerText());
    const expected = businessMsBetween(itDept.calendar, Date.now(), Date.parse(it2.sla.firstResponse.dueAt!));
    assert.ok(Math.abs(shown - expected) <= 5000, `shown ${shown} ms, expected ${expected} ms`);
    if (isWorkingInstant(itDept.calendar, Date.now())) {
      // It ticks in the browser, without the service.
      const before = await cell.innerText();
      await page.waitForFunction(
        ([sel, text]) => document.querySelector(sel)?.textContent !== text,
        [`[data-id="IT-2"] [data-testid=clock-firstResponse]`, await cell.evaluate((e) => e.textContent)] as const,
      );
      assert.notEqual(await cell.innerText(), before);
    } else {
      assert.match(await cell.innerText(), /outside working hours/);
    }
    await page.screenshot({ path: screenshotPath("tab-board-urgency"), fullPage: true });
  });

  it("shows a request filed anywhere within 2 seconds, without a reload; what a requester typed stays text", async () => {
    const page = await board("Ben Okafor");
    await page.evaluate(() => ((window as unknown as { reloaded: boolean }).reloaded = false));
    const title = `<img src=x onerror="window.__xss=1"><b>Broken</b> monitor & "cable"`;
    const created = await file(title, { description: "<script>window.__xss=2</script>\nSecond line <i>here</i>", priority: "high" });
    const r = row(page, created.id);
    await r.waitFor({ timeout: 2000 });
    assert.equal(await page.evaluate(() => (window as unknown as { reloaded?: boolean }).reloaded), false, "the page was not reloaded");
    assert.equal(await r.getByTestId("row-title").textContent(), title);
    assert.equal(await r.locator("img, b, script").count(), 0);

    await r.getByRole("button", { name: `Open ${created.id}` }).click();
    const details = page.getByRole("dialog");
    await details.getByText("Second line <i>here</i>", { exact: false }).waitFor();
    // (tabster's focus guards are empty <i data-tabster-dummy> elements of the dialog itself)
    assert.equal(await details.locator("img, b, i:not([data-tabster-dummy]), script").count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    await settled(page);
    await page.screenshot({ path: screenshotPath("tab-board-html-as-text") });
  });

  it("two agents take the same request: one wins, the other is told who was faster", async () => {
    const created = await file("Need access to the finance share");
    const ben = await board("Ben Okafor");
    const ana = await board("Ana García");
    await row(ben, created.id).waitFor();
    await row(ana, created.id).waitFor();
    const arrive = together(2);
    for (const p of [ben, ana]) await p.route("**/api/requests/*/actions", async (route) => (await arrive(), route.continue()));
    await Promise.all([ben, ana].map((p) => row(p, created.id).getByRole("button", { name: `Take ${created.id}` }).click()));
    for (const p of [ben, ana]) await p.getByTestId("board-notice").first().waitFor();

    const after = (await svc.call<RequestView>("GET", `/api/requests/${created.id}`, { token: dana })).body;
    const winner = after.assignee!.name;
    assert.ok(winner === "Ben Okafor" || winner === "Ana García", winner);
    const [won, lost] = winner === "Ben Okafor" ? [ben, ana] : [ana, ben];
    await lost.getByTestId("board-notice").filter({ hasText: `${winner} took ${created.id} first.` }).waitFor();
    await won.getByTestId("board-notice").filter({ hasText: `You took ${created.id}.` }).waitFor();
    for (const p of [ben, ana]) {
      await row(p, created.id).getByTestId("row-assignee").filter({ hasText: winner }).waitFor();
      assert.equal(await row(p, created.id).getByRole("button", { name: `Take ${created.id}` }).count(), 0);
    }
    assert.equal(await lost.getByText(/Error|at .*\.js|stack/).count(), 0, "no stack trace");
    await settled(lost);
    await lost.screenshot({ path: screenshotPath("tab-board-race") });
  });

  it("comment and resolve from the details; the request leaves the other agent's board live", async () => {
    const created = await file("Outlook keeps asking for my password", { priority: "high" });
    const ben = await board("Ben Okafor");
    const ana = await board("Ana García");
    await row(ana, created.id).waitFor();

    await row(ben, created.id).getByRole("button", { name: `Open ${created.id}` }).click();
    const details = ben.getByTestId("details");
    await details.getByRole("button", { name: "Comment" }).click();
    const form = ben.getByRole("dialog", { name: `Comment on ${created.id}` });
    await form.getByRole("textbox", { name: /Comment/ }).fill("Checking the token cache now.");
    await form.getByRole("button", { name: "Comment" }).click();
    await form.waitFor({ state: "detached" });
    await details.getByTestId("history").getByText("Checking the token cache now.").waitFor();
    await details.getByTestId("history").getByText("Ben Okafor commented").waitFor();
    // A public comment is the first response: that clock stopped in time.
    await row(ben, created.id).locator('[data-testid=clock-firstResponse][data-state="met"]').waitFor();

    await details.getByRole("button", { name: "Resolve" }).click();
    const resolve = ben.getByRole("dialog", { name: `Resolve ${created.id}` });
    await resolve.getByRole("textbox").fill("Cleared the cached credentials.");
    await resolve.getByRole("button", { name: "Resolve" }).click();
    await resolve.waitFor({ state: "detached" });
    await ben.getByTestId("board-notice").filter({ hasText: `${created.id} is resolved.` }).first().waitFor();
    await row(ana, created.id).waitFor({ state: "detached" });
    await row(ben, created.id).waitFor({ state: "detached" });
    const after = (await svc.call<RequestView>("GET", `/api/requests/${created.id}`, { token: dana })).body;
    assert.equal(after.status, "resolved");
  });

  it("a form sent after someone else changed the request says who, keeps the text, and sends on the second try", async () => {
    const created = await file("Teams camera not detected");
    const ben = await board("Ben Okafor");
    await row(ben, created.id).getByRole("button", { name: `Open ${created.id}` }).click();
    await ben.getByTestId("details").getByRole("button", { name: "Comment" }).click();
    const form = ben.getByRole("dialog", { name: `Comment on ${created.id}` });
    await form.getByRole("textbox", { name: /Comment/ }).fill("Try another USB port, please.");
    // Meanwhile Ana takes it from elsewhere: the form's version is stale now (412 with If-Match).
    const ana = await svc.token("ana");
    assert.equal((await svc.call("POST", `/api/requests/${created.id}/actions`, { token: ana, body: { action: "take" } })).status, 200);
    await row(ben, created.id).getByTestId("row-assignee").filter({ hasText: "Ana García" }).waitFor();
    await form.getByRole("button", { name: "Comment" }).click();
    await form.getByText(`Ana García changed ${created.id} just before you. It now shows the latest: check it and try again.`).waitFor();
    assert.equal(await form.getByRole("textbox", { name: /Comment/ }).inputValue(), "Try another USB port, please.");
    await form.getByRole("button", { name: "Comment" }).click();
    await form.waitFor({ state: "detached" });
    await ben.getByTestId("details").getByTestId("history").getByText("Try another USB port, please.").waitFor();
  });

  it("details show the SLA pause log after asking the requester and the requester's reply", async () => {
    const created = await file("VPN certificate expired", { description: "The VPN client says my certificate expired yesterday.", priority: "normal" });
    const ben = await board("Ben Okafor");
    await row(ben, created.id).getByRole("button", { name: `Open ${created.id}` }).click();
    const details = ben.getByTestId("details");
    await details.getByRole("button", { name: "Ask the requester" }).click();
    const ask = ben.getByRole("dialog", { name: `Ask the requester about ${created.id}` });
    await ask.getByRole("textbox", { name: /What do you need from Dana Whitfield/ }).fill("Which laptop is it: the old one or the new one?");
    await ask.getByRole("button", { name: "Ask the requester" }).click();
    await ask.waitFor({ state: "detached" });
    const history = details.getByTestId("history");
    await history.getByText("Resolution clock paused while waiting on the requester").waitFor();
    await row(ben, created.id).getByTestId("row-status").filter({ hasText: "Waiting on requester" }).waitFor();
    await row(ben, created.id).locator('[data-testid=clock-resolution][data-state="paused"]').waitFor();

    // The requester answers from anywhere (here: the API); the open details follow live.
    const reply = await svc.call("POST", `/api/requests/${created.id}/actions`, { token: dana, body: { action: "comment", text: "The new one, bought in May." } });
    assert.equal(reply.status, 200, reply.text);
    await history.getByText("Resolution clock resumed").waitFor();
    await history.getByText("The new one, bought in May.").waitFor();
    await history.getByText("Dana Whitfield commented").waitFor();
    const sla = await history.locator("li[data-kind=sla]").evaluateAll((items) => items.map((i) => `${i.getAttribute("data-sla")}`));
    assert.deepEqual(sla, ["start", "start", "stop", "pause", "resume"]);
    await row(ben, created.id).getByTestId("row-status").filter({ hasText: "In progress" }).waitFor();
    await history.locator("li").last().scrollIntoViewIfNeeded();
    await settled(ben);
    await ben.screenshot({ path: screenshotPath("tab-board-details") });
  });

  it("filters by status, priority, assignee and 'only mine', by keyboard; the details open and close by keyboard", async () => {
    const ben = await board("Ben Okafor");
    const all = (await rowIds(ben)).length;
    const mine = ben.getByRole("button", { name: "Only mine" });
    await mine.focus();
    await ben.keyboard.press("Enter");
    assert.equal(await mine.getAttribute("aria-pressed"), "true");
    for (const text of await ben.locator("[data-testid=board-row] [data-testid=row-assignee]").allInnerTexts()) assert.equal(text, "Ben Okafor");
    await ben.keyboard.press("Space");
    assert.equal((await rowIds(ben)).length, all);

    const priority = ben.getByRole("combobox", { name: "Priority" });
    await priority.focus();
    await ben.keyboard.press("Enter");
    await ben.getByRole("option", { name: "Urgent" }).waitFor();
    await ben.keyboard.press("ArrowDown"); // from "Any priority" to "Urgent"
    await ben.keyboard.press("Enter");
    assert.deepEqual(await rowIds(ben), [breached.id]);
    await ben.getByRole("button", { name: "Clear filters" }).click();

    await ben.getByRole("combobox", { name: "Assignee" }).click();
    await ben.getByRole("option", { name: "Unassigned" }).click();
    for (const text of await ben.locator("[data-testid=board-row] [data-testid=row-assignee]").allInnerTexts()) assert.equal(text, "Unassigned");
    await ben.getByRole("combobox", { name: "Status" }).click();
    await ben.getByRole("option", { name: "Waiting on requester" }).click();
    await ben.getByText("No open requests match these filters.").waitFor();
    await ben.getByRole("button", { name: "Clear filters" }).click();
    assert.equal((await rowIds(ben)).length, all);

    const open = row(ben, "IT-2").getByRole("button", { name: "Open IT-2" });
    await open.focus();
    await ben.keyboard.press("Enter");
    await ben.getByTestId("details").getByText("Our new analyst starts on the 2nd").waitFor();
    await ben.keyboard.press("Escape");
    await ben.getByTestId("details").waitFor({ state: "detached" });
    // Focus comes back on a timer after the dialog unmounts: wait for it rather than read it at once.
    const back = await ben
      .waitForFunction((e) => e === document.activeElement, await open.elementHandle(), { timeout: 5000 })
      .then(() => true, () => false);
    assert.equal(back, true, "focus back on the Open button");
  });

  it("has no serious accessibility violations (axe-core)", async () => {
    const ben = await board("Ben Okafor");
    const require = createRequire(import.meta.url);
    await runScriptFile(ben, require.resolve("axe-core/axe.min.js")); // not addScriptTag: the tab's CSP refuses inline scripts
    const run = (page: Page = ben) =>
      page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
        // Fluent's focus guards (tabster's <i data-tabster-dummy tabindex=0 aria-hidden>) are a known axe false positive.
        const res = await axe.run({ exclude: [["[data-tabster-dummy]"]] }, { resultTypes: ["violations"] });
        return res.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      });
    assert.deepEqual(await run(), []);
    await row(ben, "IT-2").getByRole("button", { name: "Open IT-2" }).click();
    await ben.getByTestId("details").getByTestId("history").waitFor();
    await settled(ben);
    assert.deepEqual(await run(), []);

    // Teams' dark theme: the same checks (contrast included).
    const dark = await board("Ben Okafor", "?view=board&department=IT&theme=dark");
    await runScriptFile(dark, require.resolve("axe-core/axe.min.js"));
    await settled(dark);
    assert.deepEqual(await run(dark), []);
    await dark.screenshot({ path: screenshotPath("tab-board-dark") });
  });

  it("reconnects after a network loss and catches up on what changed meanwhile", async () => {
    const ben = await board("Ben Okafor");
    // The browser goes offline and its open connections drop (offline emulation alone keeps an
    // open stream going): the board says so, and every reconnection attempt fails meanwhile.
    await ben.context().setOffline(true);
    (svc.app.server.server as import("node:http").Server).closeAllConnections();
    await ben.locator('[data-testid=live][data-live="false"]').getByText("Reconnecting…").waitFor();
    const created = await file("Filed while Ben was offline");
    await ben.context().setOffline(false);
    await row(ben, created.id).waitFor();
    await ben.locator('[data-testid=live][data-live="true"]').getByText("Live").waitFor();
  });

  it("speaks Spanish with ?locale=es", async () => {
    const page = await board("Ben Okafor", "?view=board&department=IT&locale=es");
    for (const name of ["Solicitud", "Solicitante", "Asignada a", "Prioridad", "Estado", "Primera respuesta", "Resolución", "Acciones"]) {
      await page.getByRole("columnheader", { name }).waitFor();
    }
    await page.getByRole("button", { name: "Solo las mías" }).waitFor();
    await page.getByRole("combobox", { name: "Prioridad" }).waitFor();
    await page.getByText("En directo").waitFor();
    await row(page, breached.id).getByText("Incumplido").first().waitFor();
    await row(page, "IT-2").getByRole("button", { name: "Tomar IT-2" }).waitFor();
    assert.match(await row(page, atRisk.id).getByTestId("clock-firstResponse").innerText(), /En riesgo[\s\S]*(Quedan|fuera de horario)/);
    await page.screenshot({ path: screenshotPath("tab-board-es") });
    await row(page, breached.id).getByRole("button", { name: `Abrir ${breached.id}` }).click();
    await page.getByTestId("details").getByText("Se inició el reloj de primera respuesta").waitFor();
    await page.getByTestId("details").getByText("Historial y registro de SLA").waitFor();
    await settled(page);
    await page.screenshot({ path: screenshotPath("tab-board-es-details") });
  });
});
