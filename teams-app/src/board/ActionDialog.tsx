import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Textarea,
} from "@fluentui/react-components";
import { useEffect, useState } from "react";
import type { Department, RequestView } from "../../../shared/domain.ts";
import type { RequestAction } from "../../../shared/lifecycle.ts";
import { LIMITS } from "../../../shared/validation/limits.ts";
import { useT } from "../../../web/i18n.ts";
import type { Api } from "../../../web/api.ts";
import { staffOf } from "./actions.ts";

export type DialogAction = "assign" | "comment" | "wait" | "resolve" | "transfer";

/**
 * The form of an action that needs more than a click: whom to assign, a comment (or internal
 * note), what to ask the requester, a resolution note. `submit` answers an error to show, or
 * nothing when done; on an error the form stays, with what was typed.
 */
export function ActionDialog({
  kind,
  request,
  department,
  onClose,
  submit,
  api,
}: {
  kind: DialogAction;
  request: RequestView;
  department: Department;
  onClose: () => void;
  submit: (body: RequestAction) => Promise<string | undefined>;
  /** Transfer: reads the departments to pick from. */
  api?: Api;
}) {
  const t = useT();
  const [text, setText] = useState("");
  const [internal, setInternal] = useState(false);
  const [assignee, setAssignee] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [missing, setMissing] = useState(false);
  const people = staffOf(department).filter((p) => p.id !== request.assignee?.id);
  const id = request.id;
  // Transfer: every other department, from the catalogue.
  const [targets, setTargets] = useState<Array<{ key: string; name: string }>>();
  const [target, setTarget] = useState<string>();
  useEffect(() => {
    if (kind !== "transfer" || !api) return;
    let cancelled = false;
    api.get<Department[] | { items: Department[] }>("/api/departments").then(
      (all) => {
        const list = Array.isArray(all) ? all : all.items;
        if (!cancelled) setTargets(list.filter((d) => d.key !== department.key).map((d) => ({ key: d.key, name: d.name })));
      },
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [kind, api, department.key]);

  const title = {
    assign: t("tab.board.dialog.assign.title", { id }),
    comment: t("tab.board.dialog.comment.title", { id }),
    wait: t("tab.board.dialog.wait.title", { id }),
    resolve: t("tab.board.dialog.resolve.title", { id }),
    transfer: t("tab.board.transfer.title", { id }),
  }[kind];

  const send = async () => {
    const trimmed = text.trim();
    let body: RequestAction;
    if (kind === "assign") {
      const p = people.find((x) => x.id === assignee);
      if (!p) return setMissing(true);
      body = { action: "assign", assignee: p };
    } else if (kind === "comment") {
      if (!trimmed) return setMissing(true);
      body = { action: "comment", text: trimmed, public: !internal };
    } else if (kind === "transfer") {
      if (!target || !trimmed) return setMissing(true);
      body = { action: "transfer", department: target, reason: trimmed };
    } else if (kind === "wait") {
      if (!trimmed) return setMissing(true);
      body = { action: "wait", text: trimmed };
    } else {
      body = trimmed ? { action: "resolve", text: trimmed } : { action: "resolve" };
    }
    setBusy(true);
    setError(undefined);
    const problem = await submit(body);
    setBusy(false);
    if (problem) setError(problem);
    else onClose();
  };

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => !d.open && !busy && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent style={{ display: "flex", flexDirection: "column", gap: 12 }}>
              <p style={{ margin: 0, overflowWrap: "anywhere" }}>{request.title}</p>
              {error && (
                <MessageBar intent="warning">
                  <MessageBarBody>{error}</MessageBarBody>
                </MessageBar>
              )}
              {kind === "transfer" && (
                <Field label={t("tab.board.transfer.department")} required validationMessage={missing && !target ? t("tab.board.dialog.required") : targets?.length === 0 ? t("tab.board.transfer.none") : undefined}>
                  <Dropdown
                    data-testid="transfer-department"
                    placeholder={t("tab.board.transfer.department")}
                    value={targets?.find((d) => d.key === target)?.name ?? ""}
                    selectedOptions={target ? [target] : []}
                    onOptionSelect={(_, d) => setTarget(d.optionValue)}
                  >
                    {(targets ?? []).map((d) => (
                      <Option key={d.key} value={d.key}>
                        {d.name}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
              )}
              {kind === "assign" ? (
                <Field label={t("tab.board.dialog.assign.to")} required validationMessage={missing && !assignee ? t("tab.board.dialog.assign.pick") : undefined}>
                  <Dropdown
                    placeholder={t("tab.board.dialog.assign.pick")}
                    value={people.find((p) => p.id === assignee)?.name ?? ""}
                    selectedOptions={assignee ? [assignee] : []}
                    onOptionSelect={(_, d) => setAssignee(d.optionValue)}
                  >
                    {people.map((p) => (
                      <Option key={p.id} value={p.id}>
                        {p.name}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
              ) : (
                <Field
                  label={
                    kind === "transfer"
                      ? t("tab.board.transfer.reason")
                      : kind === "comment"
                      ? t("tab.board.dialog.comment.text")
                      : kind === "wait"
                        ? t("tab.board.dialog.wait.text", { name: request.requester.name })
                        : t("tab.board.dialog.resolve.text")
                  }
                  required={kind === "comment" || kind === "wait" || kind === "transfer"}
                  hint={kind === "wait" ? t("tab.board.dialog.wait.hint") : kind === "resolve" ? t("tab.board.dialog.resolve.hint") : undefined}
                  validationMessage={missing && !text.trim() ? t("tab.board.dialog.required") : undefined}
                >
                  <Textarea value={text} onChange={(_, d) => setText(d.value)} resize="vertical" rows={4} maxLength={kind === "transfer" ? LIMITS.transferReasonMax : LIMITS.commentMax} />
                </Field>
              )}
              {kind === "comment" && (
                <label style={{ display: "flex", gap: 8, alignItems: "center" }}>
                  <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} style={{ width: 16, height: 16, margin: 0 }} />
                  {t("tab.board.dialog.comment.internal", { department: department.name })}
                </label>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose} disabled={busy}>
                {t("tab.board.dialog.back")}
              </Button>
              <Button appearance="primary" type="submit" disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>
                {t(`action.${kind}`)}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
