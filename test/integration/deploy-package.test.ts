import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { buildService } from "../../bot/build.ts";
import { freePort } from "../../bot/storage/azurite.ts";
import { createDepartment } from "../support/api.ts";
import { httpClient, uniquePrefix, type HttpClient } from "../support/service.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The deploy zip (issue 13, deliverable 1): built once by the real packaging script, listed,
 * then unpacked outside the checkout and started the way App Service starts it (its own
 * package.json's start script, plain node, only the packages it carries).
 */
describe("deploy package: the compiled service without development packages", function () {
  this.timeout(60_000);
  let work: string;
  let entries: string[];
  let app: string;
  let manifest: { scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies?: unknown };
  const children = new Set<ReturnType<typeof spawn>>();

  before(async function () {
    // npm ci of the production packages (~50 s here) and a zip of ~64,000 files: once per run.
    this.timeout(600_000);
    work = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-deploy-test-"));
    const zip = path.join(work, "tandem-service.zip");
    await promisify(execFile)(process.execPath, ["--no-deprecation", "--import", "tsx", "bot/deploy-package.ts", "--out", zip], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    app = path.join(work, "app");
    const files = unzipSync(fs.readFileSync(zip));
    entries = Object.keys(files).sort();
    for (const [name, data] of Object.entries(files)) {
      const file = path.join(app, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, data);
    }
    manifest = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"));
  });

  afterEach(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await new Promise((r) => child.once("exit", r));
      }
    }
    children.clear();
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** Starts the package's own start script with a clean environment (no NODE_OPTIONS, no NODE_PATH). */
  function startPackage(env: Record<string, string>) {
    const [node, ...args] = manifest.scripts.start!.split(" ");
    assert.equal(node, "node");
    const child = spawn(process.execPath, args, {
      cwd: app,
      env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", DEMO_DATA: "0", SCHEDULER_INTERVAL_MS: "0", SUMMARY_INTERVAL_MS: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let out = "";
    let err = "";
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, exited, stdout: () => out, stderr: () => err };
  }

  it("holds the bundle, what it serves, and a package.json whose start is plain node", () => {
    assert.ok(entries.some((e) => /^dist\/service-\w+\.js$/.test(e)), "the service's chunks are in the package");
    for (const file of [
      "dist/service.js",
      "dist/service.js.map",
      "package.json",
      "bot/public/index.html",
      "bot/public/chat.js",
      "teams-app/dist/index.html",
      "teams-app/dist/app.js",
      "addin/dist/index.html",
      "addin/dist/auth.html",
      "node_modules/restify/package.json",
      "node_modules/botbuilder/package.json",
      "node_modules/@azure/data-tables/package.json",
      "node_modules/adaptivecards/dist/adaptivecards.min.js",
    ]) {
      assert.ok(entries.includes(file), `${file} is in the package`);
    }
    assert.match(manifest.scripts.start!, /^node [^]*dist\/service\.js$/);
    assert.doesNotMatch(manifest.scripts.start!, /tsx|--import|--loader/);
    assert.deepEqual(Object.keys(manifest.scripts), ["start"]);
    assert.equal(manifest.devDependencies, undefined);
    const ours = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.deepEqual(manifest.dependencies, ours.dependencies);
  });

  it("holds no development package: none the lockfile marks dev, none of ours by name", () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([p, v]) => p && v.dev).map(([p]) => `${p}/`);
    assert.ok(devOnly.length > 100, "the lockfile marks the development packages");
    const found = devOnly.filter((dir) => fs.existsSync(path.join(app, dir)));
    assert.deepEqual(found, [], "development packages inside node_modules");
    for (const name of ["azurite", "tsx", "esbuild", "mocha", "typescript", "playwright-core", "sinon", "react", "@fluentui/react-components", "@types/mocha", "@types/react", "@types/sinon"]) {
      assert.ok(!fs.existsSync(path.join(app, "node_modules", name)), `${name} is not in the package`);
    }
  });

  it("starts telemetry before any npm package loads: the entry's static imports reach none, its dynamic import the rest", async () => {
    const { metafile } = await buildService({ root: path.join(work, "bundle-check"), quiet: true });
    const outputs = Object.fromEntries(Object.entries(metafile.outputs).map(([f, o]) => [path.resolve(f), o]));
    const entry = Object.keys(outputs).find((f) => outputs[f]!.entryPoint?.endsWith("bot/service-entry.ts"));
    assert.ok(entry, "the bundle's entry is bot/service-entry.ts");
    /** npm packages a chunk loads, following static imports only (what runs before the chunk's own code). */
    const packagesBefore = (file: string, seen = new Set<string>()): string[] => {
      if (seen.has(file)) return [];
      seen.add(file);
      return outputs[file]!.imports.flatMap((i) => {
        if (i.kind !== "import-statement") return [];
        if (i.external) return i.path.startsWith("node:") ? [] : [i.path];
        return packagesBefore(path.resolve(i.path), seen);
      });
    };
    assert.deepEqual(packagesBefore(entry), []);
    const later = outputs[entry]!.imports.filter((i) => i.kind === "dynamic-import").flatMap((i) => packagesBefore(path.resolve(i.path)));
    for (const name of ["restify", "botbuilder", "@azure/data-tables"]) assert.ok(later.includes(name), `${name} loads after telemetry`);
  });

  it("holds no TypeScript source of ours, no test/ and no bench/", () => {
    const ours = entries.filter((e) => !e.startsWith("node_modules/"));
    assert.deepEqual(ours.filter((e) => /\.(ts|tsx|mts|cts)$/.test(e)), []);
    assert.deepEqual(ours.filter((e) => /^(test|bench|shared)\//.test(e) || (e.startsWith("bot/") && !e.startsWith("bot/public/"))), []);
    // esbuild's metafile names every source file; the service never serves it.
    assert.deepEqual(ours.filter((e) => e.endsWith("meta.json")), []);
  });

  it("runs with plain node from the unpacked package on the test storage: health, start page, a request filed", async () => {
    // Nothing outside the package can lend it a development package (the unpacked folder is outside the checkout).
    assert.throws(() => createRequire(path.join(app, "package.json")).resolve("tsx"), { code: "MODULE_NOT_FOUND" });
    const port = await freePort();
    const svc = startPackage({
      PORT: String(port),
      AZURE_STORAGE_CONNECTION_STRING: process.env.TANDEM_TEST_STORAGE!,
      TABLE_PREFIX: uniquePrefix(),
      DATA_DIR: path.join(work, "data-run"),
    });
    const api: HttpClient = httpClient(`http://127.0.0.1:${port}`);
    let ended = false;
    void svc.exited.then(() => (ended = true));
    while (!(await fetch(`${api.url}/healthz`).then((r) => r.ok, () => false))) {
      assert.ok(!ended, `the package's service ended before it was ready:\n${svc.stdout()}\n${svc.stderr()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(svc.stdout(), /Storage: the account in AZURE_STORAGE_CONNECTION_STRING/);

    const health = await api.call("GET", "/healthz");
    assert.equal(health.status, 200);
    const start = await api.call("GET", "/");
    assert.equal(start.status, 200);
    assert.match(start.headers.get("content-type") ?? "", /^text\/html/);
    assert.match(start.text, /Tandem/);
    const tab = await api.call("GET", "/tab/");
    assert.equal(tab.status, 200, "the built tab is served from the package");

    await createDepartment(api, "IT");
    const filed = await api.call("POST", "/api/requests", { token: await api.token("dana"), body: { department: "IT", title: "Laptop will not start" } });
    assert.equal(filed.status, 201, filed.text);
    assert.equal(filed.body.department, "IT");
    assert.equal(svc.stderr(), "", "nothing on stderr");
  });

  it("without a connection string and without azurite installed: the clear message, a non-zero exit, no stack trace", async () => {
    const dataDir = path.join(work, "data-none");
    const svc = startPackage({ PORT: String(await freePort()), DATA_DIR: dataDir });
    const code = await svc.exited;
    assert.notEqual(code, 0);
    // Not at a terminal, the service logs JSON lines (bot/telemetry/log.ts): errors on stderr.
    const lines = (svc.stdout() + "\n" + svc.stderr()).split("\n").filter((l) => l.trim());
    const records = lines.map((l) => JSON.parse(l) as { level: string; message: string });
    assert.deepEqual(
      records.filter((r) => r.level === "error").map((r) => r.message),
      ["no AZURE_STORAGE_CONNECTION_STRING and no embedded Azurite (a production install): set the connection string"],
    );
    assert.doesNotMatch(svc.stdout() + svc.stderr(), /\bat .*:\d+:\d+|"stack"/, "no stack trace");
    assert.ok(!fs.existsSync(dataDir), "the data folder is not touched");
  });
});
