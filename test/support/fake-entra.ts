import { randomBytes } from "node:crypto";
import restify from "restify";

export interface FakeEntraOptions {
  clientId: string;
  clientSecret: string;
}

export interface TokenCall {
  tenant: string;
  grantType: string;
  scope: string;
  /** The user assertion of an on-behalf-of exchange. */
  assertion?: string;
}

/**
 * A local Microsoft Entra ID token endpoint on loopback (restify, like the service: restify patches
 * Node's http module for the whole process). It serves the OpenID configuration and
 * /{tenant}/oauth2/v2.0/token for client credentials and on-behalf-of, checks the client id, secret,
 * grant type and scope, and issues JWT-shaped tokens it remembers (the fake Graph asks it).
 */
export class FakeEntra {
  readonly tokenCalls: TokenCall[] = [];
  /** Every GET (discovery documents): msal should make none when given its metadata. */
  readonly discoveryCalls: string[] = [];
  private readonly issued = new Map<string, { tid: string; appid: string; oid?: string; exp: number }>();
  url = "";

  private constructor(
    private readonly server: restify.Server,
    readonly opts: FakeEntraOptions,
  ) {}

  static async start(opts: FakeEntraOptions): Promise<FakeEntra> {
    const server = restify.createServer({ name: "fake-entra" });
    server.use(restify.plugins.queryParser({ mapParams: false }));
    server.use(restify.plugins.bodyParser({ mapParams: false }));
    const entra = new FakeEntra(server, opts);

    server.get("/:tenant/v2.0/.well-known/openid-configuration", (req, res, next) => {
      entra.discoveryCalls.push(req.url ?? "");
      const base = `https://${req.headers.host}/${req.params.tenant}`;
      res.send(200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        issuer: `${base}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
      });
      next();
    });
    server.get("/common/discovery/instance", (req, res, next) => {
      entra.discoveryCalls.push(req.url ?? "");
      res.send(400, { error: "invalid_instance", error_description: "The fake does no instance discovery." });
      next();
    });

    server.post("/:tenant/oauth2/v2.0/token", (req, res, next) => {
      const b = (req.body ?? {}) as Record<string, string>;
      const tenant = req.params.tenant as string;
      const fail = (status: number, error: string, description: string) => {
        res.send(status, { error, error_description: description, error_codes: [], correlation_id: "fake" });
        next();
      };
      entra.tokenCalls.push({ tenant, grantType: b.grant_type, scope: b.scope, assertion: b.assertion });
      if (b.client_id !== opts.clientId) return fail(400, "unauthorized_client", `AADSTS700016: Application with identifier '${b.client_id}' was not found in the directory.`);
      if (b.client_secret !== opts.clientSecret) return fail(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
      const scopes = String(b.scope ?? "").split(" ");
      if (!scopes.includes("https://graph.microsoft.com/.default")) return fail(400, "invalid_scope", `AADSTS70011: The provided value for scope ${b.scope} is not valid.`);
      let oid: string | undefined;
      if (b.grant_type === "urn:ietf:params:oauth:grant-type:jwt-bearer") {
        if (b.requested_token_use !== "on_behalf_of" || !b.assertion) return fail(400, "invalid_request", "AADSTS50027: on_behalf_of needs an assertion.");
        try {
          const claims = JSON.parse(Buffer.from(b.assertion.split(".")[1], "base64url").toString("utf8"));
          oid = claims.oid;
        } catch {
          return fail(400, "invalid_grant", "AADSTS50027: JWT token is invalid or malformed.");
        }
        if (!oid) return fail(400, "invalid_grant", "AADSTS50027: the assertion names no user.");
      } else if (b.grant_type !== "client_credentials") {
        return fail(400, "unsupported_grant_type", `AADSTS70003: grant type ${b.grant_type} is not supported here.`);
      }
      const token = entra.mint({ tid: tenant, appid: opts.clientId, ...(oid ? { oid } : {}) });
      res.send(200, { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: token });
      next();
    });

    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    entra.url = `http://127.0.0.1:${server.address().port}`;
    return entra;
  }

  /** A JWT-shaped token (unsigned: only this fake and its Graph read it). */
  mint(claims: { tid: string; appid?: string; oid?: string }): string {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const token = `${enc({ alg: "none", typ: "JWT" })}.${enc({ aud: "https://graph.microsoft.com", ...claims, exp, nonce: randomBytes(6).toString("hex") })}.${randomBytes(16).toString("base64url")}`;
    this.issued.set(token, { tid: claims.tid, appid: claims.appid ?? this.opts.clientId, oid: claims.oid, exp });
    return token;
  }

  /** What a token the fake issued says, if it did issue it and it has not expired. */
  introspect(token: string) {
    const t = this.issued.get(token);
    return t && t.exp * 1000 > Date.now() ? t : undefined;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
