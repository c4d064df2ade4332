import { Dropdown, Field, Option, Spinner, tokens } from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import type { Department } from "../../../shared/domain.ts";
import { wallClock } from "../../../shared/sla/zone.ts";
import type { DepartmentStats, TrendWeek } from "../../../shared/stats/index.ts";
import { Figures } from "../dashboard/Figures.tsx";
import { formatDate } from "../../../web/format.ts";
import { PublishedSla } from "../dashboard/PublishedSla.tsx";
import { TrendCharts } from "../dashboard/TrendCharts.tsx";
import { useLocale, useT } from "../../../web/i18n.ts";
import { useSession } from "../session.ts";
import { ErrorBar } from "../components/ErrorBar.tsx";
import { Kudos } from "../dashboard/Kudos.tsx";
import { Nps } from "../dashboard/Nps.tsx";
import { ReportDownload } from "../dashboard/ReportDownload.tsx";

/** What `GET /api/departments/:key/stats` answers (shared/stats.ts has the definitions). */
export type StatsResponse = DepartmentStats & { department: { key: string; name: string; timeZone: string }; trend: TrendWeek[] };

type Period = "thisMonth" | "lastMonth" | "last90";
const PERIODS: Period[] = ["thisMonth", "lastMonth", "last90"];
const REFRESH_MS = 60_000;

/** Adds days to a local date "YYYY-MM-DD" (calendar arithmetic, no zone involved). */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The stats query of a period; plain dates are read by the service in the department's zone. */
function periodQuery(period: Period, timeZone: string, now: number): string {
  const today = wallClock(timeZone, now).date;
  if (period === "lastMonth") {
    const first = `${today.slice(0, 7)}-01`;
    const prev = addDays(first, -1).slice(0, 7);
    return `?from=${prev}-01&to=${first}`;
  }
  if (period === "last90") return `?from=${addDays(today, -89)}&to=${addDays(today, 1)}`;
  return "";
}

/**
 * A department's SLA dashboard, for everyone in the tenant: the period's figures (on-time
 * percentages, medians, backlog, broken promises, satisfaction), the weekly trend as charts,
 * and the published SLA (targets, working week, holidays, owners).
 */
export function Dashboard({ department }: { department: Department }) {
  const t = useT();
  const locale = useLocale();
  const { api, me } = useSession();
  const lead = me.isAdmin || me.departments.some((d) => d.key === department.key && d.role === "lead");
  const [period, setPeriod] = useState<Period>("thisMonth");
  const [stats, setStats] = useState<StatsResponse | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [now, setNow] = useState(() => Date.now());
  const [attempt, setAttempt] = useState(0);
  const zone = department.calendar.timeZone;

  const load = useCallback(
    (signal: { cancelled: boolean }) => {
      const at = Date.now();
      api.get<StatsResponse>(`/api/departments/${encodeURIComponent(department.key)}/stats${periodQuery(period, zone, at)}`).then(
        (s) => {
          if (signal.cancelled) return;
          setStats(s);
          setNow(at);
          setError(undefined);
        },
        (err: unknown) => !signal.cancelled && setError(err instanceof Error ? err.message : String(err)),
      );
    },
    [api, department.key, period, zone],
  );

  useEffect(() => {
    const signal = { cancelled: false };
    setStats(undefined);
    load(signal);
    // Aggregates move slowly: a quiet refresh each minute keeps a pinned tab current.
    const timer = setInterval(() => load(signal), REFRESH_MS);
    return () => {
      signal.cancelled = true;
      clearInterval(timer);
    };
  }, [load, attempt]);

  const range =
    stats &&
    t("tab.dashboard.range", {
      from: formatDate(wallClock(zone, Date.parse(stats.from)).date, locale),
      to: formatDate(wallClock(zone, Date.parse(stats.to) - 1).date, locale),
      zone,
    });

  return (
    <div style={{ display: "flex", flexWrap: "wrap", gap: 24, alignItems: "flex-start" }} data-testid="dashboard">
      <div style={{ flex: "3 1 520px", minWidth: 0, display: "flex", flexDirection: "column", gap: 16 }}>
        {department.description && <p style={{ margin: 0, color: tokens.colorNeutralForeground2 }}>{department.description}</p>}
        <div style={{ display: "flex", alignItems: "flex-end", gap: 16, flexWrap: "wrap" }}>
          <h2 style={{ margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, flex: "1 1 auto" }}>{t("tab.dashboard.results")}</h2>
          <Field label={t("tab.dashboard.period")} orientation="horizontal" style={{ alignItems: "center" }}>
            <Dropdown value={t(`tab.dashboard.period.${period}`)} selectedOptions={[period]} onOptionSelect={(_, d) => d.optionValue && setPeriod(d.optionValue as Period)} style={{ minWidth: 160 }}>
              {PERIODS.map((p) => (
                <Option key={p} value={p}>
                  {t(`tab.dashboard.period.${p}`)}
                </Option>
              ))}
            </Dropdown>
          </Field>
        </div>
        {range && <div style={{ marginTop: -10, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 }}>{range}</div>}
        {error && (
          <ErrorBar message={error} onRetry={() => setAttempt((n) => n + 1)} />
        )}
        {!stats && !error && <Spinner label={t("tab.loading")} />}
        {stats && (
          <>
            <Figures stats={stats} />
            {lead && period !== "last90" && <ReportDownload departmentKey={department.key} month={wallClock(zone, Date.parse(stats.from)).date.slice(0, 7)} />}
            <TrendCharts weeks={stats.trend} />
          </>
        )}
        <Nps departmentKey={department.key} />
        <Kudos departmentKey={department.key} />
      </div>
      <aside
        style={{
          flex: "1 1 280px",
          minWidth: 0,
          border: `1px solid ${tokens.colorNeutralStroke2}`,
          borderRadius: tokens.borderRadiusLarge,
          padding: 16,
          background: tokens.colorNeutralBackground2,
        }}
      >
        <PublishedSla department={department} now={now} />
      </aside>
    </div>
  );
}
