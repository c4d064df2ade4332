/**
 * Where the tab runs: inside Teams (teams-js answers) or in a plain browser (dev mode). teams-js
 * never settles in an iframe whose parent is not Teams, so initialization races a timeout.
 *
 * Inside Teams, teams-js talks to the host by postMessage: requests `{id, uuidAsString, func,
 * args}` ("initialize", "getContext", "authentication.getAuthToken", "settings.setSettings",
 * "settings.setValidityState", "registerHandler"), answers `{id, uuidAsString, args}`, and host
 * events `{func, args}` ("themeChange", "settings.save"). It only listens to a parent on an
 * https origin of its valid-domains list (teams.microsoft.com, ...) or on the tab's own origin.
 */
import { app, authentication, pages } from "@microsoft/teams-js";
import { pickLocale, type Locale } from "../../shared/strings/index.ts";
import { ApiError } from "../../web/api.ts";

export type ThemeName = "default" | "dark" | "contrast";

/**
 * How the host was recognised: `top` a top-level window (a browser tab: no teams-js call at
 * all), `rejected` teams-js refused at once, `timeout` a parent that never answered (a foreign
 * iframe), `teams` the host answered initialize and getContext.
 */
export type DetectedBy = "top" | "rejected" | "timeout" | "teams";

export interface Host {
  inTeams: boolean;
  detectedBy: DetectedBy;
  theme: ThemeName;
  locale: Locale;
  /** From the tab's URL or its Teams context: the department a channel tab was configured for. */
  department?: string;
  /** A request to open at once (`?request=IT-42`, or a Teams deep link's sub-page `IT-42`). */
  request?: string;
  /** Teams: the page the tab was opened as (`settings` for the configuration page, `content`, ...). */
  frameContext?: string;
  /** A Teams SSO token for the API (inTeams only). Fails with an ApiError (401) when Teams cannot give one. */
  getToken?: () => Promise<string>;
  /** Calls `f` when Teams' theme changes; returns a function that stops it. */
  onThemeChange(f: (t: ThemeName) => void): () => void;
}

export const TEAMS_INIT_TIMEOUT_MS = 1500;

/** The name of the performance mark set when the host is known (detail: `{inTeams, detectedBy, tookMs}`). */
export const HOST_MARK = "tandem.host";

const DEPARTMENT_KEY = /^[A-Z][A-Z0-9]{1,9}$/;

export function themeOf(name: string | undefined): ThemeName {
  return name === "dark" ? "dark" : name === "contrast" ? "contrast" : "default";
}

/**
 * The department a Teams context points at: a channel tab's entity id (`tandem-IT`, as
 * configureChannelTab saves it), else a deep link's sub-page (`IT`, or a request id `IT-42`).
 */
export function departmentFromContext(entityId: string | undefined, subPageId: string | undefined): string | undefined {
  const fromEntity = /^tandem-(.+)$/i.exec(entityId ?? "")?.[1]?.toUpperCase();
  if (fromEntity && DEPARTMENT_KEY.test(fromEntity)) return fromEntity;
  const fromSubPage = /^([A-Za-z][A-Za-z0-9]{1,9})(?:-\d+)?$/.exec(subPageId ?? "")?.[1]?.toUpperCase();
  return fromSubPage && DEPARTMENT_KEY.test(fromSubPage) ? fromSubPage : undefined;
}

function requestIdOf(s: string | undefined): string | undefined {
  return s && /^[A-Za-z][A-Za-z0-9]{1,9}-\d{1,9}$/.test(s) ? s.toUpperCase() : undefined;
}

export async function detectHost(params = new URLSearchParams(location.search), timeoutMs = TEAMS_INIT_TIMEOUT_MS): Promise<Host> {
  const fromUrl = {
    theme: themeOf(params.get("theme") ?? undefined),
    locale: pickLocale(params.get("locale") ?? navigator.language),
    department: params.get("department")?.toUpperCase() || undefined,
    request: requestIdOf(params.get("request") ?? undefined),
  };
  const started = performance.now();
  const browser = (detectedBy: DetectedBy): Host => {
    ensureSessionStorage();
    return mark(started, { inTeams: false, detectedBy, ...fromUrl, onThemeChange: () => () => {} });
  };
  // A top-level window has no Teams around it: decide at once, without loading teams-js's handshake.
  if (window.parent === window && !window.opener) return browser("top");
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ctx: app.Context;
  try {
    ctx = await Promise.race([
      app.initialize().then(() => app.getContext()),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TimeoutError()), timeoutMs))),
    ]);
  } catch (err) {
    return browser(err instanceof TimeoutError ? "timeout" : "rejected");
  } finally {
    clearTimeout(timer);
  }
  // Teams hides its loading indicator (when the manifest asks for one) once the app says so.
  app.notifySuccess().catch(() => {});
  return mark(started, {
    inTeams: true,
    detectedBy: "teams",
    theme: themeOf(ctx.app.theme),
    locale: pickLocale(ctx.app.locale),
    department: fromUrl.department ?? departmentFromContext(ctx.page.id, ctx.page.subPageId),
    request: fromUrl.request ?? requestIdOf(ctx.page.subPageId),
    frameContext: ctx.page.frameContext,
    getToken: ssoToken(),
    onThemeChange: themeListeners(),
  });
}

