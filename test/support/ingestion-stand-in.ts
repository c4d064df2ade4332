import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import restify from "restify";

/** One Breeze telemetry item as the Azure Monitor exporter sends it. */
export interface Envelope {
  /** e.g. Microsoft.ApplicationInsights.Request, .RemoteDependency, .Metric, .Message, .Exception */
  name: string;
  time: string;
  iKey?: string;
  tags?: Record<string, string>;
  data: { baseType: string; baseData: Record<string, any> };
}

const INSTRUMENTATION_KEY = "0f0e0d0c-0b0a-4909-8807-060504030201";

/**
 * Application Insights' ingestion endpoint on loopback (the Breeze track protocol the Azure
 * Monitor exporter speaks): `POST /v2.1/track` (and `/v2/track`) with a JSON array of envelopes,
 * or newline-separated envelopes, gzip'd or not (the exporter compresses only towards Azure's own
 * hosts). It answers as Breeze does, 200 `{itemsReceived, itemsAccepted, errors: []}`, and
 * keeps every envelope. Any other call (live metrics, the exporter's settings) gets an empty 200.
 *
 * Over https with a certificate for 127.0.0.1 made at start (openssl): the exporter turns any
 * http IngestionEndpoint into https. The service trusts it through NODE_EXTRA_CA_CERTS=`caFile`.
 * On restify, as the service: restify patches node:http for the whole process.
 */
export class IngestionStandIn {
  readonly envelopes: Envelope[] = [];
  /** Bodies it could not read, with why: a test fails on them rather than wait in vain. */
  readonly rejected: string[] = [];
  url = "";

  private constructor(
    private readonly server: restify.Server,
    private readonly dir: string,
  ) {}

  /** The stand-in's certificate (PEM): pass it to the service as NODE_EXTRA_CA_CERTS. */
  get caFile(): string {
    return path.join(this.dir, "cert.pem");
  }

  static async start(): Promise<IngestionStandIn> {
    const dir = mkdtempSync(path.join(tmpdir(), "tandem-ingestion-"));
    try {
      execFileSync("openssl", [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
      ], { stdio: "pipe" });
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`the ingestion stand-in needs openssl to make its loopback certificate: ${(err as Error).message}`);
    }
    const server = restify.createServer({
      name: "ingestion-stand-in",
      certificate: readFileSync(path.join(dir, "cert.pem")),
      key: readFileSync(path.join(dir, "key.pem")),
    });
    const standIn = new IngestionStandIn(server, dir);
    const track = async (req: restify.Request, res: restify.Response) => {
      const items = await standIn.read(req);
      if (!items) {
        res.send(400, { itemsReceived: 0, itemsAccepted: 0, errors: [{ index: 0, statusCode: 400, message: "unreadable body" }] });
        return;
      }
      standIn.envelopes.push(...items);
      res.send(200, { itemsReceived: items.length, itemsAccepted: items.length, errors: [] });
    };
    server.pre((req: restify.Request, res: restify.Response, next: restify.Next) => {
      if (/^\/v2(\.1)?\/track\/?(\?|$)/.test(req.url ?? "")) return next();
      res.send(200, {});
      return next(false);
    });
    server.post("/v2.1/track", track);
    server.post("/v2/track", track);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    standIn.url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
    return standIn;
  }

  /** A connection string that sends everything (telemetry and live metrics) here. */
  get connectionString(): string {
    return `InstrumentationKey=${INSTRUMENTATION_KEY};IngestionEndpoint=${this.url}/;LiveEndpoint=${this.url}/`;
  }

  /** Envelopes of one kind (`Request`, `RemoteDependency`, `Metric`, `Message`, `Exception`). */
  ofKind(kind: string): Envelope[] {
    return this.envelopes.filter((e) => e.name === `Microsoft.ApplicationInsights.${kind}` || e.name.endsWith(`.${kind}`));
  }

  /** Metric points named `name` (each with its properties, the metric's attributes). */
  metric(name: string): Array<{ value: number; count?: number; properties: Record<string, string> }> {
    return this.ofKind("Metric").flatMap((e) =>
      (e.data.baseData.metrics as Array<{ name: string; value: number; count?: number }>)
        .filter((m) => m.name === name)
        .map((m) => ({ value: m.value, count: m.count, properties: e.data.baseData.properties ?? {} })),
    );
  }

  /**
   * Polls until `find` returns something (the exporters send on their own schedule) and
   * returns it; after `ms` it throws, naming what did arrive.
   */
  async waitFor<T>(what: string, find: (s: IngestionStandIn) => T | undefined, ms = 15_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      if (this.rejected.length) throw new Error(`the stand-in could not read what it was sent: ${this.rejected.join("; ")}`);
      const found = find(this);
      if (found !== undefined && found !== false) return found;
      if (Date.now() > until) {
        const kinds = [...new Set(this.envelopes.map((e) => e.name))].join(", ") || "nothing";
        throw new Error(`no ${what} arrived within ${ms} ms (received: ${kinds})`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async read(req: restify.Request): Promise<Envelope[] | undefined> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    try {
      if (/gzip/i.test(String(req.headers["content-encoding"] ?? ""))) body = await promisify(gunzip)(body);
      const text = body.toString("utf8").trim();
      const items: unknown = text.startsWith("[") ? JSON.parse(text) : text.split(/\r?\n/).filter(Boolean).map((l) => JSON.parse(l));
      if (!Array.isArray(items) || !items.every((e) => e && typeof e.name === "string" && e.data?.baseType)) throw new Error("not a list of envelopes");
      return items as Envelope[];
    } catch (err) {
      this.rejected.push(`${req.url}: ${(err as Error).message}`);
      return undefined;
    }
  }
}
