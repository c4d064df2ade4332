import type { ServiceRequest } from "../../shared/domain.ts";
import type { RequestStore } from "../storage/request-store.ts";
import { peopleOf, type ChangeRow } from "../storage/request-entity.ts";
import type { UserIndex } from "../storage/user-index.ts";
import type { ChangeBus } from "./change-bus.ts";
import { ChangeFeed, eventId, LOOKBACK_MS, changeIdOf, type Subscriber } from "./change-feed.ts";
import { MineWatch } from "./mine-watch.ts";
import { StreamLimits, type Admission } from "./stream-limits.ts";
import { TenantWatch } from "./tenant-watch.ts";

export { eventId, type Subscriber } from "./change-feed.ts";

export interface StreamHubOptions {
  /** "My requests" pointers: which departments a personal stream follows. */
  users: UserIndex;
  /** How often a feed polls its department's change log for other instances' changes. */
  pollMs: number;
  /** How often a personal stream looks for its person's requests filed on other instances in departments it does not follow yet. */
  refreshMs: number;
  /** The change log keeps this long (CHANGE_RETENTION_HOURS): a resume from further back gets a reset. */
  retentionHours: number;
  maxPerUser: number;
  maxPerTenant: number;
  /** The services' clock (change-log times are written with it). */
  clock?: () => number;
  /** The scoreboard stream: at most one notice per this many ms (default SCOREBOARD_COALESCE_MS). */
  scoreboardCoalesceMs?: number;
}

/** The scoreboard stream tells of changes at most this often: a busy desk is one notice every few seconds. */
export const SCOREBOARD_COALESCE_MS = 3_000;

const timeOf = (id: string) => id.split("|")[0]!;
/** The pruner and this instance may disagree on the time: resets start this far inside the window. */
const RETENTION_MARGIN_MS = 5 * 60_000;
/** What a stream remembers to never send an older state of a request; least recently changed forgotten first. */
const SENT_MAX = 1_000;

