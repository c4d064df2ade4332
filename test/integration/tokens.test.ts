/**
 * Bearer tokens: what the verifier refuses (401 with the API's error shape) in dev mode, where
 * the service is its own issuer, and in entra mode against a JWKS served on loopback the way
 * Entra serves its keys (including key rotation).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, exportSPKI, generateKeyPair, importJWK, SignJWT, UnsecuredJWT, type JWK, type JWTPayload } from "jose";
import sinon from "sinon";
import { DEV_AUDIENCE, DEV_ISSUER } from "../../bot/auth/dev-issuer.ts";
import { ConfigError, loadConfig } from "../../bot/config.ts";
import { startService, TENANT, type CallResult, type TestService } from "../support/service.ts";

type Key = CryptoKey;
const now = () => Math.floor(Date.now() / 1000);

/** Signs `payload` as given (claims set to undefined are left out). */
async function sign(payload: Record<string, unknown>, key: Key, header: { alg?: string; kid?: string; typ?: string } = {}): Promise<string> {
  const clean = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined)) as JWTPayload;
  return new SignJWT(clean).setProtectedHeader({ alg: "RS256", typ: "JWT", ...header }).sign(key);
}

/** A 401 in the API's shape, with the bearer challenge and a message matching `message`. */
function assertUnauthorized(res: CallResult, message: RegExp, what: string) {
  assert.equal(res.status, 401, `${what}: expected 401, got ${res.status} ${res.text}`);
  assert.equal(res.body?.error?.code, "unauthorized", `${what}: ${res.text}`);
  assert.match(res.body.error.message, message, what);
  assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/, `${what}: WWW-Authenticate`);
}

