import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { importSpecifiers } from "../support/import-graph.ts";

/**
 * DESIGN.md "Parts": shared/ is pure (no I/O: every surface and bundle can use it), and only
 * the Teams edge (bot/teams/) speaks Bot Framework, so a move to the Agents SDK touches one folder.
 */
const ROOT = resolve(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (e.name !== "node_modules" && e.name !== "dist") out.push(...sources(rel));
    } else if (/\.(ts|tsx|js)$/.test(e.name)) out.push(rel);
  }
  return out;
}

/** The packages and node: modules a file imports (local paths left out). */
function packagesOf(rel: string): string[] {
  return importSpecifiers(readFileSync(join(ROOT, rel), "utf8")).filter((s) => !s.startsWith("."));
}

/** Packages shared/ may use: pure ones, no I/O. */
const SHARED_MAY_USE = new Set(["zod"]);
const BOT_FRAMEWORK = /^(botbuilder|botframework-)/;

describe("dependency direction (DESIGN.md parts)", () => {
  it("shared/ imports no node: module and no package but pure ones, and calls no fetch", () => {
    const files = sources("shared");
    assert.ok(files.length > 20, `found shared/'s files (${files.length})`);
    const bad: string[] = [];
    for (const f of files) {
      for (const p of packagesOf(f)) if (!SHARED_MAY_USE.has(p.split("/")[0]!)) bad.push(`${f} imports ${p}`);
      if (/\bfetch\s*\(/.test(readFileSync(join(ROOT, f), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""))) bad.push(`${f} calls fetch`);
    }
    assert.deepEqual(bad, []);
  });

  it("only bot/teams/ imports Bot Framework packages", () => {
    const bad: string[] = [];
    // The product's code; tests and benchmarks stand outside and may build activities themselves.
    for (const dir of ["bot", "shared", "teams-app", "addin"]) {
      for (const f of sources(dir)) {
        if (f.startsWith("bot/teams/")) continue;
        for (const p of packagesOf(f)) if (BOT_FRAMEWORK.test(p)) bad.push(`${f} imports ${p}`);
      }
    }
    assert.deepEqual(bad, []);
    assert.ok(sources("bot/teams").some((f) => packagesOf(f).some((p) => BOT_FRAMEWORK.test(p))), "the walk sees bot/teams/'s own botbuilder imports");
  });

  it("the checks see what they look for: a node: import and a package are found in a line of code, not in a comment", () => {
    assert.deepEqual(importSpecifiers('import fs from "node:fs";\n// import x from "botbuilder";\nimport { z } from "zod";\n'), ["node:fs", "zod"]);
  });
});
