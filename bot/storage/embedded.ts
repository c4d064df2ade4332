import fs from "node:fs";
import path from "node:path";
import { azuriteMain, startAzurite, type Azurite } from "./azurite.ts";
import { NumberJournal } from "./number-journal.ts";
import { findAzurites, isAlive, portOpen, waitForExit, type AzuriteProcess } from "./processes.ts";
import type { NumberFloor } from "./request-store.ts";
import { RunLock, type RunRecord } from "./run-lock.ts";

/** The embedded storage cannot start safely; the message says what to do. */
export class EmbeddedStorageError extends Error {}

/** `npm start`'s own storage: Azurite on disk, owned by this process, and the guards around it. */
export interface EmbeddedStorage {
  connectionString: string;
  location: string;
  port: number;
  /** Request numbers handed out before (kept by Tandem itself), never to be given again. */
  numberFloor: NumberFloor;
  /** What the person starting Tandem must know about how the previous run ended (empty after a clean stop). */
  notice: string[];
  /** Has Azurite save and stop; true once it has, and the run is then marked as stopped cleanly. */
  stop(): Promise<boolean>;
}

/** How long a save is waited for (Azurite writes its whole database at once: large ones take seconds). */
const SAVE_WAIT_MS = 120_000;

/**
 * Starts Azurite on `dataDir`/azurite after making sure the folder is not in use, saving the
 * data of an Azurite a killed previous run left behind, and reporting an unclean stop.
 */
export async function startEmbeddedStorage(dataDir: string, opts: { onCrash: (how: string) => void }): Promise<EmbeddedStorage> {
  // Checked before the data folder is touched: a production install has nothing to start.
  if (!azuriteMain()) {
    throw new EmbeddedStorageError("no AZURE_STORAGE_CONNECTION_STRING and no embedded Azurite (a production install): set the connection string");
  }
  // A fresh clone has no data folder yet.
  fs.mkdirSync(dataDir, { recursive: true });
  const location = path.join(dataDir, "azurite");
  const lock = new RunLock(dataDir);
  const previous = lock.read();
  const notice: string[] = [];

  const orphan = checkNotInUse(location, dataDir, lock, previous);
  if (orphan) {
    console.log(
      `The previous run of Tandem (process ${previous!.servicePid}) was killed, but its storage (Azurite, process ${orphan.pid}) ` +
        `was still running with the latest changes in memory: asking it to save them and stop…`,
    );
    await stopOrphan(orphan, previous!);
    notice.push(
      `The previous run did not stop cleanly, but its storage had kept running: it has now saved everything, so no acknowledged change was lost.`,
    );
  }

  lock.write({ servicePid: process.pid, startedAt: new Date().toISOString() });
  const journal = NumberJournal.open(dataDir);
  if (previous && !orphan) notice.push(...uncleanNotice(journal));

  let azurite: Azurite;
  try {
    azurite = await startAzurite({ location, onCrash: opts.onCrash });
  } catch (err) {
    journal.close();
    lock.remove();
    throw err;
  }
  lock.write({ servicePid: process.pid, azuritePid: azurite.pid, azuritePort: azurite.port, startedAt: new Date().toISOString() });

  return {
    connectionString: azurite.connectionString,
    location,
    port: azurite.port,
    numberFloor: journal,
    notice,
    async stop() {
      const saved = await azurite.stop(SAVE_WAIT_MS);
      journal.close();
      // Not saved (still saving): the record stays, so the next start waits for this Azurite.
      if (saved) lock.remove();
      return saved;
    },
  };
}

/**
 * Refuses a folder another live Tandem or Azurite uses (two Azurites on one folder overwrite
 * each other's saves), and returns the Azurite a killed previous run left, if any.
 */
function checkNotInUse(location: string, dataDir: string, lock: RunLock, previous: RunRecord | undefined): AzuriteProcess | undefined {
  let orphan: AzuriteProcess | undefined;
  for (const az of findAzurites(location)) {
    if (previous && az.ppid === previous.servicePid && isAlive(previous.servicePid)) {
      throw new EmbeddedStorageError(
        `Tandem is already running on ${dataDir} (process ${previous.servicePid}). Stop it first (Ctrl-C where it runs), or start this one with another DATA_DIR.`,
      );
    }
    // Its service is gone (the Azurite has another parent now) and it is the one that service started.
    if (previous && (previous.azuritePid === undefined || previous.azuritePid === az.pid) && !orphan) {
      orphan = az;
      continue;
    }
    throw new EmbeddedStorageError(
      `Another Azurite (process ${az.pid}) is using ${location}. Stop it first (\`kill -INT ${az.pid}\` lets it save its data), ` +
        `or keep it and point AZURE_STORAGE_CONNECTION_STRING at it.`,
    );
  }
  // Windows: its processes cannot be found by command line, nor stopped gracefully from outside.
  if (process.platform === "win32" && previous?.azuritePid && isAlive(previous.azuritePid)) {
    throw new EmbeddedStorageError(
      `The Azurite of the previous run (process ${previous.azuritePid}) may still be using ${location}. ` +
        `End it (Task Manager), then delete ${lock.file} and start Tandem again.`,
    );
  }
  return orphan;
}

/**
 * Has the orphan save and stop: one SIGINT (Azurite's graceful close) once it serves. Not
 * before: a closed port means it is still loading (nothing unsaved yet, but it will start to
 * serve) or already closing after a SIGINT of its own, and a second one would kill it mid-save.
 */
async function stopOrphan(orphan: AzuriteProcess, previous: RunRecord): Promise<void> {
  const deadline = Date.now() + SAVE_WAIT_MS;
  let signalled = false;
  while (!(await waitForExit(orphan.pid, 100))) {
    if (!signalled && (previous.azuritePort === undefined || (await portOpen("127.0.0.1", previous.azuritePort)))) {
      process.kill(orphan.pid, "SIGINT");
      signalled = true;
    }
    if (Date.now() > deadline) {
      throw new EmbeddedStorageError(
        `The Azurite left by the previous run (process ${orphan.pid}) has not finished saving after ${SAVE_WAIT_MS / 1000} s. ` +
          `Wait for it to end, then start Tandem again.`,
      );
    }
  }
}

function uncleanNotice(journal: NumberJournal): string[] {
  const last = journal.last();
  const tenants = new Set(last.map((e) => e.tenantId));
  const ids = last
    .sort((a, b) => a.department.localeCompare(b.department))
    .map((e) => `${e.department}-${e.n}${tenants.size > 1 ? ` (tenant ${e.tenantId})` : ""}`);
  return [
    "WARNING: the previous run of Tandem did not stop cleanly (it or its storage was killed, or the machine stopped).",
    "  The embedded storage (Azurite) writes its data to disk every 5 seconds, so changes made in the last",
    "  seconds before that stop may be lost: new requests, comments, status changes.",
    ...(ids.length
      ? [`  Request numbers are never given twice: the last ones handed out were ${ids.join(", ")}; a lost request's number stays unused.`]
      : []),
    "  The embedded storage is for trying Tandem out. For real use, set AZURE_STORAGE_CONNECTION_STRING to an",
    "  Azure Storage account (or to an Azurite you run and stop yourself).",
  ];
}
