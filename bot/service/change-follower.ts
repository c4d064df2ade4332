import type { ServiceRequest } from "../../shared/domain.ts";
import { crashPoint } from "../crash-points.ts";
import type { RequestStore } from "../storage/request-store.ts";
import type { FollowCursor } from "../storage/summary-store.ts";
import { SUMMARY_VERSION } from "../../shared/summary.ts";
import type { ChangeBus } from "../stream/change-bus.ts";
import type { ChangeProjection } from "./change-projection.ts";
import { log } from "../telemetry/log.ts";

/** A department to follow. */
export interface FollowedDepartment {
  tenantId: string;
  key: string;
}

/** Where the follower keeps its place in each department's change log (shared by instances). */
export interface CursorStore {
  cursor(tenantId: string, dept: string): Promise<FollowCursor | undefined>;
  saveCursor(tenantId: string, dept: string, next: FollowCursor): Promise<void>;
}

export interface FollowerOptions {
  /** How often every followed department is caught up; 0: only on demand (`catchUp`). */
  intervalMs: number;
  /**
   * A change-log row's time is its writer's clock, and it may commit a little after that
   * time: every read goes back this far before the cursor. Correctness comes from the
   * projections' versions, not from the cursor; this only bounds what is re-read.
   */
  overlapMs?: number;
  /** Change-log rows older than this may be pruned: a cursor older than that starts over from the requests. */
  retentionMs: number;
  clock?: () => number;
  /** Departments to follow on the interval besides those this instance wrote to or was asked about. */
  departments?: () => Promise<FollowedDepartment[]>;
}

interface Pending {
  request: ServiceRequest;
  changeId: string;
}

interface DeptState {
  tenantId: string;
  key: string;
  cursor?: FollowCursor;
  /** The cursor time last saved to storage. */
  savedAt?: string;
  /** Change-log rows already handed to the projections by this instance, with their time. */
  seen: Map<string, number>;
  /** This instance's own changes (from the in-process bus), not yet handed on: no read needed. */
  pending: Map<number, Pending>;
  running?: Promise<void>;
  queued?: Promise<void>;
}

const OVERLAP_MS = 2 * 60_000;
/** Requests per page of the first catch-up of a department (its existing requests). */
const BACKFILL_PAGE = 200;
/** Point reads of changed requests in flight at once. */
const READS_AT_ONCE = 16;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Follows each department's change log and hands the latest stored state of every request that
 * changed to each projection (day summaries, "my requests" copies). This instance's own writes
 * arrive through the bus at once; other instances' through the log, re-read with an overlap.
 * A department followed for the first time (or after its cursor fell behind what the log keeps)
 * first gets every request it holds, page by page, resumably: the upgrade of an existing store.
 */
export class ChangeFollower {
  private readonly states = new Map<string, DeptState>();
  private readonly overlapMs: number;
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private readonly unsubscribe?: () => void;
  private stopped = false;

  constructor(
    private readonly requests: RequestStore,
    private readonly cursors: CursorStore,
    private readonly projections: ChangeProjection[],
    bus: ChangeBus | undefined,
    private readonly opts: FollowerOptions,
  ) {
    this.overlapMs = opts.overlapMs ?? OVERLAP_MS;
    this.now = opts.clock ?? Date.now;
    this.unsubscribe = bus?.subscribe((c) => {
      const s = this.state(c.tenantId, c.department);
      const cur = s.pending.get(c.request.number);
      if (!cur || cur.request.version < c.request.version) s.pending.set(c.request.number, { request: c.request, changeId: c.changeId });
    });
  }

  start(): void {
    if (this.opts.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.ticking ??= this.tick().finally(() => (this.ticking = undefined));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe?.();
    await this.ticking?.catch(() => undefined);
    await Promise.all([...this.states.values()].map((s) => s.queued?.catch(() => undefined)));
  }

  /**
   * Brings a department's projections up to date with every change committed before this call
   * (this instance's at least; other instances' as far as the log shows them). Calls while one
   * runs share the next pass.
   */
  catchUp(tenantId: string, dept: string): Promise<void> {
    const s = this.state(tenantId, dept);
    s.queued ??= (s.running ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        s.queued = undefined;
        s.running = this.pass(s).finally(() => (s.running = undefined));
        return s.running;
      });
    return s.queued;
  }

  private state(tenantId: string, key: string): DeptState {
    const id = `${tenantId}|${key}`;
    let s = this.states.get(id);
    if (!s) this.states.set(id, (s = { tenantId, key, seen: new Map(), pending: new Map() }));
    return s;
  }

