import type { Server } from "restify";
import { readJson, route } from "../api/http.ts";
import { guardDevRequest } from "../api/dev-guard.ts";
import type { Config } from "../config.ts";
import type { Directory } from "../graph/directory.ts";
import type { DepartmentService } from "../service/department-service.ts";
import type { RequestService } from "../service/request-service.ts";
import type { SurveyService } from "../service/survey-service.ts";
import type { ScoreboardService } from "../service/scoreboard-service.ts";
import type { SearchService } from "../service/search-service.ts";
import type { Tables } from "../storage/tables.ts";
import type { ChangeBus } from "../stream/change-bus.ts";
import { badRequest, notFound } from "../service/app-error.ts";
import { ConversationStore } from "../storage/conversation-store.ts";
import { OutboxStore } from "../storage/outbox-store.ts";
import { RatingAsks } from "../storage/rating-asks.ts";
import { ActivityLog } from "../storage/activity-log.ts";
import { storedPlaces } from "../storage/places.ts";
import { createAdapter } from "./adapter.ts";
import { Notifier } from "./notifier.ts";
import { DeliveryLedger, type DeliveryClaims } from "./delivery-ledger.ts";
import { TeamsSender } from "./sender.ts";
import { ReviewCards } from "./review-cards.ts";
import type { ReviewService } from "../service/review-service.ts";
import { ClaimStore } from "../storage/claim-store.ts";
import { TandemBot } from "./tandem-bot.ts";
import { historyLines } from "./history.ts";
import { mountDevConnector, type DevConnectorDeps } from "../dev/dev-connector.ts";
import { log } from "../telemetry/log.ts";

/** What the Teams edge uses of the service (bot/app.ts wires it). */
export interface TeamsDeps extends DevConnectorDeps {
  config: Config;
  tables: Tables;
  services: { requests: RequestService; departments: DepartmentService; surveys?: SurveyService; scoreboard?: ScoreboardService; search?: SearchService };
  directory: Directory;
  /** Committed changes, this instance's: their notices (escalations included) are delivered at once. */
  bus: ChangeBus;
  /** Per-change delivery claims (the Claims table): each notice posted once, whichever instance gets there. */
  claims: DeliveryClaims;
  /** The services' clock (tests move it by hand). */
  clock: () => number;
  /** The monthly review's figures, for its card (none: no review cards). */
  reviews?: ReviewService;
}

/** What the notice repair reads: where departments are, their changes, and the time. */
export type NoticeRepairDeps = Pick<TeamsDeps, "clock" | "tables"> & { services: { requests: Pick<RequestService, "unnoticedChanges"> } };

/** How often changes whose notices were never confirmed are looked at again. */
const NOTICE_REPAIR_MS = 60_000;
/**
 * How old an owed change must be before the repair takes it up: the instance that made it is
 * usually posting it right then (the claims would keep both from posting twice; this keeps
 * them from both asking).
 */
const NOTICE_GRACE_MS = 10_000;

/** Every department's changes still owing notices: a process died before posting them (or is slow). */
export async function repairNotices(app: NoticeRepairDeps, notifier: Notifier): Promise<number> {
  const before = new Date(app.clock() - NOTICE_GRACE_MS).toISOString();
  let told = 0;
  const places = storedPlaces(app.tables);
  for (const tenantId of await places.tenants()) {
    for (const dept of await places.departments(tenantId)) {
      const owed = await app.services.requests.unnoticedChanges(tenantId, dept, before);
      await notifier.repair(owed);
      told += owed.length;
    }
  }
  return told;
}

/** Every department's delivery claims of the days past keeping (once a day, on any instance: deleting twice is harmless). */
export async function pruneDeliveryClaims(app: Pick<TeamsDeps, "tables">, ledger: DeliveryLedger): Promise<number> {
  let removed = 0;
  const places = storedPlaces(app.tables);
  for (const tenantId of await places.tenants()) {
    for (const dept of await places.departments(tenantId)) removed += await ledger.prune(tenantId, dept);
  }
  return removed;
}

/**
 * The Teams edge, on the service's server: `POST /api/messages` for the Bot Framework, the
 * notifier that turns committed changes and escalations into posts, and the outbox sweep.
 * Returns a function that stops the sweep.
 */
