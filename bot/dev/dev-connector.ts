import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { Request, Response, Server } from "restify";
import { readJson, route, sendJson } from "../api/http.ts";
import { guardDevRequest } from "../api/dev-guard.ts";
import type { Config } from "../config.ts";
import { DEV_TENANT } from "../auth/dev-issuer.ts";
import { badRequest, notFound } from "../service/app-error.ts";

/** Bounds of the in-memory transcripts: a development aid must never grow without limit. */
const PER_CONVERSATION = 200;
const CONVERSATIONS = 300;
const MAX_WAIT_MS = 25_000;

/** One activity as the page sees it: `seq` grows on every post or in-place update. */
interface Item {
  seq: number;
  by: "bot" | "user";
  activity: Record<string, unknown> & { id: string };
}

/**
 * What Teams would hold: each conversation's messages, in order, in memory. Keyed by the
 * channel or chat id without `;messageid=`, so a channel reads as one stream, as the triage
 * channel's cards (posted to the bare channel id) and the threads typed into it are one place.
 */
class Transcripts {
  private readonly conversations = new Map<string, Item[]>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private seq = 0;
  /** Changes when the service restarts: a page then reads the conversation from the start. */
  readonly epoch = randomBytes(4).toString("hex");
  /** Ids survive restarts of this store (card ids are kept in storage): time plus a random tail. */
  private newId = () => `${Date.now()}${randomBytes(3).readUIntBE(0, 3).toString().padStart(8, "0")}`;

  static key(conversationId: string): string {
    return conversationId.split(";")[0]!;
  }

  add(conversationId: string, by: Item["by"], activity: Record<string, unknown>, replyToId?: string, id = this.newId()): string {
    const items = this.touch(Transcripts.key(conversationId));
    items.push({ seq: ++this.seq, by, activity: { ...activity, timestamp: activity.timestamp ?? new Date().toISOString(), ...(replyToId ? { replyToId } : {}), id } });
    if (items.length > PER_CONVERSATION) items.splice(0, items.length - PER_CONVERSATION);
    this.wake(Transcripts.key(conversationId));
    return id;
  }

  /**
   * An in-place update keeps the message's place. An id no longer held (the service restarted;
   * the bot keeps card ids in storage) is added under that id rather than refused: a 404 would
   * make the bot forget the whole conversation.
   */
  update(conversationId: string, by: Item["by"], id: string, activity: Record<string, unknown>): string {
    const key = Transcripts.key(conversationId);
    const item = this.touch(key).find((i) => i.activity.id === id);
    if (!item) return this.add(conversationId, by, activity, undefined, id);
    item.seq = ++this.seq;
    item.activity = { ...item.activity, ...activity, id };
    this.wake(key);
    return id;
  }

  /** Items changed after `after`, in the conversation's order (a page appends the ones it has not seen). */
  since(conversationId: string, after: number): { items: Item[]; last: number; epoch: string } {
    const items = (this.conversations.get(Transcripts.key(conversationId)) ?? []).filter((i) => i.seq > after);
    return { items, last: this.seq, epoch: this.epoch };
  }

  /** Resolves at the next change in the conversation, after `ms`, or when `cancel` is called. */
  wait(conversationId: string, ms: number): { done: Promise<void>; cancel(): void } {
    const key = Transcripts.key(conversationId);
    let cancel = () => {};
    const done = new Promise<void>((resolve) => {
      const set = this.waiters.get(key) ?? new Set();
      this.waiters.set(key, set);
      const timer = setTimeout(() => cancel(), ms);
      cancel = () => {
        clearTimeout(timer);
        set.delete(cancel);
        if (!set.size && this.waiters.get(key) === set) this.waiters.delete(key);
        resolve();
      };
      set.add(cancel);
    });
    return { done, cancel };
  }

  wakeAll(): void {
    for (const key of [...this.waiters.keys()]) this.wake(key);
  }

  private wake(key: string): void {
    for (const w of [...(this.waiters.get(key) ?? [])]) w();
  }

  /** The conversation's items, marked most recently used; the least recently used goes past the bound. */
  private touch(key: string): Item[] {
    const items = this.conversations.get(key) ?? [];
    this.conversations.delete(key);
    this.conversations.set(key, items);
    if (this.conversations.size > CONVERSATIONS) this.conversations.delete(this.conversations.keys().next().value!);
    return items;
  }
}

/** Whether the browser chat exists here: an unsigned bot on loopback with dev identity, never in production. */
export function devChatEnabled(config: Config): boolean {
  return config.bot.enabled && !config.bot.appId && config.authMode === "dev";
}

const param = (req: Request, name: string): string => {
  const raw = String((req.params as Record<string, unknown>)[name] ?? "");
  let v: string;
  try {
    v = decodeURIComponent(raw);
  } catch {
    v = raw;
  }
  if (!v || v.length > 300) throw badRequest(`The ${name} is missing or longer than 300 characters.`);
  return v;
};

