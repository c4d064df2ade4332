/** A department's figures for a period, from its requests' facts. */
import { PRIORITIES, type ServiceRequest } from "../domain.ts";
import { factsOf, inRange, isoOrUndefined, type Facts } from "./facts.ts";
import { OTHER, type Attainment, type CategoryStats, type DepartmentStats, type PriorityGroup, type Score } from "./figures.ts";
import { median, percentile, round1 } from "./percentiles.ts";

interface Sample {
  met: boolean;
  minutes: number;
}

function attainment(samples: Sample[]): Attainment {
  const met = samples.filter((s) => s.met).length;
  const minutes = samples.map((s) => s.minutes);
  const med = median(minutes);
  const p90 = percentile(minutes, 90);
  return {
    measured: samples.length,
    met,
    missed: samples.length - met,
    attainmentPercent: samples.length ? round1((met / samples.length) * 100) : null,
    medianMinutes: med === null ? null : round1(med),
    p90Minutes: p90 === null ? null : round1(p90),
  };
}

export const percentOf = (samples: Sample[]) =>
  samples.length ? round1((samples.filter((s) => s.met).length / samples.length) * 100) : null;

export const frSample = (f: Facts): Sample => ({ met: f.fr.state === "met", minutes: f.frMinutes });
export const resSample = (f: Facts): Sample => ({ met: f.res.state === "met", minutes: f.resMinutes });


/** The order of `byCategory`: most created first, the folded remainder last. */
export function categoryOrder(a: CategoryStats, b: CategoryStats): number {
  return (
    Number(a.category === OTHER) - Number(b.category === OTHER) ||
    b.created - a.created ||
    b.resolved - a.resolved ||
    (a.category === null ? 1 : b.category === null ? -1 : a.category.localeCompare(b.category))
  );
}

export function statsOf(facts: Facts[], from: number, to: number, minGroup = 0): DepartmentStats {
  const created = facts.filter((f) => inRange(f.createdAt, from, to));
  const frMeasured = facts.filter((f) => inRange(f.frMeasuredAt, from, to));
  const resolved = facts.filter((f) => inRange(f.resolvedAt, from, to));
  const open = facts.filter((f) => f.open);

  const backlogByStatus = { new: 0, in_progress: 0, waiting: 0 };
  for (const f of open) backlogByStatus[f.req.status as keyof typeof backlogByStatus]++;

  const distribution: Record<Score, number> = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  const scores: number[] = [];
  for (const f of facts) {
    const r = f.req.rating;
    if (!r || !inRange(isoOrUndefined(r.at), from, to)) continue;
    if (!Number.isInteger(r.score) || r.score < 1 || r.score > 5) continue;
    distribution[String(r.score) as Score]++;
    scores.push(r.score);
  }
  const satisfied = scores.filter((s) => s >= 4).length;

  // A group smaller than minGroup would let someone outside the department single out one
  // request (its category, its priority), so it is shown only as part of `other`.
  const touched = new Set([...created, ...resolved, ...frMeasured]);
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
    firstResponseAttainment: percentOf(frMeasured.filter((f) => priorityOf(f) === priority).map(frSample)),
    resolutionAttainment: percentOf(resolved.filter((f) => priorityOf(f) === priority).map(resSample)),
  }));

  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    created: created.length,
    resolved: resolved.length,
    cancelled: facts.filter((f) => inRange(f.cancelledAt, from, to)).length,
    open: open.length,
    backlogByStatus,
    backlogByPriority,
    firstResponse: attainment(frMeasured.map(frSample)),
    resolution: attainment(resolved.map(resSample)),
    breachedNow: open.filter((f) => f.breachedNow).length,
    breaches: created.filter((f) => f.breached).length,
    csat: {
      responses: scores.length,
      average: scores.length ? round1(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
      distribution,
      satisfiedPercent: scores.length ? round1((satisfied / scores.length) * 100) : null,
    },
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
  );
}

