import type { TableEntity, TransactionAction } from "@azure/data-tables";
import type { Status } from "../../shared/domain.ts";
import { guard, isConflict, isNotFound, isPreconditionFailed } from "./errors.ts";
import { fillPage } from "./paging.ts";
import { keyPart, lit, type Tables } from "./tables.ts";

/** What a request is indexed as (the request row of the index): enough to rewrite or remove its postings. */
export interface IndexedState {
  version: number;
  status: Status;
  open: boolean;
  createdAt: string;
  /** term -> weight */
  terms: Record<string, number>;
  /** The people whose partitions hold a copy of the postings (requester, who filed it for them). */
  holders: string[];
}

/** One index row read by a query. */
export interface Posting {
  department: string;
  number: number;
  weight: number;
  status: Status;
  createdAt: string;
}

/** Where postings are read: a department's partition, or one person's (their requests in every department). */
export type Place = { department: string } | { person: string };

/** An entity-group transaction takes at most 100 operations. */
const BATCH = 100;
const MAX_NUMBER = 9_999_999_999;
const MAX_MS = 8_640_000_000_000_000;

const pad = (n: number, w: number) => String(n).padStart(w, "0");
/** Newest first within a term: the inverted request number (department) or filing time (person). */
const invNumber = (n: number) => pad(MAX_NUMBER - n, 10);
const invTime = (iso: string) => pad(MAX_MS - Date.parse(iso), 16);

/**
 * The search index (table `Search`), in the Table Storage design guide's "index entities":
 * - a department's postings: PK `tenant|DEPT`, RK `t|<term>|<inverted number>` (newest first
 *   within a term), carrying weight, status, open flag and filing time;
 * - the same postings in each requester's partition, PK `tenant|@<person>`, RK
 *   `t|<term>|<inverted filing time>|DEPT|<number>`: a requester's search reads their own
 *   partition only (their requests in every department), never a department's postings and a
 *   filter, so what a query reads is bounded by what it may return;
 * - one row per request, PK `tenant|DEPT`, RK `q|<number>`: the terms, status and holders it was
 *   indexed with (ETag-guarded), so an update writes only what changed and removes what left.
 * A term is at most a few dozen characters; every query names a partition and a RowKey range.
 */