const activityOf = async (req: Request): Promise<Record<string, unknown>> => {
  const body = await readJson(req);
  if (!body || typeof body !== "object" || Array.isArray(body)) throw badRequest("Send an activity: a JSON object.");
  return body as Record<string, unknown>;
};

/**
 * A development stand-in for the Bot Connector and the Teams client's storage, on the
 * service's own server (no second process, nothing to install): the bot posts replies and
 * proactive messages to `/dev/connector/v3/...` (the serviceUrl the chat page puts in its
 * activities), and the chat page at /chat.html reads them back from `/dev/chat/api/...`.
 * Only with devChatEnabled(); otherwise every route here answers 404, chat page included.
 */
/** What the development connector uses of the service (bot/app.ts wires it, through the Teams edge). */
export interface DevConnectorDeps {
  config: Config;
  /** Runs `f` when the service closes (long polls end). Returns a function that cancels it. */
  onClose(f: () => void): () => void;
}

export function mountDevConnector(server: Server, app: DevConnectorDeps): void {
  const enabled = devChatEnabled(app.config);
  const store = new Transcripts();
  app.onClose(() => store.wakeAll());
  const guard = (h: (req: Request, res: Response) => Promise<void>) =>
    route(async (req, res) => {
      if (!enabled) throw notFound("The development chat exists only when the bot runs without MicrosoftAppId, on loopback, with dev sign-in.");
      guardDevRequest(req, { loopbackHost: true });
      await h(req, res);
    });
  const base = "/dev/connector/v3/conversations/:conversationId/activities";
  const page = "/dev/chat/api/conversations/:conversationId/activities";

  // The Bot Connector's calls (botbuilder's ConnectorClient): a post, a reply, an in-place update.
  server.post(base, guard(async (req, res) => {
    sendJson(res, 200, { id: store.add(param(req, "conversationId"), "bot", await activityOf(req)) });
  }));
  server.post(`${base}/:activityId`, guard(async (req, res) => {
    sendJson(res, 200, { id: store.add(param(req, "conversationId"), "bot", await activityOf(req), param(req, "activityId")) });
  }));
  server.put(`${base}/:activityId`, guard(async (req, res) => {
    sendJson(res, 200, { id: store.update(param(req, "conversationId"), "bot", param(req, "activityId"), await activityOf(req)) });
  }));

  // The page: what its person says is kept here first (Teams gives a message its id), and a card
  // refreshed by an Action.Execute answer replaces the one in the conversation, as in Teams.
  server.post(page, guard(async (req, res) => {
    sendJson(res, 200, { id: store.add(param(req, "conversationId"), "user", await activityOf(req)) });
  }));
  server.put(`${page}/:activityId`, guard(async (req, res) => {
    sendJson(res, 200, { id: store.update(param(req, "conversationId"), "user", param(req, "activityId"), await activityOf(req)) });
  }));
  // Long poll: answers at once when something changed after `after`, else at the next change or after `wait` seconds.
  server.get(page, guard(async (req, res) => {
    const conversationId = param(req, "conversationId");
    const after = Math.max(0, Number(req.query?.after) || 0);
    const waitMs = Math.min(MAX_WAIT_MS, Math.max(0, Number(req.query?.wait ?? 20) * 1000 || 0));
    let found = store.since(conversationId, after);
    // A page that knew another epoch is told at once that the service restarted.
    const stale = typeof req.query?.epoch === "string" && req.query.epoch !== store.epoch;
    if (!found.items.length && waitMs > 0 && !stale) {
      const w = store.wait(conversationId, waitMs);
      res.once("close", w.cancel); // the page went away: stop waiting for it
      await w.done;
      found = store.since(conversationId, after);
    }
    sendJson(res, 200, found);
  }));

  // What the page puts in its activities: the tenant of the dev sign-in, and who the bot is.
  server.get("/dev/chat/api/config", guard(async (_req, res) => {
    sendJson(res, 200, { tenantId: DEV_TENANT, bot: { id: "28:tandem-dev-bot", name: "Tandem" }, epoch: store.epoch });
  }));

  // The official Adaptive Cards renderer, from node_modules (the page needs nothing from a CDN).
  const renderer = path.join(path.dirname(createRequire(import.meta.url).resolve("adaptivecards/package.json")), "dist", "adaptivecards.min.js");
  server.get("/dev/chat/adaptivecards.min.js", guard(async (_req, res) => {
    const body = await fs.promises.readFile(renderer);
    res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Content-Length": body.length, "Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff" });
    res.end(body);
  }));
  // The page's own files live with the start page's; they are hidden with the rest.
  if (!enabled) for (const file of ["/chat.html", "/chat.js", "/chat.css"]) server.get(file, guard(async () => {}));
}
