import type { EscalationStep, HistoryEvent, ServiceRequest } from "../../shared/domain.ts";
import { log } from "../telemetry/log.ts";

/** A request changed (written and committed). `changeId` names the change, ordered by time. */
export interface Change {
  tenantId: string;
  department: string;
  changeId: string;
  request: ServiceRequest;
  /** What this change did (its history events): what notifications are made of. */
  events: ReadonlyArray<Omit<HistoryEvent, "seq">>;
}

/** An escalation step fired (once, whichever instance fired it): the bot delivers it. */
export interface Escalation {
  tenantId: string;
  request: ServiceRequest;
  step: EscalationStep;
  clock: "firstResponse" | "resolution";
  /** Who the ladder says to tell at this step. */
  notify: Array<"assignee" | "triage" | "leads">;
  /** The last step carries the whole history for the leads. */
  withHistory: boolean;
}

/** In-process publish/subscribe. A failing listener never stops the others. */
export class Bus<T> {
  private readonly listeners = new Set<(e: T) => void>();

  subscribe(l: (e: T) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  publish(e: T): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        log.error("listener failed", { error: err });
      }
    }
  }
}

export class ChangeBus extends Bus<Change> {}
export class EscalationBus extends Bus<Escalation> {}
