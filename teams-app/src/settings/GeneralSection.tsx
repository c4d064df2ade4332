import { Field, Input, Textarea } from "@fluentui/react-components";
import { LIMITS } from "../../../shared/validation/limits.ts";
import { useT } from "../../../web/i18n.ts";
import type { SectionProps } from "./form.ts";
import { Section } from "./Section.tsx";

/** Name and description: what everyone sees in the catalogue. */
export function GeneralSection({ v, update, errors }: SectionProps) {
  const t = useT();
  return (
    <Section id="general" title={t("tab.settings.general")}>
      <Field label={t("tab.settings.name")} required validationMessage={errors.name} validationState={errors.name ? "error" : "none"}>
        <Input value={v.name} maxLength={LIMITS.departmentNameMax} onChange={(_, d) => update((o) => ({ ...o, name: d.value }), "name")} />
      </Field>
      <Field label={t("tab.settings.description")} validationMessage={errors.description} validationState={errors.description ? "error" : "none"}>
        <Textarea value={v.description} maxLength={LIMITS.departmentDescriptionMax} resize="vertical" onChange={(_, d) => update((o) => ({ ...o, description: d.value }), "description")} />
      </Field>
    </Section>
  );
}
