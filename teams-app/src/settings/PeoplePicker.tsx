import { Avatar, Field, Tag, TagPicker, TagPickerControl, TagPickerGroup, TagPickerInput, TagPickerList, TagPickerOption } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { useT } from "../../../web/i18n.ts";
import { useSession } from "../session.ts";
import type { Person } from "./types.ts";

/** What the directory accepts (bot/api/people-route.ts, PEOPLE_QUERY). */
const QUERY = { min: 2, max: 100 } as const;
/** Wait for a pause in typing before asking the directory: one request per word, not per key. */
const DEBOUNCE_MS = 250;
/** The list's placeholder row (searching, no one found): shown, never chosen. */
const NOTHING = "\u0000nothing";

type Search = { query: string; state: "searching" } | { query: string; state: "found"; people: Person[] } | { query: string; state: "failed"; message: string };

/**
 * Picks people from the tenant's directory (`GET /api/directory/people?q=`): type two letters
 * or more of a name or email, choose with the mouse or the arrow keys and Enter; the chosen
 * show as chips, removed by a click or Backspace/Delete. A directory that cannot answer is
 * said under the field; the people already chosen stay.
 */
export function PeoplePicker({ label, hint, people, onChange, error, testId }: { label: string; hint?: string; people: Person[]; onChange(next: Person[]): void; error?: string; testId?: string }) {
  const t = useT();
  const { api } = useSession();
  const [query, setQuery] = useState("");
  const [search, setSearch] = useState<Search>();
  // Open while typing a search; Escape or a click elsewhere closes it until the next keystroke.
  const [open, setOpen] = useState(false);
  const q = query.trim();
  const asking = [...q].length >= QUERY.min && [...q].length <= QUERY.max;

  useEffect(() => {
    if (!asking) return setSearch(undefined);
    let current = true;
    setSearch({ query: q, state: "searching" });
    const timer = setTimeout(() => {
      api.get<{ items: Person[] }>(`/api/directory/people?q=${encodeURIComponent(q)}`).then(
        (res) => current && setSearch({ query: q, state: "found", people: res.items }),
        (err: unknown) => current && setSearch({ query: q, state: "failed", message: err instanceof Error ? err.message : String(err) }),
      );
    }, DEBOUNCE_MS);
    // A later keystroke drops this search, even when its answer comes after the newer one's.
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, q, asking]);

  const chosen = new Set(people.map((p) => p.id));
  const offered = search?.state === "found" ? search.people.filter((p) => !chosen.has(p.id)) : [];
  const failed = search?.state === "failed" ? t("tab.people.directoryError", { message: search.message }) : undefined;

  return (
    <Field
      label={label}
      hint={hint}
      data-testid={testId}
      validationState={error || failed ? "error" : "none"}
      validationMessage={[error, failed].filter(Boolean).join(" ") || undefined}
    >
      <TagPicker
        selectedOptions={people.map((p) => p.id)}
        open={open && asking && !failed}
        onOpenChange={(_, d) => setOpen(d.open)}
        onOptionSelect={(_, d) => {
          if (d.value === NOTHING) return;
          const known = [...people, ...offered];
          onChange(d.selectedOptions.map((id) => known.find((p) => p.id === id)).filter((p): p is Person => !!p));
          setQuery("");
        }}
      >
        {/* No expand button: there is nothing to list before a search. */}
        <TagPickerControl expandIcon={null}>
          <TagPickerGroup aria-label={t("tab.people.chosen", { label })}>
            {people.map((p) => (
              <Tag key={p.id} value={p.id} shape="rounded" title={p.email} media={<Avatar aria-hidden name={p.name} color="colorful" />}>
                {p.name}
              </Tag>
            ))}
          </TagPickerGroup>
          <TagPickerInput aria-label={label} placeholder={people.length ? undefined : t("tab.people.placeholder")} value={query} maxLength={QUERY.max} onChange={(e) => {
              setQuery(e.target.value);
              setOpen(true);
            }}
          />
        </TagPickerControl>
        <TagPickerList>
          {offered.length > 0
            ? offered.map((p) => (
                <TagPickerOption key={p.id} value={p.id} text={p.name} secondaryContent={p.email} media={<Avatar aria-hidden name={p.name} color="colorful" />}>
                  {p.name}
                </TagPickerOption>
              ))
            : asking && (
                <TagPickerOption value={NOTHING} text="">
                  {search?.state === "found" ? t("tab.people.noMatch", { query: search.query }) : t("tab.people.searching")}
                </TagPickerOption>
              )}
        </TagPickerList>
      </TagPicker>
    </Field>
  );
}
