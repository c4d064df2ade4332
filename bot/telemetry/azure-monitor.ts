import { createRequire } from "node:module";
import type * as OtelApi from "@opentelemetry/api";
import { traceFetch } from "./fetch-spans.ts";
import { addressRedactor } from "./redact.ts";
import { sendLogsTo, type Fields, type Level } from "./log.ts";
import { recordMetricsWith, stopRecordingMetrics } from "./metrics.ts";
import { nameSpansWith, stopNamingSpans } from "./span-names.ts";

/** The part of an OpenTelemetry logger used here (its package is the distro's, not ours). */
interface OtelLogger {
  emit(record: { severityNumber: number; severityText: string; body: string; attributes: Record<string, string | number | boolean> }): void;
}

export interface Telemetry {
  /** Sends what is still buffered and stops; the service is about to exit. */
  flush(): Promise<void>;
}

/** Requests App Service's health check makes every minute on every instance: noise, not traffic. */
const UNTRACED_PATHS = new Set(["/healthz", "/readyz"]);

// OpenTelemetry's severity numbers (INFO, WARN, ERROR).
const SEVERITY: Record<Level, number> = { info: 9, warn: 13, error: 17 };

/**
 * Sends traces (incoming HTTP through restify's node:http, outgoing calls: Azure SDK storage,
 * Bot Connector, fetch to Graph and Entra), log records and Tandem's metrics to Application
 * Insights through the Azure Monitor OpenTelemetry distro. Loaded only with a connection string:
 * without one no OpenTelemetry package is ever required. Call it before restify, the Azure SDK
 * and botbuilder are loaded: their instrumentation patches them as they are required.
 */
export function startAzureMonitor(connectionString: string): Telemetry {
  const require = createRequire(import.meta.url);
  const distroPath = require.resolve("@azure/monitor-opentelemetry");
  const distro = require(distroPath) as typeof import("@azure/monitor-opentelemetry");
  // The API copy the distro registers its providers with. Another minor version of
  // @opentelemetry/api (the one hoisted at the top of node_modules) would refuse that
  // registration and hand out no-op meters: metrics and log records would silently vanish.
  const fromDistro = createRequire(distroPath);
  const api = fromDistro("@opentelemetry/api") as typeof OtelApi;
  const logsApi = fromDistro("@opentelemetry/api-logs") as { logs: { getLogger(name: string): OtelLogger } };

  const http = {
    enabled: true,
    ignoreIncomingRequestHook: (req: { url?: string }) => UNTRACED_PATHS.has((req.url ?? "").split("?")[0]!),
  };
  // The redactor runs before the distro's exporting processor: no span leaves with an address.
  distro.useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    instrumentationOptions: { http },
    spanProcessors: [addressRedactor],
  });

  recordMetricsWith(api.metrics.getMeter("tandem"));
  nameSpansWith(api);
  const logger = logsApi.logs.getLogger("tandem");
  sendLogsTo((level, message, fields) =>
    logger.emit({ severityNumber: SEVERITY[level], severityText: level.toUpperCase(), body: message, attributes: attributesOf(message, fields) }),
  );
  const untraceFetch = traceFetch(api);

  return {
    async flush() {
      sendLogsTo(undefined);
      stopRecordingMetrics();
      stopNamingSpans();
      untraceFetch();
      await distro.shutdownAzureMonitor();
    },
  };
}

/**
 * Log fields as record attributes (flat values only). An Error becomes the `exception.*`
 * attributes, which Application Insights shows as an exception with its stack.
 */
export function attributesOf(message: string, fields: Fields): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Error) {
      if (value.stack && !("exception.type" in out)) {
        out["exception.type"] = value.name;
        out["exception.message"] = value.message;
        out["exception.stacktrace"] = value.stack;
        // An exception item has no message of its own: keep the sentence beside it.
        out.message = message;
      } else {
        out[key] = `${value.name}: ${value.message}`;
      }
    } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      out[key] = value;
    } else if (value !== undefined && value !== null) {
      out[key] = safeJson(value);
    }
  }
  return out;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
