/**
 * How many live streams are open on this instance, per person and per tenant. Each open stream
 * holds a socket, its buffers and a heartbeat timer: the caps keep one person (or one tenant)
 * from taking the instance's memory. Per instance on purpose: it protects this process, and
 * the service shares nothing else between instances.
 */
export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; scope: "person" | "tenant"; open: number; max: number };

export class StreamLimits {
  private readonly perUser = new Map<string, number>();
  private readonly perTenant = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly maxPerUser: number,
    private readonly maxPerTenant: number,
  ) {}

  /** Takes a slot for a stream of this person, or says which cap refuses it. */
  admit(tenantId: string, userId: string): Admission {
    const userKey = `${tenantId}|${userId}`;
    const mine = this.perUser.get(userKey) ?? 0;
    const tenant = this.perTenant.get(tenantId) ?? 0;
    if (this.maxPerUser > 0 && mine >= this.maxPerUser) return { ok: false, scope: "person", open: mine, max: this.maxPerUser };
    if (this.maxPerTenant > 0 && tenant >= this.maxPerTenant) return { ok: false, scope: "tenant", open: tenant, max: this.maxPerTenant };
    this.perUser.set(userKey, mine + 1);
    this.perTenant.set(tenantId, tenant + 1);
    this.total++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        decrement(this.perUser, userKey);
        decrement(this.perTenant, tenantId);
      },
    };
  }

  /** Streams open now (of one tenant, or all). */
  open(tenantId?: string): number {
    return tenantId === undefined ? this.total : (this.perTenant.get(tenantId) ?? 0);
  }
}

/** Counts drop to nothing, never to a zero entry that would keep every past user's key. */
function decrement(map: Map<string, number>, key: string) {
  const n = (map.get(key) ?? 0) - 1;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
