import { useCallback, useEffect, useRef, useState } from "react";
import type { RequestView } from "../../../shared/domain.ts";
import { OPEN_STATUSES } from "../../../shared/domain.ts";
import { ApiError, type Api } from "../../../web/api.ts";

export interface Queue {
  /** Open requests by id. */
  rows: ReadonlyMap<string, RequestView>;
  phase: "loading" | "ready" | "error";
  error?: string;
  /** The live stream is connected. */
  live: boolean;
  /** A request as someone just got it from the API (an action's answer, a re-read). */
  apply: (r: RequestView) => void;
  /** A request that can no longer be seen. */
  drop: (id: string) => void;
  retry: () => void;
}

const PAGE = 200;
const isOpen = (r: RequestView) => OPEN_STATUSES.includes(r.status);

/**
 * A department's open requests, kept current: every page of the open list, then each change
 * from the live stream (`/api/stream?department=KEY`), newest version winning. A request that
 * leaves the open statuses drops off. After a reconnect the list is read again, so whatever
 * the stream could not replay is caught up too. `onChange` sees every change the stream brings.
 */
export function useQueue(api: Api, department: string, onChange?: (r: RequestView) => void): Queue {
  const [rows, setRows] = useState<ReadonlyMap<string, RequestView>>(new Map());
  const [phase, setPhase] = useState<Queue["phase"]>("loading");
  const [error, setError] = useState<string>();
  const [live, setLive] = useState(false);
  const [attempt, setAttempt] = useState(0);
  /** The newest version seen of every request, open or not, so an older copy never wins. */
  const seen = useRef(new Map<string, string>());
  /** When the stream last touched each request (a counter), so a reload keeps what is newer. */
  const touched = useRef(new Map<string, number>());
  const counter = useRef(0);
  const changeRef = useRef(onChange);
  changeRef.current = onChange;

  /** Newer or same version: take it. Older: ignore. */
  const fresher = (r: RequestView) => {
    const known = seen.current.get(r.id);
    if (known !== undefined && known > r.updatedAt) return false;
    seen.current.set(r.id, r.updatedAt);
    return true;
  };

  const apply = useCallback((r: RequestView) => {
    if (!fresher(r)) return;
    touched.current.set(r.id, ++counter.current);
    setRows((prev) => {
      const next = new Map(prev);
      if (isOpen(r)) next.set(r.id, withoutHistory(r));
      else next.delete(r.id);
      return next;
    });
  }, []);

  const drop = useCallback((id: string) => {
    touched.current.set(id, ++counter.current);
    setRows((prev) => {
      if (!prev.has(id)) return prev;
      const next = new Map(prev);
      next.delete(id);
      return next;
    });
  }, []);

  useEffect(() => {
    let stopped = false;
    let wasLive = false;
    let loading = false;

    const load = async () => {
      if (loading) return;
      loading = true;
      const mark = counter.current;
      try {
        const items: RequestView[] = [];
        let cursor: string | undefined;
        do {
          const page = await api.get<{ items: RequestView[]; nextCursor?: string }>(
            `/api/departments/${encodeURIComponent(department)}/requests?status=open&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
          );
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor && !stopped);
        if (stopped) return;
        const listed = new Set(items.map((r) => r.id));
        for (const r of items) fresher(r);
        setRows((prev) => {
          const next = new Map<string, RequestView>();
          // What the stream brought while the list was read is newer than the list.
          for (const [id, r] of prev) if ((touched.current.get(id) ?? 0) > mark || listed.has(id)) next.set(id, r);
          for (const r of items) {
            const cur = next.get(r.id);
            if ((touched.current.get(r.id) ?? 0) > mark) continue;
            if (!cur || cur.updatedAt <= r.updatedAt) next.set(r.id, r);
          }
          for (const [id, r] of next) if (!isOpen(r) || (seen.current.get(id) ?? "") > r.updatedAt) next.delete(id);
          return next;
        });
        setPhase("ready");
        setError(undefined);
      } catch (err) {
        if (stopped) return;
        setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
        setPhase((p) => (p === "ready" ? p : "error"));
      } finally {
        loading = false;
      }
    };

    setPhase("loading");
    const stop = api.follow(
      `department=${encodeURIComponent(department)}`,
      (r) => {
        if (r.department !== department) return;
        apply(r);
        changeRef.current?.(r);
      },
      (isLive) => {
        setLive(isLive);
        // Back after a loss: the stream replays from Last-Event-ID; the list catches up the rest.
        if (isLive && wasLive) void load();
        if (isLive) wasLive = true;
      },
    );
    void load();
    return () => {
      stopped = true;
      stop();
    };
  }, [api, department, apply, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { rows, phase, error, live, apply, drop, retry };
}

function withoutHistory(r: RequestView): RequestView {
  if (!r.history) return r;
  const { history: _h, ...rest } = r;
  return rest;
}
