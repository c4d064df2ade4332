import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import net from "node:net";
import fs from "node:fs";
import path from "node:path";

/** The well-known Azurite development account (public, documented by Microsoft). */
const DEV_ACCOUNT = "devstoreaccount1";
const DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface AzuriteOptions {
  /** Folder for its data; omitted: in memory (tests). */
  location?: string;
  host?: string;
  port?: number;
  /** Called when Azurite ends without being asked to (killed, crashed): its unsaved writes are gone. */
  onCrash?: (how: string) => void;
}

/** A running Azurite (table and blob services in one process), started and owned by this process. */
export interface Azurite {
  /** Both endpoints: TableEndpoint and BlobEndpoint. */
  connectionString: string;
  /** The table service's port. */
  port: number;
  blobPort: number;
  pid: number;
  /**
   * Asks Azurite to save and stop, and waits for it. On disk it is never killed while it
   * saves: false if it is still running after `timeoutMs` (it goes on saving on its own).
   */
  stop(timeoutMs?: number): Promise<boolean>;
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

export function azuriteConnectionString(host: string, port: number, blobPort?: number): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
    `TableEndpoint=http://${host}:${port}/${DEV_ACCOUNT};` +
    (blobPort ? `BlobEndpoint=http://${host}:${blobPort}/${DEV_ACCOUNT};` : "")
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

/**
 * Azurite's entry for all its services (table, blob and queue in one process: attachments
 * live in Blob Storage), or undefined when azurite is not installed: it is a development
 * dependency, absent from a production install (`npm ci --omit=dev`).
 */
export function azuriteMain(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve("azurite/dist/src/azurite.js");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
    throw err;
  }
}

interface Ports {
  table: number;
  blob: number;
  /** Unused by Tandem, but Azurite's one-process entry always starts its queue service. */
  queue: number;
}

function launch(host: string, ports: Ports, location?: string): ChildProcess {
  const main = azuriteMain();
  if (!main) throw new Error("azurite is not installed (it is a development dependency: npm install)");
  const args = [
    main,
    ...["--tableHost", host, "--tablePort", String(ports.table)],
    ...["--blobHost", host, "--blobPort", String(ports.blob)],
    ...["--queueHost", host, "--queuePort", String(ports.queue)],
    ...["--silent", "--skipApiVersionCheck", "--disableTelemetry"],
  ];
  if (!location) {
    args.push("--inMemoryPersistence");
    // The IPC channel carries the "shutdown" message stop() sends.
    return spawn(process.execPath, args, { stdio: ["ignore", "ignore", "ignore", "ipc"] });
  }
  fs.mkdirSync(location, { recursive: true });
  args.push("--location", location);
  // Its output goes to a file, not a pipe: a pipe breaks if this process dies, and Azurite
  // would then crash on its next line instead of keeping (and later saving) its data.
  const log = fs.openSync(path.join(location, "azurite.log"), "w");
  try {
    // Detached (its own process group): a terminal's Ctrl-C reaches only the service, which
    // stops taking writes first and then asks Azurite to save; a second Ctrl-C can no longer
    // kill Azurite half-way through its save.
    return spawn(process.execPath, args, { stdio: ["ignore", log, log, "ipc"], detached: true, windowsHide: true });
  } finally {
    fs.closeSync(log);
  }
}

/** Starts Azurite's table and blob services on loopback and resolves once they accept connections. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? (await freePort(host));
  // Kept across restart() like the table port: a connection string handed out stays valid.
  const ports: Ports = { table: port, blob: await freePort(host), queue: await freePort(host) };
  const onDisk = !!options.location;
  const stopping = new WeakSet<ChildProcess>();
  let child: ChildProcess | undefined;
  // Never leave Azurite behind, however this process ends (even while it is still loading).
  // On disk it is asked to save and stop (detached, it finishes on its own); in memory there
  // is nothing to save.
  process.once("exit", () => {
    if (!child || stopping.has(child)) return;
    stopping.add(child);
    child.kill(onDisk ? "SIGINT" : "SIGKILL");
  });
  const start = async () => {
    const c = launch(host, ports, options.location);
    child = c;
    c.once("exit", (code, signal) => {
      if (!stopping.has(c)) options.onCrash?.(signal ? `killed by ${signal}` : `exit code ${code}`);
    });
    // On disk it first reads its whole database: ~1 s per 25 MB here (a pilot's 20,000 requests: ~3 s).
    // The table service starts last (after blob and queue): its port open means all serve.
    await waitForPort(host, port, c, onDisk ? 180_000 : 15_000).catch((err: Error) => {
      stopping.add(c);
      c.kill("SIGKILL");
      const log = options.location ? readLog(options.location) : "";
      throw new Error(err.message + (log ? `:\n${log}` : ""));
    });
    return c;
  };
  await start();

  const stopChild = (c: ChildProcess, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve(true);
      c.once("exit", () => resolve(true));
      if (stopping.has(c)) return;
      stopping.add(c);
      // "shutdown" (or SIGINT) is Azurite's graceful close: it stops serving, then saves its
      // database. Sent once only: Azurite handles the first and dies on a second, even
      // mid-save. SIGTERM or SIGKILL lose the writes since its last autosave (up to 5 s).
      if (c.connected) {
        c.send("shutdown");
        c.disconnect();
      } else {
        c.kill("SIGINT");
      }
      const timer = setTimeout(() => {
        if (onDisk) resolve(false);
        else c.kill("SIGKILL");
      }, onDisk ? timeoutMs : 3000);
      timer.unref();
    });

  return {
    connectionString: azuriteConnectionString(host, port, ports.blob),
    port,
    blobPort: ports.blob,
    get pid() {
      return child!.pid!;
    },
    stop: (timeoutMs = 120_000) => stopChild(child!, timeoutMs),
    restart: async () => {
      await start();
    },
  };
}

function readLog(location: string): string {
  try {
    return fs.readFileSync(path.join(location, "azurite.log"), "utf8").trim().slice(-2000);
  } catch {
    return "";
  }
}
