import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { Scoreboard } from "../../shared/scoreboard.ts";
import { screenshotPath, useServiceAndBrowser } from "../support/browser.ts";
import type { TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";

/** Text as a person reads it: no-break spaces as spaces. */
const plain = (s: string | null) => (s ?? "").replace(/[\u00A0\u202F]/g, " ").trim();
const percent = (locale: "en-GB" | "es-ES", v: number | null, none: string) =>
  v === null ? none : plain(new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(v / 100));

/**
 * The company scoreboard in the Teams tab (issue 15): every department side by side for any
 * employee, the same numbers as the API, updated live when a request changes elsewhere; the TV
 * mode rotates through the departments by itself; both languages. (axe-core and the layout from
 * 320 px run over both views in tab-a11y and tab-layout: they are in test/support/tab-views.ts.)
 */
describe("Teams tab: the scoreboard (headless Chromium)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let browser: Browser;
  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));

  const api = async (locale?: string): Promise<Scoreboard> => {
    const res = await svc.call<Scoreboard>("GET", "/api/scoreboard?period=month", { token: await svc.token("dana"), headers: locale ? { "Accept-Language": locale } : {} });
    assert.equal(res.status, 200, res.text);
    return res.body;
  };
  const open = async (query: string, viewport?: { width: number; height: number }): Promise<Page> => {
    const page = await openTab(browser, svc.url, query, viewport ? { viewport } : {});
    await signInOnTab(page, "Dana Whitfield");
    await page.locator("article[data-department]").first().waitFor();
    return page;
  };
  const value = (page: Page, key: string, what: string) => page.locator(`article[data-department="${key}"] [data-${what}] [data-value], article[data-department="${key}"] [data-figure="${what}"] [data-value]`).first().textContent().then(plain);

  it("shows every department side by side, each number the API's", async () => {
    const board = await api();
    const page = await open("?view=scoreboard");
    try {
      await page.getByRole("heading", { name: "Scoreboard", level: 1 }).waitFor();
      const shown = await page.locator("article[data-department]").evaluateAll((els) => els.map((e) => e.getAttribute("data-department")));
      assert.deepEqual(shown, board.departments.map((d) => d.key), "one card per department, in the API's order");
      for (const d of board.departments) {
        assert.equal(await value(page, d.key, "attainment=fr"), percent("en-GB", d.firstResponse.attainmentPercent, "–"), `${d.key}: first response on time`);
        assert.equal(await value(page, d.key, "attainment=res"), percent("en-GB", d.resolution.attainmentPercent, "–"), `${d.key}: resolved on time`);
        assert.equal(await value(page, d.key, "open"), String(d.open), `${d.key}: open`);
        assert.equal(await value(page, d.key, "late"), String(d.breachedNow), `${d.key}: past a target now`);
        assert.equal(await value(page, d.key, "kudos"), String(d.kudos), `${d.key}: thanks`);
        const name = await page.locator(`article[data-department="${d.key}"] [role=img]`).getAttribute("aria-label");
        assert.ok(name?.includes(d.name) && name.includes("goal is 90%"), `${d.key}: the bars are named with their numbers and the goal: ${name}`);
      }
      await page.getByTestId("scoreboard-updated").filter({ hasText: "Live ·" }).waitFor();
      await page.screenshot({ path: screenshotPath("tab-scoreboard-en"), fullPage: true });
      await page.setViewportSize({ width: 320, height: 900 });
      await page.screenshot({ path: screenshotPath("tab-scoreboard-en-320"), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it("updates live when a request elsewhere changes", async () => {
    const page = await open("?view=scoreboard");
    try {
      await page.getByTestId("scoreboard-updated").filter({ hasText: "Live ·" }).waitFor();
      const before = (await api()).departments.find((d) => d.key === "HR")!;
      assert.equal(await value(page, "HR", "open"), String(before.open), "HR's backlog as the API says");
      // Someone else files in HR, over the API: the page reads it from the stream, not a timer.
      const filed = await svc.call("POST", "/api/requests", { token: await svc.token("erin"), body: { department: "HR", title: "Payslip question" } });
      assert.equal(filed.status, 201, filed.text);
      await page.locator('article[data-department="HR"] [data-figure="open"] [data-value]').filter({ hasText: new RegExp(`^${before.open + 1}$`) }).waitFor({ timeout: 15_000 });
    } finally {
      await page.close();
    }
  });

  it("TV mode: dark, large, rotating through the departments by itself, with the time of the last update", async () => {
    const board = await api();
    assert.ok(board.departments.length >= 2, "the demo has departments to rotate through");
    const page = await open("?view=scoreboard&tv=1&every=5", { width: 1920, height: 1080 });
    try {
      const tv = page.getByTestId("scoreboard-tv");
      assert.equal(await tv.getAttribute("data-index"), "0", "starts with the first department");
      assert.equal(await page.locator("article[data-department]").getAttribute("data-department"), board.departments[0]!.key, "one department at a time, the first");
      assert.equal(await page.getByRole("button").count(), 0, "nothing to click: no sign-out, no tabs");
      await page.getByTestId("tv-updated").filter({ hasText: /Updated/ }).waitFor();
      const heading = await page.locator("article h2").evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
      assert.ok(heading >= 48, `large type for across the room (${heading}px)`);
      const bg = await tv.evaluate((m) => getComputedStyle(m.parentElement!).backgroundColor);
      const dark = (bg.match(/\d+/g) ?? []).slice(0, 3).every((c) => Number(c) < 80);
      assert.ok(dark, `a dark screen (${bg})`);
      await page.screenshot({ path: screenshotPath("tab-scoreboard-tv-en") });
      // Moves on by itself (every=5 seconds here).
      await page.locator('[data-testid="scoreboard-tv"][data-index="1"]').waitFor({ timeout: 15_000 });
      assert.equal(await page.locator("article[data-department]").getAttribute("data-department"), board.departments[1]!.key, "then the second department");
      assert.equal(plain(await page.getByTestId("tv-position").textContent()), `2 of ${board.departments.length}`, "where it is in the rotation");
    } finally {
      await page.close();
    }
  });

  it("speaks Spanish: the page and TV mode", async () => {
    const board = await api("es");
    const page = await open("?view=scoreboard&locale=es");
    try {
      await page.getByRole("heading", { name: "Marcador", level: 1 }).waitFor();
      await page.getByRole("tab", { name: "Este trimestre" }).waitFor();
      const first = board.departments[0]!;
      const card = page.locator(`article[data-department="${first.key}"]`);
      assert.equal(plain(await card.locator("h2").textContent()), `${first.name} (${first.key})`, "the department's name in Spanish, as the API says");
      assert.ok(plain(await card.textContent()).includes("Primera respuesta"), "the figures' names in Spanish");
      assert.equal(await value(page, first.key, "attainment=fr"), percent("es-ES", first.firstResponse.attainmentPercent, "–"), "numbers written the Spanish way");
      await page.screenshot({ path: screenshotPath("tab-scoreboard-es"), fullPage: true });
    } finally {
      await page.close();
    }
    const tv = await open("?view=scoreboard&tv=1&locale=es", { width: 1920, height: 1080 });
    try {
      await tv.getByRole("heading", { name: "Marcador · Este mes", level: 1 }).waitFor();
      await tv.getByTestId("tv-updated").filter({ hasText: /Actualizado/ }).waitFor();
      await tv.screenshot({ path: screenshotPath("tab-scoreboard-tv-es") });
    } finally {
      await tv.close();
    }
  });
});
