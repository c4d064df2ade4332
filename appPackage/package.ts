/**
 * `npm run package [-- --env <name> | --env-file <path>] [--out <dir>]`
 *
 * Builds the Teams app package for one environment: reads env/.env.<name> (default `dev`:
 * the Agents Toolkit's environment files, which `atk provision` fills; variables already set in
 * the process environment win), fills the `${{NAME}}` placeholders of appPackage/manifest.json,
 * its language files (es.json) and addin/manifest.xml, validates them offline (validate.ts,
 * localization.ts), checks the icons, and writes into appPackage/build/:
 *   appPackage.<env>.zip        manifest.json + icons + language files: upload this to Teams
 *   manifest.<env>.json         the filled manifest, to read
 *   addin-manifest.<env>.xml    the Outlook add-in's XML manifest, for clients that need one
 * It exits 1 (writing nothing) when a variable is missing or a manifest is invalid.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { decodePng, TEAMS_ICONS } from "./icons.ts";
import { additionalLanguages, validateLocalization } from "./localization.ts";
import { GUID_RE, PLACEHOLDER_RE, validateAddinManifest, validateTeamsManifest } from "./validate.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PATHS = {
  manifest: path.join(HERE, "manifest.json"),
  addinManifest: path.join(HERE, "..", "addin", "manifest.xml"),
  /** The Toolkit's environment folder (m365agents.yml's environmentFolderPath). */
  envDir: path.join(HERE, "..", "env"),
  build: path.join(HERE, "build"),
};

export class PackageError extends Error {
  constructor(message: string, readonly problems: string[] = []) {
    super(problems.length ? `${message}:\n  - ${problems.join("\n  - ")}` : message);
  }
}

/** Reads a dotenv file: `KEY=value` lines, `#` comments, optional quotes, `export ` allowed. */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2]!;
    else value = value.replace(/\s+#.*$/, "").trim();
    vars[m[1]!] = value;
  }
  return vars;
}

/** The variables the manifests use: what each is, and its default when it has one. */
export const VARIABLES: Record<string, { what: string; default?: (v: Record<string, string>) => string }> = {
  TEAMS_APP_ID: { what: "the Teams app's id (a GUID of your own; also the Outlook add-in's id)" },
  APP_VERSION: { what: "the app's version, n.n.n (raise it for every upload)", default: () => "1.0.0" },
  PUBLIC_HOST: { what: "the host name the service is reached at over https, e.g. tandem.contoso.com" },
  ENTRA_CLIENT_ID: { what: "the Entra app registration's client id (Teams SSO, add-in sign-in)" },
  BOT_ID: { what: "the Azure Bot's Microsoft App ID (the bot and the message action)" },
  APP_NAME_SUFFIX: { what: 'appended to the app name, e.g. " (dev)"; empty in production', default: () => "" },
  DEVELOPER_NAME: { what: "who publishes the app (your company)", default: () => "Tandem" },
  PRIVACY_URL: { what: "your privacy statement (https)", default: (v) => `https://${v.PUBLIC_HOST}/` },
  TERMS_URL: { what: "your terms of use (https)", default: (v) => `https://${v.PUBLIC_HOST}/` },
};

const HOST_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

