import type { RequestView } from "../../shared/domain.ts";
import { say, type Turn } from "./turn.ts";

/**
 * Rating and reopening: a reply to a closed request answers with the follow-up it filed (another
 * id). Then the answer must say so, or the person reads a card about a request they never named.
 * Undefined when the reply was an ordinary comment.
 */
export function followUpFiledText(turn: Turn, repliedTo: string, view: RequestView): string | undefined {
  if (!view.followUpOf || view.followUpOf.toUpperCase() !== repliedTo.trim().toUpperCase()) return undefined;
  return say(turn, "card.followUpFiled", { id: view.followUpOf, newId: view.id });
}
