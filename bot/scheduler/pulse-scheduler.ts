import { createHash, randomUUID } from "node:crypto";
import { surveySettings, type Department, type Person } from "../../shared/domain.ts";
import { periodAt, periodBefore, periodMonths, periodRange, type PulsePeriod } from "../../shared/nps.ts";
import type { DepartmentService } from "../service/department-service.ts";
import { StorageUnavailableError } from "../storage/errors.ts";
import type { Places } from "../storage/places.ts";
import type { SurveyStore } from "../storage/survey-store.ts";
import { log } from "../telemetry/log.ts";

/** A pulse survey to deliver (the Teams edge implements it: bot/teams/pulse-notice.ts). */
export interface PulseSurveyToPost {
  id: string;
  department: string;
  departmentName: string;
  period: string;
}

/** Delivers a person's pulse survey in Teams; a person with no chat has it in the personal tab only. */
export interface PulsePoster {
  /** `runDay` ("YYYY-MM-DD", the period's first local day) groups the run's delivery claims. */
  post(tenantId: string, survey: PulseSurveyToPost, person: Person, runDay: string): Promise<void>;
}

export interface PulseSchedulerOptions {
  /** How often every department is looked at; 0: only when asked (`tick`). */
  intervalMs: number;
  clock?: () => number;
  /** A run whose claimer has been quiet this long is taken over (default 5 minutes). */
  leaseMs?: number;
  /** How long after a period begins its pulse may still go out (a service down that long misses it; default 31 days). */
  windowDays?: number;
}

export interface PulseTickResult {
  /** `<tenant>|<DEPT>|<period>` of each run this pass finished, with how many were asked. */
  ran: Array<{ tenantId: string; department: string; period: string; asked: number }>;
}

const DEFAULT_LEASE_MS = 5 * 60_000;

/**
 * The internal NPS pulse (DESIGN.md "The internal-customer loop"): as each period begins in a
 * department's zone, up to `pulseSample` of the people it served in the period just ended are
 * asked, once each: a pending survey in their own partition and a card in their Teams chat.
 * A run happens once across instances: whoever inserts its claim row runs it; a run whose
 * instance died is taken over after the lease, and repeats nothing (the sample is seeded by the
 * period, a survey is insert-if-absent, each post goes through its delivery claim).
 * A pass reads, per department, its catalogue entry (cached) and, until the period's run is
 * known done, that run's row; nothing else.
 */
export class PulseScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<PulseTickResult>;
  /** Runs known done (or too late to run): no read for them again. */
  private readonly settled = new Set<string>();
  private readonly now: () => number;

  constructor(
    private readonly store: SurveyStore,
    private readonly departments: Pick<DepartmentService, "recent">,
    private readonly places: Places,
    private readonly poster: PulsePoster | undefined,
    private readonly opts: PulseSchedulerOptions,
  ) {
    this.now = opts.clock ?? Date.now;
  }

  start(): void {
    if (this.opts.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.tick().catch((err) => log.error(`[tandem] pulse scheduler: ${(err as Error)?.message ?? err}`)), this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass over every department; concurrent calls share the pass in progress. */
  tick(): Promise<PulseTickResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<PulseTickResult> {
    const result: PulseTickResult = { ran: [] };
    let failure: unknown;
    for (const tenantId of await this.places.tenants()) {
      for (const key of await this.places.departments(tenantId)) {
        try {
          const dept = await this.departments.recent(tenantId, key);
          if (dept) await this.department(tenantId, dept, result);
        } catch (err) {
          // One department's trouble does not hold up the others; storage being down ends the pass.
          failure ??= err;
          if (err instanceof StorageUnavailableError) throw err;
        }
      }
    }
    if (failure) throw failure;
    return result;
  }

  private async department(tenantId: string, dept: Department, result: PulseTickResult): Promise<void> {
    const settings = surveySettings(dept);
    if (!settings.pulseEnabled) return;
    const now = this.now();
    const zone = dept.calendar.timeZone;
    const current = periodAt(now, zone, settings.pulseEveryMonths);
    const target = periodBefore(current);
    const id = `${tenantId}|${dept.key}|${target.key}`;
    if (this.settled.has(id)) return;
    const begun = periodRange(current, zone).from;
    if (now - begun > (this.opts.windowDays ?? 31) * 86_400_000) {
      this.settle(id); // too late for this one: the next period's pulse is the next chance
      return;
    }
    let run = await this.store.run(tenantId, dept.key, target.key);
    if (run?.done) return this.settle(id);
    const token = randomUUID();
    const nowIso = new Date(now).toISOString();
    if (!run) {
      if (!(await this.store.claimRun(tenantId, dept.key, target.key, token, nowIso))) return;
    } else {
      if (Date.parse(run.claimedAt) > now - (this.opts.leaseMs ?? DEFAULT_LEASE_MS)) return; // in someone's hands
      if (!(await this.store.takeOverRun(tenantId, dept.key, target.key, run, token, nowIso))) return;
    }
    run = await this.store.run(tenantId, dept.key, target.key);
    if (!run || run.token !== token) return;

    const asked = await this.ask(tenantId, dept, target, current, zone, settings.pulseSample, nowIso);
    if (await this.store.finishRun(tenantId, dept.key, target.key, run, asked, new Date(this.now()).toISOString())) {
      result.ran.push({ tenantId, department: dept.key, period: target.key, asked });
      log.info(`[tandem] pulse: ${dept.key} asked ${asked} people about ${target.key}`);
    }
    this.settle(id);
  }

  /** Samples the people served in `target`, writes each a survey and has it delivered; returns how many were asked. */
  private async ask(tenantId: string, dept: Department, target: PulsePeriod, current: PulsePeriod, zone: string, sample: number, nowIso: string): Promise<number> {
    const served = await this.store.served(tenantId, dept.key, periodMonths(target));
    // The department's own people are not its internal customers.
    const staff = new Set([...dept.agents, ...dept.leads].map((p) => p.id));
    const chosen = pulseSample(served.filter((p) => !staff.has(p.id)), `${tenantId}|${dept.key}|${target.key}`, sample);
    const range = periodRange(current, zone);
    const runDay = new Date(range.from).toISOString().slice(0, 10);
    const survey = { id: `${dept.key}.${target.key}`, department: dept.key, departmentName: dept.name, period: target.key };
    for (const person of chosen) {
      // The survey is answerable while the period it was asked in lasts.
      await this.store.ask(tenantId, person, { ...survey, askedAt: nowIso, closesAt: new Date(range.to).toISOString() });
      if (this.poster) {
        await this.poster.post(tenantId, survey, person, runDay).catch((err) => {
          if (err instanceof StorageUnavailableError) throw err;
          log.error(`[tandem] pulse: the card to ${person.id} was not posted: ${(err as Error)?.message ?? err}`);
        });
      }
    }
    return chosen.length;
  }

  private settle(id: string): void {
    if (this.settled.size > 100_000) this.settled.clear();
    this.settled.add(id);
  }
}

/**
 * Up to `size` people, chosen by a hash of the seed and each person's id: the same people every
 * time for one department's period (a run taken over repeats the same choice), a different draw
 * each period. Each person at most once.
 */
export function pulseSample(people: Person[], seed: string, size: number): Person[] {
  const unique = [...new Map(people.map((p) => [p.id, p])).values()];
  const rank = (p: Person) => createHash("sha256").update(`${seed}|${p.id}`, "utf8").digest("hex");
  return unique
    .map((p) => ({ p, r: rank(p) }))
    .sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : 0))
    .slice(0, Math.max(0, size))
    .map((x) => x.p);
}
