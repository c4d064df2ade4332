import { ConfidentialClientApplication, type Configuration, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from "@azure/msal-node";
import type { GraphConfig } from "../config.ts";

export const GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";

/** Tokens for Microsoft Graph: the app's own (client credentials) and a user's (on-behalf-of). */
export interface TokenProvider {
  /** An app-only token for `tenantId` (client credentials). msal caches it until shortly before expiry. */
  appToken(tenantId: string): Promise<string>;
  /**
   * A token to call Graph as the signed-in user, exchanged for the API token the user sent us
   * (on-behalf-of). The tenant is the assertion's `tid` unless given.
   */
  tokenOnBehalfOf(userAssertion: string, opts?: { tenantId?: string; scopes?: string[] }): Promise<string>;
}

/** Why a token could not be had: the directory decides what to log from this. */
export class TokenError extends Error {
  constructor(
    message: string,
    /** "denied": the credentials or the consent are wrong; "unavailable": Entra could not be reached or failed. */
    readonly kind: "denied" | "unavailable",
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * msal-node's HTTP through fetch, with a timeout. msal only accepts https authorities, so a loopback
 * authority configured as http:// (a local fake Entra) is handed to msal as https:// and turned back
 * into http:// here, for that one origin only.
 */
export class FetchNetworkClient implements INetworkModule {
  constructor(
    private readonly timeoutMs: number,
    private readonly insecureOrigin?: { https: string; http: string },
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>("GET", url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>("POST", url, options);
  }

  private async send<T>(method: string, url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    const target = this.insecureOrigin && url.startsWith(this.insecureOrigin.https) ? this.insecureOrigin.http + url.slice(this.insecureOrigin.https.length) : url;
    const res = await fetch(target, {
      method,
      headers: options?.headers,
      body: method === "POST" ? options?.body : undefined,
      signal: AbortSignal.timeout(timeout ?? this.timeoutMs),
    });
    const text = await res.text();
    let body: unknown = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { error: "invalid_response", error_description: `Non-JSON answer (HTTP ${res.status}) from ${new URL(target).host}.` };
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => (headers[k] = v));
    return { status: res.status, headers, body: body as T };
  }
}

/** Client-credential and on-behalf-of tokens with @azure/msal-node, one confidential client per tenant. */
export class MsalTokenProvider implements TokenProvider {
  private readonly apps = new Map<string, ConfidentialClientApplication>();
  private readonly network: FetchNetworkClient;
  /** The authority host as msal sees it (always https). */
  private readonly host: string;

  constructor(private readonly config: GraphConfig) {
    const u = new URL(config.authorityHost);
    this.host = `https://${u.host}`;
    this.network = new FetchNetworkClient(config.timeoutMs, u.protocol === "http:" ? { https: this.host, http: `http://${u.host}` } : undefined);
  }

  async appToken(tenantId: string): Promise<string> {
    const app = this.app(tenantId);
    const result = await call(() =>
      app.acquireTokenByClientCredential({
        scopes: [GRAPH_DEFAULT_SCOPE],
        authority: this.authority(tenantId),
        ...(this.config.azureRegion ? { azureRegion: this.config.azureRegion } : {}),
      }),
    );
    if (!result?.accessToken) throw new TokenError("Entra ID answered without an access token.", "unavailable");
    return result.accessToken;
  }

  async tokenOnBehalfOf(userAssertion: string, opts: { tenantId?: string; scopes?: string[] } = {}): Promise<string> {
    const tenantId = opts.tenantId ?? tenantOf(userAssertion);
    if (!tenantId) throw new TokenError("The user's token names no tenant (tid).", "denied");
    const app = this.app(tenantId);
    const result = await call(() =>
      app.acquireTokenOnBehalfOf({ oboAssertion: userAssertion, scopes: opts.scopes ?? [GRAPH_DEFAULT_SCOPE], authority: this.authority(tenantId) }),
    );
    if (!result?.accessToken) throw new TokenError("Entra ID answered without an access token.", "unavailable");
    return result.accessToken;
  }

  private authority(tenantId: string) {
    return `${this.host}/${tenantId}`;
  }

  private app(tenantId: string): ConfidentialClientApplication {
    if (!/^[A-Za-z0-9.-]{1,100}$/.test(tenantId)) throw new TokenError(`"${tenantId}" is not a tenant id.`, "denied");
    let app = this.apps.get(tenantId);
    if (app) return app;
    const authority = this.authority(tenantId);
    const hostname = new URL(this.host).host;
    const c = this.config;
    const configuration: Configuration = {
      auth: {
        clientId: c.clientId,
        authority,
        ...(c.certificate ? { clientCertificate: c.certificate } : { clientSecret: c.clientSecret }),
        // Everything msal would discover over the network, given up front: no instance discovery,
        // no OpenID configuration fetch; the only calls are to the token endpoint.
        knownAuthorities: [hostname],
        cloudDiscoveryMetadata: JSON.stringify({
          tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
          "api-version": "1.1",
          metadata: [{ preferred_network: hostname, preferred_cache: hostname, aliases: [hostname] }],
        }),
        authorityMetadata: JSON.stringify({
          token_endpoint: `${authority}/oauth2/v2.0/token`,
          authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
          issuer: `${authority}/v2.0`,
          jwks_uri: `${authority}/discovery/v2.0/keys`,
        }),
      },
      system: { networkClient: this.network },
    };
    app = new ConfidentialClientApplication(configuration);
    this.apps.set(tenantId, app);
    return app;
  }
}

/** msal's errors, sorted into "our setup is wrong" and "Entra is not answering". */
async function call<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    const e = err as { errorCode?: string; errorMessage?: string; message?: string; name?: string };
    const code = e.errorCode ?? e.name;
    const text = (e.errorMessage || e.message || String(err)).split("\n")[0].slice(0, 300);
    const denied = /invalid_client|unauthorized_client|invalid_grant|consent|AADSTS(7000215|700016|65001|90002|50034|7000222)/i.test(`${code} ${text}`);
    throw new TokenError(text, denied ? "denied" : "unavailable", code);
  }
}

function tenantOf(jwt: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
    return typeof payload.tid === "string" ? payload.tid : undefined;
  } catch {
    return undefined;
  }
}
