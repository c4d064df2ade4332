import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { startService, type TestService } from "../support/service.ts";

const DIST = path.resolve("teams-app", "dist");

/** The built tab is sent compressed when the browser accepts it, and never from outside its folder. */
describe("static files: the built tab", function () {
  let svc: TestService;
  before(async () => {
    svc = await startService();
  });
  after(() => svc?.close());

  const get = (p: string, acceptEncoding?: string) => fetch(svc.url + p, { headers: acceptEncoding ? { "Accept-Encoding": acceptEncoding } : {} });

  it("sends app.js as brotli, gzip or plain as the browser accepts, always the same bytes", async () => {
    const plain = fs.readFileSync(path.join(DIST, "app.js"));
    // Node's fetch decompresses by itself: compare the decoded bodies and the headers.
    for (const [accept, encoding] of [["br, gzip", "br"], ["gzip", "gzip"], ["gzip;q=0, br;q=0", null], ["identity", null]] as const) {
      const res = await get("/tab/app.js", accept);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-encoding"), encoding, `Accept-Encoding: ${accept}`);
      assert.equal(res.headers.get("vary"), "Accept-Encoding");
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(plain), `same script for ${accept}`);
    }
    assert.ok(fs.statSync(path.join(DIST, "app.js.gz")).size < plain.length / 3, "gzip makes it much smaller");
    assert.ok(zlib.gunzipSync(fs.readFileSync(path.join(DIST, "app.js.gz"))).equals(plain));
  });

  it("in development the add-in's sign-in settings stay empty (it offers the dev picker instead)", async () => {
    const page = await (await get("/addin/")).text();
    assert.match(page, /<meta name="tandem:client-id" content="" \/>/);
  });

  it("never serves a file outside the tab's folder", async () => {
    for (const p of ["/tab/../package.json", "/tab/%2e%2e/package.json", "/tab/..%2fpackage.json"]) {
      const res = await get(p);
      assert.notEqual(res.status, 200, p);
      assert.doesNotMatch(await res.text(), /"name": "tandem"/);
    }
  });
});
