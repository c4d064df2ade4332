import { flushTelemetry } from "./telemetry/init.ts"; // first: its instrumentation patches restify, the Azure SDK and botbuilder as they load
import { createApp, type App } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { DEV_TENANT } from "./auth/dev-issuer.ts";
import { seedDemo } from "./demo/seed.ts";
import { DEMO_HISTORY_REQUESTS, writeDemoHistory } from "./demo/demo-history.ts";
import { simulatedClock } from "./demo/history/sim-clock.ts";
import { gateWhilePreparing, type Preparing } from "./demo/preparing-gate.ts";
import { EmbeddedStorageError, startEmbeddedStorage, type EmbeddedStorage } from "./storage/embedded.ts";
import { log } from "./telemetry/log.ts";

let embedded: EmbeddedStorage | undefined;
let app: App | undefined;
let stopping = false;

/** `npm start`: storage (our own Azurite unless a connection string is given), the service, demo data. */
async function main() {
  // From the start: a Ctrl-C while Azurite loads a large database still stops it cleanly.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(signal));
  const config = loadConfig();
  let connectionString = config.storage.connectionString;
  if (!connectionString) {
    embedded = await startEmbeddedStorage(config.storage.dataDir, { onCrash: (how) => void storageLost(how) });
    for (const line of embedded.notice) log.info(line);
    connectionString = embedded.connectionString;
    log.info(
      `Storage: Azurite on 127.0.0.1:${embedded.port}, data in ${embedded.location}\n` +
        `  (embedded, for trying Tandem out: it saves every 5 s and on Ctrl-C; a kill loses the last seconds. See the README.)`,
    );
  } else {
    log.info("Storage: the account in AZURE_STORAGE_CONNECTION_STRING");
  }

  // The demo's history is written at simulated instants (its own clock, real time otherwise).
  const demo = config.demo && config.authMode === "dev";
  const clock = demo && config.demoHistory ? simulatedClock() : undefined;
  app = await createApp(config, { connectionString, numberFloor: embedded?.numberFloor, ...(clock ? { clock: clock.now } : {}) });
  const fresh = demo && (await app.services.departments.list(DEV_TENANT)).length === 0;
  let progress: Preparing = { done: 0, total: DEMO_HISTORY_REQUESTS };
  const openGate = fresh && clock ? gateWhilePreparing(app.server, () => progress) : undefined;
  const listening = await app.listen();
  // Behind App Service or a tunnel the address people use is PUBLIC_URL, not 0.0.0.0.
  const url = process.env.PUBLIC_URL ? config.publicUrl : listening;
  if (fresh) {
    // The start page answers at once and shows how far the history has come.
    if (clock) log.info(`First start: writing the demo's six months of history; the desk opens at ${url}/ when it is done.`);
    const app_ = app;
    const history = clock
      ? async () => {
          const started = Date.now();
          const { result } = await writeDemoHistory(app_, DEV_TENANT, clock, (p) => {
            progress = { done: p.requests, total: p.totalRequests };
            log.info(`  demo history: ${p.requests} of ${p.totalRequests} requests (${p.simulatedAt.slice(0, 10)})`);
          });
          log.info(`  demo history: ${result.requests} requests and ${result.actions} actions since ${result.from.slice(0, 10)}, in ${Math.round((Date.now() - started) / 1000)} s`);
        }
      : undefined;
    await seedDemo(app, DEV_TENANT, history ? { history } : {});
    openGate?.();
    log.info("Loaded the demo catalogue: IT, HR, FIN, LEGAL, FAC with sample requests.");
  }
  app.scheduler.start();

  log.info(`
Tandem is running (${config.authMode} identity)
  Start page      ${url}/
  Teams tab       ${url}/tab/?view=mine   (a department's channel tab: ${url}/tab/?view=board&department=IT)
  Outlook add-in  ${url}/addin/${config.authMode === "dev" ? "?demo=1   (with a sample email)" : ""}
  Bot endpoint    ${url}/api/messages${config.authMode === "dev" && !config.bot.appId ? `\n  Bot chat        ${url}/chat.html   (Teams stand-in: talk to the bot as a demo person)` : ""}
  API             ${url}/api/   (health: ${url}/healthz)
Press Ctrl-C to stop.`);

}

/**
 * A clean stop: first no more requests (those in flight finish), then the storage saves and
 * stops. Further signals meanwhile do not cut the save short.
 */
async function stop(signal: string) {
  if (stopping) {
    if (embedded) log.info(`${signal}: still stopping, waiting for the storage to finish saving…`);
    return;
  }
  stopping = true;
  log.info(`\n${signal}: stopping…`);
  await closeApp(10_000);
  let saved = true;
  if (embedded) {
    log.info("Saving the embedded storage…");
    saved = await embedded.stop();
    if (saved) log.info("Saved. Tandem has stopped.");
    else log.error("Azurite is still saving; it finishes on its own. The next start waits for it.");
  }
  await flushTelemetry();
  process.exit(saved ? 0 : 1);
}

/** Azurite ended by itself: serving on would promise what can no longer be kept. */
async function storageLost(how: string) {
  if (stopping) return;
  stopping = true;
  log.error(
    `\nThe embedded storage (Azurite) stopped unexpectedly (${how}). Changes from its last seconds may be lost.\n` +
      `Tandem stops too; start it again with npm start (it will tell you more).`,
  );
  await closeApp(5_000);
  await flushTelemetry();
  process.exit(1);
}

/** Stops taking requests and waits (up to `ms`) for those in flight. */
async function closeApp(ms: number) {
  if (!app) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    app.close().catch((e) => log.error("closing the service failed", { error: e })),
    new Promise<void>((r) => (timer = setTimeout(r, ms))),
  ]);
  clearTimeout(timer);
}

main().catch(async (err) => {
  if (err instanceof ConfigError) log.error(`Configuration error: ${err.message}`);
  else if (err instanceof EmbeddedStorageError) log.error(err.message);
  else log.error("Tandem could not start", { error: err });
  stopping = true;
  await embedded?.stop();
  await flushTelemetry();
  process.exit(1);
});