/** Live changes for SSE clients: this instance's at once, other instances' from the change log. */
export class StreamHub {
  private readonly feeds = new Map<string, ChangeFeed>();
  private readonly watches = new Map<string, MineWatch>();
  /** Personal-stream watches by `tenant|person`, to route a change to its people's streams. */
  private readonly byPerson = new Map<string, Set<MineWatch>>();
  /** Scoreboard watches by tenant. */
  private readonly tenantWatches = new Map<string, TenantWatch>();
  private readonly limits: StreamLimits;
  private readonly now: () => number;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: RequestStore,
    bus: ChangeBus,
    private readonly opts: StreamHubOptions,
  ) {
    this.limits = new StreamLimits(opts.maxPerUser, opts.maxPerTenant);
    this.now = opts.clock ?? Date.now;
    this.unsubscribe = bus.subscribe((c) => {
      // A person's first request in a department their streams do not follow yet (filed, or followed).
      for (const w of this.watchesOf(c.tenantId, [c.request.requester.id, c.request.createdBy?.id])) w.follow(c.department);
      for (const w of this.watchesOf(c.tenantId, (c.request.followers ?? []).map((f) => f.id))) w.follow(c.department, !w.people.includes(c.request.requester.id));
      this.feeds.get(`${c.tenantId}|${c.department}`)?.local(c);
      this.tenantWatches.get(c.tenantId)?.changed();
    });
  }

  /** Takes a slot for one more stream of this person, or says which cap refuses it. */
  admit(tenantId: string, userId: string): Admission {
    return this.limits.admit(tenantId, userId);
  }

  /** Streams open on this instance (of one tenant, or all). */
  openStreams(tenantId?: string): number {
    return this.limits.open(tenantId);
  }

  /** Adds a subscriber; replays what it missed after `lastEventId`. Returns the unsubscribe. */
  async subscribe(s: Subscriber, lastEventId?: string): Promise<() => void> {
    // Each state of a request reaches a subscriber once, never older than one it already has,
    // never one it had before resuming; live changes wait until the replay has been sent.
    const sent = new Map<string, number>();
    // Only the latest state of each request waits, so a long replay holds at most one per request.
    let held: Map<string, [string, ServiceRequest]> | undefined = lastEventId ? new Map() : undefined;
    const once = (id: string, r: ServiceRequest) => {
      if ((lastEventId && id <= lastEventId) || (sent.get(r.id) ?? 0) >= r.version) return;
      sent.delete(r.id);
      sent.set(r.id, r.version);
      if (sent.size > SENT_MAX) sent.delete(sent.keys().next().value!);
      s.send(id, r);
    };
    const hold = (id: string, r: ServiceRequest) => {
      const had = held!.get(r.id);
      if (!had || had[1].version < r.version) held!.set(r.id, [id, r]);
    };
    const sub: Subscriber = { ...s, send: (id, r) => (held ? hold(id, r) : once(id, r)) };

    let feed: ChangeFeed | undefined;
    let watch: MineWatch | undefined;
    let done = false;
    const unsubscribe = () => {
      if (done) return;
      done = true;
      if (feed) {
        feed.subscribers.delete(sub);
        this.release(feed);
      }
      if (watch) {
        watch.subscribers.delete(sub);
        if (watch.subscribers.size === 0) this.unwatch(watch);
      }
      held = undefined;
    };
    try {
      if (s.department) {
        feed = this.hold(s.tenantId, s.department);
        feed.subscribers.add(sub);
      } else if (s.people?.length) {
        watch = this.watch(s.tenantId, s.people);
        watch.subscribers.add(sub);
        await watch.ready;
      }
      if (lastEventId) await this.replay({ ...s, send: once }, lastEventId, watch);
    } catch (err) {
      unsubscribe();
      throw err;
    }
    if (held) {
      const waiting = [...held.values()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
      held = undefined;
      for (const [id, r] of waiting) once(id, r);
    }
    return unsubscribe;
  }

  /**
   * What a resuming client missed: the latest state of each request changed after its last
   * event, in change order. A queue reads its department's change log; a personal stream only
   * its own rows of the departments where its person has requests. From further back than the
   * change log keeps, nothing is read: the client is told to reload.
   */
  private async replay(s: Subscriber, lastEventId: string, watch?: MineWatch) {
    const since = timeOf(lastEventId);
    if (!/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(since) || Number.isNaN(Date.parse(since))) return;
    const now = this.now();
    if (Date.parse(since) < now - this.opts.retentionHours * 3_600_000 + RETENTION_MARGIN_MS) {
      // Live changes from here on are sent; what came before, the client reloads.
      s.reset?.(`${new Date(now - LOOKBACK_MS).toISOString()}|`);
      return;
    }
    const departments = s.department ? [s.department] : [...(watch?.departments ?? [])];
    const latest = new Map<string, { department: string; row: ChangeRow; id: string }>();
    for (const department of departments) {
      const rows = await this.store.changesSince(s.tenantId, department, since, s.department ? undefined : s.people, { followers: !s.department && !!watch?.followedIn.has(department) });
      for (const row of rows) {
        const id = eventId(department, row.changeId);
        if (id > lastEventId) latest.set(`${department}|${row.number}`, { department, row, id });
      }
    }
    // In change order across departments, so the last id a client receives is a safe point to resume from.
    for (const { department, row } of [...latest.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const req = await this.store.get(s.tenantId, department, row.number);
      // A row with more followers than it names was read to be judged on the request itself.
      if (req && (s.department || peopleOf(req).some((p) => p && s.people?.includes(p)))) s.send(eventId(department, changeIdOf(req)), req);
    }
  }

  /**
   * How many changes of the tenant this instance has seen while a scoreboard stream follows it,
   * or undefined when none does (then nothing here sees other instances' changes as they come).
   * What the scoreboard's cache is keyed by: the same number means nothing changed since.
   */
  tenantGeneration(tenantId: string): number | undefined {
    const w = this.tenantWatches.get(tenantId);
    return w?.following ? w.generation : undefined;
  }

  /**
   * The scoreboard (`?scoreboard=1`): `changed` is called when any request of the tenant
   * changed, on any instance, coalesced; never with what changed (bot/stream/tenant-watch.ts).
   * `departments` lists the tenant's department keys. Returns the unsubscribe.
   */
  async followTenant(tenantId: string, departments: () => Promise<string[]>, changed: () => void): Promise<() => void> {
    let w = this.tenantWatches.get(tenantId);
    if (!w) {
      const feeds = new Map<string, ChangeFeed>();
      w = new TenantWatch(tenantId, {
        departments,
        hold: (d, poke) => {
          const f = this.hold(tenantId, d);
          f.watchers.add(poke);
          feeds.set(d, f);
        },
        release: (d, poke) => {
          const f = feeds.get(d);
          feeds.delete(d);
          if (!f) return;
          f.watchers.delete(poke);
          this.release(f);
        },
        refreshMs: this.opts.refreshMs,
        coalesceMs: this.opts.scoreboardCoalesceMs ?? SCOREBOARD_COALESCE_MS,
      });
      this.tenantWatches.set(tenantId, w);
    }
    const watch = w;
    const listener = () => changed();
    watch.subscribers.add(listener);
    const unsubscribe = () => {
      if (!watch.subscribers.delete(listener) || watch.subscribers.size > 0) return;
      watch.stop();
      if (this.tenantWatches.get(tenantId) === watch) this.tenantWatches.delete(tenantId);
    };
    try {
      await watch.ready;
    } catch (err) {
      unsubscribe();
      throw err;
    }
    return unsubscribe;
  }

  private hold(tenantId: string, department: string): ChangeFeed {
    const key = `${tenantId}|${department}`;
    let f = this.feeds.get(key);
    if (!f) {
      f = new ChangeFeed(
        tenantId,
        department,
        this.store,
        this.opts.pollMs,
        (t, people) => this.personal(t, people),
        (t) => [...this.byPerson.keys()].some((k) => k.startsWith(`${t}|`)),
      );
      this.feeds.set(key, f);
      f.start();
    }
    f.refs++;
    return f;
  }

  private release(f: ChangeFeed) {
    if (--f.refs > 0) return;
    f.stop();
    this.feeds.delete(`${f.tenantId}|${f.department}`);
  }

  private watch(tenantId: string, people: string[]): MineWatch {
    const key = `${tenantId}|${people.join("|")}`;
    let w = this.watches.get(key);
    if (w) return w;
    const feeds = new Map<string, ChangeFeed>();
    w = new MineWatch(tenantId, people, {
      store: this.store,
      users: this.opts.users,
      hold: (d) => feeds.set(d, this.hold(tenantId, d)),
      release: (d) => {
        const f = feeds.get(d);
        feeds.delete(d);
        if (f) this.release(f);
      },
      refreshMs: this.opts.refreshMs,
      clock: this.now,
    });
    this.watches.set(key, w);
    for (const p of people) {
      const k = `${tenantId}|${p}`;
      let set = this.byPerson.get(k);
      if (!set) this.byPerson.set(k, (set = new Set()));
      set.add(w);
    }
    return w;
  }

  private unwatch(w: MineWatch) {
    w.stop();
    this.watches.delete(`${w.tenantId}|${w.people.join("|")}`);
    for (const p of w.people) {
      const k = `${w.tenantId}|${p}`;
      const set = this.byPerson.get(k);
      set?.delete(w);
      if (set?.size === 0) this.byPerson.delete(k);
    }
  }

  private *watchesOf(tenantId: string, people: Array<string | undefined>): Iterable<MineWatch> {
    for (const p of people) {
      if (p) yield* this.byPerson.get(`${tenantId}|${p}`) ?? [];
    }
  }

  /** The personal streams of any of these people (once each). */
  private *personal(tenantId: string, people: Array<string | undefined>): Iterable<Subscriber> {
    if (!people.some((p) => p && this.byPerson.has(`${tenantId}|${p}`))) return;
    const seen = new Set<Subscriber>();
    for (const w of this.watchesOf(tenantId, people)) {
      for (const s of w.subscribers) {
        if (seen.has(s)) continue;
        seen.add(s);
        yield s;
      }
    }
  }

  close() {
    this.unsubscribe();
    for (const w of this.watches.values()) w.stop();
    this.watches.clear();
    this.byPerson.clear();
    for (const w of this.tenantWatches.values()) w.stop();
    this.tenantWatches.clear();
    for (const f of this.feeds.values()) f.stop();
    this.feeds.clear();
  }
}
