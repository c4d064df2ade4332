import type { Counter, Histogram, Meter } from "@opentelemetry/api";

/**
 * Tandem's own metrics (names `tandem.*`), recorded from one-line hooks in the domain code so
 * that code never sees OpenTelemetry. Until `recordMetricsWith` is called (telemetry off) every
 * hook does nothing.
 */
interface Instruments {
  filed: Counter;
  breaches: Counter;
  sent: Counter;
  failed: Counter;
  passTime: Histogram;
}

let instruments: Instruments | undefined;
let outboxDepth: (() => Promise<number>) | undefined;

export const metrics = {
  /** A request was filed (one per request, whatever surface it came from). */
  requestFiled(department: string, source: string): void {
    instruments?.filed.add(1, { department, source });
  },

  /** A clock of a request went past its target (recorded once per request and clock). */
  breach(clock: string, department: string): void {
    instruments?.breaches.add(1, { clock, department });
  },

  /** What became of one post to Teams: sent, or failed (`gone`: the conversation no longer exists; else a passing failure). */
  notice(kind: string, outcome: { ok: boolean; gone?: boolean }): void {
    if (!instruments) return;
    if (outcome.ok) instruments.sent.add(1, { kind });
    else instruments.failed.add(1, { kind, reason: outcome.gone ? "gone" : "passing" });
  },

  /** Times one scheduler pass; resolves and rejects as `pass` does. */
  schedulerPass<T>(pass: Promise<T>): Promise<T> {
    if (!instruments) return pass;
    const started = performance.now();
    const done = (outcome: "ok" | "failed") => instruments?.passTime.record(performance.now() - started, { outcome });
    return pass.then(
      (v) => (done("ok"), v),
      (err: unknown) => {
        done("failed");
        throw err;
      },
    );
  },

  /** How to count the posts waiting in the outbox; read only when metrics are exported. */
  outboxDepth(read: () => Promise<number>): void {
    outboxDepth = read;
  },
};

/** Creates the instruments on `meter`: from now on the hooks record. */
export function recordMetricsWith(meter: Meter): void {
  instruments = {
    filed: meter.createCounter("tandem.requests.filed", { description: "Requests filed, by department and source (teams, outlook, web, api...)" }),
    breaches: meter.createCounter("tandem.breaches", { description: "SLA clocks that went past their target, by clock (firstResponse, resolution) and department" }),
    sent: meter.createCounter("tandem.notices.sent", { description: "Posts to Teams delivered (send: a new message; update: a card changed in place)" }),
    failed: meter.createCounter("tandem.notices.failed", { description: "Posts to Teams that failed: gone (conversation removed) or passing (retried from the outbox)" }),
    passTime: meter.createHistogram("tandem.scheduler.pass.duration", { unit: "ms", description: "Time of one escalation scheduler pass" }),
  };
  // Every instance reports the whole outbox (it is shared storage): read it as a maximum, not a sum.
  meter
    .createObservableGauge("tandem.outbox.depth", { description: "Posts to Teams waiting in the outbox to be tried again (whole service)" })
    .addCallback(async (result) => {
      // Storage unreachable: no point this time rather than a wrong zero.
      const depth = await outboxDepth?.().catch(() => undefined);
      if (depth !== undefined) result.observe(depth);
    });
}

/** Tests and shutdown: back to recording nothing. */
export function stopRecordingMetrics(): void {
  instruments = undefined;
}
