/**
 * The Outlook task pane: signs in, reads the open email, and either shows the request that
 * email already is (live) or a prefilled form that creates it with one click. Everything from
 * the email is shown as React text, never as HTML.
 */
import {
  Body1,
  Button,
  Caption1,
  Card,
  Dropdown,
  Field,
  FluentProvider,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Subtitle1,
  Textarea,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { PRIORITIES, type Department, type Priority, type RequestView } from "../../shared/domain.ts";
import type { Locale } from "../../shared/strings/index.ts";
import { addFiles, Api, ApiError, apiFormErrors, Attachments, ClockBadge, devToken, forgetDevToken, formatTime, loadDevSignIn, readerZone, LocaleContext, SimilarRequests, StatusBadge, useLocale, useSimilar, useT, type FieldErrors, type FileOutcome, type SimilarRequest } from "../../web/index.ts";
import { authConfig, isDevService, type TokenSource } from "./auth.ts";
import type { MailAttachment, MailMessage } from "./mail.ts";
import { FilingPreview } from "./FilingPreview.tsx";
import { Thread } from "./Thread.tsx";
import { LIMITS } from "../../shared/validation/limits.ts";
import { ATTACHMENTS_MAX, clip, descriptionFromBody, DESCRIPTION_MAX, suggestDepartment, suggestPriority, titleFromSubject, TITLE_MAX } from "./prefill.ts";

// Development only: Outlook users never download the picker.
const DevSignIn = lazy(() => loadDevSignIn().then((m) => ({ default: m.DevSignIn })));

export interface PaneHost {
  locale: Locale;
  dark: boolean;
  /** Reads the open email (Office.js in Outlook, a sample in the browser demo). */
  readMail: () => Promise<MailMessage>;
  /** Opens a link outside the pane (Office's browser window when there is one). */
  openLink?: (url: string) => void;
  /** An attachment's bytes (Office.js getAttachmentContentAsync), to copy it to the request filed. */
  readAttachment?: (a: MailAttachment) => Promise<Uint8Array>;
}

type T = ReturnType<typeof useT>;

/** An error in words a person can act on. */
export function describeError(err: unknown, t: T): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t("addin.error.network");
    if (err.status === 401) return t("addin.error.signedOut");
    if (err.status === 403) return t("addin.error.forbidden", { message: err.message });
    if (err.status === 409 && err.code === "already_converted") return t("addin.error.alreadyConverted");
    if (err.status === 413) return t("addin.error.tooLarge");
    if (err.status === 503) return t("addin.error.unavailable");
    if (err.status >= 500) return t("addin.error.server", { status: err.status });
    return t("addin.error.invalid", { message: err.message });
  }
  return t("addin.error.invalid", { message: err instanceof Error ? err.message : String(err) });
}

export function App({ host }: { host: PaneHost }) {
  const theme = host.dark ? webDarkTheme : webLightTheme;
  useEffect(() => {
    document.documentElement.style.colorScheme = host.dark ? "dark" : "light";
    document.body.style.backgroundColor = theme.colorNeutralBackground1;
  }, [host.dark, theme]);
  return (
    <LocaleContext.Provider value={host.locale}>
      <FluentProvider theme={theme} style={{ minHeight: "100vh" }} data-theme={host.dark ? "dark" : "light"}>
        <SignIn host={host} />
      </FluentProvider>
    </LocaleContext.Provider>
  );
}

type Auth = { kind: "checking" } | { kind: "devPicker" } | { kind: "ready"; token: TokenSource; dev: boolean } | { kind: "error"; message: string };

