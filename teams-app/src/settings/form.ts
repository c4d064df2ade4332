/**
 * The Settings form's values: read from a department as `GET /api/departments/:key` answers it,
 * checked here for what a person can fix before sending, and turned back into the body of
 * `PUT /api/departments/:key`. Targets are kept as typed text ("4 h") until sent as minutes.
 * Error keys are the API's paths with dots for indexes ("categories.1.sla.targets.high.resolutionMinutes"),
 * so a refusal from the API and a check made here land on the same field.
 */
import { PRIORITIES, WEEKDAYS, surveySettings, type Department, type Priority, type SlaTarget, type SurveySettings, type Weekday, type Window } from "../../../shared/domain.ts";
import type { StringKey, StringParams } from "../../../shared/strings/index.ts";
import { ApiError } from "../../../web/api.ts";
import { formatDuration, parseDuration } from "./durations.ts";
import type { FieldErrors, Person } from "./types.ts";

type T = (key: StringKey, params?: StringParams) => string;

/** A category key as the API takes it (shared/validation/department-schemas.ts; not imported, so zod stays out of the tab). */
export const CATEGORY_KEY_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const TIME_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END_RE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
export const ALL_DAY: Window = ["00:00", "24:00"];

export interface TargetText {
  firstResponseMinutes: string;
  resolutionMinutes: string;
}

export interface CategoryValues {
  key: string;
  name: string;
  /** Added in this form: its key can still be edited (a saved key is what requests carry). */
  isNew: boolean;
  /** Own targets as typed; empty text follows the department's. */
  targets: Record<Priority, TargetText>;
}

export interface FormValues {
  /** The department's key (not editable: what its requests' ids start with). */
  key: string;
  name: string;
  description: string;
  timeZone: string;
  week: Record<Weekday, Window[]>;
  holidays: string[];
  warnAtPercent: string;
  targets: Record<Priority, TargetText>;
  categories: CategoryValues[];
  agents: Person[];
  leads: Person[];
  agentsGroup?: { id: string; name?: string };
  /** As read; null once cleared here (sent as `triageChannel: null`). */
  triageChannel: { id: string; name?: string } | null | undefined;
  ratingEveryDays: string;
  pulseEveryMonths: 1 | 3 | 6 | 12;
  pulseSample: string;
  pulseEnabled: boolean;
  changeReason: string;
}

const EMPTY_TARGET: TargetText = { firstResponseMinutes: "", resolutionMinutes: "" };
const targetText = (t: SlaTarget | undefined): TargetText =>
  t ? { firstResponseMinutes: formatDuration(t.firstResponseMinutes), resolutionMinutes: formatDuration(t.resolutionMinutes) } : { ...EMPTY_TARGET };
const byPriority = <V>(f: (p: Priority) => V) => Object.fromEntries(PRIORITIES.map((p) => [p, f(p)])) as Record<Priority, V>;

export function valuesOf(d: Department): FormValues {
  const s = surveySettings(d);
  return {
    key: d.key,
    name: d.name,
    description: d.description ?? "",
    timeZone: d.calendar.timeZone,
    week: Object.fromEntries(WEEKDAYS.map((day) => [day, (d.calendar.week[day] ?? []).map(([a, b]) => [a, b] as Window)])) as Record<Weekday, Window[]>,
    holidays: [...d.calendar.holidays].sort(),
    warnAtPercent: String(d.sla.warnAtPercent),
    targets: byPriority((p) => targetText(d.sla.targets[p])),
    categories: d.categories.map((c) => ({ key: c.key, name: c.name, isNew: false, targets: byPriority((p) => targetText(c.sla?.targets[p])) })),
    agents: d.agents ?? [],
    leads: d.leads ?? [],
    agentsGroup: d.agentsGroup,
    triageChannel: d.triageChannel,
    ratingEveryDays: String(s.ratingEveryDays),
    pulseEveryMonths: s.pulseEveryMonths,
    pulseSample: String(s.pulseSample),
    pulseEnabled: s.pulseEnabled,
    changeReason: "",
  };
}

export const newCategory = (): CategoryValues => ({ key: "", name: "", isNew: true, targets: byPriority(() => ({ ...EMPTY_TARGET })) });

/** Open all day every day. */
export const is24x7 = (week: Record<Weekday, Window[]>) => WEEKDAYS.every((d) => week[d].length === 1 && week[d][0][0] === ALL_DAY[0] && week[d][0][1] === ALL_DAY[1]);

