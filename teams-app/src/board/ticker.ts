import { useSyncExternalStore } from "react";

/**
 * One clock for every countdown on the page: it ticks on each whole second while anyone listens,
 * so only the cells that show a countdown re-render every second, all in step.
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setTimeout> | undefined;

function tick() {
  now = Date.now();
  for (const l of listeners) l();
  schedule();
}

function schedule() {
  timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
}

function subscribe(l: () => void) {
  listeners.add(l);
  if (!timer) {
    now = Date.now();
    schedule();
  }
  return () => {
    listeners.delete(l);
    if (listeners.size === 0 && timer) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
}

/** The current time in ms, updated every second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
