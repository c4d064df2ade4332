/**
 * Where the tab runs: inside Teams (teams-js answers) or in a plain browser (dev mode). teams-js
 * never settles in an iframe whose parent is not Teams, so initialization races a timeout.
 */
import { app, authentication, pages } from "@microsoft/teams-js";
import { pickLocale, type Locale } from "../../shared/strings/index.ts";

export type ThemeName = "default" | "dark" | "contrast";

export interface Host {
  inTeams: boolean;
  theme: ThemeName;
  locale: Locale;
  /** From the tab's URL or its Teams context: the department a channel tab was configured for. */
  department?: string;
  /** Teams: the page the tab was opened as (config, or the content page). */
  frameContext?: string;
  /** A Teams SSO token for the API (inTeams only). */
  getToken?: () => Promise<string>;
  onThemeChange(f: (t: ThemeName) => void): void;
}

export const TEAMS_INIT_TIMEOUT_MS = 1500;

export function themeOf(name: string | undefined): ThemeName {
  return name === "dark" ? "dark" : name === "contrast" ? "contrast" : "default";
}

export async function detectHost(params = new URLSearchParams(location.search)): Promise<Host> {
  const fromUrl = {
    theme: themeOf(params.get("theme") ?? undefined),
    locale: pickLocale(params.get("locale") ?? navigator.language),
    department: params.get("department")?.toUpperCase() || undefined,
  };
  const browser: Host = { inTeams: false, ...fromUrl, onThemeChange() {} };
  if (window.parent === window && !window.opener) return browser;
  try {
    await Promise.race([
      app.initialize(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("not in Teams")), TEAMS_INIT_TIMEOUT_MS)),
    ]);
  } catch {
    return browser;
  }
  const ctx = await app.getContext();
  return {
    inTeams: true,
    theme: themeOf(ctx.app.theme),
    locale: pickLocale(ctx.app.locale),
    department: fromUrl.department ?? (ctx.page.subPageId || undefined)?.toUpperCase(),
    frameContext: ctx.page.frameContext,
    getToken: () => authentication.getAuthToken(),
    onThemeChange: (f) => app.registerOnThemeChangeHandler((t) => f(themeOf(t))),
  };
}

/** Teams' configuration page: what to save for a channel tab on a department. */
export function configureChannelTab(departmentKey: string, departmentName: string): void {
  const contentUrl = `${location.origin}/tab/?view=board&department=${encodeURIComponent(departmentKey)}`;
  pages.config.registerOnSaveHandler(async (save) => {
    await pages.config.setConfig({
      entityId: `tandem-${departmentKey}`,
      contentUrl,
      websiteUrl: contentUrl,
      suggestedDisplayName: `${departmentName} desk`,
    });
    save.notifySuccess();
  });
  pages.config.setValidityState(true);
}
