import { useT } from "../../../web/i18n.ts";
import { PeoplePicker } from "./PeoplePicker.tsx";
import type { FieldErrors, PeopleSectionProps, Person } from "./types.ts";

/**
 * A department's agents and leads, each picked from the directory. The API keeps the two lists
 * apart (a lead need not be an agent: leads work the queue as well), so each picker edits one.
 * The settings page's field errors show next to their list: "agents", or one person's
 * ("agents.2.id", named after that person).
 */
export function PeopleSection({ agents, leads, onChange, errors }: PeopleSectionProps) {
  const t = useT();
  const lists = { agents, leads };
  return (
    // The settings page puts it in its titled "people" section: no heading of its own.
    <div style={{ display: "flex", flexDirection: "column", gap: 12 }}>
      {(["agents", "leads"] as const).map((list) => (
        <PeoplePicker
          key={list}
          testId={`people-${list}`}
          label={t(`tab.people.${list}`)}
          hint={t(`tab.people.${list}Hint`)}
          people={lists[list]}
          error={errorsOf(errors, list, lists[list])}
          onChange={(next) => onChange({ ...lists, [list]: next })}
        />
      ))}
    </div>
  );
}

/** The errors about one list, each about a person prefixed with their name. */
function errorsOf(errors: FieldErrors, list: "agents" | "leads", people: Person[]): string | undefined {
  const found = Object.entries(errors)
    .filter(([path]) => path === list || path.startsWith(`${list}.`) || path.startsWith(`${list}[`))
    .map(([path, message]) => {
      const index = /^\w+(?:\.|\[)(\d+)/.exec(path)?.[1];
      const who = index === undefined ? undefined : people[Number(index)]?.name;
      return who ? `${who}: ${message}` : message;
    });
  return found.length ? found.join(" ") : undefined;
}
