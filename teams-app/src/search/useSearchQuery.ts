import { useCallback, useRef, useState } from "react";

/**
 * The words searched ("" for none) and how to set them. A search looks through every status:
 * starting one while the status filter is at `narrow` (open requests) moves it to `wide` (any
 * status), and emptying the box puts it back, unless the person picked a status meanwhile.
 */
export function useSearchQuery<S>(status: S, setStatus: (s: S) => void, narrow: S, wide: S): [string, (q: string) => void] {
  const [query, setQuery] = useState("");
  const statusRef = useRef(status);
  statusRef.current = status;
  const setRef = useRef(setStatus);
  setRef.current = setStatus;
  const widened = useRef(false);
  const onQuery = useCallback(
    (q: string) => {
      setQuery(q);
      if (q && statusRef.current === narrow) {
        widened.current = true;
        setRef.current(wide);
      } else if (!q && widened.current) {
        widened.current = false;
        if (statusRef.current === wide) setRef.current(narrow);
      }
    },
    [narrow, wide],
  );
  return [query, onQuery];
}
