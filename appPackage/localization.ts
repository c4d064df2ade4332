/**
 * Offline checks of a Teams localization file (appPackage/es.json) once its placeholders are
 * filled, against the manifest it translates:
 * - the Teams localization JSON schema shipped beside the manifest's in @microsoft/app-manifest;
 * - every key names a text the manifest has (`bots[0].commandLists[0].commands[1].title`):
 *   Teams ignores a key that points nowhere, so a typo would silently leave English;
 * - every text the manifest has that Teams lets a language file replace is replaced (URLs
 *   excepted), so a command added in English cannot ship without its Spanish;
 * - every bot command's translated title is a word the bot reads as that same command, since
 *   Teams types the title into the chat when the command is picked.
 * Returns a list of problems in words; an empty list means valid.
 */
import fs from "node:fs";
import { parseCommand } from "../shared/commands.ts";
import { LEFTOVER_RE, schemaProblems, schemaValidator, strings, TEAMS_SCHEMA_VERSION, teamsSchemaPath } from "./validate.ts";

export const LOCALIZATION_SCHEMA_FILE = "MicrosoftTeams.Localization.schema.json";

/** Keys of a localization file that are not manifest texts. */
const NOT_TEXT_KEYS = new Set(["$schema", "localizationKeys"]);

/** `a.b[0].c` -> ["a", "b", 0, "c"]; undefined when the key is not such a path. */
export function parseKeyPath(key: string): Array<string | number> | undefined {
  if (!/^[A-Za-z_$][\w$]*(\[\d+\]|\.[A-Za-z_$][\w$]*)*$/.test(key)) return undefined;
  return [...key.matchAll(/([A-Za-z_$][\w$]*)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** The value at a parsed path, or undefined. */
function at(value: unknown, path: Array<string | number>): unknown {
  let v: any = value;
  for (const step of path) {
    if (v === null || typeof v !== "object") return undefined;
    if (typeof step === "number" ? !Array.isArray(v) : Array.isArray(v)) return undefined;
    v = v[step];
  }
  return v;
}

/** `/bots/0/commandLists/1/commands/2/title` (a JSON pointer) -> `bots[0].commandLists[1].commands[2].title`. */
function keyOf(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join("")
    .replace(/^\./, "");
}

/** The keys the shipped schema lets a language file set: exact names, and patterns. */
function localizableKeys(version: string): { names: Set<string>; patterns: RegExp[] } {
  const schema = JSON.parse(fs.readFileSync(teamsSchemaPath(version, LOCALIZATION_SCHEMA_FILE), "utf8"));
  const names = new Set(Object.keys(schema.properties ?? {}).filter((k) => !NOT_TEXT_KEYS.has(k)));
  // A few of Microsoft's patterns lack the closing `$`: anchor them so `label` cannot match `labelX`.
  const patterns = Object.keys(schema.patternProperties ?? {}).map((p) => new RegExp(p.endsWith("$") ? p : `${p}$`));
  return { names, patterns };
}

const URL_RE = /^[a-z][a-z0-9+.-]*:\/\//i;

export interface LocalizationCheckOptions {
  /** The file's name, for messages (`es.json`). */
  file: string;
  /** The language tag the manifest gives it (`es`). */
  languageTag: string;
}

/** Problems with a filled localization file for a filled manifest; [] when it is valid. */
export function validateLocalization(loc: any, manifest: any, opts: LocalizationCheckOptions): string[] {
  const version = TEAMS_SCHEMA_VERSION;
  let validate;
  try {
    validate = schemaValidator(version, LOCALIZATION_SCHEMA_FILE);
  } catch (e) {
    return [`the Teams localization schema v${version} could not be loaded: ${(e as Error).message}`];
  }
  const problems = schemaProblems(validate, loc);
  if (!loc || typeof loc !== "object" || Array.isArray(loc)) return problems.length ? problems : ["must be a JSON object"];

  const entries = Object.entries(loc).filter(([k]) => !NOT_TEXT_KEYS.has(k));
  for (const [key, value] of entries) {
    if (typeof value === "string" && LEFTOVER_RE.test(value)) problems.push(`${key}: placeholder not filled: ${value}`);
    const path = parseKeyPath(key);
    if (!path) {
      problems.push(`${key}: not a manifest path like bots[0].commandLists[0].commands[1].title`);
      continue;
    }
    const target = at(manifest, path);
    if (target === undefined) problems.push(`${key}: the manifest has nothing there`);
    else if (typeof target !== "string") problems.push(`${key}: the manifest has ${Array.isArray(target) ? "a list" : typeof target} there, not a text`);
  }

  const { names, patterns } = localizableKeys(version);
  const localizable = (key: string) => names.has(key) || patterns.some((p) => p.test(key));
  for (const [pointer, text] of strings(manifest)) {
    const key = keyOf(pointer);
    if (!localizable(key) || URL_RE.test(text)) continue;
    if (typeof loc[key] !== "string") problems.push(`${key}: no ${opts.languageTag} text for "${text}"`);
  }

  // The bot's commands: a translated title must run the same command as the English one.
  const lists: any[] = Array.isArray(manifest?.bots?.[0]?.commandLists) ? manifest.bots[0].commandLists : [];
  lists.forEach((list, l) => {
    (Array.isArray(list?.commands) ? list.commands : []).forEach((command: any, c: number) => {
      const key = `bots[0].commandLists[${l}].commands[${c}].title`;
      const title = loc[key];
      if (typeof title !== "string") return; // reported above
      const want = commandName(command?.title);
      const got = commandName(title);
      if (!got) problems.push(`${key}: "${title}" is not a command the bot understands`);
      else if (want && got !== want) problems.push(`${key}: "${title}" runs ${got}, the English title "${command.title}" runs ${want}`);
    });
  });
  return problems;
}

function commandName(title: unknown): string | undefined {
  if (typeof title !== "string") return undefined;
  const parsed = parseCommand(title);
  // A bare title such as "estado" is a command waiting for its arguments: still that command.
  return parsed.ok ? parsed.command.name : parsed.name;
}

/** The manifest's additional languages, each with its file, checked for where the file may be. */
export function additionalLanguages(manifest: any): { languages: Array<{ languageTag: string; file: string }>; problems: string[] } {
  const info = manifest?.localizationInfo;
  const list: any[] = Array.isArray(info?.additionalLanguages) ? info.additionalLanguages : [];
  const problems: string[] = [];
  const languages: Array<{ languageTag: string; file: string }> = [];
  const tags = new Set<string>();
  for (const [i, l] of list.entries()) {
    const where = `/localizationInfo/additionalLanguages/${i}`;
    if (typeof l?.languageTag !== "string" || typeof l?.file !== "string") continue; // the schema says so
    const tag = l.languageTag.toLowerCase();
    if (tag === String(info.defaultLanguageTag ?? "").toLowerCase()) problems.push(`${where}: ${l.languageTag} is already the default language`);
    if (tags.has(tag)) problems.push(`${where}: ${l.languageTag} is listed twice`);
    tags.add(tag);
    // The package is flat: the file sits beside manifest.json, as the zip holds it.
    if (!/^[\w.-]+\.json$/.test(l.file)) problems.push(`${where}/file must be a .json file beside manifest.json, is ${JSON.stringify(l.file)}`);
    else languages.push({ languageTag: l.languageTag, file: l.file });
  }
  return { languages, problems };
}
