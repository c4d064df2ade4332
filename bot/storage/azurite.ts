import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import net from "node:net";
import fs from "node:fs";

/** The well-known Azurite development account (public, documented by Microsoft). */
const DEV_ACCOUNT = "devstoreaccount1";
const DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface AzuriteOptions {
  /** Folder for its data; omitted: in memory (tests). */
  location?: string;
  host?: string;
  port?: number;
}

/** A running Azurite table service, started and owned by this process. */
export interface Azurite {
  connectionString: string;
  port: number;
  stop(): Promise<void>;
  /** Simulates an outage (tests): stops the process but keeps the port for a restart. */
  restart?: () => Promise<void>;
}

/** Asks the OS for a free TCP port on loopback (Azurite cannot take port 0 itself). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function azuriteConnectionString(host: string, port: number): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
    `TableEndpoint=http://${host}:${port}/${DEV_ACCOUNT};`
  );
}

function waitForPort(host: string, port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    let exited = false;
    child.once("exit", (code) => {
      exited = true;
      reject(new Error(`Azurite exited (code ${code}) before it was ready`));
    });
    const attempt = () => {
      if (exited) return;
      const sock = net.connect(port, host);
      sock.once("connect", () => {
        sock.destroy();
        resolve();
      });
      sock.once("error", () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`Azurite did not open ${host}:${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

function launch(host: string, port: number, location?: string): ChildProcess {
  const require = createRequire(import.meta.url);
  const main = require.resolve("azurite/dist/src/table/main.js");
  const args = [main, "--tableHost", host, "--tablePort", String(port), "--silent", "--skipApiVersionCheck", "--disableTelemetry"];
  if (location) {
    fs.mkdirSync(location, { recursive: true });
    args.push("--location", location);
  } else {
    args.push("--inMemoryPersistence");
  }
  return spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
}

/** Starts Azurite's table service on loopback and resolves once it accepts connections. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? (await freePort(host));
  let child = launch(host, port, options.location);
  // Never leave an orphan Azurite behind, however this process ends.
  process.once("exit", () => child.kill("SIGKILL"));
  await waitForPort(host, port, child, 15_000);

  const stopChild = (c: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once("exit", () => resolve());
      // SIGINT is Azurite's graceful close: it saves its database (SIGTERM loses the writes
      // since its last autosave, up to 5 s of them).
      c.kill("SIGINT");
      setTimeout(() => c.kill("SIGKILL"), 3000).unref();
    });

  return {
    connectionString: azuriteConnectionString(host, port),
    port,
    stop: () => stopChild(child),
    restart: async () => {
      child = launch(host, port, options.location);
      await waitForPort(host, port, child, 15_000);
    },
  };
}
