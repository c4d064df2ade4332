/**
 * A clock the history generator moves: the app is built with `clock.now` as its time source,
 * and each simulated action runs inside `clock.at(t, ...)`, so many requests can be worked at
 * once, each at its own simulated instant (AsyncLocalStorage carries the instant through every
 * await of that action, group commits included). Outside `at`, it reads `base` (or real time).
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface SimClock {
  /** The time source to give createApp. */
  now: () => number;
  /** Runs `f` with the clock reading `t` (epoch ms) for everything `f` awaits. */
  at<T>(t: number, f: () => T): T;
  /** What the clock reads outside `at`; undefined: real time. */
  set(base: number | undefined): void;
}

export function simulatedClock(base?: number): SimClock {
  const store = new AsyncLocalStorage<number>();
  let fixed = base;
  return {
    now: () => store.getStore() ?? fixed ?? Date.now(),
    at: (t, f) => store.run(t, f),
    set: (b) => void (fixed = b),
  };
}
