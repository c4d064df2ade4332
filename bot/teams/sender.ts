import type { Activity, CloudAdapter, ConversationReference } from "botbuilder";

/** What became of a post to Teams. */
export type Outcome =
  | { ok: true; activityId?: string }
  /** The conversation is gone for good (bot removed, chat deleted): forget the reference. */
  | { ok: false; gone: true; reason: string }
  /** A passing failure (throttling, Teams down): try again after `retryAfterMs`. */
  | { ok: false; gone: false; retryAfterMs: number; reason: string };

/**
 * Proactive posts (DESIGN.md "Teams bot"): a message or an in-place update into a stored
 * conversation. Failures are reported, never thrown: the notifier decides what follows.
 */
export class TeamsSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  async send(ref: Partial<ConversationReference>, activity: Partial<Activity>): Promise<Outcome> {
    return this.attempt(ref, async (ctx) => (await ctx.sendActivity(activity))?.id);
  }

  async update(ref: Partial<ConversationReference>, activityId: string, activity: Partial<Activity>): Promise<Outcome> {
    return this.attempt(ref, async (ctx) => {
      await ctx.updateActivity({ ...activity, id: activityId, type: "message" });
      return activityId;
    });
  }

  private async attempt(ref: Partial<ConversationReference>, post: (ctx: import("botbuilder").TurnContext) => Promise<string | undefined>): Promise<Outcome> {
    let activityId: string | undefined;
    let failure: unknown;
    try {
      // The adapter hands errors inside the turn to onTurnError, which swallows them: catch them here.
      await this.adapter.continueConversationAsync(this.appId, ref, async (ctx) => {
        try {
          activityId = await post(ctx);
        } catch (err) {
          failure = err ?? new Error("post failed");
        }
      });
    } catch (err) {
      failure = err ?? new Error("post failed");
    }
    return failure ? classify(failure) : { ok: true, activityId };
  }
}

/** Teams' answers: 403 BotNotInConversationRoster and 404 ConversationNotFound are final. */
export function classify(err: unknown): Outcome & { ok: false } {
  const e = err as { statusCode?: number; code?: string; message?: string; response?: { headers?: { get?(n: string): string | undefined } }; details?: unknown };
  const status = e?.statusCode ?? 0;
  const code = e?.code ?? "";
  const reason = `${status || "network"} ${code || e?.message || ""}`.trim();
  if (status === 403 || status === 404 || /BotNotInConversationRoster|ConversationNotFound|BotDisabledByAdmin/.test(`${code} ${e?.message ?? ""}`)) {
    return { ok: false, gone: true, reason };
  }
  const retryAfter = Number(e?.response?.headers?.get?.("retry-after"));
  const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 3_600_000) : 0;
  return { ok: false, gone: false, retryAfterMs, reason };
}
