import type { Person } from "../../shared/domain.ts";
import { NPS_SCORE_MAX, periodLabel, type PulseSurvey } from "../../shared/nps.ts";
import { t, type Locale } from "../../shared/strings/index.ts";
import type { PulsePoster, PulseSurveyToPost } from "../scheduler/pulse-scheduler.ts";
import { AppError } from "../service/app-error.ts";
import type { SurveyService } from "../service/survey-service.ts";
import { ConversationStore } from "../storage/conversation-store.ts";
import { demoDepartmentName } from "../demo/demo-language.ts";
import { cardActivity, withBanner, type AdaptiveCardJson } from "./card-kit.ts";
import { expand, plain } from "./cards.ts";
import type { DeliveryLedger } from "./delivery-ledger.ts";
import type { Notifier } from "./notifier.ts";
import { errorCard, errorText, say, type Turn } from "./turn.ts";
import pulseTemplate from "./cards/pulse.json" with { type: "json" };

/** A survey as its card needs it. */
type CardSurvey = Pick<PulseSurvey, "id" | "department" | "departmentName" | "period"> & { answer?: PulseSurvey["answer"] };

/**
 * The pulse question as a card: 0 to 10 and "why?", answered in place (Action.Execute, verb
 * `pulse`); once answered, what was answered and no inputs. Names are shown as TextRuns.
 */
export function pulseCard(s: CardSurvey & { closed?: boolean }, locale: Locale, values: { score?: string; comment?: string } = {}): AdaptiveCardJson {
  const department = demoDepartmentName(s.department, s.departmentName, locale);
  const scale = (n: number) => (n === 0 ? t(locale, "pulse.score.0") : n === NPS_SCORE_MAX ? t(locale, "pulse.score.10") : String(n));
  return expand(pulseTemplate, {
    id: s.id,
    open: !s.answer && !s.closed,
    question: plain(t(locale, "pulse.question", { department }), 300),
    intro: plain(t(locale, "pulse.intro", { department, period: periodLabel(s.period, locale === "es" ? "es-ES" : "en-GB") }), 400),
    given: s.answer ? t(locale, "pulse.thanks", { score: s.answer.score }) : "",
    scoreLabel: t(locale, "pulse.score.label"),
    scoreError: t(locale, "pulse.error.score"),
    scores: Array.from({ length: NPS_SCORE_MAX + 1 }, (_, n) => ({ title: scale(n), value: String(n) })),
    whyLabel: t(locale, "pulse.why"),
    values: { score: values.score ?? "", comment: values.comment ?? "" },
    send: t(locale, "pulse.send"),
  });
}

type Ledger = Pick<DeliveryLedger, "begin" | "settle">;

/**
 * Delivers pulse surveys as cards in people's 1:1 chats, each once through its delivery claim
 * (whichever instance runs or takes over the pulse). Someone who never talked to the bot has
 * the survey in the personal tab only.
 */
export class PulseNotices implements PulsePoster {
  constructor(
    private readonly notifier: Pick<Notifier, "deliver">,
    private readonly ledger: Ledger,
  ) {}

  async post(tenantId: string, survey: PulseSurveyToPost, person: Person, runDay: string): Promise<void> {
    const c = { tenantId, department: survey.department, changeId: `${runDay}|pulse|${survey.period}` };
    const turn = await this.ledger.begin(c, `pulse:${person.id}`);
    if (turn.turn !== "mine") return;
    const outcome = await this.notifier.deliver({
      target: ConversationStore.userKey(tenantId, person.id),
      kind: "send",
      activity: ({ locale }) => cardActivity([pulseCard(survey, locale)], t(locale, "pulse.summary", { department: demoDepartmentName(survey.department, survey.departmentName, locale) })),
    });
    await this.ledger.settle(turn.key, !outcome ? "nobody" : outcome.ok ? "sent" : outcome.gone ? "gone" : "queued");
  }
}

/**
 * The card's Send button: the answer through the same service method as the tab. The card that
 * replaces it shows what was answered, or the question again with why it was not taken.
 */
export async function answerPulseCard(surveys: SurveyService | undefined, turn: Turn, data: Record<string, unknown>): Promise<AdaptiveCardJson> {
  const id = typeof data.id === "string" ? data.id.slice(0, 80) : "";
  const survey = surveys && id ? await surveys.get(turn.actor, id) : undefined;
  if (!surveys || !survey) return errorCard(turn, new AppError(404, "not_found", say(turn, "pulse.notYours")));
  const comment = typeof data.comment === "string" ? data.comment : "";
  const score = data.score === undefined || data.score === "" ? NaN : Number(data.score);
  if (!Number.isInteger(score) || score < 0 || score > NPS_SCORE_MAX) {
    return withBanner(pulseCard(survey, turn.locale, { comment }), say(turn, "pulse.error.score"), "attention");
  }
  try {
    const answered = await surveys.answer(turn.actor, id, { score, ...(comment.trim() ? { comment } : {}) });
    return withBanner(pulseCard(answered, turn.locale), say(turn, "pulse.thanks", { score }), "good");
  } catch (err) {
    const code = err instanceof AppError ? err.code : "";
    const text = code === "already_answered" ? say(turn, "pulse.already") : code === "survey_closed" ? say(turn, "pulse.closed") : errorText(turn, err);
    const now = (await surveys.get(turn.actor, id)) ?? survey;
    return withBanner(pulseCard(now, turn.locale, { score: String(score), comment }), text, "attention");
  }
}
