import type { z } from "zod";
import type { Department, RequestView, ServiceRequest, Status } from "../../shared/domain.ts";
import { type Actor, canSeeRequest, isRequester, isStaff, mailId } from "../../shared/permissions.ts";
import { rank, type Hit, type Ranked } from "../../shared/search/rank.ts";
import { queryWords, WEIGHTS, words } from "../../shared/search/terms.ts";
import { parse } from "../../shared/validation/index.ts";
import { everywhereQuerySchema, searchQuerySchema, similarQuerySchema } from "../../shared/validation/search-queries.ts";
import type { RequestStore } from "../storage/request-store.ts";
import type { Place, SearchStore } from "../storage/search-store.ts";
import { badRequest, forbidden } from "./app-error.ts";
import type { DepartmentService } from "./department-service.ts";

/** Postings read per query word and place (newest first): what bounds a search's reads. */
export const POSTINGS_PER_WORD = 100;
/** Index queries in flight at once. */
const QUERIES_AT_ONCE = 8;
/** Similar requests shown at most. */
export const SIMILAR_MAX = 5;
/**
 * A similar request must reach this share of the best possible score (every word of the new
 * request's text found in its title) and match two words (or the only one): one shared word
 * ("VPN") is a topic, not the same case.
 */
export const SIMILAR_MIN_RELEVANCE = 0.2;
/** How much a word of the title counts, against one of the description, when comparing texts. */
const SIMILAR_TITLE_FACTOR = 2;

export interface SimilarItem {
  id: string;
  department: string;
  title: string;
  status: Status;
  createdAt: string;
  /** The caller filed it, or it was filed for them. */
  mine: boolean;
  /** 0 to 1: how much of the new request's text it shares (weighted by field). */
  score: number;
}

export interface SearchServiceDeps {
  store: SearchStore;
  requests: Pick<RequestStore, "get">;
  departments: DepartmentService;
  /** The search index is a projection of the change log: brought up to date before answering. */
  follower: { catchUp(tenantId: string, dept: string): Promise<void> };
  view(r: ServiceRequest): RequestView;
}

type Page = { items: RequestView[]; nextCursor?: string };
type SearchQuery = z.output<typeof searchQuerySchema>;

/**
 * Search and similar requests over the index in Table Storage (bot/storage/search-store.ts):
 * each query word reads at most POSTINGS_PER_WORD postings in each place the caller may see
 * (the departments they work, and their own partition for their requests everywhere); the
 * page's requests are then point-read and checked again. Nothing is scanned, nothing is held
 * in memory between calls.
 */
export class SearchService {
  constructor(private readonly deps: SearchServiceDeps) {}

  /** `GET /api/departments/:key/requests?q=`: the department's requests in any status, best match first. */
  async inDepartment(actor: Actor, key: string, query: unknown): Promise<Page> {
    const dept = await this.deps.departments.require(actor.tenantId, key);
    if (!isStaff(dept, actor)) throw forbidden(`Only ${dept.name} agents and leads can see its queue.`);
    const q = this.parseSearch(query);
    await this.deps.follower.catchUp(actor.tenantId, dept.key);
    return this.answer(actor, [{ department: dept.key }], new Map([[dept.key, dept]]), q);
  }

  /** `GET /api/search`: what the caller may see, across departments (their own requests everywhere); `mine=1`: only their own. */
  async everywhere(actor: Actor, query: unknown): Promise<Page> {
    const q = this.parseSearch(query, everywhereQuerySchema);
    const { all, places } = await this.scope(actor);
    // Their own: the person partitions alone (the departments they work are not read at all).
    return this.answer(actor, q.mine ? places.filter((p) => "person" in p) : places, all, q);
  }

  /**
   * Open requests that look like the one being filed: the caller's own in any department and,
   * for staff, their departments' (DESIGN.md). Never anything from elsewhere, not even a title.
   */
  async similar(actor: Actor, query: unknown): Promise<{ items: SimilarItem[] }> {
    const q = parse(similarQuerySchema, query, "query parameters");
    if (!q.ok) throw badRequest(q.error.message, q.error.details);
    const { department, title = "", description = "", exclude } = q.value;
    if (department) await this.deps.departments.require(actor.tenantId, department, "department");
    // The words to compare, title first, each once, weighted by where they were written.
    const weightOf = new Map<string, number>();
    for (const w of words(title)) if (!weightOf.has(w)) weightOf.set(w, SIMILAR_TITLE_FACTOR);
    for (const w of words(description)) if (!weightOf.has(w) && weightOf.size < 12) weightOf.set(w, 1);
    const terms = [...weightOf.keys()].slice(0, 12);
    if (!terms.length) return { items: [] };
    const { all, places } = await this.scope(actor);
    const hits = await this.hits(actor.tenantId, places, terms, { status: "open", prefixLast: false });
    // The best a request could score: every word found in its title.
    const best = terms.reduce((s, t) => s + weightOf.get(t)! * WEIGHTS.title, 0);
    const weighted = hits.map((h) => ({ ...h, weight: h.weight * weightOf.get(terms[h.word]!)! }));
    const needed = Math.min(2, terms.length);
    const ranked = rank(weighted).filter((r) => r.id !== exclude && r.matched >= needed && r.score / best >= SIMILAR_MIN_RELEVANCE);
    const items: SimilarItem[] = [];
    for (const r of ranked) {
      if (items.length >= SIMILAR_MAX) break;
      const req = await this.visible(actor, all, r.id);
      if (!req || !["new", "in_progress", "waiting"].includes(req.status)) continue;
      items.push({
        id: req.id,
        department: req.department,
        title: req.title,
        status: req.status,
        createdAt: req.createdAt,
        mine: isRequester(req, actor) || req.createdBy?.id === actor.person.id,
        score: Math.round((r.score / best) * 100) / 100,
      });
    }
    return { items };
  }

