/**
 * The plan of a department's past: when each request arrives and what happens to it, as pure
 * data from a seed. Nothing here touches storage; the runner (run.ts) replays the plan through
 * the service. The same seed and options give the same plan on every machine.
 *
 * Shapes, chosen to look like an internal desk (and documented in bot/demo/history/README.md):
 * arrivals follow the department's local working week (Monday heavier, Friday lighter, a
 * trickle at night and weekends, holidays quiet); first responses and resolutions are drawn
 * as fractions of the department's SLA targets in business time (most met, a tail missed,
 * which the scheduler then escalates); a quarter of requests wait on their requester once;
 * about half get rated, the rest close after the quiet period; a few are cancelled or reopened.
 */
import type { Department, Person, Priority, SourceKind } from "../../../shared/domain.ts";
import type { RequestAction } from "../../../shared/lifecycle.ts";
import { addBusinessMs } from "../../../shared/sla/calendar.ts";
import { DAY, MINUTE, wallClock } from "../../../shared/sla/zone.ts";
import { Random } from "./rng.ts";
import * as W from "./words.ts";

const HOUR = 60 * MINUTE;

export interface PlannedStep {
  /** Epoch ms. */
  at: number;
  actor: Person;
  action: RequestAction;
}

export interface PlannedRequest {
  tenantId: string;
  department: string;
  /** Place in the department's arrival order (0 = oldest): the request number is `index + 1` on an empty desk. */
  index: number;
  createdAt: number;
  requester: Person;
  /** How it is filed: a plain create (Teams chat, tab, API), a Teams message, or an email. */
  via: "create" | "message" | "email";
  source: SourceKind;
  /** A Teams message id or an email's internetMessageId, for those two. */
  ref?: string;
  title: string;
  description: string;
  category?: string;
  priority: Priority;
  steps: PlannedStep[];
}

export interface DepartmentPlanInput {
  seed: number;
  tenantId: string;
  dept: Department;
  requests: number;
  /** [from, to) in epoch ms. */
  from: number;
  to: number;
  /** Requesters of the tenant: person i of `people`. */
  people: number;
  /** The tenant's mail domain, for requesters' addresses. */
  mailDomain: string;
  /** People who file exactly this many of the department's requests (e.g. someone with 500 past requests). */
  regulars?: Array<{ person: Person; requests: number }>;
  /** Resolved requests close by themselves after this long (the service's CLOSE_AFTER_DAYS). */
  closeAfterMs: number;
  /** How slow the department is at an instant: response and resolution times are multiplied by it (default 1). */
  pace?: (at: number) => number;
  /** How busy the department is at an instant, relative to its usual week (seasonal peaks; default 1). */
  season?: (at: number) => number;
}

/** Every request of one department over [from, to), oldest first. */
export function planDepartment(input: DepartmentPlanInput): PlannedRequest[] {
  const { seed, tenantId, dept } = input;
  const arrivals = arrivalTimes(Random.of(seed, tenantId, dept.key, "arrivals"), dept, input.requests, input.from, input.to, input.season);
  const regularOf = regularsByIndex(Random.of(seed, tenantId, dept.key, "regulars"), input.requests, input.regulars ?? []);
  return arrivals.map((createdAt, index) => {
    const r = Random.of(seed, tenantId, dept.key, index);
    const requester = regularOf.get(index) ?? personOf(tenantId, r.zipf(input.people), input.mailDomain);
    return planRequest(r, { tenantId, dept, index, createdAt, requester, closeAfterMs: input.closeAfterMs, seed, pace: input.pace?.(createdAt) ?? 1 });
  });
}

/** Requester `i` of a tenant: stable id, name and address. */
export function personOf(tenantId: string, i: number, mailDomain: string): Person {
  const { name, local } = W.personName(i);
  return { id: `hist-${tenantId.slice(0, 8)}-${String(i).padStart(5, "0")}`, name, email: `${local}@${mailDomain}` };
}

/** Which request indexes each regular files (disjoint, chosen by the seed). */
function regularsByIndex(r: Random, n: number, regulars: NonNullable<DepartmentPlanInput["regulars"]>): Map<number, Person> {
  const out = new Map<number, Person>();
  const wanted = regulars.reduce((s, x) => s + x.requests, 0);
  if (wanted > n) throw new Error(`regulars want ${wanted} requests but the department gets only ${n}`);
  for (const { person, requests } of regulars) {
    for (let k = 0; k < requests; ) {
      const i = r.int(0, n - 1);
      if (out.has(i)) continue;
      out.set(i, person);
      k++;
    }
  }
  return out;
}

