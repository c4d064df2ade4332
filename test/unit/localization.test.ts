import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { additionalLanguages, LOCALIZATION_SCHEMA_FILE, parseKeyPath, validateLocalization } from "../../appPackage/localization.ts";
import { escapeJson, fillPlaceholders } from "../../appPackage/package.ts";
import { teamsSchemaPath } from "../../appPackage/validate.ts";
import { parseCommand } from "../../shared/commands.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const VARS = {
  TEAMS_APP_ID: "6f1c2a0e-3b7d-4c55-9a1e-2d4b8f0c9e11",
  APP_VERSION: "1.2.3",
  PUBLIC_HOST: "tandem.contoso.example",
  ENTRA_CLIENT_ID: "2b8e7d44-91c3-4f0a-8e6b-5c1d0a7f3e22",
  BOT_ID: "9a0d3c55-7e21-4b8f-a6c4-1e3f5b7d9c33",
  APP_NAME_SUFFIX: " (dev)",
  DEVELOPER_NAME: "Contoso",
  PRIVACY_URL: "https://contoso.example/privacy",
  TERMS_URL: "https://contoso.example/terms",
};
const fill = (rel: string) => JSON.parse(fillPlaceholders(fs.readFileSync(path.join(ROOT, rel), "utf8"), VARS, escapeJson));
const manifest = () => fill("appPackage/manifest.json");
const es = () => fill("appPackage/es.json");
const check = (loc: unknown, m = manifest()) => validateLocalization(loc, m, { file: "es.json", languageTag: "es" });

