/** Email addresses: a hand-written check (international addresses accepted) and its schemas. */
import { z } from "zod";
import { LIMITS } from "./limits.ts";
import { described, got } from "./messages.ts";

export const EMAIL_RE = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\.]+(?:\.[^\s@"(),:;<>[\]\\.]+)+$/u;
export const EMAIL_DESC = `a valid email address like "ana@example.com"`;

export function emailProblem(v: string): string | undefined {
  if (v.length > LIMITS.emailMax || !EMAIL_RE.test(v) || v.split("@")[0].length > 64) return `must be ${EMAIL_DESC} (got ${got(v)})`;
  return undefined;
}

/** A required email address (trimmed). International addresses are accepted. */
export const emailSchema = z
  .string({ error: described(EMAIL_DESC) })
  .trim()
  .superRefine((v, ctx) => {
    const p = emailProblem(v);
    if (p) ctx.addIssue({ code: "custom", message: p, input: v, params: { code: "wrong_format" } });
  });

/** An optional email address: absent, null and "" mean "not given". */
export const optionalEmailSchema = z
  .string({ error: described(EMAIL_DESC) })
  .nullish()
  .transform((v, ctx) => {
    const s = v?.trim();
    if (!s) return undefined;
    const p = emailProblem(s);
    if (p) {
      ctx.addIssue({ code: "custom", message: p, input: v, params: { code: "wrong_format" } });
      return z.NEVER;
    }
    return s;
  });
