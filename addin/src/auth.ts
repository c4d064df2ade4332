/**
 * How the pane gets a token for Tandem's API, behind one interface:
 * - dev mode (the service answers /api/dev/users): the tab's "sign in as" token, in sessionStorage;
 * - production: nested app authentication (MSAL's nestable client) where Outlook supports
 *   NestedAppAuth 1.1, else the Office dialog API. That code is in auth-prod.ts, loaded only
 *   in production, so the dev path never downloads MSAL.
 */
export type TokenSource = () => Promise<string>;

export interface AuthConfig {
  /** The Microsoft Entra app registration's client id (the same app as the tab's SSO). */
  clientId: string;
  /** e.g. https://login.microsoftonline.com/organizations (or .../<tenant id>). */
  authority: string;
  /** The API scope, e.g. api://tandem.contoso.com/<client id>/access_as_user. */
  scope: string;
}

/**
 * The sign-in settings: `<meta name="tandem:client-id|tandem:authority|tandem:scope">` in
 * index.html, overridden by the same names as query parameters (`?clientId=&authority=&scope=`).
 */
export function authConfig(doc: Document = document, search = location.search): AuthConfig | undefined {
  const q = new URLSearchParams(search);
  const meta = (name: string) => doc.querySelector<HTMLMetaElement>(`meta[name="tandem:${name}"]`)?.content.trim() || undefined;
  const clientId = q.get("clientId") || meta("client-id");
  if (!clientId) return undefined;
  const authority = q.get("authority") || meta("authority") || "https://login.microsoftonline.com/organizations";
  const scope = q.get("scope") || meta("scope") || `api://${location.host}/${clientId}/access_as_user`;
  return { clientId, authority, scope };
}

/** True when the service runs in development mode (it lists demo people to sign in as). */
export async function isDevService(): Promise<{ dev: boolean } | { error: unknown }> {
  try {
    const res = await fetch("/api/dev/users");
    return { dev: res.ok };
  } catch (error) {
    return { error };
  }
}
