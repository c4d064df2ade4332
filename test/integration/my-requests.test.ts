/**
 * "My requests" (issue 12): one partition query of denormalized copies per identity, paged
 * through everything with a cursor, kept equal to the request by a version-guarded write after
 * each commit, repaired after a crash between the two writes, and brought over from the old
 * pointer rows by an upgrade.
 */
import assert from "node:assert/strict";
import { RestError } from "@azure/data-tables";
import sinon from "sinon";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RequestView, ServiceRequest } from "../../shared/domain.ts";
import type { Actor } from "../../shared/permissions.ts";
import { listMine } from "../../bot/service/my-requests.ts";
import { entityToRequest } from "../../bot/storage/request-entity.ts";
import { COPY_KIND, UserIndex } from "../../bot/storage/user-index.ts";
import { upgradeUserRows } from "../../bot/storage/user-index-upgrade.ts";
import { createTables, openTables, type TableName, type Tables, withPurpose } from "../../bot/storage/tables.ts";
import { assertApiError, atOnce, createDepartment, statusCounts } from "../support/api.ts";
import { type HttpClient, startService, TENANT, type TestService, uniquePrefix } from "../support/service.ts";
import { killSpawned, spawnService } from "../support/service-process.ts";
import { startStorageProxy, type StorageProxy } from "../support/storage-proxy/index.ts";

type Page = { items: RequestView[]; nextCursor?: string };

const DANA: Actor = { tenantId: TENANT, person: { id: "demo-dana", name: "Dana Whitfield", email: "dana@contoso.example" }, isAdmin: false };

async function page(svc: HttpClient, token: string, query: string): Promise<Page> {
  const res = await svc.call<Page>("GET", `/api/me/requests?${query}`, { token });
  assert.equal(res.status, 200, `GET /api/me/requests?${query}: ${res.text.slice(0, 300)}`);
  return res.body;
}

