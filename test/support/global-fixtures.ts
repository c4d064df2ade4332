import { startAzurite, type Azurite } from "../../bot/storage/azurite.ts";

/**
 * One real Azurite (in memory) for the whole run. Integration tests read its connection
 * string from TANDEM_TEST_STORAGE and use a table prefix of their own, so they never collide.
 */
let azurite: Azurite | undefined;

export async function mochaGlobalSetup() {
  azurite = await startAzurite();
  process.env.TANDEM_TEST_STORAGE = azurite.connectionString;
}

export async function mochaGlobalTeardown() {
  await azurite?.stop();
}
