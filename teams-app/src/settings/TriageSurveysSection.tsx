/**
 * The triage channel (linked by "@Tandem link KEY" in the channel itself; here it can only be
 * shown and cleared) and the feedback settings: how often a person is asked to rate, and the
 * NPS pulse (on or off, its period, how many people are asked).
 */
import { Button, Dropdown, Field, Input, Option, Switch } from "@fluentui/react-components";
import { useRef } from "react";
import { PULSE_PERIOD_MONTHS } from "../../../shared/domain.ts";
import { useT } from "../../../web/i18n.ts";
import type { FormValues, SectionProps } from "./form.ts";
import { grid, note, Section } from "./Section.tsx";

export function TriageSurveysSection({ v, update, errors }: SectionProps) {
  const t = useT();
  const cleared = useRef<FormValues["triageChannel"]>(undefined);
  const channel = v.triageChannel;
  const months = (m: number) => t("tab.settings.pulseMonths", { count: m });
  return (
    <>
      <Section id="triage" title={t("tab.settings.triage")}>
        {channel ? (
          <div style={{ display: "flex", flexWrap: "wrap", gap: 8, alignItems: "center" }}>
            <span data-testid="settings-channel">{t("tab.settings.triageIs", { name: channel.name || channel.id })}</span>
            <Button
              size="small"
              onClick={() => {
                cleared.current = channel;
                update((o) => ({ ...o, triageChannel: null }), "triageChannel");
              }}
            >
              {t("tab.settings.triageClear")}
            </Button>
          </div>
        ) : channel === null ? (
          <div style={{ display: "flex", flexWrap: "wrap", gap: 8, alignItems: "center" }}>
            <span data-testid="settings-channel">{t("tab.settings.triageCleared")}</span>
            <Button size="small" onClick={() => update((o) => ({ ...o, triageChannel: cleared.current }), "triageChannel")}>
              {t("tab.settings.undo")}
            </Button>
          </div>
        ) : (
          <p style={{ margin: 0 }} data-testid="settings-channel">
            {t("tab.settings.triageNone")}
          </p>
        )}
        <p style={note}>{t("tab.settings.triageHint", { key: v.key })}</p>
        {errors.triageChannel && <p role="alert">{errors.triageChannel}</p>}
      </Section>
      <Section id="surveys" title={t("tab.settings.surveys")}>
        <div style={grid}>
          <Field
            style={{ maxWidth: 420 }}
            label={t("tab.settings.ratingEveryDays")}
            hint={t("tab.settings.ratingEveryDaysHint")}
            validationMessage={errors["surveys.ratingEveryDays"]}
            validationState={errors["surveys.ratingEveryDays"] ? "error" : "none"}
          >
            <Input value={v.ratingEveryDays} inputMode="numeric" onChange={(_, d) => update((o) => ({ ...o, ratingEveryDays: d.value }), "surveys.ratingEveryDays")} />
          </Field>
        </div>
        <Switch checked={v.pulseEnabled} label={t("tab.settings.pulseEnabled")} onChange={(_, d) => update((o) => ({ ...o, pulseEnabled: d.checked }))} />
        <div style={grid}>
          <Field label={t("tab.settings.pulseEvery")}>
            <Dropdown
              value={months(v.pulseEveryMonths)}
              selectedOptions={[String(v.pulseEveryMonths)]}
              disabled={!v.pulseEnabled}
              onOptionSelect={(_, d) => d.optionValue && update((o) => ({ ...o, pulseEveryMonths: Number(d.optionValue) as FormValues["pulseEveryMonths"] }))}
              style={{ minWidth: 0 }}
            >
              {PULSE_PERIOD_MONTHS.map((m) => (
                <Option key={m} value={String(m)}>
                  {months(m)}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field
            label={t("tab.settings.pulseSample")}
            validationMessage={errors["surveys.pulseSample"]}
            validationState={errors["surveys.pulseSample"] ? "error" : "none"}
          >
            <Input value={v.pulseSample} inputMode="numeric" disabled={!v.pulseEnabled} onChange={(_, d) => update((o) => ({ ...o, pulseSample: d.value }), "surveys.pulseSample")} />
          </Field>
        </div>
      </Section>
    </>
  );
}
