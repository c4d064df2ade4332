import assert from "node:assert/strict";
import { createDepartment } from "../support/api.ts";
import { startService, type TestService } from "../support/service.ts";

/** Search and similar requests over the Search table (issue 16.1, 16.3), through the HTTP API on Azurite. */
describe("search", function () {
  this.timeout(60_000);
  let svc: TestService;
  let dana: string, ben: string, eve: string, alex: string;
  const ids: Record<string, string> = {};

  before(async () => {
    svc = await startService({ env: { SUMMARY_INTERVAL_MS: "0" } });
    await createDepartment(svc, "IT", { agents: [{ id: "demo-ben", name: "Ben Okafor" }] });
    await createDepartment(svc, "HR", { agents: [{ id: "demo-diego", name: "Diego" }] });
    dana = await svc.token("dana");
    eve = await svc.token("eve");
    ben = await svc.token("ben");
    alex = await svc.token("alex");
    const file = async (token: string, department: string, title: string, description = "") => {
      const res = await svc.call("POST", "/api/requests", { token, body: { department, title, description } });
      assert.equal(res.status, 201, res.text);
      return res.body.id as string;
    };
    ids.vpn1 = await file(dana, "IT", "VPN drops every few minutes", "Since Monday the VPN disconnects about every 5 minutes when I work from home.");
    ids.truck = await file(dana, "IT", "El camión de reparto no arranca", "Necesitamos las impresoras del almacén.");
    ids.printers = await file(eve, "IT", "Printers on floor 3 are offline");
    ids.vpn2 = await file(eve, "IT", "VPN drops every few minutes again", "The VPN disconnects at home.");
    ids.hrVpn = await file(eve, "HR", "VPN drops every few minutes for payroll", "Payroll VPN disconnects");
  });
  after(async () => svc?.close());

  const search = async (token: string, path: string) => {
    const res = await svc.call("GET", path, { token });
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    return res.body as { items: Array<{ id: string; status: string }>; nextCursor?: string };
  };

  it("folds accents, stems English and Spanish, matches a prefix of the last word", async () => {
    assert.deepEqual((await search(ben, "/api/departments/IT/requests?q=camion")).items.map((r) => r.id), [ids.truck], "camion finds camión");
    assert.deepEqual((await search(ben, "/api/departments/IT/requests?q=impresora")).items.map((r) => r.id), [ids.truck], "impresora finds impresoras");
    assert.deepEqual((await search(ben, "/api/departments/IT/requests?q=printer")).items.map((r) => r.id), [ids.printers], "printer finds printers");
    assert.deepEqual((await search(ben, "/api/departments/IT/requests?q=impres")).items.map((r) => r.id), [ids.truck], "a prefix of the last word");
    assert.deepEqual((await search(ben, `/api/departments/IT/requests?q=${ids.printers}`)).items.map((r) => r.id), [ids.printers], "the id");
  });

  it("ranks all words matched first, pages, and finds resolved requests and later comments", async () => {
    const both = await search(ben, "/api/departments/IT/requests?q=vpn%20home&limit=1");
    assert.equal(both.items.length, 1, "one a page");
    assert.ok(both.nextCursor, "a next page");
    const next = await search(ben, `/api/departments/IT/requests?q=vpn%20home&limit=1&cursor=${both.nextCursor}`);
    assert.deepEqual([both.items[0]!.id, next.items[0]!.id].sort(), [ids.vpn1, ids.vpn2].sort(), "both VPN cases over two pages");
    let res = await svc.call("POST", `/api/requests/${ids.printers}/actions`, { token: ben, body: { action: "comment", text: "Replaced the toner cartridge" } });
    assert.equal(res.status, 200, res.text);
    res = await svc.call("POST", `/api/requests/${ids.printers}/actions`, { token: ben, body: { action: "resolve", text: "Done" } });
    assert.equal(res.status, 200, res.text);
    const found = await search(ben, "/api/departments/IT/requests?q=toner");
    assert.deepEqual(found.items.map((r) => [r.id, r.status]), [[ids.printers, "resolved"]], "a comment added later, a resolved request");
    assert.deepEqual((await search(ben, "/api/departments/IT/requests?q=toner&status=open")).items, [], "the status filter applies");
  });

  it("shows only what the caller may see", async () => {
    assert.deepEqual((await search(dana, "/api/search?q=vpn")).items.map((r) => r.id), [ids.vpn1], "a requester finds only their own");
    const agent = (await search(ben, "/api/search?q=vpn")).items.map((r) => r.id);
    assert.ok(!agent.includes(ids.hrVpn), `an IT agent finds nothing of HR: ${agent}`);
    const admin = (await search(alex, "/api/search?q=vpn")).items.map((r) => r.id);
    assert.ok(admin.includes(ids.hrVpn) && admin.includes(ids.vpn1), `an admin finds every department's: ${admin}`);
    const other = await svc.call("GET", "/api/departments/IT/requests?q=vpn", { token: dana });
    assert.equal(other.status, 403, "a requester cannot search a department's queue");
    const other2 = await svc.token({ userId: "demo-ben", tenantId: "00000000-0000-0000-0000-0000000000bb" });
    assert.deepEqual((await search(other2, "/api/search?q=vpn")).items, [], "another tenant finds nothing");
  });

  it("mine=1: only the caller's own requests, even for staff of the department", async () => {
    const mine = await svc.call("POST", "/api/requests", { token: ben, body: { department: "IT", title: "My own VPN token expired" } });
    assert.equal(mine.status, 201, mine.text);
    assert.deepEqual((await search(ben, "/api/search?q=vpn&mine=1")).items.map((r) => r.id), [mine.body.id], "Ben's own, not the IT queue's");
    assert.deepEqual((await search(dana, "/api/search?q=vpn&mine=1")).items.map((r) => r.id), [ids.vpn1], "a requester's own as before");
    const bad = await svc.call("GET", "/api/search?q=vpn&mine=yes", { token: ben });
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.text, /mine/, "names mine");
  });

  it("similar: the VPN cases find each other, nothing from a department the caller cannot see", async () => {
    const q = new URLSearchParams({ department: "IT", title: "VPN drops every few minutes", description: "VPN disconnects at home" });
    const asBen = (await search(ben, `/api/requests/similar?${q}`)).items.map((r) => r.id);
    assert.ok(asBen.includes(ids.vpn1) && asBen.includes(ids.vpn2), `IT's VPN cases: ${asBen}`);
    assert.ok(!asBen.includes(ids.hrVpn), "nothing of HR for an IT agent");
    const asDana = (await search(dana, `/api/requests/similar?${q}&exclude=${ids.vpn2}`)).items as unknown as Array<{ id: string; mine: boolean }>;
    assert.deepEqual(asDana.map((r) => [r.id, r.mine]), [[ids.vpn1, true]], "a requester sees only their own");
    const reworded = (await search(dana, `/api/requests/similar?${new URLSearchParams({ department: "IT", title: "VPN keeps disconnecting when working from home" })}`)).items.map((r) => r.id);
    assert.ok(reworded.includes(ids.vpn1), `the same case in other words: ${reworded}`);
    const unrelated = await search(ben, `/api/requests/similar?${new URLSearchParams({ department: "IT", title: "Payroll question about my salary" })}`);
    assert.deepEqual(unrelated.items, [], "nothing unrelated");
  });

  it("refuses a query without a word to look for", async () => {
    const res = await svc.call("GET", "/api/search?q=%20the%20", { token: ben });
    assert.equal(res.status, 400, res.text);
    assert.match(res.text, /"q"|q:/, "names q");
  });
});
