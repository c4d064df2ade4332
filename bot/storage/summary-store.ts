import type { TableEntity, TransactionAction } from "@azure/data-tables";
import type { ServiceRequest } from "../../shared/domain.ts";
import { addDays, applyDeltas, contributionOf, deltaOf, monthDeltaOf, OPEN_KEY, SUMMARY_VERSION, type Contribution, type DayDelta, type Tree } from "../../shared/summary.ts";
import type { ChangeProjection } from "../service/change-projection.ts";
import { guard, isConflict, isNotFound, isPreconditionFailed } from "./errors.ts";
import { readAll } from "./paging.ts";
import { pad, partitionOf } from "./request-entity.ts";
import { getJson, lit, putJson, type Tables } from "./tables.ts";

/**
 * Rows in a department's partition of the Requests table (`tenant|DEPT`), beside its requests:
 *   s|YYYY-MM-DD   the day's summary (shared/summary.ts), a versioned JSON body;
 *   a|<n10>        what request n's state of `version` added to the day rows (its contribution);
 *   s|open         what is open now (the OPEN_KEY contribution of every open request);
 *   s|m|YYYY-MM    the local month's counts: its days summed, without their lists (layout 4);
 *   s|cursor       how far the change-log follower has read the department's change log.
 * A request's delta and its a| row go in one entity-group transaction, ETag-conditional on
 * every row, so a state is counted once however many instances apply it or how often a crash
 * replays it: whoever loses the race re-reads the a| row and finds the work done.
 */
export const dayRk = (date: string) => `s|${date}`;
/** A local month's counts (its days summed, lists left out): what the scoreboard reads. */
export const monthRk = (month: string) => `s|m|${month}`;
/** Layout 4 added the month rows: an a| row of an older layout was never counted in them. */
const MONTHS_SINCE = 4;
export const appliedRk = (n: number) => `a|${pad(n, 10)}`;
export const CURSOR_RK = "s|cursor";

/** Where the follower is in a department's change log. */
export interface FollowCursor {
  /** Every change-log row written before this instant (less the follower's overlap) was applied. */
  at: string;
  /** False while the first catch-up (every request the department already had) is under way. */
  backfilled: boolean;
  /** During that catch-up: the highest request number applied so far. */
  backfillAfter?: number;
  /**
   * The day summaries' layout (SUMMARY_VERSION) the catch-up was made for: a newer layout
   * counts every request again, so an upgrade reaches requests that no longer change.
   */
  layout?: number;
}

interface Applied {
  version: number;
  /** SUMMARY_VERSION of the contribution: an older one is worked out again from the same state. */
  sv: number;
  contribution: Contribution;
  etag: string;
}

interface Work {
  request: ServiceRequest;
  applied?: Applied;
  contribution: Contribution;
  deltas: DayDelta[];
}

/** An entity-group transaction holds at most 100 operations. */
const MAX_OPS = 100;
const MAX_ATTEMPTS = 30;

