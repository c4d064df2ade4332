import type { ServiceRequest } from "../../shared/domain.ts";
import type { RequestStore } from "../storage/request-store.ts";
import { changeRk, type ChangeRow } from "../storage/request-entity.ts";
import type { Change, ChangeBus } from "./change-bus.ts";

/** A stream subscriber: which changes it wants and where to send them. */
export interface Subscriber {
  tenantId: string;
  departments: string[];
  /** Only requests of these people (the personal stream). */
  people?: string[];
  send(eventId: string, request: ServiceRequest): void;
}

/**
 * Event ids: the change-log row key with its department, ordered by time, so a client
 * resuming with Last-Event-ID gets every change after it, from any instance.
 */
export const eventId = (department: string, rowKey: string) => `${rowKey.slice(2)}|${department}`;
const timeOf = (id: string) => id.split("|")[0];
/** The change-log row written with this state of the request. */
const rowKeyOf = (r: ServiceRequest) => changeRk(r.updatedAt, r.number, r.version);

/** Commits can land slightly out of time order across instances: re-read this far back. */
const LOOKBACK_MS = 5_000;
const SEEN_TTL_MS = 60_000;

class Feed {
  readonly subscribers = new Set<Subscriber>();
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
    if (this.markSeen(c.rowKey)) this.deliver(c.rowKey, c.request);
  }

  private markSeen(rowKey: string): boolean {
    if (this.seen.has(rowKey)) return false;
    this.seen.set(rowKey, Date.now());
    return true;
  }

  /** Changes made by other instances, from the change log. */
  async poll() {
    if (this.polling) return;
    this.polling = true;
    try {
      const since = new Date(Date.parse(this.cursorTime) - LOOKBACK_MS).toISOString();
      const rows = await this.store.changesSince(this.tenantId, this.department, `c|${since}`);
      // The first read only learns what happened before this feed existed (with a margin for
      // changes committed while subscribing, which are delivered: duplicates are harmless).
      const primeBefore = this.primed ? "" : new Date(this.createdAt - 1000).toISOString();
      this.primed = true;
      for (const row of rows) {
        if (row.at > this.cursorTime) this.cursorTime = row.at;
        if (!this.markSeen(row.rowKey) || row.at < primeBefore) continue;
        await this.fetchAndDeliver(row);
      }
      const cutoff = Date.now() - SEEN_TTL_MS;
      for (const [k, t] of this.seen) if (t < cutoff) this.seen.delete(k);
    } catch (err) {
      // Storage hiccup: the next poll re-reads from the same cursor.
      if (process.env.TANDEM_DEBUG) console.error("change-log poll failed", err);
    } finally {
      this.polling = false;
    }
  }

  private async fetchAndDeliver(row: ChangeRow) {
    const req = await this.store.get(this.tenantId, this.department, row.number);
    if (!req) return;
    // The state read may be newer than `row`: send it under its own change-log row, once.
    const rowKey = rowKeyOf(req);
    if (rowKey === row.rowKey || this.markSeen(rowKey)) this.deliver(rowKey, req);
  }

  deliver(rowKey: string, request: ServiceRequest, only?: Subscriber) {
    const id = eventId(this.department, rowKey);
    for (const s of only ? [only] : this.subscribers) {
      if (s.people && !s.people.includes(request.requester.id) && !(request.createdBy && s.people.includes(request.createdBy.id))) continue;
      s.send(id, request);
    }
  }
}

/** Live changes for SSE clients: this instance's at once, other instances' from the change log. */
export class StreamHub {
  private readonly feeds = new Map<string, Feed>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: RequestStore,
    bus: ChangeBus,
    private readonly pollMs: number,
  ) {
    this.unsubscribe = bus.subscribe((c) => this.feeds.get(`${c.tenantId}|${c.department}`)?.local(c));
  }

  /** Adds a subscriber; replays what it missed after `lastEventId`. Returns the unsubscribe. */
  async subscribe(s: Subscriber, lastEventId?: string): Promise<() => void> {
    const feeds = s.departments.map((d) => this.feed(s.tenantId, d));
    // Each state of a request reaches a subscriber once, never older than one it already has,
    // never one it had before resuming; live changes wait until the replay has been sent.
    const sent = new Map<string, number>();
    let held: Array<[string, ServiceRequest]> | undefined = lastEventId ? [] : undefined;
    const once = (id: string, r: ServiceRequest) => {
      if ((lastEventId && id <= lastEventId) || (sent.get(r.id) ?? 0) >= r.version) return;
      sent.set(r.id, r.version);
      s.send(id, r);
    };
    const sub: Subscriber = { ...s, send: (id, r) => (held ? held.push([id, r]) : once(id, r)) };
    for (const f of feeds) f.subscribers.add(sub);
    const unsubscribe = () => {
      for (const f of feeds) {
        f.subscribers.delete(sub);
        if (f.subscribers.size === 0) {
          f.stop();
          this.feeds.delete(`${f.tenantId}|${f.department}`);
        }
      }
    };
    if (lastEventId) {
      try {
        await this.replay({ ...s, send: once }, lastEventId, feeds);
      } catch (err) {
        unsubscribe();
        throw err;
      }
      const waiting = held!;
      held = undefined;
      for (const [id, r] of waiting) once(id, r);
    }
    return unsubscribe;
  }

  private async replay(s: Subscriber, lastEventId: string, feeds: Feed[]) {
    const since = timeOf(lastEventId);
    if (!/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(since)) return;
    for (const f of feeds) {
      const rows = await this.store.changesSince(s.tenantId, f.department, `c|${since}`);
      // Only the latest state of each request matters to a client catching up.
      const latest = new Map<number, ChangeRow>();
      for (const r of rows) if (eventId(f.department, r.rowKey) > lastEventId) latest.set(r.number, r);
      // In change order, so the last id a client receives is a safe point to resume from.
      for (const r of [...latest.values()].sort((a, b) => a.rowKey.localeCompare(b.rowKey))) {
        const req = await this.store.get(s.tenantId, f.department, r.number);
        if (req) f.deliver(rowKeyOf(req), req, s);
      }
    }
  }

  private feed(tenantId: string, department: string): Feed {
    const key = `${tenantId}|${department}`;
    let f = this.feeds.get(key);
    if (!f) {
      f = new Feed(tenantId, department, this.store, this.pollMs);
      this.feeds.set(key, f);
      f.start();
    }
    return f;
  }

  close() {
    this.unsubscribe();
    for (const f of this.feeds.values()) f.stop();
    this.feeds.clear();
  }
}
