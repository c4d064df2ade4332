import assert from "node:assert/strict";
import type { Browser, Frame } from "playwright-core";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { startService, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";
import { openInTeams, type TeamsHost, type TeamsTheme } from "../support/teams-host.ts";

type Theme = { colorNeutralBackground1: string };

/** "#292929" -> "rgb(41, 41, 41)", as getComputedStyle gives it. */
function rgb(hex: string): string {
  const n = parseInt(hex.replace("#", ""), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** The tab's frame inside the host page. */
function tabFrame(host: TeamsHost, svc: TestService): Frame {
  const frame = host.page.frames().find((f) => f.url().startsWith(`${svc.url}/tab/`));
  if (!frame) throw new Error(`no tab frame among ${host.page.frames().map((f) => f.url()).join(", ")}`);
  return frame;
}

/** The theme the tab shows: its FluentProvider's data-theme, and the provider's and the page's backgrounds. */
async function shownTheme(frame: Frame) {
  return frame.evaluate(() => {
    const provider = document.querySelector<HTMLElement>("[data-theme]")!;
    return {
      name: provider.dataset.theme,
      provider: getComputedStyle(provider).backgroundColor,
      body: getComputedStyle(document.body).backgroundColor,
    };
  });
}

/** The tab's own record of how it recognised its host (performance mark "tandem.host"). */
async function hostMark(frame: Pick<Frame, "evaluate">) {
  return frame.evaluate(() => {
    const m = performance.getEntriesByName("tandem.host")[0] as PerformanceMark | undefined;
    return m ? { at: m.startTime, ...(m.detail as { inTeams: boolean; detectedBy: string; tookMs: number }) } : undefined;
  });
}

/** The Teams tab inside a simulated Teams (teams-js's postMessage protocol answered by a parent page), and outside it. */
describe("Teams tab: inside Teams (simulated host) and outside", function () {
  this.timeout(60_000);
  let svc: TestService;
  let browser: Browser;
  let themes: Record<TeamsTheme, Theme>;

  before(async () => {
    svc = await startService({ demo: true });
    browser = await launchBrowser();
    const fluent = await import("@fluentui/react-components");
    themes = { default: fluent.teamsLightTheme, dark: fluent.teamsDarkTheme, contrast: fluent.teamsHighContrastTheme };
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  it("signs in with Teams SSO (getAuthToken -> a token the service validates): no picker, the board as Ben", async () => {
    const host = await openInTeams(browser, svc, { query: "?view=board&department=IT", user: "demo-ben" });
    try {
      await host.tab.getByRole("tab", { name: "Queue" }).waitFor();
      await host.tab.getByText("Ben Okafor").first().waitFor();
      assert.equal(await host.tab.getByRole("heading", { name: /Sign in as/ }).count(), 0, "no 'sign in as' picker inside Teams");
      assert.equal(await host.tab.getByRole("button", { name: "Switch person" }).count(), 0, "no dev sign-out inside Teams");
      const funcs = (await host.messages()).map((m) => m.func);
      for (const f of ["initialize", "getContext", "authentication.getAuthToken", "appInitialization.success"]) assert.ok(funcs.includes(f), `the tab sent ${f}: ${funcs.join(", ")}`);
      assert.ok(host.tokensGiven() >= 1, "the host handed out a dev token");
      // Every call of the board asks for a token; the tab keeps it until shortly before it expires.
      assert.equal(funcs.filter((f) => f === "authentication.getAuthToken").length, 1, `getAuthToken asked once: ${funcs.join(", ")}`);
      const mark = await hostMark(tabFrame(host, svc));
      assert.deepEqual({ inTeams: mark?.inTeams, detectedBy: mark?.detectedBy }, { inTeams: true, detectedBy: "teams" });
      const shown = await shownTheme(tabFrame(host, svc));
      assert.deepEqual(shown, { name: "default", provider: rgb(themes.default.colorNeutralBackground1), body: rgb(themes.default.colorNeutralBackground1) });
    } finally {
      await host.close();
    }
  });

  for (const theme of ["dark", "contrast"] as const) {
    it(`Teams' ${theme === "dark" ? "dark" : "high contrast"} theme -> Fluent's ${theme === "dark" ? "teamsDarkTheme" : "teamsHighContrastTheme"}`, async () => {
      const host = await openInTeams(browser, svc, { query: "?view=board&department=IT", user: "demo-ben", theme });
      try {
        await host.tab.getByRole("tab", { name: "Queue" }).waitFor();
        const shown = await shownTheme(tabFrame(host, svc));
        const expected = rgb(themes[theme].colorNeutralBackground1);
        assert.deepEqual(shown, { name: theme, provider: expected, body: expected });
        await host.page.waitForTimeout(300); // let the board settle before the picture
        await host.page.screenshot({ path: screenshotPath(`tab-teams-host-${theme}`) });
      } finally {
        await host.close();
      }
    });
  }

  it("switches theme live when Teams sends themeChange", async () => {
    const host = await openInTeams(browser, svc, { query: "?view=board&department=IT", user: "demo-ben" });
    try {
      await host.tab.getByRole("tab", { name: "Queue" }).waitFor();
      const frame = tabFrame(host, svc);
      assert.equal((await shownTheme(frame)).provider, rgb(themes.default.colorNeutralBackground1));
      assert.ok((await host.state()).handlers.includes("themeChange"), "the tab registered a themeChange handler");
      for (const theme of ["dark", "contrast", "default"] as const) {
        await host.setTheme(theme);
        await frame.waitForFunction((t) => document.querySelector<HTMLElement>("[data-theme]")?.dataset.theme === t, theme);
        const expected = rgb(themes[theme].colorNeutralBackground1);
        assert.deepEqual(await shownTheme(frame), { name: theme, provider: expected, body: expected }, `after themeChange ${theme}`);
      }
      await host.tab.getByRole("tab", { name: "Queue" }).waitFor(); // still the same page: no reload
    } finally {
      await host.close();
    }
  });

  it("speaks Teams' locale: es-es -> Spanish labels", async () => {
    const host = await openInTeams(browser, svc, { query: "?view=board&department=IT", user: "demo-ben", locale: "es-es" });
    try {
      await host.tab.getByRole("tab", { name: "Cola" }).waitFor();
      await host.tab.getByRole("tab", { name: "Panel de SLA" }).waitFor();
      assert.equal(await host.tab.getByRole("tab", { name: "Queue" }).count(), 0);
      assert.equal(await tabFrame(host, svc).evaluate(() => document.documentElement.lang), "es");
    } finally {
      await host.close();
    }
  });

  it("opens the department of the Teams context (entity id of a channel tab, or a deep link's sub-page)", async () => {
    let host = await openInTeams(browser, svc, { query: "?view=board", user: "demo-diego", entityId: "tandem-HR" });
    try {
      await host.tab.getByRole("heading", { name: "Human Resources" }).waitFor();
      await host.tab.getByRole("tab", { name: "Queue" }).waitFor(); // Diego is an HR agent
      assert.equal(await host.tab.getByRole("combobox", { name: "Choose a department" }).count(), 0, "no department picker: the context chose");
    } finally {
      await host.close();
    }
    host = await openInTeams(browser, svc, { query: "?view=board", user: "demo-dana", subPageId: "FIN-12" });
    try {
      await host.tab.getByRole("heading", { name: "Finance" }).waitFor();
      await host.tab.getByRole("tab", { name: "SLA dashboard" }).waitFor(); // a requester: the dashboard only
      assert.equal(await host.tab.getByRole("tab", { name: "Queue" }).count(), 0);
    } finally {
      await host.close();
    }
  });

  it("shows the consent message when getAuthToken fails with resourceRequiresConsent", async () => {
    const host = await openInTeams(browser, svc, { query: "?view=board&department=IT", authError: "resourceRequiresConsent" });
    try {
      await host.tab.getByText(/Tandem needs your consent to sign you in/).waitFor();
      await host.tab.getByRole("button", { name: "Try again" }).waitFor();
      assert.equal(await host.tab.getByRole("heading", { name: /Sign in as/ }).count(), 0, "no dev picker inside Teams");
      assert.equal(await host.tab.getByText(/cannot be reached/).count(), 0, "not mistaken for a network failure");
      await host.page.screenshot({ path: screenshotPath("tab-teams-host-consent") });
    } finally {
      await host.close();
    }
  });

  it("configuration page in Teams: Save stays disabled until a department is chosen, then saves IT's board", async () => {
    const host = await openInTeams(browser, svc, { query: "?view=config", frameContext: "settings", user: "demo-ana" });
    try {
      const group = host.tab.getByRole("radiogroup", { name: /Choose the department/ });
      await group.waitFor();
      await host.tab.getByText("Choose a department to continue.").waitFor();
      assert.equal(await host.save(), false, "Save is disabled before a choice");
      let state = await host.state();
      assert.equal(state.validity, undefined, "no validity state before a choice");
      assert.ok(!(await host.messages()).some((m) => m.func === "settings.setValidityState"));

      // A first choice, then another: the last one is saved.
      await host.tab.getByRole("radio", { name: "Human Resources (HR)" }).check();
      await host.tab.getByText(/The tab will show the board of Human Resources/).waitFor();
      await host.tab.getByRole("radio", { name: "IT", exact: true }).check();
      await host.tab.getByText(/The tab will show the board of IT: its queue of open requests, to its agents and leads, and its SLA dashboard/).waitFor();
      await host.tab.getByText("Select Save to add the tab.").waitFor();
      await host.page.waitForFunction(() => (window as unknown as { hostState: { validity?: boolean } }).hostState.validity === true);
      assert.ok((await host.state()).handlers.includes("save"), "the tab registered a save handler");
      await host.page.screenshot({ path: screenshotPath("tab-teams-host-config") });

      assert.equal(await host.save(), true, "Save is enabled");
      await host.page.waitForFunction(() => (window as unknown as { hostState: { saves: unknown[] } }).hostState.saves.length > 0);
      state = await host.state();
      assert.deepEqual(state.saves, [{ ok: true }]);
      assert.equal(state.configs.length, 1);
      const saved = state.configs[0]!;
      const content = new URL(saved.contentUrl!);
      assert.equal(content.origin, svc.url, "an absolute URL on the tab's own origin");
      assert.equal(content.pathname + content.search, "/tab/?view=board&department=IT");
      assert.equal(saved.websiteUrl, saved.contentUrl);
      assert.equal(saved.entityId, "tandem-IT");
      assert.equal(saved.suggestedDisplayName, "IT desk");
    } finally {
      await host.close();
    }
  });

  it("configuration page in Spanish, reopened for a tab already on HR: HR chosen (its demo name in Spanish), Save enabled", async () => {
    const host = await openInTeams(browser, svc, { query: "?view=config", frameContext: "settings", user: "demo-carla", locale: "es-mx", entityId: "tandem-HR" });
    try {
      await host.tab.getByRole("radio", { name: "Recursos Humanos (HR)" }).waitFor();
      assert.equal(await host.tab.getByRole("radio", { name: "Recursos Humanos (HR)" }).isChecked(), true);
      await host.tab.getByText(/La pestaña mostrará el tablero de Recursos Humanos/).waitFor();
      await host.page.waitForFunction(() => (window as unknown as { hostState: { validity?: boolean } }).hostState.validity === true);
      assert.equal(await host.save(), true);
      await host.page.waitForFunction(() => (window as unknown as { hostState: { saves: unknown[] } }).hostState.saves.length > 0);
      const saved = (await host.state()).configs[0]!;
      assert.equal(new URL(saved.contentUrl!).search, "?view=board&department=HR");
      assert.equal(saved.suggestedDisplayName, "Mesa de Recursos Humanos");
    } finally {
      await host.close();
    }
  });

  it("configuration page in a plain browser: the picker and a link to the board, no teams-js call", async () => {
    const page = await openTab(browser, svc.url, "?view=config");
    try {
      await page.getByRole("heading", { name: /Sign in as a demo person/ }).waitFor();
      await signInOnTab(page, "Ana García");
      await page.getByRole("radiogroup", { name: /Choose the department/ }).waitFor();
      await page.getByRole("radio", { name: "IT", exact: true }).check();
      const link = page.getByRole("link", { name: "Open the board of IT" });
      await link.waitFor();
      assert.equal(new URL((await link.getAttribute("href"))!, svc.url).href, `${svc.url}/tab/?view=board&department=IT`);
      await page.getByText(/Outside Teams there is no Save button/).waitFor();
      assert.equal((await hostMark(page))?.detectedBy, "top");
    } finally {
      await page.close();
    }
  });

  it("in a plain browser it knows at once that it is not in Teams and offers the sign-in picker", async () => {
    const page = await openTab(browser, svc.url, "?view=board&department=IT");
    try {
      await page.getByRole("heading", { name: /Sign in as a demo person/ }).waitFor({ timeout: 5000 });
      const mark = await hostMark(page);
      assert.ok(mark, "the tab marked its host");
      assert.equal(mark.inTeams, false);
      assert.equal(mark.detectedBy, "top", "a top-level window: decided without teams-js's handshake");
      // Decided on the spot, not after the 1.5 s wait for a Teams parent: what remains of the
      // time since navigation start is loading the page itself.
      assert.ok(mark.tookMs < 100, `deciding took ${mark.tookMs} ms`);
      console.log(`      (plain browser: decided in ${mark.tookMs.toFixed(1)} ms, ${Math.round(mark.at)} ms after navigation start)`);
    } finally {
      await page.close();
    }
  });

  it("in an iframe whose parent never answers it falls back to the browser mode after the timeout", async () => {
    // A parent the tab's CSP lets frame it (a site that is no Microsoft host cannot: test/e2e/csp.test.ts).
    const host = await openInTeams(browser, svc, { query: "?view=board&department=IT", answers: false, origin: "https://outlook.office.com" });
    try {
      await host.tab.getByRole("heading", { name: /Sign in as a demo person/ }).waitFor({ timeout: 10_000 });
      const mark = await hostMark(tabFrame(host, svc));
      assert.ok(mark, "the tab marked its host");
      assert.equal(mark.inTeams, false);
      assert.equal(mark.detectedBy, "timeout");
      assert.ok(mark.tookMs >= 1500, `fell back after ${Math.round(mark.tookMs)} ms, i.e. after the 1.5 s wait`);
      const funcs = (await host.messages()).map((m) => m.func);
      assert.deepEqual(funcs, ["initialize"], "it asked its parent once, and nothing else hung on it");
      await host.tab.getByRole("button", { name: /Ben Okafor/ }).click();
      await host.tab.getByRole("tab", { name: "Queue" }).waitFor();
    } finally {
      await host.close();
    }
  });
});
