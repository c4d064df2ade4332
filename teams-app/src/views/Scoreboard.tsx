import { Caption1, Spinner, Tab, TabList, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { ScoreboardPeriod } from "../../../shared/scoreboard.ts";
import { useT } from "../../../web/i18n.ts";
import { ErrorBar } from "../components/ErrorBar.tsx";
import { DepartmentCard, GoalLegend, LiveStatus } from "../scoreboard/DepartmentCard.tsx";
import { rotationSeconds, TvMode } from "../scoreboard/TvMode.tsx";
import { useScoreboard } from "../scoreboard/useScoreboard.ts";

const periodOf = (search: string): ScoreboardPeriod => (new URLSearchParams(search).get("period") === "quarter" ? "quarter" : "month");

/**
 * The company scoreboard (`?view=scoreboard`, a personal tab for every employee): every
 * department side by side, updated live. `&tv=1`: the full-screen TV mode for an office screen
 * (`&every=` seconds per department, `&period=quarter`).
 */
export function Scoreboard() {
  const search = location.search;
  if (new URLSearchParams(search).get("tv") === "1") return <TvMode period={periodOf(search)} everySeconds={rotationSeconds(search)} />;
  return <ScoreboardPage initial={periodOf(search)} />;
}

function ScoreboardPage({ initial }: { initial: ScoreboardPeriod }) {
  const t = useT();
  const [period, setPeriod] = useState<ScoreboardPeriod>(initial);
  const { board, error, live, retry } = useScoreboard(period);
  // The same page's address (its locale, theme, ...) in TV mode, for the office screen's browser.
  const tv = new URLSearchParams(location.search);
  tv.set("view", "scoreboard");
  tv.set("tv", "1");
  tv.set("period", period);
  const tvHref = `?${tv.toString()}`;
  return (
    <div data-testid="scoreboard" style={{ display: "flex", flexDirection: "column", gap: 12 }}>
      <p style={{ margin: 0, color: tokens.colorNeutralForeground2 }}>{t("tab.scoreboard.intro")}</p>
      <div style={{ display: "flex", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
        <TabList selectedValue={period} onTabSelect={(_, d) => setPeriod(d.value as ScoreboardPeriod)} aria-label={t("tab.dashboard.period")}>
          <Tab value="month">{t("tab.scoreboard.period.month")}</Tab>
          <Tab value="quarter">{t("tab.scoreboard.period.quarter")}</Tab>
        </TabList>
        <span style={{ flex: 1 }} />
        {board && (
          <Caption1>
            <GoalLegend goal={board.goalPercent} />
          </Caption1>
        )}
        {board && (
          <Caption1 data-testid="scoreboard-updated">
            <LiveStatus live={live} generatedAt={board.generatedAt} />
          </Caption1>
        )}
        <a href={tvHref} target="_blank" rel="noopener" style={{ color: tokens.colorBrandForegroundLink }}>
          {t("tab.scoreboard.tvLink")}
        </a>
      </div>
      {error && <ErrorBar message={error} onRetry={retry} />}
      {!board && !error && <Spinner label={t("tab.loading")} />}
      {board && !board.departments.length && <p>{t("tab.scoreboard.empty")}</p>}
      {board && (
        <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 300px), 1fr))", gap: 12 }}>
          {board.departments.map((row) => (
            <DepartmentCard key={row.key} row={row} period={board.period} goal={board.goalPercent} />
          ))}
        </div>
      )}
    </div>
  );
}
