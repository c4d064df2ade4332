import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { useServiceAndBrowser } from "../support/browser.ts";
import { messageId, openPane, type FakeMail } from "../support/office-host.ts";
import type { TestService } from "../support/service.ts";
import { signInOnTab } from "../support/tab.ts";
import { TAB_VIEWS } from "../support/tab-views.ts";

/**
 * A quiet console (issue 14): every page in normal use (each view of the tab, the start page
 * and its views, the browser chat, the add-in before and after filing) logs no console error
 * and gets no 4xx/5xx from the service. The browser logs every failed response itself
 * ("Failed to load resource"), so a favicon 404 or an expected 404 shows up here.
 */
describe("a quiet console on every page (headless Chromium)", function () {
  this.timeout(120_000);
  let svc: TestService;
  let browser: Browser;
  let problems: string[] = [];

  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));

  /** The browser, with each new page watched for console errors, script errors and the service's failed responses. */
  const watched = (): Browser =>
    ({
      newPage: async (opts?: Parameters<Browser["newPage"]>[0]) => {
        const page = await browser.newPage(opts);
        page.on("console", (m) => m.type() === "error" && problems.push(`console error on ${page.url()}: ${m.text()}`));
        page.on("pageerror", (err) => problems.push(`script error on ${page.url()}: ${err.message}`));
        page.on("response", (r) => r.url().startsWith(svc.url) && r.status() >= 400 && problems.push(`${r.status()} ${r.request().method()} ${r.url()}`));
        return page;
      },
    }) as Browser;

  /** After `page` has settled a little: nothing went wrong on it. */
  async function quiet(page: Page, what: string) {
    await page.waitForTimeout(400);
    await page.close();
    const found = problems;
    problems = [];
    assert.deepEqual(found, [], `${what}: no console errors and no failed responses`);
  }

  for (const view of TAB_VIEWS) {
    for (const locale of [undefined, "es"] as const) {
      it(`the tab: ${view.name}${locale ? " (Spanish)" : ""}`, async () => {
        await quiet(await view.open(watched(), svc, { locale }), view.name);
      });
    }
  }

  it("the start page: the people, then each view of the desk, the favicon answered", async () => {
    const page = await watched().newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(svc.url + "/");
    await page.getByRole("button", { name: /Ben Okafor/ }).click();
    await page.locator("#desk").waitFor();
    for (const tab of ["#tab-new", "#tab-mine", "#tab-queue", "#tab-sla"]) {
      await page.click(tab);
      await page.waitForTimeout(300);
    }
    const icon = await svc.call("GET", "/favicon.ico");
    assert.equal(icon.status, 200);
    await quiet(page, "the start page");
  });

  it("the browser chat: help and my requests", async () => {
    const page = await watched().newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${svc.url}/chat.html`);
    await page.locator("#person option", { hasText: "Dana" }).waitFor({ state: "attached" });
    await page.selectOption("#person", "demo-dana");
    for (const text of ["help", "my"]) {
      await page.fill("#message", text);
      await page.press("#message", "Enter");
      await page.locator("#transcript > li.msg.bot .cardhost").nth(text === "help" ? 0 : 1).waitFor();
    }
    await quiet(page, "the browser chat");
  });

  it("the add-in: a new email (not converted yet is an answer, not a 404), then the same email once filed", async () => {
    const mail: FakeMail = {
      subject: "Laptop screen flickers",
      text: "My laptop screen flickers since this morning's update.",
      from: { displayName: "Dana Whitfield", emailAddress: "dana@contoso.example" },
      internetMessageId: messageId("quiet"),
      dateTimeCreated: "2026-01-05T09:30:00Z",
      attachments: [],
    };
    const page = await openPane(watched(), svc.url, mail);
    await signInOnTab(page, "Dana Whitfield");
    await page.getByTestId("mail-form").waitFor();
    await page.getByTestId("create").click();
    await page.getByTestId("request-status").waitFor();
    await quiet(page, "the add-in, new email");

    const again = await openPane(watched(), svc.url, mail);
    await signInOnTab(again, "Dana Whitfield");
    await again.getByTestId("request-status").waitFor();
    await quiet(again, "the add-in, converted email");
  });

  it("the API: by-email with optional=1 answers 204 for an email that is not a request, and still 404 without it", async () => {
    const dana = await svc.token("dana");
    const path = `/api/requests/by-email?internetMessageId=${encodeURIComponent(messageId("none"))}`;
    assert.equal((await svc.call("GET", `${path}&optional=1`, { token: dana })).status, 204);
    assert.equal((await svc.call("GET", path, { token: dana })).status, 404);
    assert.equal((await svc.call("GET", "/api/requests/by-email?optional=1", { token: dana })).status, 400, "a missing id is still bad input");
  });
});
