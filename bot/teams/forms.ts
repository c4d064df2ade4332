import { randomUUID } from "node:crypto";
import type { Department, Priority, RequestView, Source } from "../../shared/domain.ts";
import { PRIORITIES } from "../../shared/domain.ts";
import { slaPreview } from "../../shared/sla/preview.ts";
import { LIMITS } from "../../shared/validation/limits.ts";
import type { Locale } from "../../shared/strings/index.ts";
import { demoDepartmentName } from "../demo/demo-language.ts";
import { AppError } from "../service/app-error.ts";
import type { DepartmentService } from "../service/department-service.ts";
import type { RequestService } from "../service/request-service.ts";
import type { SearchService, SimilarItem } from "../service/search-service.ts";
import { formatTime, newRequestCard } from "./cards.ts";
import { addActionData, type AdaptiveCardJson } from "./card-kit.ts";
import { say, type Turn } from "./turn.ts";

export type FormField = "department" | "category" | "priority" | "title" | "description" | "form";

export interface FormValues {
  department?: string;
  category?: string;
  priority?: string;
  title?: string;
  description?: string;
}

export interface SourceMessage {
  id: string;
  author: string;
  link?: string;
}

export interface FormDeps {
  requests: RequestService;
  departments: DepartmentService;
  /** Similar at intake: open requests that look like the one being filed (absent: none shown). */
  search?: Pick<SearchService, "similar">;
}

/**
 * The new-request form. No department is preselected unless one was chosen, suggested (the
 * message action) or is the only one; with one, its categories and when it would answer. A
 * fresh `formId` rides on the buttons, so two clicks on the same form file one request.
 */
export async function newRequestForm(
  d: FormDeps,
  turn: Turn,
  o: {
    values?: FormValues;
    errors?: Partial<Record<FormField, string>>;
    sourceMessage?: SourceMessage;
    formId?: string;
    suggested?: boolean;
    /** Open requests that look like the same case: shown, and the next send files it anyway. */
    similar?: SimilarItem[];
  } = {},
): Promise<AdaptiveCardJson> {
  const departments = await d.departments.list(turn.actor.tenantId);
  const wanted = o.values?.department?.trim().toUpperCase();
  const chosen = departments.find((x) => x.key === wanted) ?? (departments.length === 1 ? departments[0] : undefined);
  const priority = (PRIORITIES as readonly string[]).includes(o.values?.priority ?? "") ? (o.values!.priority as Priority) : "normal";
  const preview = chosen ? previewText(chosen, priority, turn.locale, Date.now()) : undefined;
  const card = newRequestCard({
    locale: turn.locale,
    departments,
    values: { ...o.values, priority, department: chosen?.key },
    errors: o.errors,
    preview,
    sourceMessage: o.sourceMessage,
    suggested: o.suggested,
    similar: o.similar,
  });
  return addActionData(card, {
    formId: o.formId ?? randomUUID(),
    ...(o.sourceMessage ? { sourceMessageId: o.sourceMessage.id } : {}),
    // The person has seen them: sending again files it.
    ...(o.similar?.length ? { similarSeen: true } : {}),
  });
}

/**
 * Similar at intake: the open requests the form's words look like, within what the person may
 * see (the search service decides). A failed look-up shows none: it never stops a filing.
 */
export async function similarTo(d: FormDeps, turn: Turn, values: FormValues): Promise<SimilarItem[]> {
  const department = values.department?.trim().toUpperCase();
  const title = values.title?.trim() ?? "";
  if (!d.search || !department || !title) return [];
  try {
    const { items } = await d.search.similar(turn.actor, { department, title: title.slice(0, LIMITS.titleMax), description: (values.description ?? "").slice(0, 2000) });
    return items;
  } catch {
    return [];
  }
}

