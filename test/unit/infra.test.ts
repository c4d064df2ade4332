/**
 * The deployment files, checked offline (no Azure, no Toolkit here): m365agents.yml,
 * infra/azure.bicep + azure.parameters.json, infra/aad.manifest.json, env/.env.dev.
 * - every `${{VAR}}` has a value when the step that reads it runs (the sample, or an earlier
 *   action's writeToEnvironmentFile / arm/deploy output);
 * - the Bicep parameters and the parameters file agree;
 * - the web app's settings make bot/config.ts boot in entra mode (never dev mode) on App Service;
 * - secrets (client secret, storage connection string) are Key Vault secrets the web app reads as
 *   Key Vault references with its user-assigned identity ("Key Vault Secrets User" on the vault);
 * - SSO registration matches the Teams manifest; no secret is committed.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../bot/config.ts";
import { parseEnvFile } from "../../appPackage/package.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), "utf8");
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const placeholders = (text: string) => new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));

const YML = read("m365agents.yml");
const BICEP = read("infra/azure.bicep");
const PARAMS_TEXT = read("infra/azure.parameters.json");
const AAD_TEXT = read("infra/aad.manifest.json");
const TEAMS_MANIFEST_TEXT = read("appPackage/manifest.json");
const SAMPLE = parseEnvFile(read("env/.env.dev"));

/** Toolkit built-ins it asks for when empty (subscription, resource group). */
const ASKED_BY_TOOLKIT = new Set(["AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP_NAME"]);
/** May stay empty on purpose. */
const MAY_BE_EMPTY = new Set(["CUSTOM_DOMAIN"]);

interface Action {
  uses: string;
  name?: string;
  with?: Record<string, any>;
  writeToEnvironmentFile?: Record<string, string>;
}
interface Project {
  version: string;
  environmentFolderPath?: string;
  provision: Action[];
  deploy: Action[];
}

/** js-yaml when installed (it comes with the toolchain), else a reader for this file's subset of YAML. */
function parseYaml(text: string): Project {
  try {
    const yaml = createRequire(import.meta.url)("js-yaml") as { load(s: string): unknown };
    return yaml.load(text) as Project;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw e;
    return miniYaml(text) as Project;
  }
}

