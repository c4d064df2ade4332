import type { Request, Response } from "restify";
import { mailId, isStaff, type Actor } from "../../shared/permissions.ts";
import type { App } from "../app.ts";
import { badRequest, forbidden } from "../service/app-error.ts";
import { header } from "./http.ts";
import type { ServiceRequest } from "../../shared/domain.ts";

/**
 * One change goes to every subscriber as the same object: its view (SLA states computed at
 * "now") is built and serialized once for all of them, and reused for at most a second.
 */
const views = new WeakMap<ServiceRequest, { json: string; at: number }>();
function viewJson(app: App, request: ServiceRequest): string {
  const hit = views.get(request);
  if (hit && Date.now() - hit.at < 1000) return hit.json;
  const json = JSON.stringify(app.services.requests.view(request));
  views.set(request, { json, at: Date.now() });
  return json;
}

/**
 * `GET /api/stream?department=KEY` (the department's staff) or `?mine=1` (my requests):
 * Server-Sent Events, one `request` event per change with the request as JSON; `Last-Event-ID`
 * replays what was missed; a comment line every heartbeat keeps proxies from closing it.
 */
export async function openStream(app: App, actor: Actor, req: Request, res: Response): Promise<void> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const deptKey = typeof query.department === "string" ? query.department : undefined;
  const mine = query.mine === "1" || query.mine === "true";
  if (!!deptKey === mine) throw badRequest("Pass either ?department=KEY (a department's queue) or ?mine=1 (your requests).");

  let departments: string[];
  let people: string[] | undefined;
  if (deptKey) {
    const dept = await app.services.departments.require(actor.tenantId, deptKey);
    if (!isStaff(dept, actor)) throw forbidden(`Only ${dept.name} agents and leads can follow its queue.`);
    departments = [dept.key];
  } else {
    departments = (await app.services.departments.list(actor.tenantId)).map((d) => d.key);
    people = [actor.person.id, ...(actor.person.email ? [mailId(actor.person.email)] : [])];
  }

  res.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-store",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
  });
  res.write(`retry: 2000\n: connected\n\n`);
  const socket = req.socket;
  socket.setTimeout(0);
  socket.setNoDelay(true);

  const send = (id: string, request: ServiceRequest) => {
    if (res.writableEnded) return;
    res.write(`id: ${id}\nevent: request\ndata: ${viewJson(app, request)}\n\n`);
  };
  const unsubscribe = await app.hub.subscribe(
    { tenantId: actor.tenantId, departments, people, send },
    header(req, "last-event-id"),
  );
  const heartbeat = setInterval(() => res.write(`: heartbeat ${new Date().toISOString()}\n\n`), app.config.heartbeatMs);
  await new Promise<void>((resolve) => {
    let ended = false;
    const done = () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      unsubscribe();
      offClose(); // a closed stream must not stay referenced until the app closes
      resolve();
    };
    req.once("close", done);
    res.once("close", done);
    const offClose = app.onClose(() => {
      res.end();
      done();
    });
  });
}
