import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TableClient, type TransactionAction } from "@azure/data-tables";
import { startAzurite } from "../../bot/storage/azurite.ts";
import { findAzurites, isAlive } from "../../bot/storage/processes.ts";
import { createDepartment, departmentBody, departmentRequests } from "../support/api.ts";
import { uniquePrefix } from "../support/service.ts";
import { buildService } from "../../bot/build.ts";
import { killSpawned, spawnService, type ServiceProcess } from "../support/service-process.ts";

/**
 * `npm start`'s embedded storage (Azurite on disk, issue 11 item 7): what a pilot team keeps
 * when the service stops, cleanly or not. Each test runs bot/index.ts as a real process on a
 * data folder of its own, stops it one way or another, and starts it again on that folder.
 */
describe("embedded storage: stops, kills and restarts", function () {
  this.timeout(90_000);
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-embedded-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => killSpawned());
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  const JOURNAL = "request-numbers.jsonl";

  /** Files requests in IT from 4 callers at once until `stopAfter` are acknowledged; returns every acknowledged number. */
  async function fileUntil(svc: ServiceProcess, token: string, stopAfter = Infinity, onAcks?: (n: number) => void): Promise<number[]> {
    const acked: number[] = [];
    let refused = false;
    const worker = async (w: number) => {
      for (let i = 0; !refused && acked.length < stopAfter; i++) {
        const res = await svc
          .call("POST", "/api/requests", { token, body: { department: "IT", title: `caller ${w} request ${i}` } })
          .catch(() => undefined);
        // The service closed its door (connection refused or reset): nothing more can be acknowledged.
        if (!res) {
          refused = true;
          return;
        }
        if (res.status === 201) {
          acked.push(res.body.number);
          onAcks?.(acked.length);
        } else if (res.status !== 503) assert.fail(`filing: ${res.status} ${res.text}`);
      }
    };
    await Promise.all([0, 1, 2, 3].map(worker));
    return acked.sort((a, b) => a - b);
  }

  async function itNumbers(svc: ServiceProcess): Promise<number[]> {
    const items = await departmentRequests(svc, "IT", await svc.token("alex"));
    return items.map((r) => r.number as number).sort((a, b) => a - b);
  }

  function journal(dir: string): Array<{ tenantId: string; department: string; n: number }> {
    const file = path.join(dir, JOURNAL);
    if (!fs.existsSync(file)) return [];
    return fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
  }

  const missing = (acked: number[], stored: number[]) => acked.filter((n) => !stored.includes(n));

  /**
   * A data folder whose Azurite already holds 30,000 other rows (made once, copied per test),
   * so that saving takes a while, as a pilot's database does: a stop that cuts the save short
   * then shows.
   */
  let bulkyTemplate: string | undefined;
  async function bulky(dir: string): Promise<void> {
    if (!bulkyTemplate) {
      bulkyTemplate = dataDir();
      const az = await startAzurite({ location: path.join(bulkyTemplate, "azurite") });
      const table = TableClient.fromConnectionString(az.connectionString, "bulk", { allowInsecureConnection: true });
      await table.createTable();
      const text = "Printer on floor 3 jams on every second page. ".repeat(10);
      for (let b = 0; b < 300; b += 4) {
        await Promise.all(
          [0, 1, 2, 3].map((k) =>
            table.submitTransaction(
              Array.from({ length: 100 }, (_, i) => ["create", { partitionKey: `p${b + k}`, rowKey: String(i), text, n: i }] as TransactionAction),
            ),
          ),
        );
      }
      assert.ok(await az.stop());
    }
    fs.cpSync(bulkyTemplate, dir, { recursive: true });
  }

  // A stop while callers are still filing (the service must stop taking writes before its
  // storage stops), and a stop at rest (the storage must finish its save, however long).
  for (const [how, stop, whileFiling] of [
    ["SIGTERM to the service while requests are being filed", (svc: ServiceProcess) => svc.child.kill("SIGTERM"), true],
    ["Ctrl-C (SIGINT to the whole process group) after requests were filed", (svc: ServiceProcess) => svc.signalGroup("SIGINT"), false],
  ] as const) {
    it(`${how}: every acknowledged request is there after a restart`, async () => {
      const dir = dataDir();
      await bulky(dir);
      const svc = await spawnService(dir);
      await createDepartment(svc, "IT");
      const dana = await svc.token("dana");
      let signalled = false;
      const acked = await fileUntil(svc, dana, whileFiling ? Infinity : 30, (n) => {
        if (whileFiling && n >= 30 && !signalled) {
          signalled = true;
          stop(svc);
        }
      });
      if (!whileFiling) stop(svc);
      const exit = await svc.exited;
      assert.equal(exit.code, 0, `a clean stop exits with 0 (got ${JSON.stringify(exit)})\n${svc.stdout()}\n${svc.stderr()}`);
      assert.equal(findAzurites(path.join(dir, "azurite")).length, 0, "no Azurite is left running");

      const again = await spawnService(dir);
      const stored = await itNumbers(again);
      assert.deepEqual(missing(acked, stored), [], `acknowledged before the stop and lost: ${missing(acked, stored).join(", ")}`);
      assert.doesNotMatch(again.stdout(), /did not stop cleanly/i, "a clean stop is not reported as unclean");
      // The journal is compacted on start: one line per department, at its highest number.
      assert.deepEqual(
        journal(dir).map((j) => [j.department, j.n]),
        [["IT", Math.max(...acked)]],
      );
    });
  }

  it("Azurite killed (SIGKILL) right after acknowledged creates: the next start says so, and no number is ever used twice", async () => {
    const dir = dataDir();
    const svc = await spawnService(dir);
    await createDepartment(svc, "IT");
    const dana = await svc.token("dana");
    const acked = await fileUntil(svc, dana, 20);
    const [az] = findAzurites(path.join(dir, "azurite"));
    assert.ok(az, "the service runs an Azurite on its data folder");
    process.kill(az.pid, "SIGKILL");

    // Without its storage the service cannot keep any promise: it stops, saying why.
    const exit = await svc.exited;
    assert.notEqual(exit.code, 0, "losing the storage is not a clean stop");
    assert.match(svc.stdout() + svc.stderr(), /Azurite.*stopped unexpectedly/i);
    assert.ok(journal(dir).some((j) => j.department === "IT" && j.n >= Math.max(...acked)), "the journal kept the highest acknowledged number");

    const again = await spawnService(dir);
    const said = again.stdout();
    assert.match(said, /did not stop cleanly/i, said);
    assert.match(said, /last (few )?seconds/i, said);
    assert.match(said, /Azure Storage/, said);
    assert.match(said, /IT-\d+/, "it names the last numbers handed out");

    // Everything since Azurite's last save is gone, maybe the department itself: put it back.
    // If IT survived, this changes its promise: a reason goes with it (DESIGN.md: changeReason).
    const put = await again.call("PUT", "/api/departments/IT", { token: await again.token("alex"), body: { ...departmentBody("IT"), changeReason: "Restored after the crash" } });
    assert.ok(put.status === 200 || put.status === 201, put.text);
    const before = await itNumbers(again);
    const newOnes = await fileUntil(again, await again.token("dana"), 5);
    for (const n of newOnes) assert.ok(n > Math.max(...acked), `new request ${n} reuses a number acknowledged before the kill (up to ${Math.max(...acked)})`);
    const after = await itNumbers(again);
    assert.equal(new Set(after).size, after.length, "no number twice");
    assert.deepEqual(after, [...before, ...newOnes].sort((a, b) => a - b));
  });

  it("the service killed (SIGKILL), its Azurite left running: the next start has it save and stop, and nothing acknowledged is lost", async () => {
    const dir = dataDir();
    const location = path.join(dir, "azurite");
    const svc = await spawnService(dir);
    await createDepartment(svc, "IT");
    const acked = await fileUntil(svc, await svc.token("dana"), 20);
    process.kill(svc.pid, "SIGKILL");
    await svc.exited;
    const [orphan] = findAzurites(location);
    assert.ok(orphan, "its Azurite outlives it, holding the last writes in memory");

    const again = await spawnService(dir);
    assert.ok(!isAlive(orphan.pid) || !findAzurites(location).some((a) => a.pid === orphan.pid), "the orphan was stopped");
    assert.equal(findAzurites(location).length, 1, "one Azurite on the folder");
    assert.match(again.stdout(), /previous run/i, again.stdout());
    const stored = await itNumbers(again);
    assert.deepEqual(missing(acked, stored), [], `lost: ${missing(acked, stored).join(", ")}`);
  });

  it("starts on a data folder that does not exist yet (a fresh clone has no .data), with the compiled service as npm start runs it", async () => {
    const dir = path.join(dataDir(), "nested", ".data");
    await buildService({ quiet: true });
    const svc = await spawnService(dir, {}, { compiled: true });
    await createDepartment(svc, "IT");
    assert.ok((await fileUntil(svc, await svc.token("dana"), 1)).length >= 1);
    assert.ok(fs.existsSync(path.join(dir, "azurite")), "Azurite's data is in the new folder");
  });

  it("a second start on a data folder in use is refused (two Azurites on one folder would corrupt it)", async () => {
    const dir = dataDir();
    const first = await spawnService(dir);
    await assert.rejects(spawnService(dir), /already running/i);
    assert.equal(findAzurites(path.join(dir, "azurite")).length, 1);
    assert.equal((await first.call("GET", "/healthz")).status, 200, "the first one still runs");
  });

  it("with a storage connection string nothing is written to the data folder", async () => {
    const dir = dataDir();
    const svc = await spawnService(dir, { AZURE_STORAGE_CONNECTION_STRING: process.env.TANDEM_TEST_STORAGE!, TABLE_PREFIX: uniquePrefix() });
    await createDepartment(svc, "IT");
    assert.ok((await fileUntil(svc, await svc.token("dana"), 3)).length >= 3);
    svc.child.kill("SIGTERM");
    assert.equal((await svc.exited).code, 0);
    assert.deepEqual(fs.readdirSync(dir), [], "no journal, no lock, no Azurite");
  });
});
