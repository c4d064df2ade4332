import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TEAMS_APP = path.join(ROOT, "teams-app");
const WEB = path.join(ROOT, "web");
const KIT = path.join(WEB, "index.ts");

/** Every module specifier in `source`: static imports, re-exports, dynamic imports. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]!);
  return found;
}

const inside = (target: string, dir: string) => target === dir || target.startsWith(dir + path.sep);

/** The relative imports of `file` (whose text is `source`) whose resolved path `refused` rejects. */
function importsWhere(file: string, source: string, refused: (target: string) => boolean): string[] {
  return specifiers(source).filter((s) => s.startsWith(".") && refused(path.resolve(path.dirname(file), s)));
}

/** Imports of the tab, from anywhere. */
const tabImports = (file: string, source: string) => importsWhere(file, source, (t) => inside(t, TEAMS_APP));

/** Imports of web/ other than its index (the kit). */
const deepWebImports = (file: string, source: string) => importsWhere(file, source, (t) => inside(t, WEB) && t !== KIT);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "dist" || d.name === "node_modules" || d.name.startsWith(".") ? [] : sourceFiles(p);
    return /\.(ts|tsx|js|jsx|mts)$/.test(d.name) ? [p] : [];
  });
}

/** `find`'s hits over `files`, as "file: specifier" lines. */
function offending(files: string[], find: (file: string, source: string) => string[]): string[] {
  return files.flatMap((f) => find(f, fs.readFileSync(f, "utf8")).map((s) => `${path.relative(ROOT, f)}: ${s}`));
}

const addinSources = () => sourceFiles(path.join(ROOT, "addin", "src"));

describe("the add-in's boundary with the tab", () => {
  it("the add-in (its sources and its build) imports nothing under teams-app/", () => {
    const files = [...addinSources(), path.join(ROOT, "addin", "build.ts")];
    assert.ok(files.length > 3, "addin/src has its sources");
    assert.deepEqual(offending(files, tabImports), [], "the add-in imports the tab: move what both need into web/ and export it from web/index.ts");
  });

  it("the add-in's sources take web/ only through web/index.ts", () => {
    assert.deepEqual(offending(addinSources(), deepWebImports), [], "the add-in imports web/ modules directly: export what it needs from web/index.ts instead");
  });

  it("web/ imports nothing under teams-app/: the shared layer does not depend on the tab", () => {
    const files = sourceFiles(WEB);
    assert.ok(files.length > 3, "web/ has its sources");
    assert.deepEqual(offending(files, tabImports), [], "web/ imports the tab: move the module into web/ too, or leave the caller in teams-app/");
  });

  it("finds a tab import in every form the add-in could write it", () => {
    const file = path.join(ROOT, "addin", "src", "Example.tsx");
    const source = [
      'import { Api } from "../../teams-app/src/api.ts";',
      'import type { FieldErrors } from "../../teams-app/src/mine/errors.ts";',
      'export { useT } from "../../teams-app/src/i18n.ts";',
      'import "../../teams-app/src/main.tsx";',
      'const Lazy = lazy(() => import("../../teams-app/src/components/DevSignIn.tsx"));',
      'import {\n  a,\n  b,\n} from "../../teams-app/src/kit/other.ts";',
      'import { buildTab } from "../../teams-app/build.ts";',
      'import { kit } from "../../web/index.ts";',
      'import { t } from "../../shared/strings/index.ts";',
      'import { x } from "./prefill.ts";',
      'import { y } from "../../teams-application/z.ts";',
    ].join("\n");
    assert.deepEqual(tabImports(file, source), [
      "../../teams-app/src/api.ts",
      "../../teams-app/src/mine/errors.ts",
      "../../teams-app/src/i18n.ts",
      "../../teams-app/src/kit/other.ts",
      "../../teams-app/build.ts",
      "../../teams-app/src/main.tsx",
      "../../teams-app/src/components/DevSignIn.tsx",
    ]);
  });

  it("finds a deep web/ import and lets the kit's index through", () => {
    const file = path.join(ROOT, "addin", "src", "Example.tsx");
    const source = [
      'import { Api } from "../../web/api.ts";',
      'import { kit } from "../../web/index.ts";',
      'const Lazy = lazy(() => import("../../web/DevSignIn.tsx"));',
      'import { w } from "../../webby/index.ts";',
    ].join("\n");
    assert.deepEqual(deepWebImports(file, source), ["../../web/api.ts", "../../web/DevSignIn.tsx"]);
  });

  it("a web/ module reaching back into the tab is found", () => {
    const file = path.join(WEB, "badges.tsx");
    const source = 'import { CLOCK_COLOR } from "../teams-app/src/components/clock-color.ts";\nimport { formatTime } from "./format.ts";';
    assert.deepEqual(tabImports(file, source), ["../teams-app/src/components/clock-color.ts"]);
  });

  it("builds without the tab's build output: nothing in the add-in reads teams-app/dist", () => {
    const files = [...addinSources(), path.join(ROOT, "addin", "build.ts")];
    const readers = files.filter((f) => /teams-app[\\/]+dist/.test(fs.readFileSync(f, "utf8")));
    assert.deepEqual(readers.map((f) => path.relative(ROOT, f)), []);
  });

  it("the kit's index exports what the add-in uses, each resolving to a real module", async () => {
    const kit = await import("../../web/index.ts");
    for (const name of ["Api", "ApiError", "apiFormErrors", "ClockBadge", "StatusBadge", "devToken", "forgetDevToken", "formatTime", "LocaleContext", "useLocale", "useT", "loadDevSignIn"]) {
      assert.ok((kit as Record<string, unknown>)[name] !== undefined, `the kit exports ${name}`);
    }
    const signIn = await kit.loadDevSignIn();
    assert.equal(typeof signIn.DevSignIn, "function");
  });
});
