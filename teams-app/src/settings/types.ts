/**
 * Types shared by the Settings page and its sections (people, new department), so the pieces
 * written separately agree on one shape.
 */
import type { Person } from "../../../shared/domain.ts";

// The domain's Person ({id, name, email?}): what the API stores in a department's agents and leads.
export type { Person };

/** Field errors by the API's path (`agents`, `leads.0.id`, `sla.targets.high.resolutionMinutes`...). */
export type FieldErrors = Record<string, string>;

export interface PeopleSectionProps {
  agents: Person[];
  leads: Person[];
  onChange(next: { agents: Person[]; leads: Person[] }): void;
  errors: FieldErrors;
}

export interface NewDepartmentProps {
  onCreated(key: string): void;
}
