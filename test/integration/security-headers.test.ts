/**
 * Security headers (issue 11, item 3): every page the service serves carries a Content Security
 * Policy (scripts from the service only, no inline script, no plug-ins, framing limited to the
 * hosts that embed the page), every response says nosniff and a referrer policy, and build
 * leftovers (source maps, esbuild's metafile) stay private in production.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startService, type TestService } from "../support/service.ts";

/** `default-src 'self'; frame-ancestors 'self' https://x` -> { "default-src": ["'self'"], ... } */
function parseCsp(header: string | null): Record<string, string[]> {
  assert.ok(header, "a Content-Security-Policy header");
  const out: Record<string, string[]> = {};
  for (const part of header.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}

/** The headers every response carries, whatever it is. */
function assertBaseHeaders(res: Response, what: string) {
  assert.equal(res.headers.get("x-content-type-options"), "nosniff", `${what}: X-Content-Type-Options`);
  assert.equal(res.headers.get("referrer-policy"), "strict-origin-when-cross-origin", `${what}: Referrer-Policy`);
}

const TEAMS_HOSTS = ["https://teams.microsoft.com", "https://*.teams.microsoft.com", "https://*.cloud.microsoft", "https://*.office.com", "https://*.microsoft365.com"];
const OUTLOOK_HOSTS = ["https://outlook.office.com", "https://outlook.office365.com", "https://outlook.live.com", "https://*.cloud.microsoft"];

/** Script sources a page may use: none inline (no hash, nonce or 'unsafe-*'), no wildcard. */
function assertStrictScripts(csp: Record<string, string[]>, allowed: string[], what: string) {
  assert.deepEqual(csp["script-src"], allowed, `${what}: script-src`);
  assert.deepEqual(csp["object-src"], ["'none'"], `${what}: object-src`);
  assert.deepEqual(csp["base-uri"], ["'self'"], `${what}: base-uri`);
  assert.deepEqual(csp["default-src"], ["'self'"], `${what}: default-src`);
  for (const [directive, values] of Object.entries(csp)) {
    // Styles: Fluent UI (Griffel) and the Adaptive Cards renderer write them at run time.
    if (directive === "style-src") continue;
    for (const v of values) {
      assert.doesNotMatch(v, /^'unsafe-|^\*$|^https?:$/, `${what}: ${directive} ${v}`);
      if (directive !== "img-src") assert.notEqual(v, "data:", `${what}: ${directive} ${v}`);
    }
  }
}

/** Every <script> of `html` loads a file: no inline code, no JSON data block, no on* handlers, no javascript: URLs. */
function assertNoInlineScript(html: string, what: string) {
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    assert.match(m[1]!, /\bsrc=/, `${what}: a <script> without src: ${m[0].slice(0, 120)}`);
    assert.equal(m[2]!.trim(), "", `${what}: a <script src> with inline code too`);
  }
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${what}: an inline event handler attribute`);
  assert.doesNotMatch(html, /javascript:/i, `${what}: a javascript: URL`);
}

describe("security headers (issue 11.3)", function () {
  this.timeout(60_000);

  describe("development (the demo desk on loopback)", () => {
    let svc: TestService;
    before(async () => {
      svc = await startService({ demo: true });
    });
    after(() => svc?.close());

    it("the start page and the chat page: a strict CSP, never framed by another site (frame-ancestors 'self' and X-Frame-Options)", async () => {
      for (const page of ["/", "/index.html", "/chat.html"]) {
        const res = await fetch(svc.url + page);
        assert.equal(res.status, 200, page);
        assertBaseHeaders(res, page);
        const csp = parseCsp(res.headers.get("content-security-policy"));
        assertStrictScripts(csp, ["'self'"], page);
        assert.deepEqual(csp["frame-ancestors"], ["'self'"], `${page}: frame-ancestors`);
        assert.deepEqual(csp["connect-src"], ["'self'"], `${page}: connect-src`);
        assert.deepEqual(csp["style-src"], ["'self'"], `${page}: style sheets only (no CSS-in-JS here)`);
        assert.equal(res.headers.get("x-frame-options"), "SAMEORIGIN", `${page}: X-Frame-Options`);
        assertNoInlineScript(await res.text(), page);
      }
    });

    it("the Teams tab: framed only by itself and Microsoft's Teams / Outlook / Microsoft 365 hosts; teams-js may fetch its valid-domains list", async () => {
      for (const page of ["/tab/", "/tab/?view=board&department=IT", "/tab/index.html"]) {
        const res = await fetch(svc.url + page);
        assert.equal(res.status, 200, page);
        assertBaseHeaders(res, page);
        const csp = parseCsp(res.headers.get("content-security-policy"));
        assertStrictScripts(csp, ["'self'"], page);
        assert.equal(csp["frame-ancestors"]![0], "'self'", `${page}: frame-ancestors starts with 'self'`);
        for (const host of TEAMS_HOSTS) assert.ok(csp["frame-ancestors"]!.includes(host), `${page}: frame-ancestors lists ${host}: ${csp["frame-ancestors"]}`);
        assert.ok(!csp["frame-ancestors"]!.some((h) => h === "*" || h === "https:"), `${page}: no wildcard ancestor`);
        assert.deepEqual(csp["connect-src"], ["'self'", "https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json"], `${page}: connect-src`);
        // X-Frame-Options cannot name several hosts: the CSP alone says who may frame the tab.
        assert.equal(res.headers.get("x-frame-options"), null, `${page}: no X-Frame-Options`);
        assertNoInlineScript(await res.text(), page);
      }
    });

    it("the Outlook add-in (and its sign-in dialog page): Office.js from Microsoft's CDN, framed only by Outlook's hosts, Entra for sign-in", async () => {
      for (const page of ["/addin/", "/addin/?demo=1", "/addin/auth.html"]) {
        const res = await fetch(svc.url + page);
        assert.equal(res.status, 200, page);
        assertBaseHeaders(res, page);
        const csp = parseCsp(res.headers.get("content-security-policy"));
        assert.equal(csp["script-src"]![0], "'self'");
        assert.ok(csp["script-src"]!.includes("https://appsforoffice.microsoft.com"), `${page}: Office.js's CDN: ${csp["script-src"]}`);
        assert.ok(!csp["script-src"]!.some((s) => s.startsWith("'unsafe") || s === "*" || s === "https:"), `${page}: no unsafe script source: ${csp["script-src"]}`);
        assert.deepEqual(csp["object-src"], ["'none'"]);
        assert.deepEqual(csp["base-uri"], ["'self'"]);
        assert.equal(csp["frame-ancestors"]![0], "'self'");
        for (const host of OUTLOOK_HOSTS) assert.ok(csp["frame-ancestors"]!.includes(host), `${page}: frame-ancestors lists ${host}: ${csp["frame-ancestors"]}`);
        assert.ok(csp["connect-src"]!.includes("'self'") && csp["connect-src"]!.includes("https://login.microsoftonline.com"), `${page}: connect-src ${csp["connect-src"]}`);
        assert.equal(res.headers.get("x-frame-options"), null, `${page}: no X-Frame-Options`);
        const html = await res.text();
        assertNoInlineScript(html, page);
        // What the page loads from outside is what the policy allows.
        for (const m of html.matchAll(/<script\b[^>]*\bsrc="(https:[^"]+)"/g)) {
          assert.ok(csp["script-src"]!.some((s) => m[1]!.startsWith(s)), `${page}: ${m[1]} is allowed by script-src`);
        }
      }
    });

    it("API answers, redirects and 404s carry nosniff, the referrer policy and a CSP that allows nothing", async () => {
      const token = await svc.token("dana");
      const calls: Array<[string, string, RequestInit?]> = [
        ["healthz", "/healthz"],
        ["an API answer", "/api/departments", { headers: { Authorization: `Bearer ${token}` } }],
        ["a 401", "/api/me"],
        ["an unknown API route", "/api/nothing-here"],
        ["an unknown API route (POST)", "/api/nothing-here", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }],
        ["a wrong method", "/api/departments", { method: "DELETE" }],
        ["an unknown file", "/no-such-page.html"],
        ["an unknown file under /tab/", "/tab/no-such.js"],
        ["the tab without its slash", "/tab", { redirect: "manual" }],
        ["a script", "/tab/app.js"],
        ["the start page's script", "/start.js"],
      ];
      for (const [what, p, init] of calls) {
        const res = await fetch(svc.url + p, init);
        await res.arrayBuffer();
        assertBaseHeaders(res, `${what} (${p}, ${res.status})`);
        const csp = parseCsp(res.headers.get("content-security-policy"));
        assert.deepEqual(csp["default-src"], ["'none'"], `${what}: default-src`);
        assert.deepEqual(csp["frame-ancestors"], ["'none'"], `${what}: frame-ancestors`);
      }
    });

    it("in development the source maps are there for the browser's developer tools; esbuild's metafile never is", async () => {
      for (const app of ["tab", "addin"]) {
        const map = await fetch(`${svc.url}/${app}/app.js.map`);
        assert.equal(map.status, 200, `/${app}/app.js.map in development`);
        assertBaseHeaders(map, `/${app}/app.js.map`);
        const meta = await fetch(`${svc.url}/${app}/meta.json`);
        assert.equal(meta.status, 404, `/${app}/meta.json`);
        assertBaseHeaders(meta, `/${app}/meta.json`);
      }
    });
  });

  describe("production (AUTH_MODE=entra)", () => {
    let svc: TestService;
    const CLIENT_ID = randomUUID();
    const TENANT_ID = randomUUID();
    before(async () => {
      // No token is checked here, so Entra's keys are never fetched: the JWKS address is a closed loopback port.
      svc = await startService({
        env: { AUTH_MODE: "entra", ENTRA_CLIENT_ID: CLIENT_ID, ENTRA_TENANT_ID: TENANT_ID, ENTRA_JWKS_URL: "http://127.0.0.1:9/keys", ENTRA_ISSUER: "http://127.0.0.1:9/{tenantid}/v2.0" },
      });
    });
    after(() => svc?.close());

    it("source maps and build metadata are not served (404), however they are asked for", async () => {
      const built = (app: string) => fs.readdirSync(path.resolve(app, "dist"), { recursive: true }).map(String);
      const tabMaps = built("teams-app").filter((f) => f.endsWith(".map"));
      const addinMaps = built("addin").filter((f) => f.endsWith(".map"));
      assert.ok(tabMaps.length > 0 && addinMaps.length > 0, "the build writes source maps (else this test proves nothing)");
      const paths = [
        ...tabMaps.map((f) => `/tab/${f}`),
        ...addinMaps.map((f) => `/addin/${f}`),
        "/tab/meta.json",
        "/addin/meta.json",
        "/tab/app.js.map?x=1",
        "/tab/%61pp.js.map",
        "/tab/APP.JS.MAP",
        "/tab/meta.json.gz",
      ];
      for (const p of paths) {
        const res = await fetch(svc.url + p, { headers: { "Accept-Encoding": "br, gzip" } });
        const text = await res.text();
        assert.equal(res.status, 404, `${p}: ${res.status}`);
        assert.doesNotMatch(text, /"mappings"|"sourcesContent"|"inputs"/, `${p}: nothing of the file`);
        assertBaseHeaders(res, p);
      }
      // ...while the scripts themselves are served.
      assert.equal((await fetch(`${svc.url}/tab/app.js`)).status, 200);
      assert.equal((await fetch(`${svc.url}/addin/app.js`)).status, 200);
    });

    it("the pages carry the same policies; the add-in's connect-src names the tenant's sign-in authority host", async () => {
      const tab = parseCsp((await fetch(`${svc.url}/tab/`)).headers.get("content-security-policy"));
      assert.ok(tab["frame-ancestors"]!.includes("https://teams.microsoft.com"));
      const addin = await fetch(`${svc.url}/addin/`);
      const csp = parseCsp(addin.headers.get("content-security-policy"));
      assert.ok(csp["connect-src"]!.includes("https://login.microsoftonline.com"), String(csp["connect-src"]));
      assert.match(await addin.text(), new RegExp(`<meta name="tandem:client-id" content="${CLIENT_ID}" />`));
      const start = await fetch(`${svc.url}/`);
      assert.equal(start.headers.get("x-frame-options"), "SAMEORIGIN");
      assertBaseHeaders(start, "/");
    });

    it("API errors in entra mode carry the headers too", async () => {
      const res = await fetch(`${svc.url}/api/me`);
      assert.equal(res.status, 401);
      assertBaseHeaders(res, "401");
      assert.deepEqual(parseCsp(res.headers.get("content-security-policy"))["default-src"], ["'none'"]);
    });
  });
});
