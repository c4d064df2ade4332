import type { EscalationStep, ServiceRequest } from "../../shared/domain.ts";
import { dueSteps } from "../../shared/escalation.ts";
import { autoClose, type NewEvent } from "../../shared/lifecycle.ts";
import { isPreconditionFailed } from "../storage/errors.ts";
import type { RequestStore } from "../storage/request-store.ts";
import type { RequestService } from "../service/request-service.ts";
import type { EscalationBus, Escalation } from "../stream/change-bus.ts";

export interface SchedulerOptions {
  intervalMs: number;
  closeAfterDays: number;
  changeRetentionHours: number;
  clock?: () => number;
}

/** Who the ladder tells at each step (DESIGN.md "Escalation ladder"). */
function recipients(step: EscalationStep, req: ServiceRequest): Escalation["notify"] {
  if (step === "warn") return [req.assignee ? "assignee" : "triage"];
  if (step === "breach") return ["leads", "triage"];
  return ["leads"];
}

export interface TickResult {
  fired: Array<{ id: string; step: EscalationStep }>;
  closed: string[];
  pruned: number;
}

/**
 * Fires the escalation ladder, closes quiet resolved requests and prunes the change log.
 * Every instance runs one; each step fires once because it is recorded with an
 * ETag-conditional write: the instance that loses the race sees 412 and does nothing.
 */
export class EscalationScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<TickResult>;
  private lastPrune = 0;
  private readonly now: () => number;

  constructor(
    private readonly store: RequestStore,
    private readonly service: RequestService,
    private readonly escalations: EscalationBus,
    private readonly opts: SchedulerOptions,
  ) {
    this.now = opts.clock ?? Date.now;
  }

  start() {
    if (this.opts.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick().catch(logTickError), this.opts.intervalMs);
    this.timer.unref();
  }

  async stop() {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; concurrent calls share the pass in progress. */
  tick(): Promise<TickResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<TickResult> {
    const now = this.now();
    const nowIso = new Date(now).toISOString();
    const result: TickResult = { fired: [], closed: [], pruned: 0 };
    for (const req of await this.store.due(nowIso)) {
      const steps = dueSteps(req, now);
      if (steps.length === 0) continue;
      const next: ServiceRequest = { ...req, escalations: { ...req.escalations }, updatedAt: nowIso };
      const events: NewEvent[] = [];
      for (const s of steps) {
        next.escalations[s.step] = nowIso;
        if (s.step !== "breach150") {
          events.push({ at: nowIso, kind: "sla", clock: s.clock, sla: s.step === "warn" ? "warning" : "breach" });
        }
        events.push({ at: nowIso, kind: "escalation", step: s.step, clock: s.clock, text: recipients(s.step, req).join(", ") });
      }
      try {
        const saved = await this.service.save(req, next, events);
        for (const s of steps) {
          result.fired.push({ id: req.id, step: s.step });
          this.escalations.publish({
            tenantId: req.tenantId,
            request: saved,
            step: s.step,
            clock: s.clock,
            notify: recipients(s.step, req),
            withHistory: s.step === "breach150",
          });
        }
      } catch (err) {
        // Another instance fired it (or the request just changed): the next pass looks again.
        if (!isPreconditionFailed(err)) throw err;
      }
    }
    const quietSince = new Date(now - this.opts.closeAfterDays * 86_400_000).toISOString();
    for (const req of await this.store.resolvedBefore(quietSince)) {
      const closed = autoClose(req, nowIso);
      if (!closed.ok) continue;
      try {
        await this.service.save(req, closed.request, closed.events);
        result.closed.push(req.id);
      } catch (err) {
        if (!isPreconditionFailed(err)) throw err;
      }
    }
    if (now - this.lastPrune > 3_600_000) {
      this.lastPrune = now;
      result.pruned = await this.store.pruneChanges(new Date(now - this.opts.changeRetentionHours * 3_600_000).toISOString());
    }
    return result;
  }
}

function logTickError(err: unknown) {
  console.error(`escalation scheduler: ${(err as Error)?.message ?? err}`);
}