const whole = (s: string): number | undefined => (/^\s*\d+\s*$/.test(s) ? Number(s) : undefined);

/**
 * The body to PUT, or the fields to fix first (in the reader's language). Only what a person
 * can see and fix is checked here; the API checks everything again and its refusals are mapped
 * onto the same fields (`apiFieldErrors`).
 */
export function toBody(v: FormValues, t: T): { body?: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const minutes = (path: string, text: string, inherit?: number): number | undefined => {
    const p = parseDuration(text);
    if (p.ok) return p.minutes;
    if (p.why === "empty" && inherit !== undefined) return inherit;
    errors[path] = t(p.why === "empty" ? "tab.settings.error.required" : p.why === "unit" ? "tab.settings.error.unit" : "tab.settings.error.duration");
    return undefined;
  };
  const pair = (path: string, fr: number | undefined, res: number | undefined) => {
    if (fr !== undefined && res !== undefined && fr > res) errors[`${path}.firstResponseMinutes`] = t("tab.settings.error.frAfterResolution");
  };

  if (!v.name.trim()) errors.name = t("tab.settings.error.required");
  if (!v.timeZone.trim()) errors["calendar.timeZone"] = t("tab.settings.error.required");
  else if (!validZone(v.timeZone.trim())) errors["calendar.timeZone"] = t("tab.settings.error.timeZone");
  for (const day of WEEKDAYS) {
    v.week[day].forEach(([a, b], i) => {
      if (!TIME_RE.test(a) || !END_RE.test(b)) errors[`calendar.week.${day}.${i}`] = t("tab.settings.error.time");
      else if (a >= b) errors[`calendar.week.${day}.${i}`] = t("tab.settings.error.window");
      // Overlapping another window of the day (the API refuses it too, in English only).
      else if (v.week[day].some(([c, d], j) => j !== i && TIME_RE.test(c) && END_RE.test(d) && c < d && a < d && c < b && (c < a || (c === a && j < i))))
        errors[`calendar.week.${day}.${i}`] = t("tab.settings.error.overlap");
    });
  }
  if (WEEKDAYS.every((d) => v.week[d].length === 0)) errors["calendar.week"] = t("tab.settings.error.noHours");
  v.holidays.forEach((h, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(h)) errors[`calendar.holidays.${i}`] = t("tab.settings.error.date");
  });
  const warn = whole(v.warnAtPercent);
  if (warn === undefined || warn < 1 || warn > 99) errors["sla.warnAtPercent"] = t("tab.settings.error.percent");

  const targets = {} as Record<Priority, SlaTarget>;
  for (const p of PRIORITIES) {
    const path = `sla.targets.${p}`;
    const fr = minutes(`${path}.firstResponseMinutes`, v.targets[p].firstResponseMinutes);
    const res = minutes(`${path}.resolutionMinutes`, v.targets[p].resolutionMinutes);
    pair(path, fr, res);
    targets[p] = { firstResponseMinutes: fr ?? 0, resolutionMinutes: res ?? 0 };
  }

  const seen = new Map<string, number>();
  const categories = v.categories.map((c, i) => {
    const path = `categories.${i}`;
    const key = c.key.trim();
    if (!CATEGORY_KEY_RE.test(key)) errors[`${path}.key`] = t(key ? "tab.settings.error.categoryKey" : "tab.settings.error.required");
    else if (seen.has(key)) errors[`${path}.key`] = t("tab.settings.error.categoryTaken");
    else seen.set(key, i);
    if (!c.name.trim()) errors[`${path}.name`] = t("tab.settings.error.required");
    // A priority with either clock typed gets its own target; the other clock follows the department's.
    const own: Partial<Record<Priority, SlaTarget>> = {};
    for (const p of PRIORITIES) {
      const typed = c.targets[p];
      if (!typed.firstResponseMinutes.trim() && !typed.resolutionMinutes.trim()) continue;
      const tp = `${path}.sla.targets.${p}`;
      const fr = minutes(`${tp}.firstResponseMinutes`, typed.firstResponseMinutes, targets[p].firstResponseMinutes || undefined);
      const res = minutes(`${tp}.resolutionMinutes`, typed.resolutionMinutes, targets[p].resolutionMinutes || undefined);
      pair(tp, fr, res);
      if (fr !== undefined && res !== undefined) own[p] = { firstResponseMinutes: fr, resolutionMinutes: res };
    }
    return { key, name: c.name.trim(), ...(Object.keys(own).length ? { sla: { targets: own } } : {}) };
  });

  const days = whole(v.ratingEveryDays);
  if (days === undefined || days > 365) errors["surveys.ratingEveryDays"] = t("tab.settings.error.ratingDays");
  const sample = whole(v.pulseSample);
  if (sample === undefined || sample < 1 || sample > 1000) errors["surveys.pulseSample"] = t("tab.settings.error.pulseSample");
  if (!v.changeReason.trim()) errors.changeReason = t("tab.settings.error.reason");

  if (Object.keys(errors).length) return { errors };
  const surveys: Required<SurveySettings> = { ratingEveryDays: days!, pulseEveryMonths: v.pulseEveryMonths, pulseSample: sample!, pulseEnabled: v.pulseEnabled };
  return {
    errors,
    body: {
      name: v.name.trim(),
      description: v.description,
      calendar: { timeZone: v.timeZone.trim(), week: v.week, holidays: [...new Set(v.holidays)].sort() },
      sla: { warnAtPercent: warn, targets },
      categories,
      agents: v.agents,
      leads: v.leads,
      ...(v.agentsGroup ? { agentsGroup: v.agentsGroup } : {}),
      ...(v.triageChannel === null ? { triageChannel: null } : {}),
      surveys,
      changeReason: v.changeReason.trim(),
    },
  };
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: zone });
    return !/^(?:UTC|GMT)[+-]/i.test(zone);
  } catch {
    return false;
  }
}

