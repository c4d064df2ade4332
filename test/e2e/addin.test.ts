import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { Department, RequestView } from "../../shared/domain.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { DARK_THEME, messageId, officeCalls, openPane, type FakeMail, type FakeOutlook } from "../support/office-host.ts";
import { startService, type TestService } from "../support/service.ts";
import { signInOnTab } from "../support/tab.ts";

const MARIO = { displayName: "Mario Rossi", emailAddress: "mario.rossi@fabrikam.example" };

function laptopMail(id = messageId("laptop")): FakeMail {
  return {
    subject: "RE: FW: Laptop screen flickering",
    text: [
      "Hello,",
      "",
      "My laptop screen flickers every few seconds since this morning's update.",
      "I cannot work on the spreadsheets like this.",
      "",
      "-- ",
      "Mario Rossi | Fabrikam purchasing",
      "",
      "On Mon, 5 Jan 2026 at 09:12, Ben Okafor <ben@contoso.example> wrote:",
      "> Did it start after the update?",
    ].join("\r\n"),
    from: MARIO,
    internetMessageId: id,
    dateTimeCreated: "2026-01-05T09:30:00Z",
    attachments: [
      { name: "screen.mp4", size: 4_200_000, contentType: "video/mp4" },
      { name: "logo.png", size: 2_000, contentType: "image/png", isInline: true },
    ],
  };
}

/** Opens the pane for `mail` signed in as `who` (dev picker), once it shows the form or a request. */
async function open(browser: Browser, svc: TestService, mail: FakeMail, who = "Dana Whitfield", outlook: FakeOutlook = {}): Promise<Page> {
  const page = await openPane(browser, svc.url, mail, outlook);
  await signInOnTab(page, who);
  await page.locator("[data-testid=mail-form], [data-testid=request-status], [data-testid=problem]").first().waitFor();
  return page;
}

const fieldValue = (page: Page, id: string) => page.getByTestId(id).inputValue();

