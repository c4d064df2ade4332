import { TokenError, type TokenProvider } from "./token-provider.ts";

/** A Graph call that did not give an answer: the directory turns it into a log line and an empty result. */
export class GraphError extends Error {
  constructor(
    message: string,
    /** "denied": 401/403 (a permission or consent is missing); "unavailable": network, timeout, 429, 5xx. */
    readonly kind: "denied" | "unavailable",
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface GraphPage<T> {
  value?: T[];
  "@odata.nextLink"?: string;
}

/** Small Microsoft Graph client: app-only GETs with fetch, a timeout, 404 as undefined, paging. */
export class GraphClient {
  private readonly origin: string;

  constructor(
    private readonly tokens: TokenProvider,
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
    private readonly maxPages = 50,
  ) {
    this.origin = new URL(baseUrl).origin;
  }

  /** GET `path` (relative to the base URL) as the app; undefined on 404. */
  async get<T>(tenantId: string, path: string): Promise<T | undefined> {
    return this.getUrl<T>(tenantId, this.baseUrl + path);
  }

  /** Every item of a collection, following @odata.nextLink (bounded). */
  async getAll<T>(tenantId: string, path: string): Promise<T[] | undefined> {
    const items: T[] = [];
    let url: string | undefined = this.baseUrl + path;
    for (let page = 0; url && page < this.maxPages; page++) {
      const body: GraphPage<T> | undefined = await this.getUrl<GraphPage<T>>(tenantId, url);
      if (!body) return page === 0 ? undefined : items;
      items.push(...(body.value ?? []));
      url = body["@odata.nextLink"];
      // The bearer token only ever goes to Graph's own origin.
      if (url && new URL(url).origin !== this.origin) throw new GraphError(`Graph's next page points elsewhere (${new URL(url).origin}).`, "unavailable");
    }
    return items;
  }

  private async getUrl<T>(tenantId: string, url: string): Promise<T | undefined> {
    let token: string;
    try {
      token = await this.tokens.appToken(tenantId);
    } catch (err) {
      if (err instanceof TokenError) throw new GraphError(`no app token from Entra ID: ${err.message}`, err.kind, undefined, err.code);
      throw err;
    }
    let res: Response;
    try {
      res = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" }, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new GraphError(`Graph unreachable: ${(err as Error).message}`, "unavailable");
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    const text = await res.text();
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (res.ok) return body as T;
    const code: string | undefined = body?.error?.code;
    const message: string = body?.error?.message ?? `HTTP ${res.status}`;
    const denied = res.status === 401 || res.status === 403;
    throw new GraphError(`${code ?? `HTTP ${res.status}`}: ${message}`, denied ? "denied" : "unavailable", res.status, code);
  }
}
