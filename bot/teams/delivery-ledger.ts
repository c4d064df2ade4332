import { randomUUID } from "node:crypto";
import type { ClaimKey, ClaimStore } from "../storage/claim-store.ts";

/** What the ledger needs of the claim store (bot/app.ts hands it in). */
export type DeliveryClaims = Pick<ClaimStore, "claim" | "takeOver" | "settle" | "clearScope">;

/**
 * How long one delivery may be in someone's hands before another instance takes it over: its
 * process died between the claim and the post. Longer than any post takes (the SDK's own 429
 * retries included), so a live delivery is never doubled.
 */
export const DELIVERY_LEASE_MS = 2 * 60_000;

/**
 * How long a day's delivery claims are kept: far longer than any change stays owed (the repair
 * takes it up within minutes, the outbox gives up within hours). After that a day's claims go
 * as one partition; a prune looks a week further back, so a service down for days misses none.
 */
export const DELIVERY_CLAIM_DAYS = 7;
const PRUNE_WINDOW_DAYS = 7;

/** Whose turn a delivery is: ours now, already done (and what became of it), or someone else's right now. */
export type Turn = { turn: "mine"; key: ClaimKey } | { turn: "done"; outcome: string } | { turn: "busy" };

/**
 * One claim per change and recipient (DESIGN.md "Teams bot": every notice is delivered from the
 * change log with a per-change claim). The instance that made the change, the repair on any
 * instance, and a second repair racing it all ask here first; whoever inserts the claim posts,
 * and settles it when the post is out (or queued, or there was nobody to post to).
 */
export class DeliveryLedger {
  constructor(
    private readonly claims: DeliveryClaims,
    private readonly now: () => number,
  ) {}

  /** The claim of one post of a change: a partition per department and day of the change (a change id starts with its ISO instant), so old days go whole. */
  static key(c: { tenantId: string; department: string; changeId: string }, what: string): ClaimKey {
    return { tenantId: c.tenantId, scope: { delivery: `${c.department}:${c.changeId.slice(0, 10)}` }, ref: `${c.changeId}|${what}` };
  }

  async begin(c: { tenantId: string; department: string; changeId: string }, what: string): Promise<Turn> {
    return this.beginKey(DeliveryLedger.key(c, what), c.department);
  }

  /** `begin` for a post that is not a change's (the monthly review card: its own claim key, never pruned). */
  async beginKey(key: ClaimKey, department: string): Promise<Turn> {
    const token = randomUUID();
    const nowIso = new Date(this.now()).toISOString();
    const held = await this.claims.claim(key, token, department, nowIso);
    if (!held) return { turn: "mine", key };
    if (held.settled) return { turn: "done", outcome: held.settled };
    if (Date.parse(held.claimedAt) > this.now() - DELIVERY_LEASE_MS) return { turn: "busy" };
    // Abandoned (its instance died mid-post): take it over, unless someone else just did.
    return (await this.claims.takeOver(key, held, token, nowIso)) ? { turn: "mine", key } : { turn: "busy" };
  }

  settle(key: ClaimKey, outcome: string): Promise<void> {
    return this.claims.settle(key, outcome);
  }

  /** Deletes a department's delivery claims of the days past keeping; returns how many went. */
  async prune(tenantId: string, department: string): Promise<number> {
    let removed = 0;
    for (let d = DELIVERY_CLAIM_DAYS + 1; d <= DELIVERY_CLAIM_DAYS + PRUNE_WINDOW_DAYS; d++) {
      const day = new Date(this.now() - d * 86_400_000).toISOString().slice(0, 10);
      removed += await this.claims.clearScope(tenantId, { delivery: `${department}:${day}` });
    }
    return removed;
  }
}
