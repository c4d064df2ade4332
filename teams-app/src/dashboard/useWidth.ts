import { useEffect, useRef, useState } from "react";

/** The rendered width of an element, kept current (charts draw at their real size, so text stays 12 px). */
export function useWidth<T extends HTMLElement>(fallback = 480): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setWidth(Math.max(200, Math.floor(el.getBoundingClientRect().width)));
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}
