/** A department's figures for a period, from its requests' facts. */
import { PRIORITIES, type ServiceRequest } from "../domain.ts";
import { factsOf, inRange, isoOrUndefined, overdueAt, type Facts } from "./facts.ts";
import { OTHER, type Attainment, type CategoryStats, type Ces, type Csat, type DepartmentStats, type PriorityGroup, type Score } from "./figures.ts";
import { median, percentile, round1 } from "./percentiles.ts";

interface Sample {
  met: boolean;
  minutes: number;
}

type Clock = "fr" | "res";

/** The clocks of a period [from, to), read at `at` (its end, or now while it runs): those that stopped in it, and those open past their target at `at`. */
function clockSamples(facts: Facts[], which: Clock, from: number, to: number, at: number): { stopped: Facts[]; overdue: Facts[] } {
  const stoppedAt = (f: Facts) => (which === "fr" ? f.frMeasuredAt : f.resolvedAt);
  return {
    stopped: facts.filter((f) => inRange(stoppedAt(f), from, to)),
    overdue: facts.filter((f) => overdueAt(which === "fr" ? f.frOverdue : f.resOverdue, at)),
  };
}

const metOf = (f: Facts, which: Clock) => (which === "fr" ? f.fr : f.res).state === "met";

/**
 * A clock's attainment in a period: the clocks that stopped in it (met or missed at the stop)
 * and, counted as missed, those still running past their target at its end (or now).
 */
export function samplesOf(facts: Facts[], which: Clock, from: number, to: number, at: number): Sample[] {
  const { stopped, overdue } = clockSamples(facts, which, from, to, at);
  return [...stopped.map((f) => ({ met: metOf(f, which), minutes: which === "fr" ? f.frMinutes : f.resMinutes })), ...overdue.map(() => ({ met: false, minutes: 0 }))];
}

function attainment(facts: Facts[], which: Clock, from: number, to: number, at: number): Attainment {
  const { stopped, overdue } = clockSamples(facts, which, from, to, at);
  const met = stopped.filter((f) => metOf(f, which)).length;
  const measured = stopped.length + overdue.length;
  const minutes = stopped.map((f) => (which === "fr" ? f.frMinutes : f.resMinutes));
  const med = median(minutes);
  const p90 = percentile(minutes, 90);
  return {
    measured,
    met,
    missed: measured - met,
    openOverdue: overdue.length,
    attainmentPercent: measured ? round1((met / measured) * 100) : null,
    closed: stopped.length,
    medianMinutes: med === null ? null : round1(med),
    p90Minutes: p90 === null ? null : round1(p90),
  };
}

export const percentOf = (samples: Sample[]) =>
  samples.length ? round1((samples.filter((s) => s.met).length / samples.length) * 100) : null;

/** The order of `byCategory`: most created first, the folded remainder last. */
export function categoryOrder(a: CategoryStats, b: CategoryStats): number {
  return (
    Number(a.category === OTHER) - Number(b.category === OTHER) ||
    b.created - a.created ||
    b.resolved - a.resolved ||
    (a.category === null ? 1 : b.category === null ? -1 : a.category.localeCompare(b.category))
  );
}

/** The CSAT and CES of ratings given in [from, to). */
function feedbackOf(facts: Facts[], from: number, to: number): { csat: Csat; ces: Ces } {
  const csat: Record<Score, number> = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  const ces: Ces["distribution"] = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0 };
  for (const f of facts) {
    const r = f.req.rating;
    if (!r || !inRange(isoOrUndefined(r.at), from, to)) continue;
    if (!Number.isInteger(r.score) || r.score < 1 || r.score > 5) continue;
    csat[String(r.score) as Score]++;
    if (Number.isInteger(r.effort) && r.effort! >= 1 && r.effort! <= 7) ces[String(r.effort) as keyof Ces["distribution"]]++;
  }
  return { csat: csatOf(csat), ces: cesOf(ces) };
}

/** CSAT figures from a distribution of scores 1-5. */
export function csatOf(distribution: Record<Score, number>): Csat {
  const { responses, total } = tally(distribution);
  return {
    responses,
    average: responses ? round1(total / responses) : null,
    distribution,
    satisfiedPercent: responses ? round1(((distribution["4"] + distribution["5"]) / responses) * 100) : null,
  };
}

/** CES figures from a distribution of answers 1-7. */
export function cesOf(distribution: Ces["distribution"]): Ces {
  const { responses, total } = tally(distribution);
  return {
    responses,
    average: responses ? round1(total / responses) : null,
    distribution,
    easyPercent: responses ? round1(((distribution["5"] + distribution["6"] + distribution["7"]) / responses) * 100) : null,
  };
}

function tally(distribution: Record<string, number>) {
  let responses = 0;
  let total = 0;
  for (const [k, n] of Object.entries(distribution)) {
    responses += n;
    total += n * Number(k);
  }
  return { responses, total };
}

/**
 * A department's figures for [from, to) from its requests' facts, read at `now`. The backlog
 * is counted at `now`, or at `to` when the period is over (a past month shows its own end).
 */
