import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { escapeJson, escapeXml, fillPlaceholders } from "../../appPackage/package.ts";
import { GUID_RE, PLACEHOLDER_RE, TEAMS_SCHEMA_VERSION, teamsSchemaPath, validateAddinManifest, validateTeamsManifest } from "../../appPackage/validate.ts";
import { COMMANDS } from "../../shared/commands.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const HOST = "tandem.contoso.example";
const VARS = {
  TEAMS_APP_ID: "6f1c2a0e-3b7d-4c55-9a1e-2d4b8f0c9e11",
  APP_VERSION: "1.2.3",
  PUBLIC_HOST: HOST,
  ENTRA_CLIENT_ID: "2b8e7d44-91c3-4f0a-8e6b-5c1d0a7f3e22",
  BOT_ID: "9a0d3c55-7e21-4b8f-a6c4-1e3f5b7d9c33",
  APP_NAME_SUFFIX: "",
  DEVELOPER_NAME: "Contoso",
  PRIVACY_URL: "https://contoso.example/privacy",
  TERMS_URL: "https://contoso.example/terms",
};
const manifestTemplate = fs.readFileSync(path.join(ROOT, "appPackage/manifest.json"), "utf8");
const addinTemplate = fs.readFileSync(path.join(ROOT, "addin/manifest.xml"), "utf8");
const filled = () => JSON.parse(fillPlaceholders(manifestTemplate, VARS, escapeJson));
const filledXml = () => fillPlaceholders(addinTemplate, VARS, escapeXml);
const valid = (m: unknown) => validateTeamsManifest(m, { host: HOST });

