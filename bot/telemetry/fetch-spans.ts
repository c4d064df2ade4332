import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { withoutAddresses } from "./redact.ts";
import type { Span, SpanKind, SpanStatusCode, Tracer, context as Context, trace as Trace } from "@opentelemetry/api";

/** The parts of the OpenTelemetry API this needs (passed in: the copy the SDK registered with). */
export interface FetchSpansApi {
  trace: typeof Trace;
  context: typeof Context;
  SpanKind: typeof SpanKind;
  SpanStatusCode: typeof SpanStatusCode;
}

interface UndiciRequest {
  origin: string | URL;
  method: string;
  path: string;
}

/**
 * Dependency spans for calls made with Node's `fetch` (Microsoft Graph, Entra token requests):
 * the HTTP instrumentation of the Azure Monitor distro sees only node:http, and fetch runs on
 * undici, which reports each request on diagnostics channels. Returns the unsubscriber.
 */
export function traceFetch(api: FetchSpansApi): () => void {
  const tracer: Tracer = api.trace.getTracer("tandem.fetch");
  const open = new WeakMap<UndiciRequest, Span>();

  const onCreate = (m: unknown) => {
    const { request } = m as { request: UndiciRequest };
    const origin = new URL(String(request.origin));
    // The query is left out (Graph filters carry e-mail addresses), and so is an address in the
    // path (/users/ana@contoso.com becomes /users/:address, like a route pattern).
    const path = withoutAddresses(request.path.split("?")[0]!);
    const span = tracer.startSpan(
      request.method,
      {
        kind: api.SpanKind.CLIENT,
        attributes: {
          "http.request.method": request.method,
          "url.full": `${origin.origin}${path}`,
          "server.address": origin.hostname,
          "server.port": Number(origin.port) || (origin.protocol === "https:" ? 443 : 80),
        },
      },
      api.context.active(),
    );
    open.set(request, span);
  };
  const onHeaders = (m: unknown) => {
    const { request, response } = m as { request: UndiciRequest; response: { statusCode: number } };
    const span = open.get(request);
    if (!span) return;
    span.setAttribute("http.response.status_code", response.statusCode);
    if (response.statusCode >= 400) span.setStatus({ code: api.SpanStatusCode.ERROR });
  };
  const onEnd = (m: unknown) => {
    const { request } = m as { request: UndiciRequest };
    open.get(request)?.end();
    open.delete(request);
  };
  const onError = (m: unknown) => {
    const { request, error } = m as { request: UndiciRequest; error: Error };
    const span = open.get(request);
    if (!span) return;
    span.recordException(error);
    span.setStatus({ code: api.SpanStatusCode.ERROR, message: error.message });
    span.end();
    open.delete(request);
  };
  const channels: Array<[string, (m: unknown) => void]> = [
    ["undici:request:create", onCreate],
    ["undici:request:headers", onHeaders],
    ["undici:request:trailers", onEnd],
    ["undici:request:error", onError],
  ];
  for (const [name, fn] of channels) subscribe(name, fn);
  return () => {
    for (const [name, fn] of channels) unsubscribe(name, fn);
  };
}
