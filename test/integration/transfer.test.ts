/**
 * Transfer between departments (issue 16, deliverable 5), over HTTP against the real service and
 * Azurite: the new id is the target's next one, its clocks start at the transfer on the target's
 * own calendar (IT in Madrid, HR in New York), the hand-off is counted out in IT and in in HR
 * (neither met nor missed), both histories and the requester's one thread, who may transfer,
 * a retried transfer files one request, and a transfer racing a take: one wins, nothing orphaned.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RequestView } from "../../shared/domain.ts";
import type { DepartmentStats } from "../../shared/stats/index.ts";
import { assertApiError } from "../support/api.ts";
import { startService, type TestService, uniquePrefix } from "../support/service.ts";
import { killSpawned, spawnService } from "../support/service-process.ts";

describe("transfer between departments (issue 16)", function () {
  this.timeout(90_000);
  let svc: TestService;
  let now = Date.parse("2026-03-02T09:00:00Z"); // Monday: 10:00 in Madrid (IT open), 04:00 in New York (HR closed)
  let ben: string; // IT agent
  let dana: string; // requester
  let diego: string; // HR agent
  let alex: string; // admin

  const file = async (title: string, body: object = {}): Promise<RequestView> => {
    const res = await svc.call<RequestView>("POST", "/api/requests", { token: dana, body: { department: "IT", title, ...body } });
    assert.equal(res.status, 201, `filing "${title}": ${res.text.slice(0, 300)}`);
    return res.body;
  };
  const act = (token: string, id: string, body: object, headers?: Record<string, string>) => svc.call<RequestView>("POST", `/api/requests/${id}/actions`, { token, body, ...(headers ? { headers } : {}) });
  const get = async (token: string, id: string): Promise<RequestView> => {
    const res = await svc.call<RequestView>("GET", `/api/requests/${id}`, { token });
    assert.equal(res.status, 200, `GET ${id}: ${res.text.slice(0, 300)}`);
    return res.body;
  };
  const list = async (dept: string) => {
    const res = await svc.call<{ items: RequestView[] }>("GET", `/api/departments/${dept}/requests?status=all&limit=200`, { token: alex });
    assert.equal(res.status, 200, res.text.slice(0, 300));
    return res.body.items;
  };
  const stats = async (dept: string) => {
    const res = await svc.call<DepartmentStats>("GET", `/api/departments/${dept}/stats?from=2026-03-01&to=2026-03-08`, { token: alex });
    assert.equal(res.status, 200, `stats ${dept}: ${res.text.slice(0, 300)}`);
    return res.body;
  };

  before(async () => {
    svc = await startService({ demo: true, clock: () => now });
    [ben, dana, diego, alex] = await Promise.all(["demo-ben", "demo-dana", "demo-diego", "demo-alex"].map((u) => svc.token(u)));
  });
  after(async () => svc?.close());

  it("files the case in HR under HR's next id, clocks from the transfer on HR's calendar; IT-n becomes transferred, handed off", async () => {
    const source = await file("My payslip shows the wrong bank account", { category: "access", description: "Since February." });
    const hrBefore = await list("HR");
    const nextHr = Math.max(0, ...hrBefore.map((r) => r.number)) + 1;
    const [itBefore, hrStatsBefore] = [await stats("IT"), await stats("HR")];

    now = Date.parse("2026-03-02T15:00:00Z"); // 16:00 in Madrid, 10:00 in New York
    const res = await act(ben, source.id, { action: "transfer", department: "hr", reason: "Payroll is HR's: bank details live there" });
    assert.equal(res.status, 200, `transfer: ${res.text.slice(0, 400)}`);
    const moved = res.body;
    assert.equal(moved.status, "transferred", "the source is transferred");
    assert.equal(moved.transferredTo, `HR-${nextHr}`, "it points to HR's next id");
    assert.equal(moved.sla.resolution.state, "handed_off", "its resolution clock ends as a hand-off, neither met nor missed");
    assert.ok(["met", "missed"].includes(moved.sla.firstResponse.state), `its first response counts at the transfer (got ${moved.sla.firstResponse.state})`);

    const target = await get(diego, moved.transferredTo!);
    assert.equal(target.department, "HR");
    assert.equal(target.transferredFrom, source.id, "the new request points back");
    assert.deepEqual(target.source, { kind: "transfer", ref: source.id }, "its source is the transfer");
    assert.equal(target.title, source.title, "same title");
    assert.equal(target.description, "Since February.", "same description");
    assert.equal(target.requester.id, "demo-dana", "same requester");
    assert.equal(target.priority, source.priority, "same priority");
    assert.equal(target.category, undefined, "IT's category is not one of HR's: dropped");
    assert.equal(target.status, "new", "new in HR");
    assert.equal(target.createdAt, new Date(now).toISOString(), "filed at the transfer");
    const preview = await svc.call<{ firstResponseDueAt: string; resolutionDueAt: string }>("GET", `/api/departments/HR/sla/preview?priority=${target.priority}&start=${new Date(now).toISOString()}`, { token: dana });
    assert.equal(preview.status, 200, preview.text);
    assert.equal(target.sla.firstResponse.dueAt, preview.body.firstResponseDueAt, "first response due on HR's calendar, counted from the transfer");
    assert.equal(target.sla.resolution.dueAt, preview.body.resolutionDueAt, "resolution due on HR's calendar, counted from the transfer");
    const itPreview = await svc.call<{ firstResponseDueAt: string }>("GET", `/api/departments/IT/sla/preview?priority=${target.priority}&start=${new Date(now).toISOString()}`, { token: dana });
    assert.notEqual(itPreview.body.firstResponseDueAt, target.sla.firstResponse.dueAt, "IT's calendar would have said otherwise (the test tells them apart)");

    // Both queues: gone from IT's open queue, in HR's.
    const hrOpen = await svc.call<{ items: RequestView[] }>("GET", "/api/departments/HR/requests?status=open&limit=200", { token: diego });
    assert.ok(hrOpen.body.items.some((r) => r.id === target.id), "the new request is in HR's open queue");
    const itOpen = await svc.call<{ items: RequestView[] }>("GET", "/api/departments/IT/requests?status=open&limit=200", { token: ben });
    assert.ok(!itOpen.body.items.some((r) => r.id === source.id), "the transferred one left IT's open queue");

    // Figures: out in IT, in in HR; IT's resolution attainment does not count it.
    const deadline = Date.now() + 15_000;
    let it = await stats("IT");
    let hr = await stats("HR");
    while ((it.handoffs?.out ?? 0) === itBefore.handoffs.out && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      [it, hr] = [await stats("IT"), await stats("HR")];
    }
    assert.equal(it.handoffs.out, itBefore.handoffs.out + 1, `one hand-off out in IT: ${JSON.stringify(it.handoffs)}`);
    assert.equal(hr.handoffs.in, hrStatsBefore.handoffs.in + 1, `one hand-off in in HR: ${JSON.stringify(hr.handoffs)}`);
    assert.equal(it.resolution.measured, itBefore.resolution.measured, "IT's resolution attainment neither meets nor misses it");
    assert.equal(it.firstResponse.closed, itBefore.firstResponse.closed + 1, "IT's first response counts at the transfer");
    assert.equal(it.open, itBefore.open - 1, "IT's backlog lost it");
    assert.equal(hr.created, hrStatsBefore.created + 1, "HR counts it as filed there");
  });

  it("both histories record it; the requester sees one thread and where it went, staff see the reason", async () => {
    const source = await file("Parental leave dates");
    const moved = (await act(ben, source.id, { action: "transfer", department: "HR", reason: "Leave is handled by HR" })).body;
    const itHistory = (await get(ben, source.id)).history ?? [];
    assert.ok(itHistory.some((e) => e.kind === "transfer" && e.to === "HR" && !e.from), "IT's history: handed to HR");
    assert.ok(itHistory.some((e) => e.kind === "transfer" && e.to === moved.transferredTo && e.from === source.id), "IT's history: filed there under the new id");
    assert.ok(itHistory.some((e) => e.kind === "comment" && e.public === false && e.text === "Leave is handled by HR"), "the reason, for IT's staff");

    const hrView = await get(diego, moved.transferredTo!);
    const own = (hrView.history ?? []).filter((e) => !e.requestId);
    assert.ok(own.some((e) => e.kind === "transfer" && e.from === source.id), "HR's history: received from IT");
    assert.ok(own.some((e) => e.kind === "comment" && e.public === false && e.text === "Leave is handled by HR"), "the reason, for HR's staff");

    const thread = (await get(dana, moved.transferredTo!)).history ?? [];
    const firstOwn = thread.findIndex((e) => !e.requestId);
    assert.ok(firstOwn > 0, "the requester's thread starts with the old request's events");
    assert.ok(thread.slice(0, firstOwn).every((e) => e.requestId === source.id), "each marked with the old id");
    assert.ok(thread.slice(firstOwn).every((e) => !e.requestId), "then the new request's own");
    assert.equal(thread[0]?.kind, "created", "from the very start of the case");
    assert.ok(thread.some((e) => e.requestId === source.id && e.kind === "transfer" && e.to === moved.transferredTo), "she sees the move, with the new id");
    assert.ok(!thread.some((e) => e.public === false), "no internal note reaches her (the reason stays with the departments)");
    const old = await get(dana, source.id);
    assert.equal(old.transferredTo, moved.transferredTo, "the old request shows where it went");
    const mine = await svc.call<{ items: RequestView[] }>("GET", "/api/me/requests?status=all&limit=200", { token: dana });
    assert.ok(mine.body.items.some((r) => r.id === moved.transferredTo && r.status === "new"), "her requests list the new one");
  });

  it("refuses who may not and what cannot be transferred, naming the field; nothing is filed", async () => {
    const source = await file("Wrong desk assigned");
    const hrCount = (await list("HR")).length;
    assertApiError(await act(dana, source.id, { action: "transfer", department: "HR", reason: "I think HR" }), 403, "the requester transferring");
    // Diego (HR) cannot see IT's request: it answers as if it did not exist.
    const hrAgent = await act(diego, source.id, { action: "transfer", department: "HR", reason: "mine" });
    assert.ok([403, 404].includes(hrAgent.status), `an HR agent transferring an IT request: ${hrAgent.status}`);
    const unknown = await act(ben, source.id, { action: "transfer", department: "NOPE", reason: "somewhere" });
    assertApiError(unknown, 400, "an unknown department");
    assert.match(unknown.text, /department/, "the message names the field");
    const same = await act(ben, source.id, { action: "transfer", department: "IT", reason: "here" });
    assertApiError(same, 400, "the same department");
    const noReason = await act(ben, source.id, { action: "transfer", department: "HR", reason: "  " });
    assertApiError(noReason, 400, "no reason");
    assert.match(noReason.text, /reason/, "the message names the reason");
    const long = await act(ben, source.id, { action: "transfer", department: "HR", reason: "x".repeat(1001) });
    assertApiError(long, 400, "a reason over 1000 characters");
    assert.equal((await act(ben, source.id, { action: "resolve" })).status, 200, "resolve it");
    assertApiError(await act(ben, source.id, { action: "transfer", department: "HR", reason: "too late" }), 409, "a resolved request");
    assert.equal((await list("HR")).length, hrCount, "nothing was filed in HR");
    assert.equal((await get(ben, source.id)).status, "resolved", "the request is as it was");
    // An admin may transfer any department's request.
    const other = await file("Badge does not open the gym");
    const byAdmin = await act(alex, other.id, { action: "transfer", department: "FAC", reason: "Facilities runs the badges" });
    assert.equal(byAdmin.status, 200, `an admin transferring: ${byAdmin.text.slice(0, 300)}`);
    assert.match(byAdmin.body.transferredTo ?? "", /^FAC-\d+$/, "filed in Facilities");
  });

  it("the files come along: referenced where they were uploaded, served under the new id to HR's staff", async () => {
    const source = await file("Scanned payslip attached");
    const bytes = new TextEncoder().encode("payslip bytes %PDF-1.4");
    const up = await fetch(`${svc.url}/api/requests/${source.id}/attachments`, {
      method: "POST",
      headers: { Authorization: `Bearer ${dana}`, "Content-Type": "application/pdf", "X-File-Name": "payslip.pdf" },
      body: bytes,
    });
    assert.equal(up.status, 201, `upload: ${await up.clone().text()}`);
    const moved = (await act(ben, source.id, { action: "transfer", department: "HR", reason: "Payslips are HR's" })).body;
    const target = await get(diego, moved.transferredTo!);
    assert.deepEqual(target.attachments?.map((a) => [a.name, a.requestId]), [["payslip.pdf", source.id]], "the file is listed, pointing at where its bytes are");
    const down = await fetch(`${svc.url}/api/requests/${target.id}/attachments/${target.attachments![0]!.id}`, { headers: { Authorization: `Bearer ${diego}` } });
    assert.equal(down.status, 200, "HR's agent downloads it through the new request");
    assert.deepEqual(new Uint8Array(await down.arrayBuffer()), bytes, "the same bytes");
    const more = await fetch(`${svc.url}/api/requests/${source.id}/attachments`, {
      method: "POST",
      headers: { Authorization: `Bearer ${dana}`, "Content-Type": "text/plain", "X-File-Name": "late.txt" },
      body: "late",
    });
    assert.equal(more.status, 409, "the transferred request takes no more files");
  });

  it("a retried transfer (the same call twice, or at once) files one request", async () => {
    const source = await file("Company car insurance");
    const body = { action: "transfer", department: "FIN", reason: "Finance pays the insurance" };
    const [a, b] = await Promise.all([act(ben, source.id, body), act(ben, source.id, body)]);
    const c = await act(ben, source.id, body);
    for (const [name, r] of [["first", a], ["twin", b], ["retry", c]] as const) assert.equal(r.status, 200, `${name}: ${r.text.slice(0, 300)}`);
    assert.equal(a.body.transferredTo, b.body.transferredTo, "the twin names the same request");
    assert.equal(a.body.transferredTo, c.body.transferredTo, "the retry names the same request");
    const fin = (await list("FIN")).filter((r) => r.transferredFrom === source.id);
    assert.deepEqual(fin.map((r) => r.id), [a.body.transferredTo], "one request in Finance");
    const toOther = await act(ben, source.id, { action: "transfer", department: "HR", reason: "changed my mind" });
    assertApiError(toOther, 409, "a second transfer to another department");
  });

  it("a transfer racing a take: one wins (If-Match), and nothing is orphaned or duplicated", async () => {
    for (let round = 0; round < 4; round++) {
      const source = await file(`Race ${round}: monitor flickers`);
      const etag = source.etag;
      const transfer = act(ben, source.id, { action: "transfer", department: "FAC", reason: "Facilities owns the monitors" }, { "If-Match": etag });
      const take = act(ben, source.id, { action: "take" }, { "If-Match": etag });
      const [t, k] = await Promise.all([transfer, take]);
      const won = [t, k].filter((r) => r.status === 200).length;
      assert.equal(won, 1, `round ${round}: exactly one wins (transfer ${t.status}, take ${k.status})`);
      assert.ok([t, k].every((r) => r.status === 200 || r.status === 412 || r.status === 409), `round ${round}: the loser is told the request changed: ${t.status}/${k.status}`);
      const fac = (await list("FAC")).filter((r) => r.transferredFrom === source.id);
      const now = await get(ben, source.id);
      if (t.status === 200) {
        assert.equal(now.status, "transferred", `round ${round}: the transfer won`);
        assert.deepEqual(fac.map((r) => r.id), [now.transferredTo], `round ${round}: one request in Facilities`);
      } else {
        assert.equal(now.status, "in_progress", `round ${round}: the take won`);
        assert.equal(fac.length, 0, `round ${round}: no orphan in Facilities`);
      }
    }
  });

  describe("a crash between the two writes", () => {
    const dirs: string[] = [];
    after(async () => {
      await killSpawned();
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    });

    it("the source transferred, the target not yet filed: the next read files it once, a retry finds the same", async () => {
      const prefix = uniquePrefix();
      const seeded = await startService({ demo: true, prefix });
      const filed = await seeded.call<RequestView>("POST", "/api/requests", { token: await seeded.token("dana"), body: { department: "IT", title: "Crash test: pension question" } });
      assert.equal(filed.status, 201, filed.text);
      const id = filed.body.id;
      await seeded.close();

      const dir = mkdtempSync(path.join(tmpdir(), "tandem-transfer-"));
      dirs.push(dir);
      const dying = await spawnService(dir, { AZURE_STORAGE_CONNECTION_STRING: process.env.TANDEM_TEST_STORAGE!, TABLE_PREFIX: prefix, TANDEM_CRASH_AT: "transfer-before-target" });
      await assert.rejects(dying.call("POST", `/api/requests/${id}/actions`, { token: await dying.token("ben"), body: { action: "transfer", department: "HR", reason: "Pensions are HR's" } }));
      assert.equal((await dying.exited).signal, "SIGKILL", "the process died between the two writes");

      const svc2 = await startService({ prefix });
      try {
        const [ben2, alex2] = await Promise.all([svc2.token("ben"), svc2.token("alex")]);
        const hrBefore = await svc2.call<{ items: RequestView[] }>("GET", "/api/departments/HR/requests?status=all&limit=200", { token: alex2 });
        assert.ok(!hrBefore.body.items.some((r) => r.transferredFrom === id), "nothing was filed in HR before the crash");
        const read = await svc2.call<RequestView>("GET", `/api/requests/${id}`, { token: ben2 });
        assert.equal(read.status, 200, read.text.slice(0, 300));
        assert.equal(read.body.status, "transferred", "the source's transfer was committed");
        assert.match(read.body.transferredTo ?? "", /^HR-\d+$/, "the read finished it: the source points to HR");
        const retry = await svc2.call<RequestView>("POST", `/api/requests/${id}/actions`, { token: ben2, body: { action: "transfer", department: "HR", reason: "Pensions are HR's" } });
        assert.equal(retry.status, 200, retry.text.slice(0, 300));
        assert.equal(retry.body.transferredTo, read.body.transferredTo, "a retry names the same request");
        const hr = await svc2.call<{ items: RequestView[] }>("GET", "/api/departments/HR/requests?status=all&limit=200", { token: alex2 });
        assert.deepEqual(hr.body.items.filter((r) => r.transferredFrom === id).map((r) => r.id), [read.body.transferredTo], "one request in HR");
      } finally {
        await svc2.close();
      }
    });
  });
});
