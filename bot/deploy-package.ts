/**
 * `npm run package:service [-- --out <file>]`
 *
 * Writes the service's deploy zip (default dist/tandem-service.zip) for App Service's zip
 * deploy: the bundle (dist/service.js and its chunks, bot/build.ts), what it reads at run time
 * (bot/public, the built tab and add-in), and node_modules with the production dependencies only, installed
 * from the lockfile (`npm ci --omit=dev`). Its package.json's start script is plain `node`,
 * which is what App Service runs. The web apps must be built first (the npm script does).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { Zip, type ZipInputFile } from "fflate";
import { buildService, SERVICE_BUNDLE } from "./build.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_SERVICE_ZIP = path.join(ROOT, "dist", "tandem-service.zip");

/** The start command inside the package: the bundle under plain Node (App Service runs `npm start`). */
export const PACKAGE_START = `node --enable-source-maps --no-deprecation ${SERVICE_BUNDLE.split(path.sep).join("/")}`;

/** Folders the service serves or reads at run time, relative to the root; each must exist. */
const RUNTIME_DIRS = ["bot/public", "teams-app/dist", "addin/dist"];

/** Build leftovers of the web apps the service never serves (esbuild's metafile). */
const LEFT_OUT = new Set(["meta.json"]);

/** The zip format's code for deflate. */
const DEFLATE = 8;

export class DeployPackageError extends Error {}

export async function buildDeployPackage(opts: { out?: string; quiet?: boolean } = {}): Promise<{ file: string; entries: number; bytes: number }> {
  const out = path.resolve(opts.out ?? DEFAULT_SERVICE_ZIP);
  for (const dir of RUNTIME_DIRS) {
    if (!fs.existsSync(path.join(ROOT, dir, "index.html"))) {
      throw new DeployPackageError(`${dir} is not built: run \`npm run build\` first (npm run package:service does).`);
    }
  }
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-service-package-"));
  try {
    await buildService({ root: stage, quiet: true });
    for (const dir of RUNTIME_DIRS) {
      fs.cpSync(path.join(ROOT, dir), path.join(stage, dir), { recursive: true, filter: (src) => !LEFT_OUT.has(path.basename(src)) });
    }
    installProductionDependencies(stage, opts.quiet);
    pruneForRuntime(path.join(stage, "node_modules"));
    const entries = await zipFolder(stage, out);
    const bytes = fs.statSync(out).size;
    if (!opts.quiet) console.log(`service: wrote ${path.relative(process.cwd(), out)} (${entries} files, ${(bytes / 1048576).toFixed(1)} MB)`);
    return { file: out, entries, bytes };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * `npm ci --omit=dev` from this checkout's lockfile, so the package holds exactly the versions
 * the tests ran with; then package.json keeps only what production needs. Install scripts are
 * skipped: none of the production packages needs one (restify's optional dtrace-provider would
 * compile for this machine, not for App Service).
 */
function installProductionDependencies(stage: string, quiet?: boolean) {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
  fs.copyFileSync(path.join(ROOT, "package.json"), path.join(stage, "package.json"));
  fs.copyFileSync(path.join(ROOT, "package-lock.json"), path.join(stage, "package-lock.json"));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const run = spawnSync(npm, ["ci", "--omit=dev", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: stage,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    shell: process.platform === "win32",
  });
  if (run.status !== 0) throw new DeployPackageError(`npm ci --omit=dev failed (exit ${run.status ?? run.signal}):\n${run.stderr || run.stdout}`);
  if (!quiet && run.stdout.trim()) console.log(run.stdout.trim());
  const { name, version, private: priv, description, type, engines, dependencies } = manifest;
  fs.writeFileSync(
    path.join(stage, "package.json"),
    JSON.stringify({ name, version, private: priv, description, type, engines, scripts: { start: PACKAGE_START }, dependencies }, null, 2) + "\n",
  );
  // The lockfile also pins the development packages the package.json above no longer names;
  // node_modules/.package-lock.json records what was installed.
  fs.rmSync(path.join(stage, "package-lock.json"));
}

/**
 * Removes from the installed packages what Node never loads: type declarations and source maps
 * (over half the files). The zip format fflate writes (no ZIP64) holds at most 65,535 entries,
 * and the production packages alone come to ~68,000 files.
 */
function pruneForRuntime(dir: string) {
  for (const rel of filesUnder(dir)) {
    if (/\.d\.[cm]?ts$|\.map$/.test(rel)) fs.rmSync(path.join(dir, rel));
  }
}

/** The most entries a zip without ZIP64 holds: past it, the count wraps and unzippers see a fraction. */
const ZIP_MAX_ENTRIES = 65_535;

/** Every regular file under `dir` (symbolic links, i.e. node_modules/.bin, are left out), sorted. */
function filesUnder(dir: string, rel = ""): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...filesUnder(dir, p));
    else if (entry.isFile()) found.push(p);
  }
  return found.sort();
}

/**
 * Zips `dir` into `out` one file at a time (node_modules is too large to hold at once). Node's
 * own deflate compresses (about twice as fast as fflate's, and smaller); fflate writes the
 * archive around the compressed data.
 */
async function zipFolder(dir: string, out: string): Promise<number> {
  const files = filesUnder(dir);
  if (files.length > ZIP_MAX_ENTRIES) {
    throw new DeployPackageError(`The package would hold ${files.length} files; a zip without ZIP64 holds at most ${ZIP_MAX_ENTRIES}. Leave more of node_modules out (pruneForRuntime).`);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, "w");
  try {
    await new Promise<void>((resolve, reject) => {
      const zip = new Zip((err, chunk, final) => {
        if (err) return reject(err);
        fs.writeSync(fd, chunk);
        if (final) resolve();
      });
      for (const rel of files) {
        const data = fs.readFileSync(path.join(dir, rel));
        const entry: ZipInputFile = { filename: rel, size: data.length, crc: zlib.crc32(data), compression: DEFLATE };
        zip.add(entry);
        entry.ondata!(null, zlib.deflateRawSync(data, { level: 6 }), true);
      }
      zip.end();
    });
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, out);
  return files.length;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf("--out");
  try {
    await buildDeployPackage({ out: at > 0 ? process.argv[at + 1] : undefined });
  } catch (err) {
    if (!(err instanceof DeployPackageError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
