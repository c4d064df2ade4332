/**
 * Telemetry (issue 13, deliverable 2), end to end: the real service as a child process with
 * APPLICATIONINSIGHTS_CONNECTION_STRING pointing at an ingestion stand-in on loopback; a request
 * filed over HTTP must reach it as a request span, a storage dependency, the
 * `tandem.requests.filed` metric and log records. Without the setting: JSON lines on stdout.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { attributesOf } from "../../bot/telemetry/azure-monitor.ts";
import { log, setLogOutput } from "../../bot/telemetry/log.ts";
import { createDepartment } from "../support/api.ts";
import { FakeConnector } from "../support/bot-connector.ts";
import { FakeEntra } from "../support/fake-entra.ts";
import { FakeGraph } from "../support/fake-graph.ts";
import { personal, TeamsClient } from "../support/teams.ts";
import { IngestionStandIn, type Envelope } from "../support/ingestion-stand-in.ts";
import { buildService } from "../../bot/build.ts";
import { killSpawned, spawnService, type ServiceProcess } from "../support/service-process.ts";
import { TENANT, uniquePrefix } from "../support/service.ts";

/** The app registration the service calls Graph as, and a person of the directory. */
const GRAPH_APP = { id: "11111111-2222-4333-8444-555555555555", secret: "fake-secret-value" };
const ERIN = { id: "0e1a1a1a-0000-4000-8000-00000000e001", displayName: "Erin Example", mail: "erin@contoso.example", userPrincipalName: "erin@contoso.example" };

/** The exporters' schedules, short, so a test waits for telemetry in under a second or two. */
const FAST_EXPORT = {
  OTEL_METRIC_EXPORT_INTERVAL: "300",
  OTEL_BSP_SCHEDULE_DELAY: "100",
  OTEL_BLRP_SCHEDULE_DELAY: "100",
  // Every trace kept (the distro's default keeps 5 a second: the POST could be left out).
  OTEL_TRACES_SAMPLER: "always_on",
  // The exporter's own usage reports go to Microsoft's endpoints: none from a test.
  APPLICATION_INSIGHTS_NO_STATSBEAT: "true",
  APPLICATIONINSIGHTS_SDKSTATS_DISABLED: "true",
};

