/**
 * Kudos on the department's page (DESIGN.md "The internal-customer loop"): who thanked whom for
 * which request, newest first, with the words the thanker chose to make public (as text, never
 * markup), a page at a time. For everyone in the tenant, like the rest of the dashboard.
 */
import { Button, Spinner, tokens } from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import type { KudosEntry } from "../../../shared/domain.ts";
import { formatTime, readerZone } from "../../../web/format.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { ErrorBar } from "../components/ErrorBar.tsx";
import { useSession } from "../session.ts";

const PAGE = 5;
const REFRESH_MS = 60_000;

export function Kudos({ departmentKey }: { departmentKey: string }) {
  const t = useT();
  const locale = useLocale();
  const { api } = useSession();
  const [items, setItems] = useState<KudosEntry[] | undefined>();
  const [next, setNext] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const path = `/api/departments/${encodeURIComponent(departmentKey)}/kudos?limit=${PAGE}`;

  // The newest page, now and each minute (a pinned tab stays current); older pages on demand.
  const first = useCallback(
    (signal: { cancelled: boolean }) =>
      api.get<{ items: KudosEntry[]; nextCursor?: string }>(path).then(
        (page) => {
          if (signal.cancelled) return;
          setItems(page.items);
          setNext(page.nextCursor);
          setError(undefined);
        },
        (err: unknown) => !signal.cancelled && setError(err instanceof Error ? err.message : String(err)),
      ),
    [api, path],
  );
  useEffect(() => {
    const signal = { cancelled: false };
    void first(signal);
    const timer = setInterval(() => void first(signal), REFRESH_MS);
    return () => {
      signal.cancelled = true;
      clearInterval(timer);
    };
  }, [first, attempt]);

  const more = async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await api.get<{ items: KudosEntry[]; nextCursor?: string }>(`${path}&cursor=${encodeURIComponent(next)}`);
      setItems((old) => [...(old ?? []), ...page.items]);
      setNext(page.nextCursor);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section aria-labelledby="kudos-title" data-testid="kudos" style={{ display: "flex", flexDirection: "column", gap: 8 }}>
      <h2 id="kudos-title" style={{ margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold }}>
        {t("kudos.title")}
      </h2>
      {error && <ErrorBar message={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {!items && !error && <Spinner size="tiny" label={t("tab.loading")} />}
      {items?.length === 0 && <p style={{ margin: 0, color: tokens.colorNeutralForeground3 }}>{t("kudos.empty")}</p>}
      {items && items.length > 0 && (
        <ul style={{ listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: 10 }}>
          {items.map((k) => (
            <li key={`${k.id}|${k.by.id}`} data-testid="kudos-item" style={{ borderInlineStart: `3px solid ${tokens.colorBrandStroke1}`, paddingInlineStart: 10 }}>
              <div>
                <strong>{t("kudos.line", { by: k.by.name, to: k.to.map((p) => p.name).join(", ") })}</strong>{" "}
                <span style={{ color: tokens.colorNeutralForeground3 }}>{t("kudos.for", { id: k.id })}</span>
              </div>
              {k.text && <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", fontStyle: "italic" }}>{k.text}</div>}
              <div style={{ fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 }}>
                <time dateTime={k.at}>{formatTime(k.at, readerZone(), locale)}</time>
              </div>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <div>
          <Button size="small" disabled={loadingMore} onClick={() => void more()}>
            {t("kudos.more")}
          </Button>
        </div>
      )}
    </section>
  );
}
