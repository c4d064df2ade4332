import path from "node:path";
import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { DEV_TENANT } from "./auth/dev-issuer.ts";
import { seedDemo } from "./demo/seed.ts";
import { startAzurite, type Azurite } from "./storage/azurite.ts";

/** `npm start`: storage (our own Azurite unless a connection string is given), the service, demo data. */
async function main() {
  const config = loadConfig();
  let azurite: Azurite | undefined;
  let connectionString = config.storage.connectionString;
  if (!connectionString) {
    const location = path.join(config.storage.dataDir, "azurite");
    azurite = await startAzurite({ location });
    connectionString = azurite.connectionString;
    console.log(`Storage: Azurite on 127.0.0.1:${azurite.port}, data in ${location}`);
  } else {
    console.log("Storage: the account in AZURE_STORAGE_CONNECTION_STRING");
  }

  const app = await createApp(config, { connectionString });
  if (config.demo && config.authMode === "dev" && (await seedDemo(app, DEV_TENANT))) {
    console.log("Loaded the demo catalogue: IT, HR, FIN, LEGAL, FAC with sample requests.");
  }
  const listening = await app.listen();
  // Behind App Service or a tunnel the address people use is PUBLIC_URL, not 0.0.0.0.
  const url = process.env.PUBLIC_URL ? config.publicUrl : listening;
  app.scheduler.start();

  console.log(`
Tandem is running (${config.authMode} identity)
  Start page      ${url}/
  Teams tab       ${url}/tab/?view=mine   (a department's channel tab: ${url}/tab/?view=board&department=IT)
  Outlook add-in  ${url}/addin/${config.authMode === "dev" ? "?demo=1   (with a sample email)" : ""}
  Bot endpoint    ${url}/api/messages${config.authMode === "dev" && !config.bot.appId ? `\n  Bot chat        ${url}/chat.html   (Teams stand-in: talk to the bot as a demo person)` : ""}
  API             ${url}/api/   (health: ${url}/healthz)
Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close().catch((e) => console.error(e));
    await azurite?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(`Configuration error: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
