import { Badge, Button, Link, MessageBar, MessageBarBody, Radio, RadioGroup, Spinner, tokens } from "@fluentui/react-components";
import { useCallback, useEffect, useRef, useState } from "react";
import { OPEN_STATUSES, type RequestView } from "../../../shared/domain.ts";
import { formatTime, readerZone } from "../../../web/format.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { ClockBadge, StatusBadge } from "../../../web/badges.tsx";
import { NewRequestForm } from "../mine/NewRequestForm.tsx";
import { RequestDetails } from "../mine/RequestDetails.tsx";
import { Pulse } from "../mine/Pulse.tsx";
import { useSession } from "../session.ts";
import { ErrorBar } from "../components/ErrorBar.tsx";
import { searchErrorText, SearchField } from "../search/SearchField.tsx";
import { usePagedList } from "../search/usePagedList.ts";
import { useSearchQuery } from "../search/useSearchQuery.ts";

type Filter = "open" | "all";
type MinePage = { items: RequestView[]; nextCursor?: string };

/** Search results a page. */
const RESULTS_PAGE = 20;

/** Newest first (a request just filed goes to the top). */
const byNewest = (a: RequestView, b: RequestView) => b.createdAt.localeCompare(a.createdAt) || b.number - a.number;

/** Keeps, per request, the newer of two copies (a live change may arrive before the list does). */
function newer(a: RequestView | undefined, b: RequestView): RequestView {
  return a && a.updatedAt > b.updatedAt ? a : b;
}

/**
 * The personal tab: my requests with their status and both SLA clocks, open or all, details
 * on click, and a form to file a new one. It follows the live stream, so what agents do shows
 * at once.
 */
