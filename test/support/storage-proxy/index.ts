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
  figures(): Promise<Figures>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), "main.ts");

/** Starts the proxy (its own process) in front of the TableEndpoint of `connectionString`. */
export async function startStorageProxy(connectionString: string): Promise<StorageProxy> {
  const endpoint = /TableEndpoint=(http:\/\/[^;]+)/.exec(connectionString)?.[1];
  if (!endpoint) throw new Error("the connection string names no http TableEndpoint");
  const target = new URL(endpoint);
  const child: ChildProcess = spawn(process.execPath, ["--no-deprecation", "--import", "tsx", MAIN, target.host], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`the storage proxy exited (${code})`)));
  });
  process.once("exit", () => child.kill("SIGKILL"));
  const base = `http://127.0.0.1:${port}`;
  const records = async () => (await (await fetch(`${base}/__recorder/records`)).json()) as CallRecord[];
  return {
    connectionString: connectionString.replace(endpoint, `${base}${target.pathname}`),
    records,
    figures: async () => summarize(await records()),
    reset: async () => void (await fetch(`${base}/__recorder/reset`, { method: "POST" })),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
