import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type TurnContext,
} from "botbuilder";
import { changesSomething, stripMentions } from "../../shared/commands.ts";
import type { Config } from "../config.ts";
import type { ActivityLog } from "../storage/activity-log.ts";
import { ConversationStore } from "../storage/conversation-store.ts";
import { runCardAction } from "./card-actions.ts";
import { CARD_TYPE } from "./card-kit.ts";
import { runCommand, type CommandDeps, type Mention } from "./commands.ts";
import { actorOf, localeOf, referenceOf, scopeOf, timeZoneOf } from "./identity.ts";
import { fetchTask, submitAction, type MessagePayload } from "./message-action.ts";
import { errorCard, notice, say, type Turn } from "./turn.ts";

/** Card buttons that only show something: pressing them twice does no harm. */
const READ_ONLY_VERBS: ReadonlySet<string> = new Set(["status", "my", "new"]);

export interface BotDeps extends CommandDeps {
  activities: ActivityLog;
  config: Config;
}

/**
 * The Teams bot: chat commands, card buttons, the "Create request" message action, and the
 * conversation references that let the notifier write to people and channels later.
 */
export class TandemBot extends TeamsActivityHandler {
  /** References saved lately by this instance: a chatty user costs one write, not one per message. */
  private readonly saved = new Map<string, { stamp: string; at: number }>();

  constructor(private readonly d: BotDeps) {
    super();
    this.onMessage(async (ctx, next) => {
      await this.message(ctx);
      await next();
    });
    this.onInstallationUpdateAdd(async (ctx, next) => {
      await this.remember(ctx, true);
      await next();
    });
    this.onInstallationUpdateRemove(async (ctx, next) => {
      await this.forget(ctx);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      if (ctx.activity.membersAdded?.some((m) => m.id === ctx.activity.recipient?.id)) await this.remember(ctx, true);
      await next();
    });
  }

  private turn(ctx: TurnContext): Turn | undefined {
    const actor = actorOf(ctx.activity, this.d.config.allowedTenants);
    if (!actor) return undefined;
    const timeZone = timeZoneOf(ctx.activity);
    return { actor, locale: localeOf(ctx.activity), ...(timeZone ? { timeZone } : {}), scope: scopeOf(ctx.activity), activity: ctx.activity };
  }

  private async message(ctx: TurnContext): Promise<void> {
    const turn = this.turn(ctx);
    if (!turn) {
      await ctx.sendActivity(notice({ locale: localeOf(ctx.activity) }, say({ locale: localeOf(ctx.activity) }, "bot.noIdentity"), "error"));
      return;
    }
    const a = ctx.activity;
    const entities = (a.entities ?? []) as Array<{ type?: string; text?: string; mentioned?: { id?: string; name?: string; aadObjectId?: string } }>;
    const mentions = entities.filter((e) => e.type === "mention" && e.mentioned);
    const botTexts = mentions.filter((m) => m.mentioned!.id === a.recipient?.id).map((m) => m.text ?? "").filter(Boolean);
    const people: Mention[] = mentions
      .filter((m) => m.mentioned!.id !== a.recipient?.id)
      .map((m) => ({ name: String(m.mentioned!.name ?? ""), ...(m.mentioned!.aadObjectId ? { aadObjectId: m.mentioned!.aadObjectId } : {}) }));
    const text = stripMentions(typeof a.text === "string" ? a.text.slice(0, 40_000) : "", botTexts);
    const button = !text.trim() && a.value && typeof a.value === "object" && typeof (a.value as { verb?: unknown }).verb === "string" ? (a.value as { verb: string }) : undefined;
    // A retried read (help, status, queue...) is answered again; a retried change is not made twice.
    const changes = button ? !READ_ONLY_VERBS.has(button.verb) : changesSomething(text);
    if (changes && !(await this.firstDelivery(turn))) return;
    await this.remember(ctx);
    // A card's Action.Submit arrives as a message with a value: treat it as the button.
    if (button) {
      const { verb, ...data } = button;
      const card = await runCardAction(this.d, turn, verb, data);
      await ctx.sendActivity({ attachments: [{ contentType: CARD_TYPE, content: card }] });
      return;
    }
    await ctx.sendActivity(await runCommand(this.d, turn, text, people));
  }

