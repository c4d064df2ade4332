import type { Request, Response } from "restify";
import { mailId, isStaff, type Actor } from "../../shared/permissions.ts";
import type { Config } from "../config.ts";
import type { DepartmentService } from "../service/department-service.ts";
import type { RequestService } from "../service/request-service.ts";
import type { StreamHub } from "../stream/stream-hub.ts";
import { AppError, badRequest, forbidden } from "../service/app-error.ts";
import type { Admission } from "../stream/stream-limits.ts";
import { header } from "./http.ts";
import type { ServiceRequest } from "../../shared/domain.ts";

/** Seconds a refused stream is told to wait: long enough for a closed tab's slot to come back. */
const RETRY_AFTER_S = 30;

/**
 * One change goes to every subscriber as the same bytes: its view (SLA states computed at
 * "now") is built, serialized and encoded once for all of them, and reused for at most a
 * second. Sockets that have not sent it yet share that one buffer instead of a copy each.
 */
/** What the stream route uses of the service (bot/app.ts wires it). */
export interface StreamDeps {
  services: { requests: Pick<RequestService, "view">; departments: Pick<DepartmentService, "require" | "list"> };
  hub: StreamHub;
  config: Pick<Config, "stream" | "heartbeatMs">;
  /** Runs `f` when the service closes (open streams end). Returns a function that cancels it. */
  onClose(f: () => void): () => void;
}

const frames = new WeakMap<ServiceRequest, { id: string; frame: Buffer; at: number }>();
function requestFrame(app: StreamDeps, id: string, request: ServiceRequest): Buffer {
  const hit = frames.get(request);
  if (hit && hit.id === id && Date.now() - hit.at < 1000) return hit.frame;
  const frame = Buffer.from(`id: ${id}\nevent: request\ndata: ${JSON.stringify(app.services.requests.view(request))}\n\n`);
  frames.set(request, { id, frame, at: Date.now() });
  return frame;
}

function tooManyStreams(refused: Exclude<Admission, { ok: true }>): AppError {
  const message =
    refused.scope === "person"
      ? `You already have ${refused.open} live update streams open, the most one person may have (${refused.max}). ` +
        `Close Tandem tabs or windows you no longer use, then try again in ${RETRY_AFTER_S} seconds.`
      : `Your organisation already has ${refused.open} live update streams open on this server, the most it may have (${refused.max}). ` +
        `Try again in ${RETRY_AFTER_S} seconds; reload the page to see the latest state meanwhile.`;
  return new AppError(429, "too_many_streams", message, undefined, { "Retry-After": String(RETRY_AFTER_S) });
}

/**
 * `GET /api/stream?department=KEY` (the department's staff) or `?mine=1` (my requests, and those I follow):
 * Server-Sent Events, one `request` event per change with the request as JSON; `Last-Event-ID`
 * replays what was missed (or, from further back than the change log keeps, one `reset` event:
 * reload everything); a comment line every heartbeat keeps proxies from closing it.
 * `?scoreboard=1` (anyone in the tenant): a `scoreboard` event, with no request in it, when any
 * request of the tenant changed, at most one every few seconds: read the scoreboard again.
 */
export async function openStream(app: StreamDeps, actor: Actor, req: Request, res: Response): Promise<void> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const deptKey = typeof query.department === "string" ? query.department : undefined;
  const mine = query.mine === "1" || query.mine === "true";
  const scoreboard = query.scoreboard === "1" || query.scoreboard === "true";
  if ([!!deptKey, mine, scoreboard].filter(Boolean).length !== 1)
    throw badRequest("Pass one of ?department=KEY (a department's queue), ?mine=1 (your requests) or ?scoreboard=1 (every department's figures).");

  let department: string | undefined;
  let people: string[] | undefined;
  if (deptKey) {
    const dept = await app.services.departments.require(actor.tenantId, deptKey);
    if (!isStaff(dept, actor)) throw forbidden(`Only ${dept.name} agents and leads can follow its queue.`);
    department = dept.key;
  } else if (mine) {
    people = [actor.person.id, ...(actor.person.email ? [mailId(actor.person.email)] : [])];
  }

  const slot = app.hub.admit(actor.tenantId, actor.person.id);
  if (!slot.ok) throw tooManyStreams(slot);
  try {
    await serve(app, actor, req, res, { department, people, scoreboard });
  } finally {
    slot.release();
  }
}

async function serve(app: StreamDeps, actor: Actor, req: Request, res: Response, what: { department?: string; people?: string[]; scoreboard?: boolean }) {
  res.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-store",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
  });
  const socket = req.socket;
  socket.setTimeout(0);
  socket.setNoDelay(true);

  // A client that stops reading (a frozen tab, a dead link the kernel has not noticed) would
  // make every change pile up here. Past the bound it is dropped: its EventSource reconnects
  // with Last-Event-ID and the replay brings the latest state of what it missed.
  const maxBuffer = app.config.stream.maxBufferBytes;
  let dropped = false;
  const write = (chunk: Buffer | string) => {
    if (dropped || res.writableEnded || res.destroyed) return;
    const size = typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
    if (maxBuffer > 0 && res.writableLength > 0 && res.writableLength + size > maxBuffer) {
      dropped = true;
      socket.destroy();
      return;
    }
    res.write(chunk);
  };
  write(`retry: 2000\n: connected\n\n`);

  let heartbeat: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  let offClose: (() => void) | undefined;
  let ended = false;
  let finished!: () => void;
  const closed = new Promise<void>((r) => (finished = r));
  const done = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    unsubscribe?.();
    offClose?.(); // a closed stream must not stay referenced until the app closes
    finished();
  };
  req.once("close", done);
  res.once("close", done);
  offClose = app.onClose(() => {
    res.end();
    done();
  });

  // Anyone may follow the scoreboard: it is told that the figures changed, never which request.
  const subscribed = what.scoreboard
    ? app.hub.followTenant(actor.tenantId, async () => (await app.services.departments.list(actor.tenantId)).map((d) => d.key), () =>
        write(`event: scoreboard\ndata: ${JSON.stringify({ at: new Date().toISOString() })}\n\n`),
      )
    : app.hub.subscribe(
        {
          tenantId: actor.tenantId,
          department: what.department,
          people: what.people,
          send: (id, request) => write(requestFrame(app, id, request)),
          reset: (id) =>
            write(`id: ${id}\nevent: reset\ndata: ${JSON.stringify({ message: "Too much time has passed to replay what changed: reload the list, then follow from here." })}\n\n`),
        },
        header(req, "last-event-id"),
      );
  const unsub = await subscribed.catch((err) => {
    done();
    throw err;
  });
  // The client may have gone during the replay: let go at once.
  if (ended) unsub();
  else unsubscribe = unsub;
  if (!ended) heartbeat = setInterval(() => write(`: heartbeat ${new Date().toISOString()}\n\n`), app.config.heartbeatMs);
  await closed;
}
