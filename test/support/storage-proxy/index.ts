import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { summarize, type CallRecord, type Figures } from "./recorder.ts";

export type { CallRecord, Figures };
export { summarize };

/** A counting proxy in front of a Table service endpoint: storage calls as the wire saw them. */
export interface StorageProxy {
  /** The target's connection string with its TableEndpoint pointed at the proxy. */
  connectionString: string;
  records(): Promise<CallRecord[]>;
  /** Queries without a PartitionKey equality since the proxy started (`reset` keeps them), from the `from`-th on. */
  unkeyed(from?: number): Promise<CallRecord[]>;
  figures(): Promise<Figures>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Each running proxy's account endpoint -> the connection string it forwards to. */
const forwards = new Map<string, string>();

/**
 * The connection string that reaches `endpoint`'s storage without any proxy of this process in
 * between (undefined when `endpoint` is no proxy): for tests that look behind the service's back.
 */
export function directConnectionString(endpoint: string): string | undefined {
  let conn = forwards.get(endpoint);
  for (let hops = 0; conn && hops < 10; hops++) {
    const next = forwards.get(/TableEndpoint=(http:\/\/[^;]+)/.exec(conn)?.[1] ?? "");
    if (!next) break;
    conn = next;
  }
  return conn;
}

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), "main.ts");

export interface ProxyOptions {
  /** Keep only the queries without a PartitionKey equality (for a whole test run). */
  unkeyedOnly?: boolean;
  /**
   * Answer queries as Azure may: pages of 1 to 3 entities and, now and then, an empty page with
   * a continuation token. A number seeds the choices (default 1).
   */
  shortPages?: boolean | number;
}

/** Starts the proxy (its own process) in front of the TableEndpoint of `connectionString`. */
export async function startStorageProxy(connectionString: string, options: ProxyOptions = {}): Promise<StorageProxy> {
  const endpoint = /TableEndpoint=(http:\/\/[^;]+)/.exec(connectionString)?.[1];
  if (!endpoint) throw new Error("the connection string names no http TableEndpoint");
  const target = new URL(endpoint);
  const flags = [
    ...(options.unkeyedOnly ? ["--unkeyed-only"] : []),
    ...(options.shortPages ? [`--short-pages=${options.shortPages === true ? 1 : options.shortPages}`] : []),
  ];
  const child: ChildProcess = spawn(process.execPath, ["--no-deprecation", "--import", "tsx", MAIN, target.host, ...flags], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`the storage proxy exited (${code})`)));
  });
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  const base = `http://127.0.0.1:${port}`;
  const mine = `${base}${target.pathname}`;
  forwards.set(mine, connectionString);
  const records = async () => (await (await fetch(`${base}/__recorder/records`)).json()) as CallRecord[];
  return {
    connectionString: connectionString.replace(endpoint, mine),
    records,
    unkeyed: async (from = 0) => (await (await fetch(`${base}/__recorder/unkeyed?from=${from}`)).json()) as CallRecord[],
    figures: async () => summarize(await records()),
    reset: async () => void (await fetch(`${base}/__recorder/reset`, { method: "POST" })),
    stop: () =>
      new Promise<void>((resolve) => {
        process.off("exit", kill);
        forwards.delete(mine);
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
