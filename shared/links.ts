/**
 * Links between requests (DESIGN.md "Lifecycle"): `related` both ways, or one merged into
 * another as its `duplicate`. Pure rules: who may link, what is refused, and what each side
 * becomes. The service writes the two sides one after the other (bot/service/links.ts); each
 * side's change is empty when that side already holds the link, so a retry adds nothing and
 * completes a half-written link.
 */
import type { LinkRelation, Person, RequestLink, ServiceRequest } from "./domain.ts";
import { OPEN_STATUSES } from "./domain.ts";
import { type ActionContext, type Applied, applyAction, mergedInto, type NewEvent, type Refusal } from "./lifecycle.ts";
import { isStaff } from "./permissions.ts";
import type { Localizable, StringKey } from "./strings/index.ts";

/** What a person asks for: the body of `{"action": "link", "to", "relation"}`. */
export const LINK_ASKS = ["related", "duplicate"] as const;
export type LinkAsk = (typeof LINK_ASKS)[number];

/** The most links one request holds (each side counts its own). */
export const LINKS_MAX = 50;

/** Statuses a survivor may have: it still lives (a resolved one may be reopened). */
const SURVIVOR_STATUSES: readonly string[] = [...OPEN_STATUSES, "resolved"];

const refuse = (code: Refusal["code"], message: string, key: StringKey, params: Localizable["params"] = {}): Refusal => ({ ok: false, code, message, i18n: { key, params } });

/** The relation each side holds for an ask: the source's, then the target's. */
export function relationsOf(ask: LinkAsk): [LinkRelation, LinkRelation] {
  return ask === "duplicate" ? ["duplicate-of", "duplicated-by"] : ["related", "related"];
}

/** The request this one was merged into, if any (lifecycle.ts: reopen and rate refuse a merged duplicate). */
export { mergedInto } from "./lifecycle.ts";

/**
 * Whether `actor` may link `source` to `target` as `ask`. The caller has checked that the
 * target exists and the actor may see it (else a 404 that names nothing); this judges the rest:
 * staff of the source's department only; not to itself; a duplicate lives on in a request that
 * is not closed or cancelled and is not itself merged (no chains: merge into the one it points
 * to); a request merged once stays merged into that one; at most LINKS_MAX links a side.
 */
export function checkLink(source: ServiceRequest, target: ServiceRequest, ask: LinkAsk, ctx: ActionContext): { ok: true } | Refusal {
  const { actor, dept } = ctx;
  if (actor.tenantId !== source.tenantId || !isStaff(dept, actor)) {
    return refuse("forbidden", `Only ${dept.name} agents can link ${source.id} to another request.`, "error.link.staffOnly", { department: dept.name, id: source.id });
  }
  if (source.id === target.id) return refuse("invalid_input", `${source.id} cannot be linked to itself; give another request's id.`, "error.link.self", { id: source.id });
  if (ask === "duplicate") {
    const chain = mergedInto(target);
    if (chain) return refuse("conflict", `${target.id} is itself merged into ${chain}; merge ${source.id} into ${chain} instead.`, "error.link.chain", { id: source.id, to: target.id, root: chain });
    if (!SURVIVOR_STATUSES.includes(target.status)) {
      return refuse("conflict", `${target.id} is ${target.status.replace("_", " ")}; a duplicate can only be merged into a request that is still open or resolved.`, "error.link.survivorEnded", { to: target.id, status: target.status });
    }
    const already = mergedInto(source);
    if (already && already !== target.id) return refuse("conflict", `${source.id} is already merged into ${already}.`, "error.link.alreadyMerged", { id: source.id, to: already });
  }
  const full = [source, target].find((r) => (r.links?.length ?? 0) >= LINKS_MAX && !r.links!.some((l) => l.id === (r === source ? target.id : source.id)));
  if (full) return refuse("conflict", `${full.id} has ${LINKS_MAX} links already, the most a request holds; link to one of those instead.`, "error.link.tooMany", { id: full.id, max: LINKS_MAX });
  return { ok: true };
}

/** `relation` holds more than `held` (a duplicate's pointer outranks "related"). */
const outranks = (relation: LinkRelation, held: LinkRelation) => held === "related" && relation !== "related";

/** The link list with `other` held as `relation`: unchanged (undefined) when it holds it already, or something stronger. */
function withLink(r: ServiceRequest, other: string, relation: LinkRelation, by: Person, at: string): RequestLink[] | undefined {
  const held = r.links?.find((l) => l.id === other);
  if (held && !outranks(relation, held.relation)) return undefined;
  const rest = (r.links ?? []).filter((l) => l.id !== other);
  return [...rest, { id: other, relation, at, by: { id: by.id, name: by.name } }];
}

/**
 * The source's side: the link to `target`; for a duplicate still open, resolved as a normal
 * resolve (both clocks) with the actor's words, if any, as its note. No events: nothing to write.
 */
export function linkSource(source: ServiceRequest, target: ServiceRequest, ask: LinkAsk, ctx: ActionContext, text?: string): Applied | Refusal {
  const [relation] = relationsOf(ask);
  const links = withLink(source, target.id, relation, ctx.actor.person, ctx.now);
  if (!links) return { ok: true, request: source, events: [] };
  const linked: NewEvent = { at: ctx.now, actor: ctx.actor.person, kind: "linked", to: target.id, relation, public: true };
  if (ask === "duplicate" && OPEN_STATUSES.includes(source.status)) {
    const resolved = applyAction(source, { action: "resolve", ...(text ? { text } : {}) }, ctx);
    if (!resolved.ok) return resolved;
    return { ok: true, request: { ...resolved.request, links }, events: [linked, ...resolved.events] };
  }
  const words: NewEvent[] = text ? [{ at: ctx.now, actor: ctx.actor.person, kind: "comment", text, public: true }] : [];
  return { ok: true, request: { ...source, links, updatedAt: ctx.now }, events: [linked, ...words] };
}

/**
 * The target's side: the link back to `source`; for a duplicate, the duplicate's requester and
 * followers follow the survivor (its own requester excepted). Written whatever the target's
 * status now (it was judged before the source was written). No events: nothing to write.
 */
export function linkTarget(target: ServiceRequest, source: ServiceRequest, ask: LinkAsk, actor: Person, now: string): Applied {
  const [, relation] = relationsOf(ask);
  const links = withLink(target, source.id, relation, actor, now);
  const moving = ask === "duplicate" ? [source.requester, ...(source.followers ?? [])] : [];
  const followers = [...(target.followers ?? [])];
  for (const p of moving) {
    if (p.id !== target.requester.id && !followers.some((f) => f.id === p.id)) followers.push({ id: p.id, name: p.name, ...(p.email ? { email: p.email } : {}) });
  }
  const newFollowers = followers.length > (target.followers?.length ?? 0);
  if (!links && !newFollowers) return { ok: true, request: target, events: [] };
  const request: ServiceRequest = { ...target, links: links ?? target.links, ...(followers.length ? { followers } : {}), updatedAt: now };
  const events: NewEvent[] = [{ at: now, actor, kind: "linked", to: source.id, relation, public: true }];
  return { ok: true, request, events };
}

/** The people told of a request's public changes like its requester (not the requester, not the actor). */
export function followersToTell(req: Pick<ServiceRequest, "followers" | "requester">, actorId: string | undefined): Person[] {
  return (req.followers ?? []).filter((f) => f.id !== req.requester.id && f.id !== actorId);
}
