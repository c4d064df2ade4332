import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ServiceRequest } from "../../shared/domain.ts";
import { departmentStats, weeklyTrend } from "../../shared/stats/index.ts";
import { add, canonical, contributionOf, OPEN_KEY, type Tree } from "../../shared/summary.ts";
import { entityToRequest, partitionOf } from "../../bot/storage/request-entity.ts";
import { readAll } from "../../bot/storage/paging.ts";
import { getJson, lit, openTables, type Tables } from "../../bot/storage/tables.ts";
import { atOnce, createDepartment, departmentBody, directTables } from "../support/api.ts";
import { killSpawned, spawnService, type ServiceProcess } from "../support/service-process.ts";
import { startService, TENANT, uniquePrefix, type HttpClient, type TestService } from "../support/service.ts";
import { startStorageProxy, type StorageProxy } from "../support/storage-proxy/index.ts";

/**
 * Day summaries (DESIGN.md "Storage"): the dashboard and the monthly report read one row per
 * local day, kept from the change log; every change counts once, whoever follows the log and
 * however often a crash replays it.
 */

const BEN = { id: "demo-ben", name: "Ben Okafor" };
const file = (svc: HttpClient, token: string, dept: string, body: Record<string, unknown> = {}) =>
  svc.call("POST", "/api/requests", { token, body: { department: dept, title: "Help", ...body } });
const act = async (svc: HttpClient, token: string, id: string, body: Record<string, unknown>) => {
  const res = await svc.call("POST", `/api/requests/${id}/actions`, { token, body });
  assert.equal(res.status, 200, `${id} ${JSON.stringify(body)}: ${res.text}`);
  return res.body;
};

/** Every request of a department, read straight from storage (the truth the figures must match). */
const allRequests = async (tables: Tables, dept: string): Promise<ServiceRequest[]> =>
  (await readAll<Record<string, unknown>>(tables.Requests, `PartitionKey eq ${lit(partitionOf(TENANT, dept))} and RowKey gt 'r|' and RowKey lt 'r|~'`)).map((e) => entityToRequest(e));

/** The day rows as stored, by date. */
async function storedDays(tables: Tables, dept: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  // Day rows, and the row of what is open now.
  const filter = `PartitionKey eq ${lit(partitionOf(TENANT, dept))} and (RowKey ge 's|0' and RowKey lt 's|:' or RowKey eq ${lit(`s|${OPEN_KEY}`)})`;
  for await (const e of tables.Requests.listEntities({ queryOptions: { filter } })) {
    out.set(String(e.rowKey).slice(2), canonical(getJson<Tree>(e, "body")));
  }
  return out;
}

/** What the day rows must hold: every request's current contribution, each counted once. */
function expectedDays(requests: ServiceRequest[]): Map<string, string> {
  const days = new Map<string, Tree>();
  for (const r of requests) for (const [day, t] of Object.entries(contributionOf(r))) days.set(day, add(days.get(day) ?? {}, t));
  return new Map([...days].map(([d, t]) => [d, canonical(t)]));
}

function assertDaysMatch(stored: Map<string, string>, expected: Map<string, string>, what: string) {
  const nonEmpty = new Map([...stored].filter(([, b]) => b !== "{}"));
  assert.deepEqual(Object.fromEntries([...nonEmpty].sort()), Object.fromEntries([...expected].sort()), what);
}

