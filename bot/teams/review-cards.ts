import type { Department } from "../../shared/domain.ts";
import { firstWorkingInstant, previousMonth } from "../../shared/review.ts";
import { localMonthOf } from "../../shared/sla/zone.ts";
import type { Attainment, DepartmentStats } from "../../shared/stats/index.ts";
import { t, type Locale } from "../../shared/strings/index.ts";
import { PRIORITIES } from "../../shared/domain.ts";
import type { ReviewService, ReviewSummary } from "../service/review-service.ts";
import type { DepartmentService } from "../service/department-service.ts";
import type { ClaimKey, ClaimStore } from "../storage/claim-store.ts";
import { ConversationStore } from "../storage/conversation-store.ts";
import type { Places } from "../storage/places.ts";
import { demoDepartmentName } from "../demo/demo-language.ts";
import { cardActivity, type AdaptiveCardJson } from "./card-kit.ts";
import { formatMinutes, plain } from "./cards.ts";
import type { DeliveryLedger } from "./delivery-ledger.ts";
import type { Notifier, Reader } from "./notifier.ts";
import { Template } from "./templating.ts";
import reviewTemplate from "./cards/review.json" with { type: "json" };
import { log } from "../telemetry/log.ts";

/** How long after the first working day's opening a missed card is still posted. */
const CATCH_UP_MS = 3 * 86_400_000;

export interface ReviewCardDeps {
  notifier: Pick<Notifier, "deliver">;
  ledger: Pick<DeliveryLedger, "beginKey" | "settle">;
  claims: Pick<ClaimStore, "get" | "claim" | "settle">;
  places: Places;
  departments: Pick<DepartmentService, "recent">;
  reviews: Pick<ReviewService, "summary">;
  /** Where the tab is served (the card's link to the review page). */
  publicUrl: string;
  clock: () => number;
}

/**
 * The monthly review card (DESIGN.md "The internal-customer loop"): on a department's first
 * working day of the month in its zone (its windows and holidays), from the moment its first
 * window opens, a card to its triage channel and to each lead, about the month just ended.
 * Once per department and month across instances: each post has its claim (never pruned:
 * scope `review:<month>`), and a marker claim says the whole month is done, so later passes
 * make one point read per department. A service down on that day posts when it is back, up to
 * three days later (a department created mid-month gets its first card the next month).
 */
export class ReviewCards {
  /** Months known to be done here: `tenant|dept|month` (no storage read for them again). */
  private readonly done = new Set<string>();
  private running: Promise<number> | undefined;

  constructor(private readonly d: ReviewCardDeps) {}

  /** One pass over every department; answers how many cards went out. Passes never overlap. */
  tick(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    let sent = 0;
    for (const tenantId of await this.d.places.tenants()) {
      for (const key of await this.d.places.departments(tenantId)) {
        try {
          sent += await this.department(tenantId, key);
        } catch (err) {
          log.error(`[tandem bot] review card of ${key} failed: ${(err as Error)?.message ?? err}`, { error: err });
        }
      }
    }
    return sent;
  }

  private async department(tenantId: string, key: string): Promise<number> {
    const now = this.d.clock();
    const dept = await this.d.departments.recent(tenantId, key);
    if (!dept) return 0;
    const month = localMonthOf(now, dept.calendar.timeZone);
    const opens = firstWorkingInstant(dept, month);
    if (opens === undefined || now < opens || now >= opens + CATCH_UP_MS) return 0;
    const id = `${tenantId}|${key}|${month}`;
    if (this.done.has(id)) return 0;
    const marker = claimKey(tenantId, key, month, "done");
    if ((await this.d.claims.get(marker))?.settled) {
      this.done.add(id);
      return 0;
    }
    const targets = [
      ...(dept.triageChannel ? [ConversationStore.channelKey(tenantId, key)] : []),
      ...uniqueIds(dept.leads.map((l) => l.id)).map((id) => ConversationStore.userKey(tenantId, id)),
    ];
    let summary: Promise<ReviewSummary> | undefined;
    let sent = 0;
    let settled = true;
    for (const target of targets) {
      const turn = await this.d.ledger.beginKey(claimKey(tenantId, key, month, target), key);
      if (turn.turn === "busy") settled = false;
      if (turn.turn !== "mine") continue;
      summary ??= this.d.reviews.summary(tenantId, dept, previousMonth(month));
      const data = await summary;
      const outcome = await this.d.notifier.deliver({ target, kind: "send", activity: (reader: Reader) => reviewActivity(dept, data, reader.locale, this.d.publicUrl) });
      await this.d.ledger.settle(turn.key, !outcome ? "nobody" : outcome.ok ? "sent" : outcome.gone ? "gone" : "queued");
      if (outcome?.ok) sent++;
    }
    if (settled) {
      // Every post is out (or queued, or had nobody to go to): the month is done for every instance.
      const token = `${month}`;
      await this.d.claims.claim(marker, token, key, new Date(now).toISOString());
      await this.d.claims.settle(marker, "done");
      this.done.add(id);
    }
    return sent;
  }
}

