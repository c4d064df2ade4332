/**
 * The period's figures as tiles people scan: on-time percentages with a bar each, medians,
 * the backlog, broken promises and satisfaction. Every number is text; the bars only repeat it.
 */
import { tokens } from "@fluentui/react-components";
import type { Attainment, DepartmentStats } from "../../../shared/stats/index.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { formatMinutes, formatNumber, formatPercent } from "../../../web/format.ts";

export function Figures({ stats }: { stats: DepartmentStats }) {
  const t = useT();
  const locale = useLocale();
  const s = stats;
  const b = s.backlogByStatus;
  return (
    <div role="list" style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(160px, 1fr))", gap: 12 }}>
      <AttainmentTile id="fr" label={t("tab.dashboard.firstResponse")} a={s.firstResponse} />
      <AttainmentTile id="res" label={t("tab.dashboard.resolution")} a={s.resolution} />
      <Tile id="backlog" label={t("tab.dashboard.backlog")} value={formatNumber(s.open, locale)}>
        {b ? (
          <div>{t("tab.dashboard.backlogSplit", { new: b.new, in_progress: b.in_progress, waiting: b.waiting })}</div>
        ) : (
          <div>{t("tab.dashboard.backlogAtEnd")}</div>
        )}
        {s.breachedNow > 0 ? (
          <div style={{ color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold }}>{t("tab.dashboard.breachedNow", { count: s.breachedNow })}</div>
        ) : (
          <div>{t("tab.dashboard.noneBreachedNow")}</div>
        )}
      </Tile>
      <Tile id="breaches" label={t("tab.dashboard.breaches")} value={formatNumber(s.breaches, locale)} alert={s.breaches > 0}>
        <div>{t("tab.dashboard.breachesHelp")}</div>
      </Tile>
      <Tile
        id="csat"
        label={t("tab.dashboard.csat")}
        value={s.csat.average === null ? "–" : t("tab.dashboard.csatValue", { average: formatNumber(s.csat.average, locale) })}
      >
        <div>{t("tab.dashboard.csatCount", { count: s.csat.responses })}</div>
        {s.csat.satisfiedPercent !== null && <div>{t("tab.dashboard.satisfied", { percent: formatPercent(s.csat.satisfiedPercent, locale) })}</div>}
        {s.kudos > 0 && <div>{t("tab.dashboard.kudosCount", { count: s.kudos })}</div>}
      </Tile>
      <Tile
        id="ces"
        label={t("tab.dashboard.ces")}
        value={s.ces.average === null ? "–" : t("tab.dashboard.cesValue", { average: formatNumber(s.ces.average, locale) })}
      >
        <div>{t("tab.dashboard.cesCount", { count: s.ces.responses })}</div>
        {s.ces.easyPercent !== null && <div>{t("tab.dashboard.easy", { percent: formatPercent(s.ces.easyPercent, locale) })}</div>}
      </Tile>
      <Tile id="volume" label={t("tab.dashboard.volume")} value={formatNumber(s.created, locale)}>
        <div>{t("tab.dashboard.volumeValue", { resolved: s.resolved, cancelled: s.cancelled })}</div>
        {/* Transfer: hand-offs out and in (older servers leave them out). */}
        {s.handoffs && (s.handoffs.out > 0 || s.handoffs.in > 0) && (
          <div title={t("tab.dashboard.handoffsHelp")} data-figure="handoffs">
            {t("tab.dashboard.handoffs")}: {t("tab.dashboard.handoffsValue", { out: s.handoffs.out, in: s.handoffs.in })}
          </div>
        )}
      </Tile>
    </div>
  );
}

function AttainmentTile({ id, label, a }: { id: string; label: string; a: Attainment }) {
  const t = useT();
  const locale = useLocale();
  const p = a.attainmentPercent;
  return (
    <Tile id={id} label={label} value={p === null ? "–" : formatPercent(p, locale)}>
      {p !== null && <Meter percent={p} />}
      {a.measured ? (
        <>
          <div>{t("tab.dashboard.metOf", { met: a.met, measured: a.measured })}</div>
          {a.openOverdue > 0 && (
            <div style={{ color: tokens.colorPaletteRedForeground1 }}>{t("tab.dashboard.openOverdue", { count: a.openOverdue })}</div>
          )}
          {a.medianMinutes !== null && <div>{t("tab.dashboard.median", { value: formatMinutes(a.medianMinutes, locale), count: a.closed })}</div>}
          {a.p90Minutes !== null && a.closed > 1 && <div>{t("tab.dashboard.p90", { value: formatMinutes(a.p90Minutes, locale) })}</div>}
        </>
      ) : (
        <div>{t("tab.dashboard.noneMeasured")}</div>
      )}
    </Tile>
  );
}

function Tile({ id, label, value, alert, children }: { id: string; label: string; value: string; alert?: boolean; children?: React.ReactNode }) {
  return (
    <div
      role="listitem"
      data-figure={id}
      style={{
        border: `1px solid ${tokens.colorNeutralStroke2}`,
        borderRadius: tokens.borderRadiusLarge,
        background: tokens.colorNeutralBackground1,
        padding: "10px 14px",
        display: "flex",
        flexDirection: "column",
        gap: 2,
        fontSize: tokens.fontSizeBase200,
        color: tokens.colorNeutralForeground2,
      }}
    >
      <div style={{ fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 }}>
        {label}
      </div>
      <div
        data-value
        style={{
          fontSize: tokens.fontSizeHero700,
          lineHeight: tokens.lineHeightHero700,
          fontWeight: tokens.fontWeightSemibold,
          color: alert ? tokens.colorPaletteRedForeground1 : tokens.colorNeutralForeground1,
          fontVariantNumeric: "tabular-nums",
        }}
      >
        {value}
      </div>
      {children}
    </div>
  );
}

/** A thin bar that repeats a percentage (the number next to it is what is read). */
function Meter({ percent }: { percent: number }) {
  const color = percent >= 90 ? tokens.colorPaletteGreenForeground1 : percent >= 75 ? tokens.colorPaletteMarigoldForeground1 : tokens.colorPaletteRedForeground1;
  return (
    <div aria-hidden="true" style={{ height: 6, borderRadius: 3, background: tokens.colorNeutralBackground5, overflow: "hidden", margin: "2px 0 4px" }}>
      <div style={{ width: `${Math.max(0, Math.min(100, percent))}%`, height: "100%", background: color }} />
    </div>
  );
}
