import type { ServiceRequest } from "../../shared/domain.ts";
import { RequestStore } from "../storage/request-store.ts";
import { peopleOf, type ChangeRow } from "../storage/request-entity.ts";
import type { Change } from "./change-bus.ts";
import { log } from "../telemetry/log.ts";

/** A stream subscriber: which changes it wants and where to send them. */
export interface Subscriber {
  tenantId: string;
  /** A department's queue: every change of its requests. */
  department?: string;
  /** A personal stream: changes of requests these people filed (or filed for someone) or follow, in any department. */
  people?: string[];
  send(eventId: string, request: ServiceRequest): void;
  /**
   * The point it resumes from is older than the change log keeps: it must reload what it
   * shows, and may resume from `eventId` afterwards.
   */
  reset?(eventId: string): void;
}

/**
 * Event ids: the change id with its department, ordered by time, so a client resuming with
 * Last-Event-ID gets every change after it, from any instance.
 */
export const eventId = (department: string, changeId: string) => `${changeId}|${department}`;
/** The change that wrote this state of the request. */
export const changeIdOf = (r: ServiceRequest) => RequestStore.changeId(r);

/** Commits can land slightly out of time order across instances: re-read this far back. */
export const LOOKBACK_MS = 5_000;
const SEEN_TTL_MS = 60_000;
/** Past this many remembered rows, forget the expired ones (a feed that never polls still cleans up). */
const SEEN_SWEEP_AT = 2_000;

/**
 * One department's changes on this instance: this instance's own at once (the bus), other
 * instances' by polling the department's change log. One feed per department, shared by every
 * stream that follows it; it lives while someone holds it.
 */
export class ChangeFeed {
  /** The department's queue streams. */
  readonly subscribers = new Set<Subscriber>();
  /** Told of each change another instance made (the tenant's scoreboards: bot/stream/tenant-watch.ts). */
  readonly watchers = new Set<() => void>();
  /** Queue streams, personal streams and scoreboards that follow this department. */
  refs = 0;
  private readonly seen = new Map<string, number>();
  private readonly createdAt = Date.now();
  private cursorTime = new Date().toISOString();
  private timer?: NodeJS.Timeout;
  private polling = false;
  private primed = false;

  constructor(
    readonly tenantId: string,
    readonly department: string,
    private readonly store: RequestStore,
    private readonly pollMs: number,
    /** The personal streams of any of these people (the request's requester, creator and followers). */
    private readonly personal: (tenantId: string, people: Array<string | undefined>) => Iterable<Subscriber>,
    /** Whether this instance holds any personal stream of the tenant (a row with too many followers to name them). */
    private readonly anyPersonal: (tenantId: string) => boolean = () => false,
  ) {}

  start() {
    if (this.pollMs > 0 && !this.timer) {
      this.timer = setInterval(() => void this.poll(), this.pollMs);
      void this.poll();
    }
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A change committed by this instance: deliver now, and remember it so polling skips it. */
  local(c: Change) {
    if (this.markSeen(c.changeId)) this.deliver(c.changeId, c.request);
  }

  private markSeen(changeId: string): boolean {
    if (this.seen.has(changeId)) return false;
    this.seen.set(changeId, Date.now());
    if (this.seen.size > SEEN_SWEEP_AT) this.forgetExpired();
    return true;
  }

  private forgetExpired() {
    const cutoff = Date.now() - SEEN_TTL_MS;
    for (const [k, t] of this.seen) if (t < cutoff) this.seen.delete(k);
  }

  /** Changes made by other instances, from the change log. */
  async poll() {
    if (this.polling) return;
    this.polling = true;
    try {
      const since = new Date(Date.parse(this.cursorTime) - LOOKBACK_MS).toISOString();
      const rows = await this.store.changesSince(this.tenantId, this.department, since);
      // The first read only learns what happened before this feed existed (with a margin for
      // changes committed while subscribing, which are delivered: duplicates are harmless).
      const primeBefore = this.primed ? "" : new Date(this.createdAt - 1000).toISOString();
      this.primed = true;
      for (const row of rows) {
        if (row.at > this.cursorTime) this.cursorTime = row.at;
        if (!this.markSeen(row.changeId) || row.at < primeBefore) continue;
        // Scoreboards learn that something changed, never what: nothing to read for them.
        for (const w of this.watchers) w();
        // Nobody here follows this request: no need to read it.
        if (!this.wanted(row)) continue;
        await this.fetchAndDeliver(row);
      }
      this.forgetExpired();
    } catch (err) {
      // Storage hiccup: the next poll re-reads from the same cursor.
      if (process.env.TANDEM_DEBUG) log.error("change-log poll failed", { error: err });
    } finally {
      this.polling = false;
    }
  }

  private wanted(row: ChangeRow): boolean {
    if (this.subscribers.size > 0) return true;
    for (const _ of this.personal(this.tenantId, [row.requesterId, row.createdById, ...(row.followerIds ?? [])])) return true;
    return !!row.followersMore && this.anyPersonal(this.tenantId);
  }

  private async fetchAndDeliver(row: ChangeRow) {
    const req = await this.store.get(this.tenantId, this.department, row.number);
    if (!req) return;
    // The state read may be newer than `row`: send it under its own change-log row, once.
    const changeId = changeIdOf(req);
    if (changeId === row.changeId || this.markSeen(changeId)) this.deliver(changeId, req);
  }

  private deliver(changeId: string, request: ServiceRequest) {
    const id = eventId(this.department, changeId);
    for (const s of this.subscribers) s.send(id, request);
    for (const s of this.personal(this.tenantId, peopleOf(request))) s.send(id, request);
  }
}