export function statsOf(facts: Facts[], from: number, to: number, minGroup = 0, now = Date.now()): DepartmentStats {
  const created = facts.filter((f) => inRange(f.createdAt, from, to));
  const frMeasured = facts.filter((f) => inRange(f.frMeasuredAt, from, to));
  const resolved = facts.filter((f) => inRange(f.resolvedAt, from, to));
  const past = to <= now;
  const backlogAt = past ? to : now;
  // Open past a target at the period's end, or now (a breach of this very instant included).
  const odAt = past ? to : now + 1;
  const fr = clockSamples(facts, "fr", from, to, odAt);
  const res = clockSamples(facts, "res", from, to, odAt);
  // Open at the instant: filed before it, and not yet gone (resolved, closed, cancelled) by then.
  const open = past ? facts.filter((f) => f.createdAt !== undefined && f.createdAt < to && !(f.leftAt !== undefined && f.leftAt < to)) : facts.filter((f) => f.open);

  const backlogByStatus = { new: 0, in_progress: 0, waiting: 0 };
  for (const f of open) backlogByStatus[f.req.status as keyof typeof backlogByStatus]++;

  // A group smaller than minGroup would let someone outside the department single out one
  // request (its category, its priority), so it is shown only as part of `other`.
  const touched = new Set([...created, ...resolved, ...frMeasured, ...fr.overdue, ...res.overdue]);
  const groupSizes = <K>(keyOf: (f: Facts) => K, of: Facts[]) => {
    const sizes = new Map<K, number>();
    for (const f of of) sizes.set(keyOf(f), (sizes.get(keyOf(f)) ?? 0) + 1);
    return sizes;
  };
  const folding = <K>(keyOf: (f: Facts) => K, of: Facts[]) => {
    const sizes = groupSizes(keyOf, of);
    return (f: Facts): K | typeof OTHER => ((sizes.get(keyOf(f)) ?? 0) < minGroup ? OTHER : keyOf(f));
  };
  const inPeriod = [...touched];
  const categoryOf = folding((f) => f.req.category || null, inPeriod);
  const priorityOf = folding((f) => f.req.priority, inPeriod);
  const backlogPriorityOf = folding((f) => f.req.priority, open);

  const backlogByPriority: Partial<Record<PriorityGroup, number>> = Object.fromEntries(PRIORITIES.map((p) => [p, 0]));
  for (const f of open) {
    const key = backlogPriorityOf(f);
    if (key === OTHER || key in backlogByPriority) backlogByPriority[key] = (backlogByPriority[key] ?? 0) + 1;
  }
  if (minGroup > 0) for (const p of PRIORITIES) if (backlogByPriority[p] === 0) delete backlogByPriority[p];

  const categories = new Map<string | null, CategoryStats>();
  const cat = (f: Facts) => {
    const key = categoryOf(f);
    let c = categories.get(key);
    if (!c) categories.set(key, (c = { category: key, created: 0, resolved: 0 }));
    return c;
  };
  for (const f of created) cat(f).created++;
  for (const f of resolved) cat(f).resolved++;
  const byCategory = [...categories.values()].sort(categoryOrder);

  const shown = new Set(inPeriod.map(priorityOf));
  const priorityGroups: PriorityGroup[] =
    minGroup === 0 ? [...PRIORITIES] : [...PRIORITIES.filter((p) => shown.has(p)), ...(shown.has(OTHER) ? [OTHER] : [])] as PriorityGroup[];
  const byPriority = priorityGroups.map((priority) => ({
    priority,
    created: created.filter((f) => priorityOf(f) === priority).length,
    firstResponseAttainment: percentOf(samplesOf(facts.filter((f) => priorityOf(f) === priority), "fr", from, to, odAt)),
    resolutionAttainment: percentOf(samplesOf(facts.filter((f) => priorityOf(f) === priority), "res", from, to, odAt)),
  }));

  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    created: created.length,
    resolved: resolved.length,
    cancelled: facts.filter((f) => inRange(f.cancelledAt, from, to)).length,
    open: open.length,
    backlogAt: new Date(backlogAt).toISOString(),
    ...(past ? {} : { backlogByStatus }),
    backlogByPriority,
    firstResponse: attainment(facts, "fr", from, to, odAt),
    resolution: attainment(facts, "res", from, to, odAt),
    breachedNow: facts.filter((f) => f.breachedNow).length,
    breaches: created.filter((f) => f.breached).length,
    ...feedbackOf(facts, from, to),
    kudos: facts.reduce((n, f) => n + (f.req.kudos ?? []).filter((k) => inRange(isoOrUndefined(k.at), from, to)).length, 0),
    handoffs: { out: facts.filter((f) => inRange(f.handedOffAt, from, to)).length, in: created.filter((f) => f.handedIn).length },
    byCategory,
    byPriority,
    ...(minGroup > 0 ? { minGroupSize: minGroup } : {}),
  };
}

/** A department's figures for [from, to), clocks evaluated at `now` (see DEFINITIONS above). */
export function departmentStats(
  requests: ServiceRequest[],
  opts: { from: number; to: number; now: number; minGroupSize?: number },
): DepartmentStats {
  return statsOf(
    requests.map((r) => factsOf(r, opts.now)),
    opts.from,
    opts.to,
    opts.minGroupSize,
    opts.now,
  );
}

