import assert from "node:assert/strict";
import type { Browser, Locator, Page } from "playwright-core";
import { screenshotPath, useServiceAndBrowser } from "../support/browser.ts";
import { startService, type TestService } from "../support/service.ts";

/**
 * The development Teams chat (/chat.html): a newcomer talks to the bot in a plain browser.
 * Everything runs through the real service: activities to /api/messages, replies and
 * proactive posts through the service's own Bot Connector stand-in, cards drawn by the
 * official Adaptive Cards renderer.
 */
describe("dev Teams chat page (headless Chromium)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let browser: Browser;
  const pageErrors: string[] = [];

  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));
  afterEach(() => assert.deepEqual(pageErrors.splice(0), [], "no script errors on the page"));

  async function open(user: string, opts: { place?: "personal" | "channel"; locale?: "en-US" | "es-ES" } = {}): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on("pageerror", (err) => pageErrors.push(`${user}: ${err.message}`));
    await page.goto(`${svc.url}/chat.html`);
    await page.locator("#person option", { hasText: "Dana" }).waitFor({ state: "attached" });
    await page.selectOption("#person", `demo-${user}`);
    if (opts.place) await page.selectOption("#place", opts.place);
    if (opts.locale) await page.selectOption("#locale", opts.locale);
    return page;
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.fill("#message", text);
    await page.press("#message", "Enter");
  }

  /** The message in the transcript that shows `text` (the latest if several do). */
  const message = (page: Page, text: string | RegExp): Locator => page.locator("#transcript > li.msg", { hasText: text }).last();

  let filed = "";

  it("a lead links the IT triage channel from the channel", async () => {
    const ana = await open("ana", { place: "channel" });
    await say(ana, "link IT");
    await message(ana, "@Tandem link IT").waitFor();
    await message(ana, /triage channel|posted here/i).locator(".cardhost").waitFor();
    await ana.close();
  });

  it("Dana files in her chat; Ben takes it from his queue card; Dana is told; the channel card follows", async () => {
    const dana = await open("dana");
    await say(dana, "new IT Printer jam");
    const reply = message(dana, /Filed IT-\d+/);
    await reply.locator(".cardhost").waitFor();
    filed = /IT-\d+/.exec((await reply.textContent()) ?? "")![0];
    assert.match((await reply.textContent()) ?? "", /Printer jam/);
    await dana.screenshot({ path: screenshotPath("dev-chat-dana-filed") });

    // The triage channel got a card for it (a proactive post).
    const channel = await open("ben", { place: "channel" });
    const triage = message(channel, new RegExp(`${filed}\\s+Printer jam`));
    await triage.locator(".cardhost").waitFor();

    const ben = await open("ben");
    await say(ben, "queue");
    const queue = message(ben, filed);
    await queue.locator(".cardhost").waitFor();
    await ben.screenshot({ path: screenshotPath("dev-chat-ben-queue") });
    // A queue line is an Action.Submit: it asks for the request's card, whose Take is an Action.Execute.
    await queue.getByRole("button", { name: filed }).click();
    const card = ben.locator("#transcript > li.msg.bot").last();
    await card.getByRole("button", { name: "Take", exact: true }).waitFor();
    assert.match((await card.textContent()) ?? "", /New/);
    await card.getByRole("button", { name: "Take", exact: true }).click();
    await card.locator(".cardhost", { hasText: "In progress" }).waitFor();
    assert.equal(await card.getByRole("button", { name: "Take", exact: true }).count(), 0, "the taken card offers Take no more");
    await ben.screenshot({ path: screenshotPath("dev-chat-ben-taken") });

    await message(dana, `Ben Okafor is working on ${filed}`).waitFor();
    await dana.screenshot({ path: screenshotPath("dev-chat-dana-told") });

    // The channel's card was updated in place (a PUT): still one card for the request, now in progress.
    await triage.locator(".cardhost", { hasText: "In progress" }).waitFor();
    assert.equal(await channel.locator("#transcript > li.msg", { hasText: new RegExp(`${filed}\\s+Printer jam`) }).count(), 1);
    await channel.screenshot({ path: screenshotPath("dev-chat-channel") });

    // A reload shows the same conversation: the refreshed card was kept, as Teams keeps it.
    await ben.reload();
    await ben.locator("#transcript > li.msg.bot").last().locator(".cardhost", { hasText: "In progress" }).waitFor();
    for (const p of [dana, ben, channel]) await p.close();
  });

  it("the `new` form is filled and sent inside its card, and the answer replaces the form", async () => {
    const dana = await open("dana");
    await say(dana, "new");
    const form = dana.locator("#transcript > li.msg.bot").last();
    // No department is preselected: the form asks for one before anything else.
    await form.getByRole("button", { name: "Continue" }).waitFor();
    assert.equal(await form.locator("select").first().inputValue(), "");
    assert.equal(await form.locator("select").count(), 1, "no category list before a department is chosen");
    await form.getByRole("button", { name: "Continue" }).click();
    await form.locator(".ac-input-validation-failed").first().waitFor();
    await dana.screenshot({ path: screenshotPath("dev-chat-form") });
    await form.locator("select").first().selectOption("FAC");
    await form.locator("input[type=text]").first().fill("Desk lamp broken");
    await form.getByRole("button", { name: "Continue" }).click();
    // The form again, for Facilities: its categories only, what was typed kept.
    await form.getByRole("button", { name: "File request" }).waitFor();
    assert.equal(await form.locator("input[type=text]").first().inputValue(), "Desk lamp broken");
    const categories = await form.locator("select").nth(1).locator("option").allTextContents();
    assert.ok(categories.length > 1 && !categories.some((c) => /·/.test(c)), `Facilities' own categories: ${categories}`);
    await form.locator("select").nth(1).selectOption({ index: 1 });
    await dana.screenshot({ path: screenshotPath("dev-chat-form-department") });
    await form.getByRole("button", { name: "File request" }).click();
    await form.locator(".cardhost", { hasText: /Filed FAC-\d+/ }).waitFor();
    assert.equal(await form.getByRole("button", { name: "File request" }).count(), 0);
    await dana.screenshot({ path: screenshotPath("dev-chat-form-filed") });
    await dana.close();
  });

  it("shows what people type as text, never as markup", async () => {
    const dana = await open("dana");
    await say(dana, "<img src=x onerror=\"window.__xss=1\"> hello");
    await message(dana, "<img src=x").waitFor();
    // Anything not understood gets the short help.
    await dana.locator("#transcript > li.msg.bot .cardhost").last().waitFor();
    assert.equal(await dana.locator("#transcript img").count(), 0);
    assert.equal(await dana.evaluate(() => (window as { __xss?: number }).__xss), undefined);
    await dana.close();
  });

  it("answers in Spanish: `ayuda` shows the Spanish help", async () => {
    const dana = await open("dana", { locale: "es-ES" });
    await say(dana, "ayuda");
    const help = message(dana, "Lo que Tandem puede hacer");
    await help.locator(".cardhost").waitFor();
    assert.match((await help.textContent()) ?? "", /nueva IT/);
    await dana.screenshot({ path: screenshotPath("dev-chat-spanish") });
    // "Mis solicitudes abiertas" is a messageBack: its text is said for Dana, and answered.
    await help.getByRole("button", { name: "Mis solicitudes abiertas" }).click();
    await dana.locator("#transcript > li.msg.user", { hasText: /^\s*Dana Whitfield.*mis\s*$/ }).waitFor();
    const mine = dana.locator("#transcript > li.msg.bot").last();
    await mine.locator(".cardhost", { hasText: "Mis solicitudes abiertas" }).filter({ hasNotText: "Lo que Tandem" }).waitFor();
    assert.match((await mine.textContent()) ?? "", /Printer jam/);
    await dana.close();
  });

  it("does not exist when the bot has a MicrosoftAppId: every dev chat route answers 404", async () => {
    const prod = await startService({ env: { MicrosoftAppId: "x", MicrosoftAppTenantId: "t", MicrosoftAppPassword: "p" } });
    try {
      const conv = encodeURIComponent("a:dev-chat-demo-dana");
      const calls: Array<[string, string, unknown?]> = [
        ["GET", "/chat.html"],
        ["GET", "/chat.js"],
        ["GET", "/dev/chat/api/config"],
        ["GET", "/dev/chat/adaptivecards.min.js"],
        ["GET", `/dev/chat/api/conversations/${conv}/activities?after=0&wait=0`],
        ["POST", `/dev/chat/api/conversations/${conv}/activities`, { type: "message", text: "hi" }],
        ["POST", `/dev/connector/v3/conversations/${conv}/activities`, { type: "message", text: "hi" }],
        ["POST", `/dev/connector/v3/conversations/${conv}/activities/1`, { type: "message", text: "hi" }],
        ["PUT", `/dev/connector/v3/conversations/${conv}/activities/1`, { type: "message", text: "hi" }],
      ];
      for (const [method, path, body] of calls) {
        assert.equal((await prod.call(method, path, { body })).status, 404, `${method} ${path}`);
      }
      // ...while the same routes answer in development.
      assert.equal((await svc.call("GET", "/chat.html")).status, 200);
      assert.equal((await svc.call("GET", "/dev/chat/api/config")).status, 200);
    } finally {
      await prod.close();
    }
  });
});
