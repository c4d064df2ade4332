import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { atOnce, createDepartment, statusCounts } from "../support/api.ts";
import { killSpawned, spawnService } from "../support/service-process.ts";
import { startService, uniquePrefix, type TestService } from "../support/service.ts";
import { startStorageProxy, type StorageProxy } from "../support/storage-proxy/index.ts";

const file = (svc: { call: TestService["call"] }, token: string, title: string, headers: Record<string, string> = {}) =>
  svc.call("POST", "/api/requests", { token, headers, body: { department: "QA", title } });
const act = (svc: TestService, token: string, id: string, body: object) => svc.call("POST", `/api/requests/${id}/actions`, { token, body });

describe("write paths under load and after a crash", function () {
  this.timeout(120_000);

  describe("one request, many people at once; the ETag people act on", () => {
    let svc: TestService;
    before(async () => {
      svc = await startService();
      await createDepartment(svc, "QA", { agents: [{ id: "demo-ben", name: "Ben Okafor" }] });
    });
    after(() => svc.close());

    it("80 comments at once all land, each once, in one order", async () => {
      const dana = await svc.token("dana");
      const ben = await svc.token("ben");
      const { body: req } = await file(svc, dana, "Comment storm");
      const texts = Array.from({ length: 80 }, (_, i) => `comment ${i}`);
      const results = await atOnce(80, (i) => act(svc, i % 2 ? ben : dana, req.id, { action: "comment", text: texts[i] }));
      assert.deepEqual(statusCounts(results), { 200: 80 }, results.find((r) => r.status !== 200)?.text);
      const { body } = await svc.call("GET", `/api/requests/${req.id}`, { token: ben });
      const comments = body.history.filter((h: { kind: string }) => h.kind === "comment").map((h: { text: string }) => h.text);
      assert.deepEqual([...comments].sort(), [...texts].sort(), "every comment once");
      const seqs = body.history.map((h: { seq: number }) => h.seq);
      assert.deepEqual(seqs, seqs.map((_: number, i: number) => i + 1), "one order, no gaps");
    });

    it("two agents taking at once: one takes it, the other is told who did", async () => {
      const dana = await svc.token("dana");
      const alex = await svc.token("alex");
      const ben = await svc.token("ben");
      const { body: req } = await file(svc, dana, "Who takes it");
      const [a, b] = await Promise.all([act(svc, ben, req.id, { action: "take" }), act(svc, alex, req.id, { action: "take" })]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409], `${a.text} ${b.text}`);
    });

    it("an action with a stale If-Match changes nothing (412), even among others", async () => {
      const dana = await svc.token("dana");
      const ben = await svc.token("ben");
      const { body: req } = await file(svc, dana, "Stale");
      const [stale, fresh] = await Promise.all([
        svc.call("POST", `/api/requests/${req.id}/actions`, { token: ben, headers: { "If-Match": '"not-it"' }, body: { action: "take" } }),
        act(svc, dana, req.id, { action: "comment", text: "still there?" }),
      ]);
      assert.equal(stale.status, 412, stale.text);
      assert.equal(fresh.status, 200, fresh.text);
      const { body } = await svc.call("GET", `/api/requests/${req.id}`, { token: ben });
      assert.equal(body.status, "new");
    });

    it("the ETag a list shows is the request's: If-Match with the queue's ETag works, and with it once more is stale", async () => {
      const dana = await svc.token("dana");
      const ben = await svc.token("ben");
      const { body: req } = await file(svc, dana, "From the board");
      const queue = await svc.call("GET", "/api/departments/QA/requests?status=open", { token: ben });
      const listed = queue.body.items.find((r: { id: string }) => r.id === req.id);
      assert.equal(listed.etag, (await svc.call("GET", `/api/requests/${req.id}`, { token: ben })).headers.get("etag"));
      const take = (etag: string) => svc.call("POST", `/api/requests/${req.id}/actions`, { token: ben, headers: { "If-Match": etag }, body: { action: "take" } });
      assert.equal((await take(listed.etag)).status, 200);
      assert.equal((await take(listed.etag)).status, 412);
    });
  });

  describe("the open queue reads only open requests", () => {
    let proxy: StorageProxy;
    let svc: TestService;
    before(async () => {
      proxy = await startStorageProxy(process.env.TANDEM_TEST_STORAGE!);
      svc = await startService({ connectionString: proxy.connectionString });
      await createDepartment(svc, "QA", { agents: [{ id: "demo-ben", name: "Ben Okafor" }] });
    });
    after(async () => {
      await svc.close();
      await proxy.stop();
    });

    it("with 60 requests of which 12 are open, listing the queue reads 12 requests", async () => {
      const dana = await svc.token("dana");
      const ben = await svc.token("ben");
      const made = await atOnce(60, (i) => file(svc, dana, `Request ${i}`));
      for (const r of made.slice(12)) assert.equal((await act(svc, ben, r.body.id, { action: "resolve", text: "done" })).status, 200);
      await proxy.reset();
      const res = await svc.call("GET", "/api/departments/QA/requests?status=open&limit=100", { token: ben });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.items.map((r: { id: string }) => r.id), made.slice(0, 12).map((r) => r.body.id).sort((a, b) => Number(a.split("-")[1]) - Number(b.split("-")[1])));
      const f = await proxy.figures();
      assert.equal(f.byTable[Object.keys(f.byTable).find((t) => t.endsWith("Requests"))!]?.entities, 12, JSON.stringify(f.byTable));
      assert.deepEqual(f.unkeyed, []);
    });
  });

  describe("a create retried after the service died half-way", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tandem-crash-"));
    after(() => killSpawned());

    it("is settled at once: 201 with the key, then 200 with the same request; one request in all", async () => {
      const env = { AZURE_STORAGE_CONNECTION_STRING: process.env.TANDEM_TEST_STORAGE!, TABLE_PREFIX: uniquePrefix() };
      const first = await spawnService(dir, { ...env, TANDEM_CRASH_AT: "create-after-claim" });
      await createDepartment(first, "QA");
      const dana = await first.token("dana");
      const died = await file(first, dana, "Printer on fire", { "Idempotency-Key": "crash-1" }).then(
        (r) => `answered ${r.status}`,
        () => "no answer",
      );
      assert.equal(died, "no answer", "the service died between the claim and the request");
      assert.equal((await first.exited).signal, "SIGKILL");

      const again = await spawnService(dir, env);
      // The dev issuer's keys are per process: the same person signs in again.
      const danaAgain = await again.token("dana");
      const t0 = Date.now();
      const retry = await file(again, danaAgain, "Printer on fire", { "Idempotency-Key": "crash-1" });
      console.log(`      (retry answered in ${Date.now() - t0} ms)`);
      assert.equal(retry.status, 201, retry.text);
      const twice = await file(again, danaAgain, "Printer on fire", { "Idempotency-Key": "crash-1" });
      assert.equal(twice.status, 200, twice.text);
      assert.equal(twice.body.id, retry.body.id);
      const alex = await again.token("alex");
      const all = await again.call("GET", "/api/departments/QA/requests?status=all", { token: alex });
      assert.deepEqual(all.body.items.map((r: { title: string }) => r.title), ["Printer on fire"]);
    });
  });
});
