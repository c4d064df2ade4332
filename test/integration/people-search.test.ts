import assert from "node:assert/strict";
import { assertApiError } from "../support/api.ts";
import { FakeEntra } from "../support/fake-entra.ts";
import { FakeGraph, type FakeTenant } from "../support/fake-graph.ts";
import { startService, TENANT, type TestService } from "../support/service.ts";

/**
 * The settings page's people picker (issue 16.6): `GET /api/directory/people?q=` through
 * Microsoft Graph (a local Graph and Entra ID on loopback), and the demo people in dev mode
 * without Graph. Only id, name and email come back.
 */
const CLIENT_ID = "11111111-2222-4333-8444-555555555555";
const SECRET = "fake-secret-value";
const T2 = "22222222-0000-4000-8000-000000000002";
const O_NEIL = { id: "0e1a1a1a-0000-4000-8000-00000000c001", displayName: "Olivia O'Neil", mail: "olivia@contoso.example", userPrincipalName: "olivia@contoso.example" };
const OSCAR = { id: "0e1a1a1a-0000-4000-8000-00000000c002", displayName: "Oscar Ortiz", userPrincipalName: "oscar@contoso.example" };
const PAT = { id: "0e1a1a1a-0000-4000-8000-00000000c003", displayName: "Pat Quinn", mail: "pq@contoso.example", userPrincipalName: "pq@contoso.example" };
const TENANTS: Record<string, FakeTenant> = {
  [TENANT]: { users: [O_NEIL, OSCAR, PAT] },
  [T2]: { users: [{ ...PAT, id: "0e1a1a1a-0000-4000-8000-0000000002c3", displayName: "Olga Other" }] },
};

describe("people picker API", function () {
  this.timeout(60_000);

  describe("through Microsoft Graph", () => {
    let entra: FakeEntra;
    let graph: FakeGraph;
    let svc: TestService;
    let token: string;
    before(async () => {
      entra = await FakeEntra.start({ clientId: CLIENT_ID, clientSecret: SECRET });
      graph = await FakeGraph.start(TENANTS, (t) => entra.introspect(t));
      svc = await startService({ env: { AUTH_MODE: "dev", ENTRA_CLIENT_ID: CLIENT_ID, ENTRA_CLIENT_SECRET: SECRET, ENTRA_AUTHORITY_HOST: entra.url, GRAPH_BASE_URL: `${graph.url}/v1.0` } });
      token = await svc.token("dana");
    });
    after(async () => {
      await svc?.close();
      await graph?.close();
      await entra?.close();
    });

    it("finds people of the caller's tenant by the start of their name or mail, id/name/email only", async () => {
      const res = await svc.call("GET", "/api/directory/people?q=o", { token });
      assertApiError(res, 400, "one character", { field: "q" });
      const found = await svc.call("GET", `/api/directory/people?q=${encodeURIComponent("Olivia O'")}`, { token });
      assert.equal(found.status, 200, found.text);
      assert.deepEqual(found.body, { items: [{ id: O_NEIL.id, name: "Olivia O'Neil", email: "olivia@contoso.example" }] }, "a quote in the query is escaped, not an error");
      const os = await svc.call("GET", "/api/directory/people?q=os", { token });
      assert.deepEqual(os.body.items, [{ id: OSCAR.id, name: "Oscar Ortiz", email: "oscar@contoso.example" }], "no mail: the sign-in name; nobody from the other tenant");
      const byMail = await svc.call("GET", "/api/directory/people?q=pq%40", { token });
      assert.deepEqual(byMail.body.items.map((p: { id: string }) => p.id), [PAT.id], "by mail");
      assert.ok(graph.hits.some((h) => /startswith/.test(h)), `Graph was asked: ${graph.hits.join(" | ")}`);
      const anon = await svc.call("GET", "/api/directory/people?q=os");
      assertApiError(anon, 401, "not signed in");
    });
  });

  describe("dev mode without Graph", () => {
    let svc: TestService;
    before(async () => {
      svc = await startService({});
    });
    after(() => svc?.close());

    it("answers with the demo people, accents folded", async () => {
      const token = await svc.token("dana");
      const res = await svc.call("GET", "/api/directory/people?q=fern", { token });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.items, [{ id: "demo-diego", name: "Diego Fernández", email: "diego@contoso.example" }], "Fernández by 'fern'");
      const long = await svc.call("GET", `/api/directory/people?q=${"a".repeat(101)}`, { token });
      assertApiError(long, 400, "101 characters", { field: "q" });
    });
  });
});
