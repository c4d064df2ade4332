/// <reference types="office-js" />
/**
 * The pane's entry: waits for Office.js (loaded from Microsoft's CDN by index.html), then shows
 * the pane in Outlook's language and theme. auth.html (the same page) runs the sign-in dialog.
 * In a plain browser, `?demo=1` fakes an email so the pane can be tried without Outlook.
 */
import { createRoot } from "react-dom/client";
import { App, type PaneHost } from "./App.tsx";
import { authConfig } from "./auth.ts";
import { MailReadError, officeIsDark, officeLocale, readMessage, readOpenAttachment, type MailMessage } from "./mail.ts";

const OFFICE_READY_TIMEOUT_MS = 5_000;

/** Office once it is ready, or undefined (no Office.js, or not inside an Office client). */
async function officeReady(): Promise<typeof Office | undefined> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office?.onReady) return undefined;
  const ready = await Promise.race([
    office.onReady().then(() => true, () => false),
    new Promise<boolean>((r) => setTimeout(() => r(false), OFFICE_READY_TIMEOUT_MS)),
  ]);
  return ready ? office : undefined;
}

async function start() {
  const params = new URLSearchParams(location.search);
  const office = await officeReady();
  if (/\/auth\.html$/.test(location.pathname)) {
    const cfg = authConfig();
    if (cfg) await (await import("./auth-prod.ts")).runAuthDialog(cfg);
    return;
  }
  const inOutlook = !!office?.context?.mailbox;
  const demo = !inOutlook && params.has("demo");
  const readMail = async (): Promise<MailMessage> => {
    if (demo) return (await import("./demo-mail.ts")).demoMail(params.get("demo") ?? "");
    if (!inOutlook) throw new MailReadError("not in Outlook", "no_item");
    return readMessage(office);
  };
  const forced = params.get("locale");
  const host: PaneHost = {
    locale: forced === "es" || forced === "en" ? forced : officeLocale(office ?? { context: { displayLanguage: navigator.language } }),
    dark: params.get("theme") === "dark" || (params.get("theme") !== "light" && (officeIsDark(office) ?? false)),
    readMail,
    openLink: office?.context?.ui?.openBrowserWindow ? (url) => office.context.ui.openBrowserWindow(url) : undefined,
    readAttachment: inOutlook
      ? (a) => (a.id ? readOpenAttachment(a.id, office) : Promise.reject(new Error("Outlook gave no id for this attachment.")))
      : demo
        ? async (a) => (await import("./demo-mail.ts")).demoAttachment(a)
        : undefined,
  };
  document.documentElement.lang = host.locale;
  createRoot(document.getElementById("root")!).render(<App host={host} />);
}

void start();
