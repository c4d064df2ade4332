import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { Department } from "../../shared/domain.ts";
import { wallClock } from "../../shared/sla/zone.ts";
import type { DepartmentStats, TrendWeek } from "../../shared/stats/index.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { startService, type TestService } from "../support/service.ts";
import { openTab, seedTrend, signInOnTab } from "../support/tab.ts";

type Stats = DepartmentStats & { trend: TrendWeek[] };

/** Text as a person reads it: no-break spaces as spaces. */
const plain = (s: string | null) => (s ?? "").replace(/[\u00A0\u202F]/g, " ").trim();

const percent = (locale: "en-GB" | "es-ES", v: number) => plain(new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(v / 100));

/** IT's dashboard as Dana (a requester: the dashboard is all she sees of a department), figures loaded. */
async function openDashboard(browser: Browser, url: string, query = "", who = "Dana Whitfield"): Promise<Page> {
  const page = await openTab(browser, url, `?view=board&department=IT${query}`);
  await signInOnTab(page, who);
  await page.getByTestId("dashboard").waitFor();
  await page.locator("svg[data-chart=attainment]").waitFor();
  return page;
}

/** sRGB relative luminance and contrast ratio (WCAG 2). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? ["0", "0", "0"]).slice(0, 3).map((x) => {
      const v = Number(x) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The SLA dashboard (issue 4): published SLA and figures for everyone, the weekly trend as SVG charts. */
