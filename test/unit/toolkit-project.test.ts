/**
 * The Agents Toolkit project files, checked offline (no Toolkit here): m365agents.yml and
 * m365agents.local.yml parsed with js-yaml (installed with mocha), each action checked against
 * the shape the Toolkit's v1.11 YAML schema gives it (the actions these files use: `uses`,
 * required and allowed `with` keys, env variable names), and what the local file hands the
 * service booting it in entra mode behind the tunnel.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnvFile } from "../../appPackage/package.ts";
import { loadConfig } from "../../bot/config.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), "utf8");
const yaml = createRequire(import.meta.url)("js-yaml") as { load(s: string): unknown };
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const placeholders = (text: string) => new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));

interface Action {
  uses: string;
  name?: string;
  with?: Record<string, any>;
  writeToEnvironmentFile?: Record<string, string>;
}
type Project = { version: string; environmentFolderPath?: string } & Record<"provision" | "deploy" | "publish", Action[] | undefined>;

/** Per action: required and allowed `with` keys, and the outputs it may write (v1.11). */
const ACTIONS: Record<string, { required: string[]; allowed: string[]; outputs?: string[]; secretOutputs?: string[] }> = {
  "teamsApp/create": { required: ["name"], allowed: ["name"], outputs: ["teamsAppId"] },
  "aadApp/create": {
    required: ["name", "generateClientSecret", "signInAudience"],
    allowed: ["name", "generateClientSecret", "generateServicePrincipal", "signInAudience", "serviceManagementReference", "clientSecretExpireDays", "clientSecretDescription"],
    outputs: ["clientId", "objectId", "tenantId", "authority", "authorityHost"],
    secretOutputs: ["clientSecret"],
  },
  "aadApp/update": { required: ["manifestPath", "outputFilePath"], allowed: ["manifestPath", "outputFilePath"] },
  "arm/deploy": { required: ["subscriptionId", "resourceGroupName", "templates"], allowed: ["subscriptionId", "resourceGroupName", "templates", "bicepCliVersion"] },
  "botFramework/create": { required: ["botId", "name", "messagingEndpoint"], allowed: ["botId", "name", "messagingEndpoint", "description", "iconUrl", "channels"] },
  "teamsApp/validateManifest": { required: ["manifestPath"], allowed: ["manifestPath"] },
  "teamsApp/zipAppPackage": { required: ["manifestPath", "outputZipPath", "outputFolder"], allowed: ["manifestPath", "outputZipPath", "outputFolder"] },
  "teamsApp/validateAppPackage": { required: ["appPackagePath"], allowed: ["appPackagePath"] },
  "teamsApp/update": { required: ["appPackagePath"], allowed: ["appPackagePath"] },
  "teamsApp/extendToM365": { required: ["appPackagePath"], allowed: ["appPackagePath", "scope"], outputs: ["titleId", "appId", "shareLink"] },
  "teamsApp/publishAppPackage": { required: ["appPackagePath"], allowed: ["appPackagePath"], outputs: ["publishedAppId"] },
  "cli/runNpmCommand": { required: ["args"], allowed: ["args", "workingDirectory"] },
  "file/createOrUpdateEnvironmentFile": { required: ["target", "envs"], allowed: ["target", "envs"] },
  script: { required: ["run"], allowed: ["run", "workingDirectory", "shell", "timeout", "redirectTo"] },
};
/** Actions whose writeToEnvironmentFile the schema requires. */
const MUST_WRITE = new Set(["teamsApp/create", "aadApp/create", "teamsApp/publishAppPackage", "teamsApp/extendToM365"]);

