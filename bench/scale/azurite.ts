/**
 * The scale benchmark's Azurite: in memory on loopback, by default with
 * bench/scale/azurite-indexes.cjs loaded so that it finds entities by key as Azure does
 * (SCALE_AZURITE=stock: as shipped). See that file for why.
 */
import { fileURLToPath } from "node:url";
import { startAzurite, type Azurite } from "../../bot/storage/azurite.ts";

export type AzuriteMode = "indexed" | "stock";

const PATCH = fileURLToPath(new URL("./azurite-indexes.cjs", import.meta.url));

export async function startBenchAzurite(mode: AzuriteMode): Promise<Azurite> {
  if (mode === "stock") return startAzurite();
  // Azurite inherits this process's environment when it is spawned: add the preload for that moment only.
  const before = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${before ? before + " " : ""}--require ${JSON.stringify(PATCH)}`;
  try {
    return await startAzurite();
  } finally {
    if (before === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = before;
  }
}
