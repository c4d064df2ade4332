import type { Department } from "../../shared/domain.ts";
import { canManage, isStaff, type Actor } from "../../shared/permissions.ts";
import { previousMonth, REVIEW_LIMITS, reviewPeople, type ActionItem, type ChangeLogEntry, type ReviewRecord } from "../../shared/review.ts";
import { localMonthOf } from "../../shared/sla/zone.ts";
import type { DepartmentStats, MonthlyReport } from "../../shared/stats/index.ts";
import { detail, parse } from "../../shared/validation/index.ts";
import { actionPatchSchema, changesQuerySchema, reviewEntrySchema, reviewMonthSchema } from "../../shared/validation/review-schemas.ts";
import { isConflict, isPreconditionFailed, isUnavailable } from "../storage/errors.ts";
import type { Verbatim } from "../../shared/nps.ts";
import { log } from "../telemetry/log.ts";
import { ReviewStore } from "../storage/review-store.ts";
import { badRequest, conflict, forbidden, notFound, preconditionFailed } from "./app-error.ts";
import type { DepartmentService } from "./department-service.ts";
import type { StatsService } from "./stats-service.ts";

/** The monthly review as the tab shows it (`GET /api/departments/:key/reviews/:month`). */
export interface ReviewView {
  department: { key: string; name: string; timeZone: string };
  month: string;
  previousMonth: string;
  /** The month's figures, against the targets below, and the month before's. */
  figures: DepartmentStats;
  previous: DepartmentStats;
  targets: MonthlyReport["targets"];
  warnAtPercent: number;
  breaches: MonthlyReport["breachedRequests"];
  breachesTruncated: boolean;
  decisions: ReviewRecord["decisions"];
  actionItems: ActionItem[];
  /** Last month's action items still open, carried into this month (edited where they were recorded). */
  carriedOver: ActionItem[];
  /** The month's changes to the published promise (targets, hours, categories), newest first. */
  changes: ChangeLogEntry[];
  /** What people said: the latest NPS pulse's comments (only from 5 answers), newest first. */
  verbatims: Verbatim[];
  /** Who an action item may be given to. */
  people: Array<{ id: string; name: string }>;
  canEdit: boolean;
  /** The ETags of this month's record and of last month's (for the carried items); "" while nothing was recorded. */
  etag: string;
  previousEtag: string;
}

/** What the review card needs: the figures, and last month's items with done/open. */
export interface ReviewSummary {
  month: string;
  previousMonth: string;
  report: Omit<MonthlyReport, "requests">;
  previous: DepartmentStats;
  /** The action items recorded at the previous review (the month before `month`). */
  lastActionItems: ActionItem[];
  verbatims: Verbatim[];
}

const WRITE_ATTEMPTS = 5;
/** The review lists this many of the month's changes to the promise at most. */
const CHANGES_IN_REVIEW = 20;
/** The review shows this many comments at most (the card fewer). */
const VERBATIMS_MAX = 10;

/**
 * The published change log and the monthly review (DESIGN.md "The internal-customer loop"):
 * figures from the stats service, decisions and action items recorded by leads.
 */
export class ReviewService {
  constructor(
    private readonly store: ReviewStore,
    private readonly departments: DepartmentService,
    private readonly stats: Pick<StatsService, "reviewFigures">,
    private readonly clock: () => number = Date.now,
    /** The department's internal NPS (its comments, from 5 answers): the review's verbatims. */
    private readonly nps?: { npsOf(tenantId: string, dept: Department, now: number): Promise<{ verbatims: Verbatim[] }> },
  ) {}

  /** The department's change log, newest first: anyone in the tenant (the promise is public). */
  async changes(actor: Actor, key: string, query: unknown): Promise<{ items: ChangeLogEntry[] }> {
    const dept = await this.departments.require(actor.tenantId, key);
    const q = parse(changesQuerySchema, query);
    if (!q.ok) throw badRequest(q.error.message, q.error.details);
    return { items: await this.store.changes(actor.tenantId, dept.key, q.value.limit) };
  }

