/**
 * The bot's `sla` with no department: the company scoreboard as a card (cards/scoreboard.json),
 * every department with the same figures as `GET /api/scoreboard` and the tab's scoreboard.
 * Department names are the only words people typed: plain, in TextRuns.
 */
import type { Scoreboard } from "../../shared/scoreboard.ts";
import { t, type Locale } from "../../shared/strings/index.ts";
import type { AdaptiveCardJson } from "./card-kit.ts";
import { expand, plain } from "./cards.ts";
import scoreboardTemplate from "./cards/scoreboard.json" with { type: "json" };

const numberFormats = new Map<Locale, Intl.NumberFormat>();
function num(n: number, locale: Locale): string {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale === "es" ? "es-ES" : "en-GB", { maximumFractionDigits: 1 })));
  return f.format(n);
}

export function scoreboardCard(board: Scoreboard, locale: Locale): AdaptiveCardJson {
  const none = "–";
  const pct = (p: number | null) => (p === null ? none : `${num(p, locale)}${locale === "es" ? " %" : "%"}`);
  const pts = (d: number | null) => (d === null ? none : d === 0 ? "=" : `${d > 0 ? "▲\u00A0+" : "▼\u00A0−"}${t(locale, "tab.scoreboard.points", { value: num(Math.abs(d), locale) }).replace(" ", "\u00A0")}`);
  const of = (avg: number | null, max: number) => (avg === null ? none : `${num(avg, locale)}/${max}`);
  const vs = t(locale, `tab.scoreboard.vs.${board.period}`);
  return expand(scoreboardTemplate, {
    title: t(locale, "card.scoreboard.title", { period: t(locale, `tab.scoreboard.period.${board.period}`) }),
    departments: board.departments.map((d) => ({
      name: plain(d.name, 100),
      key: d.key,
      onTime: t(locale, "card.scoreboard.onTime", { fr: pct(d.firstResponse.attainmentPercent), res: pct(d.resolution.attainmentPercent) }),
      trend:
        d.trend.firstResponse === null && d.trend.resolution === null ? "" : t(locale, "card.scoreboard.trend", { vs, fr: pts(d.trend.firstResponse), res: pts(d.trend.resolution) }),
      backlog: t(locale, "card.scoreboard.backlog", { open: num(d.open, locale), late: num(d.breachedNow, locale) }),
      backlogColor: d.breachedNow > 0 ? "Attention" : "Default",
      feedback: t(locale, "card.scoreboard.feedback", {
        csat: of(d.csat.average, 5),
        ces: of(d.ces.average, 7),
        nps: d.nps?.nps == null ? none : num(d.nps.nps, locale),
        kudos: num(d.kudos, locale),
      }),
    })),
    footer: t(locale, "card.scoreboard.footer", { goal: pct(board.goalPercent) }),
  });
}
