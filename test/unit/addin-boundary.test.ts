import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TEAMS_APP = path.join(ROOT, "teams-app");
const KIT = path.join(TEAMS_APP, "src", "kit", "index.ts");

/** Every module specifier in `source`: static imports, re-exports, dynamic imports. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]!);
  return found;
}

/** The imports of `file` (whose text is `source`) that reach into teams-app anywhere but the kit's index. */
function deepTabImports(file: string, source: string): string[] {
  return specifiers(source).filter((s) => {
    if (!s.startsWith(".")) return false;
    const target = path.resolve(path.dirname(file), s);
    return (target === TEAMS_APP || target.startsWith(TEAMS_APP + path.sep)) && target !== KIT;
  });
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|js|jsx|mts)$/.test(d.name) ? [p] : [];
  });
}

describe("the add-in's boundary with the tab", () => {
  it("imports teams-app only through teams-app/src/kit/index.ts", () => {
    const files = sourceFiles(path.join(ROOT, "addin", "src"));
    assert.ok(files.length > 3, "addin/src has its sources");
    const offending = files.flatMap((f) => deepTabImports(f, fs.readFileSync(f, "utf8")).map((s) => `${path.relative(ROOT, f)}: ${s}`));
    assert.deepEqual(offending, [], "the add-in imports the tab's modules directly: export what it needs from teams-app/src/kit/index.ts instead");
  });

  it("finds a deep import in every form the add-in could write it", () => {
    const file = path.join(ROOT, "addin", "src", "Example.tsx");
    const source = [
      'import { Api } from "../../teams-app/src/api.ts";',
      'import type { FieldErrors } from "../../teams-app/src/mine/errors.ts";',
      'export { useT } from "../../teams-app/src/i18n.ts";',
      'import "../../teams-app/src/main.tsx";',
      'const Lazy = lazy(() => import("../../teams-app/src/components/DevSignIn.tsx"));',
      'import {\n  a,\n  b,\n} from "../../teams-app/src/kit/other.ts";',
      'import { kit } from "../../teams-app/src/kit/index.ts";',
      'import { t } from "../../shared/strings/index.ts";',
      'import { x } from "./prefill.ts";',
    ].join("\n");
    assert.deepEqual(deepTabImports(file, source), [
      "../../teams-app/src/api.ts",
      "../../teams-app/src/mine/errors.ts",
      "../../teams-app/src/i18n.ts",
      "../../teams-app/src/kit/other.ts",
      "../../teams-app/src/main.tsx",
      "../../teams-app/src/components/DevSignIn.tsx",
    ]);
  });

  it("builds without the tab's build output: nothing in the add-in reads teams-app/dist", () => {
    const files = [...sourceFiles(path.join(ROOT, "addin", "src")), path.join(ROOT, "addin", "build.ts")];
    const readers = files.filter((f) => /teams-app[\\/]+dist/.test(fs.readFileSync(f, "utf8")));
    assert.deepEqual(readers.map((f) => path.relative(ROOT, f)), []);
  });

  it("the kit's index exports what the add-in uses, each resolving to a real module", async () => {
    const kit = await import("../../teams-app/src/kit/index.ts");
    for (const name of ["Api", "ApiError", "apiFormErrors", "ClockBadge", "StatusBadge", "devToken", "forgetDevToken", "formatTime", "LocaleContext", "useLocale", "useT", "loadDevSignIn"]) {
      assert.ok((kit as Record<string, unknown>)[name] !== undefined, `the kit exports ${name}`);
    }
    const signIn = await kit.loadDevSignIn();
    assert.equal(typeof signIn.DevSignIn, "function");
  });
});