/** Block mappings and sequences of mappings with plain or quoted scalars (what m365agents.yml uses). */
export function miniYaml(text: string): any {
  const lines = text
    .split(/\r?\n/)
    .map((raw) => raw.replace(/\s+#.*$/, "").replace(/^\s*#.*$/, ""))
    .filter((l) => l.trim())
    .map((l) => ({ indent: l.search(/\S/), text: l.trim() }));
  let i = 0;
  const scalar = (s: string): any => {
    const q = /^(["'])(.*)\1$/.exec(s);
    if (q) return q[2];
    if (/^-?\d+$/.test(s)) return Number(s);
    if (s === "true" || s === "false") return s === "true";
    return s;
  };
  function block(indent: number): any {
    if (lines[i]!.text.startsWith("- ")) {
      const list: any[] = [];
      while (i < lines.length && lines[i]!.indent === indent && lines[i]!.text.startsWith("- ")) {
        // "- key: value" starts a mapping whose keys sit at indent + 2.
        lines[i] = { indent: indent + 2, text: lines[i]!.text.slice(2) };
        list.push(block(indent + 2));
      }
      return list;
    }
    const map: Record<string, any> = {};
    while (i < lines.length && lines[i]!.indent === indent && !lines[i]!.text.startsWith("- ")) {
      const m = /^([^:]+):\s*(.*)$/.exec(lines[i]!.text);
      if (!m) throw new Error(`unreadable YAML line: ${lines[i]!.text}`);
      i++;
      if (m[2]) map[m[1]!.trim()] = scalar(m[2]);
      else if (i < lines.length && lines[i]!.indent > indent) map[m[1]!.trim()] = block(lines[i]!.indent);
      else if (i < lines.length && lines[i]!.indent === indent && lines[i]!.text.startsWith("- ")) map[m[1]!.trim()] = block(indent);
      else map[m[1]!.trim()] = null;
    }
    return map;
  }
  return block(0);
}

/** `param name type [= default]` lines of a Bicep file. */
function bicepParams(text: string): Map<string, { type: string; hasDefault: boolean }> {
  const out = new Map<string, { type: string; hasDefault: boolean }>();
  for (const m of text.matchAll(/^param\s+(\w+)\s+(\w+)(\s*=)?/gm)) out.set(m[1]!, { type: m[2]!, hasDefault: !!m[3] });
  return out;
}
const bicepOutputs = (text: string) => new Set([...text.matchAll(/^output\s+(\w+)\s/gm)].map((m) => m[1]!));

/** The web app's appSettings: name -> the Bicep value (a quoted literal, or an expression). */
function appSettings(text: string): Map<string, string> {
  const start = text.indexOf("appSettings: [");
  assert.ok(start > 0, "azure.bicep has no appSettings");
  const body = text.slice(start, text.indexOf("\n      ]", start));
  const out = new Map<string, string>();
  for (const m of body.matchAll(/name:\s*'([^']+)'\s*,?\s*value:\s*(.+?)\s*\}?\s*$/gm)) out.set(m[1]!, m[2]!.trim());
  return out;
}

describe("deployment: m365agents.yml, infra/, env/.env.dev", () => {
  const project = parseYaml(YML);

  it("is a Toolkit project file with provision and deploy stages that do what Tandem needs", () => {
    assert.match(String(project.version), /^v1\.\d+$/);
    assert.equal(project.environmentFolderPath, "./env");
    const steps = project.provision.map((a) => a.uses);
    const order = ["teamsApp/create", "aadApp/create", "arm/deploy", "aadApp/update", "teamsApp/validateManifest", "teamsApp/zipAppPackage", "teamsApp/update"];
    let last = -1;
    for (const uses of order) {
      const at = steps.indexOf(uses);
      assert.ok(at > last, `provision runs ${uses} after ${order[order.indexOf(uses) - 1] ?? "nothing"} (steps: ${steps.join(", ")})`);
      last = at;
    }
    const deploy = project.deploy.map((a) => `${a.uses}${a.with?.args ? ` ${a.with.args}` : ""}`);
    assert.ok(deploy.some((d) => /^cli\/runNpmCommand (ci|install)\b/.test(d)), deploy.join(", "));
    // The compiled service's zip (npm run package:service builds it), shipped as it is.
    assert.ok(deploy.some((d) => d === "cli/runNpmCommand run package:service"), deploy.join(", "));
    const ship = project.deploy.at(-1)!;
    assert.equal(ship.uses, "script");
    assert.match(ship.with!.run, /^az webapp deploy .*--src-path \.\/dist\/tandem-service\.zip --type zip$/);
    // Every file the actions read exists.
    const arm = project.provision.find((a) => a.uses === "arm/deploy")!;
    for (const t of arm.with!.templates) {
      assert.ok(fs.existsSync(path.join(ROOT, t.path)), t.path);
      assert.ok(fs.existsSync(path.join(ROOT, t.parameters)), t.parameters);
    }
    const aadUpdate = project.provision.find((a) => a.uses === "aadApp/update")!;
    assert.ok(fs.existsSync(path.join(ROOT, aadUpdate.with!.manifestPath)));
    for (const a of project.provision.filter((x) => x.with?.manifestPath && x.uses.startsWith("teamsApp/"))) {
      assert.equal(a.with!.manifestPath, "./appPackage/manifest.json");
    }
    assert.ok(!/\bnpm start\b/.test(BICEP.replace(/^\s*\/\/.*$/gm, "")), "App Service must not run npm start (it builds, and starts Azurite without a connection string)");
  });

  it("every ${{VAR}} has a value when the step that reads it runs", () => {
    const available = new Set<string>([...ASKED_BY_TOOLKIT, ...MAY_BE_EMPTY]);
    for (const [k, v] of Object.entries(SAMPLE)) if (v !== "" || k === "APP_NAME_SUFFIX") available.add(k);
    const files: Record<string, string> = {
      "./infra/azure.parameters.json": PARAMS_TEXT,
      "./infra/aad.manifest.json": AAD_TEXT,
      "./appPackage/manifest.json": TEAMS_MANIFEST_TEXT,
    };
    const problems: string[] = [];
    for (const [stage, actions] of [["provision", project.provision], ["deploy", project.deploy]] as const) {
      for (const action of actions) {
        const uses = new Set(placeholders(JSON.stringify(action.with ?? {})));
        // Files an action fills before use.
        const read: string[] = [];
        if (action.uses === "arm/deploy") for (const t of action.with!.templates) read.push(t.parameters);
        if (action.with?.manifestPath) read.push(action.with.manifestPath);
        // The zip and the update carry the manifest filled by zipAppPackage.
        for (const f of read) {
          assert.ok(files[f] !== undefined, `${action.uses} reads ${f}, which this test does not know`);
          for (const v of placeholders(files[f]!)) uses.add(v);
        }
        for (const v of uses) if (!available.has(v)) problems.push(`${stage} ${action.uses}: \${{${v}}} has no value yet`);
        for (const v of Object.values(action.writeToEnvironmentFile ?? {})) available.add(v);
        if (action.uses === "arm/deploy") for (const o of bicepOutputs(BICEP)) available.add(o);
      }
    }
    assert.deepEqual(problems, []);
    // And the sample names every variable any of these files uses (documented in one place).
    const all = new Set([...placeholders(YML), ...Object.values(files).flatMap((t) => [...placeholders(t)])]);
    const produced = new Set([...project.provision.flatMap((a) => Object.values(a.writeToEnvironmentFile ?? {})), ...bicepOutputs(BICEP)]);
    const undocumented = [...all].filter((v) => !(v in SAMPLE) && !produced.has(v) && !v.startsWith("SECRET_"));
    assert.deepEqual(undocumented, []);
  });

  it("the Bicep parameters and azure.parameters.json agree (names and types)", () => {
    const declared = bicepParams(BICEP);
    const passed = JSON.parse(PARAMS_TEXT).parameters as Record<string, { value: unknown }>;
    for (const name of Object.keys(passed)) assert.ok(declared.has(name), `azure.parameters.json passes "${name}", which azure.bicep does not declare`);
    for (const [name, p] of declared) if (!p.hasDefault) assert.ok(name in passed, `azure.bicep needs "${name}" (no default), not in azure.parameters.json`);
    for (const [name, { value }] of Object.entries(passed)) {
      const type = declared.get(name)!.type;
      // The Toolkit fills placeholders as text: an int parameter cannot take "${{VAR}}".
      if (type === "int") assert.equal(typeof value, "number", `${name} is an int: pass a number`);
      if (type === "string") assert.equal(typeof value, "string", `${name} is a string`);
    }
    assert.match(BICEP, /^param webAppInstances int = 2$/m, "several instances by default");
    assert.match(BICEP, /capacity: webAppInstances/);
  });

  it("the web app's settings boot the service in entra mode, off loopback, on the storage account, with the bot's identity", () => {
    const settings = appSettings(BICEP);
    const literal = (v: string) => /^'([^'$]*)'$/.exec(v)?.[1];
    for (const [name, want] of Object.entries({ HOST: "0.0.0.0", AUTH_MODE: "entra", MicrosoftAppType: "UserAssignedMSI", DEMO_DATA: undefined })) {
      assert.ok(settings.has(name), `appSettings sets ${name}`);
      if (want) assert.equal(literal(settings.get(name)!), want, name);
    }
    for (const name of ["ENTRA_CLIENT_ID", "ENTRA_TENANT_ID", "PUBLIC_URL", "AZURE_STORAGE_CONNECTION_STRING", "MicrosoftAppId", "MicrosoftAppTenantId"]) {
      assert.ok(settings.has(name) && settings.get(name) !== "''", `appSettings sets ${name} to something`);
    }
    assert.match(settings.get("MicrosoftAppId")!, /^identity\.properties\.clientId$/);
    // Secrets come from Key Vault references (resolved by App Service before the process starts).
    assert.match(settings.get("AZURE_STORAGE_CONNECTION_STRING")!, /^'@Microsoft\.KeyVault\(SecretUri=\$\{[^}]+\}\)'$/);

    // What App Service would hand the process: literals as they are, expressions as plausible values, plus its PORT.
    const env: Record<string, string> = { PORT: "8080" };
    const sample: Record<string, string> = {
      PUBLIC_URL: "https://tandem-dev1-app.azurewebsites.net",
      ENTRA_CLIENT_ID: "2b8e7d44-91c3-4f0a-8e6b-5c1d0a7f3e22",
      ENTRA_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      MicrosoftAppId: "9a0d3c55-7e21-4b8f-a6c4-1e3f5b7d9c33",
      MicrosoftAppTenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      AZURE_STORAGE_CONNECTION_STRING: "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=(from the vault);EndpointSuffix=core.windows.net",
      ENTRA_CLIENT_SECRET: "(from the vault)",
      DEMO_DATA: "0",
      APPLICATIONINSIGHTS_CONNECTION_STRING: "InstrumentationKey=5c2d9e0a-7b41-4f3e-9a8d-2e6c1b0f4a77;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/",
    };
    const blockNames = (BICEP.slice(BICEP.indexOf("appSettings: ["), BICEP.indexOf("\n      ]", BICEP.indexOf("appSettings: ["))).match(/name:/g) ?? []).length;
    assert.equal(settings.size, blockNames, "every appSettings entry was read");
    for (const [name, value] of settings) env[name] = literal(value) ?? sample[name] ?? `expr:${value}`;
    const config = loadConfig(env);
    assert.equal(config.authMode, "entra");
    assert.equal(config.host, "0.0.0.0");
    assert.equal(config.port, 8080);
    assert.equal(config.entra.clientId, sample.ENTRA_CLIENT_ID);
    assert.deepEqual(config.allowedTenants, [sample.ENTRA_TENANT_ID]);
    assert.ok(config.entra.audiences.includes(`api://tandem-dev1-app.azurewebsites.net/${sample.ENTRA_CLIENT_ID}`), "the SSO identifier URI is an accepted audience");
    assert.ok(config.storage.connectionString, "a connection string: the service never starts Azurite");
    assert.ok(config.graph.enabled, "the client secret (from the vault) enables Graph look-ups");
    assert.equal(config.bot.appType, "UserAssignedMSI");
    assert.equal(config.bot.appId, sample.MicrosoftAppId);
    assert.ok(config.bot.enabled);
    assert.equal(config.demo, false);
    assert.match(config.publicUrl, /^https:\/\//);
    assert.equal(config.telemetry.connectionString, sample.APPLICATIONINSIGHTS_CONNECTION_STRING, "telemetry goes to the Application Insights resource");

    // Without the settings that matter the same process would refuse to start (not fall back to dev mode).
    const { AUTH_MODE: _a, ENTRA_CLIENT_ID: _c, ...noEntra } = env;
    assert.throws(() => loadConfig(noEntra), /AUTH_MODE=dev .* only listens on loopback/);

    // Every setting is one the service reads (a typo would be silently ignored) or App Service's own.
    const configText = read("bot/config.ts");
    for (const name of settings.keys()) {
      if (/^(SCM_|WEBSITE_|WEBSITES_)/.test(name)) continue;
      assert.ok(new RegExp(`env\\.${name}\\b`).test(configText), `appSettings ${name} is not read by bot/config.ts`);
    }
  });

  it("secrets live in Key Vault: app settings are Key Vault references read with the user-assigned identity", () => {
    const code = BICEP.replace(/^\s*\/\/.*$/gm, "").replace(/\s\/\/ .*$/gm, "");
    const settings = appSettings(BICEP);
    // No app setting carries a secret parameter or an account key.
    const secureParams = [...code.matchAll(/@secure\(\)\s*\n\s*param\s+(\w+)/g)].map((m) => m[1]!);
    assert.ok(secureParams.includes("entraClientSecret"), "entraClientSecret is @secure()");
    for (const [name, value] of settings) {
      assert.doesNotMatch(value, /listKeys\s*\(/, `appSettings ${name} holds a storage key`);
      assert.doesNotMatch(value, /\bAccountKey=/, `appSettings ${name} holds a storage key`);
      // A secure parameter may only decide whether the setting is empty, never be its value.
      for (const p of secureParams) {
        const uses = value.replace(new RegExp(`^empty\\(${p}\\)\\s*\\?\\s*''\\s*:\\s*`), "");
        assert.ok(!new RegExp(`\\b${p}\\b`).test(uses), `appSettings ${name} holds the secure parameter ${p}`);
      }
    }
    const kvRef = /'@Microsoft\.KeyVault\(SecretUri=\$\{[^}]+\}\)'$/;
    for (const name of ["ENTRA_CLIENT_SECRET", "AZURE_STORAGE_CONNECTION_STRING"]) {
      assert.match(settings.get(name) ?? "", kvRef, `${name} is a Key Vault reference`);
    }
    // The vault: RBAC, soft delete, purge protection on by default (a parameter), public access a parameter.
    const vault = /resource (\w+) 'Microsoft\.KeyVault\/vaults@[\w-]+' = \{([\s\S]*?)\n\}/.exec(code);
    assert.ok(vault, "a Key Vault");
    const [, vaultSym, vaultBody] = vault;
    assert.match(vaultBody!, /enableRbacAuthorization: true/);
    assert.match(vaultBody!, /enableSoftDelete: true/);
    assert.match(vaultBody!, /enablePurgeProtection: keyVaultPurgeProtection \? true : null/, "purge protection cannot be set to false: null leaves it off");
    assert.match(code, /^param keyVaultPurgeProtection bool = true$/m);
    assert.match(code, /^param keyVaultPublicNetworkAccess string = 'Enabled'$/m);
    assert.match(vaultBody!, /publicNetworkAccess: keyVaultPublicNetworkAccess/);
    assert.doesNotMatch(vaultBody!, /accessPolicies/, "RBAC only");
    // Both secrets are vault secrets; the storage one is built from listKeys at deployment time.
    const secrets = [...code.matchAll(/resource (\w+) 'Microsoft\.KeyVault\/vaults\/secrets@[\w-]+' = (?:if \([^\n]*\) )?\{([\s\S]*?)\n\}/g)];
    assert.ok(secrets.every((m) => new RegExp(`parent: ${vaultSym}\\b`).test(m[2]!)), "secrets belong to the vault");
    assert.ok(secrets.some((m) => /value: entraClientSecret$/m.test(m[2]!)), "the client secret is a vault secret");
    assert.ok(secrets.some((m) => /value: 'DefaultEndpointsProtocol=https;AccountName=\$\{storage\.name\};AccountKey=\$\{storage\.listKeys\(\)/.test(m[2]!)), "the connection string is a vault secret");
    // The identity may read them: "Key Vault Secrets User" on the vault, for the identity's principal.
    const role = /resource \w+ 'Microsoft\.Authorization\/roleAssignments@[\w-]+' = \{([\s\S]*?)\n\}/.exec(code)?.[1] ?? "";
    assert.match(role, new RegExp(`scope: ${vaultSym}$`, "m"), "the role assignment is scoped to the vault");
    assert.match(code, /var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'/);
    assert.match(role, /roleDefinitionId: subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', keyVaultSecretsUserRoleId\)/);
    assert.match(role, /principalId: identity\.properties\.principalId/);
    assert.match(role, /principalType: 'ServicePrincipal'/);
    // The web app resolves references with that identity, after the role and the secrets exist.
    assert.match(code, /keyVaultReferenceIdentity: identity\.id\b/);
    const webApp = /resource webApp 'Microsoft\.Web\/sites@[\w-]+' = \{([\s\S]*?)\n  identity:/.exec(code)?.[1] ?? "";
    assert.match(webApp, /dependsOn: \[[^\]]*identityReadsSecrets/);
    assert.ok(bicepOutputs(BICEP).has("KEY_VAULT_NAME"), "output KEY_VAULT_NAME");
  });

  it("the web app, plan, storage and bot are what a multi-instance, https-only, managed-identity deployment needs", () => {
    assert.match(BICEP, /linuxFxVersion: 'NODE\|22-lts'/, "Node 22 LTS (Node 20 reached its end of life in April 2026)");
    assert.match(BICEP, /httpsOnly: true/);
    assert.match(BICEP, /ftpsState: 'Disabled'/);
    assert.match(BICEP, /alwaysOn: true/);
    assert.match(BICEP, /reserved: true/);
    assert.match(BICEP, /minimumTlsVersion: 'TLS1_2'/);
    assert.match(BICEP, /allowBlobPublicAccess: false/);
    assert.match(BICEP, /kind: 'StorageV2'/);
    assert.match(BICEP, /type: 'UserAssigned'/);
    assert.match(BICEP, /kind: 'azurebot'/);
    assert.match(BICEP, /msaAppType: 'UserAssignedMSI'/);
    assert.match(BICEP, /msaAppMSIResourceId: identity\.id/);
    assert.match(BICEP, /msaAppTenantId: identity\.properties\.tenantId/);
    assert.match(BICEP, /endpoint: '\$\{publicUrl\}\/api\/messages'/);
    assert.match(BICEP, /name: 'MsTeamsChannel'/);
    assert.match(BICEP, /appCommandLine: 'node [^']*dist\/service\.js'/, "the compiled service under plain node (no TypeScript loader)");
    assert.doesNotMatch(BICEP, /appCommandLine: '[^']*tsx/, "tsx is a development tool, not in the deploy package");
    for (const o of ["PUBLIC_HOST", "WEB_APP_NAME", "BOT_ID", "BOT_IDENTITY_CLIENT_ID", "BOT_AZURE_APP_SERVICE_RESOURCE_ID"]) assert.ok(bicepOutputs(BICEP).has(o), `output ${o}`);
  });

  it("Application Insights is workspace-based and the web app sends its telemetry there", () => {
    const code = BICEP.replace(/^\s*\/\/.*$/gm, "");
    const workspace = /resource (\w+) 'Microsoft\.OperationalInsights\/workspaces@[\w-]+' = \{([\s\S]*?)\n\}/.exec(code);
    assert.ok(workspace, "a Log Analytics workspace");
    assert.match(workspace[2]!, /retentionInDays: logRetentionDays/);
    const insights = /resource (\w+) 'Microsoft\.Insights\/components@[\w-]+' = \{([\s\S]*?)\n\}/.exec(code);
    assert.ok(insights, "an Application Insights component");
    assert.match(insights[2]!, new RegExp(`WorkspaceResourceId: ${workspace[1]}\\.id`), "workspace-based (classic Application Insights is retired)");
    assert.match(insights[2]!, /IngestionMode: 'LogAnalytics'/);
    assert.equal(appSettings(BICEP).get("APPLICATIONINSIGHTS_CONNECTION_STRING"), `${insights[1]}.properties.ConnectionString`);
    // The service's own OpenTelemetry distro sends it: App Service's agent would instrument it twice.
    assert.doesNotMatch(code, /ApplicationInsightsAgent_EXTENSION_VERSION/);
  });

  it("every package the service imports is a production dependency (the deploy zip has no dev packages)", () => {
    const imported = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) walk(rel);
        // The build and the packaging run where you deploy from, with the dev packages.
        else if (/\.tsx?$/.test(e.name) && !/(^|\/)build\.ts$/.test(rel) && rel !== "bot/deploy-package.ts") {
          const text = read(rel);
          const specs = [
            ...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+["']([^"'.][^"']*)["']/gm),
            ...text.matchAll(/^\s*import\s+["']([^"'.][^"']*)["']/gm),
            ...text.matchAll(/\b(?:import|require|require\.resolve)\(\s*["']([^"'.][^"']*)["']\s*\)/g),
          ].map((m) => m[1]!);
          for (const spec of specs) {
            if (spec.startsWith("node:")) continue;
            imported.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
          }
        }
      }
    };
    walk("bot");
    walk("shared");
    // Azurite is only started without AZURE_STORAGE_CONNECTION_STRING, which App Service always has.
    imported.delete("azurite");
    const pkg = JSON.parse(read("package.json"));
    for (const name of imported) {
      assert.ok(name in (pkg.dependencies ?? {}), `${name} is imported by the service but is not a production dependency in package.json`);
    }
  });

  it("the Entra app: SSO scope, identifier URI = the Teams manifest's resource, pre-authorized clients, Tandem.Admin, Graph permissions", () => {
    const aad = JSON.parse(AAD_TEXT);
    const teams = JSON.parse(TEAMS_MANIFEST_TEXT);
    assert.deepEqual(aad.identifierUris, [teams.webApplicationInfo.resource]);
    assert.equal(aad.identifierUris[0], "api://${{PUBLIC_HOST}}/${{ENTRA_CLIENT_ID}}");
    assert.equal(aad.appId, teams.webApplicationInfo.id);
    assert.equal(aad.accessTokenAcceptedVersion, 2);
    const scope = aad.oauth2Permissions.find((p: any) => p.value === "access_as_user");
    assert.ok(scope?.isEnabled);
    const pre = new Map<string, string[]>(aad.preAuthorizedApplications.map((p: any) => [p.appId, p.permissionIds]));
    const clients = [
      "1fec8e78-bce4-4aaf-ab1b-5451cc387264", // Teams desktop, mobile
      "5e3ce6c0-2b1f-4285-8d4b-75ee78787346", // Teams web
      "4765445b-32c6-49b0-83e6-1d93765276ca", // Microsoft 365 web
      "0ec893e0-5785-4de6-99da-4ed124e5296c", // Microsoft 365 desktop
      "d3590ed6-52b3-4102-aeff-aad2292ab01c", // Microsoft 365 mobile, Outlook desktop
      "bc59ab01-8403-45c6-8796-ac3ef710b3e3", // Outlook web
      "27922004-5251-4030-b22d-91ecd9a37ea4", // Outlook mobile
    ];
    for (const c of clients) assert.deepEqual(pre.get(c), [scope.id], `pre-authorized: ${c}`);
    const admin = aad.appRoles.find((r: any) => r.value === "Tandem.Admin");
    assert.ok(admin?.isEnabled && admin.allowedMemberTypes.includes("User"));
    const graph = aad.requiredResourceAccess.find((r: any) => r.resourceAppId === "Microsoft Graph" || r.resourceAppId === "00000003-0000-0000-c000-000000000000");
    const perms = new Set(graph.resourceAccess.map((p: any) => `${p.id}:${p.type}`));
    for (const p of ["User.Read:Scope", "User.Read.All:Role", "GroupMember.Read.All:Role"]) assert.ok(perms.has(p), p);
  });

  it("commits no secret: no storage key, no client secret, no SECRET_ value", () => {
    const files = ["m365agents.yml", "m365agents.local.yml", "infra/azure.bicep", "infra/azure.parameters.json", "infra/aad.manifest.json", "env/.env.dev", "env/.env.local", "README.md"];
    for (const f of files) {
      const text = read(f);
      // AccountKey= may only be followed by a Bicep expression (listKeys at deployment time) or prose.
      for (const m of text.matchAll(/AccountKey=([^;"'\s`]*)/g)) {
        assert.ok(m[1] === "" || m[1]!.startsWith("${") || m[1]!.startsWith("(") || m[1]!.startsWith("<") || m[1]!.startsWith("..."), `${f}: AccountKey=${m[1]!.slice(0, 8)}...`);
      }
      assert.doesNotMatch(text, /^\s*SECRET_\w+\s*=\s*[^\s<$]/m, `${f} sets a SECRET_ variable`);
      assert.doesNotMatch(text, /(^|\s)(MicrosoftAppPassword|BOT_PASSWORD|ENTRA_CLIENT_SECRET)\s*=\s*[^\s<$]/m, `${f} sets a password`);
    }
    for (const [k, v] of Object.entries(SAMPLE)) assert.ok(!/SECRET|PASSWORD/i.test(k) || v === "", `env/.env.dev sets ${k}`);
    // The secrets the Toolkit writes, and the local settings made from them, stay out of git.
    for (const f of ["env/.env.dev.user", "env/.env.local.user", ".localConfigs"]) {
      assert.ok(!gitTracks(f), `${f} is committed`);
      assert.ok(gitIgnores(f), `${f} is not ignored by git`);
    }
  });

  it("the README's configuration table names every variable bot/config.ts reads", () => {
    const readme = read("README.md");
    const section = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("\n## ", readme.indexOf("## Configuration") + 5));
    const names = new Set([...read("bot/config.ts").matchAll(/env\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!));
    const missing = [...names].filter((n) => !section.includes(`\`${n}\``));
    assert.deepEqual(missing, []);
  });
});

function gitIgnores(rel: string): boolean {
  try {
    execFileSync("git", ["check-ignore", "-q", "--no-index", rel], { cwd: ROOT, stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

function gitTracks(rel: string): boolean {
  try {
    return execFileSync("git", ["ls-files", "--error-unmatch", rel], { cwd: ROOT, stdio: "pipe" }).length > 0;
  } catch {
    return false;
  }
}
