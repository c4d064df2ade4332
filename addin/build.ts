/**
 * Builds the Outlook add-in's task pane into addin/dist (served by the service at /addin/):
 * the same esbuild set-up as the tab (web/build.ts buildWebApp), plus auth.html (the
 * sign-in dialog's page: index.html under another name) and assets/icon-<size>.png (the
 * manifests' icons, drawn by appPackage/icons.ts). `npm run build` runs it.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeAddinIcons } from "../appPackage/icons.ts";
import { buildWebApp, firstLoadOf } from "../web/build.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ADDIN_DIST = path.join(here, "dist");

export async function buildAddin(opts: { quiet?: boolean } = {}): Promise<{ bytes: number; firstLoadGzip: number }> {
  const { bytes, dist } = await buildWebApp({
    root: here,
    entry: path.join(here, "src", "main.tsx"),
    extra: (dir) => {
      fs.copyFileSync(path.join(dir, "index.html"), path.join(dir, "auth.html"));
      // The ribbon and store icons both manifests load from /addin/assets/.
      writeAddinIcons(path.join(dir, "assets"));
    },
  });
  const first = firstLoadOf(dist);
  if (!opts.quiet) console.log(`addin: built dist/app.js (${Math.round(bytes / 1024)} KB; first load ${Math.round(first.gzip / 1024)} KB gzip)`);
  return { bytes, firstLoadGzip: first.gzip };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildAddin();
}
