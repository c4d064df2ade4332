/**
 * Turns a refusal of `POST /api/requests` into messages next to the form's fields, in the
 * reader's language. The API names the field of each problem (`details[].path`, and the
 * message starts with it: "title: must be 1 to 200 characters"); what cannot be tied to a
 * field is shown above the buttons as the API said it.
 */
import type { StringKey, StringParams } from "../../../shared/strings/index.ts";
import { ApiError } from "../api.ts";

export const FORM_FIELDS = ["department", "category", "priority", "title", "description"] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FieldErrors = Partial<Record<FormField, string>>;

const FIELD_RE = /^\s*(department|category|priority|title|description)\b/;

/** Which fields the API refused, from its details when the client kept them, else from its message. */
function refusedFields(err: ApiError): FormField[] {
  const found = new Set<FormField>();
  const details = (err as ApiError & { details?: unknown }).details;
  if (Array.isArray(details)) {
    for (const d of details) {
      const m = FIELD_RE.exec(String((d as { path?: unknown })?.path ?? ""));
      if (m) found.add(m[1] as FormField);
    }
  }
  for (const part of err.message.split(/;\s+/)) {
    const m = FIELD_RE.exec(part);
    if (m) found.add(m[1] as FormField);
  }
  if (/\bno department\b/i.test(err.message)) found.add("department");
  return [...found];
}

export function apiFormErrors(err: unknown, t: (key: StringKey, params?: StringParams) => string): { fields: FieldErrors; form?: string } {
  if (err instanceof ApiError && err.status === 400) {
    const fields: FieldErrors = {};
    for (const f of refusedFields(err)) fields[f] = t(`form.error.${f}`);
    if (Object.keys(fields).length) return { fields };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { fields: {}, form: t("tab.mine.form.failed", { message }) };
}
