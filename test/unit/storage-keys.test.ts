import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { importGraph } from "../support/import-graph.ts";

const ROOT = resolve(import.meta.dirname, "../..");

// Key formats belong to bot/storage: a service that builds or parses a row key breaks when the
// layout changes (and an upgrade rewrites it), so services speak in requests, claims and instants.
describe("storage keys stay in storage", () => {
  const graph = importGraph([join(ROOT, "bot")]);
  const layers = [...graph.keys()].filter((f) => /^bot\/(service|scheduler)\//.test(relative(ROOT, f)));

  it("services and the scheduler import no entity layout (bot/storage/*-entity.ts)", () => {
    assert.ok(layers.length >= 8, `the walk found the services (${layers.length})`);
    const leaks = layers.flatMap((f) => graph.get(f)!.filter((to) => /bot\/storage\/[^/]+-entity\.ts$/.test(to)).map((to) => `${relative(ROOT, f)} -> ${relative(ROOT, to)}`));
    assert.deepEqual(leaks, []);
  });

  it("services and the scheduler build no partition or row keys (partition helpers, ...Rk( calls, `c|` prefixes)", () => {
    const KEY_USE = /\.partition\(|\bpartitionOf\(|\b[a-z][A-Za-z]*Rk\(|`[a-z]\|\$\{/;
    const leaks = layers.flatMap((f) =>
      readFileSync(f, "utf8").split("\n").flatMap((line, i) => (KEY_USE.test(line) ? [`${relative(ROOT, f)}:${i + 1}: ${line.trim()}`] : [])),
    );
    assert.deepEqual(leaks, []);
  });
});