// Relative arrival rates by local weekday (0 = Monday) and hour.
const WEEKDAY = [1.15, 1.0, 1.0, 0.95, 0.8, 0.06, 0.04];
const HOURLY = [0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.05, 0.2, 0.6, 1.0, 1.0, 0.9, 0.65, 0.6, 0.9, 0.9, 0.8, 0.5, 0.25, 0.12, 0.06, 0.05, 0.03, 0.02];

/** `n` instants in [from, to) with the working-week shape, in the department's zone, sorted. */
function arrivalTimes(r: Random, dept: Department, n: number, from: number, to: number, season: (at: number) => number = () => 1): number[] {
  const zone = dept.calendar.timeZone;
  const holidays = new Set(dept.calendar.holidays);
  let peak = 1;
  for (let t = from; t < to; t += DAY) peak = Math.max(peak, season(t));
  const max = Math.max(...WEEKDAY) * Math.max(...HOURLY) * peak;
  const out: number[] = [];
  while (out.length < n) {
    const t = Math.floor(r.between(from, to));
    const w = wallClock(zone, t);
    const weight = WEEKDAY[w.weekday]! * HOURLY[Number(w.time.slice(0, 2))]! * (holidays.has(w.date) ? 0.05 : 1) * season(t);
    if (r.next() * max < weight) out.push(t);
  }
  return out.sort((a, b) => a - b);
}

const PRIORITIES: Array<[Priority, number]> = [["low", 0.2], ["normal", 0.55], ["high", 0.2], ["urgent", 0.05]];
const SOURCES: Array<[PlannedRequest["via"] | SourceKind, number]> = [["teams", 0.4], ["web", 0.2], ["api", 0.05], ["message", 0.1], ["email", 0.25]];
const SCORES: Array<[number, number]> = [[5, 0.55], [4, 0.25], [3, 0.1], [2, 0.05], [1, 0.05]];
const SLOW_SCORES: Array<[number, number]> = [[5, 0.1], [4, 0.2], [3, 0.3], [2, 0.25], [1, 0.15]];

interface RequestContext {
  seed: number;
  tenantId: string;
  dept: Department;
  index: number;
  createdAt: number;
  requester: Person;
  closeAfterMs: number;
  /** The department's pace when it was filed (1 = usual; 2 = twice as slow). */
  pace: number;
}

function planRequest(r: Random, c: RequestContext): PlannedRequest {
  const { dept } = c;
  const priority = r.weighted(PRIORITIES);
  // A few categories take most requests.
  const category = dept.categories.length ? dept.categories[r.zipf(dept.categories.length)]!.key : undefined;
  const title = W.titleFor(r, category);
  const kind = r.weighted(SOURCES);
  const via: PlannedRequest["via"] = kind === "email" ? "email" : kind === "message" ? "message" : "create";
  const source: SourceKind = kind === "email" ? "outlook" : kind === "message" ? "teams-message" : (kind as SourceKind);
  const ref = via === "email" ? `<hist-${c.seed}-${c.index}-${dept.key.toLowerCase()}@${c.tenantId.slice(0, 8)}.mail.example>` : via === "message" ? `hist-msg-${c.seed}-${dept.key}-${c.index}` : undefined;
  return {
    tenantId: c.tenantId,
    department: dept.key,
    index: c.index,
    createdAt: c.createdAt,
    requester: c.requester,
    via,
    source,
    ...(ref ? { ref } : {}),
    title,
    description: W.descriptionFor(r, title),
    ...(category ? { category } : {}),
    priority,
    steps: planSteps(r, c, priority),
  };
}

