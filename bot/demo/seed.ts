import type { Actor } from "../../shared/permissions.ts";
import type { App } from "../app.ts";
import { DEMO_DEPARTMENTS, DEMO_REQUESTS, DEMO_USERS } from "./demo-catalogue.ts";

const actorOf = (tenantId: string, id: string): Actor => {
  const u = DEMO_USERS.find((x) => x.id === id)!;
  return { tenantId, person: { id: u.id, name: u.name, email: u.email }, isAdmin: !!u.roles?.includes("Tandem.Admin") };
};

/**
 * Loads the demo catalogue into a tenant that has no departments yet, through the same
 * services as every surface: the departments, then `history` (the demo's months of past work,
 * bot/demo/demo-history.ts), then today's sample requests. Returns false when the tenant
 * already had departments.
 */
export async function seedDemo(app: App, tenantId: string, opts: { history?: () => Promise<unknown> } = {}): Promise<boolean> {
  const { departments, requests } = app.services;
  if ((await departments.list(tenantId)).length > 0) return false;
  const admin = actorOf(tenantId, "demo-alex");
  for (const d of DEMO_DEPARTMENTS) {
    const { key, ...body } = d;
    await departments.put(admin, key, body);
  }
  // Months of past work (npm start), before today's sample requests so those stay the newest.
  await opts.history?.();
  for (const r of DEMO_REQUESTS) {
    const { request } = await requests.create(actorOf(tenantId, r.as), {
      department: r.department,
      title: r.title,
      description: r.description,
      category: r.category,
      priority: r.priority,
    }, { source: { kind: "web" } });
    for (const step of r.then ?? []) await requests.act(actorOf(tenantId, step.as), request.id, step.body);
  }
  return true;
}
