/**
 * Builds the Teams tab into teams-app/dist (served by the service at /tab/): one minified
 * bundle, its CSS-in-JS included (Fluent UI v9 styles at run time), and index.html.
 * `npm run build` runs it; `npm start` and `npm test` build first.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildWebApp, firstLoadOf } from "../web/build.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, "dist");

export async function buildTab(opts: { quiet?: boolean } = {}): Promise<{ bytes: number }> {
  const { bytes } = await buildWebApp({ root: here, entry: path.join(here, "src", "main.tsx") });
  if (!opts.quiet) console.log(`teams-app: built dist/app.js (${Math.round(bytes / 1024)} KB)`);
  return { bytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildTab();
}

/**
 * What a browser downloads to show `page` first (views/<page>.tsx): index.html, app.js and the
 * chunks both import up front, gzipped as the service sends them. From the last build's metafile.
 */
export function firstLoadBytes(page: string): { files: string[]; gzip: number; raw: number } {
  return firstLoadOf(dist, page);
}

