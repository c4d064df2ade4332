import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { RequestView, Weekday } from "../../shared/domain.ts";
import { WEEKDAYS } from "../../shared/domain.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { startService, type TestService } from "../support/service.ts";
import { openTab, signInOnTab } from "../support/tab.ts";

/** The personal tab, signed in as Dana (a requester), once her list has loaded and the stream is live. */
async function openMine(browser: Browser, url: string, query = "", opts: Parameters<typeof openTab>[3] = {}): Promise<Page> {
  const page = await openTab(browser, url, `?view=mine${query}`, opts);
  await signInOnTab(page, "Dana Whitfield");
  await page.getByTestId("my-requests").waitFor();
  await page.locator('[data-live="true"]').waitFor();
  return page;
}

/** Picks an option of a Fluent Dropdown labelled `label`. */
async function choose(page: Page, label: RegExp | string, option: RegExp | string): Promise<void> {
  await page.getByRole("combobox", { name: label }).click();
  await page.getByRole("option", { name: option, exact: typeof option === "string" }).click();
}

const item = (page: Page, id: string) => page.locator(`[data-testid=my-requests] li[data-request="${id}"]`);

/** "My requests" in the personal tab (issue 4): the list, the live stream, details, and the new-request form. */
describe("Teams tab: my requests (headless Chromium)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let browser: Browser;
  let dana: string;
  let ben: string;
  let admin: string;

  const mine = async (): Promise<RequestView[]> => (await svc.call<{ items: RequestView[] }>("GET", "/api/me/requests?status=all", { token: dana })).body.items;

  before(async () => {
    svc = await startService({ demo: true });
    browser = await launchBrowser();
    [dana, ben, admin] = await Promise.all([svc.token("dana"), svc.token("ben"), svc.token("alex")]);
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  it("lists my open requests with status and both clocks in words, times in the reader's zone, named; All shows finished ones too", async () => {
    const page = await openMine(browser, svc.url, "", { timezoneId: "America/New_York" });
    const all = await mine();
    const open = all.filter((r) => ["new", "in_progress", "waiting"].includes(r.status));
    assert.ok(open.length >= 3 && open.length < all.length, "the demo gives Dana open and finished requests");
    const ids = await page.locator("[data-testid=my-requests] li").evaluateAll((els) => els.map((e) => e.getAttribute("data-request")));
    assert.deepEqual(ids, [...open].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.number - a.number).map((r) => r.id), "open ones, newest first");

    // IT-1 was taken by Ben: in progress, first response met, resolution running with a due time
    // in the reader's zone, named (Dana reads in New York; IT keeps Madrid's hours).
    const it1 = item(page, "IT-1");
    await it1.getByText("In progress").waitFor();
    assert.equal(await it1.locator("[data-clock=firstResponse]").textContent(), "First response: Met");
    const res = (await it1.locator("[data-clock=resolution]").textContent())!;
    assert.match(res, /^Resolution: On track · Due \w{3} \d{1,2} \w{3}, \d\d:\d\d GMT-[45]$/, "en-GB names a zone by its offset");
    // HR-1 waits on Dana: the resolution clock is paused, and says so.
    assert.equal(await item(page, "HR-1").locator("[data-clock=resolution]").textContent(), "Resolution: Paused");
    assert.match((await item(page, "HR-1").textContent())!, /Waiting on requester/);
    // FIN-1 (a London department) is due in her zone too: one way to show time.
    assert.match((await item(page, "FIN-1").locator("[data-clock=firstResponse]").textContent())!, /GMT-[45]$/);
    assert.match((await item(page, "IT-1").textContent())!, /GMT-[45]/, "when it was filed, in her zone");

    await page.getByRole("radio", { name: "All" }).check();
    await item(page, "FAC-1").waitFor();
    assert.equal(await page.locator("[data-testid=my-requests] li").count(), all.length);
    assert.match((await item(page, "FAC-1").textContent())!, /Resolved/);
    assert.equal(await item(page, "FAC-1").locator("[data-clock=resolution]").getAttribute("data-state"), "met");
    await page.screenshot({ path: screenshotPath("tab-mine-list") });
    await page.close();
  });

  it("files a request: the reply time shows before sending and follows the priority; it lands at the top; a double click files one", async () => {
    // Dana reads in Kolkata: the reply time is hers, named.
    const page = await openMine(browser, svc.url, "", { timezoneId: "Asia/Kolkata" });
    await page.getByRole("button", { name: "New request" }).click();
    const preview = page.getByTestId("sla-preview");
    assert.match((await preview.textContent())!, /Choose a department to see when it will answer/);

    const normal = page.waitForResponse((r) => r.url().includes("/api/departments/IT/sla/preview?priority=normal") && r.ok());
    await choose(page, /Department/, "IT");
    const normalPreview = (await (await normal).json()) as { firstResponseDueAt: string };
    await page.locator('[data-testid=sla-preview][data-ready="true"]').waitFor();
    const normalText = (await preview.textContent())!;
    assert.match(normalText, /IT replies by \w{3} \d{1,2} \w{3}, \d\d:\d\d GMT\+5:30 and aims to resolve it by .+\./);
    const kolkata = (iso: string) =>
      new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Kolkata", weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(new Date(iso));
    assert.ok(normalText.includes(kolkata(normalPreview.firstResponseDueAt)), `${normalText} names ${kolkata(normalPreview.firstResponseDueAt)}`);

    const urgent = page.waitForResponse((r) => r.url().includes("/api/departments/IT/sla/preview?priority=urgent") && r.ok());
    await choose(page, /Priority/, "Urgent");
    const urgentPreview = (await (await urgent).json()) as { firstResponseDueAt: string };
    await page.waitForFunction((old) => {
      const el = document.querySelector('[data-testid=sla-preview][data-ready="true"]');
      return !!el && el.textContent !== old;
    }, normalText);
    const urgentText = (await preview.textContent())!;
    assert.notEqual(urgentText, normalText, "the preview follows the priority");
    assert.ok(urgentText.includes(kolkata(urgentPreview.firstResponseDueAt)), `${urgentText} names ${kolkata(urgentPreview.firstResponseDueAt)}`);
    assert.ok(Date.parse(urgentPreview.firstResponseDueAt) < Date.parse(normalPreview.firstResponseDueAt), "urgent is answered sooner");

    await choose(page, /Category/, "Network and VPN");
    await page.getByRole("textbox", { name: "Title" }).fill("Wi-Fi in room 2.14 keeps dropping");
    await page.getByRole("textbox", { name: "Description" }).fill("Since this morning.\nBoth laptops and phones.");
    await page.screenshot({ path: screenshotPath("tab-mine-form") });

    let posts = 0;
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/api/requests") posts++;
    });
    const before = (await mine()).length;
    await page.getByRole("button", { name: "File request" }).dblclick();
    await page.getByText(/^Filed IT-\d+\.$/).waitFor();
    const filed = (await mine()).filter((r) => r.title === "Wi-Fi in room 2.14 keeps dropping");
    assert.equal(filed.length, 1, "a double click files one request");
    assert.equal((await mine()).length, before + 1);
    assert.ok(posts >= 1);
    const r = filed[0];
    assert.equal(r.priority, "urgent");
    assert.equal(r.category, "network");
    assert.equal(r.description, "Since this morning.\nBoth laptops and phones.");

    // At the top of the list, with the focus on it, and the form closed.
    await item(page, r.id).waitFor();
    assert.equal(await page.locator("[data-testid=my-requests] li").first().getAttribute("data-request"), r.id);
    assert.equal(await page.evaluate(() => document.activeElement?.closest("li")?.getAttribute("data-request")), r.id);
    assert.equal(await page.getByTestId("sla-preview").count(), 0);
    await page.screenshot({ path: screenshotPath("tab-mine-filed") });
    await page.close();
  });

  it("a title over 200 characters is refused before sending, and nothing typed is lost", async () => {
    const page = await openMine(browser, svc.url);
    let posts = 0;
    page.on("request", (r) => {
      if (r.method() === "POST" && new URL(r.url()).pathname === "/api/requests") posts++;
    });
    await page.getByRole("button", { name: "New request" }).click();
    await choose(page, /Department/, /Human Resources/);
    const long = "x".repeat(201);
    await page.getByRole("textbox", { name: "Title" }).fill(long);
    await page.getByRole("textbox", { name: "Description" }).fill("Keep me");
    await page.getByRole("button", { name: "File request" }).click();
    await page.getByText("Write a title of 1 to 200 characters.").waitFor();
    assert.equal(posts, 0, "nothing was sent");
    assert.equal(await page.getByRole("textbox", { name: "Title" }).inputValue(), long);
    assert.equal(await page.getByRole("textbox", { name: "Description" }).inputValue(), "Keep me");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-field")), "title", "the cursor goes to the field to fix");
    assert.match((await page.getByText(/of 200 characters/).textContent())!, /201 of 200 characters/);
    await page.close();
  });

  it("a refusal by the API (a category removed meanwhile) shows next to its field in Spanish, and keeps what was typed", async () => {
    const today = WEEKDAYS[(new Date().getUTCDay() + 6) % 7];
    const week = Object.fromEntries(WEEKDAYS.map((d) => [d, d === today ? [] : [["00:00", "24:00"]]])) as Record<Weekday, string[][]>;
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const body = (categories: Array<{ key: string; name: string }>) => ({
      name: "QA Lab",
      description: "Test rigs and devices.",
      calendar: { timeZone: "UTC", week, holidays: [tomorrow] },
      sla: { warnAtPercent: 80, targets: Object.fromEntries(["low", "normal", "high", "urgent"].map((p) => [p, { firstResponseMinutes: 120, resolutionMinutes: 960 }])) },
      categories,
      leads: [{ id: "demo-alex", name: "Alex Morgan" }],
    });
    const put = await svc.call("PUT", "/api/departments/QA", { token: admin, body: body([{ key: "rigs", name: "Test rigs" }, { key: "gadgets", name: "Gadgets" }]) });
    assert.ok(put.status === 201 || put.status === 200, put.text);

    const page = await openMine(browser, svc.url, "&locale=es");
    await page.getByRole("button", { name: "Nueva solicitud" }).click();
    await choose(page, /Departamento/, /QA Lab/);
    await page.locator('[data-testid=sla-preview][data-ready="true"]').waitFor();
    const preview = (await page.getByTestId("sla-preview").textContent())!;
    // Closed all day today, and tomorrow is a holiday: the preview says both.
    assert.match(preview, /QA Lab responde antes de/);
    assert.match(preview, /QA Lab está cerrado ahora; el reloj empieza cuando abra/);
    assert.match(preview, /es festivo/);

    await choose(page, /Categoría/, "Gadgets");
    await page.getByRole("textbox", { name: "Título" }).fill("Lend me a <b>USB-C</b> hub & a charger");
    await page.getByRole("textbox", { name: "Descripción" }).fill("Para la demo del jueves.\n<script>alert(1)</script>");
    // Meanwhile the lead drops the category.
    const again = await svc.call("PUT", "/api/departments/QA", { token: admin, body: { ...body([{ key: "rigs", name: "Test rigs" }]), changeReason: "Gadgets go to IT" } });
    assert.equal(again.status, 200, again.text);

    const refused = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/requests" && r.request().method() === "POST");
    await page.getByRole("button", { name: "Crear solicitud" }).click();
    assert.equal((await refused).status(), 400);
    await page.getByText("Elige una de las categorías del departamento, o ninguna.").waitFor();
    await page.getByText("La solicitud no se ha creado: corrige los campos marcados en rojo.").waitFor();
    assert.equal(await page.getByRole("textbox", { name: "Título" }).inputValue(), "Lend me a <b>USB-C</b> hub & a charger");
    assert.equal(await page.getByRole("textbox", { name: "Descripción" }).inputValue(), "Para la demo del jueves.\n<script>alert(1)</script>");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-field")), "category");
    await page.screenshot({ path: screenshotPath("tab-mine-refused-es") });

    // Choosing none files it; what was typed shows as text, never as markup.
    await choose(page, /Categoría/, "(ninguna)");
    await page.getByRole("button", { name: "Crear solicitud" }).click();
    await page.getByText("Creada QA-1.").waitFor();
    const qa = item(page, "QA-1");
    await qa.waitFor();
    assert.equal(await qa.getByRole("button").first().textContent(), "Lend me a <b>USB-C</b> hub & a charger");
    assert.equal(await qa.locator("b").count(), 0);
    await qa.getByRole("button").first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("request-history").waitFor();
    assert.equal(await dialog.getByTestId("request-description").textContent(), "Para la demo del jueves.\n<script>alert(1)</script>");
    assert.equal(await dialog.locator("script").count(), 0);
    await page.close();
  });

  it("an agent's change shows in my list live, without a reload; details show the history but never internal notes", async () => {
    const page = await openMine(browser, svc.url, "", { viewport: { width: 1100, height: 900 } });
    const filed = await svc.call<RequestView>("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Monitor flickers", priority: "high" } });
    assert.equal(filed.status, 201);
    const id = filed.body.id;
    await item(page, id).waitFor({ timeout: 2_000 });

    let reloads = 0;
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/me/requests") reloads++;
    });
    const took = await svc.call<RequestView>("POST", `/api/requests/${id}/actions`, { token: ben, body: { action: "take" } });
    assert.equal(took.status, 200, took.text);
    await item(page, id).locator('[data-status="in_progress"]').waitFor({ timeout: 2_000 });
    await item(page, id).locator('[data-clock=firstResponse][data-state="met"]').waitFor({ timeout: 2_000 });
    assert.match((await item(page, id).textContent())!, /Ben Okafor/);

    const note = await svc.call("POST", `/api/requests/${id}/actions`, { token: ben, body: { action: "comment", text: "Internal: probably the cable", public: false } });
    assert.equal(note.status, 200, note.text);
    const ask = await svc.call("POST", `/api/requests/${id}/actions`, { token: ben, body: { action: "wait", text: "Which port is it plugged into?" } });
    assert.equal(ask.status, 200, ask.text);
    await item(page, id).locator('[data-status="waiting"]').waitFor({ timeout: 2_000 });
    assert.equal(reloads, 0, "the changes came through the live stream");

    await item(page, id).getByRole("button", { name: "Monitor flickers" }).click();
    const dialog = page.getByRole("dialog");
    const history = dialog.getByTestId("request-history");
    await history.getByText("Which port is it plugged into?").waitFor();
    const text = (await history.textContent())!;
    assert.match(text, /Dana Whitfield filed the request/);
    assert.match(text, /Ben Okafor took the request/);
    assert.match(text, /Ben Okafor asked the requester for more information/);
    assert.doesNotMatch(text, /probably the cable|internal note/i);
    await dialog.getByText(/IT is waiting for your answer/).waitFor();
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running")); // the dialog's entrance, for the picture
    await page.screenshot({ path: screenshotPath("tab-mine-details") });

    // Dana answers from the tab: the request resumes (in progress), in the dialog and the list.
    await dialog.getByRole("textbox", { name: "Reply to IT" }).fill("The left one, HDMI.");
    await dialog.getByRole("button", { name: "Send" }).click();
    await history.getByText("The left one, HDMI.").waitFor();
    await item(page, id).locator('[data-status="in_progress"]').waitFor();
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.close();
  });

  it("a link to one request (?request=IT-n, as the Outlook add-in gives) opens its details at once", async () => {
    const filed = await svc.call<RequestView>("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Linked from Outlook" } });
    assert.equal(filed.status, 201);
    const page = await openMine(browser, svc.url, `&request=${filed.body.id}`);
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Linked from Outlook").first().waitFor();
    assert.match((await dialog.textContent())!, new RegExp(filed.body.id));
    await page.close();
  });

  it("reads well in the dark theme", async () => {
    const page = await openMine(browser, svc.url, "&theme=dark");
    assert.equal(await page.locator("[data-theme]").first().getAttribute("data-theme"), "dark");
    await page.getByRole("button", { name: "New request" }).click();
    await choose(page, /Department/, "IT");
    await page.locator('[data-testid=sla-preview][data-ready="true"]').waitFor();
    await page.screenshot({ path: screenshotPath("tab-mine-dark"), fullPage: true });
    await page.close();
  });
});
