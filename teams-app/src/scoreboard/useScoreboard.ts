import { useEffect, useState } from "react";
import type { Scoreboard, ScoreboardPeriod } from "../../../shared/scoreboard.ts";
import { useSession } from "../session.ts";

/** A quiet refresh even with no change at all (a clock crossing a target is written down by the scheduler, which the stream tells). */
const REFRESH_MS = 5 * 60_000;

export interface ScoreboardState {
  board?: Scoreboard;
  error?: string;
  /** The stream is connected: changes show within seconds. */
  live: boolean;
  retry(): void;
}

/**
 * `GET /api/scoreboard`, read again whenever the scoreboard's stream (`?scoreboard=1`, through
 * web/api.ts's Api.follow) says a request changed, and after a lost connection comes back. At
 * most one read at a time: a notice during a read brings one more read after it.
 */
export function useScoreboard(period: ScoreboardPeriod): ScoreboardState {
  const { api } = useSession();
  const [board, setBoard] = useState<Scoreboard>();
  const [error, setError] = useState<string>();
  const [live, setLive] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let loading = false;
    let again = false;
    const load = () => {
      if (cancelled) return;
      if (loading) {
        again = true;
        return;
      }
      loading = true;
      api
        .get<Scoreboard>(`/api/scoreboard?period=${period}`)
        .then(
          (b) => {
            if (cancelled) return;
            setBoard(b);
            setError(undefined);
          },
          (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
        )
        .finally(() => {
          loading = false;
          if (again) {
            again = false;
            load();
          }
        });
    };
    load();
    let connectedBefore = false;
    const stop = api.follow(
      "scoreboard=1",
      () => undefined,
      (isLive) => {
        setLive(isLive);
        // Back after a lost connection: what changed meanwhile was not told.
        if (isLive && connectedBefore) load();
        if (isLive) connectedBefore = true;
      },
      undefined,
      undefined,
      load,
    );
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      cancelled = true;
      stop();
      clearInterval(timer);
    };
  }, [api, period, attempt]);

  return { board, error, live, retry: () => setAttempt((n) => n + 1) };
}
