import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { describeViolations, seriousViolations } from "../support/axe.ts";
import { screenshotPath, useServiceAndBrowser } from "../support/browser.ts";
import { layoutProblems } from "../support/layout.ts";
import { TENANT, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";
import { settled } from "../support/tab-views.ts";

/** Text as a person reads it: no-break spaces as spaces. */
const plain = (s: string | null) => (s ?? "").replace(/[\u00A0\u202F]/g, " ").replace(/\s+/g, " ").trim();

/**
 * The Settings page of a department (DESIGN.md "Teams tab and Outlook add-in": Settings): its
 * lead changes the promise with a reason and the API, the preview and the dashboard follow;
 * mistakes are shown next to their fields and save nothing; a save over someone else's newer
 * change keeps what was typed; agents have no Settings; holiday presets fill the list.
 */
describe("Teams tab: department settings (headless Chromium)", function () {
  this.timeout(120_000);
  let svc: TestService;
  let browser: Browser;
  let ana: string;
  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));
  before(async () => (ana = await svc.token("ana")));

  const getIT = async () => (await svc.call("GET", "/api/departments/IT", { token: ana })).body;

  async function openSettings(who = "Ana García", query = "", opts: Parameters<typeof openTab>[3] = {}): Promise<Page> {
    const page = await openTab(browser, svc.url, `?view=board&department=IT${query}`, opts);
    await signInOnTab(page, who);
    await page.getByRole("tab").first().waitFor();
    await page.getByRole("tab", { name: /^(Settings|Configuración)$/ }).click();
    await page.getByTestId("settings-save").waitFor();
    await settled(page);
    return page;
  }
  const field = (page: Page, name: string) => page.getByRole("textbox", { name, exact: true });

  it("a lead changes a target and a category's target with a reason; the API, the preview and the dashboard show them", async () => {
    const dana = await svc.token("dana");
    const file = async () => (await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "VPN down for the whole floor", priority: "urgent", category: "network" } })).body;
    const filedBefore = await file();
    const page = await openSettings();
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("pageerror", (err) => problems.push(err.message));
    assert.equal(await field(page, "High: Resolution").inputValue(), "8 h", "the stored 480 minutes, in hours");
    await field(page, "High: Resolution").fill("6 h");
    await page.getByRole("button", { name: "Network and VPN", exact: true }).click();
    const own = field(page, "Network and VPN · Urgent: First response");
    assert.equal(await own.getAttribute("placeholder"), "Department's: 15 min", "the inherited value as the placeholder");
    await own.fill("10 min");
    await field(page, "Reason for this change").fill("Faster fixes for <b>high</b> after the November review");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByTestId("settings-notice").getByText("Saved.", { exact: false }).waitFor();

    const it_ = await getIT();
    assert.equal(it_.sla.targets.high.resolutionMinutes, 360, "6 h sent as minutes");
    assert.deepEqual(it_.categories.find((c: { key: string }) => c.key === "network").sla, { targets: { urgent: { firstResponseMinutes: 10, resolutionMinutes: 240 } } }, "the empty resolution follows the department's 4 h");
    assert.equal(it_.categories.find((c: { key: string }) => c.key === "hardware").sla, undefined, "other categories keep following the department");
    const preview = async (q: string) => (await svc.call("GET", `/api/departments/IT/sla/preview?${q}`, { token: ana })).body;
    const [dept, vpn] = [await preview("priority=urgent"), await preview("priority=urgent&category=network")];
    assert.ok(Date.parse(vpn.firstResponseDueAt) < Date.parse(dept.firstResponseDueAt), `the category's 10 min come before the department's 15: ${JSON.stringify({ dept, vpn })}`);

    // For new requests only: one filed before keeps the department's 15 minutes.
    const filedAfter = await file();
    assert.equal(filedAfter.sla.firstResponse.targetMinutes, 10, "a new VPN request gets the category's target");
    const before = (await svc.call("GET", `/api/requests/${filedBefore.id}`, { token: dana })).body;
    assert.equal(before.sla.firstResponse.targetMinutes, 15, "the one filed before keeps its target");

    await page.screenshot({ path: screenshotPath("tab-settings-1280"), fullPage: true });
    await page.getByRole("tab", { name: "SLA dashboard" }).click();
    const targets = page.getByTestId("sla-targets");
    await targets.waitFor();
    const high = await targets.locator("tbody tr").nth(2).evaluate((r) => [...r.children].map((c) => c.textContent));
    assert.deepEqual(high.map(plain), ["High", "1 h", "6 h"], "the dashboard shows the new target");
    await page.getByTestId("change-log").getByText("Faster fixes for <b>high</b> after the November review", { exact: false }).waitFor();
    assert.deepEqual(problems, [], "a quiet console");
    await page.close();
  });

  it("mistakes are shown next to their fields, and nothing is saved", async () => {
    const before = await getIT();
    const page = await openSettings();
    let puts = 0;
    page.on("request", (r) => r.method() === "PUT" && puts++);
    // Checked in the page: a reason is needed, and a duration needs its unit.
    await field(page, "Normal: First response").fill("30");
    await field(page, "Monday, window 2: start").fill("13:00");
    await page.getByRole("button", { name: "Add category" }).click();
    await field(page, "Key of category 5").fill("VPN Access");
    await field(page, "Name of category 5").fill("VPN access");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByText("Add a unit: h or min (e.g. 4 h, 30 min).").waitFor();
    await page.getByRole("group", { name: "Monday" }).getByText("Overlaps another window of the day: make one end before the next starts.").waitFor();
    await page.getByText("Use lowercase letters, digits and hyphens (up to 40), starting with a letter or digit.").waitFor();
    await page.getByText("Say why you are changing these settings.").waitFor();
    assert.equal(await field(page, "Normal: First response").getAttribute("aria-invalid"), "true");
    assert.equal(puts, 0, "nothing sent");
    // Checked by the API: a target beyond a year comes back by its path, next to its field.
    await field(page, "Normal: First response").fill("30 min");
    await field(page, "Monday, window 2: start").fill("15:00");
    await page.getByRole("button", { name: "Remove category VPN access" }).click();
    await field(page, "High: Resolution").fill("9000 h");
    await field(page, "Reason for this change").fill("Trying a long target");
    await page.getByRole("button", { name: "Save settings" }).click();
    const message = page.getByRole("group", { name: "High" }).first().getByText("Too large: at most 8760 h.");
    await message.waitFor();
    assert.equal(puts, 1, "sent once, refused");
    assert.equal(await field(page, "High: Resolution").getAttribute("aria-invalid"), "true", "the field is marked");
    assert.equal(await field(page, "Normal: First response").getAttribute("aria-invalid"), null, "the fixed field is not");
    await page.getByTestId("settings-notice").getByText("Nothing was saved: fix the fields marked in red.").waitFor();
    assert.equal(await field(page, "High: Resolution").inputValue(), "9000 h", "what was typed stays");
    const after = await getIT();
    assert.deepEqual(after, before, "nothing saved");
    await page.screenshot({ path: screenshotPath("tab-settings-errors"), fullPage: true });
    await page.close();
  });

  it("a save after someone else's change gets the 412 message, keeps what was typed, and offers both versions", async () => {
    const page = await openSettings();
    await field(page, "Normal: First response").fill("3 h");
    await field(page, "Description").fill("Mine: laptops and accounts");
    await field(page, "Reason for this change").fill("Slower first answers on normal requests");
    // Someone else saves in between.
    const { etag: _e, updatedAt: _u, key: _k, ...body } = await getIT();
    const put = await svc.call("PUT", "/api/departments/IT", { token: ana, body: { ...body, description: "Theirs: changed meanwhile" } });
    assert.equal(put.status, 200, put.text);
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByTestId("settings-notice").getByText("Someone else changed these settings after you opened them", { exact: false }).waitFor();
    assert.equal(await field(page, "Normal: First response").inputValue(), "3 h", "what was typed stays");
    assert.equal(await field(page, "Description").inputValue(), "Mine: laptops and accounts");
    assert.equal((await getIT()).description, "Theirs: changed meanwhile", "theirs is not overwritten");

    await page.getByRole("button", { name: "Show their version" }).click();
    await page.getByRole("button", { name: "Bring back what I typed" }).waitFor();
    assert.equal(await field(page, "Description").inputValue(), "Theirs: changed meanwhile");
    await page.getByRole("button", { name: "Bring back what I typed" }).click();
    assert.equal(await field(page, "Description").inputValue(), "Mine: laptops and accounts", "what was typed comes back");
    assert.equal(await field(page, "Reason for this change").inputValue(), "Slower first answers on normal requests");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByTestId("settings-notice").getByText("Saved.", { exact: false }).waitFor();
    const saved = await getIT();
    assert.equal(saved.description, "Mine: laptops and accounts");
    assert.equal(saved.sla.targets.normal.firstResponseMinutes, 180);
    await page.close();
  });

  it("an agent has no Settings tab, and the API refuses his change", async () => {
    const page = await openTab(browser, svc.url, "?view=board&department=IT&page=settings");
    await signInOnTab(page, "Ben Okafor");
    await page.getByRole("tab", { name: "Queue" }).waitFor();
    await page.getByRole("tab", { name: "Review" }).waitFor();
    assert.equal(await page.getByRole("tab", { name: "Settings" }).count(), 0, "no Settings tab");
    assert.equal(await page.getByRole("tab").count(), 3, "Queue, SLA dashboard, Review");
    assert.equal(await page.getByTestId("settings").count(), 0);
    await page.close();
    const { etag: _e, updatedAt: _u, key: _k, ...body } = await getIT();
    const ben = await svc.token("ben");
    const put = await svc.call("PUT", "/api/departments/IT", { token: ben, body: { ...body, description: "Ben was here", changeReason: "x" } });
    assert.equal(put.status, 403, put.text);
    assert.notEqual((await getIT()).description, "Ben was here");
  });

  it("public holidays from a preset (Spain 2028) join the list, stay editable and are saved", async () => {
    const page = await openSettings();
    const list = page.getByTestId("settings-holiday-list");
    const before = await list.locator("input").count();
    assert.equal(await page.getByRole("combobox", { name: "Country" }).textContent(), "Spain", "the department's zone suggests the country");
    await page.getByRole("textbox", { name: "Year" }).fill("2028");
    await page.getByRole("button", { name: "Add public holidays" }).click();
    await page.getByText("new dates from Spain's 2028 holidays", { exact: false }).waitFor();
    const dates = await list.locator("input").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    for (const d of ["2028-01-01", "2028-01-06", "2028-04-14", "2028-10-12", "2028-12-25"]) assert.ok(dates.includes(d), `${d} in ${dates.join(", ")}`);
    assert.ok(dates.length > before, "added, not replaced");
    assert.match(plain(await list.locator("li", { has: page.locator('input[value="2028-10-12"]') }).textContent()), /National Day|Spain/i, "its name from the preset");
    // Editable: one removed before saving.
    await page.getByRole("button", { name: "Remove holiday 2028-12-25" }).click();
    await field(page, "Reason for this change").fill("Spain's 2028 holidays");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByTestId("settings-notice").getByText("Saved.", { exact: false }).waitFor();
    const saved = (await getIT()).calendar.holidays as string[];
    assert.ok(saved.includes("2028-10-12") && saved.includes("2026-12-25"), "the preset's dates joined the ones there");
    assert.ok(!saved.includes("2028-12-25"), "the removed one is not saved");
    await page.close();
  });

  it("the triage channel is shown and can be unlinked; survey settings are saved", async () => {
    const ana_ = { tenantId: TENANT, person: { id: "demo-ana", name: "Ana García" }, isAdmin: false };
    await svc.app.services.departments.setTriageChannel(ana_, "IT", { id: "19:triage@thread.tacv2", name: "IT triage" });
    const page = await openSettings();
    await page.getByTestId("settings-channel").getByText("New requests are posted to IT triage.").waitFor();
    await page.getByText('A lead links a channel by writing "@Tandem link IT" in it.').waitFor();
    await page.getByRole("button", { name: "Unlink" }).click();
    await page.getByText("The triage channel will be unlinked when you save.").waitFor();
    await field(page, "Ask a person to rate at most once every (days)").fill("14");
    await page.getByRole("switch", { name: "Send the NPS pulse" }).click();
    await field(page, "Reason for this change").fill("No triage channel any more; fewer surveys");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByTestId("settings-notice").getByText("Saved.", { exact: false }).waitFor();
    await page.getByText("No triage channel is linked.").waitFor();
    const stored = await svc.app.services.departments.find(TENANT, "IT");
    assert.equal(stored?.triageChannel, undefined, "unlinked");
    assert.deepEqual(stored?.surveys, { ratingEveryDays: 14, pulseEveryMonths: 3, pulseSample: 30, pulseEnabled: false });
    await page.close();
  });

  for (const theme of ["light", "dark"] as const) {
    it(`axe-core finds no serious or critical violation (${theme} theme)`, async () => {
      const page = await openSettings("Ana García", theme === "dark" ? "&theme=dark" : "");
      // Every category's targets open: all the page's fields are checked.
      const closed = page.getByTestId("settings-sla").locator("button[aria-expanded=false]");
      while ((await closed.count()) > 0) await closed.first().click();
      const violations = await seriousViolations(page);
      await page.close();
      assert.equal(violations.length, 0, describeViolations(violations));
    });
  }

  it("at 320 px, in Spanish: nothing cut off or scrolling sideways", async () => {
    const page = await openSettings("Ana García", "&locale=es", { viewport: { width: 320, height: 800 } });
    await page.getByRole("button", { name: "Guardar la configuración" }).waitFor();
    const problems = await layoutProblems(page);
    await page.screenshot({ path: screenshotPath("tab-settings-es-320"), fullPage: true });
    assert.deepEqual(problems, [], JSON.stringify(problems, null, 1));
    await page.close();
  });

  for (const { width, theme } of [{ width: 320, theme: "dark" }, { width: 1280, theme: "contrast" }] as const) {
    it(`at ${width} px in English, ${theme} theme: nothing cut off or scrolling sideways`, async () => {
      const page = await openSettings("Ana García", `&theme=${theme}`, { viewport: { width, height: 800 } });
      const problems = await layoutProblems(page);
      await page.screenshot({ path: screenshotPath(`tab-settings-${width}-${theme}`), fullPage: true });
      assert.deepEqual(problems, [], JSON.stringify(problems, null, 1));
      await page.close();
    });
  }
});
