import assert from "node:assert/strict";
import { Api, ApiError, retryAfterMs } from "../../web/api.ts";
import { fakeStream } from "../support/fake-stream.ts";

/**
 * The web apps' stream client after a refusal: it waits what the service asks (Retry-After),
 * and without it waits longer after each failure in a row, so a busy service is not hammered
 * by every open tab (counted in connections, not timed).
 */
describe("tab stream client: backing off", function () {
  it("waits the Retry-After of a 429 before trying again, then follows", async () => {
    const stream = await fakeStream(
      (res) => res.end(),
      (n) => (n === 1 ? { status: 429, retryAfter: "1" } : undefined),
    );
    try {
      const api = new Api(async () => "token", stream.url);
      const live: boolean[] = [];
      const stop = api.follow("department=IT", () => undefined, (l) => live.push(l), 20);
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(stream.connections.length, 1, "no second try while the service asked to wait a second (the retry delay is 20 ms)");
      const deadline = Date.now() + 5_000;
      while (!live.includes(true) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      stop();
      assert.ok(stream.connections.length >= 2, "it came back");
      assert.ok(stream.connections[1]!.at - stream.connections[0]!.at >= 950, `waited ${stream.connections[1]!.at - stream.connections[0]!.at} ms`);
      assert.ok(live.includes(true), "and was live again");
    } finally {
      stream.close();
    }
  });

  it("without Retry-After, waits twice as long after each failure in a row", async () => {
    const stream = await fakeStream(() => undefined, () => ({ status: 503 }));
    try {
      const api = new Api(async () => "token", stream.url);
      const stop = api.follow("department=IT", () => undefined, () => undefined, 50);
      const deadline = Date.now() + 10_000;
      while (stream.connections.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      stop();
      // Waits of 50, 100, 200, 400 ms: each gap at least its wait (a slow machine only adds).
      const at = stream.connections.slice(0, 5).map((c) => c.at);
      assert.equal(at.length, 5);
      const gaps = at.slice(1).map((t, i) => t - at[i]!);
      gaps.forEach((gap, i) => assert.ok(gap >= 50 * 2 ** i - 5, `gap ${i + 1}: ${gap} ms, expected at least ${50 * 2 ** i} (${gaps.join(", ")})`));
    } finally {
      stream.close();
    }
  });

  it("a refused API call says how long the service asked to wait", () => {
    const headers = (value?: string) => ({ headers: new Headers(value ? { "Retry-After": value } : {}) });
    assert.equal(retryAfterMs(headers("30")), 30_000);
    assert.equal(retryAfterMs(headers(new Date(Date.parse("2026-01-01T00:01:00Z")).toUTCString()), Date.parse("2026-01-01T00:00:00Z")), 60_000);
    assert.equal(retryAfterMs(headers("99999")), 600_000, "kept to ten minutes");
    assert.equal(retryAfterMs(headers("soon")), undefined);
    assert.equal(retryAfterMs(headers()), undefined);
    assert.equal(new ApiError(429, "busy", "Too many.", undefined, 5_000).retryAfterMs, 5_000);
  });
});
