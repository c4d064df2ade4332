import { PRIORITIES } from "../../shared/domain.ts";
import { isRequester } from "../../shared/permissions.ts";
import { parseRequestId } from "../../shared/request.ts";
import { AppError } from "../service/app-error.ts";
import { ratingCard, thankCard } from "./cards.ts";
import { withBanner, type AdaptiveCardJson } from "./card-kit.ts";
import { myRequestsCard, requestCardFor, threadCard, type CommandDeps } from "./commands.ts";
import { formIdOf, formValues, newRequestForm, submitNewRequest, previewText } from "./forms.ts";
import { followUpFiledText } from "./follow-up.ts";
import { answerPulseCard } from "./pulse-notice.ts";
import { errorCard, errorText, say, type Turn } from "./turn.ts";

/** Verbs of the buttons on request cards; each is the API action of the same name. */
const REQUEST_VERBS = new Set(["take", "assign", "comment", "wait", "resume", "resolve", "reopen", "cancel", "priority", "rate"]);

/**
 * A button pressed on a card (`adaptiveCard/action`, Action.Execute). The answer is the card
 * that replaces the one pressed: the request as it is now, or the form with its errors.
 */
export async function runCardAction(d: CommandDeps, turn: Turn, verb: string, data: Record<string, unknown>): Promise<AdaptiveCardJson> {
  try {
    if (verb === "new.submit") return await submitForm(d, turn, data);
    if (verb === "new") return await newRequestForm(d, turn);
    // The form's department was chosen (or changed): the form again, for that department.
    if (verb === "new.department") return await newRequestForm(d, turn, { values: formValues(data), formId: formIdOf(data) });
    if (verb === "my") return await myRequestsCard(d, turn);
    if (verb === "status" && typeof data.id === "string" && parseRequestId(data.id)) return await current(d, turn, data.id);
    if (verb === "reply") return await reply(d, turn, data);
    if (verb === "pulse") return await answerPulseCard(d.surveys, turn, data);
    if (verb === "thank") return await thank(d, turn, data);
    if (verb === "similar.follow" && typeof data.id === "string" && parseRequestId(data.id)) return await followInstead(d, turn, data.id);
    if (REQUEST_VERBS.has(verb)) return await requestAction(d, turn, verb, data);
    return errorCard(turn, new AppError(400, "invalid_input", `Unknown card action "${String(verb).slice(0, 40)}".`));
  } catch (err) {
    return errorCard(turn, err);
  }
}

async function submitForm(d: CommandDeps, turn: Turn, data: Record<string, unknown>): Promise<AdaptiveCardJson> {
  const formId = formIdOf(data);
  const result = await submitNewRequest(d, turn, data, {
    source: { kind: "teams" },
    ...(formId ? { idempotencyKey: `teams-form:${formId}` } : {}),
  });
  if (!result.ok) return newRequestForm(d, turn, { values: result.values, errors: result.errors, formId, similar: result.similar });
  const dept = await d.departments.recent(turn.actor.tenantId, result.request.department);
  const when = dept ? previewText(dept, result.request.priority, turn.locale, Date.parse(result.request.createdAt)) : "";
  return withBanner(await requestCardFor(d, turn, result.request), `${say(turn, "bot.filed", { id: result.request.id })} ${when}`.trim(), "good");
}

/**
 * "Follow that one instead" on the form: your own request opens; someone else's you now follow
 * (told as it moves), and nothing new is filed.
 */
export async function followInstead(d: CommandDeps, turn: Turn, id: string): Promise<AdaptiveCardJson> {
  const record = await d.requests.record(turn.actor, id);
  if (isRequester(record, turn.actor)) return current(d, turn, id);
  const view = await d.requests.act(turn.actor, id, { action: "follow" });
  return withBanner(await requestCardFor(d, turn, view), say(turn, "similar.followed", { id: view.id }), "good");
}