describe("Teams app manifest (appPackage/manifest.json)", () => {
  it(`uses Teams schema v${TEAMS_SCHEMA_VERSION}, the newest @microsoft/app-manifest ships`, () => {
    const m = filled();
    assert.equal(m.manifestVersion, TEAMS_SCHEMA_VERSION);
    assert.equal(m.$schema, `https://developer.microsoft.com/json-schemas/teams/v${TEAMS_SCHEMA_VERSION}/MicrosoftTeams.schema.json`);
    const teamsDir = path.dirname(path.dirname(teamsSchemaPath()));
    const versions = fs.readdirSync(teamsDir).filter((d) => /^v\d+\.\d+$/.test(d)).map((d) => d.slice(1));
    const newest = versions.sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1])).at(-1);
    assert.equal(TEAMS_SCHEMA_VERSION, newest);
    const schema = JSON.parse(fs.readFileSync(teamsSchemaPath(), "utf8"));
    assert.equal(schema.$schema, "http://json-schema.org/draft-04/schema#");
    assert.ok(schema.properties.extensions, "the schema supports extensions (the Outlook add-in)");
  });

  it("the template uses only ${{NAME}} placeholders, all of them known", () => {
    const names = new Set([...manifestTemplate.matchAll(PLACEHOLDER_RE), ...addinTemplate.matchAll(PLACEHOLDER_RE)].map((m) => m[1]));
    assert.deepEqual([...names].sort(), Object.keys(VARS).sort());
    const other = (s: string) => s.replace(PLACEHOLDER_RE, "").match(/\{\{|\}\}/g);
    assert.equal(other(manifestTemplate), null);
    assert.equal(other(addinTemplate), null);
  });

  it("filled, validates offline against the Teams JSON schema and Tandem's own rules", () => {
    assert.deepEqual(valid(filled()), []);
  });

  it("leaves no placeholder and puts GUIDs where Teams wants them", () => {
    const text = fillPlaceholders(manifestTemplate, VARS, escapeJson);
    assert.ok(!text.includes("{{") && !text.includes("}}"));
    const m = JSON.parse(text);
    for (const id of [m.id, m.bots[0].botId, m.composeExtensions[0].botId, m.webApplicationInfo.id]) assert.match(id, GUID_RE);
    assert.equal(m.id, VARS.TEAMS_APP_ID);
    assert.equal(m.bots[0].botId, VARS.BOT_ID);
    assert.equal(m.webApplicationInfo.id, VARS.ENTRA_CLIENT_ID);
    assert.equal(m.webApplicationInfo.resource, `api://${HOST}/${VARS.ENTRA_CLIENT_ID}`);
    assert.deepEqual(m.validDomains, [HOST]);
  });

  it("has the bot in personal, team and group chats, with English command lists of real commands", () => {
    const bot = filled().bots[0];
    assert.deepEqual([...bot.scopes].sort(), ["groupChat", "personal", "team"]);
    const lists = bot.commandLists as Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
    assert.deepEqual(lists.flatMap((l) => l.scopes).sort(), ["groupChat", "personal", "team"]);
    for (const list of lists) {
      assert.ok(list.commands.length >= 5 && list.commands.length <= 12);
      for (const c of list.commands) {
        assert.ok((COMMANDS as readonly string[]).includes(c.title), `${c.title} is one of the bot's commands`);
        assert.ok(c.description.length > 0 && c.description.length <= 128);
      }
      assert.ok(list.commands.some((c) => c.title === "help") && list.commands.some((c) => c.title === "new"));
    }
  });

  it("has the configurable channel tab and the personal 'My requests' tab on the tab's URLs", () => {
    const m = filled();
    const [tab] = m.configurableTabs;
    assert.equal(tab.configurationUrl, `https://${HOST}/tab/?view=config`);
    assert.equal(tab.canUpdateConfiguration, true);
    assert.deepEqual(tab.scopes, ["team", "groupChat"]);
    const mine = m.staticTabs.find((t: any) => t.entityId === "myRequests");
    assert.equal(mine.name, "My requests");
    assert.equal(mine.contentUrl, `https://${HOST}/tab/?view=mine`);
    assert.deepEqual(mine.scopes, ["personal"]);
  });

  it("has the 'Create request' message action the bot handles", () => {
    const m = filled();
    const [ext] = m.composeExtensions;
    assert.equal(ext.botId, VARS.BOT_ID);
    assert.deepEqual(ext.commands, [
      {
        id: "createRequest",
        type: "action",
        context: ["message"],
        fetchTask: true,
        title: "Create request",
        description: ext.commands[0].description,
      },
    ]);
    const bot = fs.readFileSync(path.join(ROOT, "bot/teams/tandem-bot.ts"), "utf8");
    assert.match(bot, /handleTeamsMessagingExtensionFetchTask/);
  });

  it("declares the Outlook add-in through extensions: mail scope, a read-mode button opening the task pane", () => {
    const [ext] = filled().extensions;
    assert.deepEqual(ext.requirements.scopes, ["mail"]);
    const runtime = ext.runtimes[0];
    assert.equal(runtime.code.page, `https://${HOST}/addin/`);
    const action = runtime.actions.find((a: any) => a.type === "openPage");
    assert.ok(action);
    const ribbon = ext.ribbons[0];
    assert.deepEqual(ribbon.contexts, ["mailRead"]);
    const control = ribbon.tabs[0].groups[0].controls[0];
    assert.equal(control.type, "button");
    assert.equal(control.actionId, action.id);
    assert.deepEqual(control.icons.map((i: any) => i.size), [16, 32, 80]);
    for (const icon of control.icons) assert.equal(icon.url, `https://${HOST}/addin/assets/icon-${icon.size}.png`);
  });

  describe("the validator bites", () => {
    const broken: Array<[string, (m: any) => void, RegExp]> = [
      ["no bot id", (m) => delete m.bots[0].botId, /bots\/0.*botId/],
      ["a bot id that is not a GUID", (m) => (m.bots[0].botId = "tandem-bot"), /botId/],
      ["a tab URL that is not a URL", (m) => (m.staticTabs[0].contentUrl = "tab/?view=mine"), /staticTabs\/0\/contentUrl/],
      ["a plain http tab URL", (m) => (m.configurableTabs[0].configurationUrl = `http://${HOST}/tab/?view=config`), /must be https/],
      ["a URL on another host", (m) => (m.staticTabs[0].contentUrl = "https://evil.example/tab/"), /not the service's host/],
      ["an unknown property", (m) => (m.tandem = true), /additional properties/],
      ["an older manifestVersion", (m) => (m.manifestVersion = "1.19"), /manifestVersion/],
      ["a command title too long", (m) => (m.composeExtensions[0].commands[0].title = "x".repeat(33)), /commands\/0\/title/],
      ["the message action's id renamed", (m) => (m.composeExtensions[0].commands[0].id = "create"), /createRequest/],
      ["the SSO resource on another host", (m) => (m.webApplicationInfo.resource = `api://other.example/${VARS.ENTRA_CLIENT_ID}`), /resource/],
      ["validDomains without the host", (m) => (m.validDomains = ["contoso.example"]), /validDomains/],
      ["a placeholder left", (m) => (m.name.short = "Tandem${{SUFFIX}}"), /placeholder/],
      ["the add-in's scope wrong", (m) => (m.extensions[0].requirements.scopes = ["email"]), /extensions\/0\/requirements\/scopes/],
    ];
    for (const [what, breakIt, expected] of broken) {
      it(`fails on ${what}`, () => {
        const m = filled();
        breakIt(m);
        const problems = valid(m);
        assert.ok(problems.length > 0, "an invalid manifest passed");
        assert.ok(problems.some((p) => expected.test(p)), `expected ${expected} in:\n${problems.join("\n")}`);
      });
    }
  });
});