function SignIn({ host }: { host: PaneHost }) {
  const t = useT();
  const [auth, setAuth] = useState<Auth>({ kind: "checking" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    setAuth({ kind: "checking" });
    void (async () => {
      const mode = await isDevService();
      if (cancelled) return;
      if ("error" in mode) return setAuth({ kind: "error", message: t("addin.error.network") });
      if (mode.dev) {
        const token = devToken();
        return setAuth(token ? { kind: "ready", dev: true, token: async () => devToken() ?? Promise.reject(new ApiError(401, "signed_out", "Not signed in.")) } : { kind: "devPicker" });
      }
      const cfg = authConfig();
      if (!cfg) return setAuth({ kind: "error", message: t("addin.error.notConfigured") });
      try {
        const { productionAuth } = await import("./auth-prod.ts");
        const token = await productionAuth(cfg);
        if (!cancelled) setAuth({ kind: "ready", dev: false, token });
      } catch (err) {
        if (!cancelled) setAuth({ kind: "error", message: t("addin.error.auth", { message: err instanceof Error ? err.message : String(err) }) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [attempt]); // eslint-disable-line react-hooks/exhaustive-deps

  if (auth.kind === "checking") return <Spinner label={t("tab.loading")} style={{ padding: 32 }} />;
  if (auth.kind === "devPicker") {
    return (
      <Suspense fallback={<Spinner label={t("tab.loading")} style={{ padding: 32 }} />}>
        <DevSignIn onSignedIn={() => setAttempt((n) => n + 1)} />
      </Suspense>
    );
  }
  if (auth.kind === "error") return <Problem message={auth.message} onRetry={() => setAttempt((n) => n + 1)} />;
  const signOut = auth.dev ? () => (forgetDevToken(), setAttempt((n) => n + 1)) : undefined;
  return <Pane host={host} token={auth.token} signOut={signOut} onSignedOut={() => (auth.dev ? forgetDevToken() : undefined, setAttempt((n) => n + 1))} />;
}

function Problem({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const t = useT();
  return (
    <div style={{ padding: 16 }} data-testid="problem">
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>{message}</MessageBarBody>
      </MessageBar>
      {onRetry && (
        <Button style={{ marginTop: 12 }} onClick={onRetry}>
          {t("addin.retry")}
        </Button>
      )}
    </div>
  );
}

type View =
  | { kind: "loading"; step: "reading" | "checking" }
  | { kind: "error"; message: string }
  | { kind: "form"; mail: MailMessage; departments: Department[] }
  | { kind: "request"; request: RequestView; departments: Department[]; created: boolean; mail?: MailMessage };

function Pane({ host, token, signOut, onSignedOut }: { host: PaneHost; token: TokenSource; signOut?: () => void; onSignedOut: () => void }) {
  const t = useT();
  const api = useMemo(() => new Api(token), [token]);
  const [view, setView] = useState<View>({ kind: "loading", step: "reading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setView({ kind: "loading", step: "reading" });
    void (async () => {
      let mail: MailMessage;
      try {
        mail = await host.readMail();
      } catch (err) {
        const code = (err as { code?: string }).code;
        const message = code === "no_item" ? t("addin.noItem") : code === "not_a_message" ? t("addin.notMessage") : t("addin.readFailed", { message: err instanceof Error ? err.message : String(err) });
        if (!cancelled) setView({ kind: "error", message });
        return;
      }
      if (cancelled) return;
      setView({ kind: "loading", step: "checking" });
      try {
        const [departments, existing] = await Promise.all([
          api.get<{ items: Department[] }>("/api/departments").then((d) => d.items),
          mail.internetMessageId
            ? api.get<RequestView | undefined>(`/api/requests/by-email?optional=1&internetMessageId=${encodeURIComponent(mail.internetMessageId)}`).catch((err: unknown) => {
                if (err instanceof ApiError && err.status === 404) return undefined;
                throw err;
              })
            : Promise.resolve(undefined),
        ]);
        if (cancelled) return;
        setView(existing ? { kind: "request", request: existing, departments, created: false } : { kind: "form", mail, departments });
      } catch (err) {
        if (cancelled) return;
        if (signOut && err instanceof ApiError && err.status === 401) return onSignedOut();
        setView({ kind: "error", message: describeError(err, t) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [api, attempt]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <main style={{ padding: "12px 16px 24px", display: "flex", flexDirection: "column", gap: 12, maxWidth: 560 }}>
      <header style={{ display: "flex", alignItems: "baseline", justifyContent: "space-between", gap: 8, flexWrap: "wrap" }}>
        <Subtitle1 as="h1" style={{ margin: 0 }}>
          {t("addin.heading")}
        </Subtitle1>
        {signOut && (
          <Button size="small" appearance="subtle" onClick={signOut}>
            {t("addin.signOut")}
          </Button>
        )}
      </header>
      {view.kind === "loading" && <Spinner label={t(view.step === "reading" ? "addin.reading" : "addin.checking")} style={{ padding: 24 }} />}
      {view.kind === "error" && <Problem message={view.message} onRetry={() => setAttempt((n) => n + 1)} />}
      {view.kind === "form" && (
        <MailForm
          api={api}
          mail={view.mail}
          departments={view.departments}
          onDone={(request, created) => setView({ kind: "request", request, departments: view.departments, created, mail: view.mail })}
          onInstead={(request) => setView({ kind: "request", request, departments: view.departments, created: false })}
        />
      )}
      {view.kind === "request" && <RequestStatus api={api} host={host} initial={view.request} departments={view.departments} created={view.created} mail={view.mail} />}
    </main>
  );
}

// ---------------------------------------------------------------------------------------------
// The form
// ---------------------------------------------------------------------------------------------

interface Values {
  department: string;
  category: string;
  priority: Priority;
  title: string;
  description: string;
}

function MailForm({
  api,
  mail,
  departments,
  onDone,
  onInstead,
}: {
  api: Api;
  mail: MailMessage;
  departments: Department[];
  onDone: (r: RequestView, created: boolean) => void;
  /** An open request that looks like the same case, opened instead of filing this email. */
  onInstead: (r: RequestView) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const prefill = useMemo(() => {
    const description = descriptionFromBody(mail.body);
    const suggestion = suggestDepartment(departments, mail.subject, description.text);
    return { description, suggestion, title: titleFromSubject(mail.subject), priority: suggestPriority(mail.subject, description.text, mail.importance) };
  }, [mail, departments]);
  const [v, setV] = useState<Values>({
    department: prefill.suggestion.department ?? "",
    category: prefill.suggestion.category ?? "",
    priority: prefill.priority,
    title: prefill.title,
    description: prefill.description.text,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  /** Someone else converted this email: filing it again cannot work, so the button goes. */
  const [taken, setTaken] = useState(false);
  const busy = useRef(false);
  const dept = departments.find((d) => d.key === v.department);
  const category = dept?.categories.find((c) => c.key === v.category);
  const similar = useSimilar(api, dept?.key, v.title, v.description);
  const [opening, setOpening] = useState<string | undefined>();

  const set = <K extends keyof Values>(field: K, value: Values[K]) => {
    setV((old) => ({ ...old, [field]: value, ...(field === "department" ? { category: "" } : {}) }));
    setErrors((old) => (old[field] ? { ...old, [field]: undefined } : old));
  };

  const openInstead = async (r: SimilarRequest) => {
    setOpening(r.id);
    try {
      onInstead(await api.get<RequestView>(`/api/requests/${encodeURIComponent(r.id)}`));
    } catch (err) {
      setFormError(describeError(err, t));
    } finally {
      setOpening(undefined);
    }
  };

  const submit = async () => {
    if (busy.current) return; // a second click while the first is on its way files nothing more
    const local: FieldErrors = {};
    if (!v.department) local.department = t("form.error.department");
    if (!v.title.trim()) local.title = t("addin.titleRequired");
    if (v.description.length > DESCRIPTION_MAX) local.description = t("addin.descriptionTooLong");
    setErrors(local);
    if (Object.keys(local).length) return setFormError(t("addin.error.fix"));
    busy.current = true;
    setSending(true);
    setFormError(undefined);
    // An email cut to 32,000 characters is sent one mark longer, so the service keeps it to 32,000 and marks the request as cut.
    const body = prefill.description.truncated && v.description.length >= DESCRIPTION_MAX - 200 ? `${clip(v.description, DESCRIPTION_MAX)}\n[…]` : v.description;
    try {
      const result = await api.post<{ request: RequestView; created: boolean }>("/api/requests/from-email", {
        internetMessageId: mail.internetMessageId,
        // The API makes the title from the subject and the description from the body: the edited ones are sent.
        subject: clip(v.title.trim(), TITLE_MAX),
        body,
        bodyFormat: "text",
        from: mail.from,
        ...(mail.receivedAt ? { receivedAt: mail.receivedAt } : {}),
        attachments: mail.attachments.slice(0, ATTACHMENTS_MAX).map((a) => ({ name: clip(a.name, LIMITS.attachmentNameMax), size: a.size, contentType: clip(a.contentType, LIMITS.attachmentContentTypeMax) })),
        department: v.department,
        ...(v.category ? { category: v.category } : {}),
        priority: v.priority,
      });
      onDone(result.request, result.created);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const { fields, form } = apiFormErrors(err, t);
        setErrors(fields);
        setFormError(form ? t("addin.error.invalid", { message: err.message }) : t("addin.error.fix"));
      } else {
        if (err instanceof ApiError && err.status === 409 && err.code === "already_converted") setTaken(true);
        setFormError(describeError(err, t));
      }
    } finally {
      busy.current = false;
      setSending(false);
    }
  };

  const senderName = mail.from.name || mail.from.email;
  return (
    <form
      data-testid="mail-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      style={{ display: "flex", flexDirection: "column", gap: 12 }}
    >
      <Card appearance="filled-alternative" data-testid="mail-summary">
        <Body1 data-testid="mail-from">{t("addin.from", { name: mail.from.email && mail.from.name ? `${mail.from.name} <${mail.from.email}>` : senderName })}</Body1>
        {mail.receivedAt && <Caption1>{t("addin.received", { time: formatTime(mail.receivedAt, readerZone(), locale) })}</Caption1>}
        {mail.attachments.length > 0 && (
          <details data-testid="mail-attachments">
            <summary>
              <Caption1>{mail.attachments.length === 1 ? t("addin.attachments.one") : t("addin.attachments", { count: Math.min(mail.attachments.length, ATTACHMENTS_MAX) })}</Caption1>
            </summary>
            <ul style={{ margin: "4px 0 0", paddingInlineStart: 18, maxHeight: 120, overflow: "auto" }}>
              {mail.attachments.slice(0, ATTACHMENTS_MAX).map((a, i) => (
                <li key={i}>
                  <Caption1>{`${a.name} (${formatSize(a.size, locale)})`}</Caption1>
                </li>
              ))}
            </ul>
          </details>
        )}
        <Caption1 data-testid="requester-note">{t("addin.requesterNote", { name: senderName, email: mail.from.email })}</Caption1>
      </Card>

      <Field data-field="department" label={t("card.department")} required validationMessage={errors.department} validationState={errors.department ? "error" : "none"} hint={prefill.suggestion.department && v.department === prefill.suggestion.department ? t("addin.suggested") : !v.department ? t("addin.noSuggestion") : undefined}>
        <Dropdown
          data-testid="department"
          value={dept ? `${dept.name} (${dept.key})` : ""}
          selectedOptions={v.department ? [v.department] : []}
          onOptionSelect={(_, d) => d.optionValue && set("department", d.optionValue)}
        >
          {departments.map((d) => (
            <Option key={d.key} value={d.key}>{`${d.name} (${d.key})`}</Option>
          ))}
        </Dropdown>
      </Field>
      {dept && dept.categories.length > 0 && (
        <Field data-field="category" label={t("card.category")} validationMessage={errors.category} validationState={errors.category ? "error" : "none"}>
          <Dropdown
            data-testid="category"
            value={category?.name ?? t("card.noCategory")}
            selectedOptions={[v.category]}
            onOptionSelect={(_, d) => set("category", d.optionValue ?? "")}
          >
            <Option value="">{t("card.noCategory")}</Option>
            {dept.categories.map((c) => (
              <Option key={c.key} value={c.key}>
                {c.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      <Field data-field="priority" label={t("card.priority")} validationMessage={errors.priority} validationState={errors.priority ? "error" : "none"}>
        <Dropdown data-testid="priority" value={t(`priority.${v.priority}`)} selectedOptions={[v.priority]} onOptionSelect={(_, d) => d.optionValue && set("priority", d.optionValue as Priority)}>
          {PRIORITIES.map((p) => (
            <Option key={p} value={p}>
              {t(`priority.${p}`)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <FilingPreview api={api} department={dept} priority={v.priority} />
      <Field data-field="title" label={t("card.title")} required validationMessage={errors.title} validationState={errors.title ? "error" : "none"}>
        <Input data-testid="title" value={v.title} maxLength={TITLE_MAX} onChange={(_, d) => set("title", d.value)} />
      </Field>
      <SimilarRequests items={similar} onFollow={openInstead} busy={opening} openOnly />
      <Field
        data-field="description"
        label={t("card.description")}
        validationMessage={errors.description} validationState={errors.description ? "error" : "none"}
        hint={t("tab.mine.form.count", { count: v.description.length.toLocaleString(locale === "es" ? "es-ES" : "en-GB"), max: DESCRIPTION_MAX.toLocaleString(locale === "es" ? "es-ES" : "en-GB") })}
      >
        <Textarea data-testid="description" value={v.description} resize="vertical" rows={8} onChange={(_, d) => set("description", d.value)} />
      </Field>
      {prefill.description.trimmed && (
        <Caption1 data-testid="trimmed-note" style={{ color: tokens.colorNeutralForeground3 }}>
          {t("addin.trimmed")}
        </Caption1>
      )}
      {prefill.description.truncated && (
        <MessageBar intent="warning" layout="multiline" data-testid="truncated-note">
          <MessageBarBody>{t("addin.truncated")}</MessageBarBody>
        </MessageBar>
      )}
      {formError && (
        <MessageBar intent="error" layout="multiline" data-testid="form-error">
          <MessageBarBody>{formError}</MessageBarBody>
        </MessageBar>
      )}
      <div hidden={taken}>
        <Button appearance="primary" type="submit" disabled={sending || taken} data-testid="create" icon={sending ? <Spinner size="tiny" /> : undefined}>
          {sending ? t("addin.creating") : t("addin.create")}
        </Button>
      </div>
    </form>
  );
}

function formatSize(bytes: number, locale: Locale): string {
  const tag = locale === "es" ? "es-ES" : "en-GB";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString(tag, { maximumFractionDigits: 0 })} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString(tag, { maximumFractionDigits: 1 })} MB`;
}

// ---------------------------------------------------------------------------------------------
// The request, live
// ---------------------------------------------------------------------------------------------

/** Where the request can be opened: Teams' personal tab when the Teams app id is known, else the tab in a browser. */
export function requestLink(id: string, doc: Document = document): { url: string; teams: boolean } {
  const appId = doc.querySelector<HTMLMetaElement>('meta[name="tandem:teams-app-id"]')?.content.trim();
  if (appId) {
    const context = encodeURIComponent(JSON.stringify({ subEntityId: id }));
    return { url: `https://teams.microsoft.com/l/entity/${encodeURIComponent(appId)}/mine?context=${context}`, teams: true };
  }
  return { url: `${location.origin}/tab/?view=mine&request=${encodeURIComponent(id)}`, teams: false };
}

function RequestStatus({ api, host, initial, departments, created, mail }: { api: Api; host: PaneHost; initial: RequestView; departments: Department[]; created: boolean; mail?: MailMessage }) {
  const t = useT();
  const [r, setR] = useState(initial);
  const newer = (x: RequestView) => setR((old) => (x.updatedAt >= old.updatedAt ? x : old));
  const copy = useCopiedAttachments(api, host, created ? mail : undefined, initial.id, newer);
  const [live, setLive] = useState<boolean | undefined>();
  useEffect(() => {
    // Every reconnect re-reads the request too, in case a change came while the stream was down.
    const refresh = () => api.get<RequestView>(`/api/requests/${encodeURIComponent(initial.id)}`).then((x) => setR((old) => (x.updatedAt >= old.updatedAt ? x : old)), () => {});
    return api.follow(
      "mine=1",
      (x) => {
        if (x.id === initial.id) setR((old) => (x.updatedAt >= old.updatedAt ? x : old));
      },
      (up) => {
        setLive(up);
        if (up) void refresh();
      },
    );
  }, [api, initial.id]);
  const dept = departments.find((d) => d.key === r.department);
  const link = requestLink(r.id);
  return (
    <section data-testid="request-status" data-request={r.id} data-status={r.status} style={{ display: "flex", flexDirection: "column", gap: 10 }}>
      <MessageBar intent={created ? "success" : "info"} layout="multiline">
        <MessageBarBody data-testid="status-headline">{t(created ? "addin.created" : "addin.already", { id: r.id })}</MessageBarBody>
      </MessageBar>
      <Card>
        <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
          <Subtitle1 as="h2" style={{ margin: 0 }} data-testid="request-id">
            {r.id}
          </Subtitle1>
          <StatusBadge status={r.status} />
        </div>
        <Body1 data-testid="request-title" style={{ overflowWrap: "anywhere" }}>
          {r.title}
        </Body1>
        <Caption1>{`${dept?.name ?? r.department} · ${t(`priority.${r.priority}`)}`}</Caption1>
        <div style={{ display: "flex", flexDirection: "column", gap: 4, alignItems: "flex-start" }}>
          <ClockBadge which="firstResponse" clock={r.sla.firstResponse} />
          <ClockBadge which="resolution" clock={r.sla.resolution} />
        </div>
        <Caption1 data-testid="request-requester">{t("addin.requester", { name: r.requester.name })}</Caption1>
        <Caption1 data-testid="request-assignee">{r.assignee ? t("addin.assignee", { name: r.assignee.name }) : t("common.unassigned")}</Caption1>
        <Link
          href={link.url}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="request-link"
          onClick={(e) => {
            if (!host.openLink) return;
            e.preventDefault();
            host.openLink(link.url);
          }}
        >
          {t(link.teams ? "addin.openInTeams" : "addin.openInBrowser", { id: r.id })}
        </Link>
      </Card>
      {live !== undefined && (
        <Caption1 data-live={live} style={{ color: tokens.colorNeutralForeground3 }}>
          {live ? t("addin.live") : t("addin.reconnecting")}
        </Caption1>
      )}
      {copy && (
        <Caption1 data-testid="copy-status" data-done={!copy.running}>
          {copy.running ? t("addin.attachments.copying", { id: r.id }) : t("addin.attachments.copied", { id: r.id, count: copy.outcomes.filter((o) => o.ok).length, total: copy.outcomes.length })}
        </Caption1>
      )}
      <Attachments api={api} request={r} outcomes={copy?.outcomes} />
      <Thread api={api} request={r} onChanged={newer} describe={(err) => describeError(err, t)} />
    </section>
  );
}

/**
 * The email's attachments copied to the request just filed from it, once, one by one, within
 * the limits: each file that is too big or not allowed gets its sentence instead.
 */
function useCopiedAttachments(api: Api, host: PaneHost, mail: MailMessage | undefined, requestId: string, onRequest: (r: RequestView) => void) {
  const t = useT();
  const locale = useLocale();
  const [copy, setCopy] = useState<{ running: boolean; outcomes: FileOutcome[] }>();
  const started = useRef(false);
  useEffect(() => {
    const read = host.readAttachment;
    if (started.current || !mail?.attachments.length || !read) return;
    started.current = true;
    setCopy({ running: true, outcomes: [] });
    const files = mail.attachments.map((a) => ({ name: a.name, size: a.size, contentType: a.contentType, read: () => read(a) }));
    void addFiles(api, requestId, [], files, t, locale, (o, r) => {
      setCopy((c) => ({ running: true, outcomes: [...(c?.outcomes ?? []), o] }));
      if (r) onRequest(r);
    }).then(() => setCopy((c) => ({ running: false, outcomes: c?.outcomes ?? [] })));
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  return copy;
}
