/** The shapes of a department's figures (see the DEFINITIONS in ./index.ts). */
import type { Priority } from "../domain.ts";

export interface Attainment {
  measured: number;
  met: number;
  missed: number;
  /** met / measured x 100, one decimal; null when nothing was measured. */
  attainmentPercent: number | null;
  /** Business minutes, one decimal; null when nothing was measured. */
  medianMinutes: number | null;
  p90Minutes: number | null;
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
  open: number;
  backlogByStatus: { new: number; in_progress: number; waiting: number };
  /** Per priority; `other` when small groups were folded (see `minGroupSize`). */
  backlogByPriority: Partial<Record<PriorityGroup, number>>;
  firstResponse: Attainment;
  resolution: Attainment;
  breachedNow: number;
  breaches: number;
  csat: Csat;
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