  private parseSearch<T extends SearchQuery>(query: unknown, schema: z.ZodType<T>): T;
  private parseSearch(query: unknown): SearchQuery;
  private parseSearch(query: unknown, schema: z.ZodType<SearchQuery> = searchQuerySchema): SearchQuery {
    const raw = { ...((query ?? {}) as Record<string, unknown>) };
    // With words to look for, every status unless one is asked for.
    if (raw.status === undefined || raw.status === null || raw.status === "") raw.status = "all";
    const q = parse(schema, raw, "query parameters");
    if (!q.ok) throw badRequest(q.error.message, q.error.details);
    return q.value;
  }

  /** Every department of the tenant (for visibility checks), and where the caller's search reads. */
  private async scope(actor: Actor): Promise<{ all: Map<string, Department>; places: Place[] }> {
    const depts = await Promise.all((await this.deps.departments.list(actor.tenantId)).map((d) => this.deps.departments.withGroupAgents(actor.tenantId, d)));
    // Requests just filed or changed anywhere (on this instance at least) are found at once.
    await Promise.all(depts.map((d) => this.deps.follower.catchUp(actor.tenantId, d.key)));
    const places: Place[] = depts.filter((d) => isStaff(d, actor)).map((d) => ({ department: d.key }));
    for (const person of new Set([actor.person.id, ...(actor.person.email ? [mailId(actor.person.email)] : [])])) places.push({ person });
    return { all: new Map(depts.map((d) => [d.key, d])), places };
  }

  private async answer(
    actor: Actor,
    places: Place[],
    depts: Map<string, Department>,
    q: { q: string; status: string; limit: number; cursor?: string },
  ): Promise<Page> {
    const terms = queryWords(q.q);
    let offset = 0;
    if (q.cursor !== undefined) {
      const m = /^s1\.(\d{1,6})$/.exec(Buffer.from(q.cursor, "base64url").toString("utf8"));
      if (!m) throw badRequest("cursor is not valid: pass back the nextCursor of the previous page unchanged.", [{ field: "cursor", path: "cursor", code: "invalid", message: "not a cursor of this search" }]);
      offset = Number(m[1]);
    }
    const ranked = rank(await this.hits(actor.tenantId, places, terms, { status: q.status, prefixLast: true }));
    const items: RequestView[] = [];
    let i = offset;
    for (; i < ranked.length && items.length < q.limit; i++) {
      const req = await this.visible(actor, depts, ranked[i]!.id);
      if (!req) continue;
      // The index may lag a change by a moment: the stored request decides.
      if (q.status === "open" ? !["new", "in_progress", "waiting"].includes(req.status) : q.status !== "all" && req.status !== q.status) continue;
      items.push(this.deps.view(req));
    }
    return { items, ...(i < ranked.length ? { nextCursor: Buffer.from(`s1.${i}`, "utf8").toString("base64url") } : {}) };
  }

  /** The request, if it exists and the caller may see it. */
  private async visible(actor: Actor, depts: Map<string, Department>, id: string): Promise<ServiceRequest | undefined> {
    const dash = id.lastIndexOf("-");
    const key = id.slice(0, dash);
    const dept = depts.get(key);
    if (!dept) return undefined;
    const req = await this.deps.requests.get(actor.tenantId, key, Number(id.slice(dash + 1)));
    return req && canSeeRequest(req, dept, actor) ? req : undefined;
  }

  /** The index rows of each word in each place (the last word also as a prefix, for typing). */
  private async hits(tenantId: string, places: Place[], terms: string[], opts: { status: string; prefixLast: boolean }): Promise<Hit[]> {
    const reads: Array<() => Promise<Hit[]>> = [];
    for (const place of places) {
      terms.forEach((term, word) => {
        const prefix = opts.prefixLast && word === terms.length - 1 && term.length >= 2 && !/-\d/.test(term);
        for (const p of prefix ? [false, true] : [false]) {
          reads.push(async () =>
            (await this.deps.store.postings(tenantId, place, term, { prefix: p, max: POSTINGS_PER_WORD, status: opts.status })).map((x) => ({
              id: `${x.department}-${x.number}`,
              word,
              weight: x.weight,
              createdAt: x.createdAt,
            })),
          );
        }
      });
    }
    const out: Hit[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(QUERIES_AT_ONCE, reads.length) }, async () => {
        while (next < reads.length) out.push(...(await reads[next++]!()));
      }),
    );
    return out;
  }
}

export type { Ranked };
