/**
 * Links between requests, written on both sides (DESIGN.md "Lifecycle"): `related`, or a merge
 * of a duplicate into the request that lives on. The two requests may live in two departments'
 * partitions, so there is no single transaction: the source is written first (ETag-conditional,
 * re-read and judged again on 412), then the target the same way. Each side's change is empty
 * when that side already holds the link, so a retry of the same link adds nothing and finishes
 * a link a crash left half-written.
 */
import type { Department, ServiceRequest } from "../../shared/domain.ts";
import { checkLink, type LinkAsk, linkSource, linkTarget } from "../../shared/links.ts";
import type { NewEvent } from "../../shared/lifecycle.ts";
import { type Actor, canSeeRequest } from "../../shared/permissions.ts";
import { parseRequestId, requestEtag } from "../../shared/request.ts";
import { detail } from "../../shared/validation/index.ts";
import { isPreconditionFailed } from "../storage/errors.ts";
import type { RequestStore } from "../storage/request-store.ts";
import { AppError, badRequest, conflict, forbidden, localized, notFound, preconditionFailed } from "./app-error.ts";

export interface LinkDeps {
  requests: Pick<RequestStore, "get">;
  departments: { recent(tenantId: string, key: string): Promise<Department | undefined> };
  /** Writes one change of a request ETag-conditionally, with its "my requests" copies and notices (RequestService.save). */
  save(prev: ServiceRequest, next: ServiceRequest, events: NewEvent[]): Promise<ServiceRequest>;
  clock?: () => number;
}

/** Attempts at each side before giving up (each loss means someone else wrote that request meanwhile). */
const ATTEMPTS = 20;

export class LinkService {
  private readonly now: () => number;

  constructor(private readonly d: LinkDeps) {
    this.now = d.clock ?? Date.now;
  }

  /**
   * Links `sourceId` to `to` as `relation`, for `actor` (staff of the source's department).
   * With `ifMatch`, only if the source is unchanged since (412). Returns the source as stored.
   */
  async link(actor: Actor, sourceId: string, ask: { to: string; relation: LinkAsk; text?: string }, ifMatch?: string): Promise<ServiceRequest> {
    const src = parseRequestId(sourceId)!;
    const dst = parseRequestId(ask.to);
    const toMissing = () => localized(new AppError(404, "not_found", "The request to link to does not exist, or you cannot see it; check its id.", [detail("to", "unknown", "no such request that you can see")]), { key: "error.link.targetMissing" });
    if (!dst) throw toMissing();
    let source: ServiceRequest | undefined;
    for (let attempt = 0; ; attempt++) {
      const { req, dept } = await this.visible(actor, src.department, src.number, () => missing(`${src.department}-${src.number}`));
      const target = await this.visible(actor, dst.department, dst.number, toMissing);
      if (ifMatch && ifMatch !== "*" && ifMatch !== requestEtag(req)) throw stale(req.id);
      const nowIso = new Date(this.now()).toISOString();
      const ctx = { actor, dept, now: nowIso };
      const allowed = checkLink(req, target.req, ask.relation, ctx);
      if (!allowed.ok) throw refusal(allowed);
      const planned = linkSource(req, target.req, ask.relation, ctx, ask.text);
      if (!planned.ok) throw refusal(planned);
      if (planned.events.length === 0) {
        source = req;
        break;
      }
      try {
        source = await this.d.save(req, planned.request, planned.events);
        break;
      } catch (err) {
        if (!isPreconditionFailed(err)) throw err;
        if (ifMatch && ifMatch !== "*") throw stale(req.id);
        if (attempt >= ATTEMPTS) throw conflict(`${req.id} is changing too often right now; try again.`);
      }
    }
    // The target's side, judged on the target as it is now: written whatever happened to it since.
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const target = await this.d.requests.get(actor.tenantId, dst.department, dst.number);
      if (!target) break;
      const planned = linkTarget(target, source, ask.relation, actor.person, new Date(this.now()).toISOString());
      if (planned.events.length === 0) break;
      try {
        await this.d.save(target, planned.request, planned.events);
        break;
      } catch (err) {
        if (!isPreconditionFailed(err)) throw err;
        if (attempt + 1 >= ATTEMPTS) throw conflict(`${source.id} is linked, but ${target.id} kept changing; send the same link again to finish it.`);
      }
    }
    return source;
  }

  /** A request the actor may see, with its department; else the 404 `missing` gives (the same whether it exists or not). */
  private async visible(actor: Actor, deptKey: string, number: number, missing: () => AppError): Promise<{ req: ServiceRequest; dept: Department }> {
    const dept = await this.d.departments.recent(actor.tenantId, deptKey);
    const req = dept ? await this.d.requests.get(actor.tenantId, dept.key, number) : undefined;
    if (!dept || !req || !canSeeRequest(req, dept, actor)) throw missing();
    return { req, dept };
  }
}

function refusal(r: { code: string; message: string; i18n: Parameters<typeof localized>[1] }): AppError {
  const err = r.code === "forbidden" ? forbidden(r.message) : r.code === "invalid_input" ? badRequest(r.message, [detail("to", "invalid", r.message)]) : conflict(r.message);
  return localized(err, r.i18n);
}

function missing(id: string) {
  return localized(notFound(`There is no request ${id} that you can see.`), { key: "error.notFound.request", params: { id } });
}

function stale(id: string) {
  return localized(preconditionFailed(`${id} changed since you loaded it; reload it and try again.`), { key: "error.stale", params: { id } });
}
