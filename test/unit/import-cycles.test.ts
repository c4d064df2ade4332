import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { importCycles, importGraph, importSpecifiers } from "../support/import-graph.ts";

describe("import cycles", () => {
  describe("the finder", () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), "tandem-cycles-"));
      mkdirSync(join(dir, "a"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, text: string) => writeFileSync(join(dir, name), text);

    it("finds a cycle through a type-only import, a re-export and a folder index, and names the way around it", () => {
      file("app.ts", 'import { routes } from "./routes.ts";\nexport interface App { x: number }\n');
      file("routes.ts", 'export { stream } from "./a";\nexport const routes = 1;\n');
      file("a/index.ts", 'import type { App } from "../app.ts";\nexport const stream = (a: App) => a;\n');
      file("leaf.ts", 'import { routes } from "./routes.ts";\n');
      const cycles = importCycles(importGraph([dir])).map((c) => c.map((f) => relative(dir, f)));
      assert.deepEqual(cycles, [["a/index.ts", "app.ts", "routes.ts", "a/index.ts"]]);
    });

    it("finds a file importing itself and a dynamic import, and nothing in a line of a comment", () => {
      file("self.ts", 'export const me = () => import("./self.ts");\n');
      file("x.ts", '/**\n * import { y } from "./y.ts";\n * also import("./y.ts")\n */\nexport const x = 1;\n');
      file("y.ts", 'import { x } from "./x.ts";\nexport const y = x;\n');
      const cycles = importCycles(importGraph([dir])).map((c) => c.map((f) => relative(dir, f)));
      assert.deepEqual(cycles, [["self.ts", "self.ts"]]);
    });

    it("reads multi-line, side-effect and inline type imports, and no string of an export that is not a re-export", () => {
      const text = [
        'import {\n  a,\n  type B,\n} from "./one.ts";',
        'import "./two.ts";',
        'export * from "./three.ts";',
        'export const label = "./not-a-module.ts";',
        'function f(d: import("./four.ts").D) {}',
        'import fs from "node:fs";',
      ].join("\n");
      assert.deepEqual(importSpecifiers(text), ["./one.ts", "./two.ts", "./three.ts", "node:fs", "./four.ts"]);
    });
  });
});
