import { guard, isConflict, isNotFound, isPreconditionFailed } from "./errors.ts";
import { keyPart, type Tables } from "./tables.ts";

const DAY_MS = 86_400_000;

/** One claim row per department and person: when Tandem last asked them to rate, and for which change. */
interface AskRow {
  askedAt: string;
  changeId: string;
  etag: string;
}

/**
 * Sampling of the rating card (DESIGN.md "The internal-customer loop": nobody is asked more than
 * once a week, configurable per department). A row in the Claims table per department and person
 * (partition `tenant|ask:DEPT`, row the person's id) records when they were last asked: a point
 * read, then an insert-if-absent or an ETag-conditional update, so however many of a person's
 * requests resolve at once and however many instances deliver them, one change wins the ask.
 */
export class RatingAsks {
  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Claims;
  }

  private static keys(tenantId: string, dept: string, personId: string) {
    return { partitionKey: `${tenantId}|${keyPart(`ask:${dept}`)}`, rowKey: keyPart(personId) };
  }

  /**
   * Whether the change `changeId` may ask this person to rate now: yes when they were not asked
   * by this department within `everyDays` days (0: always), or when this very change already won
   * the ask (its delivery is being retried). A yes is recorded before it is answered.
   */
  async mayAsk(tenantId: string, dept: string, personId: string, changeId: string, nowMs: number, everyDays: number): Promise<boolean> {
    if (everyDays <= 0) return true;
    const keys = RatingAsks.keys(tenantId, dept, personId);
    const askedAt = new Date(nowMs).toISOString();
    return guard(async () => {
      for (let attempt = 0; attempt < 10; attempt++) {
        const row = await this.read(keys);
        if (row?.changeId === changeId) return true;
        if (row && Date.parse(row.askedAt) > nowMs - everyDays * DAY_MS) return false;
        try {
          if (row) await this.table.updateEntity({ ...keys, askedAt, changeId }, "Replace", { etag: row.etag });
          else await this.table.createEntity({ ...keys, askedAt, changeId });
          return true;
        } catch (err) {
          // Another change (here or on another instance) asked first: read again and judge.
          if (!isConflict(err) && !isPreconditionFailed(err)) throw err;
        }
      }
      return false;
    });
  }

  private async read(keys: { partitionKey: string; rowKey: string }): Promise<AskRow | undefined> {
    try {
      const e = await this.table.getEntity<Record<string, string>>(keys.partitionKey, keys.rowKey);
      return { askedAt: e.askedAt!, changeId: e.changeId!, etag: e.etag };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}
