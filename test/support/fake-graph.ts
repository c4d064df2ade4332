import restify from "restify";

export interface FakeUser {
  id: string;
  displayName: string;
  mail?: string;
  userPrincipalName: string;
}

export interface FakeTenant {
  users: FakeUser[];
  /** group id → member user ids (non-user members are given as `{ device: id }`). */
  groups?: Record<string, Array<string | { device: string }>>;
  /** user id → manager user id */
  managers?: Record<string, string>;
}

/**
 * A local Microsoft Graph (v1.0) on loopback, on restify: /users/{id|upn}, /users?$filter=mail eq '…',
 * /groups/{id}/members (paged with @odata.nextLink), /users/{id}/manager. It accepts only tokens that
 * `validToken` vouches for, for the tenant named in them; `deny` makes a route answer
 * 403 Authorization_RequestDenied, as Graph does when the app lacks a permission.
 */
export class FakeGraph {
  /** Every request: method and path with query. */
  readonly hits: string[] = [];
  readonly deny = new Set<"users" | "members" | "manager">();
  pageSize = 2;
  url = "";

  private constructor(private readonly server: restify.Server) {}

  static async start(tenants: Record<string, FakeTenant>, validToken: (token: string) => { tid: string } | undefined): Promise<FakeGraph> {
    const server = restify.createServer({ name: "fake-graph" });
    server.use(restify.plugins.queryParser({ mapParams: false }));
    const graph = new FakeGraph(server);

    const error = (res: restify.Response, status: number, code: string, message: string) =>
      res.send(status, { error: { code, message, innerError: { date: new Date().toISOString(), "request-id": "fake" } } });
    const shape = (u: FakeUser) => ({ "@odata.type": "#microsoft.graph.user", id: u.id, displayName: u.displayName, mail: u.mail ?? null, userPrincipalName: u.userPrincipalName });

    /** Authenticates; returns the caller's tenant data or answers the request itself. */
    const guard = (req: restify.Request, res: restify.Response, route: "users" | "members" | "manager"): FakeTenant | undefined => {
      graph.hits.push(`${req.method} ${req.url}`);
      const auth = req.headers.authorization ?? "";
      const token = auth.startsWith("Bearer ") ? validToken(auth.slice(7)) : undefined;
      if (!token) {
        error(res, 401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
        return undefined;
      }
      if (graph.deny.has(route)) {
        error(res, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        return undefined;
      }
      const tenant = tenants[token.tid];
      if (!tenant) error(res, 401, "InvalidAuthenticationToken", "Unknown tenant.");
      return tenant;
    };
    const find = (t: FakeTenant, key: string) => {
      const k = key.toLowerCase();
      return t.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === k);
    };

    server.get("/v1.0/users", (req, res, next) => {
      const t = guard(req, res, "users");
      if (t) {
        const filter = String((req.query as Record<string, string>)?.$filter ?? "");
        const m = /^mail eq '([^']*)'$/.exec(filter);
        // The people picker: startswith(displayName,'x') or startswith(mail,'x') or ... (one value, '' escapes ').
        const starts = /^startswith\(displayName,'((?:[^']|'')*)'\)(?: or startswith\((?:mail|userPrincipalName),'(?:[^']|'')*'\))*$/.exec(filter);
        if (starts) {
          const p = starts[1].replace(/''/g, "'").toLowerCase();
          const hit = (s?: string | null) => !!s && s.toLowerCase().startsWith(p);
          res.send(200, { value: t.users.filter((u) => hit(u.displayName) || hit(u.mail) || hit(u.userPrincipalName)).map(shape) });
        } else if (!m) error(res, 400, "Request_UnsupportedQuery", "Unsupported query.");
        else res.send(200, { value: t.users.filter((u) => u.mail?.toLowerCase() === m[1].toLowerCase()).map(shape) });
      }
      next();
    });
    server.get("/v1.0/users/:id", (req, res, next) => {
      const t = guard(req, res, "users");
      if (t) {
        const u = find(t, req.params.id);
        if (u) res.send(200, shape(u));
        else error(res, 404, "Request_ResourceNotFound", `Resource '${req.params.id}' does not exist or one of its queried reference-property objects are not present.`);
      }
      next();
    });
    server.get("/v1.0/users/:id/manager", (req, res, next) => {
      const t = guard(req, res, "manager");
      if (t) {
        const mid = t.managers?.[req.params.id];
        const m = mid ? find(t, mid) : undefined;
        if (m) res.send(200, shape(m));
        else error(res, 404, "Request_ResourceNotFound", "Resource 'manager' does not exist or one of its queried reference-property objects are not present.");
      }
      next();
    });
    server.get("/v1.0/groups/:id/members", (req, res, next) => {
      const t = guard(req, res, "members");
      if (t) {
        const members = t.groups?.[req.params.id];
        if (!members) error(res, 404, "Request_ResourceNotFound", `Resource '${req.params.id}' does not exist.`);
        else {
          const skip = Number((req.query as Record<string, string>)?.$skiptoken ?? 0);
          const page = members.slice(skip, skip + graph.pageSize).map((m) =>
            typeof m === "string" ? shape(find(t, m)!) : { "@odata.type": "#microsoft.graph.device", id: m.device, displayName: "A printer" },
          );
          const more = skip + graph.pageSize < members.length;
          res.send(200, {
            value: page,
            ...(more ? { "@odata.nextLink": `${graph.url}/v1.0/groups/${req.params.id}/members?$select=id,displayName,mail,userPrincipalName&$skiptoken=${skip + graph.pageSize}` } : {}),
          });
        }
      }
      next();
    });

    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    graph.url = `http://127.0.0.1:${server.address().port}`;
    return graph;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