describe("day summaries", function () {
  this.timeout(120_000);

  describe("the dashboard of one department", () => {
    let svc: TestService;
    let now = Date.parse("2026-03-02T09:00:00.000Z");
    let dana: string;
    let ben: string;
    let alex: string;
    const ids: Record<string, string> = {};
    const at = (iso: string) => (now = Date.parse(iso));
    const stats = async (query: string) => {
      const res = await svc.call("GET", `/api/departments/DS/stats${query}`, { token: alex });
      assert.equal(res.status, 200, res.text);
      return res.body;
    };
    const day = (d: string, next: string) => stats(`?from=${d}&to=${next}`);

    before(async () => {
      svc = await startService({ clock: () => now });
      await createDepartment(svc, "DS", { agents: [BEN] });
      [dana, ben, alex] = await Promise.all([svc.token("dana"), svc.token("ben"), svc.token("alex")]);
    });
    after(() => svc?.close());

    it("counts what was filed, answered, resolved, reopened and rated, each once and on its day", async () => {
      at("2026-03-02T09:00:00.000Z");
      for (const [k, body] of [["R1", { category: "general" }], ["R2", { priority: "high" }], ["R3", { priority: "urgent", category: "general" }]] as const) {
        const res = await file(svc, dana, "DS", body);
        assert.equal(res.status, 201, res.text);
        ids[k] = res.body.id;
      }
      at("2026-03-02T09:05:00.000Z");
      await act(svc, dana, ids.R3!, { action: "cancel" });
      at("2026-03-02T09:10:00.000Z");
      await act(svc, ben, ids.R1!, { action: "take" }); // 10 of 30 minutes: met
      at("2026-03-02T09:20:00.000Z");
      await act(svc, ben, ids.R2!, { action: "take" }); // 20 of 15: missed
      at("2026-03-02T10:00:00.000Z");
      await act(svc, ben, ids.R1!, { action: "resolve" }); // 60 of 300: met
      at("2026-03-02T12:00:00.000Z");
      await act(svc, ben, ids.R2!, { action: "resolve" }); // 180 of 120: missed

      const first = await day("2026-03-02", "2026-03-03");
      assert.deepEqual(
        { created: first.created, resolved: first.resolved, cancelled: first.cancelled, open: first.open, breaches: first.breaches },
        { created: 3, resolved: 2, cancelled: 1, open: 0, breaches: 1 },
      );
      assert.deepEqual([first.firstResponse.measured, first.firstResponse.met, first.firstResponse.medianMinutes], [2, 1, 15]);
      assert.deepEqual([first.resolution.measured, first.resolution.met, first.resolution.p90Minutes], [2, 1, 180]);

      // Reopened the next day and resolved again an hour later: its resolution moves to that day.
      at("2026-03-03T09:00:00.000Z");
      await act(svc, dana, ids.R1!, { action: "reopen", text: "Still broken" });
      const reopened = await day("2026-03-02", "2026-03-03");
      assert.equal(reopened.resolved, 1, "the first resolution no longer counts");
      assert.equal(reopened.open, 1);
      at("2026-03-03T10:00:00.000Z");
      await act(svc, ben, ids.R1!, { action: "resolve" }); // 60 + 60 of 300: met
      at("2026-03-03T11:00:00.000Z");
      await act(svc, dana, ids.R1!, { action: "rate", score: 5 });

      assert.equal((await day("2026-03-02", "2026-03-03")).resolved, 1, "R2 only");
      const second = await day("2026-03-03", "2026-03-04");
      assert.deepEqual([second.created, second.resolved, second.resolution.met, second.resolution.medianMinutes], [0, 1, 1, 120]);
      assert.deepEqual(second.csat.distribution, { "1": 0, "2": 0, "3": 0, "4": 0, "5": 1 });
      const both = await day("2026-03-02", "2026-03-04");
      assert.deepEqual([both.created, both.resolved, both.resolution.measured, both.csat.responses], [3, 2, 2, 1], "nothing counted twice");

      // The same figures shared/stats.ts computes from the requests themselves.
      const tables = directTables(svc.app);
      const all = await allRequests(tables, "DS");
      at("2026-03-20T08:00:00.000Z");
      for (const [from, to] of [["2026-03-02", "2026-03-03"], ["2026-03-01", "2026-04-01"], ["2026-02-20", "2026-03-03"]]) {
        const { department: _d, trend, ...got } = await stats(`?from=${from}&to=${to}`);
        assert.deepEqual(got, departmentStats(all, { from: Date.parse(`${from}T00:00:00Z`), to: Date.parse(`${to}T00:00:00Z`), now }), `${from}..${to}`);
        assert.deepEqual(trend, weeklyTrend(all, { weeks: 8, now, timeZone: "UTC" }));
      }
      assertDaysMatch(await storedDays(tables, "DS"), expectedDays(all), "the stored day rows");
    });

    it("counts in the department's local days, and gives the monthly report from the month's days", async () => {
      const madrid = { ...departmentBody("MAD", { agents: [BEN] }), calendar: { ...departmentBody("MAD").calendar, timeZone: "Europe/Madrid" } };
      assert.equal((await svc.call("PUT", "/api/departments/MAD", { token: alex, body: madrid })).status, 201);
      at("2026-03-31T21:30:00.000Z"); // 23:30 on 31 March in Madrid
      const march = (await file(svc, dana, "MAD")).body.id;
      at("2026-03-31T22:30:00.000Z"); // 00:30 on 1 April
      await file(svc, dana, "MAD");
      at("2026-03-31T23:00:00.000Z");
      await act(svc, ben, march, { action: "resolve" });
      at("2026-04-02T08:00:00.000Z");
      const res = await svc.call("GET", "/api/departments/MAD/report?month=2026-03", { token: alex });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual([res.body.stats.created, res.body.stats.resolved, res.body.stats.open], [1, 0, 1], "created in March, resolved in April (local)");
      const april = await svc.call("GET", "/api/departments/MAD/report?month=2026-04", { token: alex });
      assert.deepEqual([april.body.stats.created, april.body.stats.resolved], [1, 1]);
      const all = await allRequests(directTables(svc.app), "MAD");
      const { department: _d, trend: _t, ...got } = (await svc.call("GET", "/api/departments/MAD/stats?from=2026-03-01&to=2026-05-01", { token: alex })).body;
      assert.deepEqual(got, departmentStats(all, { from: Date.parse("2026-02-28T23:00:00Z"), to: Date.parse("2026-04-30T22:00:00Z"), now }));
    });
  });

  describe("two instances following the same change log", () => {
    let a: TestService;
    let b: TestService;
    let now = Date.parse("2026-05-04T08:00:00.000Z");
    const clock = () => now;

    before(async () => {
      const prefix = uniquePrefix();
      a = await startService({ prefix, clock });
      b = await startService({ prefix, clock });
      await createDepartment(a, "TWO", { agents: [BEN] });
    });
    after(async () => {
      await a?.close();
      await b?.close();
    });

    it("count each change once when both catch up at the same moment", async () => {
      const danaA = await a.token("dana");
      const danaB = await b.token("dana");
      const benA = await a.token("ben");
      const benB = await b.token("ben");
      const made = [
        ...(await atOnce(20, () => file(a, danaA, "TWO"))),
        ...(await atOnce(20, () => file(b, danaB, "TWO"))),
      ].map((r) => {
        assert.equal(r.status, 201, r.text);
        return r.body.id as string;
      });
      now += 20 * 60_000;
      // Work split over both instances, so each learns half of it only from the log.
      await Promise.all(made.map((id, i) => act(i % 2 ? a : b, i % 2 ? benA : benB, id, { action: i % 3 ? "take" : "resolve" })));
      for (let round = 0; round < 3; round++) {
        await Promise.all([a.app.follower.catchUp(TENANT, "TWO"), b.app.follower.catchUp(TENANT, "TWO")]);
      }
      now += 60 * 60_000;
      await Promise.all(made.slice(0, 10).map((id, i) => act(i % 2 ? b : a, i % 2 ? benB : benA, id, { action: "resolve" }).catch(() => undefined)));
      const alexA = await a.token("alex");
      const alexB = await b.token("alex");
      const [sa, sb] = await Promise.all([
        a.call("GET", "/api/departments/TWO/stats", { token: alexA }),
        b.call("GET", "/api/departments/TWO/stats", { token: alexB }),
      ]);
      await Promise.all([a.app.follower.catchUp(TENANT, "TWO"), b.app.follower.catchUp(TENANT, "TWO")]);
      const tables = directTables(a.app);
      const all = await allRequests(tables, "TWO");
      assert.equal(all.length, 40);
      assertDaysMatch(await storedDays(tables, "TWO"), expectedDays(all), "each change counted once");
      for (const s of [sa, sb]) {
        assert.equal(s.status, 200, s.text);
        assert.equal(s.body.created, 40);
      }
      const final = await b.call("GET", "/api/departments/TWO/stats", { token: alexB });
      assert.equal(final.body.resolved, all.filter((r) => r.status === "resolved").length);
      assert.equal(final.body.firstResponse.measured, 40);
      // Filed on A, never caught up there: B learns of it from the log alone.
      now += 60_000;
      assert.equal((await file(a, danaA, "TWO", { priority: "urgent" })).status, 201);
      const seenOnB = await b.call("GET", "/api/departments/TWO/stats", { token: alexB });
      assert.equal(seenOnB.body.created, 41);
      assert.equal(seenOnB.body.byPriority.find((p: { priority: string }) => p.priority === "urgent").created, 1);
    });
  });

  describe("the follower on its interval", () => {
    let a: TestService;
    let b: TestService;
    before(async () => {
      const prefix = uniquePrefix();
      a = await startService({ prefix });
      b = await startService({ prefix, env: { SUMMARY_INTERVAL_MS: "100" } });
      await createDepartment(a, "INT");
      await createDepartment(a, "SEEN");
    });
    after(async () => {
      await a?.close();
      await b?.close();
    });

    it("counts another instance's changes in every department of a tenant it serves, with nobody reading", async () => {
      // B has served this tenant (a dashboard of another department), so it follows all of its departments.
      assert.equal((await b.call("GET", "/api/departments/SEEN/stats", { token: await b.token("alex") })).status, 200);
      assert.equal((await file(a, await a.token("dana"), "INT")).status, 201);
      const tables = directTables(a.app);
      for (;;) {
        const days = await storedDays(tables, "INT");
        if (days.size) {
          assertDaysMatch(days, expectedDays(await allRequests(tables, "INT")), "counted by B alone");
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    });
  });

  describe("after the service is killed", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tandem-summaries-"));
    after(() => killSpawned());

    it("catches up what was written before the kill, and counts what it had applied once", async () => {
      const prefix = uniquePrefix();
      const env = { AZURE_STORAGE_CONNECTION_STRING: process.env.TANDEM_TEST_STORAGE!, TABLE_PREFIX: prefix, SUMMARY_INTERVAL_MS: "0" };
      const stats = async (svc: ServiceProcess) => {
        const res = await svc.call("GET", "/api/departments/CR/stats", { token: await svc.token("alex") });
        assert.equal(res.status, 200, res.text);
        return res.body;
      };

      // 1. Dies right after the summaries of three new requests were written, before it noted so.
      const first = await spawnService(dir, { ...env, TANDEM_CRASH_AT: "follower.applied" });
      await createDepartment(first, "CR", { agents: [BEN] });
      assert.equal((await stats(first)).created, 0);
      const dana = await first.token("dana");
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await file(first, dana, "CR")).body.id);
      await act(first, await first.token("ben"), ids[0], { action: "take" });
      const died = await first.call("GET", "/api/departments/CR/stats", { token: await first.token("alex") }).then(
        (r) => `answered ${r.status}`,
        () => "no answer",
      );
      assert.equal(died, "no answer", "the service died between applying and moving on");
      assert.equal((await first.exited).signal, "SIGKILL");

      // 2. Reads the same changes again from the log: already counted, so counted once.
      const second = await spawnService(dir, env);
      const again = await stats(second);
      assert.deepEqual([again.created, again.firstResponse.measured], [3, 1]);
      // 3. Written, then killed before any follower looked at it.
      await file(second, await second.token("dana"), "CR", { priority: "high" });
      second.signalGroup("SIGKILL");
      await second.exited;

      const third = await spawnService(dir, env);
      const last = await stats(third);
      assert.deepEqual([last.created, last.firstResponse.measured, last.byPriority.find((p: { priority: string }) => p.priority === "high").created], [4, 1, 1]);
      const tables = openTables({ connectionString: process.env.TANDEM_TEST_STORAGE_DIRECT!, prefix });
      assertDaysMatch(await storedDays(tables, "CR"), expectedDays(await allRequests(tables, "CR")), "each change counted once");
    });
  });

  describe("what the dashboard reads", () => {
    let proxy: StorageProxy;
    let svc: TestService;
    let now = Date.parse("2026-01-05T09:00:00.000Z");

    before(async function () {
      // 300 requests and 600 actions through the recording proxy: minutes on a busy machine.
      this.timeout(360_000);
      proxy = await startStorageProxy(process.env.TANDEM_TEST_STORAGE!);
      svc = await startService({ connectionString: proxy.connectionString, clock: () => now });
      await createDepartment(svc, "BIG", { agents: [BEN], leads: [{ id: "demo-alex", name: "Alex Morgan" }] });
      const [dana, ben] = await Promise.all([svc.token("dana"), svc.token("ben")]);
      // 300 requests over 60 days: five a day, taken and resolved the same day but the last day's.
      for (let d = 0; d < 60; d++) {
        now = Date.parse("2026-01-05T09:00:00.000Z") + d * 86_400_000;
        const made = await atOnce(5, (i) => file(svc, dana, "BIG", { priority: ["low", "normal", "high"][i % 3] }));
        if (d === 59) break;
        now += 20 * 60_000;
        await Promise.all(made.map((r) => act(svc, ben, r.body.id, { action: "take" })));
        now += 3 * 3_600_000;
        await Promise.all(made.map((r) => act(svc, ben, r.body.id, { action: "resolve" })));
      }
      now += 3_600_000;
    });
    after(async () => {
      await svc?.close();
      await proxy?.stop();
    });

    it("with 300 past requests, /stats reads under 100 entities: summaries, and a request only where a clock breached since it was written", async () => {
      const alex = await svc.token("alex");
      // The first view counts what was just filed; the next ones read only summaries.
      assert.equal((await svc.call("GET", "/api/departments/BIG/stats?from=2026-01-01&to=2026-04-01", { token: alex })).body.created, 300);
      for (const query of ["", "?from=2026-01-01&to=2026-04-01"]) {
        await proxy.reset();
        const res = await svc.call("GET", `/api/departments/BIG/stats${query}`, { token: alex });
        assert.equal(res.status, 200, res.text);
        const records = await proxy.records();
        const requests = records.filter((r) => r.table.endsWith("Requests"));
        const read = requests.reduce((n, r) => n + r.entities, 0);
        const shown = JSON.stringify(requests.map((r) => [r.kind, r.filter, r.entities])).slice(0, 1500);
        assert.ok(read < 100, `${query || "this month"}: ${read} entities read: ${shown}`);
        assert.ok(read >= 5, `the open requests and some days at least: ${shown}`);
        // Day rows, the open row, the late entries and the change log's tail; no open copy, and
        // a request row only for each late entry (a clock breached since it was written).
        const late = requests.filter((r) => r.kind === "query" && /RowKey gt 'b\|'/.test(r.filter ?? "")).reduce((n, r) => n + r.entities, 0);
        const pointReads = requests.filter((r) => r.kind === "point-read");
        assert.deepEqual(pointReads.filter((r) => /RowKey='s\|open'/.test(r.filter ?? "")).length, 1, shown);
        assert.equal(pointReads.filter((r) => /RowKey='r\|/.test(r.filter ?? "")).length, late, shown);
        for (const r of requests) {
          if (r.kind !== "point-read") assert.match(r.filter ?? "", /RowKey (ge|gt) '(s\||b\||c\|)/, shown);
        }
        console.log(`      (/stats${query}: ${records.length} storage calls, ${read} entities from Requests, ${(await proxy.figures()).entities} in all)`);
      }
      await proxy.reset();
      const report = await svc.call("GET", "/api/departments/BIG/report?month=2026-02", { token: alex });
      assert.equal(report.status, 200, report.text);
      assert.equal(report.body.stats.created, 140);
      const f = await proxy.figures();
      // February is over: its backlog is taken back to its end from the day rows since (March 1 to
      // today), read in the same range query as February's own days.
      const dayQueries = (await proxy.records()).filter((r) => /RowKey ge 's\|2026-02-01'/.test(r.filter ?? ""));
      assert.equal(dayQueries.length, 1, "one range query for February's days and the days since its end");
      const dayRows = dayQueries[0]!.entities;
      assert.ok(dayRows > 28, `February's 28 days and the days since: ${dayRows}`);
      console.log(`      (/report for February: ${f.calls} storage calls, ${f.entities} entities, of which ${dayRows} day rows)`);
      assert.equal(report.body.stats.backlogAt, "2026-03-01T00:00:00.000Z", "February's backlog, at its end");
      // No scheduler runs here: the last day's 5 open requests are late since written (entry + request each).
      // What the report reads is in the Requests table; the Teams edge's housekeeping (delivery
      // claims, on its own timer) may read Claims meanwhile, and is not the report's.
      const records = (await proxy.records()).filter((r) => r.table.endsWith("Requests"));
      const read = records.reduce((n, r) => n + r.entities, 0);
      const breakdown = JSON.stringify(records.map((r) => [r.kind, (r.filter ?? "").replace(/PartitionKey eq '[^']*' and /, "").slice(0, 60), r.entities]));
      assert.ok(
        read <= 140 + dayRows + 1 + 2 * 5 + 5,
        `the month's 140 requests, ${dayRows} day rows, the open row, 5 late requests and a few markers: ${read}: ${breakdown}`,
      );
    });
  });
});
