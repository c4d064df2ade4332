import type { Department, Person } from "../../shared/domain.ts";
import { surveySettings } from "../../shared/domain.ts";
import { isStaff, type Actor } from "../../shared/permissions.ts";
import {
  NPS_TREND_PERIODS,
  nps,
  parsePeriod,
  periodAt,
  periodBefore,
  responsesOf,
  visibleVerbatims,
  type NpsFigures,
  type PulseSurvey,
} from "../../shared/nps.ts";
import { parse, surveyAnswerSchema } from "../../shared/validation/index.ts";
import type { StoredSurvey, SurveyStore } from "../storage/survey-store.ts";
import { log } from "../telemetry/log.ts";
import { badRequest, conflict, notFound } from "./app-error.ts";
import type { DepartmentService } from "./department-service.ts";

export interface SurveyServiceDeps {
  store: SurveyStore;
  departments: Pick<DepartmentService, "recent" | "require">;
  clock: () => number;
}

/**
 * The internal NPS pulse as people and dashboards see it: a person's pending surveys, their
 * answer (once, theirs only), and a department's figures (`npsOf`) from the per-period counts.
 */
export class SurveyService {
  constructor(private readonly d: SurveyServiceDeps) {}

  /**
   * A department's NPS: the latest surveyed period (the one before the period holding `now`, in
   * the department's zone: its pulse goes out as the next begins), its counts, the last
   * `NPS_TREND_PERIODS` periods and, from 5 answers, its comments. Reads one count row per
   * period and, from 5 answers, that period's answer rows; nothing else.
   */
  async npsOf(tenantId: string, deptKey: string | Department, now: number): Promise<NpsFigures> {
    const dept = typeof deptKey === "string" ? await this.d.departments.recent(tenantId, deptKey) : deptKey;
    if (!dept) throw notFound(`There is no department "${String(deptKey)}".`);
    const { pulseEveryMonths } = surveySettings(dept);
    const latest = periodBefore(periodAt(now, dept.calendar.timeZone, pulseEveryMonths));
    const periods = Array.from({ length: NPS_TREND_PERIODS }, (_, i) => periodBefore(latest, NPS_TREND_PERIODS - 1 - i));
    const counts = await Promise.all(periods.map((p) => this.d.store.aggregate(tenantId, dept.key, p.key)));
    const trend = periods.map((p, i) => {
      const c = counts[i] ?? { promoters: 0, passives: 0, detractors: 0 };
      return { period: p.key, responses: responsesOf(c), nps: nps(c) };
    });
    const last = counts[counts.length - 1] ?? { promoters: 0, passives: 0, detractors: 0 };
    const responses = responsesOf(last);
    const verbatims = visibleVerbatims(responses, responses > 0 ? await this.d.store.verbatims(tenantId, dept.key, latest.key) : []);
    return {
      period: latest.key,
      responses,
      nps: nps(last),
      promoters: last.promoters,
      passives: last.passives,
      detractors: last.detractors,
      trend,
      verbatims,
    };
  }

  /**
   * `GET /api/departments/:key/nps`: any employee sees the figures and the trend (aggregates of 5
   * answers or more); the comments go to the department's agents and leads (and admins) only.
   */
  async figures(actor: Actor, key: string): Promise<NpsFigures> {
    const dept = await this.d.departments.require(actor.tenantId, key);
    const f = await this.npsOf(actor.tenantId, dept, this.d.clock());
    return isStaff(dept, actor) ? f : { ...f, verbatims: [] };
  }

  /**
   * The caller's pending surveys, oldest first: one query of their own partition. An answer
   * recorded but not yet counted (a process stopped between the two) is counted now.
   */
  async mine(actor: Actor): Promise<PulseSurvey[]> {
    const now = new Date(this.d.clock()).toISOString();
    const open = await this.d.store.open(actor.tenantId, actor.person.id, now);
    for (const s of open.filter((x) => x.state === "answered")) {
      await this.countAnswer(actor.tenantId, s).catch((err) => log.error(`[tandem] pulse: answer ${s.id} not counted yet: ${(err as Error)?.message ?? err}`));
    }
    return open.filter((s) => s.state === "pending").sort((a, b) => a.askedAt.localeCompare(b.askedAt)).map(publicSurvey);
  }

  /** One of the caller's surveys (answered or not), with whether it has closed; undefined when they have none of that id. */
  async get(actor: Actor, id: string): Promise<(PulseSurvey & { closed: boolean }) | undefined> {
    const s = validId(id) ? await this.d.store.survey(actor.tenantId, actor.person.id, id) : undefined;
    return s && { ...publicSurvey(s), closed: Date.parse(s.closesAt) <= this.d.clock() };
  }

  /** Records the caller's answer to one of their surveys: once (a second answer is 409), while it is open. */
  async answer(actor: Actor, id: string, body: unknown): Promise<PulseSurvey> {
    const input = parse(surveyAnswerSchema, body);
    if (!input.ok) throw badRequest(input.error.message, input.error.details);
    const s = validId(id) ? await this.d.store.survey(actor.tenantId, actor.person.id, id) : undefined;
    // Someone else's survey is not in the caller's partition: it does not exist for them.
    if (!s) throw notFound(`You have no survey "${id.slice(0, 60)}": answer the ones listed by GET /api/me/surveys.`);
    if (s.state !== "pending") {
      if (s.state === "answered") await this.countAnswer(actor.tenantId, s).catch(() => undefined);
      throw conflict(`You already answered this survey (${s.answer?.score ?? "?"} out of 10); an answer cannot be changed.`, "already_answered");
    }
    const nowMs = this.d.clock();
    if (Date.parse(s.closesAt) <= nowMs) throw conflict("This survey has closed: its answers have been counted.", "survey_closed");
    const answer = { score: input.value.score, ...(input.value.comment ? { comment: input.value.comment } : {}), at: new Date(nowMs).toISOString() };
    const answered = await this.d.store.recordAnswer(actor.tenantId, s, answer);
    if (!answered) throw conflict("You already answered this survey; an answer cannot be changed.", "already_answered");
    await this.countAnswer(actor.tenantId, answered);
    return publicSurvey(answered);
  }

  /**
   * The people asked about a department's period who have not answered yet: those served in its
   * months whose survey is pending (a point read each). For the demo's history and tests.
   */
  async askedIn(tenantId: string, dept: string, months: string[], period: string): Promise<Person[]> {
    const served = await this.d.store.served(tenantId, dept, months);
    const found = await Promise.all(served.map((p) => this.d.store.survey(tenantId, p.id, `${dept}.${period}`)));
    return served.filter((_, i) => found[i]?.state === "pending");
  }

  /** Counts an answer in its department's period (once, whoever gets there) and marks the survey counted. */
  private async countAnswer(tenantId: string, s: StoredSurvey): Promise<void> {
    if (!s.answer) return;
    await this.d.store.count(tenantId, s.department, s.period, s.personId, s.answer);
    await this.d.store.markCounted(tenantId, s);
  }
}

function validId(id: string): boolean {
  const m = /^([A-Z][A-Z0-9]{1,9})\.(.+)$/.exec(id);
  return !!m && !!parsePeriod(m[2]!);
}

function publicSurvey(s: StoredSurvey): PulseSurvey {
  return {
    id: s.id,
    department: s.department,
    departmentName: s.departmentName,
    period: s.period,
    askedAt: s.askedAt,
    ...(s.answer ? { answer: s.answer } : {}),
  };
}
