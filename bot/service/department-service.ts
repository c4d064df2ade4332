import type { Department, Person, Priority } from "../../shared/domain.ts";
import { type Actor, canManage, canPutDepartment } from "../../shared/permissions.ts";
import { slaPreview } from "../../shared/sla/preview.ts";
import { targetFor } from "../../shared/sla/targets.ts";
import { departmentBodySchema, departmentKeySchema, detail, parse, previewQuerySchema } from "../../shared/validation/index.ts";
import type { Directory } from "../graph/directory.ts";
import type { DepartmentStore } from "../storage/department-store.ts";
import { ReviewStore } from "../storage/review-store.ts";
import { NO_PROMISE, promiseChanges } from "../../shared/review.ts";
import { isConflict, isPreconditionFailed } from "../storage/errors.ts";
import { badRequest, conflict, forbidden, notFound, preconditionFailed } from "./app-error.ts";

/** The catalogue: departments with their calendars, SLA targets, categories and people. */
export class DepartmentService {
  private readonly cache = new Map<string, { dept: Department; at: number }>();

  /**
   * @param cacheMs how long `recent` may answer from memory. Every create and action reads its
   * department; a catalogue changes a few times a month. A change made on this instance clears
   * the cache at once; other instances see it within `cacheMs`.
   */
  constructor(
    private readonly store: DepartmentStore,
    private readonly clock: () => number = Date.now,
    private readonly cacheMs = 5_000,
    /** Where an `agentsGroup`'s members come from (none: the stored agents only). */
    private readonly directory?: Directory,
  ) {}

  list(tenantId: string): Promise<Department[]> {
    return this.store.list(tenantId).then((l) => l.sort((a, b) => a.key.localeCompare(b.key)));
  }

  find(tenantId: string, key: string): Promise<Department | undefined> {
    if (!/^[A-Za-z][A-Za-z0-9]{1,9}$/.test(key)) return Promise.resolve(undefined);
    return this.store.get(tenantId, key.toUpperCase());
  }

  /**
   * Like `find`, but may answer from a cache up to `cacheMs` old: for the hot paths (filing and
   * working requests). The catalogue's own routes read fresh, so ETags for If-Match are current.
   */
  async recent(tenantId: string, key: string): Promise<Department | undefined> {
    const dept = await this.recentStored(tenantId, key);
    return dept && this.withGroupAgents(tenantId, dept);
  }

  /**
   * The department as permissions and assignment see it: its stored agents plus the members of
   * its `agentsGroup` (deduplicated by id), through the directory and its own cache. Computed on
   * every read, never stored nor cached here. Without a directory, or when it answers nothing
   * (no permission, Graph down), the stored agents alone.
   */
  async withGroupAgents(tenantId: string, dept: Department): Promise<Department> {
    if (!dept.agentsGroup || !this.directory) return dept;
    let members: Person[];
    try {
      members = await this.directory.groupMembers(tenantId, dept.agentsGroup.id);
    } catch {
      return dept; // a Directory never throws; this is a last line of defence
    }
    const seen = new Set(dept.agents.map((a) => a.id));
    const extra: Person[] = [];
    for (const m of members) {
      if (!m?.id || seen.has(m.id)) continue;
      seen.add(m.id);
      extra.push(m.email ? { id: m.id, name: m.name, email: m.email } : { id: m.id, name: m.name });
    }
    return extra.length ? { ...dept, agents: [...dept.agents, ...extra] } : dept;
  }

