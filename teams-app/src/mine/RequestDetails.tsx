/**
 * One of my requests in full: its facts, both SLA clocks, the description, its history (the
 * API never sends internal notes to a requester), and what a requester can do: reply (which
 * resumes a request waiting on them), cancel before resolution, reopen or rate after it.
 * Everything people typed is rendered as text.
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  Spinner,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { OPEN_STATUSES, type RequestView } from "../../../shared/domain.ts";
import { formatTime, readerZone } from "../../../web/format.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { useSession } from "../session.ts";
import { ClockBadge, StatusBadge } from "../../../web/badges.tsx";
import { historyLine } from "../../../shared/history.ts";
import { RatingForm } from "./RatingForm.tsx";
import { IdLink, SentenceWithId } from "../components/IdLink.tsx";
import { mergedInto } from "../../../shared/links.ts";
import { ThankForm } from "./ThankForm.tsx";
import { Attachments } from "../../../web/Attachments.tsx";

export function RequestDetails({ summary, onClose, onChanged, onOpen }: { summary: RequestView; onClose: () => void; onChanged: (r: RequestView) => void; /** Opens another of my requests (where it was transferred or merged). */ onOpen?: (id: string) => void }) {
  const t = useT();
  const locale = useLocale();
  const { api, departments } = useSession();
  const [full, setFull] = useState<RequestView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const dept = departments.find((d) => d.key === summary.department);
  const zone = readerZone();

  // Loaded on open, and again whenever the request changes (the list follows the live stream).
  useEffect(() => {
    let current = true;
    api.get<RequestView>(`/api/requests/${encodeURIComponent(summary.id)}`).then(
      (r) => current && (setFull(r), setError(undefined)),
      (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      current = false;
    };
  }, [api, summary.id, summary.updatedAt]);

  const r = full && full.updatedAt >= summary.updatedAt ? full : { ...summary, history: full?.history };
  const category = dept?.categories.find((c) => c.key === r.category)?.name ?? r.category;

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined} style={{ maxWidth: 720 }}>
        <DialogBody>
          <DialogTitle>
            <span style={{ color: tokens.colorNeutralForeground3, fontWeight: tokens.fontWeightRegular }}>{r.id}</span> {r.title}
          </DialogTitle>
          <DialogContent style={{ display: "flex", flexDirection: "column", gap: 14 }}>
            <dl style={facts}>
              <dt style={dt}>{t("card.status")}</dt>
              <dd style={dd}>
                <StatusBadge status={r.status} />
              </dd>
              <dt style={dt}>{t("card.department")}</dt>
              <dd style={dd}>{dept?.name ?? r.department}</dd>
              <dt style={dt}>{t("card.priority")}</dt>
              <dd style={dd}>{t(`priority.${r.priority}`)}</dd>
              {category && (
                <>
                  <dt style={dt}>{t("card.category")}</dt>
                  <dd style={dd}>{category}</dd>
                </>
              )}
              <dt style={dt}>{t("card.assignee")}</dt>
              <dd style={dd}>{r.assignee?.name ?? t("common.unassigned")}</dd>
              <dt style={dt}>{t("card.filed")}</dt>
              <dd style={dd}>{formatTime(r.createdAt, zone, locale)}</dd>
              {r.followUpOf && (
                <>
                  <dt style={dt}>{t("card.followUpOf")}</dt>
                  <dd style={dd}>
                    <IdLink id={r.followUpOf} onOpen={onOpen} />
                  </dd>
                </>
              )}
              {/* Transfer: where it went, or where it came from. */}
              {(r.transferredTo || r.transferredFrom) && (
                <>
                  <dt style={dt}>{t("action.transfer")}</dt>
                  <dd style={dd} data-testid="transfer-pointer">
                    {r.transferredTo ? (
                      <SentenceWithId sentence={t("tab.transfer.to", { id: r.transferredTo })} id={r.transferredTo} onOpen={onOpen} />
                    ) : (
                      <SentenceWithId sentence={t("tab.transfer.from", { id: r.transferredFrom })} id={r.transferredFrom!} onOpen={onOpen} />
                    )}
                  </dd>
                </>
              )}
              {r.followUps?.length ? (
                <>
                  <dt style={dt}>{t("card.followUps")}</dt>
                  <dd style={dd}>
                    {r.followUps.map((id, i) => (
                      <span key={id}>
                        {i > 0 && ", "}
                        <IdLink id={id} onOpen={onOpen} />
                      </span>
                    ))}
                  </dd>
                </>
              ) : null}
            </dl>
            <div style={{ display: "flex", flexDirection: "column", gap: 6 }}>
              {(["firstResponse", "resolution"] as const).map((c) => (
                <div key={c} style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
                  <ClockBadge which={c} clock={r.sla[c]} />
                  <span style={{ color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 }}>
                    {t("clock.elapsed", { elapsed: Math.round(r.sla[c].elapsedMinutes), target: r.sla[c].targetMinutes })}
                  </span>
                </div>
              ))}
            </div>
            {/* Links: a merged duplicate says where the case lives on. */}
            {r.links?.some((l) => l.relation === "duplicate-of") && (
              <MessageBar intent="info" layout="multiline" style={{ flexShrink: 0 }} data-testid="merged-into">
                <MessageBarBody>
                  <SentenceWithId sentence={t("tab.mine.mergedInto", { id: mergedInto(r)! })} id={mergedInto(r)!} onOpen={onOpen} />
                </MessageBarBody>
              </MessageBar>
            )}
            {r.status === "waiting" && (
              <MessageBar intent="warning">
                <MessageBarBody>{t("tab.mine.details.waiting", { department: dept?.name ?? r.department })}</MessageBarBody>
              </MessageBar>
            )}
            <section>
              <h3 style={h3}>{t("card.description")}</h3>
              <p style={{ margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="request-description">
                {r.description || t("tab.mine.details.noDescription")}
              </p>
            </section>
            <Attachments api={api} request={r} canAdd onChanged={onChanged} />
            <Actions request={r} departmentName={dept?.name ?? r.department} onChanged={(x) => (setFull((old) => ({ ...x, history: x.history ?? old?.history })), onChanged(x))} />
            {/* A merged duplicate is rated (and reopened) as its survivor: the bar above points there. */}
            {!mergedInto(r) && <RatingForm request={r} departmentName={dept?.name ?? r.department} onRated={(x) => (setFull((old) => ({ ...x, history: x.history ?? old?.history })), onChanged(x))} />}
            <ThankForm request={r} departmentName={dept?.name ?? r.department} onThanked={(x) => (setFull((old) => ({ ...x, history: x.history ?? old?.history })), onChanged(x))} />
            <section>
              <h3 style={h3}>{t("card.escalation.history")}</h3>
              {error && (
                <MessageBar intent="error">
                  <MessageBarBody>{t("tab.error", { message: error })}</MessageBarBody>
                </MessageBar>
              )}
              {!r.history && !error && <Spinner size="tiny" label={t("tab.loading")} />}
              {r.history && (
                <ol style={{ margin: 0, paddingInlineStart: 0, listStyle: "none", display: "flex", flexDirection: "column", gap: 4 }} data-testid="request-history">
                  {r.history.map((e) => {
                    const { line, text } = historyLine(e, locale);
                    // Clock events (the visible pause log) stay, in small print, so people's words stand out.
                    const quiet = e.kind === "sla" || e.kind === "escalation";
                    return (
                      <li
                        key={`${e.requestId ?? ""}|${e.seq}`}
                        style={{
                          borderInlineStart: `2px solid ${quiet ? tokens.colorNeutralStroke2 : tokens.colorBrandStroke2}`,
                          paddingInlineStart: 10,
                          fontSize: quiet ? tokens.fontSizeBase200 : undefined,
                          color: quiet ? tokens.colorNeutralForeground3 : undefined,
                        }}
                      >
                        <span style={{ fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 }}>{formatTime(e.at, zone, locale)}</span>
                        {" · "}
                        {/* Transfer: an event of the request this one came from, marked with its id. */}
                        {e.requestId && <span style={{ fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 }}>{e.requestId} · </span>}
                        <span>{line}</span>
                        {text && e.kind !== "created" && <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", marginTop: 2 }}>{text}</div>}
                      </li>
                    );
                  })}
                </ol>
              )}
            </section>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              {t("tab.mine.details.close")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** Reply, cancel, reopen (rating is RatingForm's), or after it closed a reply that files a follow-up. */
function Actions({ request: r, departmentName, onChanged }: { request: RequestView; departmentName: string; onChanged: (r: RequestView) => void }) {
  const t = useT();
  const { api, me } = useSession();
  const [text, setText] = useState("");
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [filed, setFiled] = useState<string | undefined>();
  // What went wrong was about an older version: once the request changes, the message is stale.
  useEffect(() => setError(undefined), [r.updatedAt]);
  const open = OPEN_STATUSES.includes(r.status);
  // Only its requester's reply files a follow-up (someone who filed it for them is told no).
  const closed = r.status === "closed" && r.requester.id === me.id;

  const act = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await api.post<RequestView>(`/api/requests/${encodeURIComponent(r.id)}/actions`, body);
      setText("");
      setConfirmCancel(false);
      // A reply to a closed request answers with the follow-up it filed: say so, and show this one as it now is.
      if (next.id !== r.id) {
        setFiled(next.id);
        onChanged(await api.get<RequestView>(`/api/requests/${encodeURIComponent(r.id)}`));
        return;
      }
      onChanged(next);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  if (!open && r.status !== "resolved" && !closed) return null;
  // Merged into another request: the case lives on there (reopen and rating are refused here).
  if (!open && mergedInto(r)) return null;
  const label = open ? t("tab.mine.details.reply", { department: departmentName }) : closed ? t("tab.mine.details.followUpLabel") : t("tab.mine.details.reopenLabel");
  const placeholder = open ? t("tab.mine.details.replyPlaceholder") : closed ? t("tab.mine.details.followUpPlaceholder") : t("tab.mine.details.reopenPlaceholder");
  return (
    <section style={{ display: "flex", flexDirection: "column", gap: 8 }}>
      <Field label={label}>
        <Textarea value={text} onChange={(_, d) => (setText(d.value), setFiled(undefined))} rows={2} resize="vertical" placeholder={placeholder} />
      </Field>
      <div style={{ display: "flex", gap: 8, flexWrap: "wrap", alignItems: "center" }}>
        {(open || closed) && (
          <Button appearance="primary" disabled={busy || !text.trim()} onClick={() => void act({ action: "comment", text: text.trim() })}>
            {t("card.send")}
          </Button>
        )}
        {r.status === "resolved" && (
          <Button disabled={busy} onClick={() => void act({ action: "reopen", ...(text.trim() ? { text: text.trim() } : {}) })}>
            {t("action.reopen")}
          </Button>
        )}
        {open && !confirmCancel && (
          <Button disabled={busy} onClick={() => setConfirmCancel(true)}>
            {t("action.cancel")}
          </Button>
        )}
      </div>
      {confirmCancel && (
        <div role="group" aria-label={t("action.cancel")} style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
          <span>{t("tab.mine.details.cancelConfirm", { id: r.id, department: departmentName })}</span>
          <Button appearance="primary" disabled={busy} onClick={() => void act({ action: "cancel", ...(text.trim() ? { text: text.trim() } : {}) })}>
            {t("tab.mine.details.cancelYes")}
          </Button>
          <Button disabled={busy} onClick={() => setConfirmCancel(false)}>
            {t("tab.mine.details.cancelNo")}
          </Button>
        </div>
      )}
      {filed && (
        <MessageBar intent="success">
          <MessageBarBody>{t("card.followUpFiled", { id: r.id, newId: filed })}</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}

const facts: React.CSSProperties = { display: "grid", gridTemplateColumns: "max-content 1fr", gap: "4px 16px", margin: 0 };
const dt: React.CSSProperties = { color: tokens.colorNeutralForeground3 };
const dd: React.CSSProperties = { margin: 0 };
const h3: React.CSSProperties = { margin: "0 0 6px", fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold };
