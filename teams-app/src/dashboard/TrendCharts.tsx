/**
 * The weekly trend of a department, drawn by hand in SVG (no chart library: the tab stays
 * small): on-time percentages per week as two lines, and requests filed and resolved per week
 * as bars. Each chart carries a text summary for screen readers, every point a tooltip, and
 * "Show the numbers" opens the same data as a table.
 *
 * Series differ by colour AND by line style and marker (solid with circles, dashed with
 * squares), so they stay apart in high contrast and for colour-blind readers.
 */
import { tokens } from "@fluentui/react-components";
import type { TrendWeek } from "../../../shared/stats/index.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { formatDate, formatNumber, formatPercent } from "../../../web/format.ts";
import { useWidth } from "./useWidth.ts";

const H = 210;
const M = { l: 46, r: 14, t: 16, b: 30 };

export const SERIES = {
  firstResponse: { color: tokens.colorBrandForeground1, dash: undefined, marker: "circle" },
  resolution: { color: tokens.colorPaletteDarkOrangeForeground1, dash: "6 4", marker: "square" },
  filed: { color: tokens.colorNeutralForeground3 },
  resolved: { color: tokens.colorBrandForeground1 },
} as const;

const axisText = { fill: tokens.colorNeutralForeground2, fontSize: 12, fontFamily: tokens.fontFamilyBase } as const;