function claimKey(tenantId: string, dept: string, month: string, what: string): ClaimKey {
  return { tenantId, scope: { delivery: `${dept}:review:${month}` }, ref: what };
}

function uniqueIds(ids: string[]): string[] {
  return [...new Set(ids)];
}

const compiled = new Template(reviewTemplate);

const capitalized = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/** "November 2026", "noviembre de 2026". */
export function monthName(month: string, locale: Locale): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale === "es" ? "es-ES" : "en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 1)));
}

function percent(a: Attainment, locale: Locale): string {
  if (a.attainmentPercent === null) return t(locale, "review.none");
  return `${new Intl.NumberFormat(locale === "es" ? "es-ES" : "en-GB", { maximumFractionDigits: 1 }).format(a.attainmentPercent)} %`;
}

/** The thanks counted in the figures (the day summaries count kudos; read loosely while that lands). */
function kudos(s: DepartmentStats): number | undefined {
  const k = (s as { kudos?: unknown }).kudos;
  return typeof k === "number" ? k : undefined;
}

function minutes(v: number | null, locale: Locale): string {
  return v === null ? t(locale, "review.none") : formatMinutes(v, locale);
}

/** The review card for one reader's language: the month against targets and the month before, and last review's action items. */
export function reviewCard(dept: Department, s: ReviewSummary, locale: Locale, publicUrl: string): AdaptiveCardJson {
  const department = demoDepartmentName(dept.key, dept.name, locale);
  const month = monthName(s.month, locale);
  const before = monthName(s.previousMonth, locale);
  const shortBefore = before.replace(/ (de )?\d{4}$/, "");
  const cur = s.report.stats;
  const prev: DepartmentStats = s.previous;
  const vs = (value: string, previous: string) => t(locale, "review.card.vs", { value, month: shortBefore, previous });
  const figures = [
    { label: t(locale, "review.card.firstResponse"), value: vs(percent(cur.firstResponse, locale), percent(prev.firstResponse, locale)) },
    { label: t(locale, "review.card.resolution"), value: vs(percent(cur.resolution, locale), percent(prev.resolution, locale)) },
    { label: t(locale, "review.card.medianFirst"), value: vs(minutes(cur.firstResponse.medianMinutes, locale), minutes(prev.firstResponse.medianMinutes, locale)) },
    { label: t(locale, "review.card.medianResolution"), value: vs(minutes(cur.resolution.medianMinutes, locale), minutes(prev.resolution.medianMinutes, locale)) },
    { label: t(locale, "review.card.volume"), value: vs(`${cur.created} / ${cur.resolved}`, `${prev.created} / ${prev.resolved}`) },
    { label: t(locale, "review.card.breaches"), value: vs(String(cur.breaches), String(prev.breaches)) },
    ...(kudos(cur) !== undefined ? [{ label: t(locale, "review.card.kudos"), value: vs(String(kudos(cur)), String(kudos(prev) ?? 0)) }] : []),
  ];
  const dateFormat = new Intl.DateTimeFormat(locale === "es" ? "es-ES" : "en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  const actions = s.lastActionItems.map((a) => ({
    state: t(locale, a.done ? "review.card.done" : "review.card.open"),
    color: a.done ? "good" : "attention",
    text: plain(`${a.text} (${a.owner.name}, ${dateFormat.format(new Date(`${a.due}T00:00:00Z`))})`, 300),
  }));
  const link = `${publicUrl}/tab/?view=board&department=${encodeURIComponent(dept.key)}&page=review&month=${s.month}`;
  return compiled.expand({
    $root: {
      title: plain(t(locale, "review.card.title", { department, month }), 200),
      intro: capitalized(t(locale, "review.card.intro", { month, previous: before })),
      figures,
      targetsLabel: t(locale, "review.card.targets"),
      targets: PRIORITIES.map((p) => ({
        priority: t(locale, `priority.${p}`),
        value: `${formatMinutes(s.report.targets[p].firstResponseMinutes, locale)} / ${formatMinutes(s.report.targets[p].resolutionMinutes, locale)}`,
      })),
      verbatimsLabel: t(locale, "review.card.verbatims"),
      // The pulse's comments (shown only from 5 answers), literally, clipped: the top three.
      verbatims: s.verbatims.slice(0, 3).map((v) => ({ text: plain(`“${v.comment}” (${v.score}/10)`, 300) })),
      actionsLabel: t(locale, "review.card.actions"),
      noActions: t(locale, "review.card.noActions"),
      actions,
      button: t(locale, "review.card.button"),
      link,
    },
  }) as AdaptiveCardJson;
}

export function reviewActivity(dept: Department, s: ReviewSummary, locale: Locale, publicUrl: string) {
  const summary = t(locale, "review.card.summary", { department: demoDepartmentName(dept.key, dept.name, locale), month: monthName(s.month, locale) });
  return cardActivity([reviewCard(dept, s, locale, publicUrl)], summary);
}
