import type { RequestStore } from "../storage/request-store.ts";
import type { UserIndex } from "../storage/user-index.ts";
import { eventId, changeIdOf, type Subscriber } from "./change-feed.ts";
import { peopleOf } from "../storage/request-entity.ts";
import { log } from "../telemetry/log.ts";

/** Pointers read to learn a person's departments; beyond this, the newest ones decide. */
const MAX_POINTERS = 5_000;
/** Another instance's clock may run behind ours: look this far back for pointers it wrote. */
const CLOCK_MARGIN_MS = 60_000;

export interface MineWatchDeps {
  store: RequestStore;
  users: UserIndex;
  /** Starts following a department's change feed (held until `release`). */
  hold(department: string): void;
  release(department: string): void;
  refreshMs: number;
  clock: () => number;
}

/**
 * Which departments one person's personal streams (`?mine=1`) follow: those where they have
 * requests, from their "my requests" pointers, not every department of the tenant. A request
 * they file on this instance adds its department at once (the hub sees it on the bus); one
 * filed on another instance in a department new to them is found by re-reading only the
 * pointers created since the last look, every `refreshMs`. Shared by the person's tabs.
 */
export class MineWatch {
  readonly subscribers = new Set<Subscriber>();
  readonly departments = new Set<string>();
  /** Departments where the person follows a request someone else filed: a replay there judges every change row (a row's followers cannot be queried). */
  readonly followedIn = new Set<string>();
  /** Resolves once the person's departments are known (rejects when storage fails). */
  readonly ready: Promise<void>;
  private timer?: NodeJS.Timeout;
  private checkedAt: number;
  private refreshing = false;
  private stopped = false;

  constructor(
    readonly tenantId: string,
    readonly people: string[],
    private readonly deps: MineWatchDeps,
  ) {
    this.checkedAt = deps.clock();
    this.ready = this.start();
    this.ready.catch(() => undefined);
  }

  private async start() {
    const pointers = (await Promise.all(this.people.map((p) => this.deps.users.list(this.tenantId, p, MAX_POINTERS)))).flat();
    if (this.stopped) return;
    for (const p of pointers) this.follow(p.department, this.follows(p));
    if (this.deps.refreshMs > 0) {
      this.timer = setInterval(() => void this.refresh(), this.deps.refreshMs);
      this.timer.unref();
    }
  }

  /** A copy of someone else's request in the person's list: one they follow (similar at intake, a merge). An old pointer row names no requester: their own. */
  private follows(p: { requesterId?: string }): boolean {
    return !!p.requesterId && !this.people.includes(p.requesterId);
  }

  follow(department: string, followed = false) {
    if (followed && !this.stopped) this.followedIn.add(department);
    if (this.stopped || this.departments.has(department)) return;
    this.departments.add(department);
    this.deps.hold(department);
  }

  /** Requests filed since the last look (on any instance) in departments not followed yet. */
  async refresh() {
    if (this.refreshing || this.stopped) return;
    this.refreshing = true;
    const since = new Date(this.checkedAt - CLOCK_MARGIN_MS).toISOString();
    const startedAt = this.deps.clock();
    try {
      const pointers = (await Promise.all(this.people.map((p) => this.deps.users.listCreatedAfter(this.tenantId, p, since, MAX_POINTERS)))).flat();
      this.checkedAt = startedAt;
      for (const p of pointers) {
        if (this.stopped || this.departments.has(p.department)) continue;
        this.follow(p.department, this.follows(p));
        // The new feed learns only what happens from now on: send the request as it is.
        const req = await this.deps.store.get(this.tenantId, p.department, p.number);
        if (!req || !peopleOf(req).some((id) => id && this.people.includes(id))) continue;
        const id = eventId(p.department, changeIdOf(req));
        for (const s of this.subscribers) s.send(id, req);
      }
    } catch (err) {
      // Storage hiccup: the next look covers the same time again.
      if (process.env.TANDEM_DEBUG) log.error("my-requests pointer refresh failed", { error: err });
    } finally {
      this.refreshing = false;
    }
  }

  stop() {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const d of this.departments) this.deps.release(d);
    this.departments.clear();
  }
}
