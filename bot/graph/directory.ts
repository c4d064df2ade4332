import type { Person } from "../../shared/domain.ts";
import type { GraphConfig } from "../config.ts";
import { GraphClient, GraphError } from "./graph-client.ts";
import { MsalTokenProvider, type TokenProvider } from "./token-provider.ts";
import { log } from "../telemetry/log.ts";

/** A person of the tenant's directory: `id` is the Entra object id (the `oid` of their tokens). */
export type DirectoryPerson = Person;

/**
 * The tenant's directory, as far as Tandem needs it. Never throws: without a permission, or while
 * Entra ID / Graph is down, the answers are empty and Tandem works on with what it has.
 */
export interface Directory {
  /** The user whose mail or user principal name is `email`. */
  userByEmail(tenantId: string, email: string): Promise<DirectoryPerson | undefined>;
  /** The users in an Entra group (direct members). */
  groupMembers(tenantId: string, groupId: string): Promise<DirectoryPerson[]>;
  /** A user's manager. */
  managerOf(tenantId: string, userId: string): Promise<DirectoryPerson | undefined>;
  /** Users whose display name or mail starts with `q` (the settings page's people picker), at most 20. */
  searchPeople(tenantId: string, q: string): Promise<DirectoryPerson[]>;
}

/** No Graph configured (development): the directory knows nobody. */
export class NoDirectory implements Directory {
  async userByEmail(): Promise<DirectoryPerson | undefined> {
    return undefined;
  }
  async groupMembers(): Promise<DirectoryPerson[]> {
    return [];
  }
  async managerOf(): Promise<DirectoryPerson | undefined> {
    return undefined;
  }
  async searchPeople(): Promise<DirectoryPerson[]> {
    return [];
  }
}

export function createDirectory(config: GraphConfig): Directory {
  return config.enabled ? new GraphDirectory(config) : new NoDirectory();
}

type GraphUser = { id?: string; displayName?: string | null; mail?: string | null; userPrincipalName?: string | null; "@odata.type"?: string };

const SELECT = "$select=id,displayName,mail,userPrincipalName";

/** What each look-up needs, and what Tandem does without it: the one log line says both. */
const LOOKUPS = {
  user: {
    permission: "User.Read.All",
    without: "emailed requests stay filed under the sender's address instead of their Entra account (they still see them when signed in with that address)",
  },
  members: {
    permission: "GroupMember.Read.All",
    without: "department agents come only from the department's own list, not from its Entra group",
  },
  search: {
    permission: "User.Read.All",
    without: "the settings page's people picker finds nobody (people can still be kept as they are)",
  },
  manager: {
    permission: "User.Read.All",
    without: "the last escalation step goes to the department's leads only, not to the assignee's manager",
  },
} as const;
type Lookup = keyof typeof LOOKUPS;

export interface GraphDirectoryOptions {
  tokens?: TokenProvider;
  now?: () => number;
  /** Where the one-line warnings go (tests capture them). */
  warn?: (line: string) => void;
}

/** The directory through Microsoft Graph with the app's own token, cached per tenant. */
export class GraphDirectory implements Directory {
  readonly tokens: TokenProvider;
  private readonly graph: GraphClient;
  private readonly now: () => number;
  private readonly warn: (line: string) => void;
  private readonly cache = new Map<string, { until: number; value: Promise<unknown> }>();
  /** Problems already logged (tenant + look-up + kind), so an outage is one line, not one per request. */
  private readonly warned = new Set<string>();

  constructor(
    private readonly config: GraphConfig,
    opts: GraphDirectoryOptions = {},
  ) {
    this.tokens = opts.tokens ?? new MsalTokenProvider(config);
    this.graph = new GraphClient(this.tokens, config.baseUrl, config.timeoutMs);
    this.now = opts.now ?? Date.now;
    this.warn = opts.warn ?? ((line) => log.warn(line));
  }

  /** A user-context Graph token (on-behalf-of the token the user sent Tandem). */
  tokenOnBehalfOf(userAssertion: string, opts?: { tenantId?: string; scopes?: string[] }): Promise<string> {
    return this.tokens.tokenOnBehalfOf(userAssertion, opts);
  }

