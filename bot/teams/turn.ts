import type { Activity } from "botbuilder";
import type { Actor } from "../../shared/permissions.ts";
import { localize, t, type Locale, type StringKey, type StringParams } from "../../shared/strings/index.ts";
import { AppError } from "../service/app-error.ts";
import { isUnavailable } from "../storage/errors.ts";
import { noticeCard } from "./cards.ts";
import { cardActivity, type AdaptiveCardJson } from "./card-kit.ts";
import type { Scope } from "./identity.ts";

/** One incoming activity, as the handlers see it: who, in which language, where. */
export interface Turn {
  actor: Actor;
  locale: Locale;
  /** The reader's time zone when Teams says it: times on cards are theirs, named. */
  timeZone?: string;
  scope: Scope;
  activity: Partial<Activity>;
}

export const say = (turn: Pick<Turn, "locale">, key: StringKey, params?: StringParams) => t(turn.locale, key, params);

/** A notice card as a reply. */
export function notice(turn: Pick<Turn, "locale">, text: string, kind: "info" | "success" | "warning" | "error" = "info"): Partial<Activity> {
  return cardActivity([noticeCard({ text, kind, locale: turn.locale })], text);
}

/** What a person reads when a call into the services failed: in their language when we can. */
export function errorText(turn: Pick<Turn, "locale">, err: unknown): string {
  if (err instanceof AppError) return err.i18n ? localize(turn.locale, err.i18n) : err.message;
  if (isUnavailable(err)) return say(turn, "error.unavailable");
  throw err;
}

export function errorCard(turn: Pick<Turn, "locale">, err: unknown): AdaptiveCardJson {
  return noticeCard({ text: errorText(turn, err), kind: "error", locale: turn.locale });
}
