/** Which target a request gets: its category's override for its priority, else its department's. */
import type { Department, Priority, SlaTarget } from "../domain.ts";

/**
 * The target in force for a request of `priority` in `category` of `dept`: the category's own
 * target for that priority when it sets one, else the department's. An unknown or absent
 * category takes the department's.
 */
export function targetFor(dept: Pick<Department, "sla" | "categories">, priority: Priority, category?: string): SlaTarget {
  const own = category ? dept.categories.find((c) => c.key === category)?.sla?.targets[priority] : undefined;
  return own ?? dept.sla.targets[priority];
}
