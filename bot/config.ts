import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Everything Tandem reads from its environment, in one place (see the README's table). */
export interface Config {
  port: number;
  host: string;
  /** What the service calls itself in links (tab URLs, card links). */
  publicUrl: string;
  authMode: "dev" | "entra";
  /** Tenants whose tokens are accepted; "*" accepts any (dev, multi-tenant apps). */
  allowedTenants: string[] | "*";
  entra: {
    clientId: string;
    /** Your tenant (ENTRA_TENANT_ID), when one is set. */
    tenantId: string;
    /** Accepted `aud` values: the client id and the Application ID URI. */
    audiences: string[];
    /** Issuer template: "{tenantid}" is replaced by the token's tid. */
    issuer: string;
    jwksUrl: string;
  };
  storage: {
    /** Absent: start Azurite ourselves with data in `dataDir`. */
    connectionString?: string;
    tablePrefix: string;
    dataDir: string;
    /**
     * The Blob Storage container for request attachments, in the same account (its blob
     * endpoint): ATTACHMENT_CONTAINER, else `<table prefix>-attachments`.
     */
    attachmentContainer: string;
  };
  demo: boolean;
  /** With the demo: write six months of past work first (npm start), so the dashboards have a past. */
  demoHistory: boolean;
  scheduler: {
    intervalMs: number;
    /** Resolved requests close after this quiet period without a rating. */
    closeAfterDays: number;
    /** Change-log rows older than this are pruned. */
    changeRetentionHours: number;
  };
  /** How often day summaries (and other projections) catch up with every followed department's change log; 0: only when read. */
  summaryIntervalMs: number;
  /** How often a stream polls the change log for changes made by other instances. */
  changePollMs: number;
  heartbeatMs: number;
  /** Memory protection for live streams, per instance (the service is stateless: each instance counts its own). */
  stream: StreamConfig;
  /** The Teams bot's Bot Framework identity; an empty appId accepts unauthenticated activities (dev, loopback only). */
  bot: {
    /** False off loopback without MicrosoftAppId: /api/messages then says the bot is not configured. */
    enabled: boolean;
    appId: string;
    appPassword: string;
    appType: "SingleTenant" | "UserAssignedMSI" | "MultiTenant";
    appTenantId: string;
    /** How often posts that failed (throttling, outages) are retried from the outbox. */
    outboxIntervalMs: number;
  };
  /** How long a department read may be reused for filing and working requests (other instances' edits show within this). */
  departmentCacheMs: number;
  /** Microsoft Graph directory look-ups (email → user, group members, manager) with the app's own credentials. */
  graph: GraphConfig;
  telemetry: TelemetryConfig;
}

export interface TelemetryConfig {
  /** Application Insights' connection string: traces, dependency calls, logs and metrics go there. Absent: JSON log lines only. */
  connectionString?: string;
}

export interface StreamConfig {
  /** Open streams one person may hold on one instance (tabs, windows); 0: no cap. */
  maxPerUser: number;
  /** Open streams one tenant may hold on one instance; 0: no cap. */
  maxPerTenant: number;
  /** A client whose unsent bytes pass this is dropped (it reconnects and catches up); 0: never. */
  maxBufferBytes: number;
}

export interface GraphConfig {
  /** False without ENTRA_CLIENT_ID plus a secret or certificate: no directory look-ups (dev mode). */
  enabled: boolean;
  clientId: string;
  clientSecret?: string;
  /** PEM private key + thumbprint of a certificate uploaded to the app registration (preferred over a secret). */
  certificate?: { privateKey: string; thumbprintSha256?: string; thumbprint?: string; x5c?: string };
  /** Graph's root, e.g. https://graph.microsoft.com/v1.0 (national clouds: their Graph host). */
  baseUrl: string;
  /** Entra's login host, e.g. https://login.microsoftonline.com; the tenant id is appended per call. */
  authorityHost: string;
  /** ESTS-R region for client-credential tokens (e.g. "westeurope"), when the service runs in Azure. */
  azureRegion?: string;
  /** How long a found user / group / manager is reused. */
  cacheTtlMs: number;
  /** How long "not found" (and a failed look-up) is remembered before asking again. */
  negativeCacheTtlMs: number;
  /** Each call to Entra or Graph gives up after this (a filing never waits longer on the directory). */
  timeoutMs: number;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = int(env.PORT, 3978, "PORT");
  const host = env.HOST || "127.0.0.1";
  const clientId = env.ENTRA_CLIENT_ID || env.AAD_APP_CLIENT_ID || "";
  const authMode = (env.AUTH_MODE || (clientId ? "entra" : "dev")) as Config["authMode"];
  if (authMode !== "dev" && authMode !== "entra") throw new ConfigError(`AUTH_MODE must be "dev" or "entra", not "${authMode}".`);
  if (authMode === "dev" && !LOOPBACK.has(host)) {
    throw new ConfigError(`AUTH_MODE=dev mints tokens for anyone: it only listens on loopback. Set HOST=127.0.0.1, or configure Entra ID (ENTRA_CLIENT_ID).`);
  }
  if (authMode === "entra" && !clientId) throw new ConfigError("AUTH_MODE=entra needs ENTRA_CLIENT_ID (the app registration's client id).");
  const tenantId = env.ENTRA_TENANT_ID || "";
  const allowed = env.ALLOWED_TENANTS ?? (authMode === "entra" && tenantId ? tenantId : "*");
  const publicUrl = (env.PUBLIC_URL || `http://${host === "::1" ? "[::1]" : host}:${port}`).replace(/\/$/, "");
  const audiences = [clientId, `api://${clientId}`, ...(env.ENTRA_AUDIENCES ? env.ENTRA_AUDIENCES.split(",") : [])]
    .map((s) => s.trim())
    .filter(Boolean);
  if (env.PUBLIC_URL && clientId) audiences.push(`api://${new URL(publicUrl).host}/${clientId}`);
  return {
    port,
    host,
    publicUrl,
    authMode,
    allowedTenants: allowed.trim() === "*" ? "*" : allowed.split(",").map((s) => s.trim()).filter(Boolean),
    entra: {
      clientId,
      tenantId,
      audiences: authMode === "dev" ? ["api://tandem-dev"] : audiences,
      issuer: env.ENTRA_ISSUER || "https://login.microsoftonline.com/{tenantid}/v2.0",
      jwksUrl: env.ENTRA_JWKS_URL || "https://login.microsoftonline.com/common/discovery/v2.0/keys",
    },
    storage: {
      connectionString: env.AZURE_STORAGE_CONNECTION_STRING || undefined,
      tablePrefix: env.TABLE_PREFIX || "tandem",
      dataDir: path.resolve(env.DATA_DIR || path.join(ROOT, ".data")),
      attachmentContainer: containerName(env.ATTACHMENT_CONTAINER || `${(env.TABLE_PREFIX || "tandem").toLowerCase()}-attachments`),
    },
    demo: (env.DEMO_DATA ?? (authMode === "dev" ? "1" : "0")) !== "0",
    demoHistory: (env.DEMO_HISTORY ?? "1") !== "0",
    scheduler: {
      intervalMs: int(env.SCHEDULER_INTERVAL_MS, 15_000, "SCHEDULER_INTERVAL_MS"),
      closeAfterDays: int(env.CLOSE_AFTER_DAYS, 5, "CLOSE_AFTER_DAYS"),
      changeRetentionHours: int(env.CHANGE_RETENTION_HOURS, 72, "CHANGE_RETENTION_HOURS"),
    },
    summaryIntervalMs: int(env.SUMMARY_INTERVAL_MS, 5_000, "SUMMARY_INTERVAL_MS"),
    changePollMs: int(env.CHANGE_POLL_MS, 1000, "CHANGE_POLL_MS"),
    heartbeatMs: int(env.HEARTBEAT_MS, 15_000, "HEARTBEAT_MS"),
    stream: {
      maxPerUser: int(env.STREAM_MAX_PER_USER, 20, "STREAM_MAX_PER_USER"),
      maxPerTenant: int(env.STREAM_MAX_PER_TENANT, 5_000, "STREAM_MAX_PER_TENANT"),
      maxBufferBytes: int(env.STREAM_MAX_BUFFER_BYTES, 1024 * 1024, "STREAM_MAX_BUFFER_BYTES"),
    },
    departmentCacheMs: int(env.DEPARTMENT_CACHE_MS, 5_000, "DEPARTMENT_CACHE_MS"),
    bot: botConfig(env, host),
    graph: graphConfig(env, clientId),
    telemetry: telemetryConfig(env),
  };
}

/**
 * Read on its own as well: telemetry starts before everything else (bot/telemetry/init.ts),
 * before the rest of the configuration is read.
 */
export function telemetryConfig(env: NodeJS.ProcessEnv = process.env): TelemetryConfig {
  const connectionString = env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim() || undefined;
  if (!connectionString) return {};
  const parts = new Map<string, string>();
  for (const part of connectionString.split(";")) {
    const at = part.indexOf("=");
    if (at > 0) parts.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  const wrong = (why: string) =>
    new ConfigError(`APPLICATIONINSIGHTS_CONNECTION_STRING ${why}: copy the connection string from the Application Insights resource's Overview page (InstrumentationKey=…;IngestionEndpoint=https://…).`);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(parts.get("instrumentationkey") ?? "")) {
    throw wrong("has no InstrumentationKey (a GUID)");
  }
  for (const key of ["IngestionEndpoint", "LiveEndpoint"]) {
    const url = parts.get(key.toLowerCase());
    if (url) secureUrl(url, `APPLICATIONINSIGHTS_CONNECTION_STRING's ${key}`);
  }
  return { connectionString };
}

function graphConfig(env: NodeJS.ProcessEnv, clientId: string): GraphConfig {
  const clientSecret = env.ENTRA_CLIENT_SECRET || undefined;
  let certificate: GraphConfig["certificate"];
  const certPath = env.ENTRA_CERTIFICATE_PATH;
  if (certPath) {
    let privateKey: string;
    try {
      privateKey = readFileSync(certPath, "utf8");
    } catch (err) {
      throw new ConfigError(`ENTRA_CERTIFICATE_PATH: cannot read ${certPath} (${(err as Error).message}).`);
    }
    const thumbprintSha256 = env.ENTRA_CERTIFICATE_THUMBPRINT_SHA256 || undefined;
    const thumbprint = env.ENTRA_CERTIFICATE_THUMBPRINT || undefined;
    if (!thumbprintSha256 && !thumbprint) {
      throw new ConfigError("ENTRA_CERTIFICATE_PATH needs ENTRA_CERTIFICATE_THUMBPRINT_SHA256 (or ENTRA_CERTIFICATE_THUMBPRINT): the certificate's thumbprint as shown in the app registration.");
    }
    certificate = { privateKey, thumbprintSha256, thumbprint, x5c: env.ENTRA_CERTIFICATE_X5C || undefined };
  }
  const baseUrl = secureUrl(env.GRAPH_BASE_URL || "https://graph.microsoft.com/v1.0", "GRAPH_BASE_URL");
  const authorityHost = secureUrl(env.ENTRA_AUTHORITY_HOST || "https://login.microsoftonline.com", "ENTRA_AUTHORITY_HOST");
  return {
    enabled: !!clientId && !!(clientSecret || certificate) && env.GRAPH_DISABLED !== "1",
    clientId,
    clientSecret,
    certificate,
    baseUrl,
    authorityHost,
    azureRegion: env.ENTRA_AZURE_REGION || undefined,
    cacheTtlMs: int(env.GRAPH_CACHE_TTL_MS, 15 * 60_000, "GRAPH_CACHE_TTL_MS"),
    negativeCacheTtlMs: int(env.GRAPH_NEGATIVE_CACHE_TTL_MS, 60_000, "GRAPH_NEGATIVE_CACHE_TTL_MS"),
    timeoutMs: int(env.GRAPH_TIMEOUT_MS, 4_000, "GRAPH_TIMEOUT_MS"),
  };
}

/** https, or http on loopback only (local fakes): tokens never travel in clear over a network. */
function secureUrl(v: string, name: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(`${name} must be a URL, not "${v}".`);
  }
  const loopback = LOOPBACK.has(u.hostname) || u.hostname === "[::1]";
  if (u.protocol !== "https:" && !(u.protocol === "http:" && loopback)) {
    throw new ConfigError(`${name} must use https (http only on loopback), not "${v}".`);
  }
  return v.replace(/\/+$/, "");
}

