/**
 * Offline checks of Tandem's two manifests, once their placeholders are filled:
 * - the Teams app manifest against the Teams JSON schema that @microsoft/app-manifest ships
 *   (draft-04, validated with ajv-draft-04 + ajv-formats), plus what a schema cannot say
 *   (ids agree, every URL is https on the service's host, no placeholder left);
 * - the Outlook add-in XML manifest: well-formed, a read-mode MailApp whose ribbon button
 *   opens the task pane on the host (parsed with fast-xml-parser, no network).
 * Each returns a list of problems in words; an empty list means valid.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import AjvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";

const require = createRequire(import.meta.url);

/** The Teams schema version the manifest uses: the newest @microsoft/app-manifest 1.1 ships. */
export const TEAMS_SCHEMA_VERSION = "1.30";

export const GUID_RE = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
/** `${{NAME}}`: the Agents Toolkit's placeholder syntax, used in both manifests. */
export const PLACEHOLDER_RE = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
export const LEFTOVER_RE = /\$\{\{|\{\{|\}\}/;

/** `file`: one of the schemas shipped for that version (the app manifest, its localization file). */
export function teamsSchemaPath(version = TEAMS_SCHEMA_VERSION, file = "MicrosoftTeams.schema.json"): string {
  return require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/${file}`);
}

export type Validator = ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string; params?: unknown }> | null };
const validators = new Map<string, Validator>();

/** A compiled validator for one shipped schema file (compiled once: ajv is slow to compile). */
export function schemaValidator(version: string, file = "MicrosoftTeams.schema.json"): Validator {
  const key = `${version}/${file}`;
  let v = validators.get(key);
  if (!v) {
    // CommonJS packages: the class/plugin is module.exports (and also its `default`).
    const Ajv = ((AjvDraft04 as unknown as { default?: unknown }).default ?? AjvDraft04) as new (o: object) => {
      compile(s: object): Validator;
    };
    const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (a: object) => void;
    // strict: false: Microsoft's schemas use keywords draft-04 does not define (`const`).
    // unicodeRegExp: false: the localization schema's patterns (`\[\b(...)\b]`) are not valid
    // with the `u` flag; they are plain ECMAScript patterns, as draft-04 reads them.
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    v = ajv.compile(JSON.parse(fs.readFileSync(teamsSchemaPath(version, file), "utf8")));
    validators.set(key, v);
  }
  return v;
}

/** What a schema validator says about `data`, one line per error; [] when it is valid. */
export function schemaProblems(validate: Validator, data: unknown): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `schema: ${e.instancePath || "/"} ${e.message ?? "is invalid"}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
}

/** Every string in a JSON value, with its path (`bots/0/botId`). */
export function strings(value: unknown, at = ""): Array<[string, string]> {
  if (typeof value === "string") return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}/${i}`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, `${at}/${k}`));
  return [];
}

export interface ManifestCheckOptions {
  /** The service's public host (`tandem.contoso.com`): every URL of the app must be on it. */
  host: string;
}

/** Problems with a filled Teams app manifest; [] when it is valid. */
export function validateTeamsManifest(manifest: any, opts: ManifestCheckOptions): string[] {
  const problems: string[] = [];
  const version = typeof manifest?.manifestVersion === "string" ? manifest.manifestVersion : TEAMS_SCHEMA_VERSION;
  if (version !== TEAMS_SCHEMA_VERSION) problems.push(`manifestVersion is "${version}", expected "${TEAMS_SCHEMA_VERSION}"`);
  let validate: Validator;
  try {
    validate = schemaValidator(TEAMS_SCHEMA_VERSION);
  } catch (e) {
    return [`the Teams schema v${TEAMS_SCHEMA_VERSION} could not be loaded: ${(e as Error).message}`];
  }
  problems.push(...schemaProblems(validate, manifest));
  if (!manifest || typeof manifest !== "object") return problems;

  for (const [at, s] of strings(manifest)) {
    if (LEFTOVER_RE.test(s)) problems.push(`${at}: placeholder not filled: ${s}`);
  }
  const guid = (at: string, v: unknown) => {
    if (typeof v !== "string" || !GUID_RE.test(v)) problems.push(`${at} must be a GUID, is ${JSON.stringify(v)}`);
  };
  guid("/id", manifest.id);
  const bot = manifest.bots?.[0];
  if (!bot) problems.push("/bots: the bot is missing");
  else guid("/bots/0/botId", bot.botId);
  const ext = manifest.composeExtensions?.[0];
  if (!ext) problems.push("/composeExtensions: the message action is missing");
  else {
    guid("/composeExtensions/0/botId", ext.botId);
    if (bot && ext.botId !== bot.botId) problems.push("/composeExtensions/0/botId differs from the bot's id");
    const cmd = ext.commands?.find((c: any) => c.id === "createRequest");
    if (!cmd) problems.push('/composeExtensions/0/commands: no "createRequest" command (the bot handles that id)');
    else if (cmd.type !== "action" || !cmd.fetchTask || !(cmd.context ?? []).includes("message")) {
      problems.push('/composeExtensions/0/commands: "createRequest" must be an action on messages with fetchTask');
    }
  }
  const app = manifest.webApplicationInfo;
  if (!app) problems.push("/webApplicationInfo: missing (Teams SSO needs it)");
  else {
    guid("/webApplicationInfo/id", app.id);
    const want = `api://${opts.host}/${app.id}`;
    if (app.resource !== want) problems.push(`/webApplicationInfo/resource is ${JSON.stringify(app.resource)}, expected "${want}"`);
  }
  const domains: string[] = Array.isArray(manifest.validDomains) ? manifest.validDomains : [];
  if (!domains.includes(opts.host)) problems.push(`/validDomains must list ${opts.host}`);

  // The SSO resource is an api:// URI, checked above. The company's privacy and terms pages may
  // live elsewhere; everything the app loads may not.
  const urls = strings(manifest).filter(([at]) => at !== "/$schema" && at !== "/webApplicationInfo/resource");
  problems.push(
    ...checkUrls(urls, (at, host) =>
      at.startsWith("/developer/") || host === opts.host || domains.includes(host) ? undefined : `${host} is not the service's host (${opts.host}) nor a valid domain`,
    ),
  );
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The Outlook add-in's XML manifest.

type XNode = Record<string, any>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  alwaysCreateTextNode: true,
  trimValues: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

const kids = (n: XNode | undefined, name: string): XNode[] => (n && Array.isArray(n[name]) ? n[name] : []);
const kid = (n: XNode | undefined, name: string): XNode | undefined => kids(n, name)[0];
const text = (n: XNode | undefined): string | undefined => (n ? String(n["#text"] ?? "").trim() : undefined);

/** Every node below `n` with that element name, depth first. */
/**
 * A manifest's URL-looking values: each must parse and be https; `hostProblem` says what is
 * wrong with its host, if anything.
 */
function checkUrls(entries: Array<[string, string]>, hostProblem: (at: string, host: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const [at, s] of entries) {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) continue;
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      problems.push(`${at}: not a valid URL: ${s}`);
      continue;
    }
    if (url.protocol !== "https:") problems.push(`${at}: must be https: ${s}`);
    else {
      const wrong = hostProblem(at, url.hostname);
      if (wrong) problems.push(`${at}: ${wrong}`);
    }
  }
  return problems;
}

