/**
 * A department's settings (DESIGN.md "Teams tab and Outlook add-in": Settings), for its leads and
 * admins: one form in sections, saved with `PUT /api/departments/:key` and its If-Match, with the
 * reason for the change (the public change log keeps it). A refusal puts each message next to its
 * field; a save over someone else's newer change (412) keeps everything typed and offers their
 * version, with a way back to what was typed.
 */
import { Button, Field, MessageBar, MessageBarBody, Spinner, Textarea, tokens } from "@fluentui/react-components";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Department } from "../../../shared/domain.ts";
import { LIMITS } from "../../../shared/validation/limits.ts";
import { ApiError } from "../../../web/api.ts";
import { useT } from "../../../web/i18n.ts";
import { ErrorBar } from "../components/ErrorBar.tsx";
import { useSession } from "../session.ts";
import { CalendarSection } from "./CalendarSection.tsx";
import { CategoriesSection } from "./CategoriesSection.tsx";
import { apiFieldErrors, isPlaced, toBody, valuesOf, type FormValues } from "./form.ts";
import { GeneralSection } from "./GeneralSection.tsx";
import { HolidaysSection } from "./HolidaysSection.tsx";
import { NewDepartment } from "./NewDepartment.tsx";
import { PeopleSection } from "./PeopleSection.tsx";
import { Section } from "./Section.tsx";
import { SlaSection } from "./SlaSection.tsx";
import { TriageSurveysSection } from "./TriageSurveysSection.tsx";
import type { FieldErrors } from "./types.ts";

type Notice = { kind: "saved" } | { kind: "stale" } | { kind: "theirs" } | { kind: "error"; message: string } | undefined;

