import type { Person, ServiceRequest } from "../../shared/domain.ts";
import { localMonthOf } from "../../shared/sla/zone.ts";
import type { SurveyStore } from "../storage/survey-store.ts";
import type { ChangeProjection } from "./change-projection.ts";

/** How many rows this instance remembers having written (so a busy log does not rewrite them). */
const REMEMBER = 50_000;

/**
 * Who a department served, for the NPS pulse: the requester of every request resolved, by the
 * local month of its resolution (the zone of the request's own terms), one row per person and
 * month in the department's partition (insert-if-absent: applying a change twice, or on two
 * instances, writes nothing new). A pulse period reads its months' rows.
 */
export class ServedProjection implements ChangeProjection {
  readonly name = "served";
  private readonly written = new Set<string>();

  constructor(private readonly store: Pick<SurveyStore, "addServed">) {}

  async apply(tenantId: string, department: string, changed: ServiceRequest[]): Promise<void> {
    const rows: Array<{ month: string; person: Person }> = [];
    const keys: string[] = [];
    for (const r of changed) {
      if (!r.resolvedAt || r.status === "cancelled") continue;
      const month = localMonthOf(Date.parse(r.resolvedAt), r.sla.calendar.timeZone);
      const key = `${tenantId}|${department}|${month}|${r.requester.id}`;
      if (this.written.has(key)) continue;
      keys.push(key);
      rows.push({ month, person: r.requester });
    }
    if (!rows.length) return;
    await this.store.addServed(tenantId, department, rows);
    if (this.written.size + keys.length > REMEMBER) this.written.clear();
    for (const k of keys) this.written.add(k);
  }
}