  /** A month's review: the department's staff, leads and admins. */
  async get(actor: Actor, key: string, month: unknown): Promise<ReviewView> {
    const dept = await this.reader(actor, key);
    const m = this.month(dept, month);
    const before = previousMonth(m);
    const [figures, record, last, verbatims] = await Promise.all([
      this.figures(actor.tenantId, dept, m),
      this.store.review(actor.tenantId, dept.key, m),
      this.store.review(actor.tenantId, dept.key, before),
      this.verbatims(actor.tenantId, dept),
    ]);
    const changes = await this.store.changes(actor.tenantId, dept.key, CHANGES_IN_REVIEW, { from: Date.parse(figures.report.from), to: Date.parse(figures.report.to) });
    return {
      department: { key: dept.key, name: dept.name, timeZone: dept.calendar.timeZone },
      month: m,
      previousMonth: before,
      figures: figures.report.stats,
      previous: figures.previous,
      targets: figures.report.targets,
      warnAtPercent: figures.report.warnAtPercent,
      breaches: figures.report.breachedRequests,
      breachesTruncated: figures.report.breachedRequestsTruncated,
      decisions: record.decisions,
      actionItems: record.actionItems,
      carriedOver: last.actionItems.filter((a) => !a.done),
      changes,
      verbatims,
      people: reviewPeople(dept).map((p) => ({ id: p.id, name: p.name })),
      canEdit: canManage(dept, actor),
      etag: record.etag ?? "",
      previousEtag: last.etag ?? "",
    };
  }

  /** Records a decision or an action item (leads, admins). */
  async add(actor: Actor, key: string, month: unknown, body: unknown, ifMatch?: string): Promise<ReviewRecord> {
    const dept = await this.manager(actor, key);
    const m = this.month(dept, month);
    const input = parse(reviewEntrySchema, body);
    if (!input.ok) throw badRequest(input.error.message, input.error.details);
    const v = input.value;
    const by = { id: actor.person.id, name: actor.person.name };
    const at = new Date(this.clock()).toISOString();
    const owner = v.actionItem && this.owner(dept, v.actionItem.owner, "actionItem.owner");
    return this.update(actor.tenantId, dept, m, ifMatch, (r) => {
      if (v.decision !== undefined) {
        if (r.decisions.length >= REVIEW_LIMITS.decisionsMax) throw tooMany("decision", REVIEW_LIMITS.decisionsMax, "decisions");
        return { ...r, decisions: [...r.decisions, { id: ReviewStore.newId(), text: v.decision, by, at }] };
      }
      if (r.actionItems.length >= REVIEW_LIMITS.actionItemsMax) throw tooMany("actionItem", REVIEW_LIMITS.actionItemsMax, "action items");
      const item: ActionItem = { id: ReviewStore.newId(), text: v.actionItem!.text, owner: owner!, due: v.actionItem!.due, done: false, by, at, month: m };
      return { ...r, actionItems: [...r.actionItems, item] };
    });
  }

  /** Changes an action item of the month, or one carried over from the month before (leads, admins). */
  async patch(actor: Actor, key: string, month: unknown, id: string, body: unknown, ifMatch?: string): Promise<ReviewRecord> {
    const dept = await this.manager(actor, key);
    const m = this.month(dept, month);
    const input = parse(actionPatchSchema, body);
    if (!input.ok) throw badRequest(input.error.message, input.error.details);
    const v = input.value;
    const owner = v.owner && this.owner(dept, v.owner, "owner");
    const at = new Date(this.clock()).toISOString();
    // The item lives in the record of the month it was recorded in: this one, or the one before (carried over).
    const here = await this.store.review(actor.tenantId, dept.key, m);
    const where = here.actionItems.some((a) => a.id === id) ? m : previousMonth(m);
    return this.update(actor.tenantId, dept, where, ifMatch, (r) => {
      const i = r.actionItems.findIndex((a) => a.id === id);
      if (i < 0) throw notFound(`There is no action item "${id}" in ${dept.name}'s review of ${m} (nor carried over from ${previousMonth(m)}).`);
      const old = r.actionItems[i]!;
      const next: ActionItem = {
        ...old,
        ...(v.text !== undefined ? { text: v.text } : {}),
        ...(owner ? { owner } : {}),
        ...(v.due !== undefined ? { due: v.due } : {}),
        ...(v.done !== undefined ? { done: v.done } : {}),
      };
      if (v.done === true && !old.done) next.doneAt = at;
      if (v.done === false) delete next.doneAt;
      const items = [...r.actionItems];
      items[i] = next;
      return { ...r, actionItems: items };
    });
  }

