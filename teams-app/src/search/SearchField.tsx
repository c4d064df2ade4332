import { Field, SearchBox } from "@fluentui/react-components";
import { useEffect, useRef, useState, type CSSProperties } from "react";
import type { StringKey, StringParams } from "../../../shared/strings/index.ts";
import { LIMITS } from "../../../shared/validation/limits.ts";
import { ApiError } from "../../../web/api.ts";

/** How long typing must pause before the words are looked up: one request a word, not a letter. */
export const SEARCH_DEBOUNCE_MS = 300;

/**
 * A labelled search box. What is typed is handed on (trimmed) once typing pauses, at once on
 * Enter, and at once when the box is emptied (back to the list it replaced). `error` is shown
 * under the box, where the words were typed.
 */
export function SearchField({
  label,
  placeholder,
  value,
  onSearch,
  error,
  className,
  style,
  testId,
}: {
  label: string;
  placeholder: string;
  /** The words searched now: set from outside (filters cleared), the box follows. */
  value: string;
  onSearch: (q: string) => void;
  error?: string;
  className?: string;
  style?: CSSProperties;
  testId?: string;
}) {
  const [text, setText] = useState(value);
  const searchRef = useRef(onSearch);
  searchRef.current = onSearch;
  const handed = useRef(value);

  // Cleared from outside (Clear filters): the box shows it.
  useEffect(() => {
    if (value !== handed.current) {
      handed.current = value;
      setText(value);
    }
  }, [value]);

  const hand = (q: string) => {
    if (q === handed.current) return;
    handed.current = q;
    searchRef.current(q);
  };

  useEffect(() => {
    const q = text.trim();
    if (!q) return hand("");
    const h = setTimeout(() => hand(q), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(h);
  }, [text]);

  return (
    <Field label={label} className={className} style={style} size="small" validationMessage={error} validationState={error ? "error" : "none"}>
      <SearchBox
        size="small"
        value={text}
        maxLength={LIMITS.searchMax}
        placeholder={placeholder}
        onChange={(_, d) => setText(d.value)}
        onKeyDown={(e) => e.key === "Enter" && hand(text.trim())}
        data-testid={testId}
      />
    </Field>
  );
}

/** The words the server could not search for, in the reader's language; other failures as it said them. */
export function searchErrorText(err: unknown, t: (key: StringKey, params?: StringParams) => string): string | undefined {
  if (err === undefined) return undefined;
  if (err instanceof ApiError && err.status === 400 && Array.isArray(err.details)) {
    // The field reads "q" or "query parameters.q": its last part names it.
    const q = (err.details as Array<{ field?: string; path?: string; code?: string; limit?: number }>).find((d) => (d.field ?? d.path ?? "").split(".").pop() === "q");
    if (q?.code === "too_long") return t("search.error.tooLong", { max: q.limit ?? LIMITS.searchMax });
    if (q) return t("search.error.noWord");
  }
  return t("search.error.failed", { message: err instanceof Error ? err.message : String(err) });
}
