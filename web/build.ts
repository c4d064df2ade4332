/**
 * The build both web apps share (the Teams tab, the Outlook add-in): one esbuild set-up and the
 * first-load measure, so the add-in builds without importing the tab (teams-app/build.ts and
 * addin/build.ts each call buildWebApp with their own root and entry).
 */
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

/**
 * Builds one web app (the tab, the Outlook add-in) into `<root>/dist`: `entry` as app.js with a
 * chunk per dynamic import, `<root>/index.html` beside it, .gz and .br copies of every script,
 * and meta.json (esbuild's metafile) for size checks. Built beside dist, then swapped in.
 */
export async function buildWebApp(o: { root: string; entry: string; /** Adds files to the new build before it is swapped in. */ extra?: (dir: string) => void }): Promise<{ bytes: number; dist: string }> {
  const root = o.root;
  const dist = path.join(root, "dist");
  // Built beside dist, then swapped in: a running service never serves a half-written bundle.
  const next = fs.mkdtempSync(path.join(root, ".dist-"));
  fs.chmodSync(next, 0o755);
  const result = await build({
    entryPoints: { app: o.entry },
    outdir: next,
    // Each page is its own chunk (views/Views.tsx loads them lazily): the first load carries the shell and one page.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    minify: true,
    sourcemap: "linked",
    format: "esm",
    target: ["es2020", "chrome100", "edge100", "safari15"],
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  fs.copyFileSync(path.join(root, "index.html"), path.join(next, "index.html"));
  // Compressed once here, so the service sends ~200 KB instead of ~850 KB (it picks by Accept-Encoding).
  for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith(".js"))) {
    const js = fs.readFileSync(file);
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(js, { level: 9 }));
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(js, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  }
  const bytes = fs.statSync(path.join(next, "app.js")).size;
  // Paths as they will be once swapped in (the build ran in a temporary folder).
  const tmpRel = path.relative(process.cwd(), next);
  const distRel = path.relative(process.cwd(), dist);
  fs.writeFileSync(path.join(next, "meta.json"), JSON.stringify(result.metafile).split(tmpRel).join(distRel));
  o.extra?.(next);
  const old = `${dist}.old-${process.pid}`;
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(next, dist);
  fs.rmSync(old, { recursive: true, force: true });
  return { bytes, dist };
}

/**
 * What a browser downloads first from a web app built into `dist`: index.html, app.js and the
 * chunks it imports up front (and, with `page`, that page's chunk and its static imports).
 */
export function firstLoadOf(distDir: string, page?: string): { files: string[]; gzip: number; raw: number } {
  const dist = path.resolve(distDir);
  const meta = JSON.parse(fs.readFileSync(path.join(dist, "meta.json"), "utf8")) as {
    outputs: Record<string, { imports: Array<{ path: string; kind: string }>; entryPoint?: string }>;
  };
  const outputs = Object.fromEntries(Object.entries(meta.outputs).map(([f, o]) => [path.resolve(f), o]));
  const files = new Set<string>();
  const add = (f: string) => {
    if (files.has(f) || !outputs[f]) return;
    files.add(f);
    for (const i of outputs[f].imports) if (i.kind === "import-statement") add(path.resolve(i.path));
  };
  add(path.join(dist, "app.js"));
  if (page !== undefined) {
    const chunk = Object.keys(outputs).find((f) => outputs[f].entryPoint?.endsWith(`/${page}.tsx`) && f.endsWith(".js"));
    if (!chunk) throw new Error(`no chunk for the page ${page}`);
    add(chunk);
  }
  const all = [path.join(dist, "index.html"), ...files];
  return {
    files: all.map((f) => path.relative(dist, f)),
    gzip: all.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(f)).length, 0),
    raw: all.reduce((n, f) => n + fs.statSync(f).size, 0),
  };
}
