import type { Request, Response, Server } from "restify";
import type { Actor } from "../../shared/permissions.ts";
import { departmentRole, isStaff } from "../../shared/permissions.ts";
import { devTokenSchema, parse } from "../../shared/validation/index.ts";
import type { DevIssuer } from "../auth/dev-issuer.ts";
import type { TokenVerifier } from "../auth/token-verifier.ts";
import type { DepartmentService } from "../service/department-service.ts";
import type { RequestService } from "../service/request-service.ts";
import type { StatsService } from "../service/stats-service.ts";
import type { KudosService } from "../service/kudos-service.ts";
import type { ScoreboardService } from "../service/scoreboard-service.ts";
import type { AttachmentService } from "../service/attachment-service.ts";
import type { SearchService } from "../service/search-service.ts";
import { AppError, badRequest, forbidden, notFound } from "../service/app-error.ts";
import { header, readJson, readRaw, route, sendJson } from "./http.ts";
import { sendAttachment } from "./attachment-download.ts";
import { openStream, type StreamDeps } from "./stream-route.ts";
import { guardDevRequest } from "./dev-guard.ts";
import { demoDepartmentIn, demoDepartmentName, demoUsersIn } from "../demo/demo-language.ts";
import { pickLocale } from "../../shared/strings/index.ts";
import { surveySettings } from "../../shared/domain.ts";

/** What the HTTP API uses of the service (bot/app.ts wires it). */
export interface RouteDeps extends StreamDeps {
  services: { requests: RequestService; departments: DepartmentService; stats: StatsService; attachments: AttachmentService; scoreboard: ScoreboardService; kudos: KudosService };
  verifier: TokenVerifier;
  /** Present in dev mode only. */
  devIssuer?: DevIssuer;
  storageReachable(): Promise<boolean>;
  /** `?q=` on a department's list (bot/api/search-routes.ts has the other search calls). */
  search?: SearchService;
}