class TimeoutError extends Error {}

/**
 * Browser mode keeps the dev sign-in in sessionStorage. A frame the browser denies storage to
 * (the tab framed by a page that is not Teams, with third-party storage blocked) would throw on
 * every read: it gets an in-memory stand-in for the page's life instead.
 */
function ensureSessionStorage(): void {
  try {
    void window.sessionStorage.length;
    return;
  } catch {
    /* denied: replaced below */
  }
  const data = new Map<string, string>();
  const memory: Storage = {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, String(v)),
  };
  try {
    Object.defineProperty(window, "sessionStorage", { value: memory, configurable: true });
  } catch {
    /* not replaceable here: the dev sign-in cannot keep a token in this frame */
  }
}

function mark(started: number, host: Host): Host {
  try {
    performance.mark(HOST_MARK, { detail: { inTeams: host.inTeams, detectedBy: host.detectedBy, tookMs: performance.now() - started } });
  } catch {
    /* marks are a diagnostic only */
  }
  return host;
}

/**
 * Teams SSO: `authentication.getAuthToken()`, kept until shortly before it expires (every API
 * call asks for a token). A failure becomes an ApiError whose message is Teams' reason
 * (`resourceRequiresConsent`, `invalid_grant`, ...), so the shell can tell consent apart.
 */
function ssoToken(): () => Promise<string> {
  let cached: { token: string; until: number } | undefined;
  let pending: Promise<string> | undefined;
  const ask = async (): Promise<string> => {
    let token: string;
    try {
      token = await authentication.getAuthToken();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const consent = /consent|invalid_grant|interaction_required/i.test(message);
      throw new ApiError(401, consent ? "consent_required" : "sso_failed", message);
    }
    const exp = jwtExpiry(token);
    cached = exp ? { token, until: Math.min(exp - 5 * 60_000, Date.now() + 30 * 60_000) } : undefined;
    return token;
  };
  return () => {
    if (cached && Date.now() < cached.until) return Promise.resolve(cached.token);
    // Calls made at once (the shell asks for /api/me and the catalogue together) share one request.
    pending ??= ask().finally(() => (pending = undefined));
    return pending;
  };
}

function jwtExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: unknown };
    return typeof payload.exp === "number" ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** teams-js keeps one theme handler: register it once and fan out to whoever listens. */
function themeListeners(): Host["onThemeChange"] {
  const listeners = new Set<(t: ThemeName) => void>();
  app.registerOnThemeChangeHandler((t) => listeners.forEach((f) => f(themeOf(t))));
  return (f) => {
    listeners.add(f);
    return () => {
      listeners.delete(f);
    };
  };
}

/** The page a channel tab on `departmentKey` opens (Teams wants an absolute https URL in production). */
export function channelTabUrl(departmentKey: string): string {
  return `${location.origin}/tab/?view=board&department=${encodeURIComponent(departmentKey)}`;
}

/**
 * Teams' configuration page, once a department is chosen: what to save for a channel tab on it
 * (called again when the choice changes: the last one wins), and Save enabled.
 */
export function configureChannelTab(departmentKey: string, displayName: string): void {
  const contentUrl = channelTabUrl(departmentKey);
  pages.config.registerOnSaveHandler(async (save) => {
    try {
      await pages.config.setConfig({
        entityId: `tandem-${departmentKey}`,
        contentUrl,
        websiteUrl: contentUrl,
        suggestedDisplayName: displayName,
      });
      save.notifySuccess();
    } catch (err) {
      save.notifyFailure(err instanceof Error ? err.message : String(err));
    }
  });
  pages.config.setValidityState(true);
}
