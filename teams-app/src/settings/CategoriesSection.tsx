/**
 * Categories: added (a key as the API takes it, and a name), renamed, removed. A saved category's
 * key stays as it is, since filed requests carry it; its name can change freely.
 */
import { Button, Field, Input, tokens } from "@fluentui/react-components";
import { LIMITS } from "../../../shared/validation/limits.ts";
import { useT } from "../../../web/i18n.ts";
import { newCategory, type CategoryValues, type SectionProps } from "./form.ts";
import { grid, note, Section } from "./Section.tsx";

export function CategoriesSection({ v, update, errors }: SectionProps) {
  const t = useT();
  const set = (i: number, patch: Partial<CategoryValues>, clear: string) =>
    update((o) => ({ ...o, categories: o.categories.map((c, j) => (j === i ? { ...c, ...patch } : c)) }), clear);
  // Removing shifts the ones after it: their messages (by index) go too, the next save checks again.
  const remove = (i: number) => update((o) => ({ ...o, categories: o.categories.filter((_, j) => j !== i) }), "categories");
  return (
    <Section id="categories" title={t("tab.settings.categories")}>
      <p style={note}>{t("tab.settings.categoriesHint")}</p>
      {v.categories.length === 0 && <p style={note}>{t("tab.settings.noCategories")}</p>}
      <ul style={{ listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: 10 }}>
        {v.categories.map((c, i) => {
          const keyError = errors[`categories.${i}.key`];
          const nameError = errors[`categories.${i}.name`];
          const n = i + 1;
          return (
            <li
              key={i}
              data-category={c.key}
              style={{ ...grid, gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 160px), 1fr))", alignItems: "end", paddingBottom: 10, borderBottom: `1px solid ${tokens.colorNeutralStroke3}` }}
            >
              <Field label={t("tab.settings.categoryKey", { n })} validationMessage={keyError} validationState={keyError ? "error" : "none"} hint={c.isNew ? t("tab.settings.categoryKeyHint") : undefined}>
                <Input value={c.key} readOnly={!c.isNew} appearance={c.isNew ? "outline" : "filled-darker"} maxLength={LIMITS.categoryKeyMax} onChange={(_, d) => set(i, { key: d.value }, `categories.${i}.key`)} />
              </Field>
              <Field label={t("tab.settings.categoryName", { n })} validationMessage={nameError} validationState={nameError ? "error" : "none"}>
                <Input value={c.name} maxLength={LIMITS.categoryNameMax} onChange={(_, d) => set(i, { name: d.value }, `categories.${i}.name`)} />
              </Field>
              <div>
                <Button appearance="subtle" onClick={() => remove(i)} aria-label={t("tab.settings.removeCategory", { name: c.name || c.key || String(n) })}>
                  {t("tab.settings.remove")}
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
      {v.categories.length < LIMITS.categoriesMax && (
        <div>
          <Button onClick={() => update((o) => ({ ...o, categories: [...o.categories, newCategory()] }))}>{t("tab.settings.addCategory")}</Button>
        </div>
      )}
    </Section>
  );
}
