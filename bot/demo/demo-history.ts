/**
 * The demo's past: six months of work in the demo departments, written by the history
 * generator through the service's own write path (bot/demo/history), so every dashboard,
 * trend, scoreboard and report shows real numbers on a newcomer's first start. The story it
 * tells: IT has a busy September; Finance misses its targets all along; Human Resources was
 * slow until a monthly review decided to add a second person to leave questions, and has kept
 * its promises since; Facilities has a summer peak. Kudos and rating comments come in English
 * and Spanish.
 */
import type { App } from "../app.ts";
import type { Actor } from "../../shared/permissions.ts";
import { localMonthOf, monthRange } from "../../shared/stats/index.ts";
import { DAY } from "../../shared/sla/zone.ts";
import { DEMO_USERS } from "./demo-catalogue.ts";
import { writeDemoPulses } from "./demo-pulse.ts";
import { generateHistory, type HistoryProgress, type HistoryResult, type SimClock } from "./history/index.ts";

/** Requests per department over the six months: enough for every chart, quick to write. */
const REQUESTS: Record<string, number> = { IT: 100, HR: 60, FIN: 50, LEGAL: 25, FAC: 45 };
const MONTHS = 6;

/** How many requests the history writes, for progress shown before it has planned them. */
export const DEMO_HISTORY_REQUESTS = Object.values(REQUESTS).reduce((a, b) => a + b, 0);

/** A bump of `height` around `center` (epoch ms), `width` days wide either side. */
const bump = (center: number, width: number, height: number) => (t: number) => 1 + height * Math.max(0, 1 - Math.abs(t - center) / (width * DAY));

export interface DemoHistory {
  result: HistoryResult;
  /** The month whose review turned Human Resources around ("YYYY-MM"). */
  reviewMonth: string;
}

/**
 * Writes the demo's history into `tenantId` (its departments must exist: seedDemo's first part),
 * ending at what `clock` reads now; the clock is left reading real time again.
 */
export async function writeDemoHistory(app: App, tenantId: string, clock: SimClock, onProgress?: (p: HistoryProgress) => void): Promise<DemoHistory> {
  const end = clock.now();
  const start = end - MONTHS * 30 * DAY;
  // Human Resources turns around after the review of the month three months back.
  const hrZone = (await app.services.departments.find(tenantId, "HR"))?.calendar.timeZone ?? "UTC";
  const reviewMonth = localMonthOf(end - 3 * 30 * DAY, hrZone);
  const turnaround = monthRange(reviewMonth, hrZone).to;
  const dana = DEMO_USERS.find((u) => u.id === "demo-dana")!;
  const september = Date.UTC(new Date(end).getUTCFullYear() - (new Date(end).getUTCMonth() < 8 ? 1 : 0), 8, 8);
  const july = Date.UTC(new Date(end).getUTCFullYear() - (new Date(end).getUTCMonth() < 6 ? 1 : 0), 6, 15);
  try {
    const result = await generateHistory(
      app,
      {
        clock,
        seed: 15,
        tenants: [tenantId],
        requestsPerDepartment: REQUESTS,
        months: MONTHS,
        end,
        people: 120,
        regulars: [{ person: { id: dana.id, name: dana.name, email: dana.email }, requests: 6, tenantId, department: "IT" }],
        pace: { FIN: () => 2.4, HR: (t) => (t < turnaround ? 2.2 : 0.8), IT: () => 0.9 },
        season: { IT: bump(september, 14, 1.5), FAC: bump(july, 20, 1.2) },
        progressEveryMs: 2_000,
        // Escalations stamped within three hours of their instant: far fewer scheduler passes to write.
        schedulerEveryMinutes: 180,
      },
      onProgress,
    );
    await recordTurnaround(app, tenantId, clock, reviewMonth, turnaround);
    // The NPS pulses those months would have sent, answered: Finance's people unhappy, Human
    // Resources' unhappy until its turnaround and pleased after it.
    await writeDemoPulses(app, tenantId, clock, {
      from: start,
      to: end,
      seed: 15,
      moods: {
        FIN: (r) => Math.round(r.between(2, 7.4)),
        HR: (r, at) => Math.round(at < turnaround ? r.between(3, 7.4) : r.between(7, 10.4)),
      },
    });
    return { result, reviewMonth };
  } finally {
    clock.set(undefined);
  }
}

/**
 * What the leads recorded: Human Resources' review of its slow month (a decision, an action item
 * done two weeks later), and a Finance target changed for a stated reason (the public change log).
 */
async function recordTurnaround(app: App, tenantId: string, clock: SimClock, month: string, at: number): Promise<void> {
  const lead = async (key: string): Promise<Actor | undefined> => {
    const d = await app.services.departments.find(tenantId, key);
    return d?.leads[0] && { tenantId, person: d.leads[0], isAdmin: false };
  };
  const hrLead = await lead("HR");
  if (hrLead) {
    await clock.at(at + 2 * DAY, () =>
      app.reviews.add(hrLead, "HR", month, { decision: "Leave questions waited days for an answer: they are now answered every morning, with a second person when the first is out." }),
    );
    const record = await clock.at(at + 2 * DAY + 60_000, () =>
      app.reviews.add(hrLead, "HR", month, {
        actionItem: { text: "Add a second agent to leave questions", owner: hrLead.person, due: new Date(at + 14 * DAY).toISOString().slice(0, 10) },
      }),
    );
    const item = record.actionItems.at(-1);
    if (item) await clock.at(at + 12 * DAY, () => app.reviews.patch(hrLead, "HR", month, item.id, { done: true }));
  }
  const finLead = await lead("FIN");
  const fin = await app.services.departments.find(tenantId, "FIN");
  if (finLead && fin) {
    const { key: _k, etag: _e, updatedAt: _u, triageChannel: _t, ...body } = fin as typeof fin & { etag?: string; updatedAt?: string; triageChannel?: unknown };
    const normal = body.sla.targets.normal;
    await clock.at(at + 20 * DAY, () =>
      app.services.departments.put(finLead, "FIN", {
        ...body,
        sla: { ...body.sla, targets: { ...body.sla.targets, normal: { ...normal, resolutionMinutes: normal.resolutionMinutes * 2 } } },
        changeReason: "Month-end close: normal requests take two working days, not one, and the published target now says so.",
      }),
    );
  }
}

