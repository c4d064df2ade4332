/** The zod building blocks every schema is made of, each worded with the messages of messages.ts. */
import { z } from "zod";
import { described, got, lengthOf, num, range, type RawIssue } from "./messages.ts";

/** A string of `min` to `max` characters (after trimming when `trim`). */
export function text(min: number, max: number, opts: { trim?: boolean; nonBlank?: boolean } = {}) {
  const r = range(min, max, "characters");
  let s = z.string({
    error: (issue) => {
      const iss = issue as RawIssue;
      if (iss.code === "too_small" || iss.code === "too_big") return `must be ${r} (got ${num(lengthOf(iss.input))})`;
      if (iss.code === "invalid_type") return iss.input === undefined ? `is required: text of ${r}` : `must be text of ${r} (got ${got(iss.input)})`;
      return undefined;
    },
  });
  if (opts.trim) s = s.trim();
  s = s.min(min).max(max);
  if (opts.nonBlank) s = s.refine((v) => v.trim().length > 0, { error: "must not be blank (it has only spaces)", params: { code: "blank" } });
  return s;
}

/** An optional text: absent, null and "" (after trimming) all mean "not given". */
export function optionalText(max: number) {
  return text(0, max, { trim: true })
    .nullish()
    .transform((v) => (v ? v : undefined));
}

/** A strict object: unknown properties are refused, naming the allowed ones. */
export function strict<T extends z.core.$ZodLooseShape>(shape: T, desc: string, unknownMessage?: string, requiredMessage?: string) {
  const allowed = Object.keys(shape);
  const unknown = unknownMessage ?? `is not a known property${allowed.length ? ` (allowed: ${allowed.join(", ")})` : " (none are expected)"}`;
  return z.strictObject(shape, {
    error: described(desc, (iss) =>
      iss.code === "unrecognized_keys" ? unknown : requiredMessage && iss.code === "invalid_type" && iss.input === undefined ? requiredMessage : undefined,
    ),
  });
}

/** A string that must match `re`, described as `desc` in messages. */
export function matching(re: RegExp, desc: string | ((input: string) => string)) {
  const d = (input: unknown) => (typeof desc === "string" ? desc : desc(typeof input === "string" ? input : ""));
  return z.string({
    error: (iss: RawIssue) => {
      if (iss.code === "invalid_type" && iss.input === undefined) return `is required: ${d("")}`;
      return `must be ${d(iss.input)} (got ${got(iss.input)})`;
    },
  }).regex(re);
}
