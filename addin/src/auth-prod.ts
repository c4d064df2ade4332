/// <reference types="office-js" />
/**
 * Production sign-in (loaded lazily: the dev path never downloads MSAL).
 * 1. Nested app authentication: where Outlook supports the NestedAppAuth 1.1 requirement set,
 *    MSAL's nestable client gets a token for Tandem's API from Outlook's own signed-in account
 *    (silently, or with a popup Outlook shows the first time consent is needed).
 * 2. Elsewhere, the Office dialog API opens auth.html (this pane's page under another name), which
 *    signs in with MSAL's redirect flow and sends the token back with messageParent.
 */
import { createNestablePublicClientApplication, PublicClientApplication, type IPublicClientApplication } from "@azure/msal-browser";
import type { AuthConfig, TokenSource } from "./auth.ts";

/** Tokens from nested app authentication. */
export async function nestedAppAuth(cfg: AuthConfig): Promise<TokenSource> {
  const pca: IPublicClientApplication = await createNestablePublicClientApplication({ auth: { clientId: cfg.clientId, authority: cfg.authority } });
  return async () => {
    const request = { scopes: [cfg.scope] };
    try {
      const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
      return (await pca.acquireTokenSilent(account ? { ...request, account } : request)).accessToken;
    } catch {
      const result = await pca.acquireTokenPopup(request);
      if (result.account) pca.setActiveAccount(result.account);
      return result.accessToken;
    }
  };
}

/** Tokens through an Office dialog running the redirect flow (clients without NAA). */
export function dialogAuth(cfg: AuthConfig): TokenSource {
  let cached: { token: string; until: number } | undefined;
  return () => {
    if (cached && cached.until > Date.now() + 60_000) return Promise.resolve(cached.token);
    return new Promise((resolve, reject) => {
      const url = `${location.origin}${dialogPath()}?clientId=${encodeURIComponent(cfg.clientId)}&authority=${encodeURIComponent(cfg.authority)}&scope=${encodeURIComponent(cfg.scope)}`;
      Office.context.ui.displayDialogAsync(url, { height: 60, width: 30 }, (opened) => {
        if (opened.status !== Office.AsyncResultStatus.Succeeded) return reject(new Error(opened.error.message));
        const dialog = opened.value;
        dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => {
          dialog.close();
          const msg = JSON.parse((arg as { message: string }).message) as { token?: string; expiresOn?: number; error?: string };
          if (!msg.token) return reject(new Error(msg.error ?? "no token"));
          cached = { token: msg.token, until: msg.expiresOn ?? Date.now() + 30 * 60_000 };
          resolve(msg.token);
        });
        dialog.addEventHandler(Office.EventType.DialogEventReceived, () => reject(new Error("the sign-in window was closed")));
      });
    });
  };
}

/** The production token source: NAA where supported, else the dialog. */
export async function productionAuth(cfg: AuthConfig): Promise<TokenSource> {
  const naa = typeof Office !== "undefined" && Office.context?.requirements?.isSetSupported?.("NestedAppAuth", "1.1");
  return naa ? nestedAppAuth(cfg) : dialogAuth(cfg);
}

/** The sign-in dialog's page, beside the pane's (the build copies index.html to auth.html). */
const dialogPath = () => location.pathname.replace(/[^/]*$/, "auth.html");

/** The dialog page (auth.html): redirect sign-in, then the token to the pane. */
export async function runAuthDialog(cfg: AuthConfig): Promise<void> {
  const pca = new PublicClientApplication({ auth: { clientId: cfg.clientId, authority: cfg.authority, redirectUri: `${location.origin}${dialogPath()}` } });
  await pca.initialize();
  const send = (m: object) => Office.context.ui.messageParent(JSON.stringify(m));
  try {
    const back = await pca.handleRedirectPromise();
    if (back) return send({ token: back.accessToken, expiresOn: back.expiresOn?.getTime() });
    await pca.loginRedirect({ scopes: [cfg.scope] });
  } catch (err) {
    send({ error: err instanceof Error ? err.message : String(err) });
  }
}