/** Every page of the caller's list, following nextCursor; fails on a page that repeats itself. */
async function allPages(svc: HttpClient, token: string, query: string): Promise<{ items: RequestView[]; pages: number }> {
  const items: RequestView[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const p = await page(svc, token, `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    pages++;
    assert.ok(pages < 1000, "paging never ends");
    assert.ok(p.items.length > 0 || !p.nextCursor, "a page with a cursor to go on has items");
    items.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor);
  return { items, pages };
}

function assertNewestFirst(items: RequestView[]) {
  for (let i = 1; i < items.length; i++) {
    assert.ok(items[i - 1]!.createdAt >= items[i]!.createdAt, `newest first: ${items[i - 1]!.id} (${items[i - 1]!.createdAt}) before ${items[i]!.id} (${items[i]!.createdAt})`);
  }
}

async function file(svc: HttpClient, token: string, department: string, title: string) {
  const res = await svc.call("POST", "/api/requests", { token, body: { department, title } });
  assert.equal(res.status, 201, `filing "${title}": ${res.text.slice(0, 300)}`);
  return res.body as RequestView;
}

async function fileMany(svc: HttpClient, token: string, department: string, n: number, from = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 25) {
    const batch = await atOnce(Math.min(25, n - i), (j) => file(svc, token, department, `Request ${from + i + j}`));
    ids.push(...batch.map((r) => r.id));
  }
  return ids;
}

const act = (svc: HttpClient, token: string, id: string, body: object) => svc.call("POST", `/api/requests/${id}/actions`, { token, body });

describe("my requests (issue 12)", function () {
  this.timeout(60_000);
  let svc: TestService;

  before(async () => {
    svc = await startService({ demo: true });
  });
  after(() => svc?.close());

  describe("a person with many requests", function () {
    let proxy: StorageProxy;
    let viaProxy: TestService;
    const person = { userId: "u-many", name: "Max Many", email: "max.many@contoso.example" };
    let token: string;
    let filed: string[] = [];

    before(async function () {
      this.timeout(300_000);
      await createDepartment(svc, "MANY");
      token = await svc.token(person);
      filed = await fileMany(svc, token, "MANY", 500);
      proxy = await startStorageProxy(process.env.TANDEM_TEST_STORAGE!);
      // The same store seen through the counting proxy, with nothing running in the background.
      viaProxy = await startService({ prefix: svc.prefix, connectionString: proxy.connectionString, env: { OUTBOX_INTERVAL_MS: "0" } });
    });
    after(async () => {
      await viaProxy?.close();
      await proxy?.stop();
    });

    it("the first page of someone with 500 requests costs at most 3 storage calls, none per request", async () => {
      const proxied = await viaProxy.token(person);
      await proxy.reset();
      const first = await page(viaProxy, proxied, "status=all");
      const records = await proxy.records();
      const figures = await proxy.figures();
      const shown = records.map((r) => `${r.kind} ${r.table} ${r.filter ?? ""} -> ${r.entities}`).join("\n");
      assert.equal(first.items.length, 50, "the default page is 50");
      assert.ok(first.nextCursor, "more remain");
      assert.ok(figures.calls <= 3, `${figures.calls} storage calls for the first page:\n${shown}`);
      assert.equal(records.filter((r) => r.kind === "point-read").length, 0, `no read per request:\n${shown}`);
      assert.ok(figures.entities <= 50, `${figures.entities} entities read for a page of 50:\n${shown}`);
      assert.deepEqual(figures.unkeyed, [], "every query names its partition");

      await proxy.reset();
      const open = await page(viaProxy, proxied, "status=open&limit=200");
      const openFigures = await proxy.figures();
      assert.equal(open.items.length, 200);
      assert.ok(openFigures.calls <= 3, `${openFigures.calls} storage calls for a page of 200 open ones`);
      assert.ok(openFigures.entities <= 200, `${openFigures.entities} entities read for a page of 200`);
    });

    it("520 requests are all listed across pages, newest first, none twice, whatever the page size", async function () {
      this.timeout(120_000);
      filed = [...filed, ...(await fileMany(svc, token, "MANY", 20, 500))];
      assert.equal(filed.length, 520);
      for (const [query, pages] of [["status=all&limit=200", 3], ["status=all", 11], ["status=open&limit=37", 15]] as const) {
        const all = await allPages(svc, token, query);
        const ids = all.items.map((r) => r.id);
        assert.equal(new Set(ids).size, ids.length, `${query}: no request twice`);
        assert.deepEqual([...ids].sort(), [...filed].sort(), `${query}: every filed request, nothing else`);
        assertNewestFirst(all.items);
        assert.equal(all.pages, pages, `${query}: pages`);
      }
    });
  });

  describe("what the list shows", () => {
    it("filters by status on the stored copies: open, all, or one status", async () => {
      await createDepartment(svc, "STAT", { agents: [{ id: "demo-ben", name: "Ben Okafor" }] });
      const pat = await svc.token({ userId: "u-pat", name: "Pat Status", email: "pat.status@contoso.example" });
      const ben = await svc.token("ben");
      const [fresh, taken, waiting, resolved, cancelled] = await Promise.all(["new", "taken", "waiting", "resolved", "cancelled"].map((t) => file(svc, pat, "STAT", t)));
      assert.equal((await act(svc, ben, taken!.id, { action: "take" })).status, 200);
      assert.equal((await act(svc, ben, waiting!.id, { action: "wait", text: "Which floor?" })).status, 200);
      assert.equal((await act(svc, ben, resolved!.id, { action: "resolve", text: "Done" })).status, 200);
      assert.equal((await act(svc, pat, cancelled!.id, { action: "cancel" })).status, 200);

      const ids = async (q: string) => (await allPages(svc, pat, q)).items.map((r) => r.id).sort();
      const sorted = (...rs: RequestView[]) => rs.map((r) => r.id).sort();
      assert.deepEqual(await ids("status=all"), sorted(fresh!, taken!, waiting!, resolved!, cancelled!));
      assert.deepEqual(await ids(""), sorted(fresh!, taken!, waiting!, resolved!, cancelled!), "no status: all");
      assert.deepEqual(await ids("status=open"), sorted(fresh!, taken!, waiting!));
      assert.deepEqual(await ids("status=open&limit=1"), sorted(fresh!, taken!, waiting!), "open, one a page");
      assert.deepEqual(await ids("status=waiting"), sorted(waiting!));
      assert.deepEqual(await ids("status=resolved"), sorted(resolved!));
      assert.deepEqual(await ids("status=cancelled"), sorted(cancelled!));
      assert.deepEqual(await ids("status=closed"), []);
    });

    it("refuses a bad status, limit or cursor with a 400 that says what to send", async () => {
      const dana = await svc.token("dana");
      assertApiError(await svc.call("GET", "/api/me/requests?status=bogus", { token: dana }), 400, "bad status", { field: "status" });
      assertApiError(await svc.call("GET", "/api/me/requests?limit=0", { token: dana }), 400, "limit 0", { field: "limit" });
      assertApiError(await svc.call("GET", "/api/me/requests?limit=201", { token: dana }), 400, "limit too large", { field: "limit" });
      assertApiError(await svc.call("GET", "/api/me/requests?cursor=not-a-cursor", { token: dana }), 400, "made-up cursor", { field: "cursor" });
      const forged = Buffer.from("m1.' or 1 eq 1", "utf8").toString("base64url");
      assertApiError(await svc.call("GET", `/api/me/requests?cursor=${forged}`, { token: dana }), 400, "forged cursor", { field: "cursor" });
    });

    it("a request changed by an agent shows its new status, assignee and ETag at once", async () => {
      const dana = await svc.token("dana");
      const ben = await svc.token("ben");
      const mine = await file(svc, dana, "IT", "Monitor flickers");
      const taken = await act(svc, ben, mine.id, { action: "take" });
      assert.equal(taken.status, 200, taken.text);
      const listed = (await page(svc, dana, "status=open")).items.find((r) => r.id === mine.id);
      assert.ok(listed, `${mine.id} is listed`);
      assert.equal(listed.status, "in_progress");
      assert.equal(listed.assignee?.id, "demo-ben");
      const got = await svc.call("GET", `/api/requests/${mine.id}`, { token: dana });
      assert.equal(listed.etag, got.headers.get("etag"), "the list's ETag is the request's (If-Match works from the list)");
      assert.equal(listed.updatedAt, got.body.updatedAt);
      // And an action taken with the list's ETag goes through.
      const commented = await svc.call("POST", `/api/requests/${mine.id}/actions`, { token: dana, body: { action: "comment", text: "Still flickering" }, headers: { "If-Match": listed.etag } });
      assert.equal(commented.status, 200, commented.text);
    });

    it("concurrent changes on two instances never leave an older version in the copy", async function () {
      this.timeout(120_000);
      const other = await startService({ prefix: svc.prefix });
      try {
        const dana = await svc.token("dana");
        const [benA, benB] = await Promise.all([svc.token("ben"), other.token("ben")]);
        const mine = await file(svc, dana, "IT", "Printer on floor 3");
        const results = await atOnce(30, (i) => act(i % 2 ? other : svc, i % 2 ? benB : benA, mine.id, { action: "comment", text: `note ${i}` }));
        assert.deepEqual(statusCounts(results), { 200: 30 });
        const got = await svc.call("GET", `/api/requests/${mine.id}`, { token: dana });
        const history = (got.body.history as Array<{ kind: string }>).filter((h) => h.kind === "comment");
        assert.equal(history.length, 30);
        const listed = (await page(svc, dana, "status=all")).items.find((r) => r.id === mine.id);
        assert.equal(listed?.etag, got.headers.get("etag"), "the copy is the last version written");
        assert.equal(listed?.updatedAt, got.body.updatedAt);
      } finally {
        await other.close();
      }
    });

    it("a stale writer cannot move a copy back to an older version", async () => {
      const users = new UserIndex(svc.app.tables);
      const dana = await svc.token("dana");
      const mine = await file(svc, dana, "IT", "Old and new");
      const ben = await svc.token("ben");
      const taken = await act(svc, ben, mine.id, { action: "take" });
      const current = await svc.app.services.requests.record(DANA, mine.id);
      assert.equal(current.version, 2);
      const older: ServiceRequest = { ...current, version: 1, status: "new", assignee: undefined, etag: "W/\"old\"" };
      assert.equal(await users.putCopy(TENANT, "demo-dana", older), false, "an older version is not written");
      assert.equal(await users.putCopy(TENANT, "demo-dana", current), false, "the same version is not written again");
      const listed = (await page(svc, dana, "status=all")).items.find((r) => r.id === mine.id);
      assert.equal(listed?.status, "in_progress");
      assert.equal(listed?.etag, taken.headers.get("etag"));
    });

    it("another person, or the same user id in another tenant, never sees my requests", async () => {
      const dana = await svc.token("dana");
      const mine = await file(svc, dana, "IT", "Private: my payslip is wrong");
      const olive = await svc.token({ userId: "u-olive", name: "Olive Other", email: "olive@contoso.example" });
      const elsewhere = await svc.token({ userId: "demo-dana", name: "Dana Whitfield", email: "dana@contoso.example", tenantId: "00000000-0000-4000-8000-0000000000ff" });
      for (const [who, token] of [["Olive", olive], ["Dana's id in another tenant", elsewhere]] as const) {
        const seen = (await allPages(svc, token, "status=all")).items;
        assert.ok(!seen.some((r) => r.id === mine.id || r.requester.id === "demo-dana"), `${who} sees none of Dana's requests: ${seen.map((r) => r.id).join(", ")}`);
      }
    });

    it("requests from my mailbox (filed by someone else) merge with mine, in order, across pages", async () => {
      await createDepartment(svc, "MAIL", { agents: [{ id: "demo-ben", name: "Ben Okafor" }] });
      const quinn = { userId: "u-quinn", name: "Quinn Mailbox", email: "Quinn.Mailbox@contoso.example" };
      const qt = await svc.token(quinn);
      const ben = await svc.token("ben");
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        if (i % 2) {
          ids.push((await file(svc, qt, "MAIL", `Own ${i}`)).id);
        } else {
          const res = await svc.call("POST", "/api/requests/from-email", {
            token: ben,
            body: { internetMessageId: `<quinn-${i}-${svc.prefix}@contoso.example>`, subject: `Mailed ${i}`, body: "Help", from: { name: "Quinn", email: "quinn.mailbox@contoso.example" }, department: "MAIL" },
          });
          assert.equal(res.status, 201, res.text);
          assert.equal(res.body.request.requester.id, "mail:quinn.mailbox@contoso.example");
          ids.push(res.body.request.id);
        }
      }
      for (const limit of [1, 2, 4, 50]) {
        const all = await allPages(svc, qt, `status=all&limit=${limit}`);
        assert.deepEqual(all.items.map((r) => r.id), [...ids].reverse(), `limit ${limit}: both identities, newest first, none twice`);
      }
      // Ben filed the mailed ones for Quinn: they are in his list too, and only those.
      const bens = (await allPages(svc, ben, "status=all")).items.map((r) => r.id);
      for (const [i, id] of ids.entries()) assert.equal(bens.includes(id), i % 2 === 0, `${id} in Ben's list`);
    });
  });

  describe("a crash between the request's commit and its copy", function () {
    this.timeout(120_000);
    const dirs: string[] = [];
    afterEach(async () => {
      await killSpawned();
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    });

    it("a copy write that storage refuses still files the request (201, once), and the follower lists it", async () => {
      const svc2 = await startService({ demo: true });
      const create = sinon.stub(svc2.app.tables.Users, "createEntity");
      try {
        const dana = await svc2.token("dana");
        create.onFirstCall().rejects(new RestError("Server busy", { statusCode: 503 }));
        create.callThrough();
        const res = await svc2.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Printer on 3rd floor jams" } });
        assert.equal(res.status, 201, res.text);
        assert.equal(create.callCount, 1, "the copy write was tried and refused");
        const listed = async () => (await allPages(svc2, dana, "status=all")).items.filter((r) => r.id === res.body.id).length;
        assert.equal(await listed(), 0, "not listed until repaired");
        await svc2.app.follower.catchUp(TENANT, "IT");
        assert.equal(await listed(), 1, "listed once the follower has caught up");
        const it = await svc2.call("GET", "/api/departments/IT/requests?status=all&limit=200", { token: await svc2.token("ben") });
        assert.equal((it.body.items as RequestView[]).filter((r) => r.title === "Printer on 3rd floor jams").length, 1, "filed once");
      } finally {
        create.restore();
        await svc2.close();
      }
    });

    it("a create or an action killed after its commit is listed once the change-log follower has caught up", async () => {
      const prefix = uniquePrefix();
      const seeded = await startService({ demo: true, prefix });
      const dana0 = await seeded.token("dana");
      const early = await file(seeded, dana0, "IT", "Filed before the crash");
      // The follower has a place in IT's change log: after the restart it reads the log from there.
      await seeded.app.follower.catchUp(TENANT, "IT");
      await seeded.close();

      const env = { AZURE_STORAGE_CONNECTION_STRING: process.env.TANDEM_TEST_STORAGE!, TABLE_PREFIX: prefix, TANDEM_CRASH_AT: "after-request-commit" };
      const dir = mkdtempSync(path.join(tmpdir(), "tandem-mine-"));
      dirs.push(dir);
      // A create: the process dies once the request's transaction is in.
      const dying = await spawnService(dir, env);
      const dana = await dying.token("dana");
      await assert.rejects(dying.call("POST", "/api/requests", { token: dana, body: { department: "IT", title: "Filed as the service died" } }));
      assert.equal((await dying.exited).signal, "SIGKILL");
      // An action: the same, after the take is written.
      const dying2 = await spawnService(dir, env);
      const ben = await dying2.token("ben");
      await assert.rejects(act(dying2, ben, early.id, { action: "take" }));
      assert.equal((await dying2.exited).signal, "SIGKILL");

      const svc2 = await startService({ prefix });
      try {
        const [dana2, ben2] = await Promise.all([svc2.token("dana"), svc2.token("ben")]);
        const it = await svc2.call("GET", "/api/departments/IT/requests?status=all&limit=200", { token: ben2 });
        const lost = (it.body.items as RequestView[]).find((r) => r.title === "Filed as the service died");
        assert.ok(lost, "the request itself was committed");
        const before = (await allPages(svc2, dana2, "status=all")).items;
        assert.ok(!before.some((r) => r.id === lost.id), "its copy was not written (the crash came between the two writes)");
        assert.equal(before.find((r) => r.id === early.id)?.status, "new", "the take's copy was not written either");

        // The repair: the change-log follower (on demand in test services) hands the changed requests to the projection.
        await svc2.app.follower.catchUp(TENANT, "IT");

        const after = (await allPages(svc2, dana2, "status=all")).items;
        assert.ok(after.some((r) => r.id === lost.id), `${lost.id} is listed after the repair`);
        assert.equal(after.find((r) => r.id === early.id)?.status, "in_progress", "the take shows after the repair");
        assert.equal(new Set(after.map((r) => r.id)).size, after.length, "nothing twice");
      } finally {
        await svc2.close();
      }
    });
  });

  describe("upgrade of the pointer rows written before issue 12", () => {
    const fixture = JSON.parse(readFileSync(new URL("../fixtures/layout-v1.json", import.meta.url), "utf8")) as { tables: Record<string, Array<Record<string, unknown>>> };
    const dana = DANA;

    /** The fixture's tables under a new prefix: as the service sees them (through the run's proxy), and directly for the test's own looks. */
    async function loadFixture(): Promise<Tables & { direct: Tables }> {
      const prefix = uniquePrefix();
      const tables = openTables({ connectionString: process.env.TANDEM_TEST_STORAGE!, prefix });
      const direct = openTables({ connectionString: process.env.TANDEM_TEST_STORAGE_DIRECT!, prefix });
      await createTables(tables);
      for (const [name, rows] of Object.entries(fixture.tables)) {
        const t = direct[name as TableName];
        if (!t) continue;
        for (let i = 0; i < rows.length; i += 25) await Promise.all(rows.slice(i, i + 25).map((r) => t.createEntity(r as never)));
      }
      return Object.assign(tables, { direct });
    }

    const upgrade = (tables: Tables, progress: (line: string) => void) => withPurpose("upgrade", () => upgradeUserRows(tables, progress));

    async function rows(tables: Tables & { direct: Tables }) {
      const out = new Map<string, Record<string, unknown>>();
      for await (const e of tables.direct.Users.listEntities<Record<string, unknown>>()) out.set(`${e.partitionKey}|${e.rowKey}`, e);
      return out;
    }

    it("turns every pointer into a copy of its request, drops stale pointers, and a second run changes nothing", async function () {
      this.timeout(60_000);
      const tables = await loadFixture();
      // A pointer of a creation that never committed (its number went to Dana's request IT-2).
      await tables.Users.createEntity({ partitionKey: `${TENANT}|demo-ben`, rowKey: UserIndex.rowKey("2026-10-01T00:00:00.000Z", "IT", 2), department: "IT", number: 2, createToken: "never-committed" });
      const pointers = fixture.tables.Users!;
      const users = new UserIndex(tables);
      const danaBefore = await listMine(users, dana, { status: "all" });
      assert.equal(danaBefore.items.length, 0, "before the upgrade there are no copies (pointers are not listed)");

      const lines: string[] = [];
      const first = await upgrade(tables, (l) => lines.push(l));
      assert.equal(first.removed, 1, "the stale pointer is removed");
      assert.ok(first.written >= pointers.length, `${first.written} copies written for ${pointers.length} pointers`);
      assert.ok(lines.length > 0, "it says what it did");

      const requests = new Map<string, Record<string, unknown>>();
      for await (const e of tables.direct.Requests.listEntities<Record<string, unknown>>()) if (String(e.rowKey).startsWith("r|")) requests.set(`${String(e.partitionKey).split("|")[1]}-${Number(e.number)}`, e);
      const after = await rows(tables);
      for (const p of pointers) {
        const copy = after.get(`${p.partitionKey}|${p.rowKey}`);
        assert.ok(copy, `pointer ${p.partitionKey} ${p.rowKey} became a copy`);
        assert.equal(copy.kind, COPY_KIND);
        const req = requests.get(`${p.department}-${p.number}`)!;
        assert.equal(copy.version, req.version, `${p.department}-${p.number}: the copy has the request's version`);
        assert.equal(copy.status, req.status);
        assert.equal(copy.requestEtag, req.etag);
      }
      assert.ok(![...after.values()].some((r) => r.createToken), "no pointer is left");

      // Dana's list: her own requests and the one from her mailbox, as the requests are now.
      const danaIds = (await listMine(users, dana, { status: "all", limit: "200" })).items.map((r) => r.id).sort();
      const expected = pointers.filter((p) => p.partitionKey === `${TENANT}|demo-dana` || p.partitionKey === `${TENANT}|mail%3Adana%40contoso.example`).map((p) => `${p.department}-${p.number}`);
      assert.deepEqual(danaIds, [...new Set(expected)].sort());
      const listed = (await listMine(users, dana, { status: "all", limit: "200" })).items.find((r) => r.id === "IT-4")!;
      assert.deepEqual(listed, { ...entityToRequest(requests.get("IT-4")!) }, "the copy reads back as the request");

      const second = await upgrade(tables, () => undefined);
      assert.deepEqual(second, { requests: 0, written: 0, removed: 0 }, "a finished upgrade does nothing");
      const again = await rows(tables);
      for (const [k, v] of after) assert.equal(again.get(k)?.etag, v.etag, `${k} untouched by the second run`);
    });

    it("resumes after being stopped half-way and writes nothing twice", async () => {
      const tables = await loadFixture();
      let departments = 0;
      await assert.rejects(
        upgrade(tables, (line) => {
          // The first department done: the process "dies" here.
          if (/copies of/.test(line) && ++departments === 1) throw new Error("stopped");
        }),
        /stopped/,
      );
      const half = await rows(tables);
      const copies = [...half.values()].filter((r) => r.kind === COPY_KIND).length;
      assert.ok(copies > 0 && copies < fixture.tables.Users!.length, `some copies (${copies}) were written before the stop`);
      const rest = await upgrade(tables, () => undefined);
      assert.ok(rest.written > 0);
      assert.equal(rest.written + copies, fixture.tables.Users!.length, "each pointer became a copy once");
      const users = new UserIndex(tables);
      assert.equal((await listMine(users, dana, { status: "all", limit: "200" })).items.length, fixture.tables.Users!.filter((p) => String(p.partitionKey).includes("dana")).length);
    });
  });
});