describe("Teams tab: the SLA dashboard (headless Chromium)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let browser: Browser;
  let dana: string;
  let clockAt: number | undefined;
  let it_: Department;

  const stats = async (query = ""): Promise<Stats> => {
    const res = await svc.call<Stats>("GET", `/api/departments/IT/stats${query}`, { token: dana });
    assert.equal(res.status, 200, res.text);
    return res.body;
  };

  before(async () => {
    // Six weeks of IT's history, made on a clock moved back in time, then the clock is real again.
    svc = await startService({ demo: true, clock: () => clockAt ?? Date.now() });
    await seedTrend(svc, (ms) => (clockAt = ms));
    browser = await launchBrowser();
    dana = await svc.token("dana");
    it_ = (await svc.call<Department>("GET", "/api/departments/IT", { token: dana })).body;
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  it("shows a requester IT's published SLA: targets per priority, the week in its zone, the next holidays, the owners", async () => {
    const page = await openDashboard(browser, svc.url);
    assert.equal(await page.getByRole("tab", { name: "Queue" }).count(), 0, "Dana is not IT staff");

    const targets = await page.getByTestId("sla-targets").locator("tbody tr").evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    assert.deepEqual(
      targets.map((r) => r.map(plain)),
      [
        ["Low", "8 h", "80 h"],
        ["Normal", "4 h", "40 h"],
        ["High", "1 h", "8 h"],
        ["Urgent", "15 min", "4 h"],
      ],
    );
    await page.getByText("A request is at risk once 80% of a target is used.").waitFor();

    await page.getByRole("heading", { name: "Working hours (Europe/Madrid)" }).waitFor();
    const hours = await page.getByTestId("sla-hours").locator("tr").evaluateAll((rows) => rows.map((r) => [r.children[0].textContent, r.children[1].textContent]));
    assert.equal(hours.length, 7);
    assert.match(hours[0][0]!, /^Monday/);
    assert.equal(hours[0][1], "08:00–14:00, 15:00–18:00");
    assert.equal(hours[4][1], "08:00–15:00");
    assert.deepEqual([hours[5][1], hours[6][1]], ["closed", "closed"]);
    await page.getByText(/^(Open now|Closed now)$/).waitFor();

    const today = wallClock("Europe/Madrid", Date.now()).date;
    const upcoming = it_.calendar.holidays.filter((h) => h >= today).sort().slice(0, 5);
    const shown = await page.getByTestId("sla-holidays").locator("li").allTextContents();
    const long = (d: string) => new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short", year: "numeric" }).format(new Date(`${d}T12:00:00Z`));
    assert.deepEqual(shown, upcoming.map(long));
    assert.deepEqual(await page.getByTestId("sla-owners").locator("li").allTextContents(), ["Ana García"]);
    await page.close();
  });

  it("shows this month's figures from the stats endpoint, and the last 8 weeks as SVG charts with a point per measured week", async () => {
    const page = await openDashboard(browser, svc.url);
    const s = await stats();
    const figure = (id: string) => page.locator(`[data-figure=${id}] [data-value]`).textContent().then(plain);
    const pct = (v: number | null) => (v === null ? "–" : percent("en-GB", v));
    assert.equal(await figure("fr"), pct(s.firstResponse.attainmentPercent));
    assert.equal(await figure("res"), pct(s.resolution.attainmentPercent));
    assert.equal(await figure("backlog"), String(s.open));
    assert.equal(await figure("breaches"), String(s.breaches));
    assert.equal(await figure("volume"), String(s.created));
    assert.equal(await figure("csat"), s.csat.average === null ? "–" : `${s.csat.average} / 5`);
    const frTile = plain(await page.locator("[data-figure=fr]").textContent());
    assert.ok(frTile.includes(`${s.firstResponse.met} of ${s.firstResponse.measured} within target`), frTile);
    assert.ok(plain(await page.locator("[data-figure=csat]").textContent()).includes(`Ratings: ${s.csat.responses}`));
    assert.ok(plain(await page.locator("[data-figure=backlog]").textContent()).includes(`${s.backlogByStatus!.new} new, ${s.backlogByStatus!.in_progress} in progress`));

    // The trend: 8 weeks, oldest first; one marker per week that had something measured, at its value.
    assert.equal(s.trend.length, 8);
    const fr = s.trend.filter((w) => w.firstResponseAttainment !== null);
    const res = s.trend.filter((w) => w.resolutionAttainment !== null);
    assert.ok(fr.length >= 5 && res.length >= 5, "the seeded weeks were measured");
    const points = (series: string) =>
      page.locator(`svg[data-chart=attainment] [data-series=${series}]`).evaluateAll((els) => els.map((e) => [e.getAttribute("data-week"), Number(e.getAttribute("data-value"))]));
    assert.deepEqual(await points("firstResponse"), fr.map((w) => [w.weekStart, w.firstResponseAttainment]));
    assert.deepEqual(await points("resolution"), res.map((w) => [w.weekStart, w.resolutionAttainment]));
    // The lines: one path per run of consecutive measured weeks, at least one.
    assert.ok((await page.locator("svg[data-chart=attainment] path").count()) >= 2);
    const bars = await page.locator("svg[data-chart=volume] g[data-week]").evaluateAll((els) =>
      els.map((e) => [e.getAttribute("data-week"), Number(e.querySelector("[data-series=filed]")!.getAttribute("data-value")), Number(e.querySelector("[data-series=resolved]")!.getAttribute("data-value"))]),
    );
    assert.deepEqual(bars, s.trend.map((w) => [w.weekStart, w.created, w.resolved]));
    // Axis labels are text in the SVG; screen readers get every value in the chart's name.
    const labels = await page.locator("svg[data-chart=attainment] text").allTextContents();
    for (const l of ["0%", "50%", "100%"]) assert.ok(labels.includes(l), `y axis ${l}`);
    const last = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" }).format(new Date(`${s.trend[7].weekStart}T12:00:00Z`));
    assert.ok(labels.includes(last), `x axis ends with the current week, ${last}`);
    const name = (await page.locator("svg[data-chart=attainment]").getAttribute("aria-label"))!;
    assert.equal(await page.locator("svg[data-chart=attainment]").getAttribute("role"), "img");
    assert.ok(name.includes(`week of ${new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short" }).format(new Date(`${fr[0].weekStart}T12:00:00Z`))} ${pct(fr[0].firstResponseAttainment)}`), name);

    // "Show the numbers": the same data as a table.
    await page.getByText("Show the numbers").click();
    const rows = await page.getByTestId("trend-table").locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.equal(rows.length, 8);
    assert.deepEqual(rows.map((r) => [r[1], r[2]]), s.trend.map((w) => [String(w.created), String(w.resolved)]));
    await page.getByText("Show the numbers").click();
    await page.screenshot({ path: screenshotPath("tab-dashboard-en"), fullPage: true });
    await page.close();
  });

  it("a period can be chosen: the last 90 days", async () => {
    const page = await openDashboard(browser, svc.url);
    const answer = page.waitForResponse((r) => /\/api\/departments\/IT\/stats\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d$/.test(r.url()) && r.ok());
    await page.getByRole("combobox", { name: "Period" }).click();
    await page.getByRole("option", { name: "Last 90 days" }).click();
    const s = (await (await answer).json()) as Stats;
    assert.ok(Date.parse(s.to) - Date.parse(s.from) >= 89 * 86_400_000);
    await page.locator("[data-figure=volume] [data-value]", { hasText: new RegExp(`^${s.created}$`) }).waitFor();
    assert.equal(plain(await page.locator("[data-figure=fr] [data-value]").textContent()), s.firstResponse.attainmentPercent === null ? "–" : percent("en-GB", s.firstResponse.attainmentPercent));
    await page.close();
  });

  it("speaks Spanish with ?locale=es: the same SLA, figures and chart", async () => {
    const page = await openDashboard(browser, svc.url, "&locale=es");
    const s = await stats();
    await page.getByRole("heading", { name: "SLA publicado" }).waitFor();
    await page.getByRole("heading", { name: "Horario laborable (Europe/Madrid)" }).waitFor();
    await page.getByRole("heading", { name: "Responsables" }).waitFor();
    const hours = await page.getByTestId("sla-hours").locator("tr th").allTextContents();
    assert.match(hours[0], /^Lunes/);
    assert.match(hours[6], /^Domingo/);
    const targets = await page.getByTestId("sla-targets").locator("tbody tr td:first-child").allTextContents();
    assert.deepEqual(targets, ["Baja", "Normal", "Alta", "Urgente"]);
    const fr = plain(await page.locator("[data-figure=fr]").textContent());
    assert.match(fr, /^Primera respuesta a tiempo/);
    if (s.firstResponse.attainmentPercent !== null) assert.ok(fr.includes(percent("es-ES", s.firstResponse.attainmentPercent)), `${fr} shows ${percent("es-ES", s.firstResponse.attainmentPercent)}`);
    await page.getByRole("heading", { name: "Las últimas 8 semanas" }).waitFor();
    assert.equal(await page.locator("svg[data-chart=attainment] [data-series=firstResponse]").count(), s.trend.filter((w) => w.firstResponseAttainment !== null).length);
    assert.equal(await page.locator("svg[data-chart=volume] g[data-week]").count(), 8);
    assert.match((await page.locator("svg[data-chart=attainment]").getAttribute("aria-label"))!, /^A tiempo por semana\. Primera respuesta a tiempo: semana del/);
    assert.ok((await page.locator("svg[data-chart=attainment] text").allTextContents()).map(plain).includes("100 %"));
    await page.getByText("Ver las cifras").waitFor();
    await page.screenshot({ path: screenshotPath("tab-dashboard-es"), fullPage: true });
    await page.close();
  });

  for (const theme of ["light", "dark"] as const) {
    it(`the chart reads in the ${theme} theme: lines, bars and labels stand out from the page`, async () => {
      const page = await openDashboard(browser, svc.url, theme === "dark" ? "&theme=dark" : "");
      assert.equal(await page.locator("[data-theme]").first().getAttribute("data-theme"), theme === "dark" ? "dark" : "default");
      // (No named functions inside evaluate: the test runner's transpiler would wrap them in a helper the page lacks.)
      const colours = await page.evaluate((sel) => {
        let el: Element | null = document.querySelector("svg[data-chart=attainment]");
        let background = "rgba(0, 0, 0, 0)";
        while (el && /rgba\(0, 0, 0, 0\)|transparent/.test(background)) {
          background = getComputedStyle(el).backgroundColor;
          el = el.parentElement;
        }
        return { background, ...Object.fromEntries(Object.entries(sel).map(([k, q]) => [k, getComputedStyle(document.querySelector(q)!).fill])) } as Record<string, string>;
      }, {
        firstResponse: "svg[data-chart=attainment] [data-series=firstResponse] circle",
        resolution: "svg[data-chart=attainment] [data-series=resolution] rect",
        label: "svg[data-chart=attainment] text",
        filed: "svg[data-chart=volume] [data-series=filed] rect",
        resolved: "svg[data-chart=volume] [data-series=resolved] rect",
      });
      for (const k of ["firstResponse", "resolution", "filed", "resolved"] as const) {
        assert.ok(contrast(colours[k], colours.background) >= 3, `${k} ${colours[k]} on ${colours.background}: ${contrast(colours[k], colours.background).toFixed(2)}:1`);
      }
      assert.ok(contrast(colours.label, colours.background) >= 4.5, `axis labels ${colours.label} on ${colours.background}`);
      assert.notEqual(colours.firstResponse, colours.resolution, "the two lines differ in colour (and in dash and marker)");
      await page.screenshot({ path: screenshotPath(`tab-dashboard-${theme}`), fullPage: true });
      await page.close();
    });
  }

  it("IT's staff find it next to their queue", async () => {
    const page = await openTab(browser, svc.url, "?view=board&department=IT");
    await signInOnTab(page, "Ben Okafor");
    await page.getByRole("tab", { name: "SLA dashboard" }).click();
    await page.getByTestId("dashboard").waitFor();
    await page.locator("svg[data-chart=volume]").waitFor();
    await page.close();
  });

  it("gives IT's lead the month's report as two CSV files (requests, figures), the same as the API's; a requester gets no button", async () => {
    const asDana = await openDashboard(browser, svc.url);
    assert.equal(await asDana.getByTestId("report-download").count(), 0, "the report is for leads and admins");
    await asDana.close();

    const page = await openTab(browser, svc.url, "?view=board&department=IT");
    await signInOnTab(page, "Ana García");
    await page.getByRole("tab", { name: "SLA dashboard" }).click();
    await page.locator("svg[data-chart=attainment]").waitFor();
    const box = page.getByTestId("report-download");
    const month = wallClock("Europe/Madrid", Date.now()).date.slice(0, 7);
    await box.getByText(`Monthly report for ${month}:`).waitFor();
    await page.screenshot({ path: screenshotPath("tab-dashboard-report-download") });
    const ana = await svc.token("ana");
    for (const [label, format, name] of [["Requests (CSV)", "csv", `tandem-IT-${month}.csv`], ["Figures (CSV)", "summary-csv", `tandem-IT-${month}-summary.csv`]] as const) {
      const [download] = await Promise.all([page.waitForEvent("download"), box.getByRole("button", { name: label }).click()]);
      assert.equal(download.suggestedFilename(), name, "the file's name");
      const chunks: Buffer[] = [];
      for await (const c of (await download.createReadStream())!) chunks.push(c as Buffer);
      const file = Buffer.concat(chunks).toString("utf8");
      const api = await svc.call("GET", `/api/departments/IT/report?month=${month}&format=${format}`, { token: ana });
      const stable = (csv: string) => csv.split("\r\n").filter((l) => !/^(generated at|backlog counted at)/.test(l)).join("\r\n");
      assert.equal(stable(file), stable(api.text), `${label}: the file is the API's`);
      assert.ok(file.split("\r\n").length > 2, `${label}: rows, not only a header`);
    }
    await page.close();
  });
});
