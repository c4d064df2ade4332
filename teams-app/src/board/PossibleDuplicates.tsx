/**
 * "Possible duplicates" in a request's details, for its department's staff (issue 16): the open
 * requests of the same department that look like the same case (GET /api/requests/similar, the
 * list shown while filing), minus those already linked. Merging keeps the older request: the
 * newer one is linked to it as a duplicate (the Link form's action), after a confirmation,
 * because a merge resolves a request and tells its requester. Titles are text, never markup.
 */
import { Body1, Button, Caption1, MessageBar, MessageBarBody, Subtitle2, makeStyles } from "@fluentui/react-components";
import { useState } from "react";
import { OPEN_STATUSES, type RequestView } from "../../../shared/domain.ts";
import { mergedInto } from "../../../shared/links.ts";
import type { Api } from "../../../web/api.ts";
import { StatusBadge } from "../../../web/badges.tsx";
import { useT } from "../../../web/i18n.ts";
import { useSimilar, type SimilarRequest } from "../../../web/similar.ts";
import { linkRequest } from "./link-action.ts";
import { IdLink } from "../components/IdLink.tsx";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: "8px", marginTop: "20px" },
  list: { listStyle: "none", padding: 0, margin: 0, display: "flex", flexDirection: "column", gap: "8px" },
  item: { display: "flex", flexWrap: "wrap", gap: "4px 8px", alignItems: "center", overflowWrap: "anywhere" },
  title: { flex: "1 1 160px" },
  confirm: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center", flexBasis: "100%" },
});

/** The pair a merge makes: the newer request is the duplicate, the older one lives on. */
function pairOf(request: RequestView, other: SimilarRequest): { dup: string; survivor: string } {
  const otherIsNewer = other.createdAt > request.createdAt || (other.createdAt === request.createdAt && other.id > request.id);
  return otherIsNewer ? { dup: other.id, survivor: request.id } : { dup: request.id, survivor: other.id };
}

export function PossibleDuplicates({ api, request, onOpen, onChanged }: { api: Api; request: RequestView; onOpen?: (id: string) => void; onChanged: (r: RequestView) => void }) {
  const t = useT();
  const s = useStyles();
  const live = OPEN_STATUSES.includes(request.status) && !mergedInto(request);
  // Asked only while it can still be merged either way; the hook is called every render all the same.
  const found = useSimilar(api, live ? request.department : undefined, request.title, request.description ?? "", request.id);
  const [asking, setAsking] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  /** The last merge made here, said until the details close. */
  const [done, setDone] = useState<{ dup: string; survivor: string }>();
  const linked = new Set((request.links ?? []).map((l) => l.id));
  const items = live ? found.filter((x) => x.department === request.department && !linked.has(x.id) && x.id !== done?.dup && x.id !== done?.survivor) : [];
  if (!items.length && !error && !done) return null;

  const merge = async (other: SimilarRequest) => {
    const { dup, survivor } = pairOf(request, other);
    setBusy(true);
    setError(undefined);
    try {
      const after = await linkRequest(api, dup, survivor, "duplicate");
      // This request is one of the two: shown as it is now (merged, or with the duplicate merged here).
      onChanged(dup === request.id ? after : await api.get<RequestView>(`/api/requests/${encodeURIComponent(request.id)}`));
      setDone({ dup, survivor });
      setAsking(undefined);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={s.section} aria-labelledby="details-dupes" data-testid="possible-duplicates">
      <Subtitle2 as="h3" id="details-dupes" style={{ margin: 0 }}>{t("tab.dupes.title")}</Subtitle2>
      {items.length > 0 && <Caption1>{t("tab.dupes.hint", { department: request.department })}</Caption1>}
      {done && (
        <MessageBar intent="success">
          <MessageBarBody>{t("tab.dupes.merged", done)}</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {items.length > 0 && <ul className={s.list}>
        {items.map((x) => {
          const pair = pairOf(request, x);
          return (
            <li key={x.id} className={s.item} data-testid="duplicate-item" data-id={x.id}>
              <strong><IdLink id={x.id} onOpen={onOpen} /></strong>
              <Body1 className={s.title}>{x.title}</Body1>
              <StatusBadge status={x.status} />
              <Button size="small" disabled={busy} onClick={() => setAsking(x.id)}>{t("tab.dupes.merge", pair)}</Button>
              {asking === x.id && (
                <div className={s.confirm} role="group" aria-label={t("tab.dupes.merge", pair)}>
                  <Body1>{t("tab.dupes.confirm", pair)}</Body1>
                  <Button size="small" appearance="primary" disabled={busy} onClick={() => void merge(x)}>{t("tab.dupes.confirmYes")}</Button>
                  <Button size="small" appearance="subtle" disabled={busy} onClick={() => setAsking(undefined)}>{t("tab.board.dialog.back")}</Button>
                </div>
              )}
            </li>
          );
        })}
      </ul>}
    </section>
  );
}