export function TrendCharts({ weeks }: { weeks: TrendWeek[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="trend-heading" style={{ display: "flex", flexDirection: "column", gap: 8 }}>
      <h2 id="trend-heading" style={heading}>
        {t("tab.dashboard.trend", { weeks: weeks.length })}
      </h2>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(300px, 1fr))", gap: 16 }}>
        <AttainmentChart weeks={weeks} />
        <VolumeChart weeks={weeks} />
      </div>
      <details>
        <summary style={{ cursor: "pointer", color: tokens.colorBrandForegroundLink, width: "fit-content" }}>{t("tab.dashboard.trend.showNumbers")}</summary>
        <div style={{ overflowX: "auto" }}>
          <table style={table} data-testid="trend-table">
            <thead>
              <tr>
                <th style={th}>{t("tab.dashboard.trend.week")}</th>
                <th style={thNum}>{t("tab.dashboard.trend.filed")}</th>
                <th style={thNum}>{t("tab.dashboard.trend.resolved")}</th>
                <th style={thNum}>{t("tab.dashboard.firstResponse")}</th>
                <th style={thNum}>{t("tab.dashboard.resolution")}</th>
              </tr>
            </thead>
            <tbody>
              {weeks.map((w) => (
                <tr key={w.weekStart}>
                  <td style={td}>{formatDate(w.weekStart, locale, "long")}</td>
                  <td style={tdNum}>{w.created}</td>
                  <td style={tdNum}>{w.resolved}</td>
                  <td style={tdNum}>{pct(w.firstResponseAttainment)}</td>
                  <td style={tdNum}>{pct(w.resolutionAttainment)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );

  function pct(v: number | null) {
    return v === null ? t("tab.dashboard.trend.noData") : formatPercent(v, locale);
  }
}

/** x of the middle of week i, and the width of one week's band. */
function bands(n: number, width: number) {
  const band = (width - M.l - M.r) / Math.max(1, n);
  return { band, x: (i: number) => M.l + band * (i + 0.5) };
}

function WeekLabels({ weeks, width }: { weeks: TrendWeek[]; width: number }) {
  const locale = useLocale();
  const { band, x } = bands(weeks.length, width);
  // Every label when they fit, otherwise every other one (the newest week always labelled).
  const step = band >= 44 ? 1 : 2;
  return (
    <>
      {weeks.map((w, i) =>
        (weeks.length - 1 - i) % step === 0 ? (
          <text key={w.weekStart} x={x(i)} y={H - 10} textAnchor="middle" {...axisText}>
            {formatDate(w.weekStart, locale, "short")}
          </text>
        ) : null,
      )}
    </>
  );
}

function Grid({ ticks, y, label, width }: { ticks: number[]; y: (v: number) => number; label: (v: number) => string; width: number }) {
  return (
    <g aria-hidden="true">
      {ticks.map((v) => (
        <g key={v}>
          <line x1={M.l} x2={width - M.r} y1={y(v)} y2={y(v)} stroke={tokens.colorNeutralStroke2} strokeWidth={1} />
          <text x={M.l - 6} y={y(v) + 4} textAnchor="end" {...axisText}>
            {label(v)}
          </text>
        </g>
      ))}
      <line x1={M.l} x2={width - M.r} y1={y(0)} y2={y(0)} stroke={tokens.colorNeutralStroke1} strokeWidth={1} />
    </g>
  );
}

function Legend({ items }: { items: Array<{ label: string; swatch: React.ReactNode }> }) {
  return (
    <div style={{ display: "flex", gap: 16, flexWrap: "wrap", fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 }} aria-hidden="true">
      {items.map((it) => (
        <span key={it.label} style={{ display: "inline-flex", alignItems: "center", gap: 6 }}>
          <svg width={26} height={12} style={{ overflow: "visible" }}>
            {it.swatch}
          </svg>
          {it.label}
        </span>
      ))}
    </div>
  );
}

function Marker({ kind, x, y, color }: { kind: "circle" | "square"; x: number; y: number; color: string }) {
  return kind === "circle" ? (
    <circle cx={x} cy={y} r={4.5} fill={color} stroke={tokens.colorNeutralBackground1} strokeWidth={1.5} />
  ) : (
    <rect x={x - 4.5} y={y - 4.5} width={9} height={9} fill={color} stroke={tokens.colorNeutralBackground1} strokeWidth={1.5} />
  );
}

function AttainmentChart({ weeks }: { weeks: TrendWeek[] }) {
  const t = useT();
  const locale = useLocale();
  const [ref, width] = useWidth<HTMLDivElement>();
  const { x } = bands(weeks.length, width);
  const y = (v: number) => M.t + ((100 - v) / 100) * (H - M.t - M.b);
  const series = [
    { key: "firstResponse" as const, label: t("tab.dashboard.firstResponse"), value: (w: TrendWeek) => w.firstResponseAttainment },
    { key: "resolution" as const, label: t("tab.dashboard.resolution"), value: (w: TrendWeek) => w.resolutionAttainment },
  ];
  const weekName = (w: TrendWeek) => t("tab.dashboard.trend.weekOf", { date: formatDate(w.weekStart, locale, "short") });
  const show = (v: number | null) => (v === null ? t("tab.dashboard.trend.noData") : formatPercent(v, locale));
  const summary =
    t("tab.dashboard.trend.attainment") +
    ". " +
    series.map((s) => `${s.label}: ${weeks.map((w) => `${weekName(w)} ${show(s.value(w))}`).join(", ")}`).join(". ");

  return (
    <figure style={figure}>
      <figcaption style={caption}>{t("tab.dashboard.trend.attainment")}</figcaption>
      <Legend
        items={series.map((s) => ({
          label: s.label,
          swatch: (
            <>
              <line x1={0} x2={26} y1={6} y2={6} stroke={SERIES[s.key].color} strokeWidth={2} strokeDasharray={SERIES[s.key].dash} />
              <Marker kind={SERIES[s.key].marker} x={13} y={6} color={SERIES[s.key].color} />
            </>
          ),
        }))}
      />
      <div ref={ref}>
        <svg width={width} height={H} role="img" aria-label={summary} data-chart="attainment" style={{ display: "block", overflow: "visible" }}>
          <Grid ticks={[0, 25, 50, 75, 100]} y={y} width={width} label={(v) => formatPercent(v, locale)} />
          <WeekLabels weeks={weeks} width={width} />
          {series.map((s) => {
            // A line joins consecutive weeks that have a value; a week with nothing measured breaks it.
            const segments: string[] = [];
            let d = "";
            weeks.forEach((w, i) => {
              const v = s.value(w);
              if (v === null) {
                if (d) segments.push(d);
                d = "";
              } else d += `${d ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
            });
            if (d) segments.push(d);
            const st = SERIES[s.key];
            return (
              <g key={s.key}>
                {segments.map((p) => (
                  <path key={p} d={p} fill="none" stroke={st.color} strokeWidth={2.5} strokeDasharray={st.dash} strokeLinejoin="round" />
                ))}
                {weeks.map((w, i) => {
                  const v = s.value(w);
                  return v === null ? null : (
                    <g key={w.weekStart} data-series={s.key} data-week={w.weekStart} data-value={v}>
                      <title>{`${s.label}, ${weekName(w)}: ${formatPercent(v, locale)}`}</title>
                      <Marker kind={st.marker} x={x(i)} y={y(v)} color={st.color} />
                    </g>
                  );
                })}
              </g>
            );
          })}
        </svg>
      </div>
    </figure>
  );
}

/** A count axis: a round step (1, 2, 5, 10, 20, 50...) giving about four intervals, and its top. */
export function countScale(max: number): { top: number; ticks: number[] } {
  const raw = Math.max(1, max) / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p);
  const top = Math.max(max === 0 ? 4 : step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return { top, ticks };
}

function VolumeChart({ weeks }: { weeks: TrendWeek[] }) {
  const t = useT();
  const locale = useLocale();
  const [ref, width] = useWidth<HTMLDivElement>();
  const { band, x } = bands(weeks.length, width);
  const { top, ticks } = countScale(Math.max(0, ...weeks.map((w) => Math.max(w.created, w.resolved))));
  const y = (v: number) => M.t + ((top - v) / top) * (H - M.t - M.b);
  const barW = Math.min(22, Math.max(4, band * 0.32));
  const series = [
    { key: "filed" as const, label: t("tab.dashboard.trend.filed"), value: (w: TrendWeek) => w.created, dx: -barW / 2 - 1 },
    { key: "resolved" as const, label: t("tab.dashboard.trend.resolved"), value: (w: TrendWeek) => w.resolved, dx: barW / 2 + 1 },
  ];
  const weekName = (w: TrendWeek) => t("tab.dashboard.trend.weekOf", { date: formatDate(w.weekStart, locale, "short") });
  const summary =
    t("tab.dashboard.trend.volume") +
    ". " +
    weeks.map((w) => `${weekName(w)}: ${series.map((s) => `${s.label} ${s.value(w)}`).join(", ")}`).join("; ");
  return (
    <figure style={figure}>
      <figcaption style={caption}>{t("tab.dashboard.trend.volume")}</figcaption>
      <Legend items={series.map((s) => ({ label: s.label, swatch: <rect x={7} y={0} width={12} height={12} fill={SERIES[s.key].color} /> }))} />
      <div ref={ref}>
        <svg width={width} height={H} role="img" aria-label={summary} data-chart="volume" style={{ display: "block", overflow: "visible" }}>
          <Grid ticks={ticks} y={y} width={width} label={(v) => formatNumber(v, locale)} />
          <WeekLabels weeks={weeks} width={width} />
          {weeks.map((w, i) => (
            <g key={w.weekStart} data-week={w.weekStart}>
              {series.map((s) => {
                const v = s.value(w);
                const cx = x(i) + s.dx;
                return (
                  <g key={s.key} data-series={s.key} data-value={v}>
                    <title>{`${s.label}, ${weekName(w)}: ${v}`}</title>
                    <rect x={cx - barW / 2} y={y(v)} width={barW} height={Math.max(0, y(0) - y(v))} fill={SERIES[s.key].color} />
                    {v > 0 && (
                      <text x={cx} y={y(v) - 4} textAnchor="middle" {...axisText} fontSize={11}>
                        {v}
                      </text>
                    )}
                  </g>
                );
              })}
            </g>
          ))}
        </svg>
      </div>
    </figure>
  );
}

const heading: React.CSSProperties = { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase400 };
const figure: React.CSSProperties = { margin: 0, display: "flex", flexDirection: "column", gap: 6, minWidth: 0 };
const caption: React.CSSProperties = { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase300 };
export const table: React.CSSProperties = { borderCollapse: "collapse", marginTop: 8, fontSize: tokens.fontSizeBase300 };
export const th: React.CSSProperties = { textAlign: "start", padding: "4px 12px 4px 0", borderBottom: `1px solid ${tokens.colorNeutralStroke1}`, fontWeight: tokens.fontWeightSemibold };
export const thNum: React.CSSProperties = { ...th, textAlign: "end" };
export const td: React.CSSProperties = { padding: "4px 12px 4px 0", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` };
export const tdNum: React.CSSProperties = { ...td, textAlign: "end", fontVariantNumeric: "tabular-nums" };
