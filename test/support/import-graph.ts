/**
 * The import graph of a tree of TypeScript files, and its cycles. Read from the source text,
 * not from a bundler: a bundler drops `import type`, and a cycle through types still ties the
 * files together (neither can be changed, moved or tested without the other).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** File -> the files it imports (relative specifiers that name a file of the graph's trees). */
export type ImportGraph = Map<string, string[]>;

// Import and export declarations start a line (the formatter puts them there), which keeps
// examples in doc comments out. Dynamic imports and `import("x").T` types count too.
const DECLARATION = /^(import|export)\b([^;]*?)["']([^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
const COMMENT_LINE = /^\s*(?:\/\/|\/\*|\*)/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "node_modules") sourceFiles(path, out);
    } else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** The specifiers a file imports, in the order they appear. */
export function importSpecifiers(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(DECLARATION)) {
    // `export const x = ...` also starts a line: only a `from` (or a bare `import "x"`) names a module.
    const [, keyword, before, spec] = m;
    if (/\sfrom\s*$/.test(before!) || (keyword === "import" && before!.trim() === "")) specs.push(spec!);
  }
  for (const line of text.split("\n")) {
    if (COMMENT_LINE.test(line)) continue;
    for (const m of line.matchAll(DYNAMIC)) specs.push(m[1]!);
  }
  return specs;
}

function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** The import graph of every .ts/.tsx file under `dirs`; edges to files outside them are left out. */
export function importGraph(dirs: string[]): ImportGraph {
  const files = dirs.flatMap((d) => sourceFiles(d));
  const inside = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const targets = importSpecifiers(readFileSync(file, "utf8"))
      .map((s) => resolveSpecifier(file, s))
      .filter((t): t is string => t !== undefined && inside.has(t));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * The cycles of a graph: each strongly connected component of more than one file (or a file
 * importing itself), as one path around it that starts and ends at the same file.
 */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  // Tarjan's algorithm, iterative so that a deep chain of imports cannot overflow the stack.
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ file: string; edge: number }> = [{ file: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const edges = graph.get(top.file) ?? [];
      if (top.edge < edges.length) {
        const to = edges[top.edge++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ file: to, edge: 0 });
        } else if (onStack.has(to)) low.set(top.file, Math.min(low.get(top.file)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.file;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.file)!));
      }
      if (low.get(top.file) === index.get(top.file)) {
        const component: string[] = [];
        let f: string;
        do {
          f = stack.pop()!;
          onStack.delete(f);
          component.push(f);
        } while (f !== top.file);
        if (component.length > 1 || edges.includes(top.file)) components.push(component);
      }
    }
  }
  return components.map((c) => cyclePath(graph, new Set(c)));
}

/** One way around a strongly connected component: breadth-first from its first file back to it. */
function cyclePath(graph: ImportGraph, component: Set<string>): string[] {
  const start = [...component].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const to of graph.get(file) ?? []) {
      if (!component.has(to)) continue;
      if (to === start) {
        const between: string[] = [];
        for (let f = file; f !== start; f = cameFrom.get(f)!) between.unshift(f);
        return [start, ...between, start];
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, file);
        queue.push(to);
      }
    }
  }
  return [start, start];
}
