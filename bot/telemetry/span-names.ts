/**
 * Names each HTTP server span after its route ("POST /api/requests/:id/actions") instead of the
 * bare method the HTTP instrumentation knows, so Application Insights groups requests by what
 * they do, and no request id or key ever appears in an operation name. Until `nameSpansWith`
 * is called (telemetry off) it does nothing.
 */
interface NamedSpan {
  updateName(name: string): unknown;
  setAttribute(key: string, value: string): unknown;
}

let activeSpan: (() => NamedSpan | undefined) | undefined;

/** From now on routed requests name their span (`api.trace.getActiveSpan`). */
export function nameSpansWith(api: { trace: { getActiveSpan(): NamedSpan | undefined } }): void {
  activeSpan = () => api.trace.getActiveSpan();
}

export function stopNamingSpans(): void {
  activeSpan = undefined;
}

/** Called once the router has matched: `route` is its pattern, not the URL. */
export function nameRequestSpan(method: string, route: string): void {
  const span = activeSpan?.();
  if (!span) return;
  span.updateName(`${method} ${route}`);
  span.setAttribute("http.route", route);
}
