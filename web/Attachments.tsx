/**
 * A request's files (the tab's details panels and the add-in's pane): each one downloads with
 * the signed-in token; with `canAdd`, files are added one by one with a sentence for each one
 * that is refused. Names are React text, never markup.
 */
import { Body1, Button, Caption1, Link, MessageBar, MessageBarBody, Spinner, Subtitle2 } from "@fluentui/react-components";
import { useEffect, useId, useRef, useState } from "react";
import type { Attachment, RequestView } from "../shared/domain.ts";
import { formatBytes } from "../shared/validation/attachments.ts";
import { LIMITS } from "../shared/validation/limits.ts";
import type { Api } from "./api.ts";
import { addFiles, saveFile, type FileOutcome } from "./attachments.ts";
import { useLocale, useT } from "./i18n.ts";

export function Attachments({
  api,
  request,
  canAdd = false,
  onChanged,
  outcomes: given,
}: {
  api: Api;
  request: Pick<RequestView, "id" | "status"> & { attachments?: Attachment[] };
  canAdd?: boolean;
  /** The request as it is after a file was added. */
  onChanged?: (r: RequestView) => void;
  /** Outcomes of files added elsewhere (the add-in's copy of an email's attachments), shown with these. */
  outcomes?: FileOutcome[];
}) {
  const t = useT();
  const locale = useLocale();
  const headingId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<Attachment[]>(request.attachments ?? []);
  const [outcomes, setOutcomes] = useState<FileOutcome[]>([]);
  const [adding, setAdding] = useState<string | undefined>();
  const [failed, setFailed] = useState<string | undefined>();

  // The request read again (the live stream, another person's file): its list wins.
  useEffect(() => setFiles(request.attachments ?? []), [request.attachments]);

  const add = async (list: FileList | null) => {
    if (!list?.length) return;
    setOutcomes([]);
    const picked = [...list].map((f) => ({ name: f.name, size: f.size, contentType: f.type, read: async () => f }));
    const { request: after } = await addFiles(api, request.id, files, picked, t, locale, (o, r) => {
      setOutcomes((old) => [...old, o]);
      if (r) setFiles(r.attachments ?? []);
    });
    setAdding(undefined);
    if (input.current) input.current.value = "";
    if (after) onChanged?.(after);
  };

  const shown = [...(given ?? []), ...outcomes];
  const open = request.status !== "closed" && request.status !== "cancelled";
  return (
    <section aria-labelledby={headingId} data-testid="attachments" style={{ display: "flex", flexDirection: "column", gap: 8, marginTop: 20 }}>
      <Subtitle2 as="h3" id={headingId} style={{ margin: 0 }}>
        {t("attachments.title")}
      </Subtitle2>
      {files.length === 0 ? (
        <Caption1 data-testid="attachments-none">{t("attachments.none")}</Caption1>
      ) : (
        <ul style={{ listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: 6 }}>
          {files.map((f) => (
            <li key={f.id} data-testid="attachment" data-name={f.name} style={{ display: "flex", flexDirection: "column", minWidth: 0 }}>
              <Link
                as="button"
                aria-label={t("attachments.download", { name: f.name })}
                style={{ textAlign: "start", overflowWrap: "anywhere" }}
                onClick={() => {
                  setFailed(undefined);
                  saveFile(api, request.id, f).catch((err: unknown) => setFailed(t("attachments.error.failed", { name: f.name, message: err instanceof Error ? err.message : String(err) })));
                }}
              >
                {f.name}
              </Link>
              <Caption1>{t("attachments.meta", { size: formatBytes(f.size, locale), name: f.addedBy.name })}</Caption1>
            </li>
          ))}
        </ul>
      )}
      {failed && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{failed}</MessageBarBody>
        </MessageBar>
      )}
      {shown.map((o, i) => (
        <MessageBar key={i} intent={o.ok ? "success" : "warning"} layout="multiline" data-testid="attachment-outcome" data-ok={o.ok}>
          <MessageBarBody>{o.message}</MessageBarBody>
        </MessageBar>
      ))}
      {canAdd && open && (
        <div style={{ display: "flex", flexDirection: "column", gap: 4, alignItems: "flex-start" }}>
          <input
            ref={input}
            type="file"
            multiple
            hidden
            data-testid="attachment-input"
            onChange={(e) => {
              const list = e.currentTarget.files;
              setAdding(list?.[0]?.name);
              void add(list);
            }}
          />
          <Button onClick={() => input.current?.click()} disabled={!!adding} icon={adding ? <Spinner size="tiny" /> : undefined} data-testid="attachment-add">
            {adding ? t("attachments.adding", { name: adding }) : t("attachments.add")}
          </Button>
          <Body1 as="p" style={{ margin: 0 }}>
            <Caption1>{t("attachments.limits", { size: formatBytes(LIMITS.attachmentFileBytesMax, locale), count: LIMITS.attachmentFilesMax })}</Caption1>
          </Body1>
        </div>
      )}
    </section>
  );
}