export function SettingsPage({ department, onSaved, onCreated }: { department: Department; onSaved: (d: Department) => void; onCreated: (key: string) => void }) {
  const t = useT();
  const { api, me } = useSession();
  const path = `/api/departments/${encodeURIComponent(department.key)}`;
  const [v, setV] = useState<FormValues | undefined>();
  const [etag, setEtag] = useState<string | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<Notice>();
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // What was typed when their version was loaded after a 412: restorable, never dropped silently.
  const mine = useRef<FormValues | undefined>(undefined);
  const top = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    setLoadError(undefined);
    api.tagged<Department>("GET", path).then(
      (r) => {
        if (cancelled) return;
        setV(valuesOf(r.body));
        setEtag(r.etag);
      },
      (err: unknown) => !cancelled && setLoadError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, path, attempt]);

  const update = useCallback((change: (v: FormValues) => FormValues, clear?: string) => {
    setV((old) => (old ? change(old) : old));
    if (notice?.kind === "saved") setNotice(undefined);
    if (clear)
      setErrors((old) => {
        const keys = Object.keys(old).filter((k) => k === clear || k.startsWith(`${clear}.`));
        if (!keys.length) return old;
        const next = { ...old };
        for (const k of keys) delete next[k];
        return next;
      });
  }, [notice]);

  if (loadError) return <ErrorBar message={loadError} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!v) return <Spinner label={t("tab.loading")} />;

  const showFirstError = () =>
    requestAnimationFrame(() => {
      const el = document.querySelector<HTMLElement>('[data-testid="settings"] [aria-invalid="true"]');
      (el ?? top.current)?.focus();
    });

  const save = async (ev: React.FormEvent) => {
    ev.preventDefault();
    if (saving) return;
    const { body, errors: mistakes } = toBody(v, t);
    setErrors(mistakes);
    if (!body) {
      setNotice({ kind: "error", message: t("tab.settings.fix") });
      return showFirstError();
    }
    setSaving(true);
    setNotice(undefined);
    try {
      const r = await api.tagged<Department>("PUT", path, body, etag ? { "If-Match": etag } : {});
      setEtag(r.etag);
      setV({ ...valuesOf(r.body), changeReason: "" });
      mine.current = undefined;
      setNotice({ kind: "saved" });
      onSaved(r.body);
    } catch (err) {
      if (err instanceof ApiError && err.status === 412) setNotice({ kind: "stale" });
      else {
        const fields = apiFieldErrors(err, t);
        if (fields) {
          setErrors(fields);
          const unplaced = Object.entries(fields).filter(([k]) => !isPlaced(k));
          setNotice({ kind: "error", message: [t("tab.settings.fix"), ...unplaced.map(([k, m]) => `${k}: ${m}`)].join(" ") });
          showFirstError();
        } else setNotice({ kind: "error", message: t("tab.settings.failed", { message: err instanceof Error ? err.message : String(err) }) });
      }
    } finally {
      setSaving(false);
    }
  };

  /** After a 412: their version in the form (what was typed kept aside, one click away). */
  const loadTheirs = async () => {
    try {
      const r = await api.tagged<Department>("GET", path);
      mine.current = v;
      setV(valuesOf(r.body));
      setEtag(r.etag);
      setErrors({});
      setNotice({ kind: "theirs" });
    } catch (err) {
      setNotice({ kind: "error", message: t("tab.settings.failed", { message: err instanceof Error ? err.message : String(err) }) });
    }
  };
  /** Back to what was typed, now based on their version: saving it replaces theirs knowingly. */
  const restoreMine = () => {
    if (mine.current) setV(mine.current);
    mine.current = undefined;
    setNotice(undefined);
  };

  const props = { v, update, errors };
  return (
    <div data-testid="settings" style={{ display: "flex", flexDirection: "column", gap: 16, maxWidth: 880 }}>
      <div ref={top} tabIndex={-1} style={{ display: "flex", flexWrap: "wrap", gap: 8, alignItems: "center", outline: "none" }}>
        <h2 style={{ margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, flex: "1 1 200px" }}>{t("tab.settings.title", { department: department.name })}</h2>
        {me.isAdmin && <NewDepartment onCreated={onCreated} />}
      </div>
      <form onSubmit={save} noValidate aria-label={t("tab.settings.title", { department: department.name })} style={{ display: "flex", flexDirection: "column", gap: 16 }}>
        <GeneralSection {...props} />
        <CalendarSection {...props} />
        <HolidaysSection {...props} />
        <SlaSection {...props} />
        <CategoriesSection {...props} />
        <Section id="people" title={t("tab.settings.people")}>
          <PeopleSection
            agents={v.agents}
            leads={v.leads}
            errors={Object.fromEntries(Object.entries(errors).filter(([k]) => /^(agents|leads)(\.|$)/.test(k)))}
            onChange={(next) => update((o) => ({ ...o, agents: next.agents, leads: next.leads }), undefined)}
          />
        </Section>
        <TriageSurveysSection {...props} />
        <Section id="save" title={t("tab.settings.saveTitle")}>
          <Field
            label={t("tab.settings.reason")}
            hint={t("tab.settings.reasonHint")}
            required
            validationMessage={errors.changeReason}
            validationState={errors.changeReason ? "error" : "none"}
          >
            <Textarea value={v.changeReason} maxLength={LIMITS.changeReasonMax} resize="vertical" onChange={(_, d) => update((o) => ({ ...o, changeReason: d.value }), "changeReason")} />
          </Field>
          <Notices notice={notice} onTheirs={loadTheirs} onMine={mine.current ? restoreMine : undefined} />
          <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
            <Button type="submit" appearance="primary" disabled={saving}>
              {saving ? t("tab.settings.saving") : t("tab.settings.save")}
            </Button>
          </div>
        </Section>
      </form>
    </div>
  );
}

function Notices({ notice, onTheirs, onMine }: { notice: Notice; onTheirs: () => void; onMine?: () => void }) {
  const t = useT();
  if (!notice) return null;
  const shown = {
    saved: { intent: "success", role: "status", text: t("tab.settings.saved"), action: undefined },
    stale: { intent: "warning", role: "alert", text: t("tab.settings.stale"), action: { label: t("tab.settings.loadTheirs"), run: onTheirs } },
    theirs: { intent: "info", role: "status", text: t("tab.settings.theirs"), action: onMine && { label: t("tab.settings.restoreMine"), run: onMine } },
    error: { intent: "error", role: "alert", text: notice.kind === "error" ? notice.message : "", action: undefined },
  } as const;
  const { intent, role, text, action } = shown[notice.kind];
  return (
    <MessageBar intent={intent} role={role} data-testid="settings-notice" layout="multiline">
      <MessageBarBody>
        {text}{" "}
        {action && (
          <Button size="small" onClick={action.run}>
            {action.label}
          </Button>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
