import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";
import { ADDIN_ICON_SIZES, decodePng, encodePng, renderIcon, writeAddinIcons } from "../../appPackage/icons.ts";
import { buildPackage, checkIcons, PackageError, parseEnvFile, resolveVariables } from "../../appPackage/package.ts";
import { GUID_RE, validateAddinManifest, validateTeamsManifest } from "../../appPackage/validate.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const HOST = "tandem-test.contoso.example";

const ENV = `# a test environment
TEAMS_APP_ID=6f1c2a0e-3b7d-4c55-9a1e-2d4b8f0c9e11
APP_VERSION=2.0.1
PUBLIC_HOST=${HOST}
ENTRA_CLIENT_ID=2b8e7d44-91c3-4f0a-8e6b-5c1d0a7f3e22
export BOT_ID="9a0d3c55-7e21-4b8f-a6c4-1e3f5b7d9c33"
APP_NAME_SUFFIX=" (test)"
`;

describe("app package (npm run package)", () => {
  let dir: string;
  let envFile: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-package-"));
    envFile = path.join(dir, ".env.test");
    fs.writeFileSync(envFile, ENV);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes a zip with exactly manifest.json, both icons at the right sizes, and the Spanish file", () => {
    const r = buildPackage({ envFile, outDir: path.join(dir, "build") });
    assert.equal(r.env, "test");
    assert.equal(path.basename(r.zip), "appPackage.test.zip");
    const entries = unzipSync(fs.readFileSync(r.zip));
    assert.deepEqual(Object.keys(entries).sort(), ["color.png", "es.json", "manifest.json", "outline.png"]);
    assert.deepEqual(r.files.sort(), Object.keys(entries).sort());
    const color = decodePng(entries["color.png"]!);
    const outline = decodePng(entries["outline.png"]!);
    assert.deepEqual([color.width, color.height], [192, 192]);
    assert.deepEqual([outline.width, outline.height], [32, 32]);
    assert.deepEqual(checkIcons({ color: entries["color.png"]!, outline: entries["outline.png"]! }), []);
  });

  it("fills every placeholder from the env file and the zipped manifest validates against the Teams schema", () => {
    const r = buildPackage({ envFile, outDir: path.join(dir, "build") });
    const text = new TextDecoder().decode(unzipSync(fs.readFileSync(r.zip))["manifest.json"]);
    assert.ok(!text.includes("{{") && !text.includes("}}"), "a placeholder is left");
    const m = JSON.parse(text);
    assert.deepEqual(validateTeamsManifest(m, { host: HOST }), []);
    assert.equal(m.version, "2.0.1");
    assert.equal(m.name.short, "Tandem (test)");
    assert.equal(m.bots[0].botId, "9a0d3c55-7e21-4b8f-a6c4-1e3f5b7d9c33");
    for (const id of [m.id, m.bots[0].botId, m.composeExtensions[0].botId, m.webApplicationInfo.id]) assert.match(id, GUID_RE);
    assert.equal(m.developer.privacyUrl, `https://${HOST}/`, "defaults to the service's home");
    assert.equal(fs.readFileSync(r.manifestJson, "utf8"), text);
  });

  it("writes the filled Outlook XML manifest beside the zip", () => {
    const r = buildPackage({ envFile, outDir: path.join(dir, "build") });
    const xml = fs.readFileSync(r.addinXml, "utf8");
    assert.equal(path.basename(r.addinXml), "addin-manifest.test.xml");
    assert.ok(!xml.includes("{{"));
    assert.ok(xml.includes("<Version>2.0.1.0</Version>"));
    assert.ok(xml.includes(`https://${HOST}/addin/`));
    assert.deepEqual(validateAddinManifest(xml, { host: HOST }), []);
  });

  it("builds the same bytes twice (a fixed date in the zip)", () => {
    const a = fs.readFileSync(buildPackage({ envFile, outDir: path.join(dir, "a") }).zip);
    const b = fs.readFileSync(buildPackage({ envFile, outDir: path.join(dir, "b") }).zip);
    assert.ok(a.equals(b));
  });

  it("variables in the process environment win over the file", () => {
    const r = buildPackage({ envFile, outDir: path.join(dir, "build"), overrides: { PUBLIC_HOST: "tunnel.devtunnels.example", HOME: "/x" } });
    assert.equal(r.manifest.validDomains[0], "tunnel.devtunnels.example");
    assert.equal(r.manifest.staticTabs[0].contentUrl, "https://tunnel.devtunnels.example/tab/?view=mine");
  });

  it("refuses a missing or malformed variable, naming it, and writes nothing", () => {
    fs.writeFileSync(envFile, ENV.replace(/^export BOT_ID.*$/m, "").replace(`PUBLIC_HOST=${HOST}`, `PUBLIC_HOST=https://${HOST}/`).replace("TEAMS_APP_ID=6f1c2a0e", "TEAMS_APP_ID=xyz"));
    const out = path.join(dir, "build");
    assert.throws(
      () => buildPackage({ envFile, outDir: out }),
      (e: unknown) => e instanceof PackageError && /BOT_ID is not set/.test(e.message) && /PUBLIC_HOST must be a host name/.test(e.message) && /TEAMS_APP_ID must be a GUID/.test(e.message),
    );
    assert.ok(!fs.existsSync(out));
  });

  it("refuses an invalid manifest and writes nothing", () => {
    const template = fs.readFileSync(path.join(ROOT, "appPackage/manifest.json"), "utf8").replace('"botId": "${{BOT_ID}}",\n      "scopes"', '"scopes"');
    const out = path.join(dir, "build");
    assert.throws(() => buildPackage({ envFile, outDir: out, manifestTemplate: template }), (e: unknown) => e instanceof PackageError && /botId/.test(e.message));
    assert.throws(
      () => buildPackage({ envFile, outDir: out, manifestTemplate: template.replace("${{APP_VERSION}}", "${{NO_SUCH_VAR}}") }),
      (e: unknown) => e instanceof PackageError && /\$\{\{NO_SUCH_VAR\}\}/.test(e.message),
    );
    const xml = fs.readFileSync(path.join(ROOT, "addin/manifest.xml"), "utf8").replace("</Hosts>", "");
    assert.throws(() => buildPackage({ envFile, outDir: out, addinTemplate: xml }), (e: unknown) => e instanceof PackageError && /addin\/manifest\.xml not well-formed/.test(e.message));
    assert.ok(!fs.existsSync(out));
  });

  it("refuses icons of the wrong size or an outline that is not white on transparent", () => {
    const color = fs.readFileSync(path.join(ROOT, "appPackage/color.png"));
    const outline = fs.readFileSync(path.join(ROOT, "appPackage/outline.png"));
    assert.deepEqual(checkIcons({ color, outline }), []);
    assert.match(checkIcons({ color: encodePng(renderIcon("color", 96)), outline }).join(), /color\.png is 96x96, must be 192x192/);
    assert.match(checkIcons({ color, outline: encodePng(renderIcon("addin", 32)) }).join(), /outline\.png must be white on transparent/);
    assert.match(checkIcons({ color, outline: color }).join(), /outline\.png is 192x192/);
    assert.throws(() => buildPackage({ envFile, outDir: path.join(dir, "build"), icons: { color: outline, outline } }), /color\.png is 32x32/);
  });

  it("the committed icons are the ones icons.ts draws", () => {
    assert.ok(fs.readFileSync(path.join(ROOT, "appPackage/color.png")).equals(encodePng(renderIcon("color", 192))));
    assert.ok(fs.readFileSync(path.join(ROOT, "appPackage/outline.png")).equals(encodePng(renderIcon("outline", 32))));
    const color = decodePng(fs.readFileSync(path.join(ROOT, "appPackage/color.png")));
    const px = (x: number, y: number) => [...color.data.subarray((y * 192 + x) * 4, (y * 192 + x) * 4 + 4)];
    assert.deepEqual(px(2, 2), [0x3b, 0x5b, 0xdb, 255], "accent background, full bleed");
    const outline = decodePng(fs.readFileSync(path.join(ROOT, "appPackage/outline.png")));
    assert.equal(outline.data[3], 0, "transparent corner");
  });

  it("writes every add-in icon either manifest asks for, at its size", () => {
    const r = buildPackage({ envFile, outDir: path.join(dir, "build") });
    const text = fs.readFileSync(r.manifestJson, "utf8") + fs.readFileSync(r.addinXml, "utf8");
    const asked = new Set([...text.matchAll(/\/addin\/assets\/icon-(\d+)\.png/g)].map((m) => Number(m[1])));
    assert.deepEqual([...asked].sort((a, b) => a - b), [16, 32, 64, 80, 128]);
    const files = writeAddinIcons(path.join(dir, "assets"));
    assert.deepEqual(files.map((f) => path.basename(f)), ADDIN_ICON_SIZES.map((s) => `icon-${s}.png`));
    for (const size of asked) {
      const img = decodePng(fs.readFileSync(path.join(dir, "assets", `icon-${size}.png`)));
      assert.deepEqual([img.width, img.height], [size, size]);
      assert.equal(img.data[3], 0, "rounded corner: transparent");
      const mid = ((size >> 1) * size + Math.round(size * 0.08)) * 4;
      assert.deepEqual([...img.data.subarray(mid, mid + 4)], [0x3b, 0x5b, 0xdb, 255], "accent square");
    }
  });

  it("reads dotenv files: comments, quotes, export", () => {
    assert.deepEqual(parseEnvFile('# c\nA=1\nexport B = "two words"\nC=x # note\nD=\'y\'\n\nbad line\n'), { A: "1", B: "two words", C: "x", D: "y" });
    const v = resolveVariables(parseEnvFile(ENV));
    assert.equal(v.DEVELOPER_NAME, "Tandem");
    assert.equal(v.TERMS_URL, `https://${HOST}/`);
  });

  it("npm run package builds the committed dev environment (env/.env.dev) once provisioning has written its ids", function () {
    this.timeout(60_000);
    const out = path.join(dir, "cli");
    // What `atk provision --env dev` writes into env/.env.dev; in the shell they win over the file.
    const provisioned = { TEAMS_APP_ID: "6f1c2a0e-3b7d-4c55-9a1e-2d4b8f0c9e11", PUBLIC_HOST: HOST, ENTRA_CLIENT_ID: "2b8e7d44-91c3-4f0a-8e6b-5c1d0a7f3e22", BOT_ID: "9a0d3c55-7e21-4b8f-a6c4-1e3f5b7d9c33" };
    const stdout = execFileSync(process.execPath, ["--no-deprecation", "--import", "tsx", "appPackage/package.ts", "--env", "dev", "--out", out], {
      cwd: ROOT,
      encoding: "utf8",
      env: { PATH: process.env.PATH, ...provisioned },
    });
    assert.match(stdout, /both manifests valid .*languages: en-us, es/);
    const es = JSON.parse(new TextDecoder().decode(unzipSync(fs.readFileSync(path.join(out, "appPackage.dev.zip")))["es.json"]));
    assert.equal(es["name.short"], "Tandem (dev)", "the language file's placeholders are filled from the same environment");
    assert.deepEqual(fs.readdirSync(out).sort(), ["addin-manifest.dev.xml", "appPackage.dev.zip", "manifest.dev.json"]);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.equal(pkg.scripts.package, "node --no-deprecation --import tsx appPackage/package.ts");
    assert.ok(fs.readFileSync(path.join(ROOT, ".gitignore"), "utf8").split("\n").includes("appPackage/build/"));
  });

  it("the committed dev environment before provisioning: exits 1 naming the missing ids and atk provision", () => {
    const failed = cliFailure(["--env", "dev", "--out", path.join(dir, "o")]);
    assert.match(failed.stderr, /env\/\.env\.dev is incomplete \(`atk provision --env dev`/);
    for (const name of ["TEAMS_APP_ID", "PUBLIC_HOST", "ENTRA_CLIENT_ID", "BOT_ID"]) assert.match(failed.stderr, new RegExp(`${name} is not set`));
    assert.ok(!fs.existsSync(path.join(dir, "o")));
  });

  it("reads env/ only: the old appPackage/env pipeline is gone", () => {
    assert.ok(!fs.existsSync(path.join(ROOT, "appPackage/env")), "appPackage/env/ still exists");
    assert.throws(() => buildPackage({ env: "nosuchenv", outDir: path.join(dir, "o") }), /No environment file env\/\.env\.nosuchenv: copy env\/\.env\.dev/);
  });

  it("refuses a language file that is broken, and writes nothing", () => {
    const es = fs.readFileSync(path.join(ROOT, "appPackage/es.json"), "utf8");
    const out = path.join(dir, "build");
    const fails = (templates: Record<string, string>, expected: RegExp) =>
      assert.throws(() => buildPackage({ envFile, outDir: out, languageTemplates: templates }), (e: unknown) => e instanceof PackageError && expected.test(e.message));
    fails({ "es.json": es.replace('"staticTabs[0].name"', '"staticTabs[3].name"') }, /es\.json staticTabs\[3\]\.name: the manifest has nothing there/);
    fails({ "es.json": es.replace('"ayuda"', '"socorro"') }, /es\.json bots\[0\]\.commandLists\[0\]\.commands\[0\]\.title: "socorro" is not a command/);
    fails({ "es.json": es.trimEnd().slice(0, -1) }, /es\.json is not JSON/);
    fails({ "es.json": es.replace("Tandem${{APP_NAME_SUFFIX}}", "Tandem${{NOPE}}") }, /\$\{\{NOPE\}\}/);
    const manifest = fs.readFileSync(path.join(ROOT, "appPackage/manifest.json"), "utf8").replace('"file": "es.json"', '"file": "fr.json"');
    assert.throws(() => buildPackage({ envFile, outDir: out, manifestTemplate: manifest }), /no appPackage\/fr\.json/);
    assert.ok(!fs.existsSync(out));
  });

  it("the CLI exits 1 with the problems on a bad environment", () => {
    fs.writeFileSync(envFile, ENV.replace(/^ENTRA_CLIENT_ID.*$/m, ""));
    assert.match(cliFailure(["--env-file", envFile, "--out", path.join(dir, "o")]).stderr, /ENTRA_CLIENT_ID is not set/);
  });
});

/** Runs `npm run package` with these arguments and a bare environment, expecting exit 1. */
function cliFailure(args: string[]): { status: number; stderr: string } {
  try {
    execFileSync(process.execPath, ["--no-deprecation", "--import", "tsx", "appPackage/package.ts", ...args], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: "pipe",
      env: { PATH: process.env.PATH },
    });
  } catch (e) {
    const failed = e as { status: number; stderr: string };
    assert.equal(failed.status, 1, failed.stderr);
    return failed;
  }
  assert.fail(`npm run package ${args.join(" ")} succeeded`);
}
