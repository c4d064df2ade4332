import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { useServiceAndBrowser, screenshotPath } from "../support/browser.ts";
import { cspViolations, openFramed, recordCspViolations, type Violation } from "../support/csp.ts";
import { fakeOfficeJs, messageId, OFFICE_JS_URL, type FakeMail } from "../support/office-host.ts";
import type { TestService } from "../support/service.ts";
import { openInTeams, type TeamsTheme } from "../support/teams-host.ts";

const MAIL = (): FakeMail => ({
  subject: "Projector in room 4 is dead",
  text: "Hello,\r\nthe projector in room 4 does not turn on.\r\nThanks, Mario",
  from: { displayName: "Mario Rossi", emailAddress: "mario.rossi@fabrikam.example" },
  internetMessageId: messageId("csp"),
});

/** Nothing was blocked: no violation event in any frame, no "Refused to ..." in the console. */
function assertNoViolations(violations: Violation[], console: string[], what: string) {
  assert.deepEqual(violations, [], `${what}: CSP violations ${JSON.stringify(violations, null, 1)}`);
  assert.deepEqual(console, [], `${what}: console`);
}

/**
 * The pages' Content Security Policy in Chromium (issue 11.3): the tab runs inside Teams and the
 * add-in inside Outlook with nothing blocked, in every theme and language; a site that is not a
 * Microsoft host cannot frame either; the start and chat pages run with nothing blocked.
 */
