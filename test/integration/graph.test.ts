import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import sinon from "sinon";
import { loadConfig, type GraphConfig } from "../../bot/config.ts";
import { createDirectory, GraphDirectory, NoDirectory } from "../../bot/graph/directory.ts";
import { MsalTokenProvider } from "../../bot/graph/token-provider.ts";
import { FakeEntra } from "../support/fake-entra.ts";
import { FakeGraph, type FakeTenant } from "../support/fake-graph.ts";
import { startService, TENANT, type TestService } from "../support/service.ts";

const CLIENT_ID = "11111111-2222-4333-8444-555555555555";
const SECRET = "fake-secret-value";
const T2 = "22222222-0000-4000-8000-000000000002";

const ERIN = { id: "0e1a1a1a-0000-4000-8000-00000000e001", displayName: "Erin Example", mail: "erin@contoso.example", userPrincipalName: "erin@contoso.example" };
const MAX = { id: "0e1a1a1a-0000-4000-8000-00000000a001", displayName: "Max Manager", mail: "max@contoso.example", userPrincipalName: "max@contoso.example" };
const ALIAS = { id: "0e1a1a1a-0000-4000-8000-00000000b001", displayName: "Bea Alias", mail: "bea@contoso.example", userPrincipalName: "bea.a@contoso.onmicrosoft.example" };
const AGENTS = ["a1", "a2", "a3", "a4", "a5"].map((n) => ({ id: `0e1a1a1a-0000-4000-8000-0000000000${n}`, displayName: `Agent ${n}`, mail: `${n}@contoso.example`, userPrincipalName: `${n}@contoso.example` }));

const TENANTS: Record<string, FakeTenant> = {
  [TENANT]: {
    users: [ERIN, MAX, ALIAS, ...AGENTS],
    groups: { "9f000000-0000-4000-8000-00000000a9e1": [...AGENTS.slice(0, 3).map((a) => a.id), { device: "d-1" }, ...AGENTS.slice(3).map((a) => a.id)] },
    managers: { [ERIN.id]: MAX.id },
  },
  [T2]: { users: [{ ...ERIN, id: "0e1a1a1a-0000-4000-8000-0000000002e1" }] },
};
const GROUP = "9f000000-0000-4000-8000-00000000a9e1";

