/**
 * When a department would answer a request filed now (GET /api/departments/:key/sla/preview),
 * asked again each minute while a form is open, since the promise moves with the clock.
 * The tab's form and the add-in's show it.
 */
import { useEffect, useState } from "react";
import type { Department, Priority } from "../shared/domain.ts";
import type { SlaPreview } from "../shared/sla/preview.ts";
import type { Api } from "./api.ts";

export type PreviewState = { for: string; preview?: SlaPreview; error?: string } | undefined;

/** The preview for `department` and `priority`; `for` says which choice it answers ("KEY|priority"). */
export function useSlaPreview(api: Api, department: Department | undefined, priority: Priority): { state: PreviewState; wanted: string } {
  const [state, setState] = useState<PreviewState>();
  const [tick, setTick] = useState(0);
  const wanted = department ? `${department.key}|${priority}` : "";

  useEffect(() => {
    if (!department) return setState(undefined);
    let current = true;
    api.get<SlaPreview>(`/api/departments/${encodeURIComponent(department.key)}/sla/preview?priority=${priority}`).then(
      (preview) => current && setState({ for: wanted, preview }),
      (err: unknown) => current && setState({ for: wanted, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      current = false;
    };
  }, [api, department, priority, wanted, tick]);

  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 60_000);
    return () => clearInterval(timer);
  }, []);

  return { state, wanted };
}
