/**
 * The department's working time: its time zone, its windows per weekday (added and removed one
 * by one, "HH:MM" to "HH:MM", "24:00" for midnight) and a 24x7 switch. SLA clocks run only
 * inside these windows, so the zone is named beside them.
 */
import { Button, Field, Input, Switch, tokens } from "@fluentui/react-components";
import { Fragment, useRef } from "react";
import { WEEKDAYS, type Weekday, type Window } from "../../../shared/domain.ts";
import { LIMITS } from "../../../shared/validation/limits.ts";
import { capitalized, weekdayName } from "../../../web/format.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { ALL_DAY, errorAt, is24x7, type SectionProps } from "./form.ts";
import { InlineError, note, Section } from "./Section.tsx";

const ZONES: string[] = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
const OFFICE_HOURS: Window = ["09:00", "17:00"];

export function CalendarSection({ v, update, errors }: SectionProps) {
  const t = useT();
  const locale = useLocale();
  const allDay = is24x7(v.week);
  // The week before 24x7 was switched on, to give back when it is switched off again.
  const before = useRef<Record<Weekday, Window[]> | undefined>(undefined);

  const setWeek = (week: Record<Weekday, Window[]>, clear = "calendar.week") => update((o) => ({ ...o, week }), clear);
  const setDay = (day: Weekday, windows: Window[]) => setWeek({ ...v.week, [day]: windows }, `calendar.week.${day}`);
  const toggle24x7 = (on: boolean) => {
    if (on) {
      before.current = v.week;
      setWeek(Object.fromEntries(WEEKDAYS.map((d) => [d, [ALL_DAY]])) as Record<Weekday, Window[]>);
    } else {
      const week = before.current ?? (Object.fromEntries(WEEKDAYS.map((d, i) => [d, i < 5 ? [OFFICE_HOURS] : []])) as Record<Weekday, Window[]>);
      setWeek(week);
    }
  };

  return (
    <Section id="calendar" title={t("tab.settings.calendar")}>
      <Field label={t("tab.settings.timeZone")} hint={t("tab.settings.timeZoneHint")} required validationMessage={errors["calendar.timeZone"]} validationState={errors["calendar.timeZone"] ? "error" : "none"}>
        <Input value={v.timeZone} list="settings-zones" autoComplete="off" onChange={(_, d) => update((o) => ({ ...o, timeZone: d.value }), "calendar.timeZone")} />
      </Field>
      <datalist id="settings-zones">
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <Switch checked={allDay} label={t("tab.settings.allDay")} onChange={(_, d) => toggle24x7(d.checked)} />
      {errors["calendar.week"] && (
        <p role="alert" style={{ margin: 0, color: tokens.colorPaletteRedForeground1 }}>
          {errors["calendar.week"]}
        </p>
      )}
      {!allDay && (
        <div role="group" aria-label={t("tab.settings.week", { zone: v.timeZone })} style={{ display: "flex", flexDirection: "column", gap: 10 }}>
          <p style={note}>{t("tab.settings.week", { zone: v.timeZone })}</p>
          {WEEKDAYS.map((day, i) => {
            const name = capitalized(weekdayName(i, locale));
            const windows = v.week[day];
            return (
              <div key={day} role="group" aria-label={name} data-day={day} style={{ display: "flex", flexWrap: "wrap", gap: 8, alignItems: "flex-start", paddingBottom: 8, borderBottom: `1px solid ${tokens.colorNeutralStroke3}` }}>
                <strong style={{ flex: "0 0 100px", paddingTop: 6 }}>{name}</strong>
                <div style={{ display: "flex", flexDirection: "column", gap: 6, flex: "1 1 180px", minWidth: 0 }}>
                  {windows.length === 0 && <span style={{ ...note, paddingTop: 6 }}>{t("card.sla.closed")}</span>}
                  {windows.map(([a, b], k) => {
                    const error = errorAt(errors, `calendar.week.${day}.${k}`);
                    const errorId = `settings-window-${day}-${k}`;
                    const invalid = error ? { "aria-invalid": true, "aria-describedby": errorId } : {};
                    const setWindow = (w: Window) => setDay(day, windows.map((x, j) => (j === k ? w : x)));
                    return (
                      <div key={k} style={{ display: "flex", flexDirection: "column", gap: 2 }}>
                        <div style={{ display: "flex", gap: 6, alignItems: "center", flexWrap: "wrap" }}>
                          {([0, 1] as const).map((end) => (
                            <Fragment key={end}>
                              {end === 1 && <span aria-hidden>–</span>}
                              <Input
                                aria-label={t(end ? "tab.settings.windowEnd" : "tab.settings.windowStart", { day: name, n: k + 1 })}
                                value={end ? b : a}
                                placeholder={end ? "17:00" : "09:00"}
                                inputMode="numeric"
                                style={{ width: 72 }}
                                {...invalid}
                                onChange={(_, d) => setWindow(end ? [a, d.value] : [d.value, b])}
                              />
                            </Fragment>
                          ))}
                          <Button size="small" appearance="subtle" onClick={() => setDay(day, windows.filter((_, j) => j !== k))} aria-label={t("tab.settings.removeWindow", { day: name, n: k + 1 })}>
                            {t("tab.settings.remove")}
                          </Button>
                        </div>
                        <InlineError id={errorId} message={error} />
                      </div>
                    );
                  })}
                  {windows.length < LIMITS.windowsPerDayMax && (
                    <div>
                      <Button size="small" onClick={() => setDay(day, [...windows, nextWindow(windows)])} aria-label={t("tab.settings.addWindowTo", { day: name })}>
                        {t("tab.settings.addWindow")}
                      </Button>
                    </div>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      )}
    </Section>
  );
}

/** A new window: office hours on a closed day, else the afternoon after the last one. */
function nextWindow(windows: Window[]): Window {
  if (!windows.length) return OFFICE_HOURS;
  const end = windows[windows.length - 1][1];
  const h = Number(end.slice(0, 2));
  if (!/^\d\d:\d\d$/.test(end) || h >= 23) return ["", ""];
  return [`${String(h + 1).padStart(2, "0")}:00`, `${String(Math.min(h + 3, 24)).padStart(2, "0")}:00`];
}