function botConfig(env: NodeJS.ProcessEnv, host: string): Config["bot"] {
  const appId = env.MicrosoftAppId || env.BOT_ID || "";
  const appType = (env.MicrosoftAppType || (appId ? "SingleTenant" : "MultiTenant")) as Config["bot"]["appType"];
  if (!["SingleTenant", "UserAssignedMSI", "MultiTenant"].includes(appType)) {
    throw new ConfigError(`MicrosoftAppType must be SingleTenant or UserAssignedMSI, not "${appType}".`);
  }
  const appTenantId = env.MicrosoftAppTenantId || env.ENTRA_TENANT_ID || "";
  if (appId && appType !== "MultiTenant" && !appTenantId) {
    throw new ConfigError(`MicrosoftAppType=${appType} needs MicrosoftAppTenantId (the tenant of the bot's identity).`);
  }
  if (appId && appType === "SingleTenant" && !(env.MicrosoftAppPassword || env.BOT_PASSWORD)) {
    throw new ConfigError("MicrosoftAppType=SingleTenant needs MicrosoftAppPassword (the bot app registration's client secret).");
  }
  return {
    // Without an app id the bot would accept unsigned activities: only on loopback (development).
    enabled: !!appId || LOOPBACK.has(host),
    appId,
    appPassword: env.MicrosoftAppPassword || env.BOT_PASSWORD || "",
    appType,
    appTenantId,
    outboxIntervalMs: int(env.OUTBOX_INTERVAL_MS, 10_000, "OUTBOX_INTERVAL_MS"),
  };
}

/** Blob Storage's rule for container names: 3 to 63 lower-case letters, digits and single hyphens. */
function containerName(v: string): string {
  if (!/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/.test(v)) {
    throw new ConfigError(`ATTACHMENT_CONTAINER (or TABLE_PREFIX, which names it) must make a Blob Storage container name: 3 to 63 lower-case letters, digits and single hyphens, not "${v}".`);
  }
  return v;
}

function int(v: string | undefined, dflt: number, name: string): number {
  if (v === undefined || v === "") return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a whole number, not "${v}".`);
  return n;
}
