/**
 * Development mode takes no cross-site commands (issue 11, item 5). A page on another origin
 * can send a "simple" request without asking (a no-cors POST of text/plain, a form, or a body
 * without Content-Type), and a DNS-rebinding page reaches the loopback service under its own
 * host name. So the unauthenticated endpoints (/api/messages without MicrosoftAppId,
 * /api/dev/*, /dev/*) take JSON bodies only (anything else needs a CORS preflight, which the
 * service never grants) and only Host: localhost / 127.0.0.1 / [::1] on the service's port.
 */
import assert from "node:assert/strict";
import http from "node:http";
import { assertApiError, departmentRequests } from "../support/api.ts";
import type { CallResult } from "../support/service.ts";
import { startService, type TestService } from "../support/service.ts";
import { personal, startBot } from "../support/teams.ts";

/**
 * A request with a Host header of our choosing (fetch will not set Host), to the service's
 * loopback address: what a browser sends after a DNS-rebinding name resolved to 127.0.0.1.
 */
function rawCall(url: string, method: string, path: string, opts: { host?: string; headers?: Record<string, string>; body?: string } = {}): Promise<CallResult> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: Number(u.port), method, path, headers: { ...(opts.host ? { host: opts.host } : {}), ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON */
          }
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
          resolve({ status: res.statusCode ?? 0, headers, body, text });
        });
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

const portOf = (svc: TestService) => new URL(svc.url).port;