describe("Content Security Policy in the browser (headless Chromium)", function () {
  this.timeout(120_000);
  let svc: TestService;
  let browser: Browser;
  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));

  /** Whether the framed page at `childPath` rendered its own document (false: the browser refused to frame it). */
  async function framedRenders(page: Page, childPath: string): Promise<{ rendered: boolean; urls: string[] }> {
    // The frame has finished loading whatever it was allowed to show: the tab's page, or Chromium's error page.
    await page.waitForFunction(() => {
      const f = document.querySelector<HTMLIFrameElement>("iframe");
      return !!f && (f as unknown as { __loaded?: boolean }).__loaded === true;
    });
    const urls = page.frames().map((f) => f.url());
    const child = page.frames().find((f) => f !== page.mainFrame());
    const rendered = child ? await child.evaluate(() => !!document.getElementById("root")).catch(() => false) : false;
    return { rendered, urls: urls.filter((u) => u.includes(childPath) || u.startsWith("chrome-error:")) };
  }

  /** Marks the host page's iframe when its load event fires (error pages fire it too). */
  async function markFrameLoad(page: Page) {
    // A string, not a function: the test loader would name an inner arrow with a helper the page lacks.
    await page.evaluate(`(() => {
      const f = document.querySelector("iframe");
      f.addEventListener("load", () => { f.__loaded = true; });
      // Re-navigate so the load is observed from the start (the first one may be over already).
      f.src = f.src;
    })()`);
  }

  describe("the Teams tab", () => {
    const cases: Array<{ theme: TeamsTheme; locale: "en-us" | "es-es" }> = [
      { theme: "default", locale: "en-us" },
      { theme: "dark", locale: "en-us" },
      { theme: "contrast", locale: "en-us" },
      { theme: "default", locale: "es-es" },
      { theme: "dark", locale: "es-es" },
      { theme: "contrast", locale: "es-es" },
    ];
    for (const { theme, locale } of cases) {
      it(`inside Teams (${theme} theme, ${locale}): the board and the dashboard run with nothing blocked`, async () => {
        let console: string[] = [];
        const host = await openInTeams(browser, svc, {
          query: "?view=board&department=IT",
          user: "demo-ben",
          theme,
          locale,
          beforeOpen: async (context) => void (console = (await recordCspViolations(context)).console),
        });
        try {
          const es = locale === "es-es";
          await host.tab.getByRole("tab", { name: es ? "Cola" : "Queue" }).waitFor();
          await host.tab.getByRole("row").nth(1).waitFor();
          // The dashboard (charts, another lazily loaded chunk) and back.
          await host.tab.getByRole("tab", { name: es ? "Panel de SLA" : "SLA dashboard" }).click();
          await host.tab.getByTestId("dashboard").waitFor();
          await host.tab.locator("svg[data-chart=attainment]").waitFor();
          assert.ok(host.tokensGiven() >= 1, "signed in with Teams SSO");
          if (theme !== "default" || es) {
            // The theme really applied (Fluent's styles, written at run time, were not blocked).
            const frame = host.page.frames().find((f) => f.url().startsWith(`${svc.url}/tab/`))!;
            const bg = await frame.evaluate(() => getComputedStyle(document.querySelector<HTMLElement>("[data-theme]")!).backgroundColor);
            assert.notEqual(bg, "rgba(0, 0, 0, 0)", "the provider has its theme's background");
          }
          if (locale === "en-us") await host.page.screenshot({ path: screenshotPath(`csp-tab-teams-${theme}`) });
          assertNoViolations(await cspViolations(host.page), console, `${theme}/${locale}`);
        } finally {
          await host.close();
        }
      });
    }

    it("a site that is not a Microsoft host cannot frame the tab (the browser refuses to render it)", async () => {
      let console: string[] = [];
      const host = await openInTeams(browser, svc, {
        query: "?view=board&department=IT",
        answers: false,
        origin: "https://evil.example",
        beforeOpen: async (context) => void (console = (await recordCspViolations(context)).console),
      });
      try {
        const served = host.page.waitForResponse((r) => r.url().startsWith(`${svc.url}/tab/`) && r.request().resourceType() === "document");
        await markFrameLoad(host.page);
        assert.equal((await served).status(), 200, "the service sent the page: the browser's policy check refused it");
        const { rendered, urls } = await framedRenders(host.page, "/tab/");
        assert.equal(rendered, false, `the tab rendered inside https://evil.example: ${urls.join(", ")}`);
        assert.deepEqual(await host.messages(), [], "the tab never ran (it sent its parent nothing)");
        assert.ok(console.some((l) => /frame-ancestors/.test(l)), `Chromium names frame-ancestors: ${console.join(" | ")}`);
      } finally {
        await host.close();
      }
    });
  });

  describe("the Outlook add-in", () => {
    const office = () => ({ [OFFICE_JS_URL]: { contentType: "text/javascript; charset=utf-8", body: fakeOfficeJs(MAIL()) } });

    it("inside Outlook on the web (the fake Outlook at https://outlook.office.com): the pane renders and Office.js runs, nothing blocked", async () => {
      const framed = await openFramed(browser, { parentOrigin: "https://outlook.office.com", childUrl: `${svc.url}/addin/`, serviceUrl: svc.url, routes: office(), viewport: { width: 380, height: 900 } });
      try {
        // The pane asks Office.js for Outlook, then the service whether it signs in with dev tokens.
        await framed.frame.locator("#root > *").first().waitFor();
        const frame = framed.page.frames().find((f) => f.url().startsWith(`${svc.url}/addin/`));
        assert.ok(frame, `the pane's frame: ${framed.page.frames().map((f) => f.url()).join(", ")}`);
        await frame.waitForFunction(() => (window as unknown as { __office?: { calls: Array<{ call: string }> } }).__office?.calls.some((c) => c.call === "onReady"));
        // (Signing in here needs the frame's sessionStorage, which headless Chromium denies a cross-site frame; the plain-browser case below signs in.)
        assertNoViolations(await cspViolations(framed.page), framed.console, "add-in in Outlook");
      } finally {
        await framed.close();
      }
    });

    it("a site that is not an Outlook host cannot frame the pane", async () => {
      const framed = await openFramed(browser, { parentOrigin: "https://evil.example", childUrl: `${svc.url}/addin/`, serviceUrl: svc.url, routes: office() });
      try {
        await markFrameLoad(framed.page);
        const { rendered, urls } = await framedRenders(framed.page, "/addin/");
        assert.equal(rendered, false, `the pane rendered inside https://evil.example: ${urls.join(", ")}`);
        assert.ok(framed.console.some((l) => /frame-ancestors/.test(l)), framed.console.join(" | "));
      } finally {
        await framed.close();
      }
    });

    it("on its own (the demo email in a plain browser): nothing blocked", async () => {
      const context = await browser.newContext({ viewport: { width: 380, height: 900 } });
      const { console } = await recordCspViolations(context);
      try {
        await context.route((url) => !url.href.startsWith(svc.url), (route) =>
          route.request().url() === OFFICE_JS_URL
            ? route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: fakeOfficeJs(MAIL()) })
            : route.fulfill({ status: 404, contentType: "text/plain", body: "not on this test's network" }),
        );
        const page = await context.newPage();
        await page.goto(`${svc.url}/addin/`);
        await page.getByRole("button", { name: /Dana Whitfield/ }).first().click();
        await page.getByTestId("mail-form").waitFor();
        await page.screenshot({ path: screenshotPath("csp-addin") });
        assertNoViolations(await cspViolations(page), console, "add-in");
      } finally {
        await context.close();
      }
    });
  });

  describe("the start page and the chat page", () => {
    it("the start page: sign in, file a request, the queue and the SLA list, with nothing blocked", async () => {
      const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
      const { console } = await recordCspViolations(context);
      try {
        const page = await context.newPage();
        await page.goto(`${svc.url}/`);
        await page.getByRole("button", { name: /Ana / }).click();
        await page.locator("#desk").waitFor();
        await page.click("#tab-new");
        await page.locator("#preview").filter({ hasText: "replies by" }).waitFor();
        await page.fill("#new-title", "Badge reader at the side door");
        await page.click("button[type=submit]");
        await page.locator("#new-result").filter({ hasText: "Filed" }).waitFor();
        await page.click("#tab-queue");
        await page.locator("#live.on").waitFor();
        await page.click("#tab-sla");
        await page.locator(".dept").first().waitFor();
        await page.screenshot({ path: screenshotPath("csp-start") });
        assertNoViolations(await cspViolations(page), console, "start page");
      } finally {
        await context.close();
      }
    });

    it("the chat page: the Adaptive Cards renderer draws the bot's cards with nothing blocked", async () => {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
      const { console } = await recordCspViolations(context);
      try {
        const page = await context.newPage();
        await page.goto(`${svc.url}/chat.html`);
        await page.locator("#person option", { hasText: "Dana" }).waitFor({ state: "attached" });
        await page.selectOption("#person", "demo-dana");
        await page.fill("#message", "new IT Broken chair");
        await page.press("#message", "Enter");
        const reply = page.locator("#transcript > li.msg", { hasText: /Filed IT-\d+/ }).last();
        await reply.locator(".cardhost").waitFor();
        // Every kind of card the bot sends in a chat: help, lists, the SLA table, a request's status, the new-request form.
        const id = /IT-\d+/.exec((await reply.textContent()) ?? "")![0];
        for (const [command, shows] of [["help", /What Tandem can do/], ["my", /IT-\d+/], ["sla IT", /IT/], [`status ${id}`, /Broken chair/], ["nonsense words", /help/i]] as const) {
          const before = await page.locator("#transcript > li.msg .cardhost, #transcript > li.msg").count();
          await page.fill("#message", command);
          await page.press("#message", "Enter");
          await page.waitForFunction((n) => document.querySelectorAll("#transcript > li.msg .cardhost, #transcript > li.msg").length > n + 1, before);
          await page.locator("#transcript > li.msg", { hasText: shows }).last().waitFor();
        }
        await page.fill("#message", "new");
        await page.press("#message", "Enter");
        // The new-request form: inputs, a choice set and buttons drawn by the renderer.
        await page.locator("#transcript .cardhost input, #transcript .cardhost select").first().waitFor();
        // A second person in a channel: the queue card with its buttons.
        await page.selectOption("#person", "demo-ben");
        await page.fill("#message", "queue IT");
        await page.press("#message", "Enter");
        await page.locator("#transcript > li.msg", { hasText: /Broken chair/ }).last().locator(".cardhost").waitFor();
        await page.screenshot({ path: screenshotPath("csp-chat") });
        assertNoViolations(await cspViolations(page), console, "chat page");
      } finally {
        await context.close();
      }
    });
  });
});