  userByEmail(tenantId: string, email: string): Promise<DirectoryPerson | undefined> {
    const e = email.trim().toLowerCase();
    if (!/^[^\s@'"/\\?#%]+@[^\s@'"/\\?#%]+$/.test(e)) return Promise.resolve(undefined);
    return this.cached(tenantId, "user", e, undefined, async () => {
      const direct = await this.graph.get<GraphUser>(tenantId, `/users/${encodeURIComponent(e)}?${SELECT}`);
      if (direct?.id) return person(direct);
      // The address may be the mail of a user whose sign-in name (UPN) differs.
      const found = await this.graph.get<{ value?: GraphUser[] }>(tenantId, `/users?$filter=${encodeURIComponent(`mail eq '${e}'`)}&${SELECT}`);
      const u = found?.value?.find((x) => x.id);
      return u ? person(u) : undefined;
    });
  }

  groupMembers(tenantId: string, groupId: string): Promise<DirectoryPerson[]> {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(groupId)) return Promise.resolve([]);
    return this.cached(tenantId, "members", groupId, [], async () => {
      const items = await this.graph.getAll<GraphUser>(tenantId, `/groups/${groupId}/members?${SELECT}&$top=999`);
      return (items ?? []).filter((m) => m.id && (!m["@odata.type"] || m["@odata.type"] === "#microsoft.graph.user")).map(person);
    });
  }

  managerOf(tenantId: string, userId: string): Promise<DirectoryPerson | undefined> {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(userId)) return Promise.resolve(undefined);
    return this.cached(tenantId, "manager", userId, undefined, async () => {
      const m = await this.graph.get<GraphUser>(tenantId, `/users/${userId}/manager?${SELECT}`);
      return m?.id ? person(m) : undefined;
    });
  }

  searchPeople(tenantId: string, q: string): Promise<DirectoryPerson[]> {
    const text = q.trim();
    if (text.length < 2 || text.length > 100) return Promise.resolve([]);
    const lit = text.replace(/'/g, "''"); // an OData string literal
    const filter = `startswith(displayName,'${lit}') or startswith(mail,'${lit}') or startswith(userPrincipalName,'${lit}')`;
    return this.cached(tenantId, "search", text.toLowerCase(), [], async () => {
      const found = await this.graph.get<{ value?: GraphUser[] }>(tenantId, `/users?$filter=${encodeURIComponent(filter)}&${SELECT}&$top=20`);
      return (found?.value ?? []).filter((u) => u.id).map(person);
    });
  }

  /** Drops everything cached (an admin changed the directory and does not want to wait). */
  clear() {
    this.cache.clear();
  }

  private cached<T>(tenantId: string, lookup: Lookup, key: string, empty: T, load: () => Promise<T>): Promise<T> {
    const k = `${tenantId}|${lookup}|${key}`;
    const now = this.now();
    const hit = this.cache.get(k);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    const entry = { until: Number.POSITIVE_INFINITY, value: undefined as unknown as Promise<T> };
    entry.value = deadline(load(), this.config.timeoutMs).then(
      (value) => {
        this.warned.delete(`${tenantId}|${lookup}|denied`);
        this.warned.delete(`${tenantId}|${lookup}|unavailable`);
        const found = Array.isArray(value) ? value.length > 0 : value !== undefined;
        entry.until = this.now() + (found ? this.config.cacheTtlMs : this.config.negativeCacheTtlMs);
        return value;
      },
      (err) => {
        this.report(tenantId, lookup, err);
        // A failure is remembered briefly too, so an outage does not make every request wait on it.
        entry.until = this.now() + Math.min(this.config.negativeCacheTtlMs, 30_000);
        return empty;
      },
    );
    this.cache.set(k, entry);
    if (this.cache.size > 10_000) this.evict();
    return entry.value;
  }

  private report(tenantId: string, lookup: Lookup, err: unknown) {
    const kind = err instanceof GraphError ? err.kind : "unavailable";
    const mark = `${tenantId}|${lookup}|${kind}`;
    if (this.warned.has(mark)) return;
    this.warned.add(mark);
    const { permission, without } = LOOKUPS[lookup];
    const detail = err instanceof Error ? err.message : String(err);
    const line =
      kind === "denied"
        ? `[tandem graph] tenant ${tenantId}: Microsoft Graph refused the look-up (${detail}). Grant the application permission ${permission} (with admin consent) to the app registration; until then ${without}.`
        : `[tandem graph] tenant ${tenantId}: Microsoft Entra ID / Graph is unreachable (${detail}); until it answers, ${without}. Needs ${permission}.`;
    this.warn(line.replace(/\s+/g, " "));
  }

  private evict() {
    const now = this.now();
    for (const [k, v] of this.cache) if (v.until <= now) this.cache.delete(k);
    if (this.cache.size > 10_000) this.cache.clear();
  }
}

/** One look-up may take several calls (token, user, fallback by mail): the caller waits at most `ms` in all. */
function deadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GraphError(`no answer within ${ms} ms`, "unavailable")), ms);
    timer.unref?.();
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

function person(u: GraphUser): DirectoryPerson {
  const email = u.mail || u.userPrincipalName || undefined;
  return { id: u.id!, name: u.displayName || email || u.id!, ...(email ? { email } : {}) };
}
