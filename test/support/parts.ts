/**
 * DESIGN.md "Parts", as rules over the source tree: which part may import which. `npm run build`
 * runs them first (test/support/check-parts.ts), so a wrong import fails the build with the rule
 * and the way out; test/unit/parts.test.ts shows each rule catching what it is for.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { importCycles, importGraph, importSpecifiers } from "./import-graph.ts";

/** One source file as a rule sees it: path relative to the root (with "/"), and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** A rule: the files it reads, and what in one of them breaks it. */
interface Rule {
  name: string;
  /** What to do instead, shown with every finding. */
  fix: string;
  /** Folders (or files) it reads, relative to the root. */
  reads: string[];
  /** Files under `reads` it leaves alone. */
  skip?: (path: string) => boolean;
  find: (file: SourceFile) => string[];
}

/** Packages shared/ may use: pure ones, no I/O. */
const SHARED_MAY_USE = new Set(["zod"]);
const BOT_FRAMEWORK = /^(botbuilder|botframework-)/;
const PRODUCT = ["bot", "shared", "teams-app", "addin", "web"];

const packages = (f: SourceFile) => importSpecifiers(f.text).filter((s) => !s.startsWith("."));
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");

/** The relative imports of `f` that land in one of `parts` (folders or files, root-relative). */
function importsInto(f: SourceFile, parts: string[], except: string[] = []): string[] {
  return importSpecifiers(f.text).filter((s) => {
    if (!s.startsWith(".")) return false;
    const target = toPath(join(dirname(f.path), s));
    return parts.some((p) => target === p || target.startsWith(`${p}/`)) && !except.includes(target);
  });
}

const toPath = (p: string) => p.split(sep).join("/");

export const RULES: Rule[] = [
  {
    name: "shared/ is pure: no node: module, no package with I/O, no fetch",
    fix: "do the I/O in bot/ or web/ and hand shared/ the data",
    reads: ["shared"],
    find: (f) => [
      ...packages(f).filter((p) => !SHARED_MAY_USE.has(p.split("/")[0]!)),
      ...(/\bfetch\s*\(/.test(withoutComments(f.text)) ? ["fetch()"] : []),
    ],
  },
  {
    name: "shared/ imports no other part",
    fix: "move what shared/ needs into shared/",
    reads: ["shared"],
    find: (f) => importsInto(f, PRODUCT.filter((p) => p !== "shared")),
  },
  {
    name: "only bot/teams/ imports Bot Framework",
    fix: "call a service from bot/teams/ instead; the domain never sees an activity",
    reads: PRODUCT,
    skip: (p) => p.startsWith("bot/teams/"),
    find: (f) => packages(f).filter((p) => BOT_FRAMEWORK.test(p)),
  },
  {
    name: "the web apps speak HTTP: teams-app/, addin/ and web/ never import bot/",
    fix: "call the API (web/api.ts); put shared rules in shared/",
    reads: ["teams-app", "addin", "web"],
    find: (f) => importsInto(f, ["bot"]),
  },
  {
    name: "the add-in never imports the tab",
    fix: "move what both need into web/ and export it from web/index.ts",
    reads: ["addin"],
    find: (f) => [...importsInto(f, ["teams-app"]), ...(/teams-app[\\/]+dist/.test(f.text) ? ["teams-app/dist"] : [])],
  },
  {
    name: "the add-in takes web/ only through web/index.ts",
    fix: "export what it needs from web/index.ts",
    reads: ["addin/src"],
    find: (f) => importsInto(f, ["web"], ["web/index.ts"]),
  },
  {
    name: "web/ never imports the tab or the add-in",
    fix: "move the module into web/ too, or leave the caller in its app",
    reads: ["web"],
    find: (f) => importsInto(f, ["teams-app", "addin"]),
  },
];

function sourcesUnder(root: string, part: string): string[] {
  const full = join(root, part);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [part];
  return readdirSync(full, { withFileTypes: true }).flatMap((e) => {
    const rel = `${part}/${e.name}`;
    if (e.isDirectory()) return ["node_modules", "dist", "public"].includes(e.name) || e.name.startsWith(".") ? [] : sourcesUnder(root, rel);
    return /\.(ts|tsx|mts|js|jsx)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** What `rule` finds in `files`, as "path: what (rule; fix)" lines. */
export function findings(rule: Rule, files: SourceFile[]): string[] {
  return files
    .filter((f) => !rule.skip?.(f.path))
    .flatMap((f) => rule.find(f).map((what) => `${f.path}: ${what} (${rule.name}; ${rule.fix})`));
}

/** Every breach of DESIGN.md "Parts" in the tree at `root`, import cycles in bot/ and shared/ included. */
export function partViolations(root: string): string[] {
  const read = (path: string): SourceFile => ({ path, text: readFileSync(join(root, path), "utf8") });
  const out = RULES.flatMap((rule) => findings(rule, rule.reads.flatMap((p) => sourcesUnder(root, p)).map(read)));
  for (const cycle of importCycles(importGraph([join(root, "bot"), join(root, "shared")]))) {
    out.push(`${cycle.map((f) => toPath(relative(root, f))).join(" -> ")} (no import cycles; bot/app.ts wires, narrow interfaces break the loop)`);
  }
  return out;
}

/** The repository's root. */
export const ROOT = resolve(import.meta.dirname, "../..");
