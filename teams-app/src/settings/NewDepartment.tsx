import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Field, Input, MessageBar, MessageBarBody, Textarea } from "@fluentui/react-components";
import { useRef, useState } from "react";
import type { Calendar, SlaPolicy, Weekday, Window } from "../../../shared/domain.ts";
import { LIMITS } from "../../../shared/validation/limits.ts";
import { ApiError } from "../../../web/api.ts";
import { useT } from "../../../web/i18n.ts";
import { useSession } from "../session.ts";
import type { NewDepartmentProps } from "./types.ts";

/** The API's rule for a new key (shared/validation/department-schemas.ts), checked before asking it. */
const KEY_RE = /^[A-Z][A-Z0-9]{1,9}$/;

const OFFICE_HOURS: Window[] = [["09:00", "17:00"]];
const WEEK: Record<Weekday, Window[]> = { mon: OFFICE_HOURS, tue: OFFICE_HOURS, wed: OFFICE_HOURS, thu: OFFICE_HOURS, fri: OFFICE_HOURS, sat: [], sun: [] };
/** The demo IT's targets (bot/demo/demo-catalogue.ts): an hour's answer when urgent, a week's resolution when low. */
const TARGETS: SlaPolicy = {
  warnAtPercent: 80,
  targets: {
    low: { firstResponseMinutes: 480, resolutionMinutes: 4800 },
    normal: { firstResponseMinutes: 240, resolutionMinutes: 2400 },
    high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
    urgent: { firstResponseMinutes: 15, resolutionMinutes: 240 },
  },
};

/** The reader's own zone: where a new department most likely works; UTC when the browser has none. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/**
 * What `PUT /api/departments/:key` needs to create a department: its name and reason, and
 * defaults for the rest (office hours in `timeZone`, no holidays, standard targets, no one
 * listed), all changed afterwards in its settings.
 */
export function newDepartmentBody(name: string, reason: string, timeZone: string) {
  const calendar: Calendar = { timeZone, week: WEEK, holidays: [] };
  return { name, description: "", calendar, sla: TARGETS, categories: [], agents: [], leads: [], changeReason: reason };
}

type Errors = Partial<Record<"key" | "name" | "reason" | "form", string>>;

/**
 * "New department" (admins): a key, a name and why, then `PUT /api/departments/:key`. The API
 * replaces a department that exists (an admin may), and has no If-None-Match, so the key is
 * looked up first and a taken one refused next to the field (If-None-Match closes the race).
 */
export function NewDepartment({ onCreated }: NewDepartmentProps) {
  const t = useT();
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState("");
  const [name, setName] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const zone = localZone();
  const form = useRef<HTMLFormElement>(null);
  // After a refusal the first field it names gets the focus, so a keyboard or screen reader user lands on it.
  const showErrors = (found: Errors) => {
    setErrors(found);
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const reset = () => {
    setKey("");
    setName("");
    setReason("");
    setErrors({});
  };

  const create = async () => {
    const k = key.trim();
    const found: Errors = {};
    if (!KEY_RE.test(k)) found.key = t("tab.newDept.keyInvalid", { key: k });
    if (!name.trim()) found.name = t("tab.newDept.nameRequired");
    if (!reason.trim()) found.reason = t("tab.newDept.reasonRequired");
    if (Object.keys(found).length) return showErrors(found);
    setErrors({});
    setBusy(true);
    try {
      const path = `/api/departments/${encodeURIComponent(k)}`;
      const taken = await api.get<{ name: string }>(path).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return undefined;
        throw err;
      });
      if (taken) return showErrors({ key: t("tab.newDept.keyTaken", { key: k, name: taken.name }) });
      // If-None-Match: someone creating the same key since the look-up gets 412, never a replaced department.
      const made = await api.call("PUT", path, newDepartmentBody(name.trim(), reason.trim(), zone), { "If-None-Match": "*" }).then(
        () => true,
        (err: unknown) => {
          if (err instanceof ApiError && err.status === 412) return false;
          throw err;
        },
      );
      if (!made) return showErrors({ key: t("tab.newDept.keyTaken", { key: k, name: (await api.get<{ name: string }>(path).catch(() => undefined))?.name ?? k }) });
      setOpen(false);
      reset();
      onCreated(k);
    } catch (err) {
      showErrors(refused(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      modalType="modal"
      onOpenChange={(_, d) => {
        if (busy) return;
        setOpen(d.open);
        if (!d.open) reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button>{t("tab.newDept.open")}</Button>
      </DialogTrigger>
      <DialogSurface aria-describedby={undefined}>
        <form
          ref={form}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <DialogBody>
            <DialogTitle>{t("tab.newDept.title")}</DialogTitle>
            <DialogContent style={{ display: "flex", flexDirection: "column", gap: 12 }}>
              <Field label={t("tab.newDept.key")} hint={t("tab.newDept.keyHint")} required validationMessage={errors.key} validationState={errors.key ? "error" : "none"}>
                <Input
                  value={key}
                  maxLength={LIMITS.departmentKeyMax}
                  autoComplete="off"
                  spellCheck={false}
                  // Keys are capitals: typed "ops" becomes "OPS", as the API would want it.
                  onChange={(_, d) => {
                    setKey(d.value.toUpperCase());
                    setErrors((e) => ({ ...e, key: undefined, form: undefined }));
                  }}
                />
              </Field>
              <Field label={t("tab.newDept.name")} required validationMessage={errors.name} validationState={errors.name ? "error" : "none"}>
                <Input value={name} maxLength={LIMITS.departmentNameMax} onChange={(_, d) => (setName(d.value), setErrors((e) => ({ ...e, name: undefined })))} />
              </Field>
              <Field label={t("tab.newDept.reason")} required validationMessage={errors.reason} validationState={errors.reason ? "error" : "none"}>
                <Textarea value={reason} maxLength={LIMITS.changeReasonMax} resize="vertical" onChange={(_, d) => (setReason(d.value), setErrors((e) => ({ ...e, reason: undefined })))} />
              </Field>
              <p style={{ margin: 0 }}>{t("tab.newDept.defaults", { zone })}</p>
              {errors.form && (
                <MessageBar intent="error" role="alert" layout="multiline">
                  <MessageBarBody>{errors.form}</MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={busy}>
                {t("tab.newDept.create")}
              </Button>
              <DialogTrigger disableButtonEnhancement>
                <Button disabled={busy}>{t("tab.board.dialog.back")}</Button>
              </DialogTrigger>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** A refusal: the API's messages next to the key, name or reason; anything else above the buttons. */
function refused(err: unknown, t: ReturnType<typeof useT>): Errors {
  const message = err instanceof Error ? err.message : String(err);
  const out: Errors = {};
  if (err instanceof ApiError && err.status === 400 && Array.isArray(err.details)) {
    for (const d of err.details as Array<{ field?: string; path?: string; message?: string }>) {
      const at = ({ key: "key", name: "name", changeReason: "reason" } as const)[(d.field ?? d.path ?? "") as "key" | "name" | "changeReason"];
      if (at && !out[at]) out[at] = d.message ?? message;
    }
  }
  return Object.keys(out).length ? out : { form: t("tab.newDept.failed", { message }) };
}
