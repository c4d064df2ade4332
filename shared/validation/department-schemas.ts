/** The body of `PUT /api/departments/:key` and its parts: key, SLA policy, categories, people. */
import { z } from "zod";
import { PRIORITIES, PULSE_PERIOD_MONTHS, SURVEY_DEFAULTS, type Priority, type SlaTarget } from "../domain.ts";
import { LIMITS } from "./limits.ts";
import { described, got, lengthOf, num, type RawIssue } from "./messages.ts";
import { matching, optionalText, strict, text } from "./schema-builders.ts";
import { optionalEmailSchema } from "./emails.ts";
import { calendarSchema } from "./calendar-schemas.ts";

const DEPARTMENT_KEY_RE = /^[A-Z][A-Z0-9]{1,9}$/;
const DEPARTMENT_KEY_DESC = `a department key of 2 to 10 characters, capital letters A-Z and digits, starting with a letter, e.g. "IT" or "HR2"`;

function departmentKeyMessage(iss: RawIssue): string {
  if (iss.code === "invalid_type" && iss.input === undefined) return `is required: ${DEPARTMENT_KEY_DESC}`;
  const input = iss.input;
  const upper = typeof input === "string" ? input.trim().toUpperCase() : "";
  const hint = upper && upper !== input && DEPARTMENT_KEY_RE.test(upper) ? `; use "${upper}"` : "";
  return `must be ${DEPARTMENT_KEY_DESC} (got ${got(input)}${hint})`;
}

/** A department key as created: `^[A-Z][A-Z0-9]{1,9}$` exactly. */
export const departmentKeySchema = z.string({ error: departmentKeyMessage }).regex(DEPARTMENT_KEY_RE);

/** A reference to a department in a request body: any case and spaces around are accepted ("it" -> "IT"). */
export const departmentRefSchema = z.string({ error: departmentKeyMessage }).trim().toUpperCase().regex(DEPARTMENT_KEY_RE);

const MINUTES_DESC = `a whole number of business minutes from 1 to ${num(LIMITS.targetMinutesMax)}, at most a year`;
const minutesSchema = z.number({ error: described(MINUTES_DESC) }).int().min(1).max(LIMITS.targetMinutesMax);

export const slaTargetSchema = strict(
  { firstResponseMinutes: minutesSchema, resolutionMinutes: minutesSchema },
  `a target like {"firstResponseMinutes": 60, "resolutionMinutes": 480}`,
  undefined,
  `is required: every priority (${PRIORITIES.join(", ")}) needs a target like {"firstResponseMinutes": 60, "resolutionMinutes": 480}`,
).superRefine((t, ctx) => {
  const { firstResponseMinutes: fr, resolutionMinutes: res } = t;
  if (typeof fr === "number" && typeof res === "number" && fr > res) {
    ctx.addIssue({
      code: "custom",
      path: ["firstResponseMinutes"],
      message: `must not be more than resolutionMinutes (got ${num(fr)} > ${num(res)}): the first response cannot be due after the resolution`,
      input: t,
    });
  }
});

export const PRIORITY_LIST = PRIORITIES.join(", ");

export const slaPolicySchema = strict(
  {
    warnAtPercent: z
      .number({ error: described(`a whole number from 1 to 99: the percentage of a target at which a request turns "at risk" (default 80)`) })
      .int()
      .min(1)
      .max(99)
      .default(80),
    targets: strict(
      { low: slaTargetSchema, normal: slaTargetSchema, high: slaTargetSchema, urgent: slaTargetSchema },
      `an object with a target for each priority (${PRIORITY_LIST})`,
      `is not a priority: use ${PRIORITY_LIST}`,
    ),
  },
  `an SLA policy like {"warnAtPercent": 80, "targets": {"low": {...}, "normal": {...}, "high": {...}, "urgent": {...}}}`,
);

export const CATEGORY_KEY_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const CATEGORY_KEY_DESC = `a category key of 1 to 40 characters: lowercase letters, digits and hyphens, starting with a letter or digit, e.g. "hardware" or "vpn-access"`;

export const categoryKeySchema = matching(CATEGORY_KEY_RE, CATEGORY_KEY_DESC);

/**
 * A category's own targets: for any of the priorities (the others keep the department's).
 * Absent, null or no priority given: none (the category follows its department).
 */
export const categorySlaSchema = strict(
  {
    targets: strict(
      { low: slaTargetSchema.optional(), normal: slaTargetSchema.optional(), high: slaTargetSchema.optional(), urgent: slaTargetSchema.optional() },
      `an object with a target for some or all priorities (${PRIORITY_LIST}), like {"urgent": {"firstResponseMinutes": 15, "resolutionMinutes": 120}}`,
      `is not a priority: use ${PRIORITY_LIST}`,
    ),
  },
  `a category's own targets like {"targets": {"urgent": {"firstResponseMinutes": 15, "resolutionMinutes": 120}}}, or null to follow the department's`,
)
  .nullish()
  .transform((s) => {
    const targets = Object.fromEntries(Object.entries(s?.targets ?? {}).filter(([, t]) => t)) as Partial<Record<Priority, SlaTarget>>;
    return Object.keys(targets).length ? { targets } : undefined;
  });

export const categorySchema = strict(
  { key: categoryKeySchema, name: text(1, LIMITS.categoryNameMax, { trim: true }), sla: categorySlaSchema },
  `a category like {"key": "hardware", "name": "Hardware"}, optionally with its own targets: "sla": {"targets": {"urgent": {...}}}`,
).transform((c) => (c.sla ? { key: c.key, name: c.name, sla: c.sla } : { key: c.key, name: c.name }));

