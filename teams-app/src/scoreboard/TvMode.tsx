/**
 * The scoreboard on an office screen (`?view=scoreboard&tv=1`): dark, large type, one department
 * at a time, moving on every `every` seconds (`&every=20`, 5 to 600, default 15), with every
 * department's two percentages along the bottom and the time of the last update. Needs no
 * mouse or keyboard; follows the stream like the tab.
 */
import { FluentProvider, teamsDarkTheme, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import type { ScoreboardPeriod } from "../../../shared/scoreboard.ts";
import { formatPercent } from "../../../web/format.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { DepartmentCard, GoalLegend, LiveStatus } from "./DepartmentCard.tsx";
import { useScoreboard } from "./useScoreboard.ts";

export const TV_DEFAULT_SECONDS = 15;

/** Seconds between departments, from the URL's `every` (kept between 5 and 600). */
export function rotationSeconds(search: string): number {
  const n = Number(new URLSearchParams(search).get("every"));
  return Number.isFinite(n) && n > 0 ? Math.min(600, Math.max(5, Math.round(n))) : TV_DEFAULT_SECONDS;
}

export function TvMode({ period, everySeconds }: { period: ScoreboardPeriod; everySeconds: number }) {
  const t = useT();
  const locale = useLocale();
  const { board, error, live } = useScoreboard(period);
  const [index, setIndex] = useState(0);
  const count = board?.departments.length ?? 0;

  useEffect(() => {
    // The page around the board is dark too, whatever the host's theme.
    const prev = { bg: document.body.style.backgroundColor, scheme: document.documentElement.style.colorScheme };
    document.body.style.backgroundColor = teamsDarkTheme.colorNeutralBackground3;
    document.documentElement.style.colorScheme = "dark";
    return () => {
      document.body.style.backgroundColor = prev.bg;
      document.documentElement.style.colorScheme = prev.scheme;
    };
  }, []);
  useEffect(() => {
    if (count < 2) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % count), everySeconds * 1000);
    return () => clearInterval(timer);
  }, [count, everySeconds]);

  const shown = count ? index % count : 0;
  const row = board?.departments[shown];
  const small = "clamp(14px, 1.6vw, 32px)";
  return (
    <FluentProvider theme={teamsDarkTheme} style={{ minHeight: "100vh", background: tokens.colorNeutralBackground3 }}>
      <main data-testid="scoreboard-tv" data-index={shown} style={{ minHeight: "100vh", boxSizing: "border-box", padding: "3vh 3vw", display: "flex", flexDirection: "column", gap: "2.5vh", lineHeight: 1.25 }}>
        <header style={{ display: "flex", alignItems: "baseline", gap: "2vw", flexWrap: "wrap", fontSize: small, color: tokens.colorNeutralForeground2 }}>
          <h1 style={{ margin: 0, fontSize: "clamp(20px, 2.6vw, 52px)", color: tokens.colorNeutralForeground1 }}>
            {t("tab.scoreboard.title")} · {t(`tab.scoreboard.period.${period}`)}
          </h1>
          <span style={{ flex: 1 }} />
          {board && <GoalLegend goal={board.goalPercent} tv />}
          {count > 1 && <span data-testid="tv-position">{t("tab.scoreboard.tv.position", { n: shown + 1, total: count })}</span>}
          {board && (
            <span data-testid="tv-updated">
              <LiveStatus live={live} generatedAt={board.generatedAt} />
            </span>
          )}
        </header>
        {error && !board && <p style={{ fontSize: small, color: tokens.colorPaletteRedForeground1 }}>{t("tab.error", { message: error })}</p>}
        {board && !row && <p style={{ fontSize: small }}>{t("tab.scoreboard.empty")}</p>}
        {board && row && (
          <>
            <div style={{ flex: 1, display: "flex", flexDirection: "column" }}>
              <DepartmentCard key={row.key} row={row} period={board.period} goal={board.goalPercent} tv />
            </div>
            <section aria-label={t("tab.scoreboard.tv.all")}>
              <ol style={{ listStyle: "none", margin: 0, padding: 0, display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(180px, 1fr))", gap: "1vh 1vw" }}>
                {board.departments.map((d, i) => (
                  <li
                    key={d.key}
                    aria-current={i === shown ? "true" : undefined}
                    style={{
                      padding: "1vh 1vw",
                      borderRadius: tokens.borderRadiusLarge,
                      border: `2px solid ${i === shown ? tokens.colorNeutralForeground1 : tokens.colorNeutralStroke2}`,
                      background: tokens.colorNeutralBackground1,
                      fontSize: small,
                    }}
                  >
                    <div style={{ fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 }}>{d.key}</div>
                    <div style={{ color: tokens.colorNeutralForeground2, fontVariantNumeric: "tabular-nums" }}>
                      {[d.firstResponse.attainmentPercent, d.resolution.attainmentPercent].map((p) => (p === null ? "–" : formatPercent(p, locale))).join(" · ")}
                    </div>
                  </li>
                ))}
              </ol>
            </section>
          </>
        )}
      </main>
    </FluentProvider>
  );
}