export function MyRequests() {
  const t = useT();
  const { api, departments, host } = useSession();
  // A link to one request (from the Outlook add-in, a Teams deep link) opens its details at once.
  const [filter, setFilter] = useState<Filter>(host.request ? "all" : "open");
  const [items, setItems] = useState<Map<string, RequestView> | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [live, setLive] = useState(false);
  const [formOpen, setFormOpen] = useState(false);
  const [filed, setFiled] = useState<RequestView | undefined>();
  const [followed, setFollowed] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | undefined>(host.request);
  const [attempt, setAttempt] = useState(0);
  /** Where the next (older) page starts; absent once everything is shown. */
  const [older, setOlder] = useState<string | undefined>();
  const [loadingOlder, setLoadingOlder] = useState(false);
  const newButton = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  // The search box: only the caller's own requests (`mine=1`: filed by or for them, or followed), best match first.
  const [query, onQuery] = useSearchQuery<Filter>(filter, setFilter, "open", "all");
  const results = usePagedList(
    api,
    query ? `/api/search?${new URLSearchParams({ q: query, mine: "1", status: filter, limit: String(RESULTS_PAGE) })}` : undefined,
  );
  const updateResult = results.update;

  const upsert = useCallback(
    (r: RequestView) => {
      setItems((old) => {
        const next = new Map(old ?? []);
        next.set(r.id, newer(next.get(r.id), r));
        return next;
      });
      // A shown result follows the change; the search decides what is listed, so nothing is added.
      updateResult(r);
    },
    [updateResult],
  );

  useEffect(() => {
    let current = true;
    setError(undefined);
    setOlder(undefined);
    api.get<MinePage>(`/api/me/requests?status=${filter}`).then(
      (res) => {
        if (!current) return;
        setOlder(res.nextCursor);
        setItems((old) => {
          const next = new Map<string, RequestView>();
          for (const r of res.items) next.set(r.id, newer(old?.get(r.id), r));
          // Live changes that arrived while the list loaded (a request filed meanwhile) stay.
          for (const [id, r] of old ?? []) if (!next.has(id) && (filter === "all" || OPEN_STATUSES.includes(r.status))) next.set(id, r);
          return next;
        });
      },
      (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      current = false;
    };
  }, [api, filter, attempt]);

  // Older pages are added below on request, however many requests a person has.
  const showOlder = () => {
    if (!older || loadingOlder) return;
    setLoadingOlder(true);
    api.get<MinePage>(`/api/me/requests?status=${filter}&cursor=${encodeURIComponent(older)}`).then(
      (res) => {
        for (const r of res.items) upsert(r);
        setOlder(res.nextCursor);
        setLoadingOlder(false);
      },
      (err: unknown) => {
        setError(err instanceof Error ? err.message : String(err));
        setLoadingOlder(false);
      },
    );
  };

  // A reset (offline longer than the server can replay) reloads the list.
  useEffect(() => api.follow("mine=1", upsert, setLive, undefined, undefined, () => setAttempt((n) => n + 1)), [api, upsert]);

  const shown = query ? results.items : [...(items?.values() ?? [])].filter((r) => filter === "all" || OPEN_STATUSES.includes(r.status)).sort(byNewest);
  const current = selected ? (items?.get(selected) ?? results.items.find((r) => r.id === selected)) : undefined;

  // Where one of my requests went (transfer) or lives on (merge): in my list too, perhaps not on the pages read yet.
  const openOther = useCallback(
    (id: string) => {
      if (items?.has(id)) return setSelected(id);
      api.get<RequestView>(`/api/requests/${encodeURIComponent(id)}`).then(
        (r) => (upsert(r), setSelected(r.id)),
        (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
      );
    },
    [api, items, upsert],
  );

  const onFiled = (r: RequestView) => {
    upsert(r);
    setFiled(r);
    setFormOpen(false);
    // The new request is at the top: move there, so keyboard and screen-reader users land on it.
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-request="${CSS.escape(r.id)}"] button`)?.focus());
  };

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 14 }}>
      <Pulse />
      <div style={{ display: "flex", alignItems: "center", gap: 16, flexWrap: "wrap" }}>
        {!formOpen && (
          <Button ref={newButton} appearance="primary" onClick={() => (setFormOpen(true), setFiled(undefined), setFollowed(undefined))}>
            {t("tab.mine.new")}
          </Button>
        )}
        <RadioGroup layout="horizontal" value={filter} onChange={(_, d) => setFilter(d.value as Filter)} aria-label={t("tab.mine.show")}>
          <Radio value="open" label={t("tab.mine.filter.open")} />
          <Radio value="all" label={t("tab.mine.filter.all")} />
        </RadioGroup>
        <span style={{ flex: 1 }} />
        <Badge appearance="outline" shape="rounded" color={live ? "success" : "subtle"} aria-live="polite" data-live={live ? "true" : "false"}>
          {live ? t("tab.live") : t("tab.offline")}
        </Badge>
      </div>
      <SearchField
        label={t("search.mine.label")}
        placeholder={t("search.mine.placeholder")}
        value={query}
        onSearch={onQuery}
        error={query && results.error !== undefined ? searchErrorText(results.error, t) : undefined}
        style={{ maxWidth: 420 }}
        testId="mine-search"
      />

      {formOpen && (
        <NewRequestForm
          onFiled={onFiled}
          onInstead={(r, followed) => {
            upsert(r);
            setFormOpen(false);
            setFiled(undefined);
            setFollowed(followed ? r.id : undefined);
            setSelected(r.id);
          }}
          onDiscard={() => {
            setFormOpen(false);
            requestAnimationFrame(() => newButton.current?.focus());
          }}
        />
      )}
      {filed && !formOpen && (
        <MessageBar intent="success">
          <MessageBarBody>{t("bot.filed", { id: filed.id })}</MessageBarBody>
        </MessageBar>
      )}
      {followed && !formOpen && (
        <MessageBar intent="success" data-testid="followed-instead">
          <MessageBarBody>{t("similar.followed", { id: followed })}</MessageBarBody>
        </MessageBar>
      )}

      {error && (
        <ErrorBar message={error} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {query && results.phase === "loading" && <Spinner label={t("search.loading")} />}
      {query && results.phase === "ready" && (
        <p role="status" data-testid="mine-search-count" style={{ margin: 0 }}>
          {shown.length === 0 ? t("search.mine.none", { query }) : t(results.more ? "search.mine.resultsMore" : "search.mine.results", { count: shown.length, query })}
        </p>
      )}
      {!query && !items && !error && <Spinner label={t("tab.loading")} />}
      {!query && items && shown.length === 0 && (
        <p style={{ margin: 0, color: tokens.colorNeutralForeground3 }}>{filter === "open" ? t("tab.mine.empty.open") : t("tab.mine.empty.all")}</p>
      )}
      {shown.length > 0 && (
        <ul ref={listRef} aria-label={t("tab.nav.mine")} data-testid="my-requests" style={{ listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: 8 }}>
          {shown.map((r) => (
            <Item key={r.id} r={r} departmentName={departments.find((d) => d.key === r.department)?.name} onOpen={() => setSelected(r.id)} />
          ))}
        </ul>
      )}
      {query && results.more && (
        <div>
          <Button appearance="secondary" onClick={results.loadMore} disabled={results.loadingMore} data-testid="mine-search-more">
            {results.loadingMore ? t("search.loading") : t("search.more")}
          </Button>
        </div>
      )}
      {!query && older && !error && (
        <div>
          <Button appearance="secondary" onClick={showOlder} disabled={loadingOlder} data-testid="my-requests-older">
            {loadingOlder ? t("tab.loading") : t("tab.mine.older")}
          </Button>
        </div>
      )}
      {current && <RequestDetails key={current.id} summary={current} onClose={() => setSelected(undefined)} onChanged={upsert} onOpen={openOther} />}
    </div>
  );
}

function Item({ r, departmentName, onOpen }: { r: RequestView; departmentName?: string; onOpen: () => void }) {
  const t = useT();
  const locale = useLocale();
  return (
    <li
      data-request={r.id}
      data-status={r.status}
      style={{
        border: `1px solid ${tokens.colorNeutralStroke2}`,
        borderRadius: tokens.borderRadiusMedium,
        background: tokens.colorNeutralBackground1,
        padding: "10px 14px",
        display: "flex",
        flexDirection: "column",
        gap: 6,
      }}
    >
      <div style={{ display: "flex", alignItems: "baseline", gap: 10, flexWrap: "wrap" }}>
        <span style={{ minWidth: 0 }}>
          <span style={{ color: tokens.colorNeutralForeground3, fontVariantNumeric: "tabular-nums", marginInlineEnd: 8 }}>{r.id}</span>
          <Link as="button" onClick={onOpen} aria-haspopup="dialog" style={{ fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, textAlign: "start", overflowWrap: "anywhere", display: "inline" }}>
            {r.title}
          </Link>
        </span>
        <StatusBadge status={r.status} />
      </div>
      <div style={{ color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 }}>
        {t("tab.mine.meta", { department: departmentName ?? r.department, priority: locale === "es" ? t(`priority.${r.priority}`).toLowerCase() : t(`priority.${r.priority}`), time: formatTime(r.createdAt, readerZone(), locale) })}
        {r.assignee ? ` · ${r.assignee.name}` : ""}
      </div>
      <div style={{ display: "flex", gap: 6, flexWrap: "wrap" }}>
        <ClockBadge which="firstResponse" clock={r.sla.firstResponse} />
        <ClockBadge which="resolution" clock={r.sla.resolution} />
      </div>
    </li>
  );
}
