import type { Request, Response } from "restify";
import { mailId, isStaff, type Actor } from "../../shared/permissions.ts";
import type { App } from "../app.ts";
import { badRequest, forbidden } from "../service/app-error.ts";
import { header } from "./http.ts";

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

  const send = (id: string, request: Parameters<typeof app.services.requests.view>[0]) => {
    if (res.writableEnded) return;
    res.write(`id: ${id}\nevent: request\ndata: ${JSON.stringify(app.services.requests.view(request))}\n\n`);
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
