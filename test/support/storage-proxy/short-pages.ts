/**
 * Azure's paging, at its most awkward: a query may answer fewer entities than asked, even none,
 * with a continuation token (a server-side scan that hit its time or size budget). Azurite
 * fills every page, so the proxy rewrites queries: each page holds 1 to 3 entities, and about a
 * third of them are empty with a token of the proxy's own that resumes where the last real page
 * stopped. The choices come from a seeded generator, so a failure can be replayed.
 */
export interface Plan {
  /** Answer no entities and this continuation token. */
  empty?: { nextPartitionKey: string; nextRowKey: string };
  /** Otherwise: forward the query with this path (continuation restored, `$top` cut). */
  path: string;
}

const MINE = "~proxy~";

export class ShortPages {
  private readonly tokens = new Map<string, { pk?: string; rk?: string }>();
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  plan(url: URL): Plan {
    const q = new Map(url.searchParams);
    let pk = q.get("NextPartitionKey");
    let rk = q.get("NextRowKey");
    let resumed = false;
    if (pk?.startsWith(MINE)) {
      // Kept for ever: an API cursor may carry this token and be used again.
      const saved = this.tokens.get(pk);
      if (!saved) throw new Error(`unknown continuation token ${pk}`);
      ({ pk, rk } = saved);
      resumed = true;
    }
    if (!resumed && this.random() < 0.3) {
      const id = `${MINE}${this.tokens.size + 1}`;
      this.tokens.set(id, { ...(pk ? { pk } : {}), ...(rk ? { rk } : {}) });
      return { empty: { nextPartitionKey: id, nextRowKey: "~" }, path: "" };
    }
    q.delete("NextPartitionKey");
    q.delete("NextRowKey");
    if (pk) q.set("NextPartitionKey", pk);
    if (rk) q.set("NextRowKey", rk);
    const asked = Number(q.get("$top")) || 1000;
    q.set("$top", String(Math.min(asked, 1 + Math.floor(this.random() * 3))));
    const query = [...q].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
    return { path: `${url.pathname}?${query}` };
  }

  /** mulberry32: small, seeded, good enough to pick page sizes. */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
