import restify, { type Server } from "restify";
import type { Config } from "./config.ts";
import { registerRoutes } from "./api/routes.ts";
import { registerPeopleRoute } from "./api/people-route.ts";
import { sendJson } from "./api/http.ts";
import { DevIssuer, DEV_AUDIENCE, DEV_ISSUER } from "./auth/dev-issuer.ts";
import { TokenVerifier } from "./auth/token-verifier.ts";
import { EscalationScheduler } from "./scheduler/escalation-scheduler.ts";
import { storedPlaces } from "./storage/places.ts";
import { DepartmentService } from "./service/department-service.ts";
import { RequestService } from "./service/request-service.ts";
import { StatsService } from "./service/stats-service.ts";
import { ReviewService } from "./service/review-service.ts";
import { ReviewStore } from "./storage/review-store.ts";
import { registerReviewRoutes } from "./api/review-routes.ts";
import type { ReviewCards } from "./teams/review-cards.ts";
import { ScoreboardService } from "./service/scoreboard-service.ts";
import { AttachmentService } from "./service/attachment-service.ts";
import { BlobStore } from "./storage/blob-store.ts";
import { ChangeFollower } from "./service/change-follower.ts";
import { SummaryStore } from "./storage/summary-store.ts";
import { KudosStore } from "./storage/kudos-store.ts";
import { KudosService } from "./service/kudos-service.ts";
import { ClaimStore } from "./storage/claim-store.ts";
import { SurveyStore } from "./storage/survey-store.ts";
import { SurveyService } from "./service/survey-service.ts";
import { ServedProjection } from "./service/served-projection.ts";
import { SearchProjection } from "./service/search-projection.ts";
import { SearchService } from "./service/search-service.ts";
import { SearchStore } from "./storage/search-store.ts";
import { registerSearchRoutes } from "./api/search-routes.ts";
import { PulseScheduler } from "./scheduler/pulse-scheduler.ts";
import { registerSurveyRoutes } from "./api/survey-routes.ts";
import { PulseNotices } from "./teams/pulse-notice.ts";
import { DeliveryLedger } from "./teams/delivery-ledger.ts";
import { DepartmentStore } from "./storage/department-store.ts";
import { RequestStore, type NumberFloor } from "./storage/request-store.ts";
import { upgradeOpenRequests } from "./storage/open-upgrade.ts";
import { upgradeStorage } from "./storage/upgrade.ts";
import { createTables, openTables, type Tables } from "./storage/tables.ts";
import { upgradeTenantRegistry } from "./storage/tenant-registry.ts";
import { upgradeUserRows } from "./storage/user-index-upgrade.ts";
import { UserIndex } from "./storage/user-index.ts";
import { isNotFound } from "./storage/errors.ts";
import { ChangeBus, EscalationBus } from "./stream/change-bus.ts";
import { StreamHub } from "./stream/stream-hub.ts";
import { serveStatic } from "./static.ts";
import { applySecurityHeaders } from "./security-headers.ts";
import { createDirectory, type Directory } from "./graph/directory.ts";
import { mountTeams } from "./teams/index.ts";
import type { Notifier } from "./teams/notifier.ts";
import { log } from "./telemetry/log.ts";
import { nameRequestSpan } from "./telemetry/span-names.ts";

export interface App {
  config: Config;
  server: Server;
  tables: Tables;
  services: { requests: RequestService; departments: DepartmentService; stats: StatsService; attachments: AttachmentService; scoreboard: ScoreboardService; kudos: KudosService };
  /** Keeps day summaries (and other projections) up to date from the change log. */
  follower: ChangeFollower;
  verifier: TokenVerifier;
  /** The tenant's directory through Microsoft Graph (NoDirectory without Graph config). */
  directory: Directory;
  /** Present in dev mode only. */
  devIssuer?: DevIssuer;
  bus: ChangeBus;
  escalations: EscalationBus;
  hub: StreamHub;
  scheduler: EscalationScheduler;
  /** The internal NPS pulse: pending surveys, answers, a department's figures (`npsOf`). */
  surveys: SurveyService;
  /** Sends each department's NPS pulse as its period begins (tests call `tick`). */
  pulses: PulseScheduler;
  /** The Teams bot's notifier (proactive posts and their outbox). */
  notifier?: Notifier;
  /** The change log and the monthly reviews (decisions, action items, figures). */
  reviews: ReviewService;
  /** The monthly review cards (a pass runs with the bot's housekeeping; tests call `tick`). */
  reviewCards?: ReviewCards;
  /** The services' clock (tests move it by hand). */
  clock: () => number;
  storageReachable(): Promise<boolean>;
  /** Runs `f` when the app closes (open streams end). Returns a function that cancels it. */
  onClose(f: () => void): () => void;
  /** Listens on config.host:config.port (0: any free port) and returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

type RestifyErr = Error & { statusCode?: number; toJSON?: () => unknown };

export interface AppOptions {
  /** The storage account: a connection string (tables are created if missing). */
  connectionString: string;
  /** Time source for the services (tests move time). */
  clock?: () => number;
  /** Request numbers never to hand out again (the embedded Azurite's journal); absent with a real account. */
  numberFloor?: NumberFloor;
}

