import { TurnContext, type Activity } from "botbuilder";
import type { Actor } from "../../shared/permissions.ts";
import { pickLocale, type Locale } from "../../shared/strings/index.ts";

/**
 * Who sent an activity: the Entra user (`from.aadObjectId`) in the tenant
 * (`channelData.tenant.id`). Admin rights come only from tokens (the API), never from Teams.
 * Undefined when Teams did not say (a guest without Entra id, a malformed activity).
 */
export function actorOf(activity: Partial<Activity>, allowedTenants: string[] | "*"): Actor | undefined {
  const tenantId = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id ?? activity.conversation?.tenantId;
  const userId = activity.from?.aadObjectId;
  if (typeof tenantId !== "string" || !/^[A-Za-z0-9-]{1,64}$/.test(tenantId)) return undefined;
  if (typeof userId !== "string" || !userId || userId.length > 128) return undefined;
  if (allowedTenants !== "*" && !allowedTenants.includes(tenantId)) return undefined;
  const name = typeof activity.from?.name === "string" && activity.from.name.trim() ? activity.from.name.trim().slice(0, 200) : userId;
  return { tenantId, person: { id: userId, name }, isAdmin: false };
}

export function localeOf(activity: Partial<Activity>): Locale {
  return pickLocale(typeof activity.locale === "string" ? activity.locale : undefined);
}

/**
 * The reader's time zone, as Teams sends it (`localTimezone`, or the clientInfo entity's
 * `timezone`): an IANA name Intl knows, else undefined (cards then name the department's zone).
 */
export function timeZoneOf(activity: Partial<Activity>): string | undefined {
  const info = (activity.entities ?? []).find((e) => e?.type === "clientInfo") as { timezone?: unknown } | undefined;
  for (const candidate of [activity.localTimezone, info?.timezone]) {
    if (typeof candidate !== "string" || candidate.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(candidate)) continue;
    try {
      new Intl.DateTimeFormat("en", { timeZone: candidate });
      return candidate;
    } catch {
      /* not a zone Intl knows */
    }
  }
  return undefined;
}

export type Scope = "personal" | "groupChat" | "channel";

export function scopeOf(activity: Partial<Activity>): Scope {
  const t = activity.conversation?.conversationType;
  return t === "channel" ? "channel" : t === "groupChat" ? "groupChat" : "personal";
}

/** The reference to post into this activity's conversation later (without the activity id). */
export function referenceOf(activity: Partial<Activity>) {
  const ref = TurnContext.getConversationReference(activity);
  delete (ref as { activityId?: string }).activityId;
  return ref;
}
