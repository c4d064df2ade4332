/**
 * A simulated Microsoft Teams around the tab, in headless Chromium: a parent page served (by
 * page routing, nothing listens) as https://teams.microsoft.com/ that embeds the built tab from
 * the test service in an iframe and answers teams-js's postMessage protocol (teams-host.html):
 * `initialize` (frame context, client type, runtime config), `getContext` (theme, locale, user,
 * tenant, entity / sub-page, channel), `authentication.getAuthToken` (a dev token this side
 * obtained from POST /api/dev/token for the chosen person, so the service validates it as it
 * validates any token, or a failure such as "resourceRequiresConsent"), `pages.config`
 * (`settings.setValidityState`, `settings.setSettings`, `registerHandler`, the `settings.save`
 * event and its success/failure), and a `themeChange` pushed on demand.
 *
 * Why that origin: teams-js ignores a parent unless it is on its own origin or an https origin
 * of its valid-domains list (validOrigins.js; teams.microsoft.com is on the bundled fallback
 * list, and the CDN fetch of the list is answered with nothing). A plain http://teams.test would
 * be ignored like any foreign parent. And Chromium blocks a public page from framing a loopback
 * address unless the page holds the "local-network-access" permission, granted to the context.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, FrameLocator, Page } from "playwright-core";
import { DEMO_USERS } from "../../bot/demo/demo-catalogue.ts";
import { TENANT, type TestService } from "./service.ts";

export const TEAMS_ORIGIN = "https://teams.microsoft.com";
/** A parent that is not Teams (an intranet page framing the tab): it never answers, and the tab's CSP refuses it. */
export const FOREIGN_ORIGIN = "https://intranet.contoso.example";

const PAGE = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "teams-host.html"), "utf8");

export type TeamsTheme = "default" | "dark" | "contrast";

export interface TeamsHostOptions {
  /** The tab's address after /tab/, e.g. "?view=board&department=IT". */
  query: string;
  /** teams-js frame context: "content" (a tab) or "settings" (a channel tab's configuration page). */
  frameContext?: "content" | "settings";
  theme?: TeamsTheme;
  /** Teams' locale, e.g. "en-us", "es-es". */
  locale?: string;
  /** The signed-in person: a demo user id (default demo-ben). */
  user?: string;
  /** getAuthToken fails with this reason instead of returning a token. */
  authError?: string;
  /** The tab's entity id (a configured channel tab: "tandem-IT") and sub-page id (a deep link). */
  entityId?: string;
  subPageId?: string;
  /** The channel (and team) the tab is in; default "Service desk" of "Contoso". Null for a personal tab. */
  channel?: { id: string; name: string } | null;
  /** false: the parent is not Teams and never answers (served from FOREIGN_ORIGIN unless `origin` says). */
  answers?: boolean;
  /** The host page's origin (default TEAMS_ORIGIN, or FOREIGN_ORIGIN when it does not answer). */
  origin?: string;
  /** Runs on the new browser context before the host page opens (init scripts, listeners). */
  beforeOpen?: (context: BrowserContext) => Promise<void>;
  viewport?: { width: number; height: number };
}

export interface HostMessage {
  func: string;
  args: unknown[];
  origin: string;
  /** performance.now() of the host page when it arrived. */
  at: number;
}

export interface HostState {
  validity?: boolean;
  configs: Array<{ entityId?: string; contentUrl?: string; websiteUrl?: string; suggestedDisplayName?: string; removeUrl?: string }>;
  handlers: string[];
  saves: Array<{ ok: boolean; reason?: string }>;
  theme: TeamsTheme;
}

export interface TeamsHost {
  context: BrowserContext;
  page: Page;
  /** The tab inside the host. */
  tab: FrameLocator;
  /** How many dev tokens getAuthToken handed out. */
  tokensGiven(): number;
  /** Every message the tab sent to the host, in order. */
  messages(): Promise<HostMessage[]>;
  /** Resolves with the first message `func` from the tab (waits for it). */
  waitForMessage(func: string, timeout?: number): Promise<HostMessage>;
  state(): Promise<HostState>;
  /** Teams' theme changes: the host sends the themeChange event. */
  setTheme(theme: TeamsTheme): Promise<void>;
  /** Clicks Teams' Save button: false when it is disabled (no valid configuration yet). */
  save(): Promise<boolean>;
  close(): Promise<void>;
}

/** Opens the built tab inside the simulated Teams (a fresh browser context of its own). */
export async function openInTeams(browser: Browser, svc: TestService, opts: TeamsHostOptions): Promise<TeamsHost> {
  const answers = opts.answers ?? true;
  const origin = opts.origin ?? (answers ? TEAMS_ORIGIN : FOREIGN_ORIGIN);
  const demo = DEMO_USERS.find((u) => u.id === (opts.user ?? "demo-ben") || u.id === `demo-${opts.user}`);
  if (!demo) throw new Error(`no demo user ${opts.user}`);
  const channel = opts.channel === null ? undefined : (opts.channel ?? { id: "19:servicedesk@thread.tacv2", name: "Service desk" });
  const settings = {
    tabUrl: `${svc.url}/tab/${opts.query}`,
    answers,
    frameContext: opts.frameContext ?? "content",
    theme: opts.theme ?? "default",
    locale: opts.locale ?? "en-us",
    user: { id: demo.id, name: demo.name, email: demo.email },
    tenantId: TENANT,
    entityId: opts.entityId,
    subPageId: opts.subPageId,
    authError: opts.authError,
    channel,
    team: channel ? { id: "19:contoso@thread.tacv2", name: "Contoso", groupId: "00000000-0000-4000-8000-00000000c0de" } : undefined,
  };
  const html = PAGE.replace("/*HOST_SETTINGS*/ {}", JSON.stringify(settings).replace(/</g, "\\u003c"));

  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1200, height: 820 }, permissions: ["local-network-access"] });
  // The host page itself; everything else outside the service (teams-js's valid-domains fetch) gets "{}".
  await context.route((url) => url.origin === origin, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  await context.route((url) => url.origin !== origin && !url.href.startsWith(svc.url), (route) => route.fulfill({ status: 200, contentType: "application/json", body: "{}" }));

  let given = 0;
  let token: Promise<string> | undefined;
  await context.exposeFunction("tandemHostToken", () => {
    given++;
    // The same POST /api/dev/token a person's "sign in as" makes: the service validates it like any token.
    token ??= svc.token(demo.id);
    return token;
  });

  await opts.beforeOpen?.(context);
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  const host: TeamsHost = {
    context,
    page,
    tab: page.frameLocator("#tab"),
    tokensGiven: () => given,
    messages: () => page.evaluate(() => (window as unknown as { hostLog: HostMessage[] }).hostLog.slice()),
    async waitForMessage(func, timeout = 10_000) {
      const handle = await page.waitForFunction((f) => (window as unknown as { hostLog: HostMessage[] }).hostLog.find((m) => m.func === f), func, { timeout });
      return (await handle.jsonValue()) as HostMessage;
    },
    state: () => page.evaluate(() => (window as unknown as { hostState: HostState }).hostState),
    setTheme: (theme) => page.evaluate((t) => (window as unknown as { hostTheme: (t: string) => void }).hostTheme(t), theme),
    async save() {
      const button = page.getByRole("button", { name: "Save", exact: true });
      if (await button.isDisabled()) return false;
      await button.click();
      return true;
    },
    close: () => context.close(),
  };
  return host;
}