/** Wires storage, services, identity and the HTTP server. No I/O happens until listen(). */
export async function createApp(config: Config, opts: AppOptions): Promise<App> {
  const tables = openTables({ connectionString: opts.connectionString, prefix: config.storage.tablePrefix });
  const created = await createTables(tables);
  await upgradeStorage(tables, {
    created,
    closeAfterMs: config.scheduler.closeAfterDays * 86_400_000,
    progress: (line) => log.info(line),
    steps: [
      { to: 2, run: upgradeTenantRegistry },
      { to: 2, run: async (t, progress) => void (await upgradeUserRows(t, progress)) },
      upgradeOpenRequests(config.scheduler.closeAfterDays * 86_400_000),
    ],
  });
  const clock = opts.clock ?? Date.now;

  const requestStore = new RequestStore(tables, opts.numberFloor, config.scheduler.closeAfterDays * 86_400_000);
  const directory = createDirectory(config.graph);
  const departments = new DepartmentService(new DepartmentStore(tables), clock, config.departmentCacheMs, directory);
  const bus = new ChangeBus();
  const escalations = new EscalationBus();
  const users = new UserIndex(tables);
  const requests = new RequestService({
    requests: requestStore,
    claims: new ClaimStore(tables),
    users,
    departments,
    bus,
    directory,
    clock,
  });
  const summaries = new SummaryStore(tables);
  // Kudos on the department's page: a row per kudos, kept from the change log.
  const kudosStore = new KudosStore(tables);
  const places = storedPlaces(tables);
  const surveyStore = new SurveyStore(tables);
  // Search: index entities per term in Table Storage, kept from the change log (issue 16).
  const searchStore = new SearchStore(tables);
  const follower: ChangeFollower = new ChangeFollower(requestStore, summaries, [summaries, requests.myRequests, new ServedProjection(surveyStore), kudosStore, new SearchProjection(searchStore, requestStore)], bus, {
    intervalMs: config.summaryIntervalMs,
    retentionMs: config.scheduler.changeRetentionHours * 3_600_000,
    clock,
    // Every department of every tenant in the registry (as the scheduler walks them): changes
    // another instance made are counted even if this one never served that tenant.
    departments: async () => {
      const out: Array<{ tenantId: string; key: string }> = [];
      for (const tenantId of await places.tenants()) for (const key of await places.departments(tenantId)) out.push({ tenantId, key });
      return out;
    },
  });
  follower.start();
  const stats = new StatsService(requestStore, departments, summaries, follower, clock);
  const search = new SearchService({ store: searchStore, requests: requestStore, departments, follower, view: (r) => requests.view(r) });
  const kudos = new KudosService(kudosStore, departments, follower);
  const scoreboard = new ScoreboardService(departments, stats, clock);
  // Attachments: bytes in the same account's Blob Storage, listed on the request.
  const blobs = new BlobStore(opts.connectionString, config.storage.attachmentContainer);
  const attachments = new AttachmentService({ requests, store: requestStore, departments, blobs, clock });
  // The review's verbatims are the NPS pulse's comments (`surveys` is made below; read at request time).
  const reviews = new ReviewService(new ReviewStore(tables), departments, stats, clock, { npsOf: (t, d, n) => surveys.npsOf(t, d, n) });

  let devIssuer: DevIssuer | undefined;
  let verifier: TokenVerifier;
  if (config.authMode === "dev") {
    devIssuer = await DevIssuer.create();
    verifier = new TokenVerifier({ keys: devIssuer.keys(), issuer: DEV_ISSUER, audiences: [DEV_AUDIENCE], allowedTenants: config.allowedTenants });
  } else {
    verifier = TokenVerifier.entra(config.entra.jwksUrl, {
      issuer: config.entra.issuer,
      audiences: config.entra.audiences,
      allowedTenants: config.allowedTenants,
    });
  }

  const hub = new StreamHub(requestStore, bus, {
    users,
    pollMs: config.changePollMs,
    // A personal stream looks for requests filed on other instances once a heartbeat.
    refreshMs: config.heartbeatMs,
    retentionHours: config.scheduler.changeRetentionHours,
    maxPerUser: config.stream.maxPerUser,
    maxPerTenant: config.stream.maxPerTenant,
    clock,
  });
  // While a scoreboard stream follows a tenant, its scoreboard is computed once per change, not once per viewer.
  scoreboard.useGeneration((tenantId) => hub.tenantGeneration(tenantId));
  const scheduler = new EscalationScheduler(requestStore, requests, escalations, places, {
    ...config.scheduler,
    clock,
  });
  const surveys = new SurveyService({ store: surveyStore, departments, clock });
  // The scoreboard shows each department's NPS from the pulse.
  scoreboard.useNps(surveys);
  // The pulse's cards go out through the Teams edge, mounted below.
  let pulseNotices: PulseNotices | undefined;
  const pulses = new PulseScheduler(surveyStore, departments, places, { post: (...a) => pulseNotices?.post(...a) ?? Promise.resolve() }, {
    intervalMs: config.scheduler.intervalMs > 0 ? Math.max(config.scheduler.intervalMs, 60_000) : 0,
    clock,
  });
  pulses.start();

  const server = restify.createServer({ name: "tandem", handleUncaughtExceptions: false });
  applySecurityHeaders(server);
  server.use(restify.plugins.queryParser({ mapParams: false }));
  const closers: Array<() => void> = [];

  const app: App = {
    config,
    clock,
    server,
    tables,
    services: { requests, departments, stats, attachments, scoreboard, kudos },
    follower,
    verifier,
    directory,
    devIssuer,
    bus,
    escalations,
    hub,
    scheduler,
    surveys,
    pulses,
    reviews,
    async storageReachable() {
      // A point read of a row that need not exist: an answer, even 404, means storage is there.
      try {
        await tables.Tenants.getEntity("~ready", "~ready");
        return true;
      } catch (err) {
        return isNotFound(err);
      }
    },
    onClose(f) {
      closers.push(f);
      return () => {
        const i = closers.indexOf(f);
        if (i >= 0) closers.splice(i, 1);
      };
    },
    listen() {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => {
          const addr = server.address();
          const host = config.host.includes(":") ? `[${config.host}]` : config.host;
          resolve(`http://${host}:${addr.port}`);
        });
      });
    },
    async close() {
      await scheduler.stop();
      await pulses.stop();
      await follower.stop();
      for (const f of closers.splice(0)) f();
      hub.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  // Read from the app at each call, not captured now: a test may wrap app.onClose to count hooks.
  const onClose = (f: () => void) => app.onClose(f);
  registerSearchRoutes(server, { search, verifier });
  registerRoutes(server, { services: app.services, verifier, devIssuer, hub, config, onClose, storageReachable: () => app.storageReachable(), search });
  registerReviewRoutes(server, { reviews, verifier });
  registerPeopleRoute(server, { auth: (h) => verifier.verify(h), directory, graphEnabled: config.graph.enabled, devMode: config.authMode === "dev" });
  registerSurveyRoutes(server, { surveys, verifier });
  const teams = mountTeams(server, { config, tables, services: { requests, departments, surveys, scoreboard, search }, directory, bus, claims: new ClaimStore(tables), clock, onClose, reviews });
  app.notifier = teams.notifier;
  pulseNotices = new PulseNotices(teams.notifier, new DeliveryLedger(new ClaimStore(tables), clock));
  app.reviewCards = teams.reviewCards;
  closers.push(teams.stop);
  serveStatic(server, {
    // The add-in signs in to the same Entra app as the tab (its sign-in settings, addin/README.md).
    ...(config.authMode === "entra" ? { "client-id": config.entra.clientId } : {}),
    ...(config.entra.tenantId ? { authority: `https://login.microsoftonline.com/${config.entra.tenantId}` } : {}),
  }, { sourceMaps: config.authMode === "dev" });
  // restify's own errors (unknown route, bad method, malformed URL) in the API's shape.
  // Telemetry's request spans take the route's pattern as their name (nothing without telemetry).
  server.on("routed", (req: restify.Request, _res: restify.Response, route?: { spec?: { path?: unknown } }) => {
    if (typeof route?.spec?.path === "string") nameRequestSpan(req.method ?? "", route.spec.path);
  });
  server.on("restifyError", (req: restify.Request, _res: restify.Response, err: RestifyErr, next: () => void) => {
    const status = err.statusCode ?? 500;
    const code = status === 404 ? "not_found" : status === 405 ? "method_not_allowed" : status < 500 ? "bad_request" : "internal";
    const message = status === 404 ? `There is nothing at ${req.method} ${req.url?.split("?")[0]}.` : status < 500 ? err.message : "Something went wrong on our side.";
    err.toJSON = () => ({ error: { code, message } });
    next();
  });
  return app;
}