/** "IT replies by Tue 25 Nov, 10:00 and aims to resolve it by ..." in the department's zone. */
export function previewText(dept: Department, priority: Priority, locale: Locale, now: number): string {
  const p = slaPreview(dept.calendar, dept.sla.targets[priority], now);
  const time = (iso: string) => formatTime(iso, dept.calendar.timeZone, locale);
  const reply = say({ locale }, "preview.replyBy", { department: demoDepartmentName(dept.key, dept.name, locale), time: time(p.firstResponseDueAt) });
  return `${reply} ${say({ locale }, "preview.resolveBy", { time: time(p.resolutionDueAt) })}.`;
}


/** What a submitted form holds (Action.Execute data: the inputs and the button's data). */
export function formValues(data: Record<string, unknown>): FormValues {
  const str = (k: string) => (typeof data[k] === "string" ? (data[k] as string) : undefined);
  return { department: str("department"), category: str("category"), priority: str("priority"), title: str("title"), description: str("description") };
}

/** The form's id as its buttons carried it (one request per form however often it is sent). */
export function formIdOf(data: Record<string, unknown>): string | undefined {
  return typeof data.formId === "string" && /^[\w-]{8,64}$/.test(data.formId) ? data.formId : undefined;
}

export type Submitted =
  | { ok: true; request: RequestView; created: boolean }
  | { ok: false; values: FormValues; errors: Partial<Record<FormField, string>>; similar?: SimilarItem[] };

/**
 * Files what the form holds. Bad input comes back as per-field errors in the user's language,
 * with what they typed, so the card can be shown again.
 */
export async function submitNewRequest(
  d: FormDeps,
  turn: Turn,
  data: Record<string, unknown>,
  opts: { source: Source; idempotencyKey?: string; oncePerSource?: boolean },
): Promise<Submitted> {
  const values = formValues(data);
  const errors: Partial<Record<FormField, string>> = {};
  const department = values.department?.trim().toUpperCase() ?? "";
  let category: string | undefined;
  if (values.category) {
    const [deptOfCategory, key] = values.category.includes(":") ? values.category.split(":", 2) : [department, values.category];
    if (deptOfCategory!.toUpperCase() !== department) errors.category = say(turn, "form.error.categoryElsewhere");
    else category = key;
  }
  if (!department) errors.department = say(turn, "form.error.department");
  if (!values.title?.trim()) errors.title = say(turn, "form.error.title");
  if (Object.keys(errors).length) return { ok: false, values, errors };
  // Before the first send files it: the open requests it looks like, once; sent again, it is filed.
  if (data.similarSeen !== true) {
    const similar = await similarTo(d, turn, { ...values, department });
    if (similar.length) return { ok: false, values, errors: {}, similar };
  }

  const body = {
    department,
    title: values.title!.trim(),
    ...(values.description?.trim() ? { description: values.description } : {}),
    ...(category ? { category } : {}),
    ...(values.priority ? { priority: values.priority } : {}),
  };
  try {
    const { request, created } = await d.requests.create(turn.actor, body, opts);
    return { ok: true, request, created };
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 400) throw err;
    return { ok: false, values, errors: fieldErrors(turn, err) };
  }
}

/** The service's validation details, mapped onto the form's fields in the user's language. */
function fieldErrors(turn: Turn, err: AppError): Partial<Record<FormField, string>> {
  const out: Partial<Record<FormField, string>> = {};
  const details = Array.isArray(err.details) ? (err.details as Array<{ path?: string }>) : [];
  for (const { path } of details) {
    const field = (path ?? "").split(".")[0];
    if (field === "title") out.title = say(turn, "form.error.title");
    else if (field === "description") out.description = say(turn, "form.error.description");
    else if (field === "department") out.department = say(turn, "form.error.department");
    else if (field === "category") out.category = say(turn, "form.error.category");
    else if (field === "priority") out.priority = say(turn, "form.error.priority");
  }
  if (!Object.keys(out).length) out.form = err.message;
  return out;
}