  /** For the review card (no reader: it goes to the channel and the leads). */
  async summary(tenantId: string, dept: Department, month: string): Promise<ReviewSummary> {
    const before = previousMonth(month);
    const [figures, last, verbatims] = await Promise.all([this.figures(tenantId, dept, month), this.store.review(tenantId, dept.key, before), this.verbatims(tenantId, dept)]);
    return { month, previousMonth: before, report: figures.report, previous: figures.previous, lastActionItems: last.actionItems, verbatims };
  }

  /** The pulse's comments (none without surveys, or when they cannot be read: the review still shows). */
  private async verbatims(tenantId: string, dept: Department): Promise<Verbatim[]> {
    if (!this.nps) return [];
    try {
      return (await this.nps.npsOf(tenantId, dept, this.clock())).verbatims.slice(0, VERBATIMS_MAX);
    } catch (err) {
      if (isUnavailable(err)) throw err;
      log.error(`[tandem] NPS comments of ${dept.key} not read: ${(err as Error)?.message ?? err}`);
      return [];
    }
  }

  private figures(tenantId: string, dept: Department, month: string) {
    const before = previousMonth(month);
    return this.stats.reviewFigures(tenantId, dept.key, month, { from: `${before}-01`, to: `${month}-01` });
  }

  /**
   * Read, change, write back ETag-conditionally. With If-Match the caller's copy must be current
   * (412 otherwise); without it a lost race is retried on the fresh record.
   */
  private async update(tenantId: string, dept: Department, month: string, ifMatch: string | undefined, change: (r: ReviewRecord) => ReviewRecord): Promise<ReviewRecord> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.store.review(tenantId, dept.key, month);
      if (ifMatch && ifMatch !== "*" && ifMatch !== (current.etag ?? "")) {
        throw preconditionFailed(`${dept.name}'s review of ${month} changed since you loaded it; reload it and try again.`);
      }
      try {
        return await this.store.saveReview(tenantId, dept.key, change(current));
      } catch (err) {
        if (!(isPreconditionFailed(err) || isConflict(err))) throw err;
        if (ifMatch || attempt + 1 >= WRITE_ATTEMPTS) throw conflict(`${dept.name}'s review of ${month} was changed by someone else at the same time; reload it and try again.`);
      }
    }
  }

  private owner(dept: Department, given: { id: string; name: string }, field: string): { id: string; name: string } {
    const p = reviewPeople(dept).find((x) => x.id === given.id);
    if (!p) {
      const why = `must be one of ${dept.name}'s leads or agents (got "${given.id}")`;
      throw badRequest(`${field}: ${why}.`, [detail(field, "not_allowed", why)]);
    }
    return { id: p.id, name: p.name };
  }

  /** The month in the path: "YYYY-MM", not after the department's current month. */
  private month(dept: Department, month: unknown): string {
    const m = parse(reviewMonthSchema, month, "month");
    if (!m.ok) throw badRequest(m.error.message, m.error.details);
    const now = localMonthOf(this.clock(), dept.calendar.timeZone);
    if (m.value > now) {
      const why = `must not be after this month in ${dept.name}'s time zone (${now}; got ${m.value})`;
      throw badRequest(`month: ${why}.`, [detail("month", "too_large", why)]);
    }
    return m.value;
  }

  private async reader(actor: Actor, key: string): Promise<Department> {
    const dept = await this.departments.require(actor.tenantId, key);
    if (!isStaff(dept, actor)) throw forbidden(`Only ${dept.name}'s agents, leads or an admin can see its monthly review.`);
    return dept;
  }

  private async manager(actor: Actor, key: string): Promise<Department> {
    const dept = await this.departments.require(actor.tenantId, key);
    if (!canManage(dept, actor)) throw forbidden(`Only ${dept.name}'s leads or an admin can record its review's decisions and action items.`);
    return dept;
  }
}

function tooMany(field: string, max: number, what: string) {
  const why = `a month's review holds at most ${max} ${what}`;
  return badRequest(`${field}: ${why}.`, [detail(field, "too_many", why, max)]);
}
