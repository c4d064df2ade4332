import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from "botbuilder";
import type { Config } from "../config.ts";
import { log } from "../telemetry/log.ts";

/**
 * The Bot Framework adapter, configured from MicrosoftAppId / MicrosoftAppPassword /
 * MicrosoftAppType / MicrosoftAppTenantId. With no app id it accepts unsigned activities and
 * posts replies unauthenticated: development on loopback (config refuses it elsewhere).
 */
export function createAdapter(bot: Config["bot"]): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.appTenantId,
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // Never a stack trace in the chat; the log says what happened.
    log.error(`[tandem bot] ${context.activity.type} ${context.activity.name ?? ""} failed`, { error });
    if (context.activity.type === "message") {
      await context.sendActivity("Sorry, something went wrong on our side; nothing was changed. Try again in a moment.").catch(() => undefined);
    }
  };
  return adapter;
}
