/**
 * The demo's internal NPS: the pulses its history would have sent, answered. Run after the
 * history (bot/demo/demo-history.ts) with the same simulated clock: at each month's start the
 * pulse scheduler runs as it would have (sampling the people the history served, through the
 * service's own path), and most of those asked answer within a week, with scores that tell each
 * department's story and comments in English and Spanish. Nothing is written to storage
 * directly.
 */
import type { App } from "../app.ts";
import { periodMonths, parsePeriod } from "../../shared/nps.ts";
import type { Actor } from "../../shared/permissions.ts";
import { DAY } from "../../shared/sla/zone.ts";
import { Random } from "./history/rng.ts";
import type { SimClock } from "./history/index.ts";

/** How a department's internal customers rate it: a score from 0 to 10 for an answer at `at`. */
export type Mood = (rng: Random, at: number) => number;

export interface DemoPulseOptions {
  /** The first and last instants the pulses may go out (epoch ms). */
  from: number;
  to: number;
  /** Per department key: how its people answer (default: mostly 7 to 10). */
  moods?: Record<string, Mood>;
  /** The share of people asked who answer (default 0.7). */
  answerRate?: number;
  seed?: number;
}

/** Comments, by score group, in both languages (people write in theirs). */
const COMMENTS: Record<"promoter" | "passive" | "detractor", string[]> = {
  promoter: ["Quick, friendly and they tell you what is happening.", "Siempre responden el mismo día, y con buen humor.", "Fixed before I had finished my coffee.", "Muy claros con los plazos."],
  passive: ["Good in the end, but I had to ask twice.", "Bien, aunque tardan en dar la primera respuesta.", "Fine, nothing special."],
  detractor: ["A week without any answer, then closed without asking me.", "No sé nunca en qué estado está mi solicitud.", "Slow, and nobody says when it will be done."],
};

const mostlyHappy: Mood = (rng) => Math.min(10, Math.max(0, Math.round(rng.between(6.5, 10.4))));

/** Answers the demo's pulses from `from` to `to`; returns how many were asked and answered. */
export async function writeDemoPulses(app: App, tenantId: string, clock: SimClock, opts: DemoPulseOptions): Promise<{ asked: number; answered: number }> {
  const rng = Random.of("demo-pulse", opts.seed ?? 15, tenantId);
  const departments = await app.services.departments.list(tenantId);
  // Who each department served comes from the change log: caught up once, before the pulses.
  for (const d of departments) await app.follower.catchUp(tenantId, d.key);
  let asked = 0;
  let answered = 0;
  // The 2nd of each month at noon UTC is past the month's start in every zone.
  const first = new Date(opts.from);
  for (let m = 0; ; m++) {
    const at = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + m, 2, 12);
    if (at > opts.to) break;
    if (at < opts.from) continue;
    const { ran } = await clock.at(at, () => app.pulses.tick());
    for (const run of ran.filter((r) => r.tenantId === tenantId)) {
      asked += run.asked;
      const period = parsePeriod(run.period);
      if (!period) continue;
      const served = await clock.at(at, () => app.surveys.askedIn(tenantId, run.department, periodMonths(period), run.period));
      const mood = opts.moods?.[run.department] ?? mostlyHappy;
      for (const person of served) {
        if (rng.next() > (opts.answerRate ?? 0.7)) continue;
        const when = Math.min(opts.to, at + rng.between(0.1, 7) * DAY);
        const score = mood(rng, when);
        const group = score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
        const comment = rng.next() < 0.45 ? COMMENTS[group][Math.floor(rng.next() * COMMENTS[group].length)] : undefined;
        const actor: Actor = { tenantId, person, isAdmin: false };
        await clock.at(when, () => app.surveys.answer(actor, `${run.department}.${run.period}`, { score, ...(comment ? { comment } : {}) }));
        answered++;
      }
    }
  }
  return { asked, answered };
}
