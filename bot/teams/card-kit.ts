import type { Activity, Attachment } from "botbuilder";

/** An Adaptive Card as JSON (built from the templates in ./cards). */
export type AdaptiveCardJson = Record<string, unknown> & { body?: unknown[]; actions?: unknown[] };

export const CARD_TYPE = "application/vnd.microsoft.card.adaptive";

export function attachment(card: AdaptiveCardJson): Attachment {
  return { contentType: CARD_TYPE, content: card };
}

/** A message carrying cards; `summary` is what Teams shows in notifications and previews (plain text). */
export function cardActivity(cards: AdaptiveCardJson[], summary: string): Partial<Activity> {
  return {
    type: "message",
    summary: summary.slice(0, 200),
    attachments: cards.map(attachment),
    ...(cards.length > 1 ? { attachmentLayout: "list" } : {}),
  };
}

/**
 * The card with a line on top (a notice, an error after a button). The text goes in a TextRun,
 * which Teams never reads as markdown: it may hold names and titles people typed.
 */
export function withBanner(card: AdaptiveCardJson, text: string, color: "accent" | "good" | "warning" | "attention"): AdaptiveCardJson {
  // A tinted band with dark text: Teams' light Good and Warning colours are unreadable as text.
  const style = { accent: "accent", good: "good", warning: "warning", attention: "attention" }[color];
  const banner = {
    type: "Container",
    style,
    bleed: true,
    items: [{ type: "RichTextBlock", inlines: [{ type: "TextRun", text: unbrace(text), weight: "Bolder", ...(color === "attention" ? { color: "attention" } : {}) }] }],
  };
  return { ...card, body: [banner, ...(card.body ?? [])] };
}

/** Breaks `{{`, which Teams would read as a DATE()/TIME() function (a word joiner: no line break there). */
export function unbrace(s: string): string {
  return s.replace(/\{\{/g, "{\u2060{");
}

/** Every Action.Execute in a card as an Action.Submit carrying its verb (dialogs take only Submit). */
export function executeToSubmit<T>(node: T): T {
  if (Array.isArray(node)) return node.map(executeToSubmit) as T;
  if (!node || typeof node !== "object") return node;
  const o = Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, executeToSubmit(v)])) as Record<string, unknown>;
  if (o.type === "Action.Execute") {
    const { verb, data, ...rest } = o as { verb?: string; data?: Record<string, unknown> };
    return { ...rest, type: "Action.Submit", data: { ...data, verb } } as T;
  }
  return o as T;
}

/** Adds `extra` to the data of every Action.Execute (e.g. a form's id, so two clicks make one request). */
export function addActionData<T>(node: T, extra: Record<string, unknown>): T {
  if (Array.isArray(node)) return node.map((n) => addActionData(n, extra)) as T;
  if (!node || typeof node !== "object") return node;
  const o = Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, addActionData(v, extra)])) as Record<string, unknown>;
  if (o.type === "Action.Execute" || o.type === "Action.Submit") o.data = { ...(o.data as object), ...extra };
  return o as T;
}