async function requestAction(d: CommandDeps, turn: Turn, verb: string, data: Record<string, unknown>): Promise<AdaptiveCardJson> {
  const id = typeof data.id === "string" && parseRequestId(data.id) ? data.id : undefined;
  if (!id) throw new AppError(400, "invalid_input", "This card does not say which request it is about; ask for it again with status IT-42.");
  // Each box on a card has its own input id (text_comment, text_wait, ...); older cards said `text`.
  const typed = data[`text_${verb}`] ?? data.text;
  const text = typeof typed === "string" && typed.trim() ? typed : undefined;
  let body: Record<string, unknown>;
  switch (verb) {
    case "assign": {
      const dept = await d.departments.recent(turn.actor.tenantId, id.split("-")[0]!);
      const wanted = String(data.assignee ?? "").trim().toLowerCase();
      const person = dept && [...dept.agents, ...dept.leads].find((p) => p.id.toLowerCase() === wanted || p.name.toLowerCase() === wanted || p.email?.toLowerCase() === wanted);
      if (!person) return withBanner(await current(d, turn, id), say(turn, "bot.assign.unknown", { name: String(data.assignee ?? ""), department: dept?.name ?? "" }), "attention");
      body = { action: "assign", assignee: person };
      break;
    }
    case "priority":
      if (!(PRIORITIES as readonly string[]).includes(String(data.priority))) return withBanner(await current(d, turn, id), say(turn, "form.error.priority"), "attention");
      body = { action: "priority", priority: data.priority };
      break;
    case "comment":
      if (!text) return withBanner(await current(d, turn, id), say(turn, "bot.comment.empty"), "attention");
      body = { action: "comment", text };
      break;
    case "rate": {
      // Rating: CSAT and the optional CES answer come as the choices' strings ("" when none chosen).
      const score = Number(data.score);
      const effort = data.effort === undefined || data.effort === "" ? undefined : Number(data.effort);
      if (!Number.isInteger(score) || score < 1 || score > 5) {
        return withBanner(ratingCard(await d.requests.get(turn.actor, id, { history: false }), turn.locale), say(turn, "rating.error.score"), "attention");
      }
      body = { action: "rate", score, ...(effort !== undefined ? { effort } : {}), ...(typeof data.comment === "string" && data.comment.trim() ? { comment: data.comment } : {}) };
      try {
        const view = await d.requests.act(turn.actor, id, body);
        return withBanner(ratingCard(view, turn.locale), say(turn, "bot.rated", { id }), "good");
      } catch (err) {
        return withBanner(ratingCard(await d.requests.get(turn.actor, id, { history: false }), turn.locale), errorText(turn, err), "attention");
      }
    }
    default:
      body = { action: verb, ...(text ? { text } : {}) };
  }
  try {
    return await requestCardFor(d, turn, await d.requests.act(turn.actor, id, body));
  } catch (err) {
    // Someone else was faster (or it changed): show the request as it is now, and why.
    const why = errorText(turn, err);
    if (err instanceof AppError && err.status === 404) throw err;
    return withBanner(await current(d, turn, id), why, "attention");
  }
}

/**
 * The reply box of a notice: a comment on the request through the same service method as the
 * tab (a requester's reply to a question resumes the clock there). The card that replaces the
 * notice shows the request as it now is and the thread ending with the reply, without the box.
 */
async function reply(d: CommandDeps, turn: Turn, data: Record<string, unknown>): Promise<AdaptiveCardJson> {
  const id = typeof data.id === "string" && parseRequestId(data.id) ? data.id : undefined;
  if (!id) throw new AppError(400, "invalid_input", "This card does not say which request it is about; ask for it again with status IT-42.");
  const text = typeof data.reply === "string" && data.reply.trim() ? data.reply : undefined;
  if (!text) return withBanner(await current(d, turn, id), say(turn, "notice.replyEmpty"), "attention");
  let view;
  try {
    view = await d.requests.act(turn.actor, id, { action: "comment", text }, undefined, { source: { kind: "teams" } });
  } catch (err) {
    if (err instanceof AppError && err.status === 404) throw err;
    return withBanner(await current(d, turn, id), errorText(turn, err), "attention");
  }
  // Rating and reopening: a reply to a closed request filed a follow-up; the card shows that one and says so.
  const followUp = followUpFiledText(turn, id, view);
  if (followUp) return withBanner(await requestCardFor(d, turn, view), followUp, "good");
  return withBanner(await threadCard(d, turn, id), say(turn, "notice.replied", { id }), "good");
}

/**
 * Kudos: the thank card's button. The answer replaces the thank card: what was said and to whom,
 * or the card again with why not (thanking yourself, a second thank).
 */
async function thank(d: CommandDeps, turn: Turn, data: Record<string, unknown>): Promise<AdaptiveCardJson> {
  const id = typeof data.id === "string" && parseRequestId(data.id) ? data.id : undefined;
  if (!id) throw new AppError(400, "invalid_input", "This card does not say which request it is about; ask for it again with status IT-42.");
  const text = typeof data.text_thank === "string" && data.text_thank.trim() ? data.text_thank : undefined;
  const card = async (view: Awaited<ReturnType<typeof d.requests.get>>, banner: string, style: "good" | "attention") => {
    const c = thankCard(view, turn.locale);
    return c ? withBanner(c, banner, style) : withBanner(await requestCardFor(d, turn, view), banner, style);
  };
  try {
    const view = await d.requests.act(turn.actor, id, { action: "thank", ...(text ? { text } : {}) }, undefined, { source: { kind: "teams" } });
    const to = view.kudos?.find((k) => k.by.id === turn.actor.person.id)?.to.map((p) => p.name).join(", ") ?? "";
    return await card(view, say(turn, "thank.sent", { names: to }), "good");
  } catch (err) {
    if (err instanceof AppError && err.status === 404) throw err;
    return card(await d.requests.get(turn.actor, id, { history: false }), errorText(turn, err), "attention");
  }
}

async function current(d: CommandDeps, turn: Turn, id: string) {
  return requestCardFor(d, turn, await d.requests.get(turn.actor, id, { history: false }));
}
