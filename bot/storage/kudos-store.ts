import type { Kudos, KudosEntry, Person, ServiceRequest } from "../../shared/domain.ts";
import type { ChangeProjection } from "../service/change-projection.ts";
import { guard, isConflict } from "./errors.ts";
import { decodeCursor, encodeCursor, fillPage } from "./paging.ts";
import { pad, partitionOf } from "./request-entity.ts";
import { lit, type Tables } from "./tables.ts";

/** Newest first: the time inverted, so a range read from `k|` starts with the latest. */
const LATEST = 9_999_999_999_999;
export const kudosRk = (at: string, number: number, index: number) => `k|${pad(LATEST - Date.parse(at), 13)}|${pad(number, 10)}|${pad(index, 3)}`;
const KUDOS_RANGE = { from: "k|", to: "k|~" };

/**
 * The department's kudos list (DESIGN.md: kudos show on the department's page), kept from its
 * change log (a ChangeProjection): one row per kudos in the department's partition of the
 * Requests table, beside its requests, keyed by inverted time, request number and the kudos'
 * place on the request (kudos are only ever appended). Each row is created if absent, so a state
 * applied twice (a crash, two instances following the log) writes nothing twice.
 */
export class KudosStore implements ChangeProjection {
  readonly name = "kudos";

  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Requests;
  }

  async apply(tenantId: string, department: string, changed: ServiceRequest[]): Promise<void> {
    const pk = partitionOf(tenantId, department);
    const rows = changed.flatMap((r) => (r.kudos ?? []).map((k, i) => toEntity(pk, r, k, i)));
    await Promise.all(rows.map((e) => guard(async () => {
      try {
        await this.table.createEntity(e);
      } catch (err) {
        if (!isConflict(err)) throw err; // already listed
      }
    })));
  }

  /** A page of `limit` kudos, newest first (one range read of the partition, following continuations). */
  async list(tenantId: string, department: string, limit: number, cursor?: string): Promise<{ items: KudosEntry[]; nextCursor?: string }> {
    const pk = partitionOf(tenantId, department);
    const filter = `PartitionKey eq ${lit(pk)} and RowKey ge ${lit(KUDOS_RANGE.from)} and RowKey lt ${lit(KUDOS_RANGE.to)}`;
    const page = await fillPage<Record<string, unknown>>(this.table, filter, limit, cursor ? decodeCursor(cursor) : undefined, ["requestId", "byJson", "toJson", "text", "at"]);
    return {
      items: page.items.map((e) => ({
        id: String(e.requestId),
        by: JSON.parse(String(e.byJson)) as Person,
        to: JSON.parse(String(e.toJson)) as Person[],
        ...(typeof e.text === "string" && e.text ? { text: e.text } : {}),
        at: String(e.at),
      })),
      ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
    };
  }
}

function toEntity(pk: string, r: ServiceRequest, k: Kudos, i: number) {
  const name = (p: Person) => ({ id: p.id, name: p.name });
  return {
    partitionKey: pk,
    rowKey: kudosRk(k.at, r.number, i),
    kind: "kudos",
    requestId: r.id,
    number: r.number,
    byJson: JSON.stringify(name(k.by)),
    toJson: JSON.stringify(k.to.map(name)),
    // At most 500 characters (the thank's limit): one property.
    text: k.text ?? "",
    at: k.at,
  };
}
