import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sinon from "sinon";
import { startAzurite, type Azurite } from "../../bot/storage/azurite.ts";
import { startService, type CallResult, type TestService } from "../support/service.ts";
import { openSse, pause, type SseStream } from "../support/sse.ts";

/**
 * Storage faults (DESIGN.md "HTTP API", last paragraph): storage unavailable answers 503 with
 * Retry-After, nothing half-written, and the same process recovers when storage comes back.
 * This file runs an Azurite of its own (kept on disk so a restart keeps the data), stops it
 * under a running service and starts it again on the same port.
 */
describe("storage faults", function () {
  this.timeout(60_000);
  let dir: string;
  let azurite: Azurite;
  let svc: TestService;
  let dana: string;
  let ben: string;
  let live: SseStream | undefined;
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);
  const failedTitles: string[] = [];

  before(async () => {
    process.on("unhandledRejection", onCrash);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-faults-"));
    azurite = await startAzurite({ location: dir });
    svc = await startService({ demo: true, connectionString: azurite.connectionString });
    [dana, ben] = await Promise.all([svc.token("dana"), svc.token("ben")]);
  });
  after(async () => {
    sinon.restore();
    live?.close();
    await svc?.close();
    await azurite?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    process.off("unhandledRejection", onCrash);
  });

  const create = (title: string, headers: Record<string, string> = {}) =>
    svc.call("POST", "/api/requests", { token: dana, body: { department: "IT", title }, headers });

  /** Every number of IT's requests, as the lead's full list shows them. */
  const itNumbers = async () => {
    const ana = await svc.token("ana");
    const res = await svc.call("GET", "/api/departments/IT/requests?status=all&limit=200", { token: ana });
    assert.equal(res.status, 200, res.text);
    return (res.body.items as Array<{ number: number; title: string }>).map((r) => r.number).sort((a, b) => a - b);
  };
  const allTitles = async () => {
    const ana = await svc.token("ana");
    const res = await svc.call("GET", "/api/departments/IT/requests?status=all&limit=200", { token: ana });
    return (res.body.items as Array<{ title: string }>).map((r) => r.title);
  };
  const dense = (ns: number[]) => ns.every((n, i) => n === i + 1);

  const assertUnavailable = (res: CallResult, what: string) => {
    assert.equal(res.status, 503, `${what}: ${res.status} ${res.text}`);
    const retry = res.headers.get("retry-after");
    assert.ok(retry && /^\d+$/.test(retry) && Number(retry) > 0, `${what}: Retry-After is a number of seconds (got ${retry})`);
    assert.equal(res.body.error.code, "storage_unavailable", what);
    assert.match(res.body.error.message, /storage is unavailable/i, what);
    assert.match(res.body.error.message, /try again/i, what);
    assert.match(res.body.error.message, /nothing was changed/i, what);
    assert.doesNotMatch(res.text, /ECONNREFUSED|at \w+ \(|node:internal/, `${what}: no internals leak`);
  };

  let before503: { id: string; etag: string };

  it("works while storage is up", async () => {
    const res = await create("Before the outage");
    assert.equal(res.status, 201, res.text);
    before503 = { id: res.body.id, etag: res.body.etag };
    assert.equal((await svc.call("GET", "/readyz")).status, 200);
    assert.ok(dense(await itNumbers()));
    // A stream that stays open through the outage.
    live = await openSse(`${svc.url}/api/stream?department=IT`, { token: ben });
    assert.equal(live.status, 200);
  });

  it("a commit that loses storage half-way writes nothing and uses up no number", async () => {
    const numbersBefore = await itNumbers();
    // Storage goes away between reading the department (and the counter) and the commit.
    const table = svc.app.tables.Requests;
    const original = table.submitTransaction.bind(table);
    const stub = sinon.stub(table, "submitTransaction").callsFake(async (actions) => {
      await azurite.stop();
      return original(actions);
    });
    const res = await create("Lost in the commit");
    stub.restore();
    failedTitles.push("Lost in the commit");
    assertUnavailable(res, "create whose commit failed");
    assert.equal(stub.callCount, 1);
    await azurite.restart!();
    await waitReady();
    const after = await create("After the lost commit");
    assert.equal(after.status, 201, after.text);
    assert.equal(after.body.number, numbersBefore[numbersBefore.length - 1] + 1, "the lost number is reused: ids stay dense");
    const numbers = await itNumbers();
    assert.ok(dense(numbers), `dense: ${numbers.join(",")}`);
    assert.ok(!(await allTitles()).includes("Lost in the commit"));
    before503 = { id: after.body.id, etag: after.body.etag };
  });

  it("storage stopped: every API call answers 503 with Retry-After and a clear message", async () => {
    await azurite.stop();
    const ana = await svc.token("ana").catch(() => undefined); // minted without storage
    assert.ok(ana, "dev tokens need no storage");
    const alex = await svc.token("alex");

    const calls: Array<[string, () => Promise<CallResult>]> = [
      ["create", () => create("During the outage")],
      ["create with Idempotency-Key", () => create("During the outage, keyed", { "Idempotency-Key": "outage-key-1" })],
      ["from-email", () => svc.call("POST", "/api/requests/from-email", {
        token: dana,
        body: { internetMessageId: "<outage@contoso.example>", subject: "Email during the outage", body: "hi", from: { name: "Dana", email: "dana@contoso.example" }, department: "IT" },
      })],
      ["take", () => svc.call("POST", `/api/requests/${before503.id}/actions`, { token: ben, body: { action: "take" } })],
      ["comment with If-Match", () => svc.call("POST", `/api/requests/${before503.id}/actions`, { token: dana, body: { action: "comment", text: "hello?" }, headers: { "If-Match": before503.etag } })],
      ["get request", () => svc.call("GET", `/api/requests/${before503.id}`, { token: dana })],
      ["by-email", () => svc.call("GET", `/api/requests/by-email?internetMessageId=${encodeURIComponent("<x@y>")}`, { token: dana })],
      ["my requests", () => svc.call("GET", "/api/me/requests", { token: dana })],
      ["me", () => svc.call("GET", "/api/me", { token: dana })],
      ["catalogue", () => svc.call("GET", "/api/departments", { token: dana })],
      ["department", () => svc.call("GET", "/api/departments/IT", { token: dana })],
      ["queue", () => svc.call("GET", "/api/departments/IT/requests", { token: ben })],
      ["preview", () => svc.call("GET", "/api/departments/IT/sla/preview?priority=high", { token: dana })],
      ["stats", () => svc.call("GET", "/api/departments/IT/stats", { token: dana })],
      ["report", () => svc.call("GET", "/api/departments/IT/report?month=2026-03", { token: ana! })],
      ["put department", () => svc.call("PUT", "/api/departments/OPS", {
        token: alex,
        body: {
          name: "Operations",
          calendar: { timeZone: "UTC", week: { mon: [["09:00", "17:00"]], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [] },
          sla: { warnAtPercent: 80, targets: { low: { firstResponseMinutes: 60, resolutionMinutes: 600 }, normal: { firstResponseMinutes: 60, resolutionMinutes: 600 }, high: { firstResponseMinutes: 60, resolutionMinutes: 600 }, urgent: { firstResponseMinutes: 60, resolutionMinutes: 600 } } },
        },
      })],
    ];
    // Sequentially and then all at once: each answers 503, none hangs, none crashes the process.
    for (const [what, call] of calls) assertUnavailable(await call(), what);
    const together = await Promise.all(calls.map(([, call]) => call()));
    together.forEach((res, i) => assertUnavailable(res, `${calls[i][0]} (concurrent)`));
    failedTitles.push("During the outage", "During the outage, keyed", "Email during the outage");

    const stream = await openSse(`${svc.url}/api/stream?department=IT`, { token: ben });
    assert.equal(stream.status, 503);
    assert.equal(stream.headers.get("retry-after"), "5");
    assert.equal(stream.body.error.code, "storage_unavailable");
  });

  it("storage stopped: /healthz 200, /readyz 503; input errors still 4xx; nothing answers another 5xx", async () => {
    const health = await svc.call("GET", "/healthz");
    assert.equal(health.status, 200);
    assert.equal(health.body.status, "ok");
    const ready = await svc.call("GET", "/readyz");
    assert.equal(ready.status, 503);
    assert.ok(ready.headers.get("retry-after"));

    // Errors about the call itself do not depend on storage.
    const statuses = [
      (await svc.call("GET", "/api/me")).status, // no token
      (await svc.call("POST", "/api/requests", { token: dana, raw: "{not json", headers: { "Content-Type": "application/json" } })).status,
      (await svc.call("POST", "/api/requests", { token: dana, body: { department: "IT" } })).status, // no title
      (await svc.call("GET", "/api/nowhere", { token: dana })).status,
    ];
    assert.deepEqual(statuses, [401, 400, 400, 404]);

    // A burst of mixed calls: only 503 among the 5xx.
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 4 === 0
          ? create(`Burst ${i}`)
          : i % 4 === 1
            ? svc.call("GET", `/api/requests/IT-${i}`, { token: ben })
            : i % 4 === 2
              ? svc.call("POST", `/api/requests/IT-1/actions`, { token: ben, body: { action: "comment", text: `burst ${i}` } })
              : svc.call("GET", "/readyz"),
      ),
    );
    for (let i = 0; i < 40; i += 4) failedTitles.push(`Burst ${i}`);
    for (const r of burst) assert.ok(r.status === 503 || r.status < 500, `${r.status} ${r.text}`);
    assert.ok(burst.every((r) => r.status === 503));

    // The process is alive and answering; the open stream was not torn down.
    assert.equal((await svc.call("GET", "/healthz")).status, 200);
    await pause(500); // a few failed change-log polls
    assert.ok(!live!.isEnded(), "an open stream survives an outage");
    assert.deepEqual(crashes, []);
  });

  it("storage back: the same service recovers without a restart, and nothing is half-written", async () => {
    await azurite.restart!();
    await waitReady();
    assert.equal((await svc.call("GET", "/healthz")).status, 200);

    // Reads and writes work again.
    const got = await svc.call("GET", `/api/requests/${before503.id}`, { token: dana });
    assert.equal(got.status, 200, got.text);
    const created = await create("After the outage");
    assert.equal(created.status, 201, created.text);
    const taken = await svc.call("POST", `/api/requests/${created.body.id}/actions`, { token: ben, body: { action: "take" } });
    assert.equal(taken.status, 200, taken.text);
    assert.equal(taken.body.status, "in_progress");
    const acted = await svc.call("POST", `/api/requests/${before503.id}/actions`, { token: ben, body: { action: "take" } });
    assert.equal(acted.status, 200, acted.text);

    // Nothing of the failed calls is there, and ids stay dense.
    const numbers = await itNumbers();
    assert.ok(dense(numbers), `IT numbers are dense: ${numbers.join(",")}`);
    const titles = await allTitles();
    for (const t of failedTitles) assert.ok(!titles.includes(t), `"${t}" failed during the outage and must not exist`);
    const mine = await svc.call("GET", "/api/me/requests", { token: dana });
    assert.equal(mine.status, 200);
    for (const t of failedTitles) assert.ok(!mine.body.items.some((r: { title: string }) => r.title === t), `"${t}" is not in Dana's list`);
    const before = await svc.call("GET", `/api/requests/${before503.id}`, { token: ben });
    assert.ok(!before.body.history.some((h: { text?: string }) => h.text === "hello?" || h.text?.startsWith("burst")), "no action of the outage was recorded");
    const it1 = await svc.call("GET", "/api/requests/IT-1", { token: ben });
    assert.ok(!it1.body.history.some((h: { text?: string }) => h.text?.startsWith("burst")));
    const byEmail = await svc.call("GET", `/api/requests/by-email?internetMessageId=${encodeURIComponent("<outage@contoso.example>")}`, { token: dana });
    assert.equal(byEmail.status, 404, "the email converted during the outage was not converted");
    assert.equal((await svc.call("GET", "/api/departments/OPS", { token: dana })).status, 404);

    // A retry of the keyed create (same Idempotency-Key) now creates it, once.
    const retried = await create("During the outage, keyed", { "Idempotency-Key": "outage-key-1" });
    assert.equal(retried.status, 201, retried.text);
    const again = await create("During the outage, keyed", { "Idempotency-Key": "outage-key-1" });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, retried.body.id);
    const email = await svc.call("POST", "/api/requests/from-email", {
      token: dana,
      body: { internetMessageId: "<outage@contoso.example>", subject: "Email during the outage", body: "hi", from: { name: "Dana", email: "dana@contoso.example" }, department: "IT" },
    });
    assert.equal(email.status, 201, email.text);
    assert.ok(dense(await itNumbers()));

    // The stream that stayed open through the outage carries the new changes.
    await live!.waitFor((e) => e.json().id === created.body.id && e.json().status === "in_progress");
    assert.equal((await svc.call("GET", "/readyz")).status, 200);
    assert.deepEqual(crashes, []);
  });

  it("the scheduler and the stream feeds ride out an outage too", async () => {
    await azurite.stop();
    await assert.rejects(svc.app.scheduler.tick(), (err: Error) => /unavailable/i.test(err.message));
    await pause(400); // the open stream's change-log polls fail quietly meanwhile
    await azurite.restart!();
    await waitReady();
    const r = await svc.app.scheduler.tick();
    assert.ok(Array.isArray(r.fired));
    const created = await create("After the second outage");
    assert.equal(created.status, 201);
    await live!.waitFor((e) => e.json().id === created.body.id);
    assert.ok(dense(await itNumbers()));
    assert.deepEqual(crashes, []);
  });

  async function waitReady() {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await svc.call("GET", "/readyz");
      if (res.status === 200) return;
      if (Date.now() > deadline) throw new Error(`storage did not come back: ${res.status} ${res.text}`);
      await pause(100);
    }
  }
});