describe("Spanish manifest localization (appPackage/es.json)", () => {
  it("the manifest names es.json for Spanish, English being the default", () => {
    const m = manifest();
    assert.equal(m.localizationInfo.defaultLanguageTag, "en-us");
    assert.deepEqual(m.localizationInfo.additionalLanguages, [{ languageTag: "es", file: "es.json" }]);
    assert.deepEqual(additionalLanguages(m), { languages: [{ languageTag: "es", file: "es.json" }], problems: [] });
  });

  it("filled, validates against the Teams localization schema shipped with the manifest's, and covers the manifest", () => {
    assert.ok(fs.existsSync(teamsSchemaPath(undefined, LOCALIZATION_SCHEMA_FILE)));
    assert.deepEqual(check(es()), []);
    assert.equal(es()["name.short"], "Tandem (dev)");
  });

  it("covers every bot command, the tab, the message action and the Outlook ribbon", () => {
    const m = manifest();
    const loc = es();
    m.bots[0].commandLists.forEach((list: any, l: number) =>
      list.commands.forEach((c: any, i: number) => {
        const title = loc[`bots[0].commandLists[${l}].commands[${i}].title`];
        assert.ok(title, `no Spanish title for ${c.title}`);
        assert.ok(loc[`bots[0].commandLists[${l}].commands[${i}].description`], `no Spanish description for ${c.title}`);
        const parsed = parseCommand(title);
        assert.equal(parsed.ok ? parsed.command.name : parsed.name, c.title, `"${title}" is the bot's ${c.title}`);
      }),
    );
    assert.equal(loc["staticTabs[0].name"], "Mis solicitudes");
    assert.equal(loc["composeExtensions[0].commands[0].title"], "Crear solicitud");
    assert.ok(loc["composeExtensions[0].commands[0].description"]);
    assert.equal(loc["extensions[0].ribbons[0].tabs[0].groups[0].controls[0].label"], "Solicitud de Tandem");
    assert.ok(loc["extensions[0].ribbons[0].tabs[0].groups[0].controls[0].supertip.description"]);
  });

  it("speaks to the user as tú, like the app's Spanish strings", () => {
    const text = Object.values(es()).join(" ");
    assert.doesNotMatch(text, /\b(usted|su solicitud|cree|convierta|elija|pida|escriba)\b/i);
    assert.match(text, /\b(tus|créala|convierte|haz|mira)\b/);
  });

  it("reads manifest paths in the localization file's syntax", () => {
    assert.deepEqual(parseKeyPath("bots[0].commandLists[1].commands[2].title"), ["bots", 0, "commandLists", 1, "commands", 2, "title"]);
    assert.deepEqual(parseKeyPath("name.short"), ["name", "short"]);
    assert.equal(parseKeyPath("bots[x].title"), undefined);
    assert.equal(parseKeyPath("bots..title"), undefined);
  });

  describe("the validator bites", () => {
    const broken: Array<[string, (loc: any, m: any) => void, RegExp]> = [
      ["a key that points at nothing", (loc) => (loc["bots[0].commandLists[0].commands[10].title"] = "ayuda"), /commands\[10\]\.title: the manifest has nothing there/],
      ["a key the manifest has but not as text", (loc) => (loc["staticTabs[2].name"] = "Chat"), /staticTabs\[2\]\.name: the manifest has nothing there/],
      ["a key that is not a path", (loc) => (loc["bots[0]..title"] = "x"), /bots\[0\]\.\.title: not a manifest path/],
      ["a command without its Spanish title", (loc) => delete loc["bots[0].commandLists[1].commands[5].title"], /commands\[5\]\.title: no es text for "assign"/],
      ["a command the manifest gained in English only", (_loc, m) => m.bots[0].commandLists[1].commands.push({ title: "cancel", description: "cancel IT-42" }), /commands\[8\]\.title: no es text for "cancel"/],
      ["a title the bot does not understand", (loc) => (loc["bots[0].commandLists[0].commands[4].title"] = "fila"), /"fila" is not a command the bot understands/],
      ["a title that runs another command", (loc) => (loc["bots[0].commandLists[0].commands[5].title"] = "asignar"), /"asignar" runs assign, the English title "take" runs take/],
      ["the tab's name missing", (loc) => delete loc["staticTabs[0].name"], /staticTabs\[0\]\.name: no es text for "My requests"/],
      ["the message action's title missing", (loc) => delete loc["composeExtensions[0].commands[0].title"], /composeExtensions\[0\]\.commands\[0\]\.title: no es text/],
      ["a ribbon label missing", (loc) => delete loc["extensions[0].ribbons[0].tabs[0].groups[0].controls[0].supertip.title"], /supertip\.title: no es text/],
      ["a message action title over 32 characters", (loc) => (loc["composeExtensions[0].commands[0].title"] = "Crear una solicitud a partir de este mensaje"), /schema: .*composeExtensions\[0\]\.commands\[0\]\.title.*32/],
      ["a key the schema does not allow", (loc) => (loc["developer.name"] = "Contoso"), /additional properties/],
      ["the required short description missing", (loc) => delete loc["description.short"], /description\.short/],
      ["a placeholder left", (loc) => (loc["name.full"] = "Tandem${{APP_NAME_SUFFIX}}"), /name\.full: placeholder not filled/],
    ];
    for (const [what, breakIt, expected] of broken) {
      it(`fails on ${what}`, () => {
        const loc = es();
        const m = manifest();
        breakIt(loc, m);
        const problems = check(loc, m);
        assert.ok(problems.length > 0, "a broken localization passed");
        assert.ok(problems.some((p) => expected.test(p)), `expected ${expected} in:\n${problems.join("\n")}`);
      });
    }

    it("fails on languages listed wrongly in the manifest", () => {
      const m = manifest();
      m.localizationInfo.additionalLanguages = [
        { languageTag: "en-US", file: "en.json" },
        { languageTag: "es", file: "../es.json" },
        { languageTag: "ES", file: "es2.json" },
        { languageTag: "es", file: "es3.json" },
      ];
      const { problems, languages } = additionalLanguages(m);
      assert.deepEqual(languages.map((l) => l.file), ["en.json", "es2.json", "es3.json"]);
      assert.ok(problems.some((p) => /en-US is already the default language/.test(p)), problems.join("\n"));
      assert.ok(problems.some((p) => /additionalLanguages\/1\/file must be a \.json file beside manifest\.json/.test(p)), problems.join("\n"));
      assert.ok(problems.some((p) => /additionalLanguages\/3: es is listed twice/.test(p)), problems.join("\n"));
    });

    it("fails on something that is not a localization file at all", () => {
      assert.ok(check([]).length > 0);
      assert.ok(check(null).length > 0);
    });
  });
});
