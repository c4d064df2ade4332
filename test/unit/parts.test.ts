import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { findings, partViolations, ROOT, RULES, type SourceFile } from "../support/parts.ts";

const rule = (start: string) => RULES.find((r) => r.name.startsWith(start))!;
/** What `ruleName` finds in one file: the offending specifiers only. */
const found = (start: string, path: string, text: string) =>
  findings(rule(start), [{ path, text } satisfies SourceFile]).map((line) => line.slice(`${path}: `.length).replace(/ \(.*$/, ""));

describe("DESIGN.md parts: the dependency direction", () => {
  it("the tree keeps every rule, with no import cycle in bot/ or shared/", () => {
    assert.deepEqual(partViolations(ROOT), []);
  });

  it("shared/ stays pure: node: modules, packages with I/O and fetch are found, in code but not in comments", () => {
    const text = 'import fs from "node:fs";\n// import x from "@azure/data-tables";\nimport { z } from "zod";\nimport { TableClient } from "@azure/data-tables";\nconst r = await fetch(url);\n/* fetch(x) */\n';
    assert.deepEqual(found("shared/ is pure", "shared/x.ts", text), ["node:fs", "@azure/data-tables", "fetch()"]);
    assert.deepEqual(found("shared/ imports no other part", "shared/sla/x.ts", 'import { log } from "../../bot/telemetry/log.ts";\nimport { a } from "../zone.ts";'), ["../../bot/telemetry/log.ts"]);
  });

  it("Bot Framework is found outside bot/teams/ and let through inside it", () => {
    assert.deepEqual(found("only bot/teams/", "bot/service/x.ts", 'import { CardFactory } from "botbuilder";\nimport { x } from "botframework-connector";'), ["botbuilder", "botframework-connector"]);
    assert.deepEqual(findings(rule("only bot/teams/"), [{ path: "bot/teams/cards.ts", text: 'import { CardFactory } from "botbuilder";' }]), []);
  });

  it("the web apps importing the service, the add-in importing the tab or a deep web/ module, and web/ importing an app are found", () => {
    assert.deepEqual(found("the web apps speak HTTP", "teams-app/src/x.ts", 'import { config } from "../../bot/config.ts";'), ["../../bot/config.ts"]);
    const addin = [
      'import { Api } from "../../teams-app/src/api.ts";',
      'export { useT } from "../../teams-app/src/i18n.ts";',
      'import {\n  a,\n  b,\n} from "../../teams-app/src/kit/other.ts";',
      'const Lazy = lazy(() => import("../../teams-app/src/components/DevSignIn.tsx"));',
      'import { kit } from "../../web/index.ts";',
      'import { y } from "../../teams-application/z.ts";',
    ].join("\n");
    assert.deepEqual(found("the add-in never imports the tab", "addin/src/x.tsx", addin), [
      "../../teams-app/src/api.ts",
      "../../teams-app/src/i18n.ts",
      "../../teams-app/src/kit/other.ts",
      "../../teams-app/src/components/DevSignIn.tsx",
    ]);
    assert.deepEqual(found("the add-in never imports the tab", "addin/build.ts", 'const out = "../teams-app/dist/tab.js";'), ["teams-app/dist"]);
    assert.deepEqual(found("the add-in takes web/", "addin/src/x.tsx", 'import { Api } from "../../web/api.ts";\nimport { kit } from "../../web/index.ts";\nimport { w } from "../../webby/index.ts";'), ["../../web/api.ts"]);
    assert.deepEqual(found("web/ never imports", "web/badges.tsx", 'import { C } from "../teams-app/src/components/clock-color.ts";\nimport { P } from "../addin/src/prefill.ts";\nimport { f } from "./format.ts";'), ["../teams-app/src/components/clock-color.ts", "../addin/src/prefill.ts"]);
  });

  it("`npm run check:parts` fails on a tree that breaks a rule, naming the file, the rule and the way out", () => {
    const dir = mkdtempSync(join(tmpdir(), "tandem-parts-"));
    try {
      const file = (path: string, text: string) => {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      file("shared/clock.ts", 'export const now = () => Date.now();\n');
      file("bot/a.ts", 'import { b } from "./b.ts";\nexport const a = 1;\n');
      file("bot/b.ts", 'import { a } from "./a.ts";\nexport const b = a;\n');
      file("addin/src/pane.tsx", 'import { Board } from "../../teams-app/src/Board.tsx";\n');
      const run = spawnSync(process.execPath, ["--no-deprecation", "--import", "tsx", join(ROOT, "test/support/check-parts.ts"), dir], { encoding: "utf8" });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /addin\/src\/pane\.tsx: \.\.\/\.\.\/teams-app\/src\/Board\.tsx \(the add-in never imports the tab; move what both need into web\//);
      assert.match(run.stderr, /bot\/a\.ts -> bot\/b\.ts -> bot\/a\.ts \(no import cycles/);
      file("addin/src/pane.tsx", 'import { Api } from "../../web/index.ts";\n');
      file("bot/b.ts", 'export const b = 2;\n');
      assert.equal(spawnSync(process.execPath, ["--no-deprecation", "--import", "tsx", join(ROOT, "test/support/check-parts.ts"), dir]).status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
