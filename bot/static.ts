import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Request, Response, Server } from "restify";
import { BASE_HEADERS, pageHeaders, type PageKind } from "./security-headers.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".xml": "application/xml; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

export interface StaticOptions {
  /** Serve the builds' source maps (development: the browser's developer tools read them). */
  sourceMaps?: boolean;
}

/**
 * Serves the built web apps (`/tab/`, `/addin/`) and the start page, never outside their folders,
 * each page with its security policy (security-headers.ts). `pageSettings` fill the pages' empty
 * `<meta name="tandem:NAME" content="">` tags (the add-in's sign-in settings), so one build serves
 * every deployment. Build leftovers stay private: esbuild's metafile never, source maps only
 * with `sourceMaps` (they carry the whole source, comments included).
 */
export function serveStatic(server: Server, pageSettings: Record<string, string> = {}, opts: StaticOptions = {}) {
  const mounts: Array<[string, string, (file: string) => PageKind]> = [
    ["/tab", path.join(ROOT, "teams-app", "dist"), () => "tab"],
    ["/addin", path.join(ROOT, "addin", "dist"), () => "addin"],
    ["", path.join(ROOT, "bot", "public"), (file) => (path.basename(file) === "chat.html" ? "chat" : "start")],
  ];
  const authority = pageSettings.authority;
  const handler = async (req: Request, res: Response) => {
    let url: string;
    try {
      url = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    } catch {
      return notFound(res, "Not found: the address is not valid URL encoding.");
    }
    // Every browser asks for /favicon.ico on its own: the Teams app's icon (a copy in bot/public) answers, so no page logs a 404.
    if (url === "/favicon.ico") url = "/favicon.png";
    for (const [prefix, dir, kindOf] of mounts) {
      if (prefix && url !== prefix && !url.startsWith(`${prefix}/`)) continue;
      if (prefix && url === prefix) return redirect(res, `${prefix}/`);
      if (prefix && !fs.existsSync(dir)) {
        return notFound(res, `${prefix}/ is not built yet. The start page at / has a working desk on the same API.`);
      }
      let rel = url.slice(prefix.length) || "/";
      if (rel.endsWith("/")) rel += "index.html";
      const file = path.resolve(dir, `.${rel}`);
      if (!file.startsWith(dir + path.sep)) break;
      if (!servable(file, opts)) break;
      try {
        const encoding = await precompressed(file, String(req.headers["accept-encoding"] ?? ""));
        let body: Buffer = await fs.promises.readFile(encoding ? `${file}.${encoding.ext}` : file);
        const page = file.endsWith(".html");
        if (page) body = fillSettings(body, pageSettings);
        res.writeHead(200, {
          "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
          "Content-Length": body.length,
          "Cache-Control": page ? "no-cache" : "public, max-age=300",
          ...(page ? pageHeaders(kindOf(file), { authority }) : BASE_HEADERS),
          Vary: "Accept-Encoding",
          ...(encoding ? { "Content-Encoding": encoding.name } : {}),
        });
        res.end(body);
        return;
      } catch {
        break;
      }
    }
    notFound(res, `Not found: ${url}`);
  };
  server.get("/*", handler);
}

/**
 * Whether a built file may be sent: not esbuild's metafile (build metadata, read from disk by
 * the size checks), and source maps only when asked for. Anything the TYPES table does not
 * know is not sent either (a stray file in a build folder stays private).
 */
function servable(file: string, opts: StaticOptions): boolean {
  const name = path.basename(file).toLowerCase();
  if (name === "meta.json" || name.endsWith(".meta.json")) return false;
  if (name.endsWith(".map")) return !!opts.sourceMaps;
  return Object.hasOwn(TYPES, path.extname(file).toLowerCase());
}

function fillSettings(html: Buffer, settings: Record<string, string>): Buffer {
  const text = html.toString("utf8");
  const filled = text.replace(/<meta name="tandem:([a-z-]+)" content="" \/>/g, (tag, name: string) =>
    settings[name] ? `<meta name="tandem:${name}" content="${escapeAttr(settings[name])}" />` : tag,
  );
  return filled === text ? html : Buffer.from(filled, "utf8");
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A compressed copy the build made beside `file` (`.br`, `.gz`) that the client accepts. */
async function precompressed(file: string, acceptEncoding: string): Promise<{ name: string; ext: string } | undefined> {
  const accepts = (name: string) => new RegExp(`(^|[,\\s])${name}(?!;q=0(\\.0*)?(,|$))`, "i").test(acceptEncoding);
  for (const e of [{ name: "br", ext: "br" }, { name: "gzip", ext: "gz" }]) {
    if (accepts(e.name) && (await fs.promises.stat(`${file}.${e.ext}`).then(() => true, () => false))) return e;
  }
  return undefined;
}

function redirect(res: Response, to: string) {
  res.writeHead(302, { Location: to, "Content-Length": 0, ...BASE_HEADERS });
  res.end();
}

function notFound(res: Response, text: string) {
  res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...BASE_HEADERS });
  res.end(text);
}
