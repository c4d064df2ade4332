/** The body of `POST /api/dev/token` (development identity). */
import { z } from "zod";
import { LIMITS } from "./limits.ts";
import { described, lengthOf, num } from "./messages.ts";
import { matching, optionalText, strict, text } from "./schema-builders.ts";
import { optionalEmailSchema } from "./emails.ts";

/** The body of `POST /api/dev/token`. */
export const devTokenSchema = strict(
  {
    userId: text(1, LIMITS.personIdMax, { nonBlank: true }),
    name: text(1, LIMITS.personNameMax, { trim: true }),
    email: optionalEmailSchema,
    tenantId: matching(/^[A-Za-z0-9-]{1,64}$/, "a tenant id of 1 to 64 characters: letters, digits and hyphens").optional(),
    roles: z
      .array(text(1, 100, { nonBlank: true }), {
        error: described(`a list of app roles like ["Tandem.Admin"]`, (iss) =>
          iss.code === "too_big" ? `must have at most ${LIMITS.rolesMax} roles (got ${num(lengthOf(iss.input))})` : undefined,
        ),
      })
      .max(LIMITS.rolesMax)
      .optional(),
  },
  `a dev user like {"userId": "ana", "name": "Ana García"}`,
);