  protected override async onAdaptiveCardInvoke(ctx: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const turn = this.turn(ctx);
    const reply = (card: Record<string, unknown>): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: CARD_TYPE, value: card });
    if (!turn) return reply(errorCard({ locale: localeOf(ctx.activity) }, new Error(say({ locale: "en" }, "bot.noIdentity"))));
    const action = value?.action as { type?: string; verb?: unknown; data?: unknown } | undefined;
    if (!action || typeof action.verb !== "string" || action.verb.length > 40) {
      return { statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message: "The card action has no verb." } as never };
    }
    await this.remember(ctx);
    const data = action.data && typeof action.data === "object" && !Array.isArray(action.data) ? (action.data as Record<string, unknown>) : {};
    if (!(await this.firstDelivery(turn))) {
      // Teams sent this press again: answer with the request as it is, do nothing twice.
      return reply(await runCardAction(this.d, turn, "status", data));
    }
    return reply(await runCardAction(this.d, turn, action.verb, data));
  }

  protected override async handleTeamsMessagingExtensionFetchTask(ctx: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    const turn = this.turn(ctx);
    if (!turn) return { task: { type: "message", value: say({ locale: localeOf(ctx.activity) }, "bot.noIdentity") } };
    return fetchTask(this.d, turn, action.messagePayload as MessagePayload | undefined) as Promise<MessagingExtensionActionResponse>;
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(ctx: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    const turn = this.turn(ctx);
    if (!turn) return { task: { type: "message", value: say({ locale: localeOf(ctx.activity) }, "bot.noIdentity") } };
    const data = action.data && typeof action.data === "object" && !Array.isArray(action.data) ? (action.data as Record<string, unknown>) : {};
    return submitAction(this.d, turn, action.messagePayload as MessagePayload | undefined, data) as Promise<MessagingExtensionActionResponse>;
  }

  /** False when this activity was handled before (Teams retries what it thinks was lost). */
  private async firstDelivery(turn: Turn): Promise<boolean> {
    const id = turn.activity.id;
    if (!id) return true;
    return this.d.activities.firstTime(turn.actor.tenantId, turn.activity.conversation?.id ?? "", id, new Date());
  }

  /** Keeps the user's 1:1 chat reference, so they can be told when their requests move. */
  private async remember(ctx: TurnContext, force = false): Promise<void> {
    const a = ctx.activity;
    if (scopeOf(a) !== "personal") return;
    const actor = actorOf(a, this.d.config.allowedTenants);
    if (!actor) return;
    const key = ConversationStore.userKey(actor.tenantId, actor.person.id);
    const locale = localeOf(a);
    const timeZone = timeZoneOf(a);
    const stamp = `${a.conversation?.id}|${locale}|${timeZone ?? ""}`;
    const last = this.saved.get(key);
    if (!force && last?.stamp === stamp && last.at > Date.now() - 3_600_000) return;
    await this.d.conversations.put(key, { reference: referenceOf(a), locale, ...(timeZone ? { timeZone } : {}) });
    if (this.saved.size > 50_000) this.saved.clear();
    this.saved.set(key, { stamp, at: Date.now() });
  }

  private async forget(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const actor = actorOf(a, this.d.config.allowedTenants);
    if (!actor) return;
    if (scopeOf(a) === "personal") {
      const key = ConversationStore.userKey(actor.tenantId, actor.person.id);
      await this.d.conversations.remove(key);
      this.saved.delete(key);
      return;
    }
    // Removed from a team: its channels can no longer be triage channels.
    const teamId = (a.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    if (teamId) await this.d.conversations.removeTeam(actor.tenantId, teamId);
  }
}