/** Day summaries of each department, kept from its change log (a ChangeProjection). */
export class SummaryStore implements ChangeProjection {
  readonly name = "summaries";

  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Requests;
  }

  /** Day bodies of the given date ranges ([first, last], local dates), one range query each (overlapping ranges merged). */
  async days(tenantId: string, dept: string, ranges: Array<{ first: string; last: string }>): Promise<Map<string, Tree>> {
    const pk = partitionOf(tenantId, dept);
    const sorted = [...ranges].sort((a, b) => a.first.localeCompare(b.first));
    const merged: Array<{ first: string; last: string }> = [];
    for (const r of sorted) {
      const prev = merged[merged.length - 1];
      if (prev && r.first <= addDays(prev.last, 1)) prev.last = r.last > prev.last ? r.last : prev.last;
      else merged.push({ ...r });
    }
    const out = new Map<string, Tree>();
    await Promise.all(
      merged.map(async (r) => {
        const filter = `PartitionKey eq ${lit(pk)} and RowKey ge ${lit(dayRk(r.first))} and RowKey le ${lit(dayRk(r.last))}`;
        for (const e of await readAll<Record<string, unknown>>(this.table, filter)) {
          out.set(String(e.rowKey).slice(2), getJson<Tree>(e, "body") ?? {});
        }
      }),
    );
    return out;
  }

  /** Month rows of local months [first, last] ("YYYY-MM"), one range query: counts only, no lists. */
  async months(tenantId: string, dept: string, first: string, last: string): Promise<Map<string, Tree>> {
    const pk = partitionOf(tenantId, dept);
    const filter = `PartitionKey eq ${lit(pk)} and RowKey ge ${lit(monthRk(first))} and RowKey le ${lit(monthRk(last))}`;
    const out = new Map<string, Tree>();
    for (const e of await readAll<Record<string, unknown>>(this.table, filter)) out.set(String(e.rowKey).slice(4), getJson<Tree>(e, "body") ?? {});
    return out;
  }

  /** The OPEN_KEY row: what is open now, as of the changes applied. */
  async openNow(tenantId: string, dept: string): Promise<Tree> {
    const e = await this.point(partitionOf(tenantId, dept), dayRk(OPEN_KEY));
    return e ? (getJson<Tree>(e, "body") ?? {}) : {};
  }

  /**
   * Counts the latest state of each changed request: the difference between what its state
   * adds now and what its a| row says was added, written with that row in one transaction.
   * A state older than (or as old as) the one already counted changes nothing.
   */
  async apply(tenantId: string, dept: string, changed: ServiceRequest[]): Promise<void> {
    const pk = partitionOf(tenantId, dept);
    const latest = new Map<number, ServiceRequest>();
    for (const r of changed) if ((latest.get(r.number)?.version ?? -1) < r.version) latest.set(r.number, r);
    let pending = [...latest.values()].sort((a, b) => a.number - b.number);
    for (let attempt = 1; pending.length; attempt++) {
      const applied = await this.readApplied(pk, pending.map((r) => r.number));
      const work: Work[] = [];
      for (const request of pending) {
        const a = applied.get(request.number);
        if (a && (a.version > request.version || (a.version === request.version && a.sv >= SUMMARY_VERSION))) continue;
        const contribution = contributionOf(request);
        const days = deltaOf(a?.contribution, contribution).map((d) => ({ ...d, day: dayRk(d.day) }));
        const months = monthDeltaOf(a && a.sv >= MONTHS_SINCE ? a.contribution : undefined, contribution).map((d) => ({ ...d, day: monthRk(d.day) }));
        work.push({ request, applied: a, contribution, deltas: [...days, ...months] });
      }
      const lost: ServiceRequest[] = [];
      for (const group of groups(work)) {
        try {
          await this.commit(pk, group);
        } catch (err) {
          // Another follower wrote one of these rows first: read again and count what is left.
          if (!isPreconditionFailed(err) && !isConflict(err)) throw err;
          lost.push(...group.map((w) => w.request));
        }
      }
      pending = lost;
      if (pending.length && attempt >= MAX_ATTEMPTS) {
        throw new Error(`day summaries of ${dept}: ${pending.length} changes still contended after ${attempt} attempts; the next catch-up retries them`);
      }
      if (pending.length) await sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));
    }
  }

  private async commit(pk: string, group: Work[]): Promise<void> {
    // Deltas are keyed by the row they change: a day's (s|date) or a month's (s|m|month).
    const byRow = new Map<string, DayDelta[]>();
    for (const w of group) for (const d of w.deltas) byRow.set(d.day, [...(byRow.get(d.day) ?? []), d]);
    const current = await Promise.all([...byRow.keys()].map((rk) => this.point(pk, rk)));
    const actions: TransactionAction[] = [];
    [...byRow].forEach(([rk, deltas], i) => {
      const row = current[i];
      // A newer instance's body keeps its version: the sums above keep fields this one ignores.
      const v = Math.max(SUMMARY_VERSION, Number(row?.v ?? 0));
      const e: TableEntity = { partitionKey: pk, rowKey: rk, kind: rk.startsWith("s|m|") ? "month" : "summary", v };
      putJson(e, "body", applyDeltas(row ? (getJson<Tree>(row, "body") ?? {}) : undefined, deltas));
      actions.push(row ? ["update", e, "Replace", { etag: row.etag as string }] : ["create", e]);
    });
    for (const w of group) {
      const e: TableEntity = { partitionKey: pk, rowKey: appliedRk(w.request.number), kind: "applied", version: w.request.version, sv: SUMMARY_VERSION };
      putJson(e, "contribution", w.contribution);
      actions.push(w.applied ? ["update", e, "Replace", { etag: w.applied.etag }] : ["create", e]);
    }
    await guard(() => this.table.submitTransaction(actions));
  }

  /** The a| rows of these requests: one range query when their numbers lie close, else point reads. */
  private async readApplied(pk: string, numbers: number[]): Promise<Map<number, Applied>> {
    const out = new Map<number, Applied>();
    if (!numbers.length) return out;
    const lo = Math.min(...numbers);
    const hi = Math.max(...numbers);
    const toApplied = (e: Record<string, unknown>): Applied => ({
      version: Number(e.version),
      sv: Number(e.sv ?? 1),
      contribution: getJson<Contribution>(e, "contribution") ?? {},
      etag: e.etag as string,
    });
    if (hi - lo + 1 <= 2 * numbers.length + 8) {
      const filter = `PartitionKey eq ${lit(pk)} and RowKey ge ${lit(appliedRk(lo))} and RowKey le ${lit(appliedRk(hi))}`;
      for (const e of await readAll<Record<string, unknown>>(this.table, filter)) out.set(Number(String(e.rowKey).slice(2)), toApplied(e));
      return out;
    }
    for (let i = 0; i < numbers.length; i += 16) {
      const chunk = numbers.slice(i, i + 16);
      const rows = await Promise.all(chunk.map((n) => this.point(pk, appliedRk(n))));
      rows.forEach((e, j) => e && out.set(chunk[j]!, toApplied(e)));
    }
    return out;
  }

  /** The follower's cursor in a department's change log, or undefined before its first catch-up. */
  async cursor(tenantId: string, dept: string): Promise<(FollowCursor & { etag: string }) | undefined> {
    const e = await this.point(partitionOf(tenantId, dept), CURSOR_RK);
    if (!e) return undefined;
    return {
      at: String(e.at),
      backfilled: e.backfilled === true,
      ...(e.backfillAfter !== undefined ? { backfillAfter: Number(e.backfillAfter) } : {}),
      layout: Number(e.layout ?? 2),
      etag: e.etag as string,
    };
  }

  /**
   * Moves the cursor forward (never back: another instance may be ahead), ETag-conditionally.
   * A finished catch-up stays finished.
   */
  async saveCursor(tenantId: string, dept: string, next: FollowCursor): Promise<void> {
    const pk = partitionOf(tenantId, dept);
    for (let attempt = 0; ; attempt++) {
      const cur = await this.cursor(tenantId, dept);
      const layout = next.layout ?? SUMMARY_VERSION;
      // An instance of an older layout never undoes a newer catch-up; a newer layout starts its own.
      if (cur && (cur.layout ?? 2) > layout) return;
      const merged: FollowCursor = cur && (cur.layout ?? 2) === layout
        ? {
            at: cur.at > next.at ? cur.at : next.at,
            backfilled: cur.backfilled || next.backfilled,
            ...(!(cur.backfilled || next.backfilled) ? { backfillAfter: Math.max(cur.backfillAfter ?? 0, next.backfillAfter ?? 0) } : {}),
          }
        : next;
      if (cur && cur.layout === layout && cur.at === merged.at && cur.backfilled === merged.backfilled && cur.backfillAfter === merged.backfillAfter) return;
      const e: TableEntity = { partitionKey: pk, rowKey: CURSOR_RK, kind: "cursor", ...merged, layout };
      try {
        await guard(() => (cur ? this.table.updateEntity(e, "Replace", { etag: cur.etag }) : this.table.createEntity(e)));
        return;
      } catch (err) {
        if ((!isPreconditionFailed(err) && !isConflict(err)) || attempt >= 10) throw err;
      }
    }
  }

  private async point(pk: string, rk: string): Promise<(Record<string, unknown> & { etag: string }) | undefined> {
    return guard(async () => {
      try {
        return (await this.table.getEntity<Record<string, unknown>>(pk, rk)) as Record<string, unknown> & { etag: string };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }
}

/** Splits work into transactions of at most 100 operations: each request with its a| row and the day and month rows it touches. */
function groups(work: Work[]): Work[][] {
  const out: Work[][] = [];
  let cur: Work[] = [];
  let days = new Set<string>();
  for (const w of work) {
    const extra = w.deltas.filter((d) => !days.has(d.day)).length + 1;
    if (cur.length && cur.length + days.size + extra > MAX_OPS) {
      out.push(cur);
      cur = [];
      days = new Set();
    }
    cur.push(w);
    for (const d of w.deltas) days.add(d.day);
  }
  if (cur.length) out.push(cur);
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
