/**
 * 4. SLA due times: addBusinessMs for a 5-day target (5 x 8 h of business time) on a Madrid
 * calendar with split windows (09:00-14:00, 15:00-18:00) and 12 holidays, from random instants
 * across a year.
 */
import type { Calendar } from "../shared/domain.ts";
import { addBusinessMs } from "../shared/sla/index.ts";
import { progress, num } from "./stats.ts";

export interface SlaFigures {
  targetMinutes: number;
  holidays: number;
  opsPerSecond: number;
  /** ops/s of each timed run. */
  runs: number[];
  /** Same, with a fresh copy of the calendar per call (as requests read from storage carry). */
  freshCopyOpsPerSecond: number;
}

const w = (): Array<[string, string]> => [["09:00", "14:00"], ["15:00", "18:00"]];
export const MADRID: Calendar = {
  timeZone: "Europe/Madrid",
  week: { mon: w(), tue: w(), wed: w(), thu: w(), fri: w(), sat: [], sun: [] },
  holidays: [
    "2026-01-01", "2026-01-06", "2026-04-02", "2026-04-03", "2026-05-01", "2026-05-02",
    "2026-08-15", "2026-10-12", "2026-11-01", "2026-12-06", "2026-12-08", "2026-12-25",
  ],
};

const TARGET_MINUTES = 5 * 8 * 60;

/** A small deterministic generator, so every run computes the same due times. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function benchSla(opts: { runMs: number; runs: number }): SlaFigures {
  const random = rng(42);
  const yearStart = Date.parse("2026-01-01T00:00:00Z");
  const yearMs = 365 * 86_400_000;
  const starts = Float64Array.from({ length: 1 << 16 }, () => yearStart + Math.floor(random() * yearMs));
  const mask = starts.length - 1;
  const target = TARGET_MINUTES * 60_000;

  // Sanity: a due time is at least 5 calendar days later (5 business days, weekends and holidays only add).
  for (let i = 0; i < 1000; i++) {
    const due = addBusinessMs(MADRID, starts[i]!, target);
    if (!(due - starts[i]! >= 4 * 86_400_000)) throw new Error(`SLA: due time ${new Date(due).toISOString()} for a start at ${new Date(starts[i]!).toISOString()} is too early`);
  }

  let sink = 0;
  const run = (cal: () => Calendar, ms: number) => {
    let ops = 0;
    const t0 = performance.now();
    let elapsed = 0;
    while (elapsed < ms) {
      for (let k = 0; k < 2048; k++, ops++) sink += addBusinessMs(cal(), starts[ops & mask]!, target);
      elapsed = performance.now() - t0;
    }
    return (ops / elapsed) * 1000;
  };

  progress("sla: warming up (JIT and the per-day interval cache, every start once)");
  run(() => MADRID, 300);
  for (let i = 0; i < starts.length; i++) sink += addBusinessMs(MADRID, starts[i]!, target);

  const runs: number[] = [];
  for (let r = 0; r < opts.runs; r++) {
    runs.push(run(() => MADRID, opts.runMs));
    progress(`sla: run ${r + 1}/${opts.runs}: ${num(runs[r]!)} due times/s`);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;

  // Requests carry their own copy of the calendar (parsed from storage): measure that case too.
  const copies = Array.from({ length: 64 }, () => structuredClone(MADRID));
  let c = 0;
  const fresh = run(() => copies[c++ & 63]!, opts.runMs);
  progress(`sla: with a separate calendar object per request: ${num(fresh)} due times/s`);
  if (sink === 42) console.log("");
  return { targetMinutes: TARGET_MINUTES, holidays: MADRID.holidays.length, opsPerSecond: median, runs, freshCopyOpsPerSecond: fresh };
}
