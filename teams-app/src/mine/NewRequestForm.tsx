/**
 * "New request": department, category (of that department), priority, title, description.
 * Before anything is sent it says when the department will answer (the SLA preview, asked
 * again whenever the department or the priority changes). Mistakes are shown next to their
 * fields, in the reader's language; what was typed stays. One Idempotency-Key per form, so
 * a double click or a retry after a lost answer files one request.
 */
import { Button, Dropdown, Field, MessageBar, MessageBarBody, Option, Spinner, Textarea, tokens } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import { PRIORITIES, type Department, type Priority, type RequestView } from "../../../shared/domain.ts";
import { LIMITS } from "../../../shared/validation/limits.ts";
import { capitalized, formatDate, formatTime, readerZone } from "../../../web/format.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { useSlaPreview } from "../../../web/sla-preview.ts";
import { useSession } from "../session.ts";
import { apiFormErrors, type FieldErrors, type FormField } from "../../../web/errors.ts";
import { useSimilar, type SimilarRequest } from "../../../web/similar.ts";
import { SimilarRequests } from "../../../web/SimilarRequests.tsx";

/** The API's own limits (limits.ts has no imports, so the tab's bundle stays free of zod). */
const TITLE_MAX = LIMITS.titleMax;
const DESCRIPTION_MAX = LIMITS.descriptionMax;

const newKey = () =>
  typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

interface Values {
  department: string;
  category: string;
  priority: Priority;
  title: string;
  description: string;
}