  /** `recent` as stored (the cache keeps stored departments only, never their group's members). */
  private async recentStored(tenantId: string, key: string): Promise<Department | undefined> {
    const id = `${tenantId}|${key.toUpperCase()}`;
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < this.cacheMs) return hit.dept;
    const dept = await this.find(tenantId, key);
    // A miss is not kept: a department just created on another instance must be usable at once.
    if (dept && this.cacheMs > 0) this.cache.set(id, { dept, at: Date.now() });
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    return dept;
  }

  /**
   * The department, or a 404 (or 400 when it was named in a body field). For permission checks:
   * its agents include its `agentsGroup`'s members (see `withGroupAgents`).
   */
  async require(tenantId: string, key: string, field?: string, opts: { recent?: boolean } = {}): Promise<Department> {
    const dept = await (opts.recent ? this.recentStored(tenantId, key) : this.find(tenantId, key));
    if (dept) return this.withGroupAgents(tenantId, dept);
    const known = (await this.list(tenantId)).map((d) => d.key).join(", ") || "none yet";
    const message = `There is no department "${key}". Known departments: ${known}.`;
    throw field ? badRequest(message, [detail(field, "unknown", "unknown department")]) : notFound(message);
  }

  /** Creates (admins) or replaces (admins, the department's leads) a department. */
  /**
   * Creates or replaces a department. `ifMatch`: replace only that version (412 when stale);
   * `ifNoneMatch: "*"`: create only, never replace one that exists (412 naming it).
   */
  async put(actor: Actor, key: string, body: unknown, ifMatch?: string, ifNoneMatch?: string): Promise<{ department: Department; created: boolean }> {
    const k = parse(departmentKeySchema, key, "key");
    if (!k.ok) throw badRequest(k.error.message, k.error.details);
    const existing = await this.store.get(actor.tenantId, k.value);
    if (!canPutDepartment(existing, actor)) {
      throw forbidden(existing ? `Only ${existing.name}'s leads or an admin can change it.` : "Only an admin (app role Tandem.Admin) can create departments.");
    }
    const input = parse(departmentBodySchema, body);
    if (!input.ok) throw badRequest(input.error.message, input.error.details);
    if (existing && ifNoneMatch === "*") {
      throw preconditionFailed(`${existing.key} already exists (${existing.name}); pick another key.`);
    }
    if (existing && ifMatch && ifMatch !== "*" && ifMatch !== existing.etag) {
      throw preconditionFailed(`${existing.name} changed since you loaded it; reload it and try again.`);
    }
    const v = input.value;
    const dept: Department = {
      key: k.value,
      name: v.name,
      description: v.description ?? "",
      calendar: v.calendar,
      sla: v.sla,
      categories: v.categories ?? [],
      agents: v.agents ?? [],
      leads: v.leads ?? [],
      ...(v.agentsGroup ? { agentsGroup: v.agentsGroup } : {}),
      ...(v.surveys ? { surveys: v.surveys } : {}),
      // Cleared by `triageChannel: null`; otherwise kept (only the bot's `link` sets it).
      ...(existing?.triageChannel && v.triageChannel !== null ? { triageChannel: existing.triageChannel } : {}),
      updatedAt: new Date(this.clock()).toISOString(),
    };
    if (existing && !canManageAfter(dept, actor)) {
      throw badRequest("You cannot remove yourself from the leads: ask another lead or an admin.");
    }
    // A change to the published promise carries its reason, kept in the public change log (written with the replace, or not at all).
    // A new department's first promise is logged too when its creator said why (the tab always asks).
    const changes = existing ? promiseChanges(existing, dept) : v.changeReason ? promiseChanges(NO_PROMISE, dept) : [];
    if (changes.length && !v.changeReason) {
      const why = "is required when targets, calendar or categories change: say why, for the department's public change log";
      throw badRequest(`changeReason: ${why}.`, [detail("changeReason", "required", why)]);
    }
    const logged = changes.length
      ? ReviewStore.changeRow(dept.key, { id: ReviewStore.newId(), at: dept.updatedAt!, by: { id: actor.person.id, name: actor.person.name }, reason: v.changeReason!, changes })
      : undefined;
    try {
      const saved = await this.store.put(actor.tenantId, dept, existing?.etag, logged);
      this.cache.delete(`${actor.tenantId}|${dept.key}`);
      return { department: saved, created: !existing };
    } catch (err) {
      if (isConflict(err) || isPreconditionFailed(err)) {
        throw conflict(`${dept.key} was changed by someone else at the same time; reload it and try again.`);
      }
      throw err;
    }
  }

  /** Makes a Teams channel the department's triage channel (its leads and admins). */
  async setTriageChannel(actor: Actor, key: string, channel: { id: string; name?: string }): Promise<Department> {
    for (let attempt = 0; ; attempt++) {
      const existing = await this.store.get(actor.tenantId, key);
      if (!existing) throw notFound(`There is no department "${key}".`);
      if (!canManage(existing, actor)) throw forbidden(`Only ${existing.name}'s leads or an admin can link its triage channel.`);
      try {
        const saved = await this.store.put(actor.tenantId, { ...existing, triageChannel: channel, updatedAt: new Date(this.clock()).toISOString() }, existing.etag);
        this.cache.delete(`${actor.tenantId}|${existing.key}`);
        return saved;
      } catch (err) {
        if (!isPreconditionFailed(err) || attempt >= 5) throw err;
      }
    }
  }

  /** When the department would answer a request filed at `start` (default now). */
  async preview(actor: Actor, key: string, query: unknown): Promise<{ firstResponseDueAt: string; resolutionDueAt: string }> {
    const dept = await this.require(actor.tenantId, key);
    const q = parse(previewQuerySchema, query);
    if (!q.ok) throw badRequest(q.error.message, q.error.details);
    const priority: Priority = q.value.priority ?? "normal";
    const start = q.value.start ? Date.parse(q.value.start) : this.clock();
    const category = q.value.category;
    if (category && !dept.categories.some((c) => c.key === category)) {
      const known = dept.categories.map((c) => c.key).join(", ") || "none";
      throw badRequest(`category "${category}" is not one of ${dept.name}'s categories (${known}).`, [detail("category", "unknown", "unknown category")]);
    }
    return slaPreview(dept.calendar, targetFor(dept, priority, category), start);
  }

  /** Used by routes that are for the department's leads (and admins). */
  async requireManager(actor: Actor, key: string): Promise<Department> {
    const dept = await this.require(actor.tenantId, key);
    if (!canManage(dept, actor)) throw forbidden(`Only ${dept.name}'s leads or an admin can see this.`);
    return dept;
  }
}

/** A lead editing their own department must stay a lead (admins are exempt). */
function canManageAfter(dept: Department, actor: Actor): boolean {
  return actor.isAdmin || dept.leads.some((l) => l.id === actor.person.id);
}
