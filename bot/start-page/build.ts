/**
 * Builds the start page's script into bot/public/start.js (served at /start.js): its source,
 * bot/start-page/start.js, imports shared/sse.ts, so the page reads the live stream with the
 * same parser as the tab and the add-in. `npm run build:web` runs it.
 */
import { build } from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const START_SCRIPT = path.join(here, "..", "public", "start.js");

export async function buildStartPage(opts: { quiet?: boolean } = {}): Promise<{ bytes: number }> {
  const result = await build({
    entryPoints: [path.join(here, "start.js")],
    bundle: true,
    // index.html loads it with <script type="module">; not minified, so a newcomer reading the page's source can follow it.
    format: "esm",
    target: ["es2020", "chrome100", "edge100", "safari15"],
    legalComments: "none",
    write: false,
    logLevel: "warning",
  });
  const code = result.outputFiles[0]!.contents;
  // Written beside, then renamed: a running service never serves a half-written script.
  const next = `${START_SCRIPT}.${process.pid}.tmp`;
  fs.writeFileSync(next, code);
  fs.renameSync(next, START_SCRIPT);
  if (!opts.quiet) console.log(`start page: built bot/public/start.js (${Math.round(code.length / 1024)} KB)`);
  return { bytes: code.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildStartPage();
}