  private async tick(): Promise<void> {
    const all = new Map<string, FollowedDepartment>();
    try {
      for (const d of (await this.opts.departments?.()) ?? []) all.set(`${d.tenantId}|${d.key}`, d);
    } catch (err) {
      log.error(`[tandem] change follower: cannot list departments: ${(err as Error)?.message ?? err}`);
    }
    for (const s of this.states.values()) all.set(`${s.tenantId}|${s.key}`, s);
    for (const d of all.values()) {
      if (this.stopped) return;
      await this.catchUp(d.tenantId, d.key).catch((err) =>
        log.error(`[tandem] change follower: ${d.key} not caught up (retried next time): ${(err as Error)?.message ?? err}`),
      );
    }
  }

  private async pass(s: DeptState): Promise<void> {
    const now = this.now();
    s.cursor ??= await this.cursors.cursor(s.tenantId, s.key);
    if (s.cursor?.backfilled) s.savedAt ??= s.cursor.at;
    const current = s.cursor?.backfilled && (s.cursor.layout ?? 2) >= SUMMARY_VERSION;
    if (!current || Date.parse(s.cursor!.at) < now - this.opts.retentionMs) await this.backfill(s, now);
    const cursor = s.cursor!;

    const rows = await this.requests.changesSince(s.tenantId, s.key, iso(Date.parse(cursor.at) - this.overlapMs));
    const fresh = rows.filter((r) => !s.seen.has(r.changeId));
    const handed = [...s.pending.values()];
    const latest = new Map<number, ServiceRequest>(handed.map((p) => [p.request.number, p.request]));
    const wanted = new Map<number, number>();
    for (const r of fresh) if ((latest.get(r.number)?.version ?? -1) < r.version) wanted.set(r.number, Math.max(r.version, wanted.get(r.number) ?? 0));
    const numbers = [...wanted.keys()];
    for (let i = 0; i < numbers.length; i += READS_AT_ONCE) {
      const read = await Promise.all(numbers.slice(i, i + READS_AT_ONCE).map((n) => this.requests.get(s.tenantId, s.key, n)));
      for (const r of read) if (r && (latest.get(r.number)?.version ?? -1) < r.version) latest.set(r.number, r);
    }

    if (latest.size) {
      const changed = [...latest.values()];
      for (const p of this.projections) await p.apply(s.tenantId, s.key, changed);
      crashPoint("follower.applied");
    }

    for (const r of fresh) s.seen.set(r.changeId, Date.parse(r.at));
    for (const p of handed) {
      if (s.pending.get(p.request.number) === p) s.pending.delete(p.request.number);
      s.seen.set(p.changeId, Date.parse(p.request.updatedAt));
    }
    const at = cursor.at > iso(now) ? cursor.at : iso(now);
    const forget = Date.parse(at) - this.overlapMs - 60_000;
    for (const [k, t] of s.seen) if (!(t >= forget)) s.seen.delete(k);
    s.cursor = { at, backfilled: true, layout: SUMMARY_VERSION };
    // Saved now and then: a restart re-reads from the saved point, and versions make that harmless.
    if (!s.savedAt || Date.parse(at) - Date.parse(s.savedAt) >= this.overlapMs / 2) {
      await this.cursors.saveCursor(s.tenantId, s.key, s.cursor);
      s.savedAt = at;
    }
  }

  /**
   * Hands every request the department holds to the projections, a page at a time, noting
   * progress in the cursor so a crash resumes where it stopped. Changes made meanwhile are in
   * the log after the recorded start.
   */
  private async backfill(s: DeptState, now: number): Promise<void> {
    const resuming = s.cursor && !s.cursor.backfilled && (s.cursor.layout ?? 2) === SUMMARY_VERSION;
    const startedAt = resuming ? s.cursor!.at : iso(now);
    let after = resuming ? (s.cursor!.backfillAfter ?? 0) : 0;
    let page: string | undefined;
    do {
      const res = await this.requests.list(s.tenantId, s.key, { status: "all", limit: BACKFILL_PAGE, ...(page ? { cursor: page } : {}) });
      const todo = res.items.filter((r) => r.number > after);
      if (todo.length) {
        for (const p of this.projections) await p.apply(s.tenantId, s.key, todo);
        crashPoint("follower.backfill-page");
        after = Math.max(after, ...todo.map((r) => r.number));
        if (res.nextCursor) await this.cursors.saveCursor(s.tenantId, s.key, { at: startedAt, backfilled: false, backfillAfter: after, layout: SUMMARY_VERSION });
      }
      page = res.nextCursor;
    } while (page);
    s.cursor = { at: startedAt, backfilled: true, layout: SUMMARY_VERSION };
    await this.cursors.saveCursor(s.tenantId, s.key, s.cursor);
    s.savedAt = startedAt;
  }
}
