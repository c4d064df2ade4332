import type { EscalationStep, ServiceRequest } from "../../shared/domain.ts";
import { breachesSinceWritten, dueSteps } from "../../shared/escalation.ts";
import { autoClose, type NewEvent } from "../../shared/lifecycle.ts";
import { isPreconditionFailed, StorageUnavailableError } from "../storage/errors.ts";
import type { RequestStore } from "../storage/request-store.ts";
import type { Places } from "../storage/places.ts";
import type { RequestService } from "../service/request-service.ts";
import type { EscalationBus, Escalation } from "../stream/change-bus.ts";
import { log } from "../telemetry/log.ts";
import { metrics } from "../telemetry/metrics.ts";

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
 * Fires the escalation ladder, closes quiet resolved requests and prunes the change log, one
 * department at a time: a pass reads the tenants, their departments, and in each department
 * the due entries up to now and the requests they name (nothing else), plus once an hour the
 * change-log rows past retention. The list of departments is reused for one pass interval.
 * Every instance runs one; each step fires once because it is recorded with an ETag-conditional
 * write: the instance that loses the race sees 412 and does nothing.
 */
export class EscalationScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<TickResult>;
  private lastPrune = 0;
  private known?: { at: number; places: Array<{ tenantId: string; dept: string }> };
  private readonly now: () => number;

  constructor(
    private readonly store: RequestStore,
    private readonly service: RequestService,
    private readonly escalations: EscalationBus,
    private readonly places: Places,
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
    this.running ??= metrics.schedulerPass(this.pass()).finally(() => (this.running = undefined));
    return this.running;
  }

  /** Every department of every tenant, reused for one pass interval (real time: it is about load). */
  private async departments(): Promise<Array<{ tenantId: string; dept: string }>> {
    if (this.known && this.opts.intervalMs > 0 && Date.now() - this.known.at < this.opts.intervalMs) return this.known.places;
    const places: Array<{ tenantId: string; dept: string }> = [];
    for (const tenantId of await this.places.tenants()) {
      for (const dept of await this.places.departments(tenantId)) places.push({ tenantId, dept });
    }
    this.known = { at: Date.now(), places };
    return places;
  }

  private async pass(): Promise<TickResult> {
    const now = this.now();
    const nowIso = new Date(now).toISOString();
    const result: TickResult = { fired: [], closed: [], pruned: 0 };
    const places = await this.departments();
    const prune = now - this.lastPrune > 3_600_000;
    const pruneBefore = new Date(now - this.opts.changeRetentionHours * 3_600_000).toISOString();
    let failure: unknown;
    for (const { tenantId, dept } of places) {
      try {
        for (const req of await this.store.dueIn(tenantId, dept, nowIso)) await this.handle(req, now, result);
        if (prune) result.pruned += await this.store.pruneChangesIn(tenantId, dept, pruneBefore);
      } catch (err) {
        // One department's trouble does not hold up the others; storage being down stops the pass.
        failure ??= err;
        if (err instanceof StorageUnavailableError) break;
      }
    }
    if (failure) throw failure;
    if (prune) this.lastPrune = now;
    return result;
  }

  /** A request whose due entry has come: its escalation steps, its auto-close, or a new due time. */
  private async handle(req: ServiceRequest, now: number, result: TickResult): Promise<void> {
    const nowIso = new Date(now).toISOString();
    try {
      const steps = dueSteps(req, now);
      // A clock breached after the ladder's breach step fired (the other clock's) is written
      // down too: the figures count an open request's breach from its stored state.
      const breached = breachesSinceWritten(req, now).filter((clock) => !steps.some((s) => s.step === "breach" && s.clock === clock));
      if (steps.length > 0 || breached.length > 0) {
        const next: ServiceRequest = { ...req, escalations: { ...req.escalations }, updatedAt: nowIso };
        const events: NewEvent[] = [];
        for (const s of steps) {
          next.escalations[s.step] = nowIso;
          if (s.step !== "breach150") {
            events.push({ at: nowIso, kind: "sla", clock: s.clock, sla: s.step === "warn" ? "warning" : "breach" });
          }
          events.push({ at: nowIso, kind: "escalation", step: s.step, clock: s.clock, text: recipients(s.step, req).join(", ") });
        }
        for (const clock of breached) events.push({ at: nowIso, kind: "sla", clock, sla: "breach" });
        const saved = await this.service.save(req, next, events);
        for (const e of events) if (e.sla === "breach" && e.clock) metrics.breach(e.clock, req.department);
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
        return;
      }
      const quietUntil = Date.parse(req.updatedAt) + this.opts.closeAfterDays * 86_400_000;
      if (req.status === "resolved" && quietUntil <= now) {
        const closed = autoClose(req, nowIso);
        if (closed.ok) {
          await this.service.save(req, closed.request, closed.events);
          result.closed.push(req.id);
          return;
        }
      }
      // Due, yet nothing to do (the close period or a calendar changed): look again when it is.
      await this.store.reschedule(req);
    } catch (err) {
      // Another instance fired it (or the request just changed): the next pass looks again.
      if (!isPreconditionFailed(err)) throw err;
    }
  }
}

function logTickError(err: unknown) {
  log.error(`escalation scheduler: ${(err as Error)?.message ?? err}`);
}
