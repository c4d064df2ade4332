import { htmlToText } from "../email/html-text.ts";
import { AppError } from "../service/app-error.ts";
import { executeToSubmit, withBanner, attachment, type AdaptiveCardJson } from "./card-kit.ts";
import { requestCardFor, type CommandDeps } from "./commands.ts";
import { suggestDepartment } from "../../shared/department-suggestion.ts";
import { cleanLine, cutTitle } from "../../shared/validation/text-cleaning.ts";
import { formValues, newRequestForm, previewText, similarTo, submitNewRequest, type SourceMessage } from "./forms.ts";
import { followInstead } from "./card-actions.ts";
import { parseRequestId } from "../../shared/request.ts";
import { errorText, say, type Turn } from "./turn.ts";

/** What Teams sends about the message the action was started on (composeExtension `messagePayload`). */
export interface MessagePayload {
  id?: string;
  body?: { contentType?: string; content?: string };
  from?: { user?: { id?: string; displayName?: string; aadObjectId?: string } };
  linkToMessage?: string;
  createdDateTime?: string;
}

type TaskResponse = { task: { type: "continue"; value: { title: string; width: string; height: string; card: ReturnType<typeof attachment> } } | { type: "message"; value: string } };

/**
 * "Create request" on a message: the form, prefilled from the message: a short title (its first
 * sentence), the whole message as the description, and the department (and category) its words
 * suggest, as the Outlook add-in suggests one for an email; no clear winner, nothing chosen.
 */
export async function fetchTask(d: CommandDeps, turn: Turn, message: MessagePayload | undefined): Promise<TaskResponse> {
  const source = sourceOf(message);
  if (!source) return { task: { type: "message", value: say(turn, "bot.messageAction.noMessage") } };
  const text = messageText(message);
  const title = titleFromMessage(text);
  const s = suggestDepartment(await d.departments.list(turn.actor.tenantId), title, text);
  const values = { title, description: text, ...(s.department ? { department: s.department } : {}), ...(s.department && s.category ? { category: `${s.department}:${s.category}` } : {}) };
  // The message's words may be a case already open: shown at once, so nobody files it twice.
  const similar = await similarTo(d, turn, values);
  const card = await newRequestForm(d, turn, { values, sourceMessage: source, suggested: !!s.department, similar });
  return dialog(turn, card);
}

/** Titles from messages stay short: a list reads them at a glance. */
export const MESSAGE_TITLE_MAX = 80;

/**
 * A title from a message: its first line, cut at the end of the first sentence, and at most
 * MESSAGE_TITLE_MAX characters (at a word's end when one is near, then "…").
 */
export function titleFromMessage(text: string): string {
  const line = cleanLine(text.split("\n").find((l) => l.trim()) ?? "");
  // A sentence ends at . ! ? before a space (or the end), or at a CJK full stop, which needs none.
  const sentence = /^(.{8,}?(?:[.!?](?=\s|$)|[。！？]))/u.exec(line)?.[1] ?? line;
  if (sentence.length <= MESSAGE_TITLE_MAX) return sentence;
  const cut = sentence.slice(0, MESSAGE_TITLE_MAX - 1);
  const space = cut.lastIndexOf(" ");
  return space >= MESSAGE_TITLE_MAX / 2 ? `${cut.slice(0, space).replace(/[\s,;:.-]+$/u, "")}…` : cutTitle(sentence, MESSAGE_TITLE_MAX);
}

/** The form sent back from the dialog: files one request per message, however often it is sent. */
export async function submitAction(d: CommandDeps, turn: Turn, message: MessagePayload | undefined, data: Record<string, unknown>): Promise<TaskResponse> {
  const source = sourceOf(message);
  if (!source) return { task: { type: "message", value: say(turn, "bot.messageAction.noMessage") } };
  // The department was chosen or changed: the form again, for it (nothing is filed yet).
  if (data.verb === "new.department") return dialog(turn, await newRequestForm(d, turn, { values: formValues(data), sourceMessage: source }));
  try {
    if (data.verb === "similar.follow" && typeof data.id === "string" && parseRequestId(data.id)) {
      return dialog(turn, await followInstead(d, turn, data.id));
    }
    const result = await submitNewRequest(d, turn, data, {
      source: { kind: "teams-message", ref: source.id, ...(source.link ? { link: source.link } : {}) },
      oncePerSource: true,
    });
    if (!result.ok) return dialog(turn, await newRequestForm(d, turn, { values: result.values, errors: result.errors, sourceMessage: source, similar: result.similar }));
    const r = result.request;
    const dept = await d.departments.recent(turn.actor.tenantId, r.department);
    const when = dept ? previewText(dept, r.priority, turn.locale, Date.parse(r.createdAt)) : "";
    const key = result.created ? "bot.messageAction.filed" : "bot.messageAction.already";
    const card = withBanner(await requestCardFor(d, turn, r), `${say(turn, key, { id: r.id })} ${when}`.trim(), "good");
    return dialog(turn, card, say(turn, key, { id: r.id }));
  } catch (err) {
    if (err instanceof AppError || (err as { statusCode?: number })?.statusCode) return { task: { type: "message", value: errorText(turn, err) } };
    throw err;
  }
}

function dialog(turn: Turn, card: AdaptiveCardJson, title = say(turn, "bot.messageAction.title")): TaskResponse {
  return { task: { type: "continue", value: { title: title.slice(0, 60), width: "medium", height: "large", card: attachment(executeToSubmit(card)) } } };
}

function sourceOf(m: MessagePayload | undefined): SourceMessage | undefined {
  if (!m || typeof m.id !== "string" || !m.id || m.id.length > 200) return undefined;
  const link = typeof m.linkToMessage === "string" && /^https:\/\/teams\.microsoft\.com\//.test(m.linkToMessage) ? m.linkToMessage : undefined;
  const author = (typeof m.from?.user?.displayName === "string" && m.from.user.displayName.trim()) || "";
  return { id: m.id, author: author.slice(0, 200), ...(link ? { link } : {}) };
}

/** The message as plain text: Teams sends HTML; nothing of it is ever rendered as HTML. */
function messageText(m: MessagePayload | undefined): string {
  const content = typeof m?.body?.content === "string" ? m.body.content : "";
  const text = m?.body?.contentType === "text" ? content : htmlToText(content);
  return text.slice(0, 32_000).trim();
}
