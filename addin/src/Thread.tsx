/**
 * The converted email's conversation in the pane (issue 14): the request's public thread
 * (comments, questions, answers and the key steps, never internal notes or SLA bookkeeping)
 * and a reply box that comments on the request. Read again whenever the request changes.
 * Everything people wrote is React text, never markup.
 */
import { Body1, Button, Caption1, Field, MessageBar, MessageBarBody, Spinner, Subtitle2, Textarea, tokens } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import type { HistoryEvent, RequestView } from "../../shared/domain.ts";
import { historyLine } from "../../shared/history.ts";
import { LIMITS } from "../../shared/validation/limits.ts";
import { type Api, ApiError, formatTime, useLocale, useT, readerZone } from "../../web/index.ts";

/** What a requester follows: people's words and the steps that change what happens next. */
const SHOWN = new Set<HistoryEvent["kind"]>(["created", "comment", "status", "assigned", "attachment", "rated", "followUp"]);

export function publicThread(history: HistoryEvent[] | undefined): HistoryEvent[] {
  return (history ?? []).filter((e) => SHOWN.has(e.kind) && e.public !== false);
}

export function Thread({ api, request, onChanged, describe }: { api: Api; request: RequestView; onChanged: (r: RequestView) => void; describe: (err: unknown) => string }) {
  const t = useT();
  const locale = useLocale();
  const zone = readerZone();
  const [history, setHistory] = useState<HistoryEvent[] | undefined>();
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | undefined>();
  const busy = useRef(false);

  // The thread as of the request's latest change (the stream carries the request, not its history).
  useEffect(() => {
    let current = true;
    api.get<RequestView>(`/api/requests/${encodeURIComponent(request.id)}`).then(
      (r) => current && setHistory(r.history ?? []),
      () => current && setHistory((old) => old ?? []),
    );
    return () => {
      current = false;
    };
  }, [api, request.id, request.updatedAt]);

  const closed = request.status === "closed" || request.status === "cancelled";
  const send = async () => {
    if (busy.current || !text.trim()) return;
    busy.current = true;
    setSending(true);
    setResult(undefined);
    try {
      const r = await api.post<RequestView>(`/api/requests/${encodeURIComponent(request.id)}/actions`, { action: "comment", text: text.trim() });
      setText("");
      setResult({ ok: true, message: t("addin.reply.sent", { id: request.id }) });
      onChanged(r);
    } catch (err) {
      setResult({ ok: false, message: t("addin.reply.failed", { message: err instanceof ApiError && err.status < 500 && err.status !== 0 ? err.message : describe(err) }) });
    } finally {
      busy.current = false;
      setSending(false);
    }
  };

  const items = publicThread(history);
  return (
    <section aria-labelledby="thread-title" data-testid="thread" style={{ display: "flex", flexDirection: "column", gap: 8 }}>
      <Subtitle2 as="h3" id="thread-title" style={{ margin: 0 }}>
        {t("addin.thread.title")}
      </Subtitle2>
      {history === undefined ? (
        <Spinner size="tiny" label={t("tab.loading")} />
      ) : items.length <= 1 ? (
        <Caption1 data-testid="thread-empty">{t("addin.thread.empty")}</Caption1>
      ) : null}
      {items.length > 0 && (
        <ol style={{ listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: 8 }}>
          {items.map((e) => {
            const { line, text: said } = historyLine(e, locale);
            return (
              <li key={e.seq} data-testid="thread-item" data-kind={e.kind} style={{ borderInlineStart: `2px solid ${tokens.colorNeutralStroke2}`, paddingInlineStart: 8, minWidth: 0 }}>
                <Body1 block style={{ overflowWrap: "anywhere" }}>
                  {line}
                </Body1>
                <Caption1 block>
                  <time dateTime={e.at}>{formatTime(e.at, zone, locale)}</time>
                </Caption1>
                {said && (
                  <p data-testid="thread-text" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", margin: "4px 0 0", padding: "6px 8px", background: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusMedium }}>
                    {said}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {closed ? (
        <Caption1 data-testid="reply-closed">{t("addin.reply.closed", { id: request.id })}</Caption1>
      ) : (
        <form
          data-testid="reply-form"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
          style={{ display: "flex", flexDirection: "column", gap: 6 }}
        >
          <Field label={t("addin.reply.label")}>
            <Textarea data-testid="reply" value={text} maxLength={LIMITS.commentMax} placeholder={t("addin.reply.placeholder")} resize="vertical" onChange={(_, d) => setText(d.value)} />
          </Field>
          <div>
            <Button type="submit" appearance="primary" disabled={sending || !text.trim()} data-testid="reply-send" icon={sending ? <Spinner size="tiny" /> : undefined}>
              {t("addin.reply.send")}
            </Button>
          </div>
        </form>
      )}
      {result && (
        <MessageBar intent={result.ok ? "success" : "error"} layout="multiline" data-testid="reply-result">
          <MessageBarBody>{result.message}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
