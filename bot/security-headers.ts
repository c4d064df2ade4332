import type { Server } from "restify";

/**
 * The browser-side security policy of every response, in one place (issue 11, item 3).
 *
 * Pages: scripts only from the service (and Office.js for the add-in), no inline script,
 * no plug-ins, no <base>, and framing limited to the hosts that really embed each page.
 * The tab and the add-in allow inline styles ('unsafe-inline' in style-src only): Fluent UI v9
 * (Griffel) and the FluentProvider write their rules into <style> elements they create at run
 * time, which a strict style-src blocks (the pages then render unstyled). Every other response (API JSON, scripts, 404s) gets a
 * policy that allows nothing, so a response a browser is tricked into opening as a page
 * runs nothing and cannot be framed.
 */

/** On every response: no MIME sniffing, and no full URL (with its query) sent to other sites. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
};

/** Responses that are not pages: nothing may load, run or frame them. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Hosts that embed a Teams tab (Microsoft's "tab requirements": Teams, Microsoft 365 and
 * Outlook, old domains kept beside *.cloud.microsoft during the move to it).
 */
export const TEAMS_FRAME_ANCESTORS = [
  "https://teams.microsoft.com",
  "https://*.teams.microsoft.com",
  "https://*.cloud.microsoft",
  "https://*.office.com",
  "https://*.microsoft365.com",
  "https://outlook.office365.com",
  "https://outlook-sdf.office365.com",
  "https://outlook.live.com",
];

/** Hosts of Outlook on the web (work, consumer, pre-release ring, the cloud.microsoft domain) that frame a task pane. */
export const OUTLOOK_FRAME_ANCESTORS = [
  "https://outlook.office.com",
  "https://outlook.office365.com",
  "https://outlook.live.com",
  "https://*.cloud.microsoft",
  "https://outlook-sdf.office.com",
  "https://outlook-sdf.office365.com",
];

/**
 * What Office.js loads: itself and its host-specific files from its CDN (appsforoffice, whose
 * files are moving to the office CDN on the static.microsoft domain), and MicrosoftAjax.js,
 * which office.js fetches from the ASP.NET CDN in some hosts (only that one file is allowed).
 */
export const OFFICE_JS_SOURCES = [
  "https://appsforoffice.microsoft.com",
  "https://officeapis.public.onecdn.static.microsoft",
  "https://ajax.aspnetcdn.com/ajax/3.5/MicrosoftAjax.js",
];

/** teams-js fetches its list of valid host origins from Microsoft's CDN on load. */
export const TEAMS_JS_VALID_DOMAINS = "https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json";

export type PageKind = "start" | "chat" | "tab" | "addin";

export interface PagePolicyOptions {
  /** The add-in's sign-in authority (e.g. https://login.microsoftonline.com/<tenant>): its host is allowed for MSAL. */
  authority?: string;
}

const DEFAULT_AUTHORITY = "https://login.microsoftonline.com";

/** The headers of one page: its CSP, plus X-Frame-Options where only the service itself may frame it. */
export function pageHeaders(kind: PageKind, opts: PagePolicyOptions = {}): Record<string, string> {
  const common = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
  };
  let policy: Record<string, string[]>;
  switch (kind) {
    case "start":
    case "chat":
      // Plain DOM (and the Adaptive Cards renderer, which styles through the CSSOM): style sheets from the service only.
      policy = { ...common, "style-src": ["'self'"] };
      break;
    case "tab":
      policy = { ...common, "connect-src": ["'self'", TEAMS_JS_VALID_DOMAINS], "frame-ancestors": ["'self'", ...TEAMS_FRAME_ANCESTORS] };
      break;
    case "addin": {
      // MSAL talks to the authority (token and discovery calls) and may renew silently in a hidden frame.
      const signIn = unique([DEFAULT_AUTHORITY, originOf(opts.authority)]);
      policy = {
        ...common,
        "script-src": ["'self'", ...OFFICE_JS_SOURCES],
        "connect-src": ["'self'", ...signIn],
        "frame-src": ["'self'", ...signIn],
        "frame-ancestors": ["'self'", ...OUTLOOK_FRAME_ANCESTORS],
      };
      break;
    }
  }
  const headers: Record<string, string> = { ...BASE_HEADERS, "Content-Security-Policy": serialize(policy) };
  // X-Frame-Options names one origin at most: only where the CSP says 'self' alone (older browsers).
  if (policy["frame-ancestors"]!.length === 1) headers["X-Frame-Options"] = "SAMEORIGIN";
  return headers;
}

/**
 * Sets the base headers and the non-page policy on every response before any route runs
 * (restify's own 404/405 answers included); pages and API helpers overwrite or repeat them.
 */
export function applySecurityHeaders(server: Server): void {
  server.pre((_req, res, next) => {
    for (const [name, value] of Object.entries(BASE_HEADERS)) res.setHeader(name, value);
    res.setHeader("Content-Security-Policy", NON_PAGE_CSP);
    next();
  });
}

function serialize(policy: Record<string, string[]>): string {
  return Object.entries(policy)
    .map(([directive, values]) => `${directive} ${values.join(" ")}`)
    .join("; ");
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === "https:" ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

const unique = (xs: Array<string | undefined>): string[] => [...new Set(xs.filter((x): x is string => !!x))];
