/** The shapes of a department's figures (see the DEFINITIONS in ./index.ts). */
import type { Priority } from "../domain.ts";

/**
 * One clock's results in a period. A clock is decided when it stops within its target (met)
 * or when its target passes (missed, even while the request is still open): an open request
 * past its target counts as missed, in the period where its target passed.
 */
export interface Attainment {
  /** Clocks decided in the period. */
  measured: number;
  met: number;
  missed: number;
  /** Of the missed, those still running: open requests past this target. */
  openOverdue: number;
  /** met / measured x 100, one decimal; null when nothing was decided. */
  attainmentPercent: number | null;
  /** How many clocks stopped in the period (by a response, a resolution): the times below are theirs. */
  closed: number;
  /** Business minutes the clocks that stopped in the period ran, one decimal; null when none stopped. */
  medianMinutes: number | null;
  /** The 9-in-10 time: 90 % of them took no longer (nearest rank). */
  p90Minutes: number | null;
}

/** CES: "The department made it easy to get this solved", 1 (strongly disagree) to 7 (strongly agree). */
export interface Ces {
  responses: number;
  average: number | null;
  distribution: Record<"1" | "2" | "3" | "4" | "5" | "6" | "7", number>;
  /** Share of 5, 6 and 7 (agree), one decimal. */
  easyPercent: number | null;
}

export type Score = "1" | "2" | "3" | "4" | "5";

export interface Csat {
  responses: number;
  average: number | null;
  distribution: Record<Score, number>;
  satisfiedPercent: number | null;
}

export interface CategoryStats {
  /** The category key; null for requests without one; `other` for folded small groups. */
  category: string | null;
  created: number;
  resolved: number;
}

/** `other`: the priorities folded together because each had too few requests to show alone. */
export type PriorityGroup = Priority | typeof OTHER;

export interface PriorityStats {
  priority: PriorityGroup;
  created: number;
  firstResponseAttainment: number | null;
  resolutionAttainment: number | null;
}

export interface DepartmentStats {
  /** ISO instants of the period [from, to). */
  from: string;
  to: string;
  created: number;
  resolved: number;
  cancelled: number;
  /** The backlog: open requests at `backlogAt` (now, or the period's end when that is past). */
  open: number;
  /** ISO instant the backlog is counted at: now for a period still running, else its end. */
  backlogAt: string;
  /** Only for the backlog now: what became of requests at a past instant is not kept by status. */
  backlogByStatus?: { new: number; in_progress: number; waiting: number };
  /** Per priority; `other` when small groups were folded (see `minGroupSize`). */
  backlogByPriority: Partial<Record<PriorityGroup, number>>;
  firstResponse: Attainment;
  resolution: Attainment;
  breachedNow: number;
  breaches: number;
  csat: Csat;
  ces: Ces;
  /** Thanks given in the period. */
  kudos: number;
  /**
   * Transfers in the period: `out` handed to other departments (their resolution neither met nor
   * missed), `in` received from them (filed here by the transfer, counted in `created` too).
   */
  handoffs: { out: number; in: number };
  byCategory: CategoryStats[];
  byPriority: PriorityStats[];
  /**
   * Set when categories and priorities touched by fewer requests than this were folded into
   * `other` (people outside the department: aggregates must not single out one request).
   */
  minGroupSize?: number;
}

/** The group that small categories and priorities are folded into. */
export const OTHER = "other" as const;

export interface TrendWeek {
  /** Local date of the Monday that starts the week. */
  weekStart: string;
  created: number;
  resolved: number;
  firstResponseAttainment: number | null;
  resolutionAttainment: number | null;
}
