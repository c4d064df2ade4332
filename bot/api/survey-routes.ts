import type { Request, Server } from "restify";
import type { Actor } from "../../shared/permissions.ts";
import type { TokenVerifier } from "../auth/token-verifier.ts";
import type { SurveyService } from "../service/survey-service.ts";
import { header, readJson, route, sendJson } from "./http.ts";

/**
 * The internal NPS pulse (DESIGN.md HTTP API): `GET /api/me/surveys` (the caller's pending
 * surveys), `POST /api/surveys/:id/answer` `{score 0-10, comment?}` (once, the person asked
 * only), and `GET /api/departments/:key/nps` (the figures the department's dashboard shows).
 */
export function registerSurveyRoutes(server: Server, deps: { surveys: SurveyService; verifier: TokenVerifier }) {
  const { surveys, verifier } = deps;
  const auth = (req: Request): Promise<Actor> => verifier.verify(header(req, "authorization"));
  const p = (req: Request, name: string) => String((req.params as Record<string, string>)[name] ?? "");
  const noStore = { "Cache-Control": "no-store" };

  server.get("/api/me/surveys", route(async (req, res) => {
    const actor = await auth(req);
    sendJson(res, 200, { items: await surveys.mine(actor) }, noStore);
  }));
  server.post("/api/surveys/:id/answer", route(async (req, res) => {
    const actor = await auth(req);
    const body = await readJson(req);
    sendJson(res, 200, await surveys.answer(actor, p(req, "id"), body), noStore);
  }));
  server.get("/api/departments/:key/nps", route(async (req, res) => {
    const actor = await auth(req);
    sendJson(res, 200, await surveys.figures(actor, p(req, "key")), noStore);
  }));
}
