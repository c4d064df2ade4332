import type { Request, Server } from "restify";
import type { TokenVerifier } from "../auth/token-verifier.ts";
import type { SearchService } from "../service/search-service.ts";
import { header, route, sendJson } from "./http.ts";

/** Search across what the caller may see, and similar requests while filing (issue 16; DESIGN.md "HTTP API"). */
export function registerSearchRoutes(server: Server, deps: { search: SearchService; verifier: TokenVerifier }) {
  const auth = (req: Request) => deps.verifier.verify(header(req, "authorization"));
  const q = (req: Request) => (req.query ?? {}) as Record<string, unknown>;
  // `?q=&status=&limit=&cursor=` -> {items, nextCursor}: staff departments (all for admins) and the caller's own requests everywhere.
  server.get("/api/search", route(async (req, res) => {
    const actor = await auth(req);
    sendJson(res, 200, await deps.search.everywhere(actor, q(req)));
  }));
  // `?department=&title=&description=&exclude=` -> {items:[{id, department, title, status, createdAt, mine, score}]}.
  server.get("/api/requests/similar", route(async (req, res) => {
    const actor = await auth(req);
    sendJson(res, 200, await deps.search.similar(actor, q(req)));
  }));
}