/** The environment's variables, defaults applied, each checked; throws with every problem. */
export function resolveVariables(fileVars: Record<string, string>, processEnv: Record<string, string | undefined> = {}): Record<string, string> {
  const v: Record<string, string> = {};
  for (const name of Object.keys(VARIABLES)) {
    const value = processEnv[name] ?? fileVars[name];
    if (value !== undefined) v[name] = value;
  }
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(VARIABLES)) {
    // Only the name suffix may be set to nothing.
    if (v[name] !== undefined && (v[name] !== "" || name === "APP_NAME_SUFFIX")) continue;
    if (spec.default) v[name] = spec.default(v);
    else problems.push(`${name} is not set: ${spec.what}`);
  }
  for (const name of ["TEAMS_APP_ID", "ENTRA_CLIENT_ID", "BOT_ID"]) {
    if (v[name] && !GUID_RE.test(v[name]!)) problems.push(`${name} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), is "${v[name]}"`);
  }
  if (v.PUBLIC_HOST && !HOST_RE.test(v.PUBLIC_HOST)) {
    problems.push(`PUBLIC_HOST must be a host name like tandem.contoso.com (no https://, port or path), is "${v.PUBLIC_HOST}"`);
  }
  if (v.APP_VERSION && !/^\d{1,5}\.\d{1,5}\.\d{1,5}$/.test(v.APP_VERSION)) problems.push(`APP_VERSION must be n.n.n, is "${v.APP_VERSION}"`);
  for (const name of ["PRIVACY_URL", "TERMS_URL"]) {
    if (v[name] && !/^https:\/\/[^\s"<>]+$/.test(v[name]!)) problems.push(`${name} must be an https URL, is "${v[name]}"`);
  }
  if (v.DEVELOPER_NAME !== undefined && (!v.DEVELOPER_NAME || v.DEVELOPER_NAME.length > 32)) problems.push("DEVELOPER_NAME must be 1 to 32 characters");
  if (v.APP_NAME_SUFFIX && `Tandem${v.APP_NAME_SUFFIX}`.length > 30) problems.push("APP_NAME_SUFFIX is too long: the app's short name is at most 30 characters");
  if (problems.length) throw new PackageError("The environment is incomplete", problems);
  return v;
}

/** Replaces every `${{NAME}}`; throws listing the names it has no value for. */
export function fillPlaceholders(template: string, vars: Record<string, string>, escape: (s: string) => string): string {
  const missing = new Set<string>();
  const out = template.replace(PLACEHOLDER_RE, (_all, name: string) => {
    if (!(name in vars)) {
      missing.add(name);
      return _all;
    }
    return escape(vars[name]!);
  });
  if (missing.size) throw new PackageError("Placeholders without a value", [...missing].map((n) => `\${{${n}}}`));
  return out;
}

export const escapeJson = (s: string) => JSON.stringify(s).slice(1, -1);
export const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

/** Problems with the two Teams icons: sizes, and the outline's white-on-transparent rule. */
export function checkIcons(files: { color: Uint8Array; outline: Uint8Array }): string[] {
  const problems: string[] = [];
  for (const kind of ["color", "outline"] as const) {
    const want = TEAMS_ICONS[kind].size;
    try {
      const img = decodePng(files[kind]);
      if (img.width !== want || img.height !== want) problems.push(`${TEAMS_ICONS[kind].file} is ${img.width}x${img.height}, must be ${want}x${want}`);
      if (kind === "outline") {
        let opaque = 0;
        for (let i = 0; i < img.data.length; i += 4) {
          if (img.data[i + 3] === 0) continue;
          opaque++;
          if (img.data[i] !== 255 || img.data[i + 1] !== 255 || img.data[i + 2] !== 255) {
            problems.push("outline.png must be white on transparent (a pixel is not white)");
            break;
          }
        }
        if (!opaque) problems.push("outline.png is empty (fully transparent)");
        if (opaque === img.width * img.height) problems.push("outline.png has no transparent background");
      }
    } catch (e) {
      problems.push(`${TEAMS_ICONS[kind].file}: ${(e as Error).message}`);
    }
  }
  return problems;
}

export interface BuildOptions {
  /** Environment name: reads env/.env.<env> unless `envFile` is given. */
  env?: string;
  envFile?: string;
  /** Variables that win over the file (the process environment, from the CLI). */
  overrides?: Record<string, string | undefined>;
  outDir?: string;
  /** Templates and icons (tests pass broken ones); default: the committed files. */
  manifestTemplate?: string;
  addinTemplate?: string;
  /** Language file templates by file name (`es.json`); default: the committed files. */
  languageTemplates?: Record<string, string>;
  icons?: { color: Uint8Array; outline: Uint8Array };
}

export interface BuildResult {
  env: string;
  zip: string;
  manifestJson: string;
  addinXml: string;
  manifest: any;
  files: string[];
}

/** Fills, validates and writes one environment's package; throws PackageError, writing nothing. */
export function buildPackage(opts: BuildOptions = {}): BuildResult {
  const envFile = opts.envFile ?? path.join(PATHS.envDir, `.env.${opts.env ?? "dev"}`);
  const env = opts.env ?? (path.basename(envFile).replace(/^\.env\.?/, "").replace(/\.env$/, "") || "dev");
  if (!/^[A-Za-z0-9_-]+$/.test(env)) throw new PackageError(`Environment name "${env}": use letters, digits, - or _`);
  const envName = path.relative(process.cwd(), envFile);
  if (!fs.existsSync(envFile)) throw new PackageError(`No environment file ${envName}: copy env/.env.dev to it and set your values`);
  let vars: Record<string, string>;
  try {
    vars = resolveVariables(parseEnvFile(fs.readFileSync(envFile, "utf8")), opts.overrides ?? {});
  } catch (e) {
    if (!(e instanceof PackageError)) throw e;
    // The ids are empty in a fresh checkout: provisioning writes them.
    throw new PackageError(`${envName} is incomplete (\`atk provision --env ${env}\` writes the ids it creates, or set them yourself)`, e.problems);
  }

  const manifestText = fillPlaceholders(opts.manifestTemplate ?? fs.readFileSync(PATHS.manifest, "utf8"), vars, escapeJson);
  let manifest: any;
  try {
    manifest = JSON.parse(manifestText);
  } catch (e) {
    throw new PackageError(`manifest.json is not JSON: ${(e as Error).message}`);
  }
  const problems = validateTeamsManifest(manifest, { host: vars.PUBLIC_HOST! }).map((p) => `manifest.json ${p}`);

  const languages = additionalLanguages(manifest);
  problems.push(...languages.problems.map((p) => `manifest.json ${p}`));
  const languageFiles: Record<string, Uint8Array> = {};
  for (const { languageTag, file } of languages.languages) {
    const template = opts.languageTemplates?.[file] ?? (fs.existsSync(path.join(HERE, file)) ? fs.readFileSync(path.join(HERE, file), "utf8") : undefined);
    if (template === undefined) {
      problems.push(`${file}: the manifest names it for ${languageTag}, but there is no appPackage/${file}`);
      continue;
    }
    let loc: unknown;
    try {
      loc = JSON.parse(fillPlaceholders(template, vars, escapeJson));
    } catch (e) {
      if (e instanceof PackageError) throw e;
      problems.push(`${file} is not JSON: ${(e as Error).message}`);
      continue;
    }
    problems.push(...validateLocalization(loc, manifest, { file, languageTag }).map((p) => `${file} ${p}`));
    languageFiles[file] = new TextEncoder().encode(`${JSON.stringify(loc, null, 2)}\n`);
  }

  const addinXml = fillPlaceholders(opts.addinTemplate ?? fs.readFileSync(PATHS.addinManifest, "utf8"), vars, escapeXml);
  problems.push(...validateAddinManifest(addinXml, { host: vars.PUBLIC_HOST! }).map((p) => `addin/manifest.xml ${p}`));

  const icons = opts.icons ?? {
    color: fs.readFileSync(path.join(HERE, TEAMS_ICONS.color.file)),
    outline: fs.readFileSync(path.join(HERE, TEAMS_ICONS.outline.file)),
  };
  problems.push(...checkIcons(icons));
  if (manifest.icons?.color !== TEAMS_ICONS.color.file || manifest.icons?.outline !== TEAMS_ICONS.outline.file) {
    problems.push(`manifest.json icons must be ${TEAMS_ICONS.color.file} and ${TEAMS_ICONS.outline.file}`);
  }
  if (problems.length) throw new PackageError(`The ${env} package is invalid`, problems);

  const pretty = `${JSON.stringify(manifest, null, 2)}\n`;
  // A fixed date keeps the zip byte-for-byte the same for the same inputs.
  const mtime = new Date("2025-01-01T00:00:00Z");
  const zip = zipSync(
    {
      "manifest.json": [new TextEncoder().encode(pretty), { level: 9, mtime }],
      [TEAMS_ICONS.color.file]: [icons.color, { level: 0, mtime }],
      [TEAMS_ICONS.outline.file]: [icons.outline, { level: 0, mtime }],
      ...Object.fromEntries(Object.entries(languageFiles).map(([file, bytes]) => [file, [bytes, { level: 9, mtime }]])),
    },
    {},
  );
  const outDir = opts.outDir ?? PATHS.build;
  fs.mkdirSync(outDir, { recursive: true });
  const result: BuildResult = {
    env,
    zip: path.join(outDir, `appPackage.${env}.zip`),
    manifestJson: path.join(outDir, `manifest.${env}.json`),
    addinXml: path.join(outDir, `addin-manifest.${env}.xml`),
    manifest,
    files: ["manifest.json", TEAMS_ICONS.color.file, TEAMS_ICONS.outline.file, ...Object.keys(languageFiles)],
  };
  fs.writeFileSync(result.zip, zip);
  fs.writeFileSync(result.manifestJson, pretty);
  fs.writeFileSync(result.addinXml, addinXml);
  return result;
}

function parseArgs(argv: string[]): { env?: string; envFile?: string; outDir?: string } {
  const out: { env?: string; envFile?: string; outDir?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split("=", 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (flag === "--env") out.env = value();
    else if (flag === "--env-file") out.envFile = value();
    else if (flag === "--out") out.outDir = value();
    else if (flag === "-h" || flag === "--help") {
      console.log("npm run package [-- --env <name> | --env-file <path>] [--out <dir>]\nVariables:");
      for (const [name, spec] of Object.entries(VARIABLES)) console.log(`  ${name.padEnd(16)} ${spec.what}`);
      process.exit(0);
    } else throw new PackageError(`Unknown argument ${argv[i]} (try --help)`);
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const r = buildPackage({ ...args, envFile: args.envFile && path.resolve(args.envFile), outDir: args.outDir && path.resolve(args.outDir), overrides: process.env });
    const rel = (p: string) => path.relative(process.cwd(), p);
    console.log(`Tandem ${r.manifest.version} for "${r.env}" (${new URL(r.manifest.developer.websiteUrl).host}): both manifests valid (Teams schema v${r.manifest.manifestVersion}, Outlook MailApp), languages: en-us${(r.manifest.localizationInfo?.additionalLanguages ?? []).map((l: { languageTag: string }) => `, ${l.languageTag}`).join("")}`);
    console.log(`  ${rel(r.zip)}  (${r.files.join(", ")}): upload to Teams`);
    console.log(`  ${rel(r.addinXml)}  the Outlook add-in's XML manifest`);
    console.log(`  ${rel(r.manifestJson)}  the filled manifest`);
  } catch (e) {
    console.error(e instanceof PackageError ? e.message : e);
    process.exit(1);
  }
}
