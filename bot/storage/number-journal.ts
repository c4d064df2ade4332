import fs from "node:fs";
import path from "node:path";
import type { NumberFloor } from "./request-store.ts";
import { log } from "../telemetry/log.ts";

interface Entry {
  tenantId: string;
  department: string;
  n: number;
}

/** Rewrite the file once it holds this many lines more than it has departments. */
const COMPACT_AFTER = 10_000;

/**
 * Tandem's own record of the highest request number handed out per department, for the
 * embedded Azurite, which keeps its tables in memory and saves them every 5 s: a kill loses
 * the last seconds, and with them the counter, so the next start would give IT-42 again to a
 * new request while people have already seen the lost IT-42 in Teams. This file survives
 * that loss (a line is appended after each commit, before anyone is told the number), and
 * the counter is never read lower than it.
 *
 * One JSON line per commit; compacted to one line per department on open and as it grows.
 * No fsync: it guards against the storage process dying, not the machine (a power cut loses
 * Azurite's own unsaved seconds and this file's together, so no number it saved is reused).
 */
export class NumberJournal implements NumberFloor {
  private readonly highest = new Map<string, Entry>();
  private fd: number;
  private lines = 0;

  private constructor(private readonly file: string) {
    this.load();
    this.compact();
    this.fd = fs.openSync(file, "a");
  }

  /** Opens (creating if needed) the journal in `dir`, compacting it. */
  static open(dir: string): NumberJournal {
    fs.mkdirSync(dir, { recursive: true });
    return new NumberJournal(path.join(dir, "request-numbers.jsonl"));
  }

  floor(tenantId: string, department: string): number {
    return this.highest.get(key(tenantId, department))?.n ?? 0;
  }

  allocated(tenantId: string, department: string, n: number): void {
    const k = key(tenantId, department);
    if ((this.highest.get(k)?.n ?? 0) >= n) return;
    const entry = { tenantId, department, n };
    this.highest.set(k, entry);
    try {
      fs.writeSync(this.fd, JSON.stringify(entry) + "\n");
      if (++this.lines > this.highest.size + COMPACT_AFTER) {
        fs.closeSync(this.fd);
        this.compact();
        this.fd = fs.openSync(this.file, "a");
      }
    } catch (err) {
      // The request is stored: failing it now would only make its caller file it twice.
      log.error(`[tandem] could not record ${department}-${n} in ${this.file} (${String(err)}); after an unclean stop that number might be given again.`);
    }
  }

  /** The highest number handed out in each department, e.g. for "the last ones were IT-42, HR-7". */
  last(): Entry[] {
    return [...this.highest.values()];
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      /* closed already */
    }
  }

  private load(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    for (const line of text.split("\n")) {
      let e: Entry;
      try {
        e = JSON.parse(line);
      } catch {
        continue; // an empty line, or the half-written last one of a killed process
      }
      if (typeof e?.tenantId !== "string" || typeof e.department !== "string" || !Number.isInteger(e.n)) continue;
      const k = key(e.tenantId, e.department);
      if ((this.highest.get(k)?.n ?? 0) < e.n) this.highest.set(k, { tenantId: e.tenantId, department: e.department, n: e.n });
    }
  }

  /** Rewrites the file with one line per department: written aside, synced, then renamed over it. */
  private compact(): void {
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, "w");
    try {
      fs.writeSync(fd, [...this.highest.values()].map((e) => JSON.stringify(e) + "\n").join(""));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    this.lines = this.highest.size;
  }
}

const key = (tenantId: string, department: string) => `${tenantId}\n${department}`;
