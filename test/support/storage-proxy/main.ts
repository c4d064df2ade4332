/**
 * The counting proxy, as its own process (restify patches Node's http in the service's
 * process, so no raw http server may run there): forwards every call to the Table service
 * and records it. `GET /__recorder/records` answers what was recorded since the last
 * `POST /__recorder/reset`. Prints `listening <port>` once ready.
 *
 *   node --import tsx test/support/storage-proxy/main.ts <target host:port>
 */
import http from "node:http";
import { classify, entitiesIn, type CallRecord } from "./recorder.ts";

const [targetHost, targetPort] = (process.argv[2] ?? "").split(":");
if (!targetHost || !targetPort) {
  console.error("usage: main.ts <target host:port>");
  process.exit(2);
}

let records: CallRecord[] = [];
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const server = http.createServer((req, res) => {
  if (req.url?.startsWith("/__recorder/")) {
    if (req.method === "POST" && req.url === "/__recorder/reset") records = [];
    const body = JSON.stringify(req.method === "GET" ? records : { ok: true });
    res.writeHead(200, { "Content-Type": "application/json" }).end(body);
    return;
  }
  const started = performance.now();
  const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
  const what = classify(req.method ?? "GET", url);
  let bytesIn = 0;
  const upstream = http.request(
    { host: targetHost, port: Number(targetPort), method: req.method, path: req.url, headers: { ...req.headers, host: `${targetHost}:${targetPort}` }, agent },
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
        records.push({ ...what, entities: entitiesIn(what.kind, status, what.kind === "query" ? body.toString("utf8") : ""), bytesIn, bytesOut: body.length, ms: performance.now() - started, status });
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
