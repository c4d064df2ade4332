/**
 * A department's published SLA, as anyone in the tenant sees it: targets per priority, the
 * working week in the department's time zone (and whether it is open right now), the next
 * holidays, and the leads who own the promise.
 */
import { Badge, tokens } from "@fluentui/react-components";
import { PRIORITIES, WEEKDAYS, type Department } from "../../../shared/domain.ts";
import { isWorkingInstant, nextWorkingInstant } from "../../../shared/sla/calendar.ts";
import { wallClock } from "../../../shared/sla/zone.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { capitalized, formatDate, formatMinutes, formatTime, weekdayName } from "../../../web/format.ts";
import { table, td, th, thNum, tdNum } from "./TrendCharts.tsx";
import { ChangeLog } from "./ChangeLog.tsx";

export function PublishedSla({ department: d, now }: { department: Department; now: number }) {
  const t = useT();
  const locale = useLocale();
  const zone = d.calendar.timeZone;
  const open = isWorkingInstant(d.calendar, now);
  const opens = open ? undefined : nextWorkingInstant(d.calendar, now);
  const today = wallClock(zone, now);
  const holidays = [...d.calendar.holidays].filter((h) => h >= today.date).sort().slice(0, 5);
  return (
    <section aria-labelledby="sla-heading" style={{ display: "flex", flexDirection: "column", gap: 14 }}>
      <h2 id="sla-heading" style={h2}>
        {t("tab.dashboard.sla")}
      </h2>

      <div>
        <h3 style={h3}>{t("tab.dashboard.targets")}</h3>
        <TargetsTable targets={d.sla.targets} testId="sla-targets" />
        <p style={note}>{t("tab.dashboard.warnAt", { percent: d.sla.warnAtPercent })}</p>
      </div>

      <div>
        <h3 style={h3}>{t("tab.dashboard.hours", { zone })}</h3>
        <p style={{ margin: "4px 0 6px" }}>
          <Badge appearance="tint" color={open ? "success" : "subtle"} shape="rounded">
            {open ? t("tab.dashboard.openNow") : t("tab.dashboard.closedNow")}
          </Badge>{" "}
          {!open && opens !== undefined && Number.isFinite(opens) && <span style={note}>{t("tab.dashboard.opensAt", { time: formatTime(opens, zone, locale) })}</span>}
        </p>
        <table style={{ ...table, width: "100%" }} data-testid="sla-hours">
          <tbody>
            {WEEKDAYS.map((day, i) => {
              const windows = d.calendar.week[day];
              const isToday = today.weekday === i;
              return (
                <tr key={day} style={isToday ? { fontWeight: tokens.fontWeightSemibold } : undefined}>
                  <th scope="row" style={{ ...td, fontWeight: "inherit", textAlign: "start" }}>
                    {weekdayName(i, locale)}
                    {isToday && <span style={{ color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightRegular }}> · {t("tab.dashboard.today")}</span>}
                  </th>
                  <td style={{ ...tdNum, color: windows.length ? undefined : tokens.colorNeutralForeground3 }}>
                    {windows.length ? windows.map(([a, b]) => `${a}–${b}`).join(", ") : t("card.sla.closed")}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div>
        <h3 style={h3}>{t("card.sla.holidays")}</h3>
        {holidays.length ? (
          <ul style={list} data-testid="sla-holidays">
            {holidays.map((h) => (
              <li key={h}>{capitalized(formatDate(h, locale, "weekday"))}</li>
            ))}
          </ul>
        ) : (
          <p style={note}>{t("tab.dashboard.noHolidays")}</p>
        )}
      </div>

      <div>
        <h3 style={h3}>{t("tab.dashboard.owners")}</h3>
        {d.leads.length ? (
          <ul style={list} data-testid="sla-owners">
            {d.leads.map((l) => (
              <li key={l.id}>{l.name}</li>
            ))}
          </ul>
        ) : (
          <p style={note}>{t("tab.dashboard.noOwners")}</p>
        )}
      </div>

      <ChangeLog departmentKey={d.key} />
    </section>
  );
}

/** Targets per priority: first response and resolution (the published SLA, the monthly review). */
export function TargetsTable({ targets, testId, caption }: { targets: Department["sla"]["targets"]; testId: string; caption?: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <table style={{ ...table, width: "100%" }} data-testid={testId}>
      {caption && <caption style={{ ...note, textAlign: "start", captionSide: "top" }}>{caption}</caption>}
      <thead>
        <tr>
          <th style={th}>{t("card.priority")}</th>
          <th style={thNum}>{t("clock.firstResponse")}</th>
          <th style={thNum}>{t("clock.resolution")}</th>
        </tr>
      </thead>
      <tbody>
        {PRIORITIES.map((p) => (
          <tr key={p}>
            <td style={td}>{t(`priority.${p}`)}</td>
            <td style={tdNum}>{formatMinutes(targets[p].firstResponseMinutes, locale)}</td>
            <td style={tdNum}>{formatMinutes(targets[p].resolutionMinutes, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const h2: React.CSSProperties = { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase400 };
const h3: React.CSSProperties = { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold };
const note: React.CSSProperties = { margin: "6px 0 0", color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 };
const list: React.CSSProperties = { margin: "6px 0 0", paddingInlineStart: 20 };
