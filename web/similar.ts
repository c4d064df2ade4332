/**
 * While someone files a request: the open requests that look like the same case
 * (GET /api/requests/similar), asked again when the department, title or description settle.
 * The tab's form and the add-in's show them, with "follow that one instead".
 */
import { useEffect, useState } from "react";
import type { Status } from "../shared/domain.ts";
import type { Api } from "./api.ts";

/** One open request the service thinks is the same case, within what the caller may see. */
export interface SimilarRequest {
  id: string;
  department: string;
  title: string;
  status: Status;
  createdAt: string;
  /** The caller filed it (or it was filed for them): following it is already done. */
  mine: boolean;
  score: number;
}

/** Typing pauses this long before the service is asked. */
const SETTLE_MS = 400;
/** Fewer characters than this say too little to compare. */
const MIN_TEXT = 4;

export function useSimilar(api: Api, department: string | undefined, title: string, description: string, exclude?: string): SimilarRequest[] {
  const [items, setItems] = useState<SimilarRequest[]>([]);
  const text = `${title.trim()} ${description.trim().slice(0, 2000)}`.trim();
  useEffect(() => {
    if (!department || text.length < MIN_TEXT) return setItems([]);
    let current = true;
    const timer = setTimeout(() => {
      const q = new URLSearchParams({ department, title: title.trim().slice(0, 200), description: description.trim().slice(0, 2000) });
      if (exclude) q.set("exclude", exclude);
      // A failed look-up is no reason to stop filing: the list stays as it was.
      api.get<{ items: SimilarRequest[] }>(`/api/requests/similar?${q}`).then(
        (r) => current && setItems(r.items),
        () => undefined,
      );
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, department, text, exclude]); // eslint-disable-line react-hooks/exhaustive-deps
  return items;
}
