/**
 * The counting proxy, as its own process (restify patches Node's http in the service's
 * process, so no raw http server may run there): forwards every call to the Table service
 * and records it. `GET /__recorder/records` answers what was recorded since the last
 * `POST /__recorder/reset`; `GET /__recorder/unkeyed?from=N` the queries without a PartitionKey
 * equality since the start (a reset never clears them), from the N-th on. Prints `listening <port>` once ready.
 *
 *   node --import tsx test/support/storage-proxy/main.ts <target host:port> [options]
 *
 * --unkeyed-only     keep only unkeyed queries (a whole test run goes through: memory stays flat)
 * --short-pages=SEED answer queries the way Azure may: pages of 1 to 3 entities, and now and then
 *                    an empty page with a continuation token (SEED makes the choices repeatable)
 */
import http from "node:http";
import { classify, entitiesIn, type CallRecord } from "./recorder.ts";
import { ShortPages } from "./short-pages.ts";

const [targetHost, targetPort] = (process.argv[2] ?? "").split(":");
if (!targetHost || !targetPort) {
  console.error("usage: main.ts <target host:port> [--unkeyed-only] [--short-pages=SEED]");
  process.exit(2);
}
const flags = process.argv.slice(3);
const unkeyedOnly = flags.includes("--unkeyed-only");
const seed = flags.find((f) => f.startsWith("--short-pages="))?.split("=")[1];
const shortPages = seed === undefined ? undefined : new ShortPages(Number(seed));

let records: CallRecord[] = [];
const unkeyed: CallRecord[] = [];
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function record(r: CallRecord) {
  if (r.kind === "query" && !r.keyed) unkeyed.push(r);
  if (!unkeyedOnly) records.push(r);
}

const server = http.createServer((req, res) => {
  if (req.url?.startsWith("/__recorder/")) {
    const asked = new URL(req.url, "http://proxy");
    if (req.method === "POST" && asked.pathname === "/__recorder/reset") records = [];
    const from = Number(asked.searchParams.get("from")) || 0;
    const body = JSON.stringify(req.method !== "GET" ? { ok: true } : asked.pathname === "/__recorder/unkeyed" ? unkeyed.slice(from) : records);
    res.writeHead(200, { "Content-Type": "application/json" }).end(body);
    return;
  }
  const started = performance.now();
  const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
  const what = classify(req.method ?? "GET", url);
  const purpose = typeof req.headers["x-tandem-purpose"] === "string" ? { purpose: req.headers["x-tandem-purpose"] } : {};
  let path = req.url ?? "/";
  if (shortPages && what.kind === "query") {
    let plan;
    try {
      plan = shortPages.plan(url);
    } catch (err) {
      res.writeHead(400, { "Content-Type": "application/json" }).end(JSON.stringify({ "odata.error": { code: "InvalidInput", message: { value: String(err) } } }));
      req.resume();
      return;
    }
    if (plan.empty) {
      // Azure's answer to a scan that found nothing in its time budget: no entities, go on.
      res.writeHead(200, {
        "Content-Type": "application/json;odata=minimalmetadata;streaming=true;charset=utf-8",
        "x-ms-version": String(req.headers["x-ms-version"] ?? "2019-02-02"),
        "x-ms-continuation-NextPartitionKey": plan.empty.nextPartitionKey,
        "x-ms-continuation-NextRowKey": plan.empty.nextRowKey,
      });
      res.end(JSON.stringify({ "odata.metadata": `${url.origin}${url.pathname.split("/").slice(0, 2).join("/")}/$metadata#${what.table}`, value: [] }));
      record({ ...what, ...purpose, entities: 0, bytesIn: 0, bytesOut: 0, ms: performance.now() - started, status: 200 });
      req.resume();
      return;
    }
    path = plan.path;
  }
  let bytesIn = 0;
  const upstream = http.request(
    { host: targetHost, port: Number(targetPort), method: req.method, path, headers: { ...req.headers, host: `${targetHost}:${targetPort}` }, agent },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      const chunks: Buffer[] = [];
      up.on("data", (c: Buffer) => {
        chunks.push(c);
        res.write(c);
      });
      up.on("end", () => {
        res.end();
        const body = Buffer.concat(chunks);
        const status = up.statusCode ?? 502;
        record({ ...what, ...purpose, entities: entitiesIn(what.kind, status, what.kind === "query" ? body.toString("utf8") : ""), bytesIn, bytesOut: body.length, ms: performance.now() - started, status });
      });
    },
  );
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.on("data", (c: Buffer) => (bytesIn += c.length));
  req.pipe(upstream);
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => process.exit(0));