/** Problems with a project file's shape; [] when it is one the Toolkit v1.11 accepts. */
export function projectShapeProblems(p: any, stages: Array<"provision" | "deploy" | "publish">): string[] {
  const problems: string[] = [];
  if (!p || typeof p !== "object") return ["not a YAML mapping"];
  if (p.version !== "v1.11") problems.push(`version is ${JSON.stringify(p.version)}, expected "v1.11"`);
  for (const key of Object.keys(p)) {
    if (!["version", "environmentFolderPath", "projectId", "additionalMetadata", "provision", "deploy", "publish", "share"].includes(key)) problems.push(`unknown top-level key ${key}`);
  }
  for (const stage of stages) if (!Array.isArray(p[stage]) || !p[stage].length) problems.push(`no ${stage} stage`);
  for (const stage of ["provision", "deploy", "publish", "share"]) {
    (Array.isArray(p[stage]) ? p[stage] : []).forEach((a: any, i: number) => {
      const where = `${stage}[${i}] ${a?.uses ?? "?"}`;
      const spec = ACTIONS[a?.uses];
      if (!spec) return problems.push(`${where}: not an action these files use`);
      for (const key of Object.keys(a)) if (!["uses", "name", "env", "with", "writeToEnvironmentFile"].includes(key)) problems.push(`${where}: unknown key ${key}`);
      const w = a.with ?? {};
      for (const key of spec.required) if (w[key] === undefined || w[key] === null) problems.push(`${where}: with.${key} is required`);
      for (const key of Object.keys(w)) if (!spec.allowed.includes(key)) problems.push(`${where}: with.${key} is not a parameter of ${a.uses}`);
      const out = a.writeToEnvironmentFile;
      if (MUST_WRITE.has(a.uses) && !out) problems.push(`${where}: writeToEnvironmentFile is required`);
      for (const [key, name] of Object.entries(out ?? {})) {
        const secret = spec.secretOutputs?.includes(key);
        if (!secret && !spec.outputs?.includes(key)) problems.push(`${where}: ${key} is not an output of ${a.uses}`);
        else if (!/^[A-Z][A-Z0-9_]*$/.test(String(name))) problems.push(`${where}: ${key} -> ${name} is not an env variable name`);
        else if (secret && !String(name).startsWith("SECRET_")) problems.push(`${where}: ${key} is a secret: its variable must start with SECRET_`);
        else if (!secret && String(name).startsWith("SECRET_")) problems.push(`${where}: ${key} is not a secret, ${name} would hide it in .user`);
      }
      if (a.uses === "aadApp/create" && w.generateClientSecret === true && !out?.clientSecret) problems.push(`${where}: a generated secret needs writeToEnvironmentFile.clientSecret`);
      if (a.uses === "file/createOrUpdateEnvironmentFile") {
        for (const [k, v] of Object.entries(w.envs ?? {})) if (!["string", "number", "boolean"].includes(typeof v)) problems.push(`${where}: envs.${k} must be a scalar`);
      }
    });
  }
  return problems;
}

const MAIN = yaml.load(read("m365agents.yml")) as Project;
const LOCAL = yaml.load(read("m365agents.local.yml")) as Project;

/** Files an action fills from the environment before use (placeholders count as read by it). */
function filesRead(action: Action): string[] {
  const files: string[] = [];
  if (action.uses === "arm/deploy") for (const t of action.with!.templates) files.push(t.parameters);
  if (action.with?.manifestPath) files.push(action.with.manifestPath);
  // The package carries the language files the manifest names, filled the same way.
  if (action.uses === "teamsApp/zipAppPackage") files.push("./appPackage/es.json");
  return files;
}

/** `${{VAR}}`s used before anything gives them a value, walking the stages in order. */
function unresolved(project: Project, given: Set<string>, produced: (a: Action) => string[] = () => []): string[] {
  const available = new Set(given);
  const problems: string[] = [];
  for (const stage of ["provision", "deploy", "publish"] as const) {
    for (const action of project[stage] ?? []) {
      const uses = placeholders(JSON.stringify(action.with ?? {}));
      for (const f of filesRead(action)) for (const v of placeholders(read(f))) uses.add(v);
      for (const v of uses) if (!available.has(v)) problems.push(`${stage} ${action.uses}: \${{${v}}} has no value yet`);
      for (const v of [...Object.values(action.writeToEnvironmentFile ?? {}), ...produced(action)]) available.add(v);
    }
  }
  return problems;
}

