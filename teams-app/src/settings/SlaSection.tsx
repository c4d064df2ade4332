/**
 * The promise: the "at risk" threshold, the department's targets per priority (first response
 * and resolution, typed as "4 h" or "30 min", sent as minutes) and each category's own targets,
 * where an empty field follows the department's (shown as its placeholder). A category's targets
 * apply to requests filed after the save; requests already filed keep theirs.
 */
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Field, Input } from "@fluentui/react-components";
import { PRIORITIES, type Priority } from "../../../shared/domain.ts";
import { useT } from "../../../web/i18n.ts";
import type { StringKey } from "../../../shared/strings/index.ts";
import type { SectionProps, TargetText } from "./form.ts";
import { grid, note, Section } from "./Section.tsx";
import type { FieldErrors } from "./types.ts";

type Clock = keyof TargetText;
const CLOCKS: Clock[] = ["firstResponseMinutes", "resolutionMinutes"];
const CLOCK_LABEL: Record<Clock, StringKey> = { firstResponseMinutes: "clock.firstResponse", resolutionMinutes: "clock.resolution" };

export function SlaSection({ v, update, errors }: SectionProps) {
  const t = useT();
  const setTarget = (p: Priority, clock: Clock, text: string) =>
    update((o) => ({ ...o, targets: { ...o.targets, [p]: { ...o.targets[p], [clock]: text } } }), `sla.targets.${p}.${clock}`);
  const setOwn = (i: number, p: Priority, clock: Clock, text: string) =>
    update(
      (o) => ({ ...o, categories: o.categories.map((c, j) => (j === i ? { ...c, targets: { ...c.targets, [p]: { ...c.targets[p], [clock]: text } } } : c)) }),
      `categories.${i}.sla.targets.${p}.${clock}`,
    );
  return (
    <Section id="sla" title={t("tab.settings.sla")}>
      <Field
        label={t("tab.settings.warnAt")}
        hint={t("tab.settings.warnAtHint")}
        validationMessage={errors["sla.warnAtPercent"]}
        validationState={errors["sla.warnAtPercent"] ? "error" : "none"}
        style={{ maxWidth: 320 }}
      >
        <Input value={v.warnAtPercent} inputMode="numeric" contentAfter="%" onChange={(_, d) => update((o) => ({ ...o, warnAtPercent: d.value }), "sla.warnAtPercent")} />
      </Field>
      <p style={note}>{t("tab.settings.durationHint")}</p>
      <Targets values={v.targets} path="sla.targets" errors={errors} onChange={setTarget} />
      {v.categories.length > 0 && (
        <>
          <h4 style={{ margin: "8px 0 0" }}>{t("tab.settings.categoryTargets")}</h4>
          <p style={note}>{t("tab.settings.categoryTargetsHint")}</p>
          <Accordion multiple collapsible defaultOpenItems={v.categories.map((c, i) => (hasOwn(c.targets) || hasErrorIn(errors, `categories.${i}.sla`) ? i : -1)).filter((i) => i >= 0)}>
            {v.categories.map((c, i) => (
              <AccordionItem key={i} value={i}>
                <AccordionHeader>
                  {c.name || c.key || t("tab.settings.newCategory")}
                  {hasOwn(c.targets) && <span style={note}>&nbsp;· {t("tab.settings.ownTargets")}</span>}
                </AccordionHeader>
                <AccordionPanel>
                  <Targets
                    values={c.targets}
                    path={`categories.${i}.sla.targets`}
                    errors={errors}
                    inherited={v.targets}
                    labelPrefix={c.name || c.key}
                    onChange={(p, clock, text) => setOwn(i, p, clock, text)}
                  />
                </AccordionPanel>
              </AccordionItem>
            ))}
          </Accordion>
        </>
      )}
    </Section>
  );
}

const hasOwn = (targets: Record<Priority, TargetText>) => PRIORITIES.some((p) => targets[p].firstResponseMinutes.trim() || targets[p].resolutionMinutes.trim());
const hasErrorIn = (errors: FieldErrors, prefix: string) => Object.keys(errors).some((k) => k.startsWith(prefix));

/** A priority a row, both clocks side by side (one under the other on a phone). */
function Targets({
  values,
  path,
  errors,
  inherited,
  labelPrefix,
  onChange,
}: {
  values: Record<Priority, TargetText>;
  path: string;
  errors: FieldErrors;
  /** The department's targets, shown where a category's field is empty. */
  inherited?: Record<Priority, TargetText>;
  labelPrefix?: string;
  onChange: (p: Priority, clock: Clock, text: string) => void;
}) {
  const t = useT();
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 10 }}>
      {PRIORITIES.map((p) => (
        <div key={p} role="group" aria-label={t(`priority.${p}`)} style={{ ...grid, gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 150px), 1fr))" }}>
          <strong style={{ paddingTop: 6 }}>{t(`priority.${p}`)}</strong>
          {CLOCKS.map((clock) => {
            const key = `${path}.${p}.${clock}`;
            const label = `${t(`priority.${p}`)}: ${t(CLOCK_LABEL[clock])}`;
            return (
              <Field key={clock} label={t(CLOCK_LABEL[clock])} validationMessage={errors[key]} validationState={errors[key] ? "error" : "none"}>
                <Input
                  value={values[p][clock]}
                  aria-label={labelPrefix ? `${labelPrefix} · ${label}` : label}
                  data-field={key}
                  placeholder={inherited ? t("tab.settings.inherited", { value: inherited[p][clock] }) : "4 h"}
                  onChange={(_, d) => onChange(p, clock, d.value)}
                />
              </Field>
            );
          })}
        </div>
      ))}
    </div>
  );
}
