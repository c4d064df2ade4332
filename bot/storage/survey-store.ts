import { createHash } from "node:crypto";
import type { TableEntity, TransactionAction } from "@azure/data-tables";
import type { Person } from "../../shared/domain.ts";
import { countScores, npsGroup, type NpsCounts, type PulseSurvey, type Verbatim } from "../../shared/nps.ts";
import { guard, isConflict, isNotFound, isPreconditionFailed } from "./errors.ts";
import { readAll } from "./paging.ts";
import { keyPart, lit, type Tables } from "./tables.ts";

/**
 * The internal NPS pulse (DESIGN.md "The internal-customer loop"), in the Surveys table.
 *
 * A department's partition, PK `<tenant>|<DEPT>`:
 * - `s|<YYYY-MM>|<person>`: someone the department served (a request of theirs resolved in that
 *   local month); created once (insert-if-absent), never updated. A period reads its months' range.
 * - `p|<period>`: the pulse run of a period: the claim that makes it happen once across
 *   instances (`token`, `claimedAt`), then `done` with how many were asked.
 * - `g|<period>`: the period's answers counted (promoters, passives, detractors): the trend reads
 *   one row a period.
 * - `a|<period>|<hash>`: one answer (score, comment, time; nobody's id): the verbatims. Created in
 *   the same transaction as the count's ETag-conditional update, so an answer counts once.
 *
 * A person's partition, PK `<tenant>|@<person>`:
 * - `q|<DEPT>.<period>`: a survey they were asked (one per department and period; insert-if-absent),
 *   `state` pending -> answered (their answer recorded, ETag-conditional) -> counted.
 *   `GET /api/me/surveys` is one range query of it.
 */
