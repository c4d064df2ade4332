import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { screenshotPath, useServiceAndBrowser } from "../support/browser.ts";
import { startService, type TestService } from "../support/service.ts";
import { gateWhilePreparing } from "../../bot/demo/preparing-gate.ts";
import { DEMO_DEPARTMENTS } from "../../bot/demo/demo-catalogue.ts";
import { isWorkingInstant } from "../../shared/sla/calendar.ts";

/** The start page a newcomer opens after `npm start`: sign in as a demo person and work the desk. */
describe("start page (headless Chromium)", function () {
  this.timeout(60_000);
  let svc: TestService;
  let browser: Browser;

  useServiceAndBrowser((s, b) => ((svc = s), (browser = b)));

  async function signInAs(name: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(svc.url + "/");
    await page.getByRole("button", { name: new RegExp(name) }).click();
    await page.locator("#desk").waitFor();
    return page;
  }

  it("lists the demo people, and a requester files a request with the SLA preview shown first", async () => {
    const page = await signInAs("Dana");
    await assert.doesNotReject(page.locator("#preview").filter({ hasText: "replies by" }).waitFor());
    await page.screenshot({ path: screenshotPath("start-new-request") });
    await page.selectOption("#new-dept", "IT");
    await page.locator("#preview").filter({ hasText: "IT replies by" }).waitFor();
    await page.fill("#new-title", "<img src=x onerror=alert(1)> Monitor flickers");
    await page.click("button[type=submit]");
    const result = await page.locator("#new-result").filter({ hasText: "Filed IT-" }).textContent();
    const id = /IT-\d+/.exec(result ?? "")![0];
    await page.click("#tab-mine");
    const item = page.locator(`#req-${id}`);
    await item.waitFor();
    // What the requester typed shows as text, never as markup.
    assert.match((await item.textContent()) ?? "", /<img src=x onerror=alert\(1\)> Monitor flickers/);
    assert.equal(await page.locator("#mine img").count(), 0);
    await page.screenshot({ path: screenshotPath("start-my-requests") });
    await page.close();
  });

  it("an agent's queue shows a request filed elsewhere live, and taking it moves it on", async () => {
    const page = await signInAs("Ben");
    await page.locator("#live.on").waitFor();
    const dana = await svc.token("dana");
    const created = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Live one", priority: "urgent" } });
    const row = page.locator(`#req-${created.body.id}`);
    await row.waitFor({ timeout: 5000 });
    await row.getByRole("button", { name: "Take", exact: true }).click();
    await row.locator(".status.in_progress").waitFor();
    assert.match((await row.textContent()) ?? "", /with Ben/);
    await page.screenshot({ path: screenshotPath("start-queue"), fullPage: true });
    await page.close();
  });

  it("speaks the browser's language: a Spanish reader gets the page in Spanish, times in their own zone, named, and clocks counting business time", async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: "es-ES", timezoneId: "America/Mexico_City" });
    const page = await context.newPage();
    await page.goto(svc.url + "/");
    await page.getByRole("heading", { name: "Entrar como" }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "es");
    await page.getByRole("button", { name: /Dana/ }).click();
    await page.locator("#desk").waitFor();
    assert.equal(await page.locator("#tab-new").textContent(), "Nueva solicitud");
    await page.selectOption("#new-dept", "IT");
    // The preview names the reader's zone (Mexico City: CST), never an IANA name.
    const preview = page.locator("#preview").filter({ hasText: "IT responde antes de" });
    await preview.waitFor();
    const previewText = (await preview.textContent()) ?? "";
    assert.match(previewText, /y prevé resolverla antes de/);
    assert.match(previewText, /CST|GMT-6/);
    assert.doesNotMatch(previewText, /Europe\/Madrid|America\//);
    // A refused field is said in Spanish (by its code, not the API's English sentence).
    await page.click("button[type=submit]");
    await page.locator("#new-result.bad").filter({ hasText: "Escribe un título de 1 a 200 caracteres." }).waitFor();
    await page.fill("#new-title", "La impresora no imprime");
    await page.click("button[type=submit]");
    await page.locator("#new-result").filter({ hasText: "Se ha creado IT-" }).waitFor();
    await page.click("#tab-mine");
    const chip = page.locator("#mine .chip").first();
    await chip.waitFor();
    // "Quedan ..." counted on IT's calendar (Madrid): outside its hours it stands still and says so.
    const clockText = (await page.locator("#mine").textContent()) ?? "";
    assert.match(clockText, /Primera respuesta: (En plazo|En riesgo|Incumplido)/);
    assert.match(clockText, /Quedan|de retraso/);
    assert.doesNotMatch(clockText, /due in|overdue|on track|from Dana/);
    await page.screenshot({ path: screenshotPath("start-my-requests-es") });
    await context.close();
  });

  it("the countdown is business time on the department's calendar, as on the board", async () => {
    const dana = await svc.token("dana");
    const created = await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Counting business time", priority: "urgent" } });
    assert.equal(created.status, 201);
    const it = DEMO_DEPARTMENTS.find((d) => d.key === "IT")!;
    const page = await signInAs("Dana");
    await page.click("#tab-mine");
    const line = page.locator(`#req-${created.body.id} [data-due]`).first();
    await line.waitFor();
    const text = (await line.textContent()) ?? "";
    if (isWorkingInstant(it.calendar, Date.now())) {
      // IT is open: minutes pass, so less than the 15-minute target is left, and no "outside working hours".
      assert.match(text, /^(1[0-4]|\d)m\s\d\ds\sleft/);
      assert.doesNotMatch(text, /outside working hours/);
    } else {
      // IT is closed (night, lunch, weekend, holiday): the clock has not started, the whole target is left and the line says why.
      assert.match(text, /^15m\s00s\sleft/);
      assert.match(text, /outside working hours now/);
    }
    assert.match(text, /Due .+ [A-Z]{2,5}|Due .+ GMT/, "the due time names the reader's zone");
    await page.close();
  });

  it("shows each department's published SLA", async () => {
    const page = await signInAs("Dana");
    await page.click("#tab-sla");
    await page.locator(".dept").first().waitFor();
    const text = (await page.locator("#depts").textContent()) ?? "";
    for (const zone of ["Europe/Madrid", "America/New_York", "Asia/Kolkata"]) assert.ok(text.includes(zone), zone);
    await page.locator(".stats", { hasText: "This month" }).first().waitFor();
    await page.screenshot({ path: screenshotPath("start-departments"), fullPage: true });
    await page.close();
  });

  it("on a first start still writing the demo's history, says how far it has come, then offers the people", async () => {
    const gated = await startService();
    let progress = { done: 12, total: 280 };
    const open = gateWhilePreparing(gated.app.server, () => progress);
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
      await page.goto(gated.url + "/");
      await page.getByRole("status").filter({ hasText: "Preparing the demo: writing six months of past requests (12 of 280)" }).waitFor();
      await page.screenshot({ path: screenshotPath("start-preparing") });
      progress = { done: 200, total: 280 };
      await page.getByRole("status").filter({ hasText: "(200 of 280)" }).waitFor({ timeout: 10_000 });
      open();
      await page.getByRole("button", { name: /Dana Whitfield/ }).waitFor({ timeout: 10_000 });
      assert.equal(await page.getByRole("status").filter({ hasText: "Preparing" }).count(), 0, "the progress line is gone");
      await page.close();
    } finally {
      await gated.close();
    }
  });

  it("keeps the departments' figures live: a request filed elsewhere shows in them without a reload", async () => {
    const page = await signInAs("Dana");
    await page.click("#tab-sla");
    const legal = page.locator('.stats[data-dept="LEGAL"]');
    await legal.filter({ hasText: "This month" }).waitFor();
    const before = Number(/(\d+) filed/.exec((await legal.textContent()) ?? "")?.[1]);
    assert.ok(Number.isInteger(before), `a count of filed requests: ${await legal.textContent()}`);
    const ben = await svc.token("ben");
    const created = await svc.call("POST", "/api/requests", { token: ben, body: { department: "LEGAL", title: "Contract question" } });
    assert.equal(created.status, 201, created.text);
    await legal.filter({ hasText: `This month: ${before + 1} filed` }).waitFor({ timeout: 15_000 });
    await page.close();
  });
});
