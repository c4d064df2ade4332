import { log } from "../telemetry/log.ts";

export interface TenantWatchDeps {
  /** The tenant's department keys (the catalogue: one partition query). */
  departments(): Promise<string[]>;
  /** Follows a department's change feed; `poke` is called for each change another instance made. */
  hold(department: string, poke: () => void): void;
  release(department: string, poke: () => void): void;
  /** How often the catalogue is read again, for departments created since. */
  refreshMs: number;
  /** At most one notice per this many ms (real time, not the services' clock), however many requests change. */
  coalesceMs: number;
}

/**
 * The scoreboard's stream (`?scoreboard=1`): "some request of this tenant changed", never which
 * one (everyone may follow it; a request's content is its people's). Changes made on this
 * instance arrive from the bus (`changed`), other instances' from every department's change
 * feed; a burst becomes one notice, at most one per `coalesceMs`, shared by every scoreboard
 * stream of the tenant on this instance, which then reads the figures again.
 */
export class TenantWatch {
  readonly subscribers = new Set<() => void>();
  /** Counts every change seen (at once, not coalesced): what a cached scoreboard was computed at. */
  generation = 0;
  /** Every department of the tenant is followed: every change (this instance's or another's) counts in `generation`. */
  following = false;
  private readonly followed = new Set<string>();
  private readonly poke = () => this.changed();
  private timer?: NodeJS.Timeout;
  private refreshTimer?: NodeJS.Timeout;
  private lastSent = -Infinity;
  private refreshing = false;
  private stopped = false;
  /** Resolves once the tenant's departments are followed (rejects when storage fails). */
  readonly ready: Promise<void>;

  constructor(
    readonly tenantId: string,
    private readonly deps: TenantWatchDeps,
  ) {
    this.ready = this.refresh(true);
    this.ready.then(
      () => (this.following = !this.stopped),
      () => undefined,
    );
    if (deps.refreshMs > 0) {
      this.refreshTimer = setInterval(() => void this.refresh(false).catch(() => undefined), deps.refreshMs);
      this.refreshTimer.unref();
    }
  }

  /** A request of the tenant changed: one notice to every subscriber, coalesced. */
  changed() {
    this.generation++;
    if (this.stopped || this.timer) return;
    const wait = Math.max(0, this.lastSent + this.deps.coalesceMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.lastSent = Date.now();
      for (const s of this.subscribers) {
        try {
          s();
        } catch (err) {
          log.error("scoreboard subscriber failed", { error: err });
        }
      }
    }, wait);
  }

  /** Follows departments created since the last look (a new one counts as a change: it joins the board). */
  private async refresh(first: boolean) {
    if (this.refreshing || this.stopped) return;
    this.refreshing = true;
    try {
      const keys = await this.deps.departments();
      let added = false;
      for (const k of keys) {
        if (this.stopped || this.followed.has(k)) continue;
        this.followed.add(k);
        this.deps.hold(k, this.poke);
        added = true;
      }
      if (added && !first) this.changed();
    } catch (err) {
      if (first) throw err;
      if (process.env.TANDEM_DEBUG) log.error("scoreboard department refresh failed", { error: err });
    } finally {
      this.refreshing = false;
    }
  }

  stop() {
    this.stopped = true;
    this.following = false;
    clearTimeout(this.timer);
    clearInterval(this.refreshTimer);
    for (const d of this.followed) this.deps.release(d, this.poke);
    this.followed.clear();
  }
}
