import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Request, Response, Server } from "restify";

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

/**
 * Serves the built web apps (`/tab/`, `/addin/`) and the start page, never outside their folders.
 * `pageSettings` fill the pages' empty `<meta name="tandem:NAME" content="">` tags (the add-in's
 * sign-in settings), so one build serves every deployment.
 */
export function serveStatic(server: Server, pageSettings: Record<string, string> = {}) {
  const mounts: Array<[string, string]> = [
    ["/tab", path.join(ROOT, "teams-app", "dist")],
    ["/addin", path.join(ROOT, "addin", "dist")],
    ["", path.join(ROOT, "bot", "public")],
  ];
  const handler = async (req: Request, res: Response) => {
    let url: string;
    try {
      url = decodeURIComponent((req.url ?? "/").split("?")[0]!);
    } catch {
      return notFound(res, "Not found: the address is not valid URL encoding.");
    }
    for (const [prefix, dir] of mounts) {
      if (prefix && url !== prefix && !url.startsWith(`${prefix}/`)) continue;
      if (prefix && url === prefix) return redirect(res, `${prefix}/`);
      if (prefix && !fs.existsSync(dir)) {
        return notFound(res, `${prefix}/ is not built yet. The start page at / has a working desk on the same API.`);
      }
      let rel = url.slice(prefix.length) || "/";
      if (rel.endsWith("/")) rel += "index.html";
      const file = path.resolve(dir, `.${rel}`);
      if (!file.startsWith(dir + path.sep)) break;
      try {
        const encoding = await precompressed(file, String(req.headers["accept-encoding"] ?? ""));
        let body: Buffer = await fs.promises.readFile(encoding ? `${file}.${encoding.ext}` : file);
        if (file.endsWith(".html")) body = fillSettings(body, pageSettings);
        res.writeHead(200, {
          "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
          "Content-Length": body.length,
          "Cache-Control": file.endsWith(".html") ? "no-cache" : "public, max-age=300",
          "X-Content-Type-Options": "nosniff",
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
  res.writeHead(302, { Location: to, "Content-Length": 0 });
  res.end();
}

function notFound(res: Response, text: string) {
  res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