describe("development mode: no cross-site commands (issue 11.5)", function () {
  this.timeout(60_000);

  describe("/api/messages without MicrosoftAppId (the unsigned development bot)", () => {
    let bot: Awaited<ReturnType<typeof startBot>>;
    let ben: string;
    before(async () => {
      bot = await startBot();
      ben = await bot.svc.token("ben");
    });
    after(() => bot?.close());

    const fileActivity = (title: string) => bot.teams.activity("demo-dana", personal("demo-dana"), { type: "message", text: `new IT ${title}`, textFormat: "plain" });
    const filed = async (title: string) => (await departmentRequests(bot.svc, "IT", ben)).filter((r) => r.title === title);

    it("the outside test's reproduction: a no-cors Blob POST (no Content-Type) of a 'new IT' message is refused with 415 and files nothing", async () => {
      const title = `Cross-site ${Date.now()}`;
      const before = bot.connector.calls.length;
      // fetch(base + "/api/messages", { method: "POST", mode: "no-cors", body: new Blob([activity]) }) sends no Content-Type.
      const res = await rawCall(bot.svc.url, "POST", "/api/messages", { body: JSON.stringify(fileActivity(title)) });
      assertApiError(res, 415, "a body without Content-Type", { code: "unsupported_media_type" });
      assert.match(res.body.error.message, /application\/json/);
      assert.deepEqual(await filed(title), [], "nothing was filed");
      assert.equal(bot.connector.calls.length, before, "the bot said nothing");
    });

    it("text/plain, a form and multipart (the other bodies a page may send without a preflight): 415, nothing filed", async () => {
      const title = `Cross-site plain ${Date.now()}`;
      for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
        const res = await rawCall(bot.svc.url, "POST", "/api/messages", { headers: { "Content-Type": type }, body: JSON.stringify(fileActivity(title)) });
        assertApiError(res, 415, type, { code: "unsupported_media_type" });
      }
      assert.deepEqual(await filed(title), []);
    });

    it("a rebinding host name is refused (421) even with JSON; the same activity on localhost is handled (the control)", async () => {
      const title = `Rebound ${Date.now()}`;
      const json = { "Content-Type": "application/json" };
      const rebound = await rawCall(bot.svc.url, "POST", "/api/messages", { host: `tandem.rebind.example:${portOf(bot.svc)}`, headers: json, body: JSON.stringify(fileActivity(title)) });
      assertApiError(rebound, 421, "rebinding host", { code: "misdirected_request" });
      assert.match(rebound.body.error.message, /localhost/);
      assert.deepEqual(await filed(title), []);
      const ok = await rawCall(bot.svc.url, "POST", "/api/messages", { host: `localhost:${portOf(bot.svc)}`, headers: json, body: JSON.stringify(fileActivity(title)) });
      assert.ok(ok.status < 300, `localhost: ${ok.status} ${ok.text}`);
      assert.equal((await filed(title)).length, 1, "the control filed one request");
    });

    it("JSON from another site's page (an Origin header, as browsers send) is refused (403) and files nothing", async () => {
      const title = `Cross-origin JSON ${Date.now()}`;
      const res = await rawCall(bot.svc.url, "POST", "/api/messages", {
        host: `127.0.0.1:${portOf(bot.svc)}`,
        headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
        body: JSON.stringify(fileActivity(title)),
      });
      assertApiError(res, 403, "Origin https://evil.example", { code: "cross_origin" });
      assert.deepEqual(await filed(title), []);
    });

    it("a CORS preflight is never granted (no Access-Control-Allow-* in the answer)", async () => {
      for (const path of ["/api/messages", "/api/dev/token", "/dev/chat/api/conversations/x/activities"]) {
        const res = await rawCall(bot.svc.url, "OPTIONS", path, {
          headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
        });
        assert.ok(res.status >= 400, `OPTIONS ${path}: ${res.status}`);
        for (const h of ["access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers", "access-control-allow-credentials"]) {
          assert.equal(res.headers.get(h), null, `OPTIONS ${path}: ${h}`);
        }
      }
      // Nor does an ordinary answer name another origin.
      const res = await rawCall(bot.svc.url, "GET", "/api/dev/users", { headers: { Origin: "https://evil.example" } });
      assert.equal(res.headers.get("access-control-allow-origin"), null);
    });
  });

  describe("/api/dev/token and /api/dev/users", () => {
    let svc: TestService;
    before(async () => {
      svc = await startService({ demo: true });
    });
    after(() => svc?.close());
    const admin = JSON.stringify({ userId: "demo-alex", name: "Alex", roles: ["Tandem.Admin"] });

    it("POST /api/dev/token to Host: tandem.rebind.example:<port> (DNS rebinding) is refused: no admin token", async () => {
      const res = await rawCall(svc.url, "POST", "/api/dev/token", { host: `tandem.rebind.example:${portOf(svc)}`, headers: { "Content-Type": "application/json" }, body: admin });
      assertApiError(res, 421, "rebinding host", { code: "misdirected_request" });
      assert.equal(res.body.token, undefined);
      assert.doesNotMatch(res.text, /eyJ/, "no JWT in the answer");
      const users = await rawCall(svc.url, "GET", "/api/dev/users", { host: `tandem.rebind.example:${portOf(svc)}` });
      assertApiError(users, 421, "rebinding host on /api/dev/users", { code: "misdirected_request" });
    });

    it("other host names and ports are refused too; localhost, 127.0.0.1 and [::1] on the service's port are answered", async () => {
      const port = portOf(svc);
      for (const host of [`evil.example`, `localhost`, `localhost:1`, `127.0.0.1:${Number(port) + 1}`, `127.0.0.2:${port}`, `localhost.evil.example:${port}`, `[::2]:${port}`, `127.0.0.1.nip.io:${port}`]) {
        const res = await rawCall(svc.url, "POST", "/api/dev/token", { host, headers: { "Content-Type": "application/json" }, body: admin });
        assertApiError(res, 421, `Host: ${host}`, { code: "misdirected_request" });
      }
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
        const res = await rawCall(svc.url, "POST", "/api/dev/token", { host, headers: { "Content-Type": "application/json; charset=utf-8" }, body: admin });
        assert.equal(res.status, 200, `Host: ${host}: ${res.text}`);
        assert.equal(typeof res.body.token, "string");
      }
    });

    it("an Origin other than the service's own loopback address is refused (403), even with JSON on localhost", async () => {
      const port = portOf(svc);
      for (const origin of ["https://evil.example", "null", `http://tandem.rebind.example:${port}`, `http://localhost:${Number(port) + 1}`, `https://localhost:${port}`]) {
        const res = await rawCall(svc.url, "POST", "/api/dev/token", { host: `localhost:${port}`, headers: { "Content-Type": "application/json", Origin: origin }, body: admin });
        assertApiError(res, 403, `Origin: ${origin}`, { code: "cross_origin" });
      }
      for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]) {
        const res = await rawCall(svc.url, "POST", "/api/dev/token", { host: `127.0.0.1:${port}`, headers: { "Content-Type": "application/json", Origin: origin }, body: admin });
        assert.equal(res.status, 200, `Origin: ${origin}: ${res.text}`);
      }
    });

    it("a body that is not declared JSON (none, text/plain, a form) is refused with 415, whatever the host", async () => {
      for (const headers of [{}, { "Content-Type": "text/plain" }, { "Content-Type": "application/x-www-form-urlencoded" }] as Array<Record<string, string>>) {
        const res = await rawCall(svc.url, "POST", "/api/dev/token", { headers, body: admin });
        assertApiError(res, 415, `Content-Type ${headers["Content-Type"] ?? "(none)"}`, { code: "unsupported_media_type" });
        assert.equal(res.body.token, undefined);
      }
    });
  });

  describe("/dev/* (the browser chat's stand-in Bot Connector)", () => {
    let svc: TestService;
    before(async () => {
      svc = await startService({ demo: true });
    });
    after(() => svc?.close());
    const conv = encodeURIComponent("a:dev-chat-demo-dana");

    it("a rebinding host reads and writes nothing (421); a body without JSON type is refused (415); localhost is answered", async () => {
      const rebound = `tandem.rebind.example:${portOf(svc)}`;
      const json = { "Content-Type": "application/json" };
      const activity = JSON.stringify({ type: "message", text: "hi" });
      const calls: Array<[string, string, string?]> = [
        ["GET", "/dev/chat/api/config"],
        ["GET", `/dev/chat/api/conversations/${conv}/activities?after=0&wait=0`],
        ["POST", `/dev/chat/api/conversations/${conv}/activities`, activity],
        ["POST", `/dev/connector/v3/conversations/${conv}/activities`, activity],
        ["PUT", `/dev/connector/v3/conversations/${conv}/activities/1`, activity],
      ];
      for (const [method, path, body] of calls) {
        const res = await rawCall(svc.url, method, path, { host: rebound, headers: body ? json : {}, body });
        assertApiError(res, 421, `${method} ${path} as ${rebound}`, { code: "misdirected_request" });
      }
      for (const [method, path, body] of calls.filter((c) => c[2])) {
        const res = await rawCall(svc.url, method, path, { headers: { "Content-Type": "text/plain" }, body });
        assertApiError(res, 415, `${method} ${path} as text/plain`, { code: "unsupported_media_type" });
      }
      const read = await rawCall(svc.url, "GET", `/dev/chat/api/conversations/${conv}/activities?after=0&wait=0`, { host: `localhost:${portOf(svc)}` });
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(read.body.items, [], "none of the refused posts reached the conversation");
    });
  });

  describe("production bot (MicrosoftAppId set): Bot Connector's calls still get through to authentication", () => {
    let svc: TestService;
    before(async () => {
      svc = await startService({ env: { MicrosoftAppId: "00000000-0000-4000-8000-00000000b07", MicrosoftAppTenantId: "t", MicrosoftAppPassword: "p" } });
    });
    after(() => svc?.close());

    it("JSON to the public host name reaches the Bot Framework's check (401 unsigned), not the development host rule", async () => {
      const res = await rawCall(svc.url, "POST", "/api/messages", {
        host: "tandem.contoso.example",
        headers: { "Content-Type": "application/json; charset=utf-8" },
        body: JSON.stringify({ type: "message", text: "hi", channelId: "msteams", serviceUrl: "https://smba.trafficmanager.net/emea/" }),
      });
      assert.equal(res.status, 401, res.text);
    });

    it("a body without JSON type is refused with 415 there too", async () => {
      const res = await rawCall(svc.url, "POST", "/api/messages", { host: "tandem.contoso.example", headers: { "Content-Type": "text/plain" }, body: "{}" });
      assertApiError(res, 415, "text/plain", { code: "unsupported_media_type" });
    });
  });
});
