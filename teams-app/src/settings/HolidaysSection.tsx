/**
 * Whole days off: a list of dates, each editable and removable, and "Add public holidays" from
 * the presets shipped with the app (shared/holidays/presets.ts, computed in the browser): a
 * country's national holidays for a year are merged into the list, where they stay editable.
 * The API keeps dates only; a date's name is shown when the chosen country's preset knows it.
 */
import { Button, Dropdown, Field, Input, Option, tokens } from "@fluentui/react-components";
import { useMemo, useState } from "react";
import { HOLIDAY_COUNTRIES, holidayPreset, PRESET_YEARS, type HolidayCountry } from "../../../shared/holidays/presets.ts";
import { LIMITS } from "../../../shared/validation/limits.ts";
import type { StringKey } from "../../../shared/strings/index.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { errorAt, type SectionProps } from "./form.ts";
import { note, Section, grid } from "./Section.tsx";

/** The country a zone most likely means, for the preset picker's first choice. */
const ZONE_COUNTRY: Record<string, HolidayCountry> = {
  "Europe/Madrid": "ES",
  "Atlantic/Canary": "ES",
  "Europe/London": "GB",
  "Asia/Kolkata": "IN",
  "Asia/Calcutta": "IN",
  "Europe/Berlin": "DE",
  "Europe/Paris": "FR",
  "America/Mexico_City": "MX",
};

export function HolidaysSection({ v, update, errors }: SectionProps) {
  const t = useT();
  const locale = useLocale();
  const [country, setCountry] = useState<HolidayCountry>(ZONE_COUNTRY[v.timeZone] ?? (v.timeZone.startsWith("America/") ? "US" : "ES"));
  // From October on, next year's holidays are the ones still to add.
  const [year, setYear] = useState(() => String(new Date().getFullYear() + (new Date().getMonth() >= 9 ? 1 : 0)));
  const [added, setAdded] = useState<string | undefined>();
  const yearNumber = Number(year);
  const yearOk = /^\d{4}$/.test(year) && yearNumber >= PRESET_YEARS.min && yearNumber <= PRESET_YEARS.max;

  // Names of the chosen country's holidays in the years listed.
  const names = useMemo(() => {
    const out = new Map<string, string>();
    for (const y of new Set(v.holidays.map((h) => Number(h.slice(0, 4))).filter((y) => y >= PRESET_YEARS.min && y <= PRESET_YEARS.max))) {
      for (const h of holidayPreset(country, y)) out.set(h.date, h.name[locale]);
    }
    return out;
  }, [v.holidays, country, locale]);

  const setHolidays = (holidays: string[], clear = "calendar.holidays") => update((o) => ({ ...o, holidays }), clear);
  const addPreset = () => {
    if (!yearOk) return;
    const preset = holidayPreset(country, yearNumber).map((h) => h.date);
    const fresh = preset.filter((d) => !v.holidays.includes(d));
    setHolidays([...new Set([...v.holidays.filter(Boolean), ...preset])].sort().concat(v.holidays.filter((h) => !h)));
    setAdded(t("tab.settings.presetAdded", { count: fresh.length, country: t(`tab.settings.country.${country}` as StringKey), year }));
  };

  return (
    <Section id="holidays" title={t("tab.settings.holidays")}>
      <div role="group" aria-label={t("tab.settings.preset")} style={{ ...grid, alignItems: "end" }}>
        <Field label={t("tab.settings.country")}>
          <Dropdown
            value={t(`tab.settings.country.${country}` as StringKey)}
            selectedOptions={[country]}
            onOptionSelect={(_, d) => d.optionValue && setCountry(d.optionValue as HolidayCountry)}
            style={{ minWidth: 0 }}
          >
            {HOLIDAY_COUNTRIES.map((c) => (
              <Option key={c} value={c}>
                {t(`tab.settings.country.${c}` as StringKey)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={t("tab.settings.year")} validationMessage={yearOk ? undefined : t("tab.settings.error.year")} validationState={yearOk ? "none" : "error"}>
          <Input value={year} inputMode="numeric" onChange={(_, d) => setYear(d.value.trim())} />
        </Field>
        <div>
          <Button onClick={addPreset} disabled={!yearOk}>
            {t("tab.settings.addPreset")}
          </Button>
        </div>
      </div>
      {added && (
        <p role="status" style={note}>
          {added}
        </p>
      )}
      {v.holidays.length === 0 && <p style={note}>{t("tab.dashboard.noHolidays")}</p>}
      <ul data-testid="settings-holiday-list" style={{ listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: 6 }}>
        {v.holidays.map((h, i) => {
          const error = errorAt(errors, `calendar.holidays.${i}`);
          return (
            // A line under each: on a phone a date's name wraps below it and must not read as the next one's.
            <li key={i} style={{ display: "flex", flexWrap: "wrap", gap: 8, alignItems: "center", paddingBottom: 6, borderBottom: `1px solid ${tokens.colorNeutralStroke3}` }}>
              <Field validationMessage={error} validationState={error ? "error" : "none"} style={{ flex: "0 1 170px" }}>
                <Input
                  type="date"
                  value={h}
                  aria-label={t("tab.settings.holidayDate", { n: i + 1 })}
                  onChange={(_, d) => setHolidays(v.holidays.map((x, j) => (j === i ? d.value : x)), `calendar.holidays.${i}`)}
                />
              </Field>
              <span style={{ flex: "1 1 120px", minWidth: 0 }}>{names.get(h) ?? ""}</span>
              <Button size="small" appearance="subtle" aria-label={t("tab.settings.removeHoliday", { date: h || String(i + 1) })} onClick={() => setHolidays(v.holidays.filter((_, j) => j !== i))}>
                {t("tab.settings.remove")}
              </Button>
            </li>
          );
        })}
      </ul>
      {v.holidays.length < LIMITS.holidaysMax && (
        <div>
          <Button size="small" onClick={() => setHolidays([...v.holidays, ""])}>
            {t("tab.settings.addHoliday")}
          </Button>
        </div>
      )}
    </Section>
  );
}
