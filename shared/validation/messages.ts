/** The wording of validation messages: "must be ... (got ...)", counts, quoting. */
import type { z } from "zod";

/** 32000 -> "32,000" (integers only; everything else as is). */
export function num(n: number): string {
  if (!Number.isInteger(n) || Math.abs(n) >= 1e21) return String(n);
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

/** What was given, for "(got ...)". */
export function got(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "string") return v.length === 0 ? "an empty text" : quote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `a list of ${num(v.length)} item${v.length === 1 ? "" : "s"}`;
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}

/** Characters as the limits count them (code points: an emoji is one), or items of a list. */
export function lengthOf(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (typeof v !== "string") return 0;
  let n = v.length;
  for (let i = 0; i < v.length - 1; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = v.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

export const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a JSON object",
  array: "a list (a JSON array)",
  tuple: "a list (a JSON array)",
  null: "null",
};

export type RawIssue = z.core.$ZodRawIssue;
export type ErrorFn = (iss: RawIssue) => string | undefined;

/**
 * The messages for issues no schema below words itself (the per-parse error map: any message a
 * schema sets takes precedence).
 */
export const fallbackMessage = (iss: RawIssue): string => {
  const input = iss.input;
  switch (iss.code) {
    case "invalid_type": {
      const expected = EXPECTED[String(iss.expected)] ?? String(iss.expected);
      if (input === undefined) return `is required (${expected})`;
      if (iss.expected === "string" && Array.isArray(input)) return `must be given once, as text (got ${got(input)})`;
      return `must be ${expected} (got ${got(input)})`;
    }
    case "too_small": {
      const min = Number(iss.minimum);
      if (iss.origin === "string") return `must be at least ${num(min)} character${min === 1 ? "" : "s"} (got ${num(lengthOf(input))})`;
      if (iss.origin === "array" || iss.origin === "set") return `must have at least ${num(min)} item${min === 1 ? "" : "s"} (got ${num(lengthOf(input))})`;
      return `must be at least ${num(min)} (got ${got(input)})`;
    }
    case "too_big": {
      const max = Number(iss.maximum);
      if (iss.origin === "string") return `must be at most ${num(max)} characters (got ${num(lengthOf(input))})`;
      if (iss.origin === "array" || iss.origin === "set") return `must have at most ${num(max)} items (got ${num(lengthOf(input))})`;
      return `must be at most ${num(max)} (got ${got(input)})`;
    }
    case "invalid_format":
      return `has the wrong format (got ${got(input)})`;
    case "invalid_value":
      return `must be ${oneOf(iss.values.map(String))} (got ${got(input)})`;
    case "not_multiple_of":
      return `must be a multiple of ${String(iss.divisor)} (got ${got(input)})`;
    case "unrecognized_keys":
      return "is not a known property: remove it";
    case "invalid_union":
      return `does not match any of the allowed forms (got ${got(input)})`;
    default:
      return `is not valid (got ${got(input)})`;
  }
};

export function oneOf(values: readonly string[]): string {
  if (values.length === 1) return `"${values[0]}"`;
  return `one of ${values.join(", ")}`;
}

/** An error map for a value described as `desc`: "is required: desc" / "must be desc (got x)". */
export function described(desc: string, also?: ErrorFn): ErrorFn {
  return (iss) => {
    const special = also?.(iss);
    if (special) return special;
    if (iss.input === undefined && iss.code === "invalid_type") return `is required: ${desc}`;
    if (iss.code === "unrecognized_keys" || iss.code === "custom") return undefined;
    return `must be ${desc} (got ${got(iss.input)})`;
  };
}

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

export function range(min: number, max: number, unit: string): string {
  return min <= 0 ? `at most ${num(max)} ${unit}` : `${num(min)} to ${num(max)} ${unit}`;
}