export class SearchStore {
  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Search;
  }

  static departmentPartition = (tenantId: string, dept: string) => `${tenantId}|${dept}`;
  static personPartition = (tenantId: string, person: string) => `${tenantId}|@${keyPart(person)}`;
  private static requestRk = (number: number) => `q|${pad(number, 10)}`;

  /** The request row: what the request was last indexed as, with its ETag. */
  async indexed(tenantId: string, dept: string, number: number): Promise<{ state: IndexedState; etag: string } | undefined> {
    return guard(async () => {
      try {
        const e = await this.table.getEntity<Record<string, unknown>>(SearchStore.departmentPartition(tenantId, dept), SearchStore.requestRk(number));
        return { state: JSON.parse(String(e.state)) as IndexedState, etag: e.etag };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }

  /**
   * Brings the postings from `prev` (absent: none) to `next`, then records `next` in the request
   * row, conditional on `prevEtag`. Answers false when another writer recorded first (nothing of
   * the row is overwritten; the caller reads again). Postings are written before the row, so a
   * crash between the two leaves extra postings that the next write reconciles.
   */
  async write(tenantId: string, dept: string, number: number, next: IndexedState, prev?: { state: IndexedState; etag: string }): Promise<boolean> {
    await this.writePostings(tenantId, dept, number, next, prev?.state);
    const entity: TableEntity = {
      partitionKey: SearchStore.departmentPartition(tenantId, dept),
      rowKey: SearchStore.requestRk(number),
      version: next.version,
      state: JSON.stringify(next),
    };
    return guard(async () => {
      try {
        if (prev) await this.table.updateEntity(entity, "Replace", { etag: prev.etag });
        else await this.table.createEntity(entity);
        return true;
      } catch (err) {
        if (isPreconditionFailed(err) || isConflict(err)) return false;
        throw err;
      }
    });
  }

  /** Rewrites every posting of `state` (after losing a race: the winner's state wins over a slower writer's rows). */
  async repair(tenantId: string, dept: string, number: number, state: IndexedState): Promise<void> {
    await this.writePostings(tenantId, dept, number, state, undefined);
  }

  private async writePostings(tenantId: string, dept: string, number: number, next: IndexedState, prev?: IndexedState): Promise<void> {
    const sameFlags = prev && prev.status === next.status && prev.createdAt === next.createdAt;
    const changedTerms = Object.keys(next.terms).filter((t) => !sameFlags || prev!.terms[t] !== next.terms[t]);
    const gone = prev ? Object.keys(prev.terms).filter((t) => next.terms[t] === undefined) : [];
    const places: Array<{ pk: string; rk: (t: string) => string; upsert: string[]; remove: string[]; extra: Record<string, unknown> }> = [
      {
        pk: SearchStore.departmentPartition(tenantId, dept),
        rk: (t) => `t|${keyPart(t)}|${invNumber(number)}`,
        upsert: changedTerms,
        remove: gone,
        extra: {},
      },
    ];
    const personRk = (t: string) => `t|${keyPart(t)}|${invTime(next.createdAt)}|${dept}|${pad(number, 10)}`;
    for (const h of next.holders) {
      const had = prev?.holders.includes(h);
      places.push({ pk: SearchStore.personPartition(tenantId, h), rk: personRk, upsert: had ? changedTerms : Object.keys(next.terms), remove: had ? gone : [], extra: { d: dept } });
    }
    for (const h of prev?.holders ?? []) {
      if (!next.holders.includes(h)) places.push({ pk: SearchStore.personPartition(tenantId, h), rk: (t) => `t|${keyPart(t)}|${invTime(prev!.createdAt)}|${dept}|${pad(number, 10)}`, upsert: [], remove: Object.keys(prev!.terms), extra: {} });
    }
    for (const p of places) {
      const actions: TransactionAction[] = p.upsert.map((t) => [
        "upsert",
        { partitionKey: p.pk, rowKey: p.rk(t), n: number, w: next.terms[t]!, s: next.status, o: next.open, c: next.createdAt, ...p.extra },
        "Replace",
      ]);
      for (let i = 0; i < actions.length; i += BATCH) {
        const batch = actions.slice(i, i + BATCH);
        await guard(() => this.table.submitTransaction(batch));
      }
      // Removals are rare (a requester changed): one by one, a row already gone is fine.
      for (const t of p.remove) {
        await guard(async () => {
          try {
            await this.table.deleteEntity(p.pk, p.rk(t));
          } catch (err) {
            if (!isNotFound(err)) throw err;
          }
        });
      }
    }
  }

  /**
   * At most `max` postings of `term` in one place, newest first (`prefix`: of every longer term
   * that starts with it, in term order). `status`: "open", or one status; absent: any.
   */
  async postings(tenantId: string, place: Place, term: string, opts: { prefix: boolean; max: number; status?: string }): Promise<Posting[]> {
    const pk = "department" in place ? SearchStore.departmentPartition(tenantId, place.department) : SearchStore.personPartition(tenantId, place.person);
    // Exact: `t|term|...`. Prefix: the longer terms only (`t|termX...`, every X sorts before "|"), so the two reads never overlap.
    const exact = `t|${keyPart(term)}|`;
    const [from, to] = opts.prefix ? [`t|${keyPart(term)}`, exact] : [exact, `${exact}~`];
    let filter = `PartitionKey eq ${lit(pk)} and RowKey ge ${lit(from)} and RowKey lt ${lit(to)}`;
    if (opts.status === "open") filter += " and o eq true";
    else if (opts.status && opts.status !== "all") filter += ` and s eq ${lit(opts.status)}`;
    const { items: rows } = await fillPage<Record<string, unknown>>(this.table, filter, opts.max, undefined, ["n", "w", "s", "c", "d"]);
    return rows.map((e) => ({
      department: "department" in place ? place.department : String(e.d),
      number: Number(e.n),
      weight: Number(e.w),
      status: e.s as Status,
      createdAt: String(e.c),
    }));
  }
}
