import {
  Badge,
  Body1,
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  makeStyles,
  tokens,
  type MessageBarIntent,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Department, Person, RequestView } from "../../../shared/domain.ts";
import type { RequestAction } from "../../../shared/lifecycle.ts";
import { t as translate, type StringKey } from "../../../shared/strings/index.ts";
import { ActionDialog, type DialogAction } from "../board/ActionDialog.tsx";
import { allowedActions, runAction, staffOf, type BoardAction } from "../board/actions.ts";
import { byUrgency, nextStateChange } from "../board/clocks.ts";
import { Details } from "../board/Details.tsx";
import { Filters, liveStatus, matches, NO_FILTERS, type FilterState } from "../board/Filters.tsx";
import { NARROW, openButtonId, Row } from "../board/Row.tsx";
import { useQueue } from "../board/useQueue.ts";
import { searchErrorText } from "../search/SearchField.tsx";
import { usePagedList } from "../search/usePagedList.ts";
import { useSearchQuery } from "../search/useSearchQuery.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { useSession } from "../session.ts";

const useStyles = makeStyles({
  board: { display: "flex", flexDirection: "column", gap: "12px" },
  top: { display: "flex", alignItems: "center", gap: "12px", flexWrap: "wrap" },
  scroller: { overflowX: "auto" },
  table: {
    minWidth: "980px",
    width: "100%",
    tableLayout: "fixed",
    borderCollapse: "collapse",
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    // Narrow (Teams mobile, the side panel): each request is a card, no columns to cut off.
    [NARROW]: { minWidth: 0, display: "block", "& thead": { display: "none" }, "& tbody": { display: "block" } },
  },
  head: {
    fontWeight: tokens.fontWeightSemibold,
    textAlign: "start",
    padding: "6px 8px",
    boxSizing: "border-box",
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    color: tokens.colorNeutralForeground2,
  },
  empty: { padding: "24px 0", color: tokens.colorNeutralForeground3 },
  more: { paddingTop: "12px" },
});

/** Requests a page when the board lists what the server found (a search, an ended status). */
const RESULTS_PAGE = 50;

interface Notice {
  key: number;
  /** The request it is about (shown in its details too, when they are open). */
  id: string;
  /** A success's version of the request: once the request changes again, the sentence is stale and goes (language helper, issue 14). */
  etag?: string;
  intent: MessageBarIntent;
  text: string;
}

/** Sentences for a finished action: "You took IT-4." */
const DONE: Record<BoardAction, StringKey> = {
  take: "tab.board.done.take",
  assign: "tab.board.done.assign",
  comment: "tab.board.done.comment",
  wait: "tab.board.done.wait",
  resolve: "tab.board.done.resolve",
  transfer: "tab.board.done.transfer",
};

let noticeKey = 0;

/**
 * A department's board: its open requests, most urgent first, with both SLA clocks counting
 * down live; filters; take, assign, comment, ask the requester and resolve; details with the
 * whole history; kept current by the live stream.
 */
export function Board({ department }: { department: Department }) {
  // Another department is another board: nothing (rows, filters, open details) carries over.
  return <DepartmentBoard key={department.key} department={department} />;
}

