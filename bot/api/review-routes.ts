import type { Request, Server } from "restify";
import type { Actor } from "../../shared/permissions.ts";
import type { TokenVerifier } from "../auth/token-verifier.ts";
import type { ReviewService } from "../service/review-service.ts";
import { header, readJson, route, sendJson } from "./http.ts";

/**
 * The change log and the monthly review (DESIGN.md HTTP API): `GET /api/departments/:key/changes`,
 * `GET/POST /api/departments/:key/reviews/:month`, `PATCH .../reviews/:month/actions/:id`.
 * Writes answer the month's record with its ETag; If-Match is honoured (stale: 412).
 */
export function registerReviewRoutes(server: Server, deps: { reviews: ReviewService; verifier: TokenVerifier }) {
  const { reviews, verifier } = deps;
  const auth = (req: Request): Promise<Actor> => verifier.verify(header(req, "authorization"));
  const p = (req: Request, name: string) => String((req.params as Record<string, string>)[name] ?? "");

  server.get("/api/departments/:key/changes", route(async (req, res) => {
    const actor = await auth(req);
    sendJson(res, 200, await reviews.changes(actor, p(req, "key"), req.query ?? {}));
  }));
  server.get("/api/departments/:key/reviews/:month", route(async (req, res) => {
    const actor = await auth(req);
    const view = await reviews.get(actor, p(req, "key"), p(req, "month"));
    sendJson(res, 200, view, { ETag: view.etag, "Cache-Control": "no-store" });
  }));
  server.post("/api/departments/:key/reviews/:month", route(async (req, res) => {
    const actor = await auth(req);
    const body = await readJson(req);
    const record = await reviews.add(actor, p(req, "key"), p(req, "month"), body, header(req, "if-match"));
    sendJson(res, 201, record, { ETag: record.etag ?? "" });
  }));
  server.patch("/api/departments/:key/reviews/:month/actions/:id", route(async (req, res) => {
    const actor = await auth(req);
    const body = await readJson(req);
    const record = await reviews.patch(actor, p(req, "key"), p(req, "month"), p(req, "id"), body, header(req, "if-match"));
    sendJson(res, 200, record, { ETag: record.etag ?? "" });
  }));
}