describe("Graph directory (msal-node against a local Entra ID and Graph)", () => {
  let entra: FakeEntra;
  let graph: FakeGraph;
  const env = () => ({
    AUTH_MODE: "dev",
    ENTRA_CLIENT_ID: CLIENT_ID,
    ENTRA_CLIENT_SECRET: SECRET,
    ENTRA_AUTHORITY_HOST: entra.url,
    GRAPH_BASE_URL: `${graph.url}/v1.0`,
  });
  const graphConfig = (over: Record<string, string> = {}): GraphConfig => loadConfig({ HOST: "127.0.0.1", ...env(), ...over }).graph;
  let warnings: string[];
  const directory = (over: Record<string, string> = {}, now?: () => number) =>
    new GraphDirectory(graphConfig(over), { warn: (l) => warnings.push(l), now });

  before(async () => {
    entra = await FakeEntra.start({ clientId: CLIENT_ID, clientSecret: SECRET });
    graph = await FakeGraph.start(TENANTS, (t) => entra.introspect(t));
  });
  after(async () => {
    await graph?.close();
    await entra?.close();
  });
  beforeEach(() => {
    warnings = [];
    entra.tokenCalls.length = 0;
    entra.discoveryCalls.length = 0;
    graph.hits.length = 0;
    graph.deny.clear();
  });

  it("reads its settings from the environment, and is off without a client secret or certificate", () => {
    const c = graphConfig();
    assert.equal(c.enabled, true);
    assert.equal(c.baseUrl, `${graph.url}/v1.0`);
    const dflt = loadConfig({ HOST: "127.0.0.1" }).graph;
    assert.equal(dflt.enabled, false);
    assert.equal(dflt.baseUrl, "https://graph.microsoft.com/v1.0");
    assert.equal(dflt.authorityHost, "https://login.microsoftonline.com");
    assert.ok(createDirectory(dflt) instanceof NoDirectory);
    assert.ok(createDirectory(c) instanceof GraphDirectory);
    assert.throws(() => loadConfig({ HOST: "127.0.0.1", GRAPH_BASE_URL: "http://graph.example.com/v1.0" }), /https/);
  });

  it("gets one client-credential token from the local Entra ID for several Graph calls, with no discovery call", async () => {
    const dir = directory();
    assert.deepEqual(await dir.userByEmail(TENANT, "Erin@Contoso.example"), { id: ERIN.id, name: ERIN.displayName, email: ERIN.mail });
    assert.deepEqual(await dir.managerOf(TENANT, ERIN.id), { id: MAX.id, name: MAX.displayName, email: MAX.mail });
    assert.equal((await dir.groupMembers(TENANT, GROUP)).length, 5);
    assert.equal(entra.tokenCalls.length, 1, "msal caches the app token");
    assert.deepEqual(entra.tokenCalls[0], { tenant: TENANT, grantType: "client_credentials", scope: "https://graph.microsoft.com/.default", assertion: undefined });
    assert.deepEqual(entra.discoveryCalls, [], "msal was given the authority's metadata: it asks for nothing else");
    assert.ok(graph.hits.length >= 4);
    assert.deepEqual(warnings, []);
  });

  it("finds a user by email, by their mail when the sign-in name differs, and nobody for an unknown address", async () => {
    const dir = directory();
    assert.equal((await dir.userByEmail(TENANT, "bea@contoso.example"))?.id, ALIAS.id);
    assert.equal(await dir.userByEmail(TENANT, "nobody@contoso.example"), undefined);
    assert.equal(await dir.userByEmail(TENANT, "not an address"), undefined);
    // Each tenant is asked with its own token and answers with its own users.
    assert.equal((await dir.userByEmail(T2, ERIN.mail))?.id, "0e1a1a1a-0000-4000-8000-0000000002e1");
    assert.deepEqual(entra.tokenCalls.map((c) => c.tenant).sort(), [TENANT, T2].sort());
  });

  it("follows @odata.nextLink through every page of a group's members, keeping only users", async () => {
    graph.pageSize = 2;
    const members = await directory().groupMembers(TENANT, GROUP);
    assert.deepEqual(members.map((m) => m.id), AGENTS.map((a) => a.id));
    assert.equal(graph.hits.filter((h) => h.includes(`/groups/${GROUP}/members`)).length, 3, "6 members, 2 a page: 3 pages");
    assert.deepEqual(await directory().groupMembers(TENANT, "9f000000-0000-4000-8000-000000000000"), [], "unknown group");
  });

  it("finds a user's manager, and none for a user without one", async () => {
    const dir = directory();
    assert.equal((await dir.managerOf(TENANT, ERIN.id))?.id, MAX.id);
    assert.equal(await dir.managerOf(TENANT, MAX.id), undefined);
  });

  it("caches answers per tenant (found for the TTL, not-found briefly) without asking Graph again", async () => {
    let now = 1_000_000;
    const dir = directory({ GRAPH_CACHE_TTL_MS: "60000", GRAPH_NEGATIVE_CACHE_TTL_MS: "5000" }, () => now);
    await dir.userByEmail(TENANT, ERIN.mail);
    await dir.userByEmail(TENANT, "nobody@contoso.example");
    const afterFirst = graph.hits.length;
    await Promise.all([dir.userByEmail(TENANT, ERIN.mail), dir.userByEmail(TENANT, "erin@contoso.example"), dir.userByEmail(TENANT, "nobody@contoso.example")]);
    assert.equal(graph.hits.length, afterFirst, "second calls: no Graph hit");
    now += 6000; // past the negative TTL only
    await dir.userByEmail(TENANT, ERIN.mail);
    assert.equal(graph.hits.length, afterFirst);
    await dir.userByEmail(TENANT, "nobody@contoso.example");
    assert.ok(graph.hits.length > afterFirst, "not-found is asked again after its short TTL");
    const before = graph.hits.length;
    now += 60_000;
    await dir.userByEmail(TENANT, ERIN.mail);
    assert.equal(graph.hits.length, before + 1, "found users are asked again after the TTL");
    // Another tenant does not share the cache.
    await dir.userByEmail(T2, ERIN.mail);
    assert.equal(graph.hits.length, before + 2);
  });

  it("a missing permission (403 Authorization_RequestDenied) is one log line naming it, and an empty answer", async () => {
    const warn = sinon.stub(console, "warn");
    try {
      const dir = new GraphDirectory(graphConfig({ GRAPH_NEGATIVE_CACHE_TTL_MS: "0" }));
      graph.deny.add("users");
      assert.equal(await dir.userByEmail(TENANT, ERIN.mail), undefined);
      assert.equal(await dir.userByEmail(TENANT, MAX.mail), undefined);
      assert.equal(warn.callCount, 1, "one line, not one per look-up");
      const line = String(warn.firstCall.args[0]);
      assert.match(line, /User\.Read\.All/);
      assert.match(line, /Authorization_RequestDenied/);
      assert.match(line, /emailed requests stay filed under the sender's address/);
      assert.ok(!line.includes("\n"));

      graph.deny.add("members");
      assert.deepEqual(await dir.groupMembers(TENANT, GROUP), []);
      assert.equal(warn.callCount, 2);
      assert.match(String(warn.secondCall.args[0]), /GroupMember\.Read\.All/);
      assert.match(String(warn.secondCall.args[0]), /department agents come only from the department's own list/);

      graph.deny.add("manager");
      assert.equal(await dir.managerOf(TENANT, ERIN.id), undefined);
      assert.equal(warn.callCount, 3);
      assert.match(String(warn.thirdCall.args[0]), /User\.Read\.All.*leads only/);

      // Granted again: answers come back, and a later refusal is logged again.
      graph.deny.clear();
      assert.equal((await dir.userByEmail(TENANT, ERIN.mail))?.id, ERIN.id);
      graph.deny.add("users");
      assert.equal(await dir.userByEmail(TENANT, "a1@contoso.example"), undefined);
      assert.equal(warn.callCount, 4, "a refusal after a success is logged again");
    } finally {
      warn.restore();
    }
  });

  it("a wrong client secret is logged as a refusal to fix, and answers nothing", async () => {
    const dir = directory({ ENTRA_CLIENT_SECRET: "wrong" });
    assert.equal(await dir.userByEmail(TENANT, ERIN.mail), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /User\.Read\.All/);
    assert.match(warnings[0], /7000215|invalid_client/);
  });

  it("Entra ID down: undefined and [], no throw, one line", async () => {
    const down = await FakeEntra.start({ clientId: CLIENT_ID, clientSecret: SECRET });
    const deadUrl = down.url;
    await down.close();
    const dir = directory({ ENTRA_AUTHORITY_HOST: deadUrl, GRAPH_TIMEOUT_MS: "2000" });
    const t0 = Date.now();
    assert.equal(await dir.userByEmail(TENANT, ERIN.mail), undefined);
    assert.deepEqual(await dir.groupMembers(TENANT, GROUP), []);
    assert.equal(await dir.managerOf(TENANT, ERIN.id), undefined);
    assert.ok(Date.now() - t0 < 5000);
    assert.equal(warnings.length, 3, "one per look-up kind");
    assert.match(warnings[0], /unreachable/);
    assert.match(warnings[0], /User\.Read\.All/);
    assert.equal(graph.hits.length, 0);
  });

  it("Graph down: undefined, no throw", async () => {
    const g = await FakeGraph.start(TENANTS, (t) => entra.introspect(t));
    const deadUrl = g.url;
    await g.close();
    const dir = directory({ GRAPH_BASE_URL: `${deadUrl}/v1.0` });
    assert.equal(await dir.userByEmail(TENANT, ERIN.mail), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /Graph is unreachable/);
  });

  it("a directory that hangs holds a look-up no longer than GRAPH_TIMEOUT_MS in all", async () => {
    const hanging = { appToken: () => new Promise<string>(() => {}), tokenOnBehalfOf: () => new Promise<string>(() => {}) };
    const dir = new GraphDirectory(graphConfig({ GRAPH_TIMEOUT_MS: "300" }), { tokens: hanging, warn: (l) => warnings.push(l) });
    const t0 = Date.now();
    assert.equal(await dir.userByEmail(TENANT, ERIN.mail), undefined);
    assert.ok(Date.now() - t0 < 1500);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /no answer within 300 ms/);
  });

  it("exchanges a user's token on-behalf-of for a Graph token", async () => {
    const tokens = new MsalTokenProvider(graphConfig());
    const userToken = entra.mint({ tid: TENANT, oid: ERIN.id });
    const obo = await tokens.tokenOnBehalfOf(userToken);
    assert.equal(entra.introspect(obo)?.oid, ERIN.id);
    assert.equal(entra.tokenCalls.at(-1)?.grantType, "urn:ietf:params:oauth:grant-type:jwt-bearer");
    assert.equal(entra.tokenCalls.at(-1)?.assertion, userToken);
  });

  describe("end to end: an emailed request's sender becomes their Entra account", () => {
    let svc: TestService;
    before(async () => {
      svc = await startService({ demo: true, env: env() });
    });
    after(() => svc?.close());

    it("POST /api/requests/from-email files it under the sender's oid, and it shows in their /api/me/requests", async () => {
      const agent = await svc.token("ben");
      const internetMessageId = `<${randomUUID()}@contoso.example>`;
      const res = await svc.call("POST", "/api/requests/from-email", {
        token: agent,
        body: { internetMessageId, subject: "VPN drops every hour", body: "Since Monday.", from: { name: "Erin", email: "erin@contoso.example" }, department: "IT" },
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.request.requester.id, ERIN.id);
      assert.equal(res.body.request.requester.email, "erin@contoso.example");

      const erin = await svc.token({ userId: ERIN.id, name: ERIN.displayName, email: ERIN.mail, tenantId: TENANT });
      const mine = await svc.call("GET", "/api/me/requests", { token: erin });
      assert.equal(mine.status, 200, mine.text);
      const items = (mine.body.items ?? mine.body) as Array<{ id: string }>;
      assert.ok(items.some((r) => r.id === res.body.request.id), `${res.body.request.id} in ${JSON.stringify(items.map((r) => r.id))}`);
      // Even signed in under another address, the account finds it.
      const erinElsewhere = await svc.token({ userId: ERIN.id, name: ERIN.displayName, email: "e.example@contoso.example", tenantId: TENANT });
      const mine2 = await svc.call("GET", "/api/me/requests", { token: erinElsewhere });
      assert.ok(((mine2.body.items ?? mine2.body) as Array<{ id: string }>).some((r) => r.id === res.body.request.id));
    });

    it("an unknown sender stays under their address; a Graph refusal files the request all the same", async () => {
      const agent = await svc.token("ben");
      const unknown = await svc.call("POST", "/api/requests/from-email", {
        token: agent,
        body: { internetMessageId: `<${randomUUID()}@fabrikam.example>`, subject: "Invoice", body: "Hi", from: { name: "Vendor", email: "vendor@fabrikam.example" }, department: "IT" },
      });
      assert.equal(unknown.status, 201, unknown.text);
      assert.equal(unknown.body.request.requester.id, "mail:vendor@fabrikam.example");

      const warn = sinon.stub(console, "warn");
      try {
        graph.deny.add("users");
        const refused = await svc.call("POST", "/api/requests/from-email", {
          token: agent,
          body: { internetMessageId: `<${randomUUID()}@contoso.example>`, subject: "Printer", body: "Jammed", from: { name: "Max", email: MAX.mail }, department: "IT" },
        });
        assert.equal(refused.status, 201, refused.text);
        assert.equal(refused.body.request.requester.id, `mail:${MAX.mail}`);
        assert.equal(warn.callCount, 1);
        assert.match(String(warn.firstCall.args[0]), /User\.Read\.All/);
      } finally {
        warn.restore();
      }
    });
  });
});
