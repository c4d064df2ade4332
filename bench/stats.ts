/** Small measuring helpers shared by the benchmark sections. */

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of an already sorted list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), mean: sum / (s.length || 1), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

export interface LoadResult extends Summary {
  concurrency: number;
  /** Completed operations per second of wall time. */
  perSecond: number;
  wallMs: number;
}

/** A load run with its raw latencies (kept out of the printed and saved figures). */
export interface TimedRun extends LoadResult {
  latencies: number[];
}

/**
 * Runs `fn(i)` for i = 0..count-1 with `concurrency` workers (closed loop: each starts its next
 * call when the previous one returns) and times every call.
 */
export async function closedLoop(count: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<TimedRun> {
  const latencies: number[] = new Array(count);
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const t0 = performance.now();
      await fn(i);
      latencies[i] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const wallMs = performance.now() - start;
  return { ...summarize(latencies), concurrency, perSecond: (count / wallMs) * 1000, wallMs, latencies };
}

/** Epoch milliseconds with sub-millisecond resolution, comparable across worker threads. */
export const epochNow = () => performance.timeOrigin + performance.now();

export const ms = (v: number, digits = 1) => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : String(v));
export const num = (v: number) => Math.round(v).toLocaleString("en-US");

const startedAt = performance.now();

/** A progress line with the time since the run began. */
export function progress(message: string) {
  const s = ((performance.now() - startedAt) / 1000).toFixed(1).padStart(6);
  console.log(`[${s}s] ${message}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