describe("Outlook add-in XML manifest (addin/manifest.xml)", () => {
  const xmlValid = (xml: string) => validateAddinManifest(xml, { host: HOST });

  it("filled, is a well-formed read-mode MailApp that passes every check", () => {
    assert.deepEqual(xmlValid(filledXml()), []);
  });

  it("has the id, the task pane on the host, ReadItem and Mailbox 1.1", () => {
    const xml = filledXml();
    assert.ok(!xml.includes("{{"));
    assert.match(xml, new RegExp(`<Id>${VARS.TEAMS_APP_ID}</Id>`));
    assert.match(xml, /<Version>1\.2\.3\.0<\/Version>/);
    assert.match(xml, /<Permissions>ReadItem<\/Permissions>/);
    assert.match(xml, /<Set Name="Mailbox" MinVersion="1\.1" \/>/);
    assert.match(xml, /xsi:type="MessageReadCommandSurface"/);
    assert.match(xml, /<Action xsi:type="ShowTaskpane">/);
    assert.ok(xml.includes(`<bt:Url id="Tandem.Taskpane.Url" DefaultValue="https://${HOST}/addin/" />`));
    assert.ok(xml.includes(`<SupportUrl DefaultValue="https://${HOST}/" />`));
  });

  it("escapes values for XML", () => {
    const xml = fillPlaceholders(addinTemplate, { ...VARS, DEVELOPER_NAME: "Smith & <Sons>" }, escapeXml);
    assert.ok(xml.includes("<ProviderName>Smith &amp; &lt;Sons&gt;</ProviderName>"));
    assert.deepEqual(xmlValid(xml), []);
  });

  describe("the checker bites", () => {
    const broken: Array<[string, (x: string) => string, RegExp]> = [
      ["an unclosed element", (x) => x.replace("</Permissions>", ""), /not well-formed/],
      ["a mismatched tag", (x) => x.replace("</ProviderName>", "</Provider>"), /not well-formed/],
      ["an id that is not a GUID", (x) => x.replace(`<Id>${VARS.TEAMS_APP_ID}</Id>`, "<Id>tandem</Id>"), /Id must be a GUID/],
      ["a TaskPaneApp", (x) => x.replace('xsi:type="MailApp"', 'xsi:type="TaskPaneApp"'), /MailApp/],
      ["write permission", (x) => x.replace("<Permissions>ReadItem</Permissions>", "<Permissions>ReadWriteMailbox</Permissions>"), /ReadItem/],
      ["an http task pane", (x) => x.replaceAll(`https://${HOST}/addin/"`, `http://${HOST}/addin/"`), /https/],
      ["a task pane on another host", (x) => x.replace(`DefaultValue="https://${HOST}/addin/" />\n      </bt:Urls>`, `DefaultValue="https://evil.example/addin/" />\n      </bt:Urls>`), /evil\.example/],
      ["no read-mode surface", (x) => x.replace('xsi:type="MessageReadCommandSurface"', 'xsi:type="MessageComposeCommandSurface"'), /MessageReadCommandSurface/],
      ["no ShowTaskpane action", (x) => x.replace('<Action xsi:type="ShowTaskpane">', '<Action xsi:type="ExecuteFunction">'), /ShowTaskpane/],
      ["an undefined resource id", (x) => x.replace('<Label resid="Tandem.Button.Label" />', '<Label resid="Tandem.Nope" />'), /Tandem\.Nope/],
      ["no Mailbox requirement", (x) => x.replace('<Set Name="Mailbox" MinVersion="1.1" />', ""), /Mailbox/],
      ["no SupportUrl", (x) => x.replace(/<SupportUrl [^>]*\/>/, ""), /SupportUrl/],
      ["AppDomains without the host", (x) => x.replace(`<AppDomain>https://${HOST}</AppDomain>`, ""), /AppDomains/],
      ["a placeholder left", (x) => x.replace("<DefaultLocale>en-US", "<DefaultLocale>${{LOCALE}}"), /placeholder/],
    ];
    for (const [what, breakIt, expected] of broken) {
      it(`fails on ${what}`, () => {
        const xml = breakIt(filledXml());
        assert.notEqual(xml, filledXml(), "the test did not change the manifest");
        const problems = xmlValid(xml);
        assert.ok(problems.length > 0, "a broken manifest passed");
        assert.ok(problems.some((p) => expected.test(p)), `expected ${expected} in:\n${problems.join("\n")}`);
      });
    }
  });
});
