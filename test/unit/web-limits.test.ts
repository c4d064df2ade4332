import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { build, type Metafile } from "esbuild";
import { createRequestSchema, parse } from "../../shared/validation/index.ts";
import { LIMITS } from "../../shared/validation/limits.ts";
import { titleFromSubject } from "../../addin/src/prefill.ts";

const LIMITS_FILE = "shared/validation/limits.ts";
/** What the web apps may take from shared/validation: the numbers and the text cutting, none of them importing zod. */
const BROWSER_SAFE = new Set([LIMITS_FILE, "shared/validation/text-cleaning.ts", "shared/validation/attachments.ts"]);
/** The forms that enforce the API's limits before sending. */
const FORMS = ["teams-app/src/mine/NewRequestForm.tsx", "teams-app/src/board/ActionDialog.tsx", "addin/src/App.tsx", "addin/src/prefill.ts"];

/** The module graph esbuild sees when it bundles `entries` (npm packages left out, so it is quick). */
async function graph(entries: string[]): Promise<Metafile> {
  const r = await build({ entryPoints: entries, bundle: true, write: false, metafile: true, packages: "external", outdir: "out", format: "esm", jsx: "automatic", logLevel: "silent" });
  return r.metafile;
}

describe("web forms and the API share one set of limits", () => {
  let meta: Metafile;
  before(async () => {
    meta = await graph(["teams-app/src/main.tsx", "addin/src/main.tsx"].filter((f) => fs.existsSync(f)).concat(FORMS));
  });

  it("each form imports the limits module itself", () => {
    for (const form of FORMS) {
      const input = meta.inputs[form];
      assert.ok(input, `${form} is not in the bundle`);
      assert.ok(
        input.imports.some((i) => i.path === LIMITS_FILE),
        `${form} does not import ${LIMITS_FILE}: ${JSON.stringify(input.imports.map((i) => i.path))}`,
      );
    }
  });

  it("the web bundles take nothing of shared/validation but zod-free modules, and never zod", () => {
    const taken = Object.keys(meta.inputs).filter((f) => f.startsWith("shared/validation/"));
    assert.deepEqual(taken.filter((f) => !BROWSER_SAFE.has(f)), []);
    // Browser-safe modules import nothing, or only each other (the attachment rules read the numbers).
    for (const f of BROWSER_SAFE) assert.deepEqual((meta.inputs[f]?.imports ?? []).filter((i) => !BROWSER_SAFE.has(i.path)), [], `${f} must import nothing but the limits`);
    const external = Object.values(meta.inputs).flatMap((i) => i.imports.filter((x) => x.external).map((x) => x.path));
    assert.ok(!external.some((p) => p === "zod" || p.startsWith("zod/")), "a web bundle imports zod");
  });

  it("no web source writes a limit down again", () => {
    const copies: string[] = [];
    for (const root of ["web", "teams-app/src", "addin/src"]) {
      for (const file of fs.readdirSync(root, { recursive: true }) as string[]) {
        if (!/\.tsx?$/.test(file)) continue;
        const src = fs.readFileSync(path.join(root, file), "utf8");
        // maxLength={200} or TITLE_MAX = 200: a number where the limit should be read.
        for (const m of src.matchAll(/maxLength=\{\s*[\d_]+\s*\}|\b[A-Z_]*MAX\s*=\s*[\d_]+/g)) copies.push(`${root}/${file}: ${m[0]}`);
      }
    }
    assert.deepEqual(copies, []);
  });

  it("what the add-in prefills at the limit, the API accepts; one character more, it refuses with the same limit", () => {
    const title = titleFromSubject("x".repeat(LIMITS.titleMax * 2));
    assert.equal([...title].length, LIMITS.titleMax);
    assert.ok(parse(createRequestSchema, { department: "IT", title }).ok);
    const r = parse(createRequestSchema, { department: "IT", title: "x".repeat(LIMITS.titleMax + 1) });
    assert.ok(!r.ok);
    assert.deepEqual(r.error.details.map((d) => [d.field, d.code, d.limit]), [["title", "too_long", LIMITS.titleMax]]);
  });
});
