/**
 * The people picker of the settings page: `GET /api/directory/people?q=` (signed-in users; q 2
 * to 100 characters) -> `{items: [{id, name, email?}]}`, at most 20, from the tenant's directory
 * through Microsoft Graph; in dev mode without Graph, the demo people. Never more than id, name
 * and email.
 */
import type { Server } from "restify";
import type { Actor } from "../../shared/permissions.ts";
import type { Person } from "../../shared/domain.ts";
import { detail } from "../../shared/validation/index.ts";
import type { Directory } from "../graph/directory.ts";
import { DEMO_USERS } from "../demo/demo-catalogue.ts";
import { badRequest } from "../service/app-error.ts";
import { header, route, sendJson } from "./http.ts";

export const PEOPLE_QUERY = { min: 2, max: 100, results: 20 } as const;

/** Case and accents folded, for the demo people's match. */
const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

export function registerPeopleRoute(
  server: Server,
  deps: { auth: (authorization: string | undefined) => Promise<Actor>; directory: Directory; graphEnabled: boolean; devMode: boolean },
) {
  server.get("/api/directory/people", route(async (req, res) => {
    const actor = await deps.auth(header(req, "authorization"));
    const raw = (req.query as Record<string, unknown> | undefined)?.q;
    const q = typeof raw === "string" ? raw.trim() : "";
    const chars = [...q].length;
    if (chars < PEOPLE_QUERY.min || chars > PEOPLE_QUERY.max) {
      const why = `must be ${PEOPLE_QUERY.min} to ${PEOPLE_QUERY.max} characters of a name or an email address (got ${typeof raw === "string" ? chars : "none"})`;
      throw badRequest(`q: ${why}.`, [detail("q", "invalid", why)]);
    }
    let people: Person[];
    if (deps.graphEnabled) people = await deps.directory.searchPeople(actor.tenantId, q);
    else if (deps.devMode) {
      const f = fold(q);
      people = DEMO_USERS.filter((u) => fold(u.name).split(/\s+/).some((w) => w.startsWith(f)) || fold(u.name).startsWith(f) || (u.email ?? "").toLowerCase().startsWith(f));
    } else people = [];
    const items = people.slice(0, PEOPLE_QUERY.results).map((p) => (p.email ? { id: p.id, name: p.name, email: p.email } : { id: p.id, name: p.name }));
    sendJson(res, 200, { items });
  }));
}