describe("Agents Toolkit project files (m365agents.yml, m365agents.local.yml)", () => {
  it("both are YAML the Toolkit v1.11 accepts, action by action", () => {
    assert.deepEqual(projectShapeProblems(MAIN, ["provision", "deploy", "publish"]), []);
    assert.deepEqual(projectShapeProblems(LOCAL, ["provision", "deploy"]), []);
    for (const f of ["m365agents.yml", "m365agents.local.yml"]) {
      assert.match(read(f), /^# yaml-language-server: \$schema=https:\/\/aka\.ms\/m365-agents-toolkits\/v1\.11\/yaml\.schema\.json$/m, `${f} names the v1.11 schema`);
    }
    assert.equal(MAIN.environmentFolderPath, "./env");
  });

  it("the shape check bites", () => {
    const broken: Array<[string, (p: any) => void, RegExp]> = [
      ["an old version", (p) => (p.version = "v1.8"), /version is "v1\.8"/],
      ["an unknown action", (p) => p.deploy.push({ uses: "azureAppService/zipDeploy2", with: {} }), /zipDeploy2: not an action/],
      ["a missing parameter", (p) => delete p.provision[0].with.name, /provision\[0\] teamsApp\/create: with\.name is required/],
      ["an unknown parameter", (p) => (p.deploy[0].with.cwd = "."), /with\.cwd is not a parameter/],
      ["a secret written to a plain variable", (p) => (p.provision[1].writeToEnvironmentFile.clientSecret = "ENTRA_CLIENT_SECRET"), /must start with SECRET_/],
      ["an output the action has not", (p) => (p.provision[0].writeToEnvironmentFile.appId = "X"), /appId is not an output/],
      ["no publish stage", (p) => delete p.publish, /no publish stage/],
      ["publish without writing the published id", (p) => delete p.publish.at(-1).writeToEnvironmentFile, /writeToEnvironmentFile is required/],
    ];
    for (const [what, breakIt, expected] of broken) {
      const p = structuredClone(MAIN);
      breakIt(p);
      const problems = projectShapeProblems(p, ["provision", "deploy", "publish"]);
      assert.ok(problems.some((x) => expected.test(x)), `${what}: expected ${expected} in:\n${problems.join("\n")}`);
    }
  });

  it("m365agents.yml: deploy ships the compiled service's zip; publish sends the package to the Teams admin center", () => {
    const deploy = MAIN.deploy!;
    assert.deepEqual(deploy.map((a) => a.uses), ["cli/runNpmCommand", "cli/runNpmCommand", "script"]);
    assert.match(deploy[0]!.with!.args, /^ci\b/);
    assert.equal(deploy[1]!.with!.args, "run package:service");
    const pkg = JSON.parse(read("package.json"));
    assert.ok(pkg.scripts["package:service"], "package.json has the package:service script");
    assert.equal(
      deploy[2]!.with!.run,
      "az webapp deploy --subscription ${{AZURE_SUBSCRIPTION_ID}} --resource-group ${{AZURE_RESOURCE_GROUP_NAME}} --name ${{WEB_APP_NAME}} --src-path ./dist/tandem-service.zip --type zip",
    );
    const publish = MAIN.publish!.map((a) => a.uses);
    assert.deepEqual(publish, ["teamsApp/validateManifest", "teamsApp/zipAppPackage", "teamsApp/validateAppPackage", "teamsApp/update", "teamsApp/publishAppPackage"]);
    const zips = new Set([...MAIN.provision!, ...MAIN.publish!].flatMap((a) => [a.with?.appPackagePath, a.with?.outputZipPath]).filter(Boolean));
    assert.deepEqual([...zips], ["./appPackage/build/appPackage.${{TEAMSFX_ENV}}.zip"], "every step uses the one package");
    const env = parseEnvFile(read("env/.env.dev"));
    assert.ok("TEAMS_APP_PUBLISHED_APP_ID" in env, "env/.env.dev lists what publish writes");
  });

  it("m365agents.yml: every ${{VAR}} of the publish stage has a value (provision's names the infra test checks)", () => {
    const env = parseEnvFile(read("env/.env.dev"));
    const given = new Set(Object.keys(env).filter((k) => env[k] !== "" || k === "APP_NAME_SUFFIX"));
    // What provision writes (the ids) or Azure outputs: by the publish stage they are set.
    for (const a of MAIN.provision!) for (const v of Object.values(a.writeToEnvironmentFile ?? {})) given.add(v);
    for (const m of read("infra/azure.bicep").matchAll(/^output\s+(\w+)\s/gm)) given.add(m[1]!);
    const publishOnly: Project = { version: MAIN.version, provision: undefined, deploy: undefined, publish: MAIN.publish };
    assert.deepEqual(unresolved(publishOnly, given), []);
  });

  it("m365agents.local.yml: checks the tunnel first, registers the bot at the tunnel, sideloads to Outlook too", () => {
    const steps = LOCAL.provision!;
    assert.equal(steps[0]!.uses, "script", "the tunnel check comes first");
    assert.match(steps[0]!.with!.run, /"\$\{\{PUBLIC_HOST\}\}" "\$\{\{PUBLIC_URL\}\}"$/);
    const order = ["teamsApp/create", "aadApp/create", "aadApp/update", "botFramework/create", "teamsApp/zipAppPackage", "teamsApp/update", "teamsApp/extendToM365"];
    let last = -1;
    for (const uses of order) {
      const atIndex = steps.findIndex((a, i) => i > last && a.uses === uses);
      assert.ok(atIndex > last, `${uses} runs after ${order[order.indexOf(uses) - 1] ?? "the check"}`);
      last = atIndex;
    }
    const bot = steps.find((a) => a.uses === "botFramework/create")!;
    assert.equal(bot.with!.messagingEndpoint, "${{PUBLIC_URL}}/api/messages");
    assert.deepEqual(bot.with!.channels, [{ name: "msteams" }]);
    const botApp = steps.find((a) => a.uses === "aadApp/create" && a.writeToEnvironmentFile?.clientId === bot.with!.botId.replace(/^\$\{\{|\}\}$/g, ""))!;
    assert.ok(botApp, "the bot's app registration writes the id the bot registration uses");
    assert.equal(botApp.with!.signInAudience, "AzureADMyOrg", "single tenant (new multi-tenant bots cannot be registered)");
    assert.equal(botApp.with!.generateServicePrincipal, true);
  });

  it("m365agents.local.yml: every ${{VAR}} has a value when its step runs (env/.env.local, the tunnel, earlier steps)", () => {
    const env = parseEnvFile(read("env/.env.local"));
    const given = new Set(Object.keys(env).filter((k) => env[k] !== "" || k === "APP_NAME_SUFFIX"));
    // Set by the developer from the running tunnel before provisioning (the first step checks them).
    for (const v of ["PUBLIC_HOST", "PUBLIC_URL"]) {
      assert.ok(v in env && env[v] === "", `env/.env.local lists ${v}, empty`);
      given.add(v);
    }
    assert.deepEqual(unresolved(LOCAL, given), []);
    // Every variable the file uses is listed in env/.env.local (documented in one place), secrets aside.
    const used = new Set([...placeholders(read("m365agents.local.yml")), ...LOCAL.provision!.flatMap((a) => Object.values(a.writeToEnvironmentFile ?? {}))]);
    assert.deepEqual([...used].filter((v) => !(v in env) && !v.startsWith("SECRET_")), []);
    assert.equal(env.TEAMSFX_ENV, "local");
  });

  it("m365agents.local.yml: the settings it writes boot the service in entra mode on loopback with the single-tenant bot", () => {
    const target = LOCAL.deploy!.find((a) => a.uses === "file/createOrUpdateEnvironmentFile")!;
    assert.equal(target.with!.target, "./.localConfigs");
    // What provision and the tunnel would have put in env/.env.local(.user).
    const values: Record<string, string> = {
      PUBLIC_URL: "https://abc-3978.euw.devtunnels.ms",
      ENTRA_CLIENT_ID: "2b8e7d44-91c3-4f0a-8e6b-5c1d0a7f3e22",
      ENTRA_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      SECRET_ENTRA_CLIENT_SECRET: "entra-secret",
      BOT_ID: "9a0d3c55-7e21-4b8f-a6c4-1e3f5b7d9c33",
      SECRET_BOT_PASSWORD: "bot-secret",
      BOT_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      DEMO_DATA: "1",
    };
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(target.with!.envs as Record<string, unknown>)) {
      env[k] = String(v).replace(PLACEHOLDER, (_all, name: string) => {
        assert.ok(name in values, `.localConfigs uses \${{${name}}}, which this test has no value for`);
        return values[name]!;
      });
    }
    const config = loadConfig(env);
    assert.equal(config.authMode, "entra");
    assert.equal(config.host, "127.0.0.1");
    assert.equal(config.port, 3978);
    assert.equal(config.publicUrl, values.PUBLIC_URL);
    assert.ok(config.entra.audiences.includes(`api://abc-3978.euw.devtunnels.ms/${values.ENTRA_CLIENT_ID}`), "the SSO identifier URI on the tunnel's host");
    assert.equal(config.bot.appType, "SingleTenant");
    assert.equal(config.bot.appId, values.BOT_ID);
    assert.ok(config.bot.enabled);
    assert.ok(!config.storage.connectionString, "no connection string: the service runs its own Azurite");
    assert.ok(config.graph.enabled, "the Entra secret enables Graph look-ups");
  });

  it("the env files are committed without secrets; their .user files and .localConfigs are ignored", () => {
    for (const f of ["env/.env.dev", "env/.env.local"]) {
      const env = parseEnvFile(read(f));
      for (const [k, v] of Object.entries(env)) assert.ok(!/SECRET|PASSWORD/i.test(k) || v === "", `${f} sets ${k}`);
      assert.equal(env.TEAMSFX_ENV, path.basename(f).slice(".env.".length));
    }
    const ignore = read(".gitignore").split(/\r?\n/);
    assert.ok(ignore.includes("env/.env.*.user") && ignore.includes(".localConfigs"));
    assert.ok(!ignore.some((l) => /^env\/\.env\.\*$/.test(l)), "the env files themselves are not ignored");
  });
});
