/**
 * Departments to fill with history: the demo catalogue's five (four time zones, real holidays,
 * their SLA targets and categories), staffed with as many generated agents as asked, created
 * through DepartmentService like any admin would. An existing department is left as it is.
 */
import type { App } from "../../app.ts";
import { DEMO_DEPARTMENTS } from "../demo-catalogue.ts";
import type { Department, Person } from "../../../shared/domain.ts";
import { personName } from "./words.ts";

export interface DepartmentSetUp {
  /** Which of the demo catalogue's keys (default: all five). */
  keys?: string[];
  /** Agents per department (default 4) and leads (default 1), generated people. */
  agents?: number;
  leads?: number;
}

/** Creates the departments in `tenantId` (as an admin) and returns them as stored. */
export async function setUpDepartments(app: App, tenantId: string, opts: DepartmentSetUp = {}): Promise<Department[]> {
  const admin = { tenantId, person: { id: "hist-admin", name: "History Admin" }, isAdmin: true };
  const out: Department[] = [];
  for (const template of DEMO_DEPARTMENTS.filter((d) => !opts.keys || opts.keys.includes(d.key))) {
    const existing = await app.services.departments.find(tenantId, template.key);
    if (existing) {
      out.push(existing);
      continue;
    }
    const { key, etag: _e, updatedAt: _u, triageChannel: _t, ...body } = template;
    const staff = (role: string, n: number, offset: number): Person[] =>
      Array.from({ length: n }, (_, i) => {
        const { name } = personName(offset + i * 7);
        return { id: `hist-${key.toLowerCase()}-${role}-${i + 1}`, name };
      });
    const keyOffset = key.split("").reduce((s, ch) => s + ch.charCodeAt(0), 0);
    const { department } = await app.services.departments.put(admin, key, {
      ...body,
      agents: staff("agent", opts.agents ?? 4, keyOffset),
      leads: staff("lead", opts.leads ?? 1, keyOffset + 500),
    });
    out.push(department);
  }
  return out;
}