function descendants(n: XNode, name: string, out: XNode[] = []): XNode[] {
  for (const [k, v] of Object.entries(n)) {
    if (k.startsWith("@") || k === "#text" || !Array.isArray(v)) continue;
    for (const child of v) {
      if (k === name) out.push(child);
      if (child && typeof child === "object") descendants(child, name, out);
    }
  }
  return out;
}

/** Every attribute value and text in the document, with the element it is on. */
function values(n: XNode, at = "", out: Array<[string, string]> = []): Array<[string, string]> {
  for (const [k, v] of Object.entries(n)) {
    if (k.startsWith("@") || k === "#text") {
      if (typeof v === "string" || typeof v === "number") out.push([`${at}${k === "#text" ? "" : `/${k}`}`, String(v)]);
    } else if (Array.isArray(v)) for (const child of v) if (child && typeof child === "object") values(child, `${at}/${k}`, out);
  }
  return out;
}

/** Problems with a filled Outlook add-in XML manifest; [] when it is valid. */
export function validateAddinManifest(xml: string, opts: ManifestCheckOptions): string[] {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const e = wellFormed.err;
    return [`not well-formed XML: ${e.msg} (line ${e.line}, column ${e.col})`];
  }
  const problems: string[] = [];
  const doc = parser.parse(xml) as XNode;
  const app = kid(doc, "OfficeApp");
  if (!app) return ["the root element must be OfficeApp"];
  // Namespaces: read with prefixes kept (the parser above drops xmlns attributes).
  const raw = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(xml) as XNode;
  if (raw.OfficeApp?.["@xmlns"] !== "http://schemas.microsoft.com/office/appforoffice/1.1") problems.push("OfficeApp must be in the appforoffice/1.1 namespace");
  if (raw.OfficeApp?.VersionOverrides && raw.OfficeApp.VersionOverrides["@xmlns"] !== "http://schemas.microsoft.com/office/mailappversionoverrides") {
    problems.push("VersionOverrides must be in the mailappversionoverrides namespace");
  }
  if (app["@type"] !== "MailApp") problems.push(`OfficeApp xsi:type must be MailApp, is ${JSON.stringify(app["@type"])}`);

  for (const [at, s] of values(app)) if (LEFTOVER_RE.test(s)) problems.push(`${at}: placeholder not filled: ${s}`);

  const id = text(kid(app, "Id"));
  if (!id || !GUID_RE.test(id)) problems.push(`Id must be a GUID, is ${JSON.stringify(id)}`);
  const version = text(kid(app, "Version"));
  if (!version || !/^\d{1,5}(\.\d{1,5}){3}$/.test(version)) problems.push(`Version must be n.n.n.n, is ${JSON.stringify(version)}`);
  for (const name of ["ProviderName", "DefaultLocale"]) if (!text(kid(app, name))) problems.push(`${name} is missing`);
  for (const name of ["DisplayName", "Description", "IconUrl", "HighResolutionIconUrl", "SupportUrl"]) {
    if (!kid(app, name)?.["@DefaultValue"]) problems.push(`${name} DefaultValue is missing`);
  }
  const domains = kids(kid(app, "AppDomains"), "AppDomain").map((d) => text(d));
  if (!domains.includes(`https://${opts.host}`)) problems.push(`AppDomains must list https://${opts.host}`);
  if (!kids(kid(app, "Hosts"), "Host").some((h) => h["@Name"] === "Mailbox")) problems.push("Hosts must contain Mailbox");
  const set = kids(kid(kid(app, "Requirements"), "Sets"), "Set").find((s) => String(s["@Name"]).toLowerCase() === "mailbox");
  if (!set) problems.push("Requirements must name the Mailbox set");
  else if (!/^1\.\d+$/.test(String(set["@MinVersion"] ?? ""))) problems.push(`Mailbox MinVersion must be 1.1 or later, is ${JSON.stringify(set["@MinVersion"])}`);
  const permission = text(kid(app, "Permissions"));
  if (permission !== "ReadItem") problems.push(`Permissions must be ReadItem (the add-in only reads the open email), is ${JSON.stringify(permission)}`);
  const readRule = descendants(app, "Rule").some((r) => r["@type"] === "ItemIs" && r["@ItemType"] === "Message" && r["@FormType"] === "Read");
  if (!readRule) problems.push("no activation rule for a message in read mode (ItemIs Message Read)");

  // The ribbon: a button in MessageReadCommandSurface whose action shows the task pane.
  const overrides = kid(app, "VersionOverrides");
  const taskpane = `https://${opts.host}/addin/`;
  if (!overrides) problems.push("VersionOverrides is missing (no ribbon button)");
  else {
    const resources = kid(overrides, "Resources");
    const resIds = (group: string, item: string) =>
      new Map(kids(kid(resources, group), item).map((r) => [String(r["@id"]), String(r["@DefaultValue"] ?? "")]));
    const urls = resIds("Urls", "Url");
    const images = resIds("Images", "Image");
    const shortStrings = resIds("ShortStrings", "String");
    const longStrings = resIds("LongStrings", "String");
    const all = new Map([...urls, ...images, ...shortStrings, ...longStrings]);
    for (const node of [...descendants(overrides, "Label"), ...descendants(overrides, "Title"), ...descendants(overrides, "Description"), ...descendants(overrides, "Image"), ...descendants(overrides, "SourceLocation")]) {
      const resid = node["@resid"];
      if (resid !== undefined && !all.has(String(resid))) problems.push(`resid "${resid}" is not defined in Resources`);
    }
    const readSurfaces = descendants(overrides, "ExtensionPoint").filter((p) => p["@type"] === "MessageReadCommandSurface");
    if (!readSurfaces.length) problems.push("no ExtensionPoint of type MessageReadCommandSurface");
    const buttons = readSurfaces.flatMap((p) => descendants(p, "Control")).filter((c) => c["@type"] === "Button");
    const opens = buttons.flatMap((b) => kids(b, "Action")).filter((a) => a["@type"] === "ShowTaskpane");
    if (!opens.length) problems.push("no read-mode ribbon button with a ShowTaskpane action");
    for (const action of opens) {
      const resid = kid(action, "SourceLocation")?.["@resid"];
      const url = urls.get(String(resid));
      if (url !== taskpane) problems.push(`the ShowTaskpane action opens ${JSON.stringify(url)}, expected ${taskpane}`);
    }
    for (const b of buttons) {
      const sizes = kids(kid(b, "Icon"), "Image").map((i) => String(i["@size"]));
      for (const size of ["16", "32", "80"]) if (!sizes.includes(size)) problems.push(`button ${b["@id"]}: no ${size}px icon`);
    }
  }
  const legacy = descendants(app, "Form").find((f) => f["@type"] === "ItemRead");
  const legacyUrl = kid(kid(legacy, "DesktopSettings"), "SourceLocation")?.["@DefaultValue"];
  if (legacyUrl !== taskpane) problems.push(`FormSettings ItemRead SourceLocation must be ${taskpane}, is ${JSON.stringify(legacyUrl)}`);

  // Every URL is https; every URL but the sign-in domain is on the service's host.
  const urls = values(app).filter(([at]) => !/\/@xmlns(:|$)/.test(at));
  problems.push(...checkUrls(urls, (at, host) => (host === opts.host || at.endsWith("/AppDomain") ? undefined : `${host} is not the service's host (${opts.host})`)));
  return problems;
}
