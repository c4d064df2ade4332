import assert from "node:assert/strict";
import type { Browser, Locator, Page } from "playwright-core";
import { screenshotPath, useServiceAndBrowser } from "../support/browser.ts";
import type { TestService } from "../support/service.ts";

/**
 * The development Teams chat (/chat.html), issue 14's first complaint: Dana is asked
 * something on her request and reads the question in her chat, answers in the box on the
 * notice itself, and Ben reads her answer in his; nobody opens another app.
 */
describe("dev Teams chat: a question answered in place (headless Chromium)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let browser: Browser;
  const pageErrors: string[] = [];

  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));
  afterEach(() => assert.deepEqual(pageErrors.splice(0), [], "no script errors on the page"));

  async function open(user: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("pageerror", (err) => pageErrors.push(`${user}: ${err.message}`));
    await page.goto(`${svc.url}/chat.html`);
    await page.locator("#person option", { hasText: "Dana" }).waitFor({ state: "attached" });
    await page.selectOption("#person", `demo-${user}`);
    return page;
  }
  async function say(page: Page, text: string): Promise<void> {
    await page.fill("#message", text);
    await page.press("#message", "Enter");
  }
  const message = (page: Page, text: string | RegExp): Locator => page.locator("#transcript > li.msg", { hasText: text }).last();

  it("Ben asks in his chat; Dana reads the question on the notice, answers in its box; Ben reads the answer", async () => {
    const dana = await open("dana");
    await say(dana, "new IT Cannot print payslips");
    const filed = message(dana, /Filed IT-\d+/);
    await filed.locator(".cardhost").waitFor();
    const id = /IT-\d+/.exec((await filed.textContent()) ?? "")![0];

    const ben = await open("ben");
    await say(ben, `wait ${id} Which printer: the one by the window or the one by the door?`);
    await message(ben, new RegExp(`${id}[\\s\\S]*Waiting on requester`)).locator(".cardhost").waitFor();

    const notice = message(dana, `Ben Okafor needs something from you on ${id}`);
    await notice.locator(".cardhost").waitFor();
    assert.match((await notice.textContent()) ?? "", /Which printer: the one by the window or the one by the door\?/);
    await dana.screenshot({ path: screenshotPath("dev-chat-notice-question") });
    await notice.getByLabel("Your answer").fill("The one by the window, **2nd** floor");
    const messages = await dana.locator("#transcript > li.msg").count();
    await notice.getByRole("button", { name: "Reply", exact: true }).click();
    // The notice is replaced in place by the request with the thread ending in her answer, and no box.
    const replied = message(dana, `Your reply is on ${id}`);
    await replied.locator(".cardhost").waitFor();
    assert.equal(await dana.locator("#transcript > li.msg").count(), messages, "in place: no new message");
    assert.match((await replied.textContent()) ?? "", /Which printer[\s\S]*The one by the window, \*\*2nd\*\* floor/);
    assert.equal(await replied.getByLabel("Your answer").count(), 0);
    await dana.screenshot({ path: screenshotPath("dev-chat-notice-replied") });

    const told = message(ben, `Dana Whitfield replied on ${id}`);
    await told.locator(".cardhost").waitFor();
    assert.match((await told.textContent()) ?? "", /The one by the window, \*\*2nd\*\* floor/);
    assert.match((await told.textContent()) ?? "", /In progress/, "her answer resumed it");
    await ben.screenshot({ path: screenshotPath("dev-chat-notice-answer") });
    await dana.close();
    await ben.close();
  });
});
