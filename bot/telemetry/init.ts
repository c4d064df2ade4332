/**
 * The first import of bot/index.ts: with APPLICATIONINSIGHTS_CONNECTION_STRING set, the
 * instrumentation has to be in place before restify, the Azure SDK and botbuilder load, since
 * it patches them as they are required.
 */
import { ConfigError, telemetryConfig } from "../config.ts";
import { startAzureMonitor, type Telemetry } from "./azure-monitor.ts";
import { log } from "./log.ts";

let telemetry: Telemetry | undefined;
try {
  const { connectionString } = telemetryConfig();
  if (connectionString) telemetry = startAzureMonitor(connectionString);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  log.error(`Configuration error: ${err.message}`);
  process.exit(1);
}

/** Gives up on the last items after this: a stop must not hang on an unreachable Application Insights. */
const FLUSH_LIMIT_MS = 5_000;

/** Sends what telemetry still buffers (the last log lines, the last metrics); call before exiting. */
export async function flushTelemetry(): Promise<void> {
  if (!telemetry) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    telemetry.flush().catch((err: unknown) => log.warn("telemetry: could not send the last items", { error: err })),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, FLUSH_LIMIT_MS))),
  ]);
  clearTimeout(timer);
}
