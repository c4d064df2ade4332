import type { Server } from "restify";
import { readJson, route } from "../api/http.ts";
import type { App } from "../app.ts";
import { badRequest, notFound } from "../service/app-error.ts";
import { ConversationStore } from "../storage/conversation-store.ts";
import { OutboxStore } from "../storage/outbox-store.ts";
import { ClaimStore } from "../storage/claim-store.ts";
import { createAdapter } from "./adapter.ts";
import { Notifier } from "./notifier.ts";
import { TeamsSender } from "./sender.ts";
import { TandemBot } from "./tandem-bot.ts";
import { historyLines } from "./history.ts";
import { mountDevConnector } from "../dev/dev-connector.ts";

/**
 * The Teams edge, on the service's server: `POST /api/messages` for the Bot Framework, the
 * notifier that turns committed changes and escalations into posts, and the outbox sweep.
 * Returns a function that stops the sweep.
 */
export function mountTeams(server: Server, app: App): { notifier: Notifier; stop(): void } {
  const { config, tables, services } = app;
  const adapter = createAdapter(config.bot);
  const conversations = new ConversationStore(tables);
  const deps = { requests: services.requests, departments: services.departments, conversations, claims: new ClaimStore(tables), config };
  const bot = new TandemBot(deps);

  if (!config.bot.enabled) {
    console.warn("[tandem bot] MicrosoftAppId is not set and the service is not on loopback: the Teams bot is off (/api/messages answers 404).");
  }
  server.post("/api/messages", route(async (req, res) => {
    if (!config.bot.enabled) throw notFound("The Teams bot is not configured on this service: set MicrosoftAppId, MicrosoftAppType, MicrosoftAppTenantId and MicrosoftAppPassword.");
    const body = await readJson(req);
    if (!body || typeof body !== "object" || Array.isArray(body) || typeof (body as { type?: unknown }).type !== "string") {
      throw badRequest("Send a Bot Framework activity: a JSON object with a type.");
    }
    (req as { body?: unknown }).body = body;
    await adapter.process(req as never, res as never, (ctx) => bot.run(ctx));
  }));
  // Development only (it answers 404 otherwise): a Bot Connector stand-in for the browser chat page.
  mountDevConnector(server, app);

  const notifier = new Notifier({
    sender: new TeamsSender(adapter, config.bot.appId),
    conversations,
    outbox: new OutboxStore(tables),
    departments: services.departments,
    view: (r) => services.requests.view(r),
    history: (r, locale) => historyLines(app, r, locale),
    clock: app.clock,
  });
  const offChange = app.bus.subscribe((c) => notifier.onChange(c));
  const offEscalation = app.escalations.subscribe((e) => notifier.onEscalation(e));
  const timer = config.bot.outboxIntervalMs > 0
    ? setInterval(() => void notifier.sweep().catch((err) => console.error(`[tandem bot] outbox sweep failed: ${err?.message ?? err}`)), config.bot.outboxIntervalMs)
    : undefined;
  timer?.unref();
  return {
    notifier,
    stop() {
      clearInterval(timer);
      offChange();
      offEscalation();
    },
  };
}
