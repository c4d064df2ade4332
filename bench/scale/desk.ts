/**
 * A desk of a given size for the scale benchmark, written through the service by a generator
 * app straight on Azurite (not through the counting proxy): IT of two tenants with `size` past
 * requests each (history/), or, for size 0, 50 open requests each and no past.
 */
import { createApp } from "../../bot/app.ts";
import { DEV_TENANT } from "../../bot/auth/dev-issuer.ts";
import { loadConfig } from "../../bot/config.ts";
import type { Person } from "../../shared/domain.ts";
import { generateHistory, setUpDepartments, simulatedClock, type HistoryResult } from "../../bot/demo/history/index.ts";
import { SERVICE_ENV } from "../harness.ts";
import { num, progress } from "../stats.ts";

/** The second tenant: the same desk again, to show one tenant's size does not reach another's costs. */
export const OTHER_TENANT = "00000000-0000-4000-8000-0000000fab01";
export const DEPARTMENT = "IT";
/** Someone with many requests (500 past ones on a desk with history), for "my requests". */
export const REGULAR: Person = { id: "bench-regular", name: "Riley Regular", email: "riley.regular@contoso.example" };

export interface DeskPlan {
  size: number;
  prefix: string;
  connectionString: string;
  /** Where history ends: the measuring service's "now". */
  end: number;
  seed: number;
  tenants: string[];
  monthsPer10k: number;
  schedulerEveryMinutes: number;
  concurrency: number;
  regularRequests: number;
}

export interface Desk {
  size: number;
  prefix: string;
  tenants: string[];
  end: number;
  history?: HistoryResult;
  /** Requests filed by REGULAR in the first tenant. */
  regularRequests: number;
  buildMs: number;
}

export async function buildDesk(plan: DeskPlan): Promise<Desk> {
  const began = performance.now();
  const clock = simulatedClock(plan.end);
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", TABLE_PREFIX: plan.prefix, ...SERVICE_ENV });
  const app = await createApp(config, { connectionString: plan.connectionString, clock: clock.now });
  try {
    for (const t of plan.tenants) await setUpDepartments(app, t, { agents: 6, leads: 2 });
    if (plan.size === 0) {
      // The empty desk: 50 open requests per tenant filed over the last hours, none worked yet.
      for (const tenantId of plan.tenants) {
        for (let i = 0; i < 50; i++) {
          const who = tenantId === DEV_TENANT ? REGULAR : { id: `bench-open-${i % 10}`, name: `Open Requester ${i % 10}` };
          await clock.at(plan.end - (50 - i) * 5 * 60_000, () =>
            app.services.requests.create({ tenantId, person: who, isAdmin: false }, { department: DEPARTMENT, title: `Open request ${i + 1}`, priority: i % 10 === 0 ? "high" : "normal" }, { source: { kind: "teams" } }),
          );
        }
      }
      return { size: 0, prefix: plan.prefix, tenants: plan.tenants, end: plan.end, regularRequests: 50, buildMs: performance.now() - began };
    }
    const months = Math.max(1, (plan.size / 10_000) * plan.monthsPer10k);
    const regularRequests = Math.min(plan.regularRequests, Math.floor(plan.size / 4));
    progress(`desk ${num(plan.size)}: ${plan.tenants.length} tenant(s) x ${num(plan.size)} requests in ${DEPARTMENT} over ${months.toFixed(1)} months (seed ${plan.seed}); ${REGULAR.name} files ${regularRequests}`);
    const history = await generateHistory(
      app,
      {
        clock,
        seed: plan.seed,
        tenants: plan.tenants,
        departments: [DEPARTMENT],
        requestsPerDepartment: { [DEPARTMENT]: plan.size },
        months,
        end: plan.end,
        people: Math.max(500, Math.round(plan.size / 5)),
        regulars: [{ person: REGULAR, requests: regularRequests, tenantId: plan.tenants[0], department: DEPARTMENT }],
        concurrency: plan.concurrency,
        schedulerEveryMinutes: plan.schedulerEveryMinutes,
      },
      (p) =>
        progress(
          `desk ${num(plan.size)}: ${num(p.requests)} / ${num(p.totalRequests)} requests, ${num(p.actions)} / ${num(p.totalActions)} actions, ` +
            `${num(p.schedulerPasses)} scheduler passes (${(p.schedulerMs / 1000).toFixed(0)} s); at ${p.simulatedAt.slice(0, 16)}; ` +
            `${p.requestsPerSecond.toFixed(1)} requests/s, ${p.writesPerSecond.toFixed(0)} writes/s`,
        ),
    );
    progress(
      `desk ${num(plan.size)}: ${num(history.requests)} requests, ${num(history.actions)} actions (${history.refused} refused), ${num(history.escalations)} escalations, ` +
        `${num(history.autoClosed)} auto-closed, ${num(history.open)} open at the end, in ${(history.elapsedMs / 1000).toFixed(0)} s`,
    );
    for (const ex of history.refusedExamples) progress(`  refused: ${ex}`);
    return { size: plan.size, prefix: plan.prefix, tenants: plan.tenants, end: plan.end, history, regularRequests, buildMs: performance.now() - began };
  } finally {
    await app.close();
  }
}
