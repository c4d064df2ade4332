import fs from "node:fs";
import path from "node:path";

/**
 * What a running Tandem writes in its data folder while it owns it (embedded storage), and
 * removes once it has stopped cleanly. Found at start, it means the previous run did not end
 * cleanly; its pids tell whether that run's Azurite is still alive (orphaned) or in use.
 */
export interface RunRecord {
  servicePid: number;
  azuritePid?: number;
  azuritePort?: number;
  startedAt: string;
}

export class RunLock {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, "tandem-run.json");
  }

  /** The record a previous run left, if any (an unreadable one counts as left by an unclean stop). */
  read(): RunRecord | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
    try {
      const r = JSON.parse(text) as RunRecord;
      if (Number.isInteger(r.servicePid)) return r;
    } catch {
      /* half-written by a process that was killed */
    }
    return { servicePid: 0, startedAt: "" };
  }

  /** Writes the record aside and renames it in place, so a reader never sees half of it. */
  write(r: RunRecord): void {
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(r, null, 2) + "\n");
    fs.renameSync(tmp, this.file);
  }

  remove(): void {
    fs.rmSync(this.file, { force: true });
  }
}
