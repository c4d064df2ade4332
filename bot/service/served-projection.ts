import type { Person, ServiceRequest } from "../../shared/domain.ts";
import { localMonthOf } from "../../shared/sla/zone.ts";
import type { SurveyStore } from "../storage/survey-store.ts";
import type { ChangeProjection } from "./change-projection.ts";

/** How many department-months this instance keeps the served people of (so a busy log writes nothing twice). */
const REMEMBER_MONTHS = 2_000;

/**
 * Who a department served, for the NPS pulse: the requester of every request resolved, by the
 * local month of its resolution (the zone of the request's own terms), one row per person and
 * month in the department's partition (insert-if-absent: applying a change twice, or on two
 * instances, writes nothing new). A pulse period reads its months' rows.
 *
 * Who is already recorded for a month is read once per instance (ids only) and kept, so a
 * backfill of a department's whole history writes each row once, in transactions, instead of
 * meeting the same people again page after page.
 */
export class ServedProjection implements ChangeProjection {
  readonly name = "served";
  private readonly known = new Map<string, Set<string>>();

  constructor(private readonly store: Pick<SurveyStore, "addServed" | "servedIds">) {}

  async apply(tenantId: string, department: string, changed: ServiceRequest[]): Promise<void> {
    const byMonth = new Map<string, Map<string, Person>>();
    for (const r of changed) {
      if (!r.resolvedAt || r.status === "cancelled") continue;
      const month = localMonthOf(Date.parse(r.resolvedAt), r.sla.calendar.timeZone);
      let people = byMonth.get(month);
      if (!people) byMonth.set(month, (people = new Map()));
      people.set(r.requester.id, r.requester);
    }
    const rows: Array<{ month: string; person: Person }> = [];
    const sets: Array<[Set<string>, string]> = [];
    for (const [month, people] of byMonth) {
      const known = await this.knownIn(tenantId, department, month);
      for (const [id, person] of people) {
        if (known.has(id)) continue;
        rows.push({ month, person });
        sets.push([known, id]);
      }
    }
    if (!rows.length) return;
    await this.store.addServed(tenantId, department, rows);
    for (const [known, id] of sets) known.add(id);
  }

  private async knownIn(tenantId: string, department: string, month: string): Promise<Set<string>> {
    const key = `${tenantId}|${department}|${month}`;
    let known = this.known.get(key);
    if (!known) {
      known = new Set(await this.store.servedIds(tenantId, department, month));
      if (this.known.size >= REMEMBER_MONTHS) this.known.delete(this.known.keys().next().value!);
      this.known.set(key, known);
    }
    return known;
  }
}
