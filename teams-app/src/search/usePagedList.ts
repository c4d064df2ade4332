import { useCallback, useEffect, useRef, useState } from "react";
import type { RequestView } from "../../../shared/domain.ts";
import type { Api } from "../../../web/api.ts";

type Page = { items: RequestView[]; nextCursor?: string };

export interface PagedList {
  /** In the server's order (best match first for a search), pages appended as they come. */
  items: RequestView[];
  phase: "idle" | "loading" | "ready" | "error";
  /** What the last read threw (an ApiError carries the server's field details). */
  error?: unknown;
  /** Another page is there to read. */
  more: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  /** A newer copy of a listed request (the live stream, an action's answer): replaces it in place. */
  update: (r: RequestView) => void;
  /** A request that can no longer be seen. */
  drop: (id: string) => void;
  retry: () => void;
}

/**
 * Where a pushed request not listed yet may go: only when the list's rule can be checked here
 * (a status, not a search: whether words match is the server's call), in the server's order.
 */
export interface Admission {
  admits: (r: RequestView) => boolean;
  /** The server's order, so a request lands where a reload would put it. */
  order: (a: RequestView, b: RequestView) => number;
}

/**
 * A list the server pages (`{items, nextCursor}`), read from `path` (without `cursor`), a page
 * at a time on request; no path, no list. A change of path starts again, and an answer to an
 * older path is dropped, so a slow search never overwrites a newer one. Changes pushed later
 * update rows already listed; a request not listed is added only if `admission` admits it and
 * its place is on the pages read (past them, the next page brings it).
 */
export function usePagedList(api: Api, path: string | undefined, admission?: Admission): PagedList {
  const admissionRef = useRef(admission);
  admissionRef.current = admission;
  /** What was read, and for which path: a list read for another path is never shown for this one. */
  const [state, setState] = useState<{ path?: string; items: RequestView[]; phase: PagedList["phase"]; error?: unknown; cursor?: string }>({ items: [], phase: "idle" });
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setLoadingMore(false);
    if (!path) return setState({ items: [], phase: "idle" });
    setState({ path, items: [], phase: "loading" });
    let stale = false;
    api.get<Page>(path).then(
      (page) => !stale && setState({ path, items: page.items, phase: "ready", cursor: page.nextCursor }),
      (err: unknown) => !stale && setState({ path, items: [], phase: "error", error: err }),
    );
    return () => {
      stale = true;
    };
  }, [api, path, attempt]);

  const mine = state.path === path;
  const cursor = mine ? state.cursor : undefined;

  const loadMore = useCallback(() => {
    if (!path || !cursor || loadingMore) return;
    setLoadingMore(true);
    api.get<Page>(`${path}&cursor=${encodeURIComponent(cursor)}`).then(
      (page) => {
        setLoadingMore(false);
        // A request may have moved between pages while it changed: list it once.
        setState((prev) =>
          prev.path !== path ? prev : { ...prev, items: [...prev.items, ...page.items.filter((r) => !prev.items.some((p) => p.id === r.id))], cursor: page.nextCursor },
        );
      },
      (err: unknown) => {
        setLoadingMore(false);
        setState((prev) => (prev.path !== path ? prev : { ...prev, error: err }));
      },
    );
  }, [api, path, cursor, loadingMore]);

  const update = useCallback((r: RequestView) => {
    const admission = admissionRef.current;
    setState((prev) => {
      const i = prev.items.findIndex((p) => p.id === r.id);
      if (i >= 0) {
        if (prev.items[i]!.updatedAt > r.updatedAt) return prev;
        const items = [...prev.items];
        items[i] = r;
        return { ...prev, items };
      }
      if (prev.phase !== "ready" || !admission?.admits(r)) return prev;
      const at = prev.items.findIndex((p) => admission.order(r, p) < 0);
      if (at < 0 && prev.cursor) return prev;
      const items = [...prev.items];
      items.splice(at < 0 ? items.length : at, 0, r);
      return { ...prev, items };
    });
  }, []);

  const drop = useCallback(
    (id: string) => setState((prev) => (prev.items.some((p) => p.id === id) ? { ...prev, items: prev.items.filter((p) => p.id !== id) } : prev)),
    [],
  );
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  // Until the effect has started the new path's read, this render still holds the old path's list.
  if (!mine) return { items: NONE, phase: path ? "loading" : "idle", more: false, loadingMore: false, loadMore, update, drop, retry };
  return { items: state.items, phase: state.phase, error: state.error, more: !!cursor, loadingMore, loadMore, update, drop, retry };
}

const NONE: RequestView[] = [];