export class SurveyStore {
  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Surveys;
  }

  static deptPk(tenantId: string, dept: string): string {
    return `${tenantId}|${dept}`;
  }

  static personPk(tenantId: string, personId: string): string {
    return `${tenantId}|@${keyPart(personId)}`;
  }

  // ------------------------------------------------------------------------------------------
  // Who was served
  // ------------------------------------------------------------------------------------------

  /**
   * Records people served in months (idempotent: a row already there is left as it is). Rows of
   * one month go in transactions of up to 100; a transaction that meets a row already there
   * falls back to one insert each.
   */
  async addServed(tenantId: string, dept: string, rows: Array<{ month: string; person: Person }>): Promise<number> {
    const pk = SurveyStore.deptPk(tenantId, dept);
    const unique = new Map<string, TableEntity>();
    for (const { month, person } of rows) {
      const rowKey = `s|${month}|${keyPart(person.id)}`;
      unique.set(rowKey, { partitionKey: pk, rowKey, personId: person.id, name: person.name, ...(person.email ? { email: person.email } : {}) });
    }
    const all = [...unique.values()];
    let added = 0;
    for (let i = 0; i < all.length; i += 100) {
      const chunk = all.slice(i, i + 100);
      try {
        await guard(() => this.table.submitTransaction(chunk.map((e): TransactionAction => ["create", e])));
        added += chunk.length;
      } catch (err) {
        if (!isConflict(err)) throw err;
        for (const e of chunk) if (await this.createIfAbsent(e)) added++;
      }
    }
    return added;
  }

  /** The ids of the people already recorded as served in one month (one range query, ids only). */
  async servedIds(tenantId: string, dept: string, month: string): Promise<string[]> {
    const filter = `PartitionKey eq ${lit(SurveyStore.deptPk(tenantId, dept))} and RowKey gt ${lit(`s|${month}|`)} and RowKey lt ${lit(`s|${month}|~`)}`;
    return (await readAll<{ personId: string }>(this.table, filter, Infinity, ["personId"])).map((r) => r.personId);
  }

  /** Everyone served in the given months (one range query of the department's partition; a person once). */
  async served(tenantId: string, dept: string, months: string[]): Promise<Person[]> {
    if (!months.length) return [];
    const sorted = [...months].sort();
    const filter = `PartitionKey eq ${lit(SurveyStore.deptPk(tenantId, dept))} and RowKey ge ${lit(`s|${sorted[0]}|`)} and RowKey lt ${lit(`s|${sorted[sorted.length - 1]}|~`)}`;
    const rows = await readAll<{ personId: string; name: string; email?: string }>(this.table, filter, Infinity, ["personId", "name", "email"]);
    const people = new Map<string, Person>();
    for (const r of rows) if (!people.has(r.personId)) people.set(r.personId, { id: r.personId, name: r.name, ...(r.email ? { email: r.email } : {}) });
    return [...people.values()];
  }

  // ------------------------------------------------------------------------------------------
  // The pulse run of a period (once across instances)
  // ------------------------------------------------------------------------------------------

  /** The run's row, or undefined. */
  async run(tenantId: string, dept: string, period: string): Promise<PulseRun | undefined> {
    return guard(async () => {
      try {
        const e = await this.table.getEntity<Record<string, unknown>>(SurveyStore.deptPk(tenantId, dept), `p|${period}`);
        return { token: String(e.token), claimedAt: String(e.claimedAt), ...(e.done ? { done: String(e.done), asked: Number(e.asked ?? 0) } : {}), etag: String(e.etag) };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }

  /** Claims the run (insert-if-absent): true when it is ours. */
  async claimRun(tenantId: string, dept: string, period: string, token: string, now: string): Promise<boolean> {
    return this.createIfAbsent({ partitionKey: SurveyStore.deptPk(tenantId, dept), rowKey: `p|${period}`, token, claimedAt: now });
  }

  /** Takes over a run whose claimer went quiet; false when someone else changed it first. */
  async takeOverRun(tenantId: string, dept: string, period: string, old: PulseRun, token: string, now: string): Promise<boolean> {
    return this.conditional(() => this.table.updateEntity({ partitionKey: SurveyStore.deptPk(tenantId, dept), rowKey: `p|${period}`, token, claimedAt: now }, "Merge", { etag: old.etag }));
  }

  /** Marks the run done, only if it is still the caller's (its token unchanged since `run` was read). */
  async finishRun(tenantId: string, dept: string, period: string, run: PulseRun, asked: number, now: string): Promise<boolean> {
    return this.conditional(() => this.table.updateEntity({ partitionKey: SurveyStore.deptPk(tenantId, dept), rowKey: `p|${period}`, done: now, asked }, "Merge", { etag: run.etag }));
  }

  // ------------------------------------------------------------------------------------------
  // A person's surveys
  // ------------------------------------------------------------------------------------------

  /** Writes a pending survey for a person (insert-if-absent: false when they were asked already). */
  async ask(tenantId: string, person: Person, s: { department: string; departmentName: string; period: string; askedAt: string; closesAt: string }): Promise<boolean> {
    return this.createIfAbsent({
      partitionKey: SurveyStore.personPk(tenantId, person.id),
      rowKey: `q|${s.department}.${s.period}`,
      personId: person.id,
      department: s.department,
      departmentName: s.departmentName,
      period: s.period,
      askedAt: s.askedAt,
      closesAt: s.closesAt,
      state: "pending",
    });
  }

  /** A person's surveys not yet counted and still open at `now`: one range query of their partition. */
  async open(tenantId: string, personId: string, now: string): Promise<StoredSurvey[]> {
    const filter = `PartitionKey eq ${lit(SurveyStore.personPk(tenantId, personId))} and RowKey ge 'q|' and RowKey lt 'q|~' and state ne 'counted' and closesAt gt ${lit(now)}`;
    return (await readAll<Record<string, unknown>>(this.table, filter, 200)).map(toSurvey);
  }

  /** One survey of a person (point read). */
  async survey(tenantId: string, personId: string, id: string): Promise<StoredSurvey | undefined> {
    return guard(async () => {
      try {
        return toSurvey(await this.table.getEntity<Record<string, unknown>>(SurveyStore.personPk(tenantId, personId), `q|${id}`));
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }

  /**
   * Records the person's answer on their survey, only if it is unchanged since read: the survey
   * as it now is (its new ETag), or undefined when someone answered first.
   */
  async recordAnswer(tenantId: string, s: StoredSurvey, answer: { score: number; comment?: string; at: string }): Promise<StoredSurvey | undefined> {
    const e: TableEntity = { partitionKey: SurveyStore.personPk(tenantId, s.personId), rowKey: `q|${s.id}`, state: "answered", score: answer.score, answeredAt: answer.at, comment: answer.comment ?? "" };
    let etag: string | undefined;
    const ok = await this.conditional(async () => void (etag = (await this.table.updateEntity(e, "Merge", { etag: s.etag })).etag));
    return ok && etag ? { ...s, state: "answered", answer, etag } : undefined;
  }

  /** Marks an answered survey counted (after `count`), if unchanged since read (else whoever changed it did so). */
  async markCounted(tenantId: string, s: StoredSurvey): Promise<void> {
    await this.conditional(() => this.table.updateEntity({ partitionKey: SurveyStore.personPk(tenantId, s.personId), rowKey: `q|${s.id}`, state: "counted" }, "Merge", { etag: s.etag }));
  }

  // ------------------------------------------------------------------------------------------
  // Answers and counts (the department's partition)
  // ------------------------------------------------------------------------------------------

  /**
   * Counts one answer once: the answer row (its key from the survey's id and person, so a second
   * attempt finds it) and the period's count, ETag-conditional, in one transaction.
   */
  async count(tenantId: string, dept: string, period: string, who: string, answer: { score: number; comment?: string; at: string }): Promise<void> {
    const pk = SurveyStore.deptPk(tenantId, dept);
    const answerKey = `a|${period}|${createHash("sha256").update(`${who}|${period}`, "utf8").digest("hex").slice(0, 24)}`;
    const group = npsGroup(answer.score);
    const field = group === "promoter" ? "promoters" : group === "passive" ? "passives" : "detractors";
    for (let attempt = 0; attempt < 20; attempt++) {
      const agg = await this.aggregate(tenantId, dept, period);
      const next = { promoters: agg?.promoters ?? 0, passives: agg?.passives ?? 0, detractors: agg?.detractors ?? 0 };
      next[field]++;
      const answerRow: TableEntity = { partitionKey: pk, rowKey: answerKey, score: answer.score, comment: answer.comment ?? "", at: answer.at };
      const aggRow: TableEntity = { partitionKey: pk, rowKey: `g|${period}`, ...next };
      const actions: TransactionAction[] = [["create", answerRow], agg ? ["update", aggRow, "Replace", { etag: agg.etag }] : ["create", aggRow]];
      try {
        await guard(() => this.table.submitTransaction(actions));
        return;
      } catch (err) {
        if (!isConflict(err) && !isPreconditionFailed(err)) throw err;
        // Counted already (a retry), or the count moved meanwhile: look again.
        if (await this.exists(pk, answerKey)) return;
      }
    }
    throw new Error(`The answer to ${dept}'s pulse of ${period} could not be counted: its count kept changing.`);
  }

  /** A period's counts (point read), or undefined when nobody answered. */
  async aggregate(tenantId: string, dept: string, period: string): Promise<(NpsCounts & { etag: string }) | undefined> {
    return guard(async () => {
      try {
        const e = await this.table.getEntity<Record<string, unknown>>(SurveyStore.deptPk(tenantId, dept), `g|${period}`);
        return { promoters: Number(e.promoters ?? 0), passives: Number(e.passives ?? 0), detractors: Number(e.detractors ?? 0), etag: String(e.etag) };
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }

  /** A period's answers with a comment (one range query of the department's partition), newest first. */
  async verbatims(tenantId: string, dept: string, period: string): Promise<Verbatim[]> {
    const filter = `PartitionKey eq ${lit(SurveyStore.deptPk(tenantId, dept))} and RowKey gt ${lit(`a|${period}|`)} and RowKey lt ${lit(`a|${period}|~`)} and comment ne ''`;
    const rows = await readAll<{ score: number; comment: string; at: string }>(this.table, filter, 1000, ["score", "comment", "at"]);
    return rows.map((r) => ({ score: Number(r.score), comment: String(r.comment), at: String(r.at) })).sort((a, b) => b.at.localeCompare(a.at));
  }

  /** The counts of a period recomputed from its answer rows (tests and repair: the stored count must agree). */
  async recount(tenantId: string, dept: string, period: string): Promise<NpsCounts> {
    const filter = `PartitionKey eq ${lit(SurveyStore.deptPk(tenantId, dept))} and RowKey gt ${lit(`a|${period}|`)} and RowKey lt ${lit(`a|${period}|~`)}`;
    const rows = await readAll<{ score: number }>(this.table, filter, Infinity, ["score"]);
    return countScores(rows.map((r) => Number(r.score)));
  }

  private async exists(pk: string, rk: string): Promise<boolean> {
    return guard(async () => {
      try {
        await this.table.getEntity(pk, rk, { queryOptions: { select: ["PartitionKey"] } });
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    });
  }

  private async createIfAbsent(e: TableEntity): Promise<boolean> {
    return guard(async () => {
      try {
        await this.table.createEntity(e);
        return true;
      } catch (err) {
        if (isConflict(err)) return false;
        throw err;
      }
    });
  }

  private async conditional(f: () => Promise<unknown>): Promise<boolean> {
    return guard(async () => {
      try {
        await f();
        return true;
      } catch (err) {
        if (isPreconditionFailed(err)) return false;
        throw err;
      }
    });
  }
}

export interface PulseRun {
  token: string;
  claimedAt: string;
  /** When the run finished (everyone sampled was asked). */
  done?: string;
  asked?: number;
  etag: string;
}

/** A person's survey as stored. */
export interface StoredSurvey extends PulseSurvey {
  personId: string;
  closesAt: string;
  state: "pending" | "answered" | "counted";
  etag: string;
}

function toSurvey(e: Record<string, unknown>): StoredSurvey {
  const state = e.state === "answered" || e.state === "counted" ? e.state : "pending";
  return {
    id: String(e.rowKey).slice(2),
    personId: String(e.personId),
    department: String(e.department),
    departmentName: String(e.departmentName ?? e.department),
    period: String(e.period),
    askedAt: String(e.askedAt),
    closesAt: String(e.closesAt),
    state,
    ...(state !== "pending" ? { answer: { score: Number(e.score), ...(e.comment ? { comment: String(e.comment) } : {}), at: String(e.answeredAt) } } : {}),
    etag: String(e.etag),
  };
}
