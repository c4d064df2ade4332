/**
 * One department on the scoreboard: both attainments as bars against the goal line, with the
 * change since the period before, and the rest of its figures in words. Every number is text;
 * the bars only repeat it. `tv`: the same at a size read across a room.
 */
import { tokens } from "@fluentui/react-components";
import type { ScoreboardPeriod, ScoreboardRow } from "../../../shared/scoreboard.ts";
import type { Attainment } from "../../../shared/stats/index.ts";
import { formatMinutes, formatNumber, formatPercent, formatTime, readerZone } from "../../../web/format.ts";
import { useLocale, useT } from "../../../web/i18n.ts";

type T = ReturnType<typeof useT>;

/** "up 4.5 pts vs last month" (nothing when either period has no figure). */
export function changeText(t: T, value: number | null, period: ScoreboardPeriod, format: (n: number) => string): { text: string; dir: "up" | "down" | "same" } | undefined {
  if (value === null) return undefined;
  const vs = t(`tab.scoreboard.vs.${period}`);
  if (value === 0) return { text: t("tab.scoreboard.same", { vs }), dir: "same" };
  return { text: t(value > 0 ? "tab.scoreboard.up" : "tab.scoreboard.down", { value: format(Math.abs(value)), vs }), dir: value > 0 ? "up" : "down" };
}

const barColor = (p: number, goal: number) =>
  p >= goal ? tokens.colorPaletteGreenBackground3 : p >= 75 ? tokens.colorPaletteMarigoldBackground3 : tokens.colorPaletteRedBackground3;

