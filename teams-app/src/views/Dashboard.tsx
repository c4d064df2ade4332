import type { Department } from "../../../shared/domain.ts";

/** Placeholder: built by issue 4. */
export function Dashboard({ department }: { department: Department }) {
  return <p>Dashboard of {department.name}</p>;
}
