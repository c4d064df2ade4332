import { scheduleOf } from "../../shared/escalation.ts";
import { RequestStore } from "./request-store.ts";
import { SummaryStore } from "./summary-store.ts";
import { storedDepartments, type UpgradeStep } from "./upgrade.ts";

/**
 * Store layout 3: the day summaries count what is open now (their `s|open` row), and every
 * running clock's breach has a due entry and a late entry (before, a request whose ladder had
 * fired on one clock had none for the other). Reads each department's open copies only: nothing else changed.
 * Idempotent: a due entry already right is left alone, and a state already counted by this
 * summary version is skipped.
 */
export function upgradeOpenRequests(closeAfterMs: number): UpgradeStep {
  return {
    to: 3,
    async run(tables, progress) {
      const requests = new RequestStore(tables, undefined, closeAfterMs);
      const summaries = new SummaryStore(tables);
      let open = 0;
      let rescheduled = 0;
      for (const d of await storedDepartments(tables)) {
        const copies = await requests.open(d.tenantId, d.key);
        for (const copy of copies) {
          const { dueAt, lateAt } = scheduleOf(copy, closeAfterMs);
          if (dueAt === copy.dueAt && lateAt === copy.lateAt) continue;
          // The request row itself, with its own ETag; if it changed meanwhile, its write set the due entry.
          const req = await requests.get(d.tenantId, d.key, copy.number);
          if (req && (await requests.reschedule(req))) rescheduled++;
        }
        await summaries.apply(d.tenantId, d.key, copies);
        open += copies.length;
      }
      progress(`  ${open} open requests counted as open in the day summaries; ${rescheduled} given due and late entries for their clocks' breaches`);
    },
  };
}
