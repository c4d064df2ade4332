import { OPEN_STATUSES, type ServiceRequest } from "../../shared/domain.ts";
import { requestTerms } from "../../shared/search/terms.ts";
import type { RequestStore } from "../storage/request-store.ts";
import type { IndexedState, SearchStore } from "../storage/search-store.ts";
import { holdersOf } from "../storage/user-index.ts";
import type { ChangeProjection } from "./change-projection.ts";

/** Requests indexed at once when the follower hands over many (a backfill page). */
const AT_ONCE = 8;
/** Attempts when other writers keep recording the same request first. */
const MAX_ATTEMPTS = 5;

/**
 * Keeps the search index (bot/storage/search-store.ts) equal to the latest stored requests:
 * the change-log follower hands it every request that changed (and, on a new SUMMARY_VERSION,
 * every request a department holds: the upgrade of an existing store). Terms come from the id,
 * title, requester name, description and public comments (the request's history rows).
 * Idempotent and never backwards: a state older than the one indexed is skipped.
 */
export class SearchProjection implements ChangeProjection {
  readonly name = "search";

  constructor(
    private readonly store: SearchStore,
    private readonly requests: Pick<RequestStore, "history">,
  ) {}

  async apply(tenantId: string, department: string, changed: ServiceRequest[]): Promise<void> {
    const latest = new Map<number, ServiceRequest>();
    for (const r of changed) if ((latest.get(r.number)?.version ?? -1) < r.version) latest.set(r.number, r);
    const todo = [...latest.values()];
    let next = 0;
    let failure: unknown;
    const worker = async () => {
      while (next < todo.length) {
        const r = todo[next++]!;
        await this.index(tenantId, department, r).catch((err) => (failure ??= err));
      }
    };
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, todo.length) }, worker));
    if (failure) throw failure;
  }

  private async index(tenantId: string, dept: string, r: ServiceRequest): Promise<void> {
    let state: IndexedState | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const prev = await this.store.indexed(tenantId, dept, r.number);
      if (prev && prev.state.version >= r.version) {
        // Someone recorded a newer state while this one was writing its postings: theirs win.
        if (attempt > 0) await this.store.repair(tenantId, dept, r.number, prev.state);
        return;
      }
      state ??= await this.stateOf(tenantId, dept, r);
      if (await this.store.write(tenantId, dept, r.number, state, prev)) return;
    }
    throw new Error(`${r.id}: the search index kept changing under this writer`);
  }

  private async stateOf(tenantId: string, dept: string, r: ServiceRequest): Promise<IndexedState> {
    const history = await this.requests.history(tenantId, dept, r.number);
    const comments = history.filter((h) => h.kind === "comment" && h.public !== false && h.text).map((h) => h.text!);
    return {
      version: r.version,
      status: r.status,
      open: OPEN_STATUSES.includes(r.status),
      createdAt: r.createdAt,
      terms: Object.fromEntries(requestTerms(r, comments)),
      holders: holdersOf(r),
    };
  }
}