describe("tokens", function () {
  this.timeout(60_000);

  describe("dev mode (the service is its own issuer)", () => {
    let svc: TestService;
    let devKey: Key;
    let devKid: string;
    const claims = (over: Record<string, unknown> = {}) => ({
      oid: "demo-dana",
      tid: TENANT,
      name: "Dana Whitfield",
      preferred_username: "dana@contoso.example",
      roles: [],
      iss: DEV_ISSUER.replace("{tenantid}", TENANT),
      aud: DEV_AUDIENCE,
      iat: now(),
      exp: now() + 3600,
      ...over,
    });
    const me = (token: string) => svc.call("GET", "/api/me", { token });

    before(async () => {
      svc = await startService({ demo: true });
      const issuer = svc.app.devIssuer!;
      // The issuer's own signing key, to make tokens that are right in every way but one.
      devKey = issuer["privateKey"];
      devKid = issuer["kid"];
    });
    after(() => svc?.close());

    it("a token minted by POST /api/dev/token is accepted (the control)", async () => {
      const token = await svc.token("dana");
      const res = await me(token);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.user.id, "demo-dana");
      assert.equal(res.body.tenantId, TENANT);
      const own = await me(await sign(claims(), devKey, { kid: devKid }));
      assert.equal(own.status, 200, own.text);
      assert.deepEqual(own.body.user, { id: "demo-dana", name: "Dana Whitfield", email: "dana@contoso.example" });
    });

    it("no token: 401", async () => {
      assertUnauthorized(await svc.call("GET", "/api/me"), /Sign in first/, "no header");
    });

    it("a malformed Authorization header: 401", async () => {
      const good = await svc.token("dana");
      const headers = [
        "",
        "Bearer",
        "Bearer ",
        `Basic ${Buffer.from("dana:secret").toString("base64")}`,
        `Token ${good}`,
        good,
        `Bearer ${good} extra`,
        `Bearer${good}`,
      ];
      for (const h of headers) {
        assertUnauthorized(await svc.call("GET", "/api/me", { headers: { Authorization: h } }), /Sign in first/, `header ${JSON.stringify(h.slice(0, 20))}`);
      }
      for (const t of ["abc", "a.b", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30.", "...", `${good}x`, good.split(".").slice(0, 2).join(".")]) {
        assertUnauthorized(await me(t), /token|signature/i, `token ${JSON.stringify(t.slice(0, 20))}`);
      }
      // The scheme is case-insensitive (RFC 7235).
      assert.equal((await svc.call("GET", "/api/me", { headers: { Authorization: `bearer ${good}` } })).status, 200);
    });

    it("an unsigned token (alg none): 401", async () => {
      const unsigned = new UnsecuredJWT(claims()).encode();
      assertUnauthorized(await me(unsigned), /must be signed/, "alg none");
      // The same with the issuer's kid in the header.
      const [, body] = unsigned.split(".");
      const header = Buffer.from(JSON.stringify({ alg: "none", kid: devKid, typ: "JWT" })).toString("base64url");
      assertUnauthorized(await me(`${header}.${body}.`), /must be signed/, "alg none with kid");
      // And "None", an old bypass.
      const header2 = Buffer.from(JSON.stringify({ alg: "None", kid: devKid })).toString("base64url");
      assertUnauthorized(await me(`${header2}.${body}.`), /./, "alg None");
    });

    it("an HS256 token keyed with the issuer's public key (algorithm confusion): 401", async () => {
      const jwk = svc.app.devIssuer!.jwks.keys[0];
      const pem = await exportSPKI((await importJWK(jwk, "RS256", { extractable: true })) as CryptoKey);
      const token = await new SignJWT(claims() as JWTPayload).setProtectedHeader({ alg: "HS256", kid: devKid }).sign(new TextEncoder().encode(pem));
      assertUnauthorized(await me(token), /must be signed \(RS256\)/, "HS256");
    });

    it("a token signed by another RSA key, with the right kid and claims: 401", async () => {
      const { privateKey } = await generateKeyPair("RS256");
      assertUnauthorized(await me(await sign(claims(), privateKey, { kid: devKid })), /signature is not from a trusted issuer/, "other key, right kid");
      assertUnauthorized(await me(await sign(claims(), privateKey, { kid: randomUUID() })), /signature is not from a trusted issuer/, "other key, unknown kid");
      assertUnauthorized(await me(await sign(claims(), privateKey)), /./, "other key, no kid");
    });

    it("a genuine token whose payload was changed: 401", async () => {
      const token = await svc.token("dana");
      const [h, , s] = token.split(".");
      const forged = Buffer.from(JSON.stringify(claims({ roles: ["Tandem.Admin"] }))).toString("base64url");
      assertUnauthorized(await me(`${h}.${forged}.${s}`), /signature/, "tampered payload");
    });

    it("expired (beyond the 60 s clock tolerance): 401; just expired within it: accepted", async () => {
      assertUnauthorized(await me(await sign(claims({ iat: now() - 7200, exp: now() - 120 }), devKey, { kid: devKid })), /expired/, "expired");
      assertUnauthorized(await me(await sign(claims({ exp: undefined }), devKey, { kid: devKid })), /./, "no exp");
      const skewed = await me(await sign(claims({ exp: now() - 10 }), devKey, { kid: devKid }));
      assert.equal(skewed.status, 200, skewed.text);
    });

    it("a token accepted a moment ago is refused once it expires (verified tokens are remembered only until their expiry)", async () => {
      const token = await sign(claims({ exp: now() + 2 }), devKey, { kid: devKid });
      assert.equal((await me(token)).status, 200);
      assert.equal((await me(token)).status, 200, "again, from memory");
      // Past exp and the 60 s tolerance: only Date moves, the service keeps running.
      const clock = sinon.useFakeTimers({ now: Date.now() + 65_000, toFake: ["Date"] });
      try {
        assertUnauthorized(await me(token), /expired/, "expired after being accepted");
      } finally {
        clock.restore();
      }
    });

    it("not yet valid (nbf in the future): 401", async () => {
      assertUnauthorized(await me(await sign(claims({ nbf: now() + 600 }), devKey, { kid: devKid })), /nbf|not valid|not for this service/i, "nbf");
    });

    it("wrong audience, no audience: 401", async () => {
      assertUnauthorized(await me(await sign(claims({ aud: "api://someone-else" }), devKey, { kid: devKid })), /aud/, "wrong aud");
      assertUnauthorized(await me(await sign(claims({ aud: ["api://a", "api://b"] }), devKey, { kid: devKid })), /aud/, "wrong aud list");
      assertUnauthorized(await me(await sign(claims({ aud: undefined }), devKey, { kid: devKid })), /./, "no aud");
    });

    it("wrong issuer, or the issuer of another tenant than tid: 401", async () => {
      assertUnauthorized(await me(await sign(claims({ iss: "https://evil.example/v2.0" }), devKey, { kid: devKid })), /issuer/, "wrong iss");
      const other = randomUUID();
      assertUnauthorized(await me(await sign(claims({ iss: DEV_ISSUER.replace("{tenantid}", other) }), devKey, { kid: devKid })), /issuer/, "iss of another tenant");
      assertUnauthorized(await me(await sign(claims({ iss: DEV_ISSUER }), devKey, { kid: devKid })), /issuer/, "iss template unreplaced");
      assertUnauthorized(await me(await sign(claims({ iss: undefined }), devKey, { kid: devKid })), /./, "no iss");
    });

    it("missing or bad oid / tid: 401", async () => {
      assertUnauthorized(await me(await sign(claims({ oid: undefined }), devKey, { kid: devKid })), /oid/, "no oid");
      assertUnauthorized(await me(await sign(claims({ oid: "" }), devKey, { kid: devKid })), /oid/, "empty oid");
      assertUnauthorized(await me(await sign(claims({ oid: 42 }), devKey, { kid: devKid })), /oid/, "numeric oid");
      assertUnauthorized(await me(await sign(claims({ oid: "x".repeat(129) }), devKey, { kid: devKid })), /oid/, "oid too long");
      assertUnauthorized(await me(await sign(claims({ tid: undefined }), devKey, { kid: devKid })), /tid/, "no tid");
      // A tid that could break out of its storage partition ("tenant|...") is refused outright.
      for (const tid of [`${TENANT}|IT`, "", "a/b", "x".repeat(65)]) {
        assertUnauthorized(await me(await sign(claims({ tid, iss: DEV_ISSUER.replace("{tenantid}", tid) }), devKey, { kid: devKid })), /tid/, `tid ${JSON.stringify(tid.slice(0, 20))}`);
      }
    });

    it("admin only from a roles array holding Tandem.Admin", async () => {
      const as = async (roles: unknown) => (await me(await sign(claims({ roles }), devKey, { kid: devKid }))).body;
      assert.equal((await as(["Tandem.Admin"])).isAdmin, true);
      assert.equal((await as("Tandem.Admin")).isAdmin, false);
      assert.equal((await as(["tandem.admin"])).isAdmin, false);
      assert.equal((await as(["Tandem.Reader"])).isAdmin, false);
      assert.equal((await as(undefined)).isAdmin, false);
      assert.equal((await me(await sign(claims({ roles: undefined, wids: ["62e90394-69f5-4237-9190-012177145e10"], groups: ["Tandem.Admin"] }), devKey, { kid: devKid }))).body.isAdmin, false);
    });

    it("every protected route rejects a bad token, not only /api/me", async () => {
      const expired = await sign(claims({ iat: now() - 7200, exp: now() - 120 }), devKey, { kid: devKid });
      const routes: Array<[string, string, unknown?]> = [
        ["GET", "/api/departments"],
        ["GET", "/api/departments/IT"],
        ["PUT", "/api/departments/IT", {}],
        ["GET", "/api/departments/IT/sla/preview"],
        ["GET", "/api/departments/IT/requests"],
        ["GET", "/api/departments/IT/stats"],
        ["GET", "/api/departments/IT/report?month=2026-03"],
        ["POST", "/api/requests", { department: "IT", title: "x" }],
        ["POST", "/api/requests/from-email", {}],
        ["GET", "/api/requests/by-email?internetMessageId=x"],
        ["GET", "/api/me/requests"],
        ["GET", "/api/requests/IT-1"],
        ["POST", "/api/requests/IT-1/actions", { action: "take" }],
        ["GET", "/api/stream?department=IT"],
      ];
      for (const [method, path, body] of routes) {
        assertUnauthorized(await svc.call(method, path, { token: expired, ...(body === undefined ? {} : { body }) }), /expired/, `${method} ${path}`);
      }
    });

    it("dev mode is refused on a non-loopback address", () => {
      assert.throws(() => loadConfig({ HOST: "0.0.0.0" }), ConfigError);
      assert.throws(() => loadConfig({ HOST: "10.0.0.5", AUTH_MODE: "dev" }), ConfigError);
      assert.equal(loadConfig({ HOST: "127.0.0.1" }).authMode, "dev");
      assert.equal(loadConfig({ HOST: "0.0.0.0", ENTRA_CLIENT_ID: randomUUID() }).authMode, "entra");
    });
  });

  describe("entra mode (JWKS on loopback)", () => {
    const CLIENT_ID = randomUUID();
    const TENANT_ID = randomUUID();
    let jwks: JwksServer;
    let svc: TestService;
    let k1: { privateKey: Key; jwk: JWK };
    let issuerOf: (tid: string) => string;
    const claims = (over: Record<string, unknown> = {}) => ({
      oid: "11111111-2222-4333-8444-555555555555",
      tid: TENANT_ID,
      name: "Alex Morgan",
      preferred_username: "alex@contoso.example",
      roles: ["Tandem.Admin"],
      iss: issuerOf((over.tid as string) ?? TENANT_ID),
      aud: CLIENT_ID,
      iat: now(),
      nbf: now(),
      exp: now() + 3600,
      ver: "2.0",
      ...over,
    });
    const me = (token: string) => svc.call("GET", "/api/me", { token });

    before(async () => {
      k1 = await makeKey();
      jwks = await startJwksServer([k1.jwk]);
      issuerOf = (tid) => `${jwks.url}/${tid}/v2.0`;
      svc = await startService({
        env: {
          AUTH_MODE: "entra",
          ENTRA_CLIENT_ID: CLIENT_ID,
          ENTRA_TENANT_ID: TENANT_ID,
          ENTRA_ISSUER: `${jwks.url}/{tenantid}/v2.0`,
          ENTRA_JWKS_URL: `${jwks.url}/keys`,
        },
      });
    });
    after(async () => {
      await svc?.close();
      await jwks?.close();
    });

    it("a valid Entra token with roles [Tandem.Admin] is an admin on /api/me", async () => {
      const res = await me(await sign(claims(), k1.privateKey, { kid: k1.jwk.kid }));
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.isAdmin, true);
      assert.deepEqual(res.body.roles, ["Tandem.Admin"]);
      assert.equal(res.body.tenantId, TENANT_ID);
      assert.deepEqual(res.body.user, { id: "11111111-2222-4333-8444-555555555555", name: "Alex Morgan", email: "alex@contoso.example" });
      assert.ok(jwks.hits >= 1, "the JWKS was fetched");
    });

    it("both audience forms (client id, api://client id) are accepted; without the role, not admin", async () => {
      const api = await me(await sign(claims({ aud: `api://${CLIENT_ID}`, roles: undefined }), k1.privateKey, { kid: k1.jwk.kid }));
      assert.equal(api.status, 200, api.text);
      assert.equal(api.body.isAdmin, false);
      assert.deepEqual(api.body.roles, []);
    });

    it("a token from a tenant not in ALLOWED_TENANTS: 401", async () => {
      const other = randomUUID();
      const res = await me(await sign(claims({ tid: other, iss: issuerOf(other) }), k1.privateKey, { kid: k1.jwk.kid }));
      assertUnauthorized(res, /organisation \(tenant\) is not allowed/, "other tenant");
    });

    it("wrong audience, wrong issuer (v1, other host), expired, nbf, no oid: 401", async () => {
      const kid = k1.jwk.kid;
      assertUnauthorized(await me(await sign(claims({ aud: randomUUID() }), k1.privateKey, { kid })), /aud/, "wrong aud");
      assertUnauthorized(await me(await sign(claims({ aud: "00000003-0000-0000-c000-000000000000" }), k1.privateKey, { kid })), /aud/, "a Graph token");
      assertUnauthorized(await me(await sign(claims({ iss: `https://sts.windows.net/${TENANT_ID}/` }), k1.privateKey, { kid })), /issuer/, "v1 issuer");
      assertUnauthorized(await me(await sign(claims({ iss: `https://login.microsoftonline.com/${TENANT_ID}/v2.0` }), k1.privateKey, { kid })), /issuer/, "real Entra issuer, keys of ours");
      assertUnauthorized(await me(await sign(claims({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 }), k1.privateKey, { kid })), /expired/, "expired");
      assertUnauthorized(await me(await sign(claims({ nbf: now() + 3600 }), k1.privateKey, { kid })), /./, "nbf");
      assertUnauthorized(await me(await sign(claims({ oid: undefined }), k1.privateKey, { kid })), /oid/, "no oid");
      assertUnauthorized(await me(new UnsecuredJWT(claims()).encode()), /must be signed/, "alg none");
    });

    it("a token signed by a key the JWKS does not publish: 401", async () => {
      const rogue = await makeKey();
      assertUnauthorized(await me(await sign(claims(), rogue.privateKey, { kid: k1.jwk.kid })), /signature/, "rogue key with k1's kid");
    });

    it("the Outlook add-in's page carries this deployment's sign-in settings (client id, tenant authority)", async () => {
      const page = await svc.call("GET", "/addin/");
      assert.equal(page.status, 200);
      assert.match(page.text, new RegExp(`<meta name="tandem:client-id" content="${CLIENT_ID}" />`));
      assert.match(page.text, new RegExp(`<meta name="tandem:authority" content="https://login.microsoftonline.com/${TENANT_ID}" />`));
    });

    it("POST /api/dev/token and GET /api/dev/users answer 404", async () => {
      const token = await svc.call("POST", "/api/dev/token", { body: { userId: "demo-alex", name: "Alex", roles: ["Tandem.Admin"] } });
      assert.equal(token.status, 404, token.text);
      assert.equal(token.body.error.code, "not_found");
      assert.equal((await svc.call("GET", "/api/dev/users")).status, 404);
    });

    it("dev tokens (signed by the dev issuer's kind of key) are refused in entra mode", async () => {
      const dev = await startService({});
      try {
        const devToken = await dev.token({ userId: "demo-alex", tenantId: TENANT_ID, roles: ["Tandem.Admin"] });
        assertUnauthorized(await me(devToken), /./, "dev token");
      } finally {
        await dev.close();
      }
    });

    it("key rotation: an unknown kid makes the verifier refetch the JWKS, at most once per 30 s (jose's cooldown)", async () => {
      // Only Date is faked (the service runs in this process): jose's cache and cooldown read it.
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ["Date"], shouldAdvanceTime: true });
      try {
        // Past any cooldown, an unknown kid refetches: the cache is now fresh, with k1 only.
        clock.tick(31_000);
        const start = jwks.hits;
        const stray = await makeKey();
        assertUnauthorized(await me(await sign(claims(), stray.privateKey, { kid: stray.jwk.kid })), /signature/, "unknown kid");
        assert.equal(jwks.hits, start + 1, "an unknown kid refetched the JWKS");
        assert.equal((await me(await sign(claims(), k1.privateKey, { kid: k1.jwk.kid }))).status, 200);

        // Entra rotates: the JWKS now publishes k2 only.
        const k2 = await makeKey();
        jwks.keys = [k2.jwk];
        // Within the cooldown a new kid is not fetched (no fetch storm from garbage kids)...
        assertUnauthorized(await me(await sign(claims(), k2.privateKey, { kid: k2.jwk.kid })), /signature/, "k2 within the cooldown");
        assert.equal(jwks.hits, start + 1, "no refetch within the cooldown");
        // ...after it, the first token signed by k2 refetches and is accepted.
        clock.tick(31_000);
        const rotated = await me(await sign(claims(), k2.privateKey, { kid: k2.jwk.kid }));
        assert.equal(rotated.status, 200, rotated.text);
        assert.equal(jwks.hits, start + 2, "one refetch for the new kid");
        assert.equal((await me(await sign(claims(), k2.privateKey, { kid: k2.jwk.kid }))).status, 200);
        assert.equal(jwks.hits, start + 2, "served from the cache");
        // The retired key k1 is no longer trusted.
        assertUnauthorized(await me(await sign(claims(), k1.privateKey, { kid: k1.jwk.kid })), /signature/, "retired k1");
        // Past the cache's max age (10 min) the JWKS is refetched even for a known kid.
        clock.tick(11 * 60_000);
        assert.equal((await me(await sign(claims(), k2.privateKey, { kid: k2.jwk.kid }))).status, 200);
        assert.equal(jwks.hits, start + 3, "refetched after the max age");
      } finally {
        clock.restore();
      }
    });

    it("JWKS answering 500: 503 with Retry-After; recovers without a restart", async () => {
      const flaky = await startJwksServer([k1.jwk]);
      flaky.fail = true;
      const s = await startService({
        env: { AUTH_MODE: "entra", ENTRA_CLIENT_ID: CLIENT_ID, ENTRA_TENANT_ID: TENANT_ID, ENTRA_ISSUER: `${flaky.url}/{tenantid}/v2.0`, ENTRA_JWKS_URL: `${flaky.url}/keys` },
      });
      try {
        const token = await sign(claims({ iss: `${flaky.url}/${TENANT_ID}/v2.0` }), k1.privateKey, { kid: k1.jwk.kid });
        const down = await s.call("GET", "/api/me", { token });
        assert.equal(down.status, 503, down.text);
        assert.equal(down.body.error.code, "keys_unavailable");
        assert.ok(down.headers.get("retry-after"));
        flaky.fail = false;
        const up = await s.call("GET", "/api/me", { token });
        assert.equal(up.status, 200, up.text);
      } finally {
        await s.close();
        await flaky.close();
      }
    });

    it("JWKS unreachable: 503 with Retry-After, not a 401 that would sign the user out", async () => {
      const down = await startJwksServer([k1.jwk]);
      const url = down.url;
      await down.close();
      const s = await startService({
        env: { AUTH_MODE: "entra", ENTRA_CLIENT_ID: CLIENT_ID, ENTRA_TENANT_ID: TENANT_ID, ENTRA_ISSUER: `${url}/{tenantid}/v2.0`, ENTRA_JWKS_URL: `${url}/keys` },
      });
      try {
        const res = await s.call("GET", "/api/me", { token: await sign(claims({ iss: `${url}/${TENANT_ID}/v2.0` }), k1.privateKey, { kid: k1.jwk.kid }) });
        assert.equal(res.status, 503, res.text);
        assert.ok(res.headers.get("retry-after"));
        assert.match(res.body.error.message, /sign-in keys/i);
      } finally {
        await s.close();
      }
    });
  });
});

async function makeKey(): Promise<{ privateKey: Key; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: "RS256", use: "sig", kty: "RSA" } };
}

interface JwksServer {
  url: string;
  /** What GET /keys serves now (change it to rotate). */
  keys: JWK[];
  /** How many times /keys was fetched. */
  hits: number;
  /** Answer 500 while set. */
  fail?: boolean;
  close(): Promise<void>;
}

/** A loopback stand-in for Entra's discovery keys endpoint: GET /keys -> {keys:[...]}. */
async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  const state: JwksServer = {
    url: "",
    keys,
    hits: 0,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/keys") {
      state.hits++;
      if (state.fail) {
        res.writeHead(500);
        res.end();
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ keys: state.keys }));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = state.close;
  state.close = () => {
    server.closeAllConnections();
    return close();
  };
  return state;
}
