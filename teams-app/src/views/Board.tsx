import type { Department } from "../../../shared/domain.ts";

/** Placeholder: built by issue 4. */
export function Board({ department }: { department: Department }) {
  return <p>Board of {department.name}</p>;
}
