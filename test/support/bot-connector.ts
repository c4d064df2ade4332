import restify from "restify";

/** One call the bot made to the connector. */
export interface ConnectorCall {
  method: "POST" | "PUT";
  conversationId: string;
  /** The activity replied to (POST) or updated (PUT). */
  activityId?: string;
  activity: Record<string, any>;
  /** The id the connector gave the posted activity. */
  id: string;
}

/** What the connector answers for a conversation instead of 200 (to test delivery failures). */
export interface Failure {
  status: number;
  code: string;
  retryAfterSeconds?: number;
  /** How many calls fail before it answers normally again (default: all of them). */
  times?: number;
}

/**
 * A fake Bot Connector service on loopback, speaking its REST protocol (v3): it records every
 * activity the bot sends (replies, proactive posts, updates) and can refuse a conversation
 * the way Teams does (403 BotNotInConversationRoster, 404 ConversationNotFound, 429).
 * It runs on restify, as the service does: restify patches Node's http module for the whole
 * process, so a raw http server beside it would behave differently.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly failures = new Map<string, Failure>();
  private waiters: Array<() => void> = [];
  private seq = 0;
  url = "";

  private constructor(private readonly server: restify.Server) {}

  static async start(): Promise<FakeConnector> {
    const server = restify.createServer({ name: "fake-connector" });
    server.use(restify.plugins.bodyParser());
    const c = new FakeConnector(server);
    const handle = (method: "POST" | "PUT") => (req: restify.Request, res: restify.Response, next: restify.Next) => {
      const conversationId = decodeURIComponent(req.params.conversationId);
      const activityId = req.params.activityId ? decodeURIComponent(req.params.activityId) : undefined;
      const failure = c.failures.get(conversationId);
      if (failure && (failure.times === undefined || failure.times > 0)) {
        if (failure.times !== undefined) failure.times--;
        if (failure.retryAfterSeconds) res.header("Retry-After", String(failure.retryAfterSeconds));
        res.send(failure.status, { error: { code: failure.code, message: `fake connector: ${failure.code}` } });
        return next();
      }
      const id = method === "PUT" ? activityId! : `act-${++c.seq}`;
      c.calls.push({ method, conversationId, activityId, activity: req.body ?? {}, id });
      res.send(200, { id });
      const waiting = c.waiters;
      c.waiters = [];
      for (const w of waiting) w();
      return next();
    };
    server.post("/v3/conversations/:conversationId/activities", handle("POST"));
    server.post("/v3/conversations/:conversationId/activities/:activityId", handle("POST"));
    server.put("/v3/conversations/:conversationId/activities/:activityId", handle("PUT"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const addr = server.address() as { port: number };
    c.url = `http://127.0.0.1:${addr.port}`;
    return c;
  }

  /** Makes calls into `conversationId` fail like Teams would. */
  fail(conversationId: string, failure: Failure): void {
    this.failures.set(conversationId, failure);
  }

  heal(conversationId: string): void {
    this.failures.delete(conversationId);
  }

  /** Calls into one conversation. */
  to(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId);
  }

  /** Waits until `pred` holds for the calls so far (proactive posts arrive after the HTTP answer). */
  async waitFor(pred: (calls: ConnectorCall[]) => boolean, what: string, timeoutMs = 5000): Promise<ConnectorCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this.calls)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`fake connector: timed out waiting for ${what}; calls so far:\n${this.describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.calls;
  }

  describe(): string {
    return this.calls.map((c) => `${c.method} ${c.conversationId}${c.activityId ? `/${c.activityId}` : ""}: ${cardText(c.activity).slice(0, 160)}`).join("\n");
  }

  clear(): void {
    this.calls.length = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Every text in an activity or a card (its text, and every text, title and value in its cards), in order. */
export function cardText(activity: Record<string, any>): string {
  const out: string[] = [];
  if (activity.type === "AdaptiveCard") return cardText({ attachments: [activity] });
  if (typeof activity.text === "string") out.push(activity.text);
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== "object") return;
    for (const [k, v] of Object.entries(n)) {
      if ((k === "text" || k === "title" || k === "value") && typeof v === "string") out.push(v);
      else walk(v);
    }
  };
  walk(activity.attachments);
  return out.join(" | ");
}

/** The Adaptive Cards of an activity. */
export function cardsOf(activity: Record<string, any>): Array<Record<string, any>> {
  return (activity.attachments ?? []).filter((a: any) => a.contentType === "application/vnd.microsoft.card.adaptive").map((a: any) => a.content);
}

/** Every action of a card (top level and inside show-cards), flattened. */
export function actionsOf(card: Record<string, any>): Array<Record<string, any>> {
  const out: Array<Record<string, any>> = [];
  for (const a of card.actions ?? []) {
    out.push(a);
    if (a.type === "Action.ShowCard") out.push(...actionsOf(a.card));
  }
  return out;
}