export function DepartmentCard({ row, period, goal, tv = false }: { row: ScoreboardRow; period: ScoreboardPeriod; goal: number; tv?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const pct = (p: number | null) => (p === null ? t("tab.scoreboard.none") : formatPercent(p, locale));
  /** A figure with nothing behind it yet: a dash, as on the dashboard (the words say why). */
  const NONE = "–";
  const points = (n: number) => t("tab.scoreboard.points", { value: formatNumber(n, locale) });
  const headingId = `sb-${row.key}${tv ? "-tv" : ""}`;
  const s = tv ? 2.2 : 1;
  const csatTrend = changeText(t, row.trend.csat, period, (n) => formatNumber(n, locale));
  const facts: Array<{ id: string; label: string; value: string; alert?: boolean; note?: string }> = [
    { id: "open", label: t("tab.scoreboard.open"), value: formatNumber(row.open, locale) },
    { id: "late", label: t("tab.scoreboard.breachedNow"), value: formatNumber(row.breachedNow, locale), alert: row.breachedNow > 0 },
    {
      id: "csat",
      label: t("tab.dashboard.csat"),
      value: row.csat.average === null ? NONE : t("tab.dashboard.csatValue", { average: formatNumber(row.csat.average, locale) }),
      note: csatTrend?.text,
    },
    { id: "ces", label: t("tab.dashboard.ces"), value: row.ces.average === null ? NONE : t("tab.dashboard.cesValue", { average: formatNumber(row.ces.average, locale) }) },
    {
      id: "nps",
      label: t("tab.scoreboard.nps"),
      value: row.nps?.nps == null ? NONE : formatNumber(row.nps.nps, locale),
      note: row.nps && row.nps.nps === null ? t("tab.scoreboard.npsTooFew") : undefined,
    },
    { id: "kudos", label: t("tab.scoreboard.kudos"), value: formatNumber(row.kudos, locale) },
  ];
  return (
    <article
      aria-labelledby={headingId}
      data-department={row.key}
      style={{
        border: `1px solid ${tokens.colorNeutralStroke2}`,
        borderRadius: tokens.borderRadiusXLarge,
        background: tokens.colorNeutralBackground1,
        padding: tv ? "2.5vh 3vw" : "12px 16px",
        display: "flex",
        flexDirection: "column",
        gap: 10 * s,
        minWidth: 0,
        ...(tv ? { flex: 1, justifyContent: "space-around", lineHeight: 1.2 } : {}),
      }}
    >
      <h2 id={headingId} style={{ margin: 0, fontSize: tv ? "clamp(28px, 5vw, 88px)" : tokens.fontSizeBase500, lineHeight: 1.15, overflowWrap: "anywhere" }}>
        {row.name} <span style={{ color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightRegular }}>({row.key})</span>
      </h2>
      <div
        role="img"
        aria-label={t("tab.scoreboard.bars", { department: row.name, fr: pct(row.firstResponse.attainmentPercent), res: pct(row.resolution.attainmentPercent), goal: formatPercent(goal, locale) })}
        style={{ display: "flex", flexDirection: "column", gap: 10 * s }}
      >
        <Bar id="fr" label={t("tab.dashboard.firstResponse")} a={row.firstResponse} goal={goal} tv={tv} change={changeText(t, row.trend.firstResponse, period, points)} />
        <Bar id="res" label={t("tab.dashboard.resolution")} a={row.resolution} goal={goal} tv={tv} change={changeText(t, row.trend.resolution, period, points)} />
      </div>
      <dl
        style={{
          margin: 0,
          display: "grid",
          gridTemplateColumns: tv ? "repeat(3, minmax(0, 1fr))" : "repeat(auto-fill, minmax(100px, 1fr))",
          gap: tv ? "2vh 2vw" : "8px 12px",
        }}
      >
        {facts.map((f) => (
          <div key={f.id} data-figure={f.id} style={{ minWidth: 0 }}>
            <dt style={{ fontSize: tv ? "clamp(16px, 1.8vw, 34px)" : tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 }}>{f.label}</dt>
            <dd
              data-value
              style={{
                margin: 0,
                fontSize: tv ? "clamp(24px, 3.2vw, 60px)" : tokens.fontSizeBase500,
                fontWeight: tokens.fontWeightSemibold,
                fontVariantNumeric: "tabular-nums",
                color: f.alert ? tokens.colorPaletteRedForeground1 : tokens.colorNeutralForeground1,
              }}
            >
              {f.value}
            </dd>
            {f.note && <dd style={{ margin: 0, fontSize: tv ? "clamp(14px, 1.4vw, 28px)" : tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 }}>{f.note}</dd>}
          </div>
        ))}
      </dl>
    </article>
  );
}

/** "● Live · Updated Sun 6 Dec, 10:42 CET": whether changes show as they happen, and when the figures were read. */
export function LiveStatus({ live, generatedAt }: { live: boolean; generatedAt: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <span aria-hidden="true" style={{ color: live ? tokens.colorPaletteGreenForeground1 : tokens.colorPaletteMarigoldForeground1 }}>
        ●{" "}
      </span>
      {live ? t("tab.scoreboard.live") : t("tab.scoreboard.reconnecting")} · {t("tab.scoreboard.updated", { time: formatTime(generatedAt, readerZone(), locale) })}
    </>
  );
}

/** What the bars' black mark means: "▮ Goal 90%". */
export function GoalLegend({ goal, tv = false }: { goal: number; tv?: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <span style={{ display: "inline-flex", alignItems: "center", gap: 6 }}>
      <span aria-hidden="true" style={{ display: "inline-block", width: 3, height: tv ? "1em" : 14, background: tokens.colorNeutralForeground1 }} />
      {t("tab.scoreboard.goal", { percent: formatPercent(goal, locale) })}
    </span>
  );
}

/** One attainment: its name and value in words, a bar with the goal marked, and the change since the period before. */
function Bar({ id, label, a, goal, tv, change }: { id: string; label: string; a: Attainment; goal: number; tv: boolean; change?: { text: string; dir: string } }) {
  const t = useT();
  const locale = useLocale();
  const p = a.attainmentPercent;
  const detail = [
    a.measured ? t("tab.dashboard.metOf", { met: a.met, measured: a.measured }) : t("tab.dashboard.noneMeasured"),
    a.medianMinutes !== null ? t("tab.scoreboard.median", { value: formatMinutes(a.medianMinutes, locale) }) : "",
  ]
    .filter(Boolean)
    .join(" · ");
  const small = tv ? "clamp(14px, 1.5vw, 30px)" : tokens.fontSizeBase200;
  return (
    <div data-attainment={id} style={{ display: "flex", flexDirection: "column", gap: tv ? 6 : 2 }}>
      <div style={{ display: "flex", alignItems: "baseline", gap: 8, flexWrap: "wrap" }}>
        <span style={{ flex: "1 1 auto", fontSize: tv ? "clamp(18px, 2vw, 40px)" : tokens.fontSizeBase300, color: tokens.colorNeutralForeground1 }}>{label}</span>
        <span data-value style={{ fontSize: tv ? "clamp(28px, 4vw, 80px)" : tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: "tabular-nums" }}>
          {p === null ? "–" : formatPercent(p, locale)}
        </span>
      </div>
      <div aria-hidden="true" style={{ position: "relative", height: tv ? "2.4vh" : 10, borderRadius: 6, background: tokens.colorNeutralBackground5 }}>
        {p !== null && <div style={{ width: `${Math.max(0, Math.min(100, p))}%`, height: "100%", borderRadius: 6, background: barColor(p, goal) }} />}
        <div title={t("tab.scoreboard.goal", { percent: formatPercent(goal, locale) })} style={{ position: "absolute", left: `${goal}%`, top: -3, bottom: -3, width: 3, background: tokens.colorNeutralForeground1 }} />
      </div>
      <div style={{ display: "flex", gap: 8, flexWrap: "wrap", fontSize: small, color: tokens.colorNeutralForeground2 }}>
        <span style={{ flex: "1 1 auto" }}>{detail}</span>
        {change && (
          <span data-change={change.dir}>
            <span aria-hidden="true">{change.dir === "up" ? "▲ " : change.dir === "down" ? "▼ " : "= "}</span>
            {change.text}
          </span>
        )}
      </div>
    </div>
  );
}