/** Categories of a department: at most 100, keys unique. */
export const categoriesSchema = z
  .array(categorySchema, {
    error: described(`a list of categories like [{"key": "hardware", "name": "Hardware"}]`, (iss) =>
      iss.code === "too_big" ? `must have at most ${LIMITS.categoriesMax} categories (got ${num(lengthOf(iss.input))})` : undefined,
    ),
  })
  .max(LIMITS.categoriesMax)
  .superRefine((cats, ctx) => {
    const seen = new Map<string, number>();
    cats.forEach((c, i) => {
      const first = seen.get(c.key);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: [i, "key"], message: `"${c.key}" is already used by category ${first + 1}: category keys must be unique`, input: c.key, params: { code: "duplicate" } });
      } else seen.set(c.key, i);
    });
  });

export const personSchema = strict(
  {
    id: text(1, LIMITS.personIdMax, { nonBlank: true }),
    name: text(1, LIMITS.personNameMax, { trim: true }),
    email: optionalEmailSchema,
  },
  `a person like {"id": "<user id>", "name": "Ana García", "email": "ana@example.com"}`,
).transform((p) => (p.email ? { id: p.id, name: p.name, email: p.email } : { id: p.id, name: p.name }));

function peopleSchema(role: string) {
  return z
    .array(personSchema, {
      error: described(`a list of people like [{"id": "<user id>", "name": "Ana García"}]`, (iss) =>
        iss.code === "too_big" ? `must have at most ${LIMITS.peopleMax} ${role} (got ${num(lengthOf(iss.input))})` : undefined,
      ),
    })
    .max(LIMITS.peopleMax)
    .superRefine((people, ctx) => {
      const seen = new Map<string, number>();
      people.forEach((p, i) => {
        const first = seen.get(p.id);
        if (first !== undefined) {
          ctx.addIssue({ code: "custom", path: [i, "id"], message: `"${p.id}" is listed twice among the ${role}: list each person once`, input: p.id, params: { code: "duplicate" } });
        } else seen.set(p.id, i);
      });
    });
}

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const GROUP_ID_DESC = `the group's object id (a GUID like "9f000000-0000-4000-8000-00000000a9e1", shown in Entra ID > Groups > the group's Overview), not its name or email`;

/**
 * The Entra group whose members are a department's agents too. Absent, null: none. Its id is
 * the group's object id; its name is only for people reading the catalogue.
 */
export const agentsGroupSchema = strict(
  {
    id: matching(GUID_RE, GROUP_ID_DESC),
    name: optionalText(LIMITS.groupNameMax),
  },
  `an Entra group like {"id": "<group object id (a GUID)>", "name": "IT Agents"}`,
)
  .nullish()
  .transform((g) => (g ? (g.name ? { id: g.id.toLowerCase(), name: g.name } : { id: g.id.toLowerCase() }) : undefined));

const RATING_DAYS_DESC = `a whole number of days from 0 to 365: a person is asked to rate a resolved request at most once in that many days (0: every time; default 7)`;
const PULSE_MONTHS_DESC = `1, 3, 6 or 12: the months in one NPS pulse period (default 3, a quarter)`;
const PULSE_SAMPLE_DESC = `a whole number from 1 to 1,000: how many people served in a period are asked for the NPS pulse (default 30)`;

/**
 * A department's feedback settings (CSAT/CES sampling, the NPS pulse). Absent, null: the
 * defaults (`SURVEY_DEFAULTS`); given: every missing field gets its default.
 */
export const surveysSchema = strict(
  {
    ratingEveryDays: z.number({ error: described(RATING_DAYS_DESC) }).int().min(0).max(365).default(SURVEY_DEFAULTS.ratingEveryDays),
    pulseEveryMonths: z
      .union(PULSE_PERIOD_MONTHS.map((m) => z.literal(m)), { error: described(PULSE_MONTHS_DESC) })
      .default(SURVEY_DEFAULTS.pulseEveryMonths),
    pulseSample: z.number({ error: described(PULSE_SAMPLE_DESC) }).int().min(1).max(1000).default(SURVEY_DEFAULTS.pulseSample),
    pulseEnabled: z.boolean({ error: described(`true or false: whether the NPS pulse is sent (default true)`) }).default(SURVEY_DEFAULTS.pulseEnabled),
  },
  `survey settings like {"ratingEveryDays": 7, "pulseEveryMonths": 3, "pulseSample": 30, "pulseEnabled": true}`,
)
  .nullish()
  .transform((s) => s ?? undefined);

/** The body of `PUT /api/departments/:key`. */
export const departmentBodySchema = strict(
  {
    name: text(1, LIMITS.departmentNameMax, { trim: true }),
    description: text(0, LIMITS.departmentDescriptionMax).default(""),
    calendar: calendarSchema,
    sla: slaPolicySchema,
    categories: categoriesSchema.default([]),
    agents: peopleSchema("agents").default([]),
    leads: peopleSchema("leads").default([]),
    agentsGroup: agentsGroupSchema,
    surveys: surveysSchema,
    /** Why targets, calendar or categories change (required then, DESIGN.md; kept in the public change log). */
    changeReason: optionalText(LIMITS.changeReasonMax),
    /**
     * The triage channel is linked by `@Tandem link <KEY>` in the channel; a PUT can only clear
     * it (null). Absent: kept; the channel as read: kept.
     */
    triageChannel: z
      .union([z.null(), z.looseObject({ id: z.string() })], {
        error: described(`null to clear the triage channel (a channel is linked by "@Tandem link <KEY>" in it), or leave it out to keep it`),
      })
      .optional(),
  },
  `a department like {"name": "IT", "calendar": {...}, "sla": {...}}`,
);
