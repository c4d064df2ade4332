import { Button, Dropdown, Field, Option, makeStyles } from "@fluentui/react-components";
import type { Person, Priority, RequestView, Status } from "../../../shared/domain.ts";
import { OPEN_STATUSES, PRIORITIES, STATUSES } from "../../../shared/domain.ts";
import { useT } from "../../../web/i18n.ts";
import { SearchField } from "../search/SearchField.tsx";

export interface FilterState {
  /** "open" (the live queue), "all" (any status), or one status: ended ones are read from the server. */
  status: "open" | "all" | Status;
  priority: "any" | Priority;
  /** "anyone", "unassigned", or a person's id. */
  assignee: string;
  mine: boolean;
}

export const NO_FILTERS: FilterState = { status: "open", priority: "any", assignee: "anyone", mine: false };

/** The status filter's choices: the live queue, any status, then every status there is. */
const STATUS_CHOICES: ReadonlyArray<FilterState["status"]> = ["open", "all", ...STATUSES];

/** Only open requests are listed: the live queue can show them (ended ones are read from the server). */
export const liveStatus = (status: FilterState["status"]) => status === "open" || (OPEN_STATUSES as readonly string[]).includes(status);

export function matches(f: FilterState, r: RequestView, meId: string): boolean {
  if (f.status === "open" ? !OPEN_STATUSES.includes(r.status) : f.status !== "all" && r.status !== f.status) return false;
  if (f.priority !== "any" && r.priority !== f.priority) return false;
  if (f.mine) return r.assignee?.id === meId;
  if (f.assignee === "unassigned") return !r.assignee;
  if (f.assignee !== "anyone") return r.assignee?.id === f.assignee;
  return true;
}

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: "12px" },
  field: { minWidth: "170px" },
  search: { minWidth: "170px", flexGrow: 1, maxWidth: "420px" },
});

/** The board's filters: a search box, status, priority, assignee and "only mine", each labelled. */
export function Filters({
  value,
  onChange,
  people,
  departmentKey,
  query,
  onQuery,
  queryError,
}: {
  value: FilterState;
  onChange: (f: FilterState) => void;
  people: Person[];
  /** For the example id in the search box (IT-42). */
  departmentKey: string;
  /** The words searched ("" for none), handed on once typing pauses. */
  query: string;
  onQuery: (q: string) => void;
  queryError?: string;
}) {
  const t = useT();
  const s = useStyles();
  const statusText = (v: FilterState["status"]) => (v === "open" ? t("tab.board.filter.allOpen") : v === "all" ? t("tab.board.filter.anyStatus") : t(`status.${v}`));
  const priorityText = (v: FilterState["priority"]) => (v === "any" ? t("tab.board.filter.anyPriority") : t(`priority.${v}`));
  const assigneeText = (v: string) =>
    v === "anyone" ? t("tab.board.filter.anyone") : v === "unassigned" ? t("common.unassigned") : (people.find((p) => p.id === v)?.name ?? v);
  const set = (patch: Partial<FilterState>) => onChange({ ...value, ...patch });
  const filtered = value.status !== "open" || value.priority !== "any" || value.assignee !== "anyone" || value.mine || query !== "";

  return (
    <div className={s.bar} role="group" aria-label={t("tab.board.filters")}>
      <SearchField
        label={t("search.label")}
        placeholder={t("search.board.placeholder", { key: departmentKey })}
        value={query}
        onSearch={onQuery}
        error={queryError}
        className={s.search}
        testId="board-search"
      />
      <Field label={t("tab.board.filter.status")} className={s.field} size="small">
        <Dropdown size="small" value={statusText(value.status)} selectedOptions={[value.status]} onOptionSelect={(_, d) => set({ status: d.optionValue as FilterState["status"] })}>
          {STATUS_CHOICES.map((v) => (
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
        <Button
          size="small"
          appearance="subtle"
          onClick={() => {
            // The search first: emptying it may put back the status it widened; the filters' reset wins.
            onQuery("");
            onChange(NO_FILTERS);
          }}
        >
          {t("tab.board.filter.clear")}
        </Button>
      )}
    </div>
  );
}