export function mountTeams(server: Server, app: TeamsDeps): { notifier: Notifier; reviewCards?: ReviewCards; stop(): void } {
  const { config, tables, services } = app;
  const adapter = createAdapter(config.bot);
  const conversations = new ConversationStore(tables);
  const activities = new ActivityLog(tables);
  const deps = { requests: services.requests, departments: services.departments, surveys: services.surveys, scoreboard: services.scoreboard, search: services.search, conversations, activities, config };
  const bot = new TandemBot(deps);

  if (!config.bot.enabled) {
    log.warn("[tandem bot] MicrosoftAppId is not set and the service is not on loopback: the Teams bot is off (/api/messages answers 404).");
  }
  server.post("/api/messages", route(async (req, res) => {
    if (!config.bot.enabled) throw notFound("The Teams bot is not configured on this service: set MicrosoftAppId, MicrosoftAppType, MicrosoftAppTenantId and MicrosoftAppPassword.");
    // Without an app id nothing authenticates the caller: only this machine's own pages (loopback host names) may post.
    guardDevRequest(req, { loopbackHost: !config.bot.appId });
    const body = await readJson(req);
    if (!body || typeof body !== "object" || Array.isArray(body) || typeof (body as { type?: unknown }).type !== "string") {
      throw badRequest("Send a Bot Framework activity: a JSON object with a type.");
    }
    (req as { body?: unknown }).body = body;
    await adapter.process(req as never, res as never, (ctx) => bot.run(ctx));
  }));
  // Development only (it answers 404 otherwise): a Bot Connector stand-in for the browser chat page.
  mountDevConnector(server, app);

  const ledger = new DeliveryLedger(app.claims, app.clock);
  const notifier = new Notifier({
    sender: new TeamsSender(adapter, config.bot.appId),
    conversations,
    outbox: new OutboxStore(tables),
    ledger,
    departments: services.departments,
    view: (r) => services.requests.view(r),
    history: (r, locale) => historyLines(services.requests, r, locale),
    noticesSent: (r) => services.requests.noticesSent(r),
    recordReach: (r, step, reached) => services.requests.recordReach(r, step, reached),
    clock: app.clock,
    directory: app.directory,
    ratingAsks: new RatingAsks(tables),
  });
  const offChange = app.bus.subscribe((c) => notifier.onChange(c));
  const reviewCards = app.reviews && new ReviewCards({
    notifier, ledger, claims: new ClaimStore(tables), places: storedPlaces(tables), departments: services.departments,
    reviews: app.reviews, publicUrl: config.publicUrl, clock: app.clock,
  });
  let reviewedAt = 0;
  // Escalations are changes too (the scheduler writes the step, then publishes the change): they arrive here.
  let prunedAt = 0;
  let claimsPrunedAt = 0;
  // The first repair after a start comes once the grace has passed: what a dead process left is then old enough.
  let repairedAt = app.clock() - NOTICE_REPAIR_MS + NOTICE_GRACE_MS;
  const housekeeping = async () => {
    await notifier.sweep();
    if (app.clock() - repairedAt > NOTICE_REPAIR_MS) {
      repairedAt = app.clock();
      await repairNotices(app, notifier);
    }
    // The monthly review cards: a department's first working day may begin any minute, in any zone.
    if (reviewCards && app.clock() - reviewedAt > NOTICE_REPAIR_MS) {
      reviewedAt = app.clock();
      await reviewCards.tick();
    }
    if (app.clock() - claimsPrunedAt > 86_400_000) {
      claimsPrunedAt = app.clock();
      await pruneDeliveryClaims(app, ledger);
    }
    // Retried activities arrive within minutes: the log of handled ones is pruned by the day.
    if (app.clock() - prunedAt > 3_600_000) {
      prunedAt = app.clock();
      await activities.prune(new Date(prunedAt));
    }
  };
  const timer = config.bot.outboxIntervalMs > 0
    ? setInterval(() => void housekeeping().catch((err) => log.error(`[tandem bot] outbox sweep failed: ${err?.message ?? err}`, { error: err })), config.bot.outboxIntervalMs)
    : undefined;
  timer?.unref();
  return {
    notifier,
    reviewCards,
    stop() {
      clearInterval(timer);
      offChange();
    },
  };
}