export function NewRequestForm({
  onFiled,
  onDiscard,
  onInstead,
  initialDepartment,
}: {
  onFiled: (r: RequestView) => void;
  onDiscard: () => void;
  /** "Follow that one instead": the open request chosen over filing a new one (`followed`: the caller now follows it). */
  onInstead: (r: RequestView, followed: boolean) => void;
  initialDepartment?: string;
}) {
  const t = useT();
  const { api, departments } = useSession();
  const [v, setV] = useState<Values>({ department: initialDepartment ?? "", category: "", priority: "normal", title: "", description: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  const key = useRef(newKey());
  const busy = useRef(false);
  const refs = {
    department: useRef<HTMLButtonElement>(null),
    category: useRef<HTMLButtonElement>(null),
    priority: useRef<HTMLButtonElement>(null),
    title: useRef<HTMLTextAreaElement>(null),
    description: useRef<HTMLTextAreaElement>(null),
  } satisfies Record<FormField, React.RefObject<HTMLElement | null>>;
  const dept = departments.find((d) => d.key === v.department);
  const category = dept?.categories.find((c) => c.key === v.category);
  const similar = useSimilar(api, dept?.key, v.title, v.description);
  const [following, setFollowing] = useState<string | undefined>();

  const instead = async (r: SimilarRequest) => {
    setFollowing(r.id);
    setFormError(undefined);
    try {
      const path = `/api/requests/${encodeURIComponent(r.id)}`;
      // Your own is already yours to follow: it opens. Someone else's: you follow it, nothing is filed.
      const request = r.mine ? await api.get<RequestView>(path) : await api.post<RequestView>(`${path}/actions`, { action: "follow" });
      onInstead(request, !r.mine);
    } catch (err) {
      setFormError(t("tab.mine.form.failed", { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setFollowing(undefined);
    }
  };

  // Opening the form puts the cursor in its first field.
  useEffect(() => refs.department.current?.focus(), []); // eslint-disable-line react-hooks/exhaustive-deps

  const set = <K extends keyof Values>(field: K, value: Values[K]) => {
    setV((old) => ({ ...old, [field]: value, ...(field === "department" ? { category: "" } : {}) }));
    // A field's message goes once it is edited; the others stay until the next attempt.
    setErrors((old) => (old[field] ? { ...old, [field]: undefined, ...(field === "department" ? { category: undefined } : {}) } : old));
  };

  const check = (): FieldErrors => {
    const e: FieldErrors = {};
    if (!dept) e.department = t("form.error.department");
    const title = v.title.trim();
    if (title.length < 1 || [...title].length > TITLE_MAX) e.title = t("form.error.title");
    if ([...v.description].length > DESCRIPTION_MAX) e.description = t("form.error.description");
    return e;
  };

  const focusFirst = (e: FieldErrors) => {
    const first = (["department", "category", "priority", "title", "description"] as const).find((f) => e[f]);
    if (first) refs[first].current?.focus();
  };

  const submit = async (ev: React.FormEvent) => {
    ev.preventDefault();
    if (busy.current) return; // a second click while the first is on its way
    const e = check();
    setErrors(e);
    setFormError(undefined);
    if (Object.keys(e).length) return focusFirst(e);
    busy.current = true;
    setSending(true);
    try {
      const body = { department: v.department, title: v.title.trim(), description: v.description, category: v.category || undefined, priority: v.priority };
      const request = await api.post<RequestView>("/api/requests", body, { "Idempotency-Key": key.current });
      key.current = newKey();
      onFiled(request);
    } catch (err) {
      const { fields, form } = apiFormErrors(err, t);
      setErrors(fields);
      setFormError(form ?? t("tab.mine.form.fix"));
      focusFirst(fields);
    } finally {
      busy.current = false;
      setSending(false);
    }
  };

  const titleLength = [...v.title.trim()].length;
  const count = (n: number, max: number) => t("tab.mine.form.count", { count: n, max });

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="new-request-heading"
      style={{
        display: "flex",
        flexDirection: "column",
        gap: 12,
        padding: 16,
        border: `1px solid ${tokens.colorNeutralStroke2}`,
        borderRadius: tokens.borderRadiusLarge,
        background: tokens.colorNeutralBackground1,
        boxShadow: tokens.shadow4,
        maxWidth: 760,
      }}
    >
      <h2 id="new-request-heading" style={{ margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold }}>
        {t("bot.newForm")}
      </h2>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(200px, 1fr))", gap: 12, alignItems: "start" }}>
        <Field label={t("card.department")} required validationMessage={errors.department} validationState={errors.department ? "error" : "none"}>
          <Dropdown
            ref={refs.department}
            value={dept ? deptLabel(dept) : ""}
            selectedOptions={dept ? [dept.key] : []}
            placeholder={t("tab.pickDepartment")}
            onOptionSelect={(_, d) => d.optionValue && set("department", d.optionValue)}
            data-field="department"
          >
            {departments.map((d) => (
              <Option key={d.key} value={d.key}>
                {deptLabel(d)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={t("card.category")} validationMessage={errors.category} validationState={errors.category ? "error" : "none"}>
          <Dropdown
            ref={refs.category}
            value={category ? category.name : t("card.noCategory")}
            selectedOptions={[v.category]}
            onOptionSelect={(_, d) => set("category", d.optionValue ?? "")}
            disabled={!dept}
            data-field="category"
          >
            <Option value="">{t("card.noCategory")}</Option>
            {(dept?.categories ?? []).map((c) => (
              <Option key={c.key} value={c.key}>
                {c.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={t("card.priority")} validationMessage={errors.priority} validationState={errors.priority ? "error" : "none"}>
          <Dropdown
            ref={refs.priority}
            value={t(`priority.${v.priority}`)}
            selectedOptions={[v.priority]}
            onOptionSelect={(_, d) => d.optionValue && set("priority", d.optionValue as Priority)}
            data-field="priority"
          >
            {PRIORITIES.map((p) => (
              <Option key={p} value={p}>
                {t(`priority.${p}`)}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>

      <Preview department={dept} priority={v.priority} />

      <Field
        label={t("card.title")}
        required
        validationMessage={errors.title}
        validationState={errors.title ? "error" : "none"}
        hint={count(titleLength, TITLE_MAX)}
      >
        {/* One line of text that wraps (a title may be long): Enter files, pasted line breaks become spaces. */}
        <Textarea
          ref={refs.title}
          value={v.title}
          rows={1}
          resize="none"
          textarea={{ style: { minHeight: 0, fieldSizing: "content" } as React.CSSProperties }}
          onChange={(_, d) => set("title", d.value.replace(/\s*[\r\n]+\s*/g, " "))}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.nativeEvent.isComposing) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
          placeholder={t("card.titlePlaceholder")}
          data-field="title"
        />
      </Field>
      <Field
        label={t("card.description")}
        validationMessage={errors.description}
        validationState={errors.description ? "error" : "none"}
        hint={v.description.length > DESCRIPTION_MAX * 0.9 ? count([...v.description].length, DESCRIPTION_MAX) : undefined}
      >
        <Textarea
          ref={refs.description}
          value={v.description}
          onChange={(_, d) => set("description", d.value)}
          placeholder={t("card.descriptionPlaceholder")}
          resize="vertical"
          rows={5}
          data-field="description"
        />
      </Field>

      <SimilarRequests items={similar} onFollow={instead} busy={following} />

      {formError && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{formError}</MessageBarBody>
        </MessageBar>
      )}
      <div style={{ display: "flex", gap: 8, alignItems: "center" }}>
        <Button type="submit" appearance="primary" disabled={sending} icon={sending ? <Spinner size="tiny" /> : undefined}>
          {sending ? t("tab.mine.form.sending") : t("card.submit")}
        </Button>
        <Button type="button" onClick={onDiscard} disabled={sending}>
          {t("tab.mine.form.discard")}
        </Button>
      </div>
    </form>
  );
}

const deptLabel = (d: Department) => (d.name === d.key ? d.name : `${d.name} (${d.key})`);

/** "IT replies by Tue 1 Dec, 10:00 CET and aims to resolve it by ...", from the preview call. */
function Preview({ department, priority }: { department?: Department; priority: Priority }) {
  const t = useT();
  const locale = useLocale();
  const { api } = useSession();
  // Asked again each minute while the form is open (the add-in's form shares it).
  const { state, wanted } = useSlaPreview(api, department, priority);

  let body: React.ReactNode;
  let ready = false;
  if (!department) body = t("tab.mine.form.previewPick");
  else if (!state || state.for !== wanted) body = t("tab.mine.form.previewLoading", { department: department.name });
  else if (state.error || !state.preview) body = t("tab.mine.form.previewFailed", { message: state.error ?? "" });
  else {
    ready = true;
    const p = state.preview;
    const zone = readerZone();
    const time = (iso: string) => formatTime(iso, zone, locale);
    const lines: string[] = [];
    if (p.workingNow === false && p.startsAt) lines.push(`${t("preview.closedNow", { department: department.name, time: time(p.startsAt) })}.`);
    lines.push(`${t("preview.replyBy", { department: department.name, time: time(p.firstResponseDueAt) })} ${t("preview.resolveBy", { time: time(p.resolutionDueAt) })}.`);
    for (const h of p.holidays ?? []) lines.push(`${capitalized(t("preview.holiday", { day: formatDate(h, locale, "weekday") }))}.`);
    body = lines.map((l) => <div key={l}>{l}</div>);
  }
  return (
    <div aria-live="polite" data-testid="sla-preview" data-ready={ready ? "true" : "false"}>
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>{body}</MessageBarBody>
      </MessageBar>
    </div>
  );
}
