import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/** A running Azurite found by its command line. */
export interface AzuriteProcess {
  pid: number;
  /** Its parent now: the Tandem that started it, or whoever adopted it once that one died. */
  ppid: number;
}

/**
 * Azurite processes whose `--location` is `location`, found by command line (not by a
 * recorded pid alone, which the OS may have given to another program since).
 * Linux reads /proc; macOS and other Unixes ask `ps`; Windows finds none.
 */
export function findAzurites(location: string): AzuriteProcess[] {
  const want = path.resolve(location);
  const matches = (argv: string[]) => {
    const i = argv.indexOf("--location");
    return i > 0 && argv.some((a) => /azurite/i.test(a)) && path.resolve(argv[i + 1] ?? "") === want;
  };
  if (fs.existsSync("/proc/self/stat")) {
    const out: AzuriteProcess[] = [];
    for (const name of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
      try {
        const argv = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
        if (!matches(argv)) continue;
        out.push({ pid: Number(name), ppid: procPpid(Number(name)) });
      } catch {
        /* it ended while we looked */
      }
    }
    return out;
  }
  if (process.platform === "win32") return [];
  try {
    const text = execFileSync("ps", ["-axww", "-o", "pid=,ppid=,command="], { encoding: "utf8" });
    return text
      .split("\n")
      .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => !!m && matches(m[3]!.split(/\s+/)))
      .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]) }));
  } catch {
    return [];
  }
}

function procPpid(pid: number): number {
  // Field 4 of /proc/<pid>/stat; the command name before it is in parentheses and may hold spaces.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Resolves true once `pid` has ended, false if it still runs after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && !isZombie(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** An ended child its parent has not reaped yet still answers kill(pid, 0). */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** True when something accepts TCP connections on host:port. */
export function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, host);
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => {
      sock.destroy();
      resolve(false);
    });
  });
}
