/**
 * A fake Outlook for the add-in's pane in headless Chromium: Microsoft's Office.js CDN URL is
 * answered with a small script that implements the mailbox API surface the pane uses
 * (Office.onReady, Office.context.mailbox.item and its body.getAsync callback, displayLanguage,
 * officeTheme, requirements.isSetSupported, ui.openBrowserWindow, item.getAttachmentContentAsync), with the email each test
 * chooses. What the pane asked for is recorded in `window.__office.calls`.
 */
import type { Browser, Page } from "playwright-core";

export const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

export interface FakeMail {
  subject: string;
  /** What Outlook's body.getAsync(CoercionType.Text) gives. Without it, the text of `html`. */
  text?: string;
  /** The HTML body (what CoercionType.Html gives); its text is made by the fake when `text` is absent. */
  html?: string;
  from: { displayName: string; emailAddress: string };
  /** When it differs from `from` (sent on behalf of). */
  sender?: { displayName: string; emailAddress: string };
  internetMessageId: string;
  conversationId?: string;
  dateTimeCreated?: string;
  /**
   * `content`: what getAttachmentContentAsync gives (base64), by default `size` bytes of "A";
   * `format`: its format (a cloud attachment is "url"); `fails`: it answers with this error.
   */
  attachments?: Array<{ name: string; size: number; contentType: string; isInline?: boolean; content?: string; format?: string; fails?: string }>;
  /** Makes body.getAsync fail with this message. */
  bodyError?: string;
}

export interface FakeOutlook {
  /** Outlook's display language, e.g. "en-US", "es-ES". */
  displayLanguage?: string;
  /** Office's theme colours (dark when bodyBackgroundColor is dark). */
  officeTheme?: { bodyBackgroundColor: string; bodyForegroundColor: string; controlBackgroundColor: string; controlForegroundColor: string };
  /** No item open (the pane pinned with nothing selected). */
  noItem?: boolean;
}

export const DARK_THEME = { bodyBackgroundColor: "#262626", bodyForegroundColor: "#ffffff", controlBackgroundColor: "#3b3b3b", controlForegroundColor: "#ffffff" };

/** The fake office.js for one email (runs in the page: no imports, data inlined as JSON). */
export function fakeOfficeJs(mail: FakeMail | undefined, outlook: FakeOutlook = {}): string {
  const data = JSON.stringify({ mail: outlook.noItem ? null : mail, outlook });
  return `(() => {
  const { mail, outlook } = ${data.replace(/</g, "\\u003c")};
  const calls = [];
  const CoercionType = { Text: "text", Html: "html" };
  const AsyncResultStatus = { Succeeded: "succeeded", Failed: "failed" };
  const htmlToText = (html) => {
    // What Outlook's text coercion does, roughly: the text of the HTML, a line per block. A parsed (never rendered) document.
    const doc = new DOMParser().parseFromString(html, "text/html");
    doc.querySelectorAll("script,style,head").forEach((e) => e.remove());
    doc.querySelectorAll("br").forEach((e) => e.replaceWith("\\n"));
    doc.querySelectorAll("p,div,li,tr,h1,h2,h3,blockquote").forEach((e) => e.append("\\n"));
    return (doc.body ? doc.body.textContent : "") || "";
  };
  const item = mail && {
    itemType: "message",
    itemId: "AAMkAD-" + mail.internetMessageId.replace(/[^a-z0-9]/gi, ""),
    subject: mail.subject,
    from: mail.from,
    sender: mail.sender || mail.from,
    internetMessageId: mail.internetMessageId,
    conversationId: mail.conversationId || "conv-" + mail.internetMessageId.replace(/[^a-z0-9]/gi, ""),
    dateTimeCreated: new Date(mail.dateTimeCreated || Date.now()),
    attachments: (mail.attachments || []).map((a, i) => ({ id: "att" + i, attachmentType: "file", isInline: !!a.isInline, name: a.name, size: a.size, contentType: a.contentType })),
    getAttachmentContentAsync(id, options, callback) {
      if (typeof options === "function") callback = options;
      calls.push({ call: "getAttachmentContentAsync", id });
      const a = (mail.attachments || [])[Number(String(id).replace("att", ""))];
      setTimeout(() => {
        if (!a || a.fails) return callback({ status: AsyncResultStatus.Failed, error: { code: 9000, name: "GenericError", message: a ? a.fails : "no such attachment" }, value: undefined });
        const content = a.content != null ? a.content : btoa("A".repeat(a.size));
        callback({ status: AsyncResultStatus.Succeeded, value: { format: a.format || "base64", content } });
      }, 5);
    },
    body: {
      getAsync(coercionType, options, callback) {
        if (typeof options === "function") callback = options;
        calls.push({ call: "body.getAsync", coercionType });
        setTimeout(() => {
          if (mail.bodyError) return callback({ status: AsyncResultStatus.Failed, error: { code: 9000, name: "GenericError", message: mail.bodyError }, value: undefined });
          const value = coercionType === CoercionType.Html ? (mail.html || "") : (mail.text != null ? mail.text : htmlToText(mail.html || ""));
          callback({ status: AsyncResultStatus.Succeeded, value });
        }, 5);
      },
    },
  };
  const context = {
    displayLanguage: outlook.displayLanguage || "en-US",
    officeTheme: outlook.officeTheme,
    requirements: { isSetSupported(name, version) { calls.push({ call: "isSetSupported", name, version }); return false; } },
    mailbox: { item, diagnostics: { hostName: "Outlook" }, userProfile: { displayName: "Tester", emailAddress: "tester@contoso.example" } },
    ui: { openBrowserWindow(url) { calls.push({ call: "openBrowserWindow", url }); } },
  };
  const info = { host: "Outlook", platform: "PC" };
  window.Office = {
    CoercionType, AsyncResultStatus,
    HostType: { Outlook: "Outlook" },
    MailboxEnums: { ItemType: { Message: "message", Appointment: "appointment" } },
    EventType: { DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" },
    context,
    onReady(cb) { calls.push({ call: "onReady" }); return new Promise((resolve) => setTimeout(() => { if (cb) cb(info); resolve(info); }, 10)); },
  };
  window.__office = { calls };
})();`;
}

/**
 * Opens the built pane (/addin/) as Outlook would, in a task-pane-sized page: the Office.js CDN
 * answered by the fake for `mail`, and every other address outside the service refused.
 */
export async function openPane(browser: Browser, baseUrl: string, mail: FakeMail | undefined, outlook: FakeOutlook = {}, opts: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: opts.viewport ?? { width: 380, height: 900 } });
  await page.route((url) => !url.href.startsWith(baseUrl), (route) =>
    route.request().url() === OFFICE_JS_URL
      ? route.fulfill({ status: 200, contentType: "text/javascript; charset=utf-8", body: fakeOfficeJs(mail, outlook) })
      : route.fulfill({ status: 404, contentType: "text/plain", body: "not on this test's network" }),
  );
  await page.goto(`${baseUrl}/addin/`);
  return page;
}

/** What the pane asked of the fake Outlook. */
export async function officeCalls(page: Page): Promise<Array<Record<string, unknown>>> {
  return page.evaluate(() => (window as unknown as { __office: { calls: Array<Record<string, unknown>> } }).__office.calls);
}

let n = 0;
/** A fresh Internet message id, so tests never share a conversion. */
export function messageId(tag = "mail"): string {
  return `<${tag}-${Date.now().toString(36)}-${++n}@fabrikam.example>`;
}