describe("telemetry", function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  const dataDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), "tandem-telemetry-"));
    dirs.push(d);
    return d;
  };
  const storage = () => ({ AZURE_STORAGE_CONNECTION_STRING: process.env.TANDEM_TEST_STORAGE!, TABLE_PREFIX: uniquePrefix() });

  after(async () => {
    await killSpawned();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  describe("with APPLICATIONINSIGHTS_CONNECTION_STRING", () => {
    let ingestion: IngestionStandIn;
    let connector: FakeConnector;
    let entra: FakeEntra;
    let graph: FakeGraph;
    let svc: ServiceProcess;
    let filed: { id: string };

    before(async () => {
      ingestion = await IngestionStandIn.start();
      connector = await FakeConnector.start();
      // A local Entra ID and Graph: emailed requests look their sender up in the directory.
      entra = await FakeEntra.start({ clientId: GRAPH_APP.id, clientSecret: GRAPH_APP.secret });
      graph = await FakeGraph.start({ [TENANT]: { users: [ERIN] } }, (t) => entra.introspect(t));
      // The compiled service, as production runs it: a bundle could load the instrumented
      // packages before telemetry starts (bot/service-entry.ts is what keeps the order).
      await buildService({ quiet: true });
      svc = await spawnService(
        dataDir(),
        {
          ...storage(),
          ...FAST_EXPORT,
          SCHEDULER_INTERVAL_MS: "200",
          OUTBOX_INTERVAL_MS: "0",
          AUTH_MODE: "dev",
          ENTRA_CLIENT_ID: GRAPH_APP.id,
          ENTRA_CLIENT_SECRET: GRAPH_APP.secret,
          ENTRA_AUTHORITY_HOST: entra.url,
          GRAPH_BASE_URL: `${graph.url}/v1.0`,
          APPLICATIONINSIGHTS_CONNECTION_STRING: ingestion.connectionString, NODE_EXTRA_CA_CERTS: ingestion.caFile,
        },
        { compiled: true },
      );
      await createDepartment(svc, "OPS", { agents: [{ id: "demo-ben", name: "Ben Okafor" }] });
      const dana = await svc.token("dana");
      const res = await svc.call("POST", "/api/requests", { token: dana, body: { department: "OPS", title: "VPN drops every hour" } });
      assert.equal(res.status, 201, res.text);
      filed = res.body;
    });
    after(async () => {
      await killSpawned();
      await ingestion?.stop();
      await connector?.close();
      await graph?.close();
      await entra?.close();
    });

    it("sends a request span for the POST that filed it, with its URL and status", async () => {
      const span = await ingestion.waitFor("request span for POST /api/requests", (s) =>
        s.ofKind("Request").find((e) => /^POST\b/.test(e.data.baseData.name) && e.data.baseData.url?.endsWith("/api/requests")),
      );
      assert.equal(String(span.data.baseData.responseCode), "201");
      assert.equal(span.data.baseData.success, true);
      assert.ok(span.tags?.["ai.operation.id"], "the span carries its trace (operation) id");
      assert.equal(span.data.baseData.name, "POST /api/requests", "named by its route, not the bare method");
    });

    it("names a request span by the route's pattern: no request id in the operation name", async () => {
      const res = await svc.call("GET", `/api/requests/${filed.id}`, { token: await svc.token("dana") });
      assert.equal(res.status, 200, res.text);
      const span = await ingestion.waitFor("request span for GET /api/requests/:id", (s) =>
        s.ofKind("Request").find((e) => e.data.baseData.url?.endsWith(`/api/requests/${filed.id}`)),
      );
      assert.equal(span.data.baseData.name, "GET /api/requests/:id");
    });

    it("sends the storage call the POST made as a dependency of that request", async () => {
      const request = await ingestion.waitFor("request span", (s) => s.ofKind("Request").find((e) => e.data.baseData.url?.endsWith("/api/requests") && /^POST\b/.test(e.data.baseData.name)));
      const operation = request.tags!["ai.operation.id"];
      const storageCall = (e: Envelope) => /Tables?|127\.0\.0\.1/i.test(`${e.data.baseData.type} ${e.data.baseData.target} ${e.data.baseData.name}`);
      const dep = await ingestion.waitFor("storage dependency in the POST's operation", (s) =>
        s.ofKind("RemoteDependency").find((e) => e.tags?.["ai.operation.id"] === operation && storageCall(e)),
      );
      assert.ok(dep.data.baseData.duration, "a dependency has a duration");
      assert.match(String(dep.data.baseData.target ?? ""), /127\.0\.0\.1|localhost/, "it names the storage endpoint it called");
    });

    it("sends the tandem.requests.filed metric with the department and the source", async () => {
      const point = await ingestion.waitFor("tandem.requests.filed", (s) => s.metric("tandem.requests.filed").find((p) => p.properties.department === "OPS"));
      assert.equal(point.value, 1);
      assert.equal(point.properties.source, "api");
    });

    it("sends the scheduler's pass time and the outbox depth", async () => {
      const pass = await ingestion.waitFor("tandem.scheduler.pass.duration", (s) => s.metric("tandem.scheduler.pass.duration").find((p) => p.properties.outcome === "ok"));
      assert.ok(pass.count! >= 1 && pass.value >= 0, JSON.stringify(pass));
      const depth = await ingestion.waitFor("tandem.outbox.depth", (s) => s.metric("tandem.outbox.depth")[0]);
      assert.equal(depth.value, 0, "nothing failed to post, so nothing waits");
    });

    it("sends the Teams notices, delivered and refused, as tandem.notices.* and the Bot Connector calls as dependencies", async () => {
      const teams = new TeamsClient(svc, connector);
      const [dana, hugo] = [personal("demo-dana"), personal("demo-hugo")];
      for (const [user, where] of [["demo-dana", dana], ["demo-hugo", hugo]] as const) assert.equal((await teams.install(user, where)).status < 300, true);
      connector.fail(hugo.conversationId, { status: 503, code: "ServiceUnavailable" });
      const ben = await svc.token("ben");
      const hugoFiled = await svc.call("POST", "/api/requests", { token: await svc.token("hugo"), body: { department: "OPS", title: "Badge reader" } });
      for (const id of [filed.id, hugoFiled.body.id]) {
        const res = await svc.call("POST", `/api/requests/${id}/actions`, { token: ben, body: { action: "take" } });
        assert.equal(res.status, 200, res.text);
      }
      await connector.waitFor((calls) => calls.some((c) => c.conversationId === dana.conversationId), "Dana told Ben took it");

      const sent = await ingestion.waitFor("tandem.notices.sent", (s) => s.metric("tandem.notices.sent")[0]);
      assert.ok(sent.value >= 1, JSON.stringify(sent));
      const failed = await ingestion.waitFor("tandem.notices.failed", (s) => s.metric("tandem.notices.failed").find((p) => p.properties.reason === "passing"));
      assert.ok(failed.value >= 1, JSON.stringify(failed));
      const port = new URL(connector.url).port;
      const post = await ingestion.waitFor("the Bot Connector POST as a dependency", (s) =>
        s.ofKind("RemoteDependency").find((e) => String(e.data.baseData.target ?? "").includes(`:${port}`) && String(e.data.baseData.resultCode) === "200"),
      );
      assert.ok(post.data.baseData.duration, "a dependency has a duration");
      await ingestion.waitFor("the refused POST as a failed dependency", (s) =>
        s.ofKind("RemoteDependency").find((e) => String(e.data.baseData.target ?? "").includes(`:${port}`) && String(e.data.baseData.resultCode) === "503" && e.data.baseData.success === false),
      );
    });

    it("sends Microsoft Graph and Entra ID calls (made with fetch) as dependencies of the request that made them", async () => {
      const res = await svc.call("POST", "/api/requests/from-email", {
        token: await svc.token("ben"),
        body: { internetMessageId: "<telemetry-1@contoso.example>", subject: "Printer", body: "Jammed.", from: { name: "Erin", email: ERIN.mail }, department: "OPS" },
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.request.requester.id, ERIN.id, "the sender was found in the directory");
      const request = await ingestion.waitFor("request span for the email", (s) => s.ofKind("Request").find((e) => e.data.baseData.url?.endsWith("/api/requests/from-email")));
      const operation = request.tags!["ai.operation.id"];
      const named = (name: RegExp) => (s: IngestionStandIn) =>
        s.ofKind("RemoteDependency").find((e) => e.tags?.["ai.operation.id"] === operation && name.test(e.data.baseData.name));
      const lookup = await ingestion.waitFor("the Graph lookup", named(/^GET \/v1\.0\/users\//));
      assert.equal(String(lookup.data.baseData.resultCode), "200");
      assert.equal(lookup.data.baseData.name, "GET /v1.0/users/:address", "the sender's address is not in the span");
      assert.doesNotMatch(JSON.stringify(lookup), /contoso|erin/i, "nor anywhere else in it");
      const token = await ingestion.waitFor("the Entra token request", named(/^POST \/[^/]+\/oauth2\/v2\.0\/token$/));
      assert.equal(String(token.data.baseData.resultCode), "200");
    });

    it("names no person by address in any span, even where the address is a storage key (a sender outside the directory)", async () => {
      const res = await svc.call("POST", "/api/requests/from-email", {
        token: await svc.token("ben"),
        body: { internetMessageId: "<telemetry-2@fabrikam.example>", subject: "Invoice", body: "Hi", from: { name: "Vendor", email: "vendor.one@fabrikam.example" }, department: "OPS" },
      });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.request.requester.id, "mail:vendor.one@fabrikam.example", "filed under the address");
      // The notifier looks the requester's chat up under their id (here, their address).
      await ingestion.waitFor("the requester's conversation lookup, with the address taken out", (s) =>
        s.ofKind("RemoteDependency").find((d) => /Conversations\(PartitionKey=':address'/.test(d.data.baseData.name)),
      );
      const everything = JSON.stringify(ingestion.ofKind("RemoteDependency")) + JSON.stringify(ingestion.ofKind("Request"));
      assert.doesNotMatch(everything, /vendor\.one|erin@|erin%40/i);
    });

    it("sends the service's log lines as log records", async () => {
      const record = await ingestion.waitFor("log record", (s) => s.ofKind("Message").find((e) => /Tandem is running/.test(e.data.baseData.message)));
      assert.equal(record.data.baseData.severityLevel, "Information");
      assert.ok(filed.id, "and the request it filed is real");
    });
  });

  describe("the log lines, in this process", () => {
    const lines: string[] = [];
    before(() => setLogOutput((_level, line) => lines.push(line), { text: false }));
    after(() => setLogOutput());
    beforeEach(() => (lines.length = 0));

    it("are one JSON object per line: time, level, the message trimmed, then the fields", () => {
      log.warn("\n[tandem bot] u1 is gone: reference removed\n", { target: "t|u1", attempts: 2 });
      assert.equal(lines.length, 1);
      assert.ok(!lines[0]!.includes("\n"), "one line");
      const entry = JSON.parse(lines[0]!);
      assert.equal(entry.level, "warn");
      assert.equal(entry.message, "[tandem bot] u1 is gone: reference removed");
      assert.equal(entry.target, "t|u1");
      assert.equal(entry.attempts, 2);
      assert.ok(Math.abs(Date.parse(entry.time) - Date.now()) < 60_000);
    });

    it("keep what an error holds (name, message, status, stack) and survive a cycle", () => {
      const err = Object.assign(new Error("The specified resource does not exist."), { statusCode: 404 });
      const cyclic: Record<string, unknown> = { name: "a" };
      cyclic.self = cyclic;
      log.error("unexpected error", { error: err, cyclic });
      const entry = JSON.parse(lines[0]!);
      assert.equal(entry.error.message, "The specified resource does not exist.");
      assert.equal(entry.error.statusCode, 404);
      assert.match(entry.error.stack, /telemetry\.test\.ts/);
      assert.equal(entry.cyclic.self, "[circular]");
    });

    it("become record attributes Application Insights can show: an error as an exception with its stack", () => {
      const err = new TypeError("boom");
      const attrs = attributesOf("notification failed", { error: err, target: "t|u1", attempts: 3, extra: { a: 1 } });
      assert.equal(attrs["exception.type"], "TypeError");
      assert.equal(attrs["exception.message"], "boom");
      assert.match(String(attrs["exception.stacktrace"]), /TypeError: boom/);
      assert.equal(attrs.message, "notification failed", "the sentence stays beside the exception");
      assert.equal(attrs.target, "t|u1");
      assert.equal(attrs.attempts, 3);
      assert.equal(attrs.extra, '{"a":1}');
    });
  });

  describe("without it", () => {
    it("writes one JSON object per line (stdout, and stderr for warnings and errors), each with time, level and message", async () => {
      const svc = await spawnService(dataDir(), { ...storage(), APPLICATIONINSIGHTS_CONNECTION_STRING: "" });
      svc.signalGroup("SIGTERM");
      await svc.exited;
      const lines = svc.stdout().split("\n").filter((l) => l.trim());
      assert.ok(lines.length >= 3, `it said something:\n${svc.stdout()}`);
      lines.push(...svc.stderr().split("\n").filter((l) => l.trim()));
      for (const line of lines) {
        let entry: Record<string, unknown>;
        assert.doesNotThrow(() => (entry = JSON.parse(line)), `not JSON: ${line}`);
        assert.equal(typeof entry!.message, "string", line);
        assert.ok(["info", "warn", "error"].includes(entry!.level as string), line);
        assert.ok(!Number.isNaN(Date.parse(entry!.time as string)), line);
      }
      assert.ok(lines.some((l) => /Tandem is running/.test(JSON.parse(l).message)));
    });

    it("refuses a connection string that is not one, with a sentence that says what to copy", async () => {
      await assert.rejects(
        spawnService(dataDir(), { ...storage(), APPLICATIONINSIGHTS_CONNECTION_STRING: "https://example.invalid/not-a-connection-string" }),
        (err: Error) => {
          assert.match(err.message, /APPLICATIONINSIGHTS_CONNECTION_STRING has no InstrumentationKey/);
          assert.match(err.message, /Overview page/);
          return true;
        },
      );
    });
  });
});
