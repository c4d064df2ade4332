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
  };
  demo: boolean;
  scheduler: {
    intervalMs: number;
    /** Resolved requests close after this quiet period without a rating. */
    closeAfterDays: number;
    /** Change-log rows older than this are pruned. */
    changeRetentionHours: number;
  };
  /** How often a stream polls the change log for changes made by other instances. */
  changePollMs: number;
  heartbeatMs: number;
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
      audiences: authMode === "dev" ? ["api://tandem-dev"] : audiences,
      issuer: env.ENTRA_ISSUER || "https://login.microsoftonline.com/{tenantid}/v2.0",
      jwksUrl: env.ENTRA_JWKS_URL || "https://login.microsoftonline.com/common/discovery/v2.0/keys",
    },
    storage: {
      connectionString: env.AZURE_STORAGE_CONNECTION_STRING || undefined,
      tablePrefix: env.TABLE_PREFIX || "tandem",
      dataDir: path.resolve(env.DATA_DIR || path.join(ROOT, ".data")),
    },
    demo: (env.DEMO_DATA ?? (authMode === "dev" ? "1" : "0")) !== "0",
    scheduler: {
      intervalMs: int(env.SCHEDULER_INTERVAL_MS, 15_000, "SCHEDULER_INTERVAL_MS"),
      closeAfterDays: int(env.CLOSE_AFTER_DAYS, 5, "CLOSE_AFTER_DAYS"),
      changeRetentionHours: int(env.CHANGE_RETENTION_HOURS, 72, "CHANGE_RETENTION_HOURS"),
    },
    changePollMs: int(env.CHANGE_POLL_MS, 1000, "CHANGE_POLL_MS"),
    heartbeatMs: int(env.HEARTBEAT_MS, 15_000, "HEARTBEAT_MS"),
    departmentCacheMs: int(env.DEPARTMENT_CACHE_MS, 5_000, "DEPARTMENT_CACHE_MS"),
    bot: botConfig(env, host),
  };
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

function int(v: string | undefined, dflt: number, name: string): number {
  if (v === undefined || v === "") return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a whole number, not "${v}".`);
  return n;
}
