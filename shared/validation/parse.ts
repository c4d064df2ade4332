/**
 * Runs a schema and turns its failure into the API's `invalid_input` error: one sentence for
 * people, and per problem a stable `code` (plus `limit` where there is one) for clients, so a
 * form maps each problem to its field without reading English.
 */
import type { z } from "zod";
import { fallbackMessage } from "./messages.ts";

/**
 * What clients read of each problem. `field` is the dotted path ("title", "calendar.week.mon[0]");
 * `path` is the same value, kept for clients written before `field`. `code` is one of
 * VALIDATION_CODES; `limit` is the bound for too_short/too_long/too_few/too_many/too_small/too_large.
 */
export type InvalidDetail = { field: string; path: string; code: ValidationCode; limit?: number; message: string };
export type Invalid = { code: "invalid_input"; message: string; details: InvalidDetail[] };

export const VALIDATION_CODES = [
  "required", "wrong_type", "too_short", "too_long", "too_few", "too_many", "too_small", "too_large",
  "wrong_format", "not_allowed", "unknown_property", "blank", "duplicate", "repeated", "unknown", "invalid",
] as const;
export type ValidationCode = (typeof VALIDATION_CODES)[number];

/**
 * Validates `input` against `schema`. Never throws. On failure, `message` is one sentence naming
 * the first problem(s) ("title: must be 1 to 200 characters (got 0)."), and `details` lists every
 * problem with its dotted path ("calendar.week.mon[0]") and code. `what` names the input when it
 * is a single value (a path parameter, say "key"), and prefixes every path otherwise.
 */
export function parse<T>(
  schema: z.ZodType<T>,
  input: unknown,
  what?: string,
): { ok: true; value: T } | { ok: false; error: Invalid } {
  let result: ReturnType<typeof schema.safeParse>;
  try {
    // reportInput: the code tells "absent" (required) from "of the wrong type"; inputs never leave this function.
    result = schema.safeParse(input, { error: fallbackMessage, reportInput: true });
  } catch {
    // A schema never throws on data; this is a last line of defence (a hostile getter, say).
    return { ok: false, error: toInvalid([detail(what ?? "", "invalid", "could not be read: send plain JSON data")], what) };
  }
  if (result.success) return { ok: true, value: result.data };
  const details: InvalidDetail[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) details.push(detail(joinPath(what, [...issue.path, key]), "unknown_property", issue.message));
    } else {
      const { code, limit } = codeOf(issue);
      details.push(detail(joinPath(what, issue.path), code, issue.message, limit));
    }
  }
  return { ok: false, error: toInvalid(details, what) };
}

/** A problem found outside a schema (an unknown department, say), in the same shape. */
export function detail(field: string, code: ValidationCode, message: string, limit?: number): InvalidDetail {
  return limit === undefined ? { field, path: field, code, message } : { field, path: field, code, limit, message };
}

function codeOf(issue: z.core.$ZodIssue): { code: ValidationCode; limit?: number } {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type":
      return { code: input === undefined ? "required" : "wrong_type" };
    case "too_small": {
      const limit = Number(issue.minimum);
      // An empty text where one is needed ("title": "" or only spaces, trimmed) is missing, not short.
      if (issue.origin === "string") return limit === 1 && input === "" ? { code: "required" } : { code: "too_short", limit };
      if (issue.origin === "array" || issue.origin === "set") return { code: "too_few", limit };
      return { code: "too_small", limit };
    }
    case "too_big": {
      const limit = Number(issue.maximum);
      if (issue.origin === "string") return { code: "too_long", limit };
      if (issue.origin === "array" || issue.origin === "set") return { code: "too_many", limit };
      return { code: "too_large", limit };
    }
    case "invalid_format":
      return { code: "wrong_format" };
    case "invalid_value":
    case "invalid_union":
      return { code: input === undefined ? "required" : "not_allowed" };
    case "custom": {
      // Hand-written checks name their code in params; the rest are plain "invalid".
      const code = (issue.params as { code?: unknown } | undefined)?.code;
      if (typeof code === "string" && (VALIDATION_CODES as readonly string[]).includes(code)) return { code: code as ValidationCode };
      return { code: input === undefined || input === "" || input === null ? "required" : "invalid" };
    }
    default:
      return { code: "invalid" };
  }
}

function toInvalid(details: InvalidDetail[], what: string | undefined): Invalid {
  if (details.length === 0) details = [detail(what ?? "", "invalid", "is not valid")];
  const shown = details.slice(0, 2).map((d) => (d.path ? `${d.path}: ${d.message}` : `Input ${d.message}`));
  const more = details.length - shown.length;
  const message = shown.join("; ") + (more > 0 ? `; and ${more} more problem${more === 1 ? "" : "s"} (see details)` : "") + ".";
  return { code: "invalid_input", message, details };
}

function joinPath(what: string | undefined, path: readonly PropertyKey[]): string {
  let out = what ?? "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else {
      const k = String(p);
      out += /^[A-Za-z_$][\w$]*$/.test(k) ? (out ? "." : "") + k : `[${JSON.stringify(k)}]`;
    }
  }
  return out;
}
