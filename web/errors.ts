/**
 * Turns a refusal of `POST /api/requests` into messages next to the form's fields, in the
 * reader's language. The API names the field of each problem with a stable code
 * (`details: [{field, code, limit?, message}]`), so nothing here reads its English sentence;
 * what cannot be tied to a field is shown above the buttons as the API said it.
 */
import type { StringKey, StringParams } from "../shared/strings/index.ts";
import { ApiError } from "./api.ts";

export const FORM_FIELDS = ["department", "category", "priority", "title", "description"] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FieldErrors = Partial<Record<FormField, string>>;

/** The form field a detail is about: the first segment of its `field` ("title", "category" of "category.key"). */
function formField(d: unknown): FormField | undefined {
  if (!d || typeof d !== "object") return undefined;
  const { field, path } = d as { field?: unknown; path?: unknown };
  // `path` is what an API older than `field` sent; it holds the same value.
  const name = typeof field === "string" ? field : typeof path === "string" ? path : "";
  const top = name.split(".")[0].split("[")[0];
  return (FORM_FIELDS as readonly string[]).includes(top) ? (top as FormField) : undefined;
}

/** Which fields the API refused, from the details of its 400. */
export function refusedFields(details: unknown): FormField[] {
  const found = new Set<FormField>();
  if (Array.isArray(details)) {
    for (const d of details) {
      const f = formField(d);
      if (f) found.add(f);
    }
  }
  return [...found];
}

export function apiFormErrors(err: unknown, t: (key: StringKey, params?: StringParams) => string): { fields: FieldErrors; form?: string } {
  if (err instanceof ApiError && err.status === 400) {
    const fields: FieldErrors = {};
    for (const f of refusedFields(err.details)) fields[f] = t(`form.error.${f}`);
    if (Object.keys(fields).length) return { fields };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { fields: {}, form: t("tab.mine.form.failed", { message }) };
}