function DepartmentBoard({ department }: { department: Department }) {
  const t = useT();
  const locale = useLocale();
  const s = useStyles();
  const { api, me, departments } = useSession();
  // `&request=IT-42` opens that request's details (any status: a resolved one's rating and kudos too).
  const [selected, setSelected] = useState<string | undefined>(() => new URLSearchParams(location.search).get("request")?.toUpperCase() || undefined);
  const [stamp, setStamp] = useState<string>();
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  const [filters, setFilters] = useState<FilterState>(NO_FILTERS);
  const setStatus = useCallback((status: FilterState["status"]) => setFilters((f) => ({ ...f, status })), []);
  const [query, onQuery] = useSearchQuery(filters.status, setStatus, "open", "all");
  // A search, or a status the live queue does not hold (resolved, closed...): the server lists it, a page at a time.
  const fromServer = query !== "" || !liveStatus(filters.status);
  const resultsPath = fromServer
    ? `/api/departments/${encodeURIComponent(department.key)}/requests?${new URLSearchParams({ ...(query ? { q: query } : {}), status: filters.status, limit: String(RESULTS_PAGE) })}`
    : undefined;
  // Without words, whether a request belongs is its status: one changed or filed meanwhile joins the list, by number as the server lists.
  const admission = useMemo(
    () =>
      query
        ? undefined
        : { admits: (r: RequestView) => r.department === department.key && (filters.status === "all" || r.status === filters.status), order: (a: RequestView, b: RequestView) => a.number - b.number },
    [query, department.key, filters.status],
  );
  const results = usePagedList(api, resultsPath, admission);

  const queue = useQueue(api, department.key, (r) => {
    // Shown results follow the change; a request the search did not find is not added to them.
    results.update(r);
    if (r.id === selectedRef.current) setStamp(`${r.etag}|${r.updatedAt}`);
    // Someone changed it since: "IT-3 is waiting on Dana" is no longer true once she replied.
    const stale = (n: Notice) => n.id === r.id && n.etag !== undefined && n.etag !== r.etag;
    setNotices((prev) => (prev.some(stale) ? prev.filter((n) => !stale(n)) : prev));
  });
  const rowsRef = useRef(queue.rows);
  rowsRef.current = queue.rows;

  const [notices, setNotices] = useState<Notice[]>([]);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<{ kind: DialogAction; request: RequestView }>();

  // Urgency changes when a clock crosses its warning or due time: sort again right then.
  const [sortTick, setSortTick] = useState(0);
  useEffect(() => {
    const next = nextStateChange(queue.rows.values(), Date.now());
    if (next === undefined) return;
    const h = setTimeout(() => setSortTick((n) => n + 1), Math.min(Math.max(0, next - Date.now()) + 20, 2 ** 31 - 1));
    return () => clearTimeout(h);
  }, [queue.rows, sortTick]);
  const sorted = useMemo(() => [...queue.rows.values()].sort(byUrgency(Date.now())), [queue.rows, sortTick]);
  const shown = useMemo(
    () => (fromServer ? results.items : sorted).filter((r) => matches(filters, r, me.id)),
    [fromServer, results.items, sorted, filters, me.id],
  );

  const people = useMemo(() => {
    const list: Person[] = staffOf(department);
    for (const r of [...queue.rows.values(), ...results.items]) if (r.assignee && !list.some((p) => p.id === r.assignee!.id)) list.push(r.assignee);
    return list;
  }, [department, queue.rows, results.items]);

  const notify = useCallback((id: string, intent: MessageBarIntent, text: string, etag?: string) => {
    const key = ++noticeKey;
    // A newer word on a request replaces the older one: one "Your comment is on IT-3.", not two.
    setNotices((prev) => [...prev.filter((n) => n.id !== id).slice(-2), { key, id, intent, text, etag }]);
    if (intent === "success") setTimeout(() => setNotices((prev) => prev.filter((n) => n.key !== key)), 8000);
  }, []);

  /** Sends an action; answers the message to show where it was asked (nothing when done). */
  const send = useCallback(
    async (body: RequestAction, r: RequestView): Promise<string | undefined> => {
      setBusy((prev) => new Set(prev).add(r.id));
      const res = await runAction(api, r, body, {
        me,
        dept: department,
        locale,
        refreshed: (x) => (queue.apply(x), results.update(x)),
        gone: (id) => (queue.drop(id), results.drop(id)),
      });
      setBusy((prev) => {
        const next = new Set(prev);
        next.delete(r.id);
        return next;
      });
      if (selectedRef.current === r.id) setStamp(`${Date.now()}`);
      if (res.ok) {
        const a = body.action as BoardAction;
        const name = a === "assign" ? res.request.assignee?.name : a === "transfer" ? (res.request.transferredTo ?? res.request.transfer?.department) : res.request.requester.name;
        notify(r.id, "success", translate(locale, DONE[a], { id: r.id, name }), res.request.etag);
        return undefined;
      }
      if (res.race && res.request) setDialog((d) => (d && d.request.id === r.id ? { ...d, request: res.request! } : d));
      return res.message;
    },
    [api, me, department, locale, queue.apply, queue.drop, results.update, results.drop, notify],
  );

  const onAction = useCallback(
    (a: BoardAction, r: RequestView) => {
      if (a !== "take") return setDialog({ kind: a, request: rowsRef.current.get(r.id) ?? r });
      void send({ action: "take" }, r).then((problem) => {
        if (problem) notify(r.id, "warning", problem);
        // The Take button is gone now: keep the keyboard on the same row.
        if (!selectedRef.current) setTimeout(() => document.getElementById(openButtonId(r.id))?.focus(), 0);
      });
    },
    [send, notify],
  );

  const onOpen = useCallback((id: string) => {
    setSelected(id);
    setStamp(undefined);
  }, []);

  const dismiss = useCallback((key: number) => setNotices((prev) => prev.filter((x) => x.key !== key)), []);

  const closeDetails = useCallback(() => {
    const id = selectedRef.current;
    setSelected(undefined);
    // A dialog opened without a trigger does not give focus back by itself.
    if (id) setTimeout(() => document.getElementById(openButtonId(id))?.focus(), 0);
  }, []);

  const actionDialog = dialog && (
    <ActionDialog
      kind={dialog.kind}
      request={dialog.request}
      department={department}
      onClose={() => setDialog(undefined)}
      submit={(body) => send(body, dialog.request)}
      api={api}
    />
  );

  const selectedRow = selected ? (queue.rows.get(selected) ?? results.items.find((r) => r.id === selected)) : undefined;
  const detailActions = useMemo(() => (selectedRow ? allowedActions(selectedRow, department, me) : []), [selectedRow, department, me]);
  const count = queue.rows.size;
  const statusName = filters.status === "open" ? t("tab.board.filter.allOpen") : filters.status === "all" ? t("tab.board.filter.anyStatus") : t(`status.${filters.status}`);
  // What the server could not search for goes under the box; a failed list of a status, above the table.
  const queryError = query && results.error !== undefined ? searchErrorText(results.error, t) : undefined;
  const listError = !query && results.error !== undefined ? (results.error instanceof Error ? results.error.message : String(results.error)) : undefined;
  const countText = !fromServer
    ? shown.length === count
      ? t("tab.board.count", { count })
      : t("tab.board.countFiltered", { shown: shown.length, count })
    : results.phase !== "ready"
      ? ""
      : query
        ? shown.length === 0
          ? t("search.none", { query })
          : t(results.more ? "search.resultsMore" : "search.results", { count: shown.length, query })
        : shown.length === 0
          ? t("search.listedEmpty")
          : t(results.more ? "search.listedMore" : "search.listed", { count: shown.length, status: statusName });

  return (
    <section className={s.board} aria-label={t("tab.board.label", { department: department.name })}>
      <div className={s.top}>
        <Body1 role="status" data-testid="board-count">
          {countText}
        </Body1>
        <span role="status" aria-live="polite" data-testid="live" data-live={queue.live}>
          <Badge appearance="tint" color={queue.live ? "success" : "warning"} shape="rounded">
            <span aria-hidden>{queue.live ? "●\u00a0" : "○\u00a0"}</span>
            {queue.live ? t("tab.live") : queue.phase === "loading" ? t("tab.board.connecting") : t("tab.offline")}
          </Badge>
        </span>
      </div>
      <Filters value={filters} onChange={setFilters} people={people} departmentKey={department.key} query={query} onQuery={onQuery} queryError={queryError} />
      {notices.length > 0 && <Notices notices={notices} dismiss={dismiss} />}
      {queue.phase === "error" && (
        <MessageBar intent="error">
          <MessageBarBody>{t("tab.board.error.load", { message: queue.error ?? "" })}</MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={queue.retry}>
              {t("tab.retry")}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {listError && (
        <MessageBar intent="error">
          <MessageBarBody>{t("tab.board.error.load", { message: listError })}</MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={results.retry}>
              {t("tab.retry")}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {fromServer && results.phase === "loading" ? (
        <Spinner label={t("search.loading")} />
      ) : fromServer && shown.length === 0 ? null : !fromServer && queue.phase === "loading" && count === 0 ? (
        <Spinner label={t("tab.board.loading")} />
      ) : (
        <div className={s.scroller}>
          <table
            className={s.table}
            aria-label={
              !fromServer
                ? t("tab.board.tableLabel", { department: department.name })
                : query
                  ? t("search.tableLabel", { department: department.name, query })
                  : t("search.listedLabel", { department: department.name, status: statusName })
            }
            data-testid="board-table"
            data-results={fromServer ? "server" : "queue"}
          >
            <thead>
              <tr>
                <th scope="col" className={s.head}>
                  {t("tab.board.col.request")}
                </th>
                <th scope="col" className={s.head} style={{ width: 116 }}>
                  {t("tab.board.col.requester")}
                </th>
                <th scope="col" className={s.head} style={{ width: 116 }}>
                  {t("tab.board.col.assignee")}
                </th>
                <th scope="col" className={s.head} style={{ width: 84 }}>
                  {t("tab.board.col.priority")}
                </th>
                <th scope="col" className={s.head} style={{ width: 108 }}>
                  {t("tab.board.col.status")}
                </th>
                <th scope="col" className={s.head} style={{ width: 180 }}>
                  {t("clock.firstResponse")}
                </th>
                <th scope="col" className={s.head} style={{ width: 180 }}>
                  {t("clock.resolution")}
                </th>
                <th scope="col" className={s.head} style={{ width: 150 }}>
                  {t("tab.board.col.actions")}
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <Row key={r.id} r={r} department={department} me={me} busy={busy.has(r.id)} onAction={onAction} onOpen={onOpen} />
              ))}
            </tbody>
          </table>
          {!fromServer && shown.length === 0 && queue.phase !== "loading" && (
            <Body1 as="p" className={s.empty}>
              {count === 0 ? t("tab.board.empty") : t("tab.board.emptyFiltered")}
            </Body1>
          )}
        </div>
      )}
      {fromServer && results.more && results.phase === "ready" && (
        <div className={s.more}>
          <Button onClick={results.loadMore} disabled={results.loadingMore} data-testid="board-more">
            {results.loadingMore ? t("search.loading") : t("search.more")}
          </Button>
        </div>
      )}
      {selected && (
        <Details
          api={api}
          id={selected}
          // A linked or transferred request of another department opens read only, in its own department's terms.
          department={selected.startsWith(`${department.key}-`) ? department : (departments.find((d) => selected.startsWith(`${d.key}-`)) ?? department)}
          staff={selected.startsWith(`${department.key}-`)}
          onOpen={onOpen}
          stamp={stamp}
          actions={detailActions}
          busy={busy.has(selected)}
          onAction={onAction}
          onClose={closeDetails}
          notice={notices.some((n) => n.id === selected) && <Notices notices={notices.filter((n) => n.id === selected)} dismiss={dismiss} />}
        >
          {actionDialog}
        </Details>
      )}
      {!selected && actionDialog}
    </section>
  );
}

/** What became of the last actions: done, or why not (someone was faster, no connection). */
function Notices({ notices, dismiss }: { notices: Notice[]; dismiss: (key: number) => void }) {
  const t = useT();
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 6 }}>
      {notices.map((n) => (
        <MessageBar key={n.key} intent={n.intent} data-testid="board-notice">
          <MessageBarBody>{n.text}</MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button appearance="transparent" size="small" onClick={() => dismiss(n.key)}>
                {t("tab.board.dismiss")}
              </Button>
            }
          />
        </MessageBar>
      ))}
    </div>
  );
}