/** "categories[1].sla.targets.high" -> "categories.1.sla.targets.high". */
export const dotted = (path: string) => path.replace(/\[(\d+)\]/g, ".$1").replace(/\["([^"]*)"\]/g, ".$1");

/** Where the form shows an error; anything else goes in the summary above the Save button. */
const PLACED = [
  /^(name|description|changeReason|triageChannel)$/,
  /^calendar\.(timeZone|week|holidays)(\.|$)/,
  /^sla\.(warnAtPercent|targets\.\w+\.(firstResponseMinutes|resolutionMinutes))$/,
  /^categories\.\d+\.(key|name|sla\.targets\.\w+\.(firstResponseMinutes|resolutionMinutes))$/,
  /^(agents|leads)(\.|$)/,
  /^surveys\.\w+$/,
];
export const isPlaced = (path: string) => PLACED.some((re) => re.test(path));

/**
 * A 400's details as messages by field, in the reader's language: the API's stable codes say
 * what is wrong; its English sentence is used only where no code does (a hand-written check).
 */
export function apiFieldErrors(err: unknown, t: T): FieldErrors | undefined {
  if (!(err instanceof ApiError) || err.status !== 400 || !Array.isArray(err.details)) return undefined;
  const out: FieldErrors = {};
  for (const d of err.details as Array<{ field?: string; path?: string; code?: string; limit?: number; message?: string }>) {
    const path = dotted(d.field ?? d.path ?? "");
    if (out[path]) continue;
    const minutes = /Minutes$/.test(path);
    const limit = d.limit === undefined ? "" : minutes ? formatDuration(d.limit) : String(d.limit);
    switch (d.code) {
      case "required":
      case "blank":
        out[path] = t("tab.settings.error.required");
        break;
      case "too_large":
      case "too_long":
      case "too_many":
        out[path] = t("tab.settings.error.atMost", { limit });
        break;
      case "too_small":
      case "too_short":
      case "too_few":
        out[path] = t("tab.settings.error.atLeast", { limit });
        break;
      case "duplicate":
      case "repeated":
        out[path] = t("tab.settings.error.duplicate");
        break;
      default:
        out[path] = d.message ?? err.message;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

/** The message for a field, or for anything inside it (a window's start, a person's id). */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const inner = Object.keys(errors).find((k) => k.startsWith(`${path}.`) && errors[k]);
  return inner ? errors[inner] : undefined;
}

/** What every section of the form gets: the values, a way to change them, and the errors by path. */
export interface SectionProps {
  v: FormValues;
  /** Applies a change; `clear`: the path whose error goes (the field just edited, and what is inside it). */
  update(change: (v: FormValues) => FormValues, clear?: string): void;
  errors: FieldErrors;
}