/** The Outlook add-in's task pane (issue 5), built and served at /addin/, in headless Chromium with a fake Outlook. */
describe("Outlook add-in pane (headless Chromium)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let browser: Browser;
  let dana: string;
  let ben: string;
  let ana: string;

  const byEmail = (token: string, id: string) => svc.call<RequestView>("GET", `/api/requests/by-email?internetMessageId=${encodeURIComponent(id)}`, { token });

  before(async () => {
    svc = await startService({ demo: true });
    browser = await launchBrowser();
    [dana, ben, ana] = await Promise.all([svc.token("dana"), svc.token("ben"), svc.token("ana")]);
  });
  after(async () => {
    await browser?.close();
    await svc?.close();
  });

  it("a new email: the form is prefilled (title without RE:/FW:, trail and signature trimmed, IT suggested); Create, even clicked twice, files one request from the sender", async () => {
    const mail = laptopMail();
    const page = await open(browser, svc, mail);
    await page.getByTestId("mail-form").waitFor();
    assert.equal(await fieldValue(page, "title"), "Laptop screen flickering");
    const description = await fieldValue(page, "description");
    assert.equal(description, "Hello,\n\nMy laptop screen flickers every few seconds since this morning's update.\nI cannot work on the spreadsheets like this.");
    assert.match((await page.getByTestId("department").textContent())!, /IT/);
    assert.match((await page.getByTestId("mail-from").textContent())!, /Mario Rossi <mario\.rossi@fabrikam\.example>/);
    assert.match((await page.getByTestId("requester-note").textContent())!, /filed for Mario Rossi/);
    await page.getByTestId("trimmed-note").waitFor();
    // The inline logo is not an attachment; the video is listed.
    assert.match((await page.getByTestId("mail-attachments").textContent())!, /^1 attachment, copied to the request when you file it/);
    const calls = await officeCalls(page);
    assert.ok(calls.some((c) => c.call === "body.getAsync" && c.coercionType === "text"), "the body is read as text");
    await page.screenshot({ path: screenshotPath("addin-form"), fullPage: true });

    await page.getByTestId("create").dblclick();
    await page.getByTestId("request-status").waitFor();
    const id = (await page.getByTestId("request-id").textContent())!;
    assert.match(id, /^IT-\d+$/);
    assert.match((await page.getByTestId("status-headline").textContent())!, new RegExp(`${id} was created from this email`));
    assert.match((await page.locator("[data-clock=firstResponse]").textContent())!, /^First response: On track · Due /);
    assert.match((await page.locator("[data-clock=resolution]").textContent())!, /^Resolution: On track · Due /);
    assert.match((await page.getByTestId("request-link").getAttribute("href"))!, new RegExp(`/tab/\\?view=mine&request=${id}$`));
    await page.screenshot({ path: screenshotPath("addin-created"), fullPage: true });

    const made = await byEmail(dana, mail.internetMessageId);
    assert.equal(made.status, 200);
    assert.equal(made.body.id, id);
    assert.equal(made.body.source.kind, "outlook");
    assert.equal(made.body.source.ref, mail.internetMessageId);
    assert.equal(made.body.requester.email, MARIO.emailAddress);
    assert.equal(made.body.createdBy?.name, "Dana Whitfield");
    assert.equal(made.body.title, "Laptop screen flickering");
    assert.deepEqual(made.body.email?.attachments, [{ name: "screen.mp4", size: 4_200_000, contentType: "video/mp4" }]);
    // Two clicks, one request: the IT queue has exactly one with this title from this email.
    const queue = await svc.call<{ items: RequestView[] }>("GET", "/api/departments/IT/requests?status=all&limit=200", { token: ben });
    assert.equal(queue.body.items.filter((r) => r.source.ref === mail.internetMessageId).length, 1);
    await page.close();
  });

  it("an email converted before: a second open (another device) shows its live status, not a form; an agent's change shows up", async () => {
    const mail = laptopMail();
    const first = await svc.call("POST", "/api/requests/from-email", {
      token: dana,
      body: { internetMessageId: mail.internetMessageId, subject: "Laptop screen flickering", body: "flickers", from: { name: MARIO.displayName, email: MARIO.emailAddress }, department: "IT" },
    });
    assert.equal(first.status, 201);
    const id = first.body.request.id as string;
    const page = await open(browser, svc, mail);
    await page.getByTestId("request-status").waitFor();
    assert.equal(await page.getByTestId("mail-form").count(), 0, "no second form");
    assert.equal(await page.getByTestId("request-id").textContent(), id);
    assert.match((await page.getByTestId("status-headline").textContent())!, new RegExp(`already request ${id}`));
    assert.equal(await page.getByTestId("request-status").getAttribute("data-status"), "new");
    assert.equal(await page.getByTestId("request-assignee").textContent(), "Unassigned");
    await page.locator("[data-live=true]").waitFor();

    const took = await svc.call("POST", `/api/requests/${id}/actions`, { token: ben, body: { action: "take" } });
    assert.equal(took.status, 200, took.text);
    await page.locator('[data-testid=request-status][data-status="in_progress"]').waitFor();
    assert.equal(await page.getByTestId("request-assignee").textContent(), "Assigned to Ben Okafor");
    assert.match((await page.locator("[data-clock=firstResponse]").textContent())!, /^First response: Met/);
    await page.screenshot({ path: screenshotPath("addin-already-converted"), fullPage: true });
    await page.close();
  });

  it("a 100,000-character email is kept to 32,000 characters and marked; the request is marked as cut", async () => {
    const line = "The printer on floor 3 prints every page twice and jams after the tenth sheet. ";
    const text = `Hello facilities,\n\n${line.repeat(Math.ceil(100_000 / line.length)).slice(0, 100_000)}`;
    const mail: FakeMail = { subject: "Printer on floor 3", text, from: MARIO, internetMessageId: messageId("long") };
    const page = await open(browser, svc, mail);
    await page.getByTestId("truncated-note").waitFor();
    assert.equal((await fieldValue(page, "description")).length, 32_000);
    await page.screenshot({ path: screenshotPath("addin-long"), fullPage: false });
    // Choose a department explicitly (the suggestion is editable).
    await page.getByTestId("department").click();
    await page.getByRole("option", { name: "Facilities (FAC)" }).click();
    await page.getByTestId("create").click();
    await page.getByTestId("request-status").waitFor();
    const made = await byEmail(dana, mail.internetMessageId);
    assert.equal(made.body.department, "FAC");
    assert.equal(made.body.description.length, 32_000);
    assert.equal(made.body.descriptionTruncated, true);
    assert.ok(made.body.description.startsWith("Hello facilities,"));
    await page.close();
  });

  it("an HTML email and one whose text carries markup: nothing of them is rendered as HTML", async () => {
    const mail: FakeMail = {
      subject: "<b>VPN</b> down <img src=x onerror=window.__pwned=1>",
      html: '<html><body><p>Hi,</p><p>The <b>VPN</b> is down for the whole team.</p><p><img src="https://tracker.fabrikam.example/p.gif" onerror="window.__pwned=1"><a href="https://evil.fabrikam.example/">Click here</a></p><script>window.__pwned=2</script></body></html>',
      from: MARIO,
      internetMessageId: messageId("html"),
    };
    const page = await open(browser, svc, mail);
    await page.getByTestId("mail-form").waitFor();
    const description = await fieldValue(page, "description");
    assert.match(description, /The VPN is down for the whole team\./);
    assert.doesNotMatch(description, /<p>|<b>/);
    assert.equal(await fieldValue(page, "title"), "<b>VPN</b> down <img src=x onerror=window.__pwned=1>", "the subject shows as text");

    // A text body that contains markup shows it as text too.
    const markup: FakeMail = { subject: "Markup", text: 'Look: <img src="x" onerror="window.__pwned=3"> and <a href="https://evil.fabrikam.example/">this</a>', from: MARIO, internetMessageId: messageId("markup") };
    const page2 = await open(browser, svc, markup);
    assert.match(await fieldValue(page2, "description"), /<img src="x" onerror="window.__pwned=3">/);
    for (const p of [page, page2]) {
      assert.equal(await p.locator("img").count(), 0, "no image from the mail");
      assert.equal(await p.locator('a[href*="evil"]').count(), 0, "no link from the mail");
      assert.equal(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, "no script from the mail ran");
    }
    await page.getByTestId("create").click();
    await page.getByTestId("request-status").waitFor();
    assert.equal(await page.locator("img").count(), 0);
    assert.match((await page.getByTestId("request-title").textContent())!, /^<b>VPN<\/b> down <img/);
    await page.screenshot({ path: screenshotPath("addin-html"), fullPage: true });
    await page.close();
    await page2.close();
  });

  it("service down: the form says so in words and keeps what was typed", async () => {
    const down = await startService({ demo: true });
    const page = await open(browser, down, laptopMail());
    await page.getByTestId("title").fill("Screen flickers after the update");
    await down.close();
    await page.getByTestId("create").click();
    const error = page.getByTestId("form-error");
    await error.waitFor();
    assert.match((await error.textContent())!, /Tandem cannot be reached.*then try again; what you typed is kept/);
    assert.equal(await fieldValue(page, "title"), "Screen flickers after the update");
    assert.equal(await page.getByTestId("create").isEnabled(), true, "the button works again");
    await page.screenshot({ path: screenshotPath("addin-service-down"), fullPage: true });
    await page.close();
  });

  it("401 (a sign-in that expired while the pane was open): says to sign in again and keeps the text", async () => {
    const page = await open(browser, svc, laptopMail());
    await page.getByTestId("title").fill("Typed before the token expired");
    await page.evaluate(() => sessionStorage.setItem("tandem.devToken", "expired.token.value"));
    await page.getByTestId("create").click();
    await page.getByTestId("form-error").waitFor();
    assert.match((await page.getByTestId("form-error").textContent())!, /Your sign-in expired or was refused\. Sign in again/);
    assert.equal(await fieldValue(page, "title"), "Typed before the token expired");
    await page.close();
  });

  it("a validation 400 (a category removed meanwhile): the field says what to do, the text typed stays", async () => {
    const own = await startService({ demo: true });
    try {
      const lead = await own.token("ana");
      const page = await open(browser, own, laptopMail());
      await page.getByTestId("category").click();
      await page.getByRole("option", { name: "Hardware" }).click();
      await page.getByTestId("description").fill("Typed by hand: the screen flickers.");
      // The IT lead drops the category while the pane is open.
      const it = (await own.call<Department>("GET", "/api/departments", { token: lead })).body as unknown as { items: Department[] };
      const dept = it.items.find((d) => d.key === "IT")!;
      const put = await own.call("PUT", "/api/departments/IT", {
        token: lead,
        body: { name: dept.name, description: dept.description, calendar: dept.calendar, sla: dept.sla, categories: dept.categories.filter((c) => c.key !== "hardware"), agents: dept.agents, leads: dept.leads, changeReason: "Hardware moves to Facilities" },
      });
      assert.equal(put.status, 200, put.text);
      await page.getByTestId("create").click();
      await page.getByTestId("form-error").waitFor();
      assert.match((await page.getByTestId("form-error").textContent())!, /correct the fields marked in red/);
      assert.match((await page.locator("[data-field=category]").textContent())!, /Choose one of the department's categories, or none/);
      assert.equal(await fieldValue(page, "description"), "Typed by hand: the screen flickers.");
      await page.screenshot({ path: screenshotPath("addin-validation"), fullPage: true });
      await page.close();
    } finally {
      await own.close();
    }
  });

  it("409: an email someone else converted (a request this person cannot see) is explained, not filed again", async () => {
    const mail = laptopMail();
    const first = await svc.call("POST", "/api/requests/from-email", {
      token: ana,
      body: { internetMessageId: mail.internetMessageId, subject: "Screen", body: "", from: { name: MARIO.displayName, email: MARIO.emailAddress }, department: "FIN" },
    });
    assert.equal(first.status, 201, first.text);
    // Dana is neither its requester nor in Finance: by-email answers 404, so she gets the form.
    const page = await open(browser, svc, mail);
    await page.getByTestId("mail-form").waitFor();
    await page.getByTestId("create").click();
    await page.getByTestId("form-error").waitFor();
    assert.match((await page.getByTestId("form-error").textContent())!, /Someone else already turned this email into a request.*Ask the sender or the department/);
    assert.equal(await page.getByTestId("request-status").count(), 0);
    assert.equal(await page.getByTestId("create").isVisible(), false, "no button to file it again");
    await page.screenshot({ path: screenshotPath("addin-already-by-someone-else"), fullPage: true });
    await page.close();
  });

  it("follows Outlook's language and theme: Spanish and dark; an HTML subject with a Japanese and an Arabic mail convert", async () => {
    const mail: FakeMail = {
      subject: "RE: 経費精算の承認について",
      text: "お疲れ様です。\n経費精算の承認をお願いします。至急です。\n\nEl lun, 5 ene 2026, Ana escribió:\n> ok",
      from: { displayName: "山田 太郎", emailAddress: "yamada@fabrikam.example" },
      internetMessageId: messageId("ja"),
      attachments: Array.from({ length: 40 }, (_, i) => ({ name: `領収書-${i + 1}.pdf`, size: 10_000 + i, contentType: "application/pdf" })),
    };
    const page = await open(browser, svc, mail, "Dana Whitfield", { displayLanguage: "es-ES", officeTheme: DARK_THEME });
    await page.getByText("Convertir este correo en una solicitud").waitFor();
    assert.equal(await page.locator("[data-theme=dark]").count(), 1);
    assert.equal(await fieldValue(page, "title"), "経費精算の承認について");
    assert.equal(await fieldValue(page, "description"), "お疲れ様です。\n経費精算の承認をお願いします。至急です。");
    assert.match((await page.getByTestId("priority").textContent())!, /Alta/, "至急 (urgent) suggests high");
    assert.match((await page.getByTestId("mail-attachments").textContent())!, /^40 adjuntos/);
    await page.screenshot({ path: screenshotPath("addin-es-dark"), fullPage: true });
    await page.getByTestId("department").click();
    await page.getByRole("option", { name: "Finanzas (FIN)" }).click();
    await page.getByTestId("create").click();
    await page.getByTestId("request-status").waitFor();
    assert.match((await page.getByTestId("status-headline").textContent())!, /Se ha creado FIN-\d+ a partir de este correo/);
    const made = await byEmail(dana, mail.internetMessageId);
    assert.equal(made.body.email?.attachments?.length, 40);
    assert.equal(made.body.priority, "high");

    const arabic: FakeMail = { subject: "FW: طلب عاجل: الوصول إلى النظام", text: "مرحبا،\nأحتاج إلى الوصول إلى النظام.\n\nSent from my iPhone", from: { displayName: "سارة", emailAddress: "sara@fabrikam.example" }, internetMessageId: messageId("ar") };
    const page2 = await open(browser, svc, arabic);
    assert.equal(await fieldValue(page2, "title"), "طلب عاجل: الوصول إلى النظام");
    assert.equal(await fieldValue(page2, "description"), "مرحبا،\nأحتاج إلى الوصول إلى النظام.");
    await page2.getByTestId("department").click();
    await page2.getByRole("option", { name: "IT (IT)" }).click();
    await page2.getByTestId("create").click();
    await page2.getByTestId("request-status").waitFor();
    await page2.screenshot({ path: screenshotPath("addin-arabic-created"), fullPage: true });
    await page.close();
    await page2.close();
  });

  it("with no email open, the pane says what to do", async () => {
    const page = await openPane(browser, svc.url, undefined, { noItem: true });
    await signInOnTab(page, "Dana Whitfield");
    await page.getByTestId("problem").waitFor();
    assert.match((await page.getByTestId("problem").textContent())!, /Open an email in Outlook/);
    await page.close();
  });

  it("serves what the manifests load: the pane, its sign-in dialog page and the icons", async () => {
    for (const [path, type] of [["/addin/", "text/html"], ["/addin/auth.html", "text/html"], ["/addin/assets/icon-16.png", "image/png"], ["/addin/assets/icon-80.png", "image/png"], ["/addin/assets/icon-128.png", "image/png"]] as const) {
      const res = await fetch(svc.url + path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get("content-type") ?? "", new RegExp(type), path);
    }
    const html = await (await fetch(`${svc.url}/addin/`)).text();
    assert.ok(html.indexOf("https://appsforoffice.microsoft.com/lib/1/hosted/office.js") < html.indexOf("./app.js"), "Office.js from the CDN, before the bundle");
  });

  it("in a plain browser, ?demo=1 fakes an email so the pane can be tried without Outlook", async () => {
    const page = await browser.newPage({ viewport: { width: 380, height: 900 } });
    await page.route((url) => !url.href.startsWith(svc.url), (route) => route.abort("connectionrefused"));
    await page.goto(`${svc.url}/addin/?demo=1`);
    await signInOnTab(page, "Dana Whitfield");
    await page.getByTestId("mail-form").waitFor();
    assert.equal(await fieldValue(page, "title"), "VPN keeps dropping since Monday");
    assert.match((await page.getByTestId("department").textContent())!, /IT/);
    assert.match((await page.getByTestId("priority").textContent())!, /High/);
    await page.screenshot({ path: screenshotPath("addin-demo"), fullPage: true });
    await page.close();
  });
});
