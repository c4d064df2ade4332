/** The bodies that file a request: `POST /api/requests` and `POST /api/requests/from-email`. */
import { z } from "zod";
import { PRIORITIES } from "../domain.ts";
import type { Priority } from "../domain.ts";
import { LIMITS } from "./limits.ts";
import { described, got, lengthOf, num } from "./messages.ts";
import { strict, text } from "./schema-builders.ts";
import { emailSchema } from "./emails.ts";
import { optionalDateTimeSchema } from "./dates.ts";
import { CATEGORY_KEY_DESC, CATEGORY_KEY_RE, PRIORITY_LIST, departmentRefSchema } from "./department-schemas.ts";
import { cleanLine, cutTitle } from "./text-cleaning.ts";

export const prioritySchema = z.enum(PRIORITIES, { error: described(`one of ${PRIORITY_LIST}`) });

const optionalPrioritySchema = prioritySchema.nullish().transform((p): Priority => p ?? "normal");

/** An optional category key: absent, null and "" mean none. */
const optionalCategorySchema = z
  .string({ error: described(CATEGORY_KEY_DESC) })
  .nullish()
  .transform((v, ctx) => {
    const s = v?.trim();
    if (!s) return undefined;
    if (!CATEGORY_KEY_RE.test(s)) {
      ctx.addIssue({ code: "custom", message: `must be ${CATEGORY_KEY_DESC} (got ${got(v)})`, input: v, params: { code: "wrong_format" } });
      return z.NEVER;
    }
    return s;
  });

/** The body of `POST /api/requests`. */
export const createRequestSchema = strict(
  {
    department: departmentRefSchema,
    title: text(1, LIMITS.titleMax, { trim: true }),
    description: text(0, LIMITS.descriptionMax).nullish().transform((d) => d ?? ""),
    category: optionalCategorySchema,
    priority: optionalPrioritySchema,
  },
  `a request like {"department": "IT", "title": "VPN does not connect"}`,
);

const attachmentSchema = z.object(
  {
    name: z.string({ error: described("the file name, as text") }).max(LIMITS.attachmentNameMax).default(""),
    size: z.number({ error: described("the size in bytes, a whole number of 0 or more") }).int().min(0),
    contentType: z
      .string({ error: described(`a media type like "application/pdf"`) })
      .max(LIMITS.attachmentContentTypeMax)
      .nullish()
      .transform((t) => t || "application/octet-stream"),
  },
  { error: described(`an attachment like {"name": "report.pdf", "size": 12345, "contentType": "application/pdf"}`) },
);

/**
 * The body of `POST /api/requests/from-email`. Unlike the other bodies, unknown properties are
 * dropped (Outlook clients send more than we need). The subject and the body are kept as sent:
 * `emailToRequestFields` makes the title and the description from them.
 */
export const fromEmailSchema = z.object(
  {
    internetMessageId: text(1, LIMITS.internetMessageIdMax, { nonBlank: true }),
    subject: z.string({ error: described("the email's subject, as text (it may be empty)") }).nullish().transform((s) => s ?? ""),
    body: z.string({ error: described("the email's body, as text or HTML") }).nullish().transform((s) => s ?? ""),
    bodyFormat: z
      .enum(["text", "html"], { error: described(`"text" or "html"`) })
      .nullish()
      .transform((f) => f ?? "text"),
    from: z
      .object(
        {
          name: z
            .string({ error: described("the sender's display name, as text (it may be empty)") })
            .nullish()
            .transform((n) => cutTitle(cleanLine(n ?? ""), LIMITS.personNameMax)),
          email: emailSchema,
        },
        { error: described(`the sender, like {"name": "Ana García", "email": "ana@example.com"}`) },
      )
      .transform((f) => ({ name: f.name || f.email, email: f.email })),
    receivedAt: optionalDateTimeSchema,
    webLink: z
      .string({ error: described("an https link to the message, or empty") })
      .nullish()
      .transform((v, ctx) => {
        const s = v?.trim();
        if (!s) return undefined;
        if (s.length > 4_000 || !isHttpsUrl(s)) {
          ctx.addIssue({ code: "custom", message: `must be an https:// link to the message, or empty (got ${got(v)})`, input: v });
          return z.NEVER;
        }
        return s;
      }),
    attachments: z
      .array(attachmentSchema, {
        error: described("a list of attachments", (iss) =>
          iss.code === "too_big" ? `must have at most ${LIMITS.attachmentsMax} attachments (got ${num(lengthOf(iss.input))})` : undefined,
        ),
      })
      .max(LIMITS.attachmentsMax)
      .nullish()
      .transform((a) => a ?? undefined),
    department: departmentRefSchema,
    category: optionalCategorySchema,
    priority: optionalPrioritySchema,
  },
  { error: described(`an email like {"internetMessageId": "<id@example.com>", "subject": "...", "body": "...", "from": {"name": "...", "email": "..."}, "department": "IT"}`) },
);

function isHttpsUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "https:" && !!u.hostname;
  } catch {
    return false;
  }
}
