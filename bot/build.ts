/**
 * Bundles the service (bot/index.ts and what it imports from bot/ and shared/) into
 * dist/service.js and its chunks, with source maps, so production runs plain `node` with no TypeScript
 * loader. `npm run build` runs it; bot/deploy-package.ts builds the same bundle into a package.
 */
import { build, type Metafile } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The bundle's place relative to the app's root. bot/config.ts and bot/static.ts find the data
 * folder, bot/public and the web builds at `<folder of the running module>/..`: from bot/*.ts
 * and from dist/service.js alike that is the root, so the bundle must stay one folder deep.
 */
export const SERVICE_BUNDLE = path.join("dist", "service.js");

/** What the service's chunks are called in dist/: beside the entry, at its depth (see SERVICE_BUNDLE). */
const CHUNK_PREFIX = "service-";

export async function buildService(opts: { root?: string; quiet?: boolean } = {}): Promise<{ file: string; bytes: number; metafile: Metafile }> {
  const outdir = path.join(opts.root ?? ROOT, path.dirname(SERVICE_BUNDLE));
  const result = await build({
    entryPoints: { [path.basename(SERVICE_BUNDLE, ".js")]: path.join(ROOT, "bot", "service-entry.ts") },
    outdir,
    // The rest of the service is its own chunk, loaded after telemetry has started (service-entry.ts).
    splitting: true,
    chunkNames: `${CHUNK_PREFIX}[hash]`,
    bundle: true,
    platform: "node",
    format: "esm",
    // The oldest Node the tests run on; production runs the LTS named in package.json's engines.
    target: "node20",
    // Every npm package stays in node_modules: OpenTelemetry instruments a package when Node
    // loads it, which a copy inside the bundle would never be; and a deploy installs them anyway.
    packages: "external",
    sourcemap: "linked",
    // `node --enable-source-maps` needs the mappings only; the sources would double the files.
    sourcesContent: false,
    // Readable names in stack traces and logs (class names are used in messages).
    keepNames: true,
    legalComments: "none",
    logLevel: "warning",
    metafile: true,
    // Written here, then renamed into place: a running `npm start` never loads a half-written file.
    write: false,
  });
  fs.mkdirSync(outdir, { recursive: true });
  const written = new Set<string>();
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, file.contents);
    fs.renameSync(tmp, file.path);
    written.add(path.basename(file.path));
  }
  // Chunks of earlier builds (their names carry a hash of their content).
  for (const name of fs.readdirSync(outdir)) {
    if (name.startsWith(CHUNK_PREFIX) && /\.js(\.map)?$/.test(name) && !written.has(name)) fs.rmSync(path.join(outdir, name));
  }
  const file = path.join(outdir, path.basename(SERVICE_BUNDLE));
  const bytes = result.outputFiles.filter((f) => f.path.endsWith(".js")).reduce((n, f) => n + f.contents.length, 0);
  if (!opts.quiet) console.log(`service: built ${path.relative(process.cwd(), file)} and its chunks (${Math.round(bytes / 1024)} KB)`);
  return { file, bytes, metafile: result.metafile! };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildService();
}
