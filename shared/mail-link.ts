/**
 * Links to an email that Tandem keeps with a request made from it. A request shows such a
 * link as "open in Outlook", so it may only lead to Outlook on the web: an email converted
 * through the API could otherwise carry a link to anywhere, shown as Outlook's.
 */
const OUTLOOK_HOSTS: ReadonlySet<string> = new Set([
  "outlook.office.com",
  "outlook.office365.com",
  "outlook.cloud.microsoft",
  "outlook.live.com",
  // Sovereign clouds: US Government (GCC High, DoD) and China (21Vianet).
  "outlook.office365.us",
  "webmail.apps.mil",
  "partner.outlook.cn",
]);

/** True when `link` is an https link to Outlook on the web (its default port, no credentials). */
export function isOutlookMailLink(link: string): boolean {
  try {
    const u = new URL(link);
    return u.protocol === "https:" && OUTLOOK_HOSTS.has(u.hostname.toLowerCase()) && !u.port && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** The host a link names, for telling people what was dropped ("" when it has none). */
export function linkHost(link: string): string {
  try {
    return new URL(link).hostname;
  } catch {
    return "";
  }
}