/** The life of one request after it is filed: who does what, when. */
function planSteps(r: Random, c: RequestContext, priority: Priority): PlannedStep[] {
  const { dept, requester } = c;
  const cal = dept.calendar;
  const target = dept.sla.targets[priority];
  const agents = dept.agents.length ? dept.agents : dept.leads;
  if (agents.length === 0) return [];
  const agent = agents[r.zipf(agents.length)]!;
  const lead = dept.leads.length ? r.pick(dept.leads) : undefined;
  const steps: PlannedStep[] = [];
  let t = c.createdAt;
  // Each step at least a few seconds after the one before, never at the same instant.
  const push = (at: number, actor: Person, action: RequestAction) => {
    t = Math.max(at, t + r.int(5, 90) * 1000);
    steps.push({ at: t, actor, action });
  };
  const business = (from: number, minutes: number) => addBusinessMs(cal, from, Math.max(1, minutes) * MINUTE);

  if (r.chance(0.03)) {
    push(business(t, r.between(2, 0.6 * target.firstResponseMinutes)), requester, { action: "cancel", text: r.pick(W.CANCELS) });
    return steps;
  }

  // First response: a fraction of the target in business time; a tail past it.
  const frRatio = Math.min(3 * c.pace, c.pace * r.logNormal(priority === "urgent" ? 0.45 : 0.3, 0.85));
  const respondAt = business(t, frRatio * target.firstResponseMinutes);
  const how = r.next();
  if (how < 0.7 || !lead || lead.id === agent.id) {
    push(respondAt, agent, { action: "take" });
  } else if (how < 0.85) {
    push(respondAt, lead, { action: "assign", assignee: agent });
  } else {
    push(respondAt, agent, { action: "comment", text: r.pick(W.AGENT_FIRST), public: true });
    push(business(t, r.between(1, 30)), agent, { action: "take" });
  }
  if (r.chance(0.05)) {
    const other = PRIORITIES.map(([p]) => p).filter((p) => p !== priority);
    push(business(t, r.between(1, 20)), agent, { action: "priority", priority: r.pick(other) });
  }

  // The work: business minutes of resolution clock still to run, spent between a few touches.
  const resRatio = Math.min(4 * c.pace, c.pace * r.logNormal(0.4, 0.8));
  const firstMinutes = (respondAt - c.createdAt) / MINUTE;
  let left = Math.max(5, resRatio * target.resolutionMinutes - Math.min(firstMinutes, target.resolutionMinutes * 0.5));
  /** A touch after `fraction` of the work still left (business time), which it uses up. */
  const afterWork = (fraction: number) => {
    const minutes = fraction * left;
    left -= minutes;
    return business(t, minutes);
  };
  let unanswered = false;
  const touches: Array<() => void> = [];
  if (r.chance(0.3)) touches.push(() => push(afterWork(r.between(0.1, 0.4)), agent, { action: "comment", text: r.pick(W.AGENT_COMMENTS), public: true }));
  if (r.chance(0.2)) touches.push(() => push(afterWork(r.between(0.1, 0.4)), agent, { action: "comment", text: r.pick(W.AGENT_NOTES), public: false }));
  if (r.chance(0.2)) touches.push(() => push(t + r.between(0.5, 6) * HOUR, requester, { action: "comment", text: r.pick(W.REQUESTER_COMMENTS), public: true }));
  if (r.chance(0.25)) {
    touches.push(() => {
      push(afterWork(r.between(0.05, 0.4)), agent, { action: "wait", text: r.pick(W.QUESTIONS) });
      // Time waiting on the requester does not count: the clock resumes with their reply.
      if (r.chance(0.05)) {
        unanswered = true;
        return;
      }
      const replyAt = t + Math.min(5 * DAY, r.logNormal(3 * HOUR, 1.1));
      if (r.chance(0.8)) push(replyAt, requester, { action: "comment", text: r.pick(W.REPLIES), public: true });
      else push(replyAt, agent, { action: "resume", text: "Answer received by phone." });
    });
  }
  for (let i = touches.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [touches[i], touches[j]] = [touches[j]!, touches[i]!];
  }
  for (const touch of touches) {
    touch();
    if (unanswered) break;
  }
  if (unanswered) push(business(t, 3 * 8 * 60), agent, { action: "resolve", text: "No answer; closing for now, reopen it when you can." });
  else push(business(t, Math.max(2, left)), agent, { action: "resolve", text: r.pick(W.RESOLUTIONS) });

  // After resolution, before the quiet period closes it: rarely reopened, often rated.
  if (r.chance(0.03)) {
    push(t + r.between(1 * HOUR, Math.min(2 * DAY, c.closeAfterMs * 0.5)), requester, { action: "reopen", text: r.pick(W.REOPENS) });
    push(business(t, r.between(0.05, 0.3) * target.resolutionMinutes), agent, { action: "resolve", text: r.pick(W.RESOLUTIONS) });
  }
  const slow = c.pace > 1.5;
  const spanish = r.chance(0.35);
  if (r.chance(0.45)) {
    const score = r.weighted(slow ? SLOW_SCORES : SCORES);
    // CES follows satisfaction loosely: 1 (hard) to 7 (easy).
    const effort = Math.max(1, Math.min(7, score + r.int(0, 2) + (score >= 4 ? 1 : -1)));
    const comments = slow ? (spanish ? W.SLOW_COMMENTS_ES : W.SLOW_COMMENTS) : spanish ? W.RATING_COMMENTS_ES : W.RATING_COMMENTS;
    push(t + r.between(10 * MINUTE, Math.min(3 * DAY, c.closeAfterMs * 0.6)), requester, {
      action: "rate",
      score,
      ...(r.chance(0.7) ? { effort } : {}),
      ...(r.chance(0.3) ? { comment: r.pick(comments) } : {}),
    });
  }
  // Kudos: some requesters thank whoever solved it.
  if (!slow && r.chance(0.12)) {
    push(t + r.between(5 * MINUTE, Math.min(DAY, c.closeAfterMs * 0.3)), requester, { action: "thank", text: r.pick(spanish ? W.THANKS_ES : W.THANKS) });
  }
  return steps;
}
