import { Button, Dropdown, Field, Option, makeStyles } from "@fluentui/react-components";
import type { Person, Priority, RequestView } from "../../../shared/domain.ts";
import { PRIORITIES } from "../../../shared/domain.ts";
import { useT } from "../../../web/i18n.ts";

export interface FilterState {
  status: "open" | "new" | "in_progress" | "waiting";
  priority: "any" | Priority;
  /** "anyone", "unassigned", or a person's id. */
  assignee: string;
  mine: boolean;
}

export const NO_FILTERS: FilterState = { status: "open", priority: "any", assignee: "anyone", mine: false };

export function matches(f: FilterState, r: RequestView, meId: string): boolean {
  if (f.status !== "open" && r.status !== f.status) return false;
  if (f.priority !== "any" && r.priority !== f.priority) return false;
  if (f.mine) return r.assignee?.id === meId;
  if (f.assignee === "unassigned") return !r.assignee;
  if (f.assignee !== "anyone") return r.assignee?.id === f.assignee;
  return true;
}

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: "12px" },
  field: { minWidth: "170px" },
});

/** The board's filters: status, priority, assignee and "only mine", each labelled. */
export function Filters({ value, onChange, people }: { value: FilterState; onChange: (f: FilterState) => void; people: Person[] }) {
  const t = useT();
  const s = useStyles();
  const statusText = (v: FilterState["status"]) => (v === "open" ? t("tab.board.filter.allOpen") : t(`status.${v}`));
  const priorityText = (v: FilterState["priority"]) => (v === "any" ? t("tab.board.filter.anyPriority") : t(`priority.${v}`));
  const assigneeText = (v: string) =>
    v === "anyone" ? t("tab.board.filter.anyone") : v === "unassigned" ? t("common.unassigned") : (people.find((p) => p.id === v)?.name ?? v);
  const set = (patch: Partial<FilterState>) => onChange({ ...value, ...patch });
  const filtered = value.status !== "open" || value.priority !== "any" || value.assignee !== "anyone" || value.mine;

  return (
    <div className={s.bar} role="group" aria-label={t("tab.board.filters")}>
      <Field label={t("tab.board.filter.status")} className={s.field} size="small">
        <Dropdown size="small" value={statusText(value.status)} selectedOptions={[value.status]} onOptionSelect={(_, d) => set({ status: d.optionValue as FilterState["status"] })}>
          {(["open", "new", "in_progress", "waiting"] as const).map((v) => (
            <Option key={v} value={v}>
              {statusText(v)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label={t("tab.board.filter.priority")} className={s.field} size="small">
        <Dropdown size="small" value={priorityText(value.priority)} selectedOptions={[value.priority]} onOptionSelect={(_, d) => set({ priority: d.optionValue as FilterState["priority"] })}>
          {(["any", ...[...PRIORITIES].reverse()] as const).map((v) => (
            <Option key={v} value={v}>
              {priorityText(v)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label={t("tab.board.filter.assignee")} className={s.field} size="small">
        <Dropdown
          size="small"
          disabled={value.mine}
          value={assigneeText(value.assignee)}
          selectedOptions={[value.assignee]}
          onOptionSelect={(_, d) => set({ assignee: d.optionValue ?? "anyone" })}
        >
          <Option value="anyone">{t("tab.board.filter.anyone")}</Option>
          <Option value="unassigned">{t("common.unassigned")}</Option>
          {people.map((p) => (
            <Option key={p.id} value={p.id}>
              {p.name}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Button size="small" appearance={value.mine ? "primary" : "secondary"} aria-pressed={value.mine} onClick={() => set({ mine: !value.mine })} data-testid="filter-mine">
        <span aria-hidden>{value.mine ? "✓\u00a0" : ""}</span>
        {t("tab.board.filter.mine")}
      </Button>
      {filtered && (
        <Button size="small" appearance="subtle" onClick={() => onChange(NO_FILTERS)}>
          {t("tab.board.filter.clear")}
        </Button>
      )}
    </div>
  );
}
