/**
 * `npm start`'s service as a real child process (bot/index.ts), for tests of what happens
 * when processes stop: signals, kills, restarts on the same data folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { SERVICE_BUNDLE } from "../../bot/build.ts";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../bot/storage/azurite.ts";
import { findAzurites } from "../../bot/storage/processes.ts";
import { httpClient, type HttpClient } from "./service.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ServiceProcess extends HttpClient {
  child: ChildProcess;
  pid: number;
  /** Everything it printed on stdout so far. */
  stdout(): string;
  /** Everything it printed on stderr so far. */
  stderr(): string;
  /** Resolves when it has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Signals its whole process group, as a terminal's Ctrl-C does (npm, node and their children). */
  signalGroup(signal: NodeJS.Signals): void;
}

const started = new Set<ServiceProcess>();
const dataDirs = new Set<string>();

/**
 * Starts bot/index.ts on a free port with its data in `dataDir` and resolves once /healthz
 * answers. `env` adds to (or, with "", removes from) a clean environment: no demo data, no
 * scheduler, and no storage connection string unless given. `compiled`: the esbuild bundle
 * (dist/service.js, as `npm start` and App Service run it; build it first) instead of tsx.
 */
export async function spawnService(dataDir: string, env: Record<string, string> = {}, opts: { compiled?: boolean } = {}): Promise<ServiceProcess> {
  const port = await freePort();
  const base: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DEMO_DATA: "0",
    SCHEDULER_INTERVAL_MS: "0",
    SUMMARY_INTERVAL_MS: "0",
    AZURE_STORAGE_CONNECTION_STRING: undefined,
    AUTH_MODE: undefined,
    ENTRA_CLIENT_ID: undefined,
    PUBLIC_URL: undefined,
  };
  for (const [k, v] of Object.entries(env)) base[k] = v === "" ? undefined : v;
  // Its own process group (detached), so a test can signal the group the way a terminal does.
  const args = opts.compiled ? ["--enable-source-maps", "--no-deprecation", SERVICE_BUNDLE] : ["--no-deprecation", "--import", "tsx", "bot/index.ts"];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: base as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const svc: ServiceProcess = {
    ...httpClient(url),
    child,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    exited,
    signalGroup: (signal) => process.kill(-child.pid!, signal),
  };
  started.add(svc);
  dataDirs.add(dataDir);
  let ended = false;
  void exited.then(() => (ended = true));
  for (;;) {
    if (ended) throw new Error(`bot/index.ts ended before it was ready.\nstdout:\n${out}\nstderr:\n${err}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return svc;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Kills every service started here and every Azurite left on their data folders (after hooks). */
export async function killSpawned(): Promise<void> {
  for (const svc of started) {
    if (svc.child.exitCode === null && svc.child.signalCode === null) {
      try {
        process.kill(-svc.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
      await svc.exited;
    }
  }
  started.clear();
  for (const dir of dataDirs) {
    for (const az of findAzurites(path.join(dir, "azurite"))) {
      try {
        process.kill(az.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  }
  dataDirs.clear();
}