/** The HTTP API of DESIGN.md, each route a thin call into the services. */
export function registerRoutes(server: Server, app: RouteDeps) {
  const { services, verifier, devIssuer } = app;
  const auth = (req: Request): Promise<Actor> => verifier.verify(header(req, "authorization"));
  const q = (req: Request) => (req.query ?? {}) as Record<string, unknown>;
  /** The reader's language (Accept-Language), for the demo catalogue's texts; answers that depend on it say so. */
  const readerLocale = (req: Request) => pickLocale(header(req, "accept-language"));
  const VARY_LANGUAGE = { Vary: "Accept-Language" };
  const p = (req: Request, name: string) => String((req.params as Record<string, string>)[name] ?? "");

  server.get("/healthz", route(async (_req, res) => sendJson(res, 200, { status: "ok" })));
  server.get("/readyz", route(async (_req, res) => {
    const ok = await app.storageReachable();
    sendJson(res, ok ? 200 : 503, { status: ok ? "ready" : "storage unavailable" }, ok ? {} : { "Retry-After": "5" });
  }));

  server.post("/api/dev/token", route(async (req, res) => {
    if (!devIssuer) throw notFound("Dev tokens exist only in development (AUTH_MODE=dev).");
    guardDevRequest(req, { loopbackHost: true });
    const input = parse(devTokenSchema, await readJson(req));
    if (!input.ok) throw badRequest(input.error.message, input.error.details);
    sendJson(res, 200, { token: await devIssuer.mint(input.value) });
  }));
  server.get("/api/dev/users", route(async (req, res) => {
    if (!devIssuer) throw notFound("Dev users exist only in development (AUTH_MODE=dev).");
    guardDevRequest(req, { loopbackHost: true });
    sendJson(res, 200, { users: demoUsersIn(readerLocale(req)) }, VARY_LANGUAGE);
  }));

  server.get("/api/me", route(async (req, res) => {
    const actor = await auth(req);
    // Group members (a department's Entra agents group) count as its agents here too.
    const depts = await Promise.all((await services.departments.list(actor.tenantId)).map((d) => services.departments.withGroupAgents(actor.tenantId, d)));
    const mine = depts
      .map((d) => ({ key: d.key, name: demoDepartmentName(d.key, d.name, readerLocale(req)), role: departmentRole(d, actor.person.id) }))
      .filter((d) => d.role);
    sendJson(res, 200, {
      user: actor.person,
      tenantId: actor.tenantId,
      isAdmin: actor.isAdmin,
      roles: actor.isAdmin ? ["Tandem.Admin"] : [],
      departments: mine,
    }, VARY_LANGUAGE);
  }));

  server.get("/api/departments", route(async (req, res) => {
    const actor = await auth(req);
    const list = await services.departments.list(actor.tenantId);
    // The demo catalogue in the reader's language (bot/demo/demo-language.ts); real departments as written.
    sendJson(res, 200, { items: list.map((d) => publicDepartment(demoDepartmentIn(d, readerLocale(req)), isStaff(d, actor))) }, VARY_LANGUAGE);
  }));
  server.get("/api/departments/:key", route(async (req, res) => {
    const actor = await auth(req);
    // What is stored (what a lead PUTs back), with the caller's rights from the group too.
    const stored = await services.departments.find(actor.tenantId, p(req, "key"));
    if (!stored) await services.departments.require(actor.tenantId, p(req, "key")); // the 404 naming the known ones
    const d = stored!;
    const effective = await services.departments.withGroupAgents(actor.tenantId, d);
    sendJson(res, 200, publicDepartment(d, isStaff(effective, actor)), { ETag: d.etag ?? "" });
  }));
  server.put("/api/departments/:key", route(async (req, res) => {
    const actor = await auth(req);
    const body = await readJson(req);
    const { department, created } = await services.departments.put(actor, p(req, "key"), body, header(req, "if-match"), header(req, "if-none-match"));
    sendJson(res, created ? 201 : 200, publicDepartment(department, true), { ETag: department.etag ?? "" });
  }));
  server.get("/api/departments/:key/sla/preview", route(async (req, res) => {
    const actor = await auth(req);
    sendJson(res, 200, await services.departments.preview(actor, p(req, "key"), q(req)));
  }));
  server.get("/api/departments/:key/requests", route(async (req, res) => {
    const actor = await auth(req);
    // With words to look for (`q`), the department's requests in any status, best match first.
    if (q(req).q !== undefined && app.search) return sendJson(res, 200, await app.search.inDepartment(actor, p(req, "key"), q(req)));
    sendJson(res, 200, await services.requests.list(actor, p(req, "key"), q(req)));
  }));
  server.get("/api/departments/:key/stats", route(async (req, res) => {
    const actor = await auth(req);
    sendJson(res, 200, await services.stats.stats(actor, p(req, "key"), q(req)));
  }));
  server.get("/api/scoreboard", route(async (req, res) => {
    const actor = await auth(req);
    sendJson(res, 200, await services.scoreboard.scoreboard(actor, q(req), readerLocale(req)), VARY_LANGUAGE);
  }));
  // Kudos on the department's page: newest first, `limit` a page, for everyone in the tenant.
  server.get("/api/departments/:key/kudos", route(async (req, res) => {
    const actor = await auth(req);
    sendJson(res, 200, await services.kudos.list(actor, p(req, "key"), q(req)));
  }));
  server.get("/api/departments/:key/report", route(async (req, res) => {
    const actor = await auth(req);
    const report = await services.stats.report(actor, p(req, "key"), q(req));
    if (report.format === "csv" || report.format === "summary-csv") {
      res.writeHead(200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${report.filename}"`,
        "Cache-Control": "no-store",
      });
      res.end(report.csv);
    } else {
      sendJson(res, 200, report.json);
    }
  }));

  server.post("/api/requests", route(async (req, res) => {
    const actor = await auth(req);
    const body = await readJson(req);
    const { request, created } = await services.requests.create(actor, body, {
      idempotencyKey: header(req, "idempotency-key"),
      // Tandem's own web pages (the tab, the start page) say so; anything else is an API client.
      source: { kind: header(req, "tandem-client") === "web" ? "web" : "api" },
    });
    sendJson(res, created ? 201 : 200, request, { ETag: request.etag, Location: `/api/requests/${request.id}` });
  }));
  server.post("/api/requests/from-email", route(async (req, res) => {
    const actor = await auth(req);
    const body = await readJson(req);
    const result = await services.requests.createFromEmail(actor, body);
    sendJson(res, result.created ? 201 : 200, result, { Location: `/api/requests/${result.request.id}` });
  }));
  server.get("/api/requests/by-email", route(async (req, res) => {
    const actor = await auth(req);
    // ?optional=1 (the add-in asking "is this email a request yet?"): "not yet" is an answer, 204, not a 404 every browser logs as an error.
    const optional = q(req).optional === "1";
    const found = await services.requests.byEmail(actor, q(req).internetMessageId).catch((err: unknown) => {
      if (optional && err instanceof AppError && err.status === 404) return undefined;
      throw err;
    });
    if (!found) {
      res.writeHead(204, { "Cache-Control": "no-store" });
      res.end();
      return;
    }
    sendJson(res, 200, found);
  }));
  server.get("/api/me/requests", route(async (req, res) => {
    const actor = await auth(req);
    sendJson(res, 200, await services.requests.mine(actor, q(req)));
  }));
  server.get("/api/requests/:id", route(async (req, res) => {
    const actor = await auth(req);
    const view = await services.requests.get(actor, p(req, "id"));
    sendJson(res, 200, view, { ETag: view.etag });
  }));
  // The requester's past (issue 16): their other requests, newest first, for staff and admins.
  server.get("/api/requests/:id/requester-history", route(async (req, res) => {
    const actor = await auth(req);
    sendJson(res, 200, await services.requests.requesterPast(actor, p(req, "id"), q(req)));
  }));
  server.post("/api/requests/:id/actions", route(async (req, res) => {
    const actor = await auth(req);
    const body = await readJson(req);
    const id = p(req, "id");
    const view = await services.requests.act(actor, id, body, header(req, "if-match"), { source: { kind: header(req, "tandem-client") === "web" ? "web" : "api" } });
    // A reply to a closed request filed a follow-up: that new request is the answer.
    const filed = view.followUpOf !== undefined && view.followUpOf === id.toUpperCase();
    sendJson(res, filed ? 201 : 200, view, { ETag: view.etag, ...(filed ? { Location: `/api/requests/${view.id}` } : {}) });
  }));

  // Attachments: a file's bytes as the body (not JSON), its name in X-File-Name (URL-encoded).
  server.post("/api/requests/:id/attachments", route(async (req, res) => {
    const actor = await auth(req);
    const declared = Number(header(req, "content-length"));
    const out = await services.attachments.add(actor, p(req, "id"), {
      fileName: header(req, "x-file-name"),
      contentType: header(req, "content-type"),
      ...(Number.isFinite(declared) ? { declaredSize: declared } : {}),
      read: (max, tooBig) => readRaw(req, max, tooBig),
    });
    sendJson(res, 201, out, { ETag: out.request.etag, Location: `/api/requests/${out.request.id}/attachments/${out.attachment.id}` });
  }));
  server.get("/api/requests/:id/attachments", route(async (req, res) => {
    const actor = await auth(req);
    sendJson(res, 200, { items: await services.attachments.list(actor, p(req, "id")) });
  }));
  server.get("/api/requests/:id/attachments/:aid", route(async (req, res) => {
    const actor = await auth(req);
    await sendAttachment(res, await services.attachments.open(actor, p(req, "id"), p(req, "aid")));
  }));

  server.get("/api/stream", route(async (req, res) => {
    const actor = await auth(req);
    await openStream(app, actor, req, res);
  }));

  // Anything else under /api/ answers in the API's error shape, not restify's.
  const unknown = route(async (req: Request) => {
    throw new AppError(404, "not_found", `There is no ${req.method} ${req.path()} in this API.`);
  });
  for (const m of ["get", "post", "put", "del", "patch"] as const) server[m]("/api/*", unknown);
  void forbidden;
}

/** Catalogue entry: everyone sees the published SLA and owners; people lists only matter to staff. */
function publicDepartment(d: import("../../shared/domain.ts").Department, staff: boolean) {
  const { etag: _e, triageChannel, ...rest } = d;
  // surveys: always the effective settings (the defaults when none were set).
  return { ...rest, surveys: surveySettings(d), ...(staff && triageChannel ? { triageChannel } : {}) };
}

export type { Response };
