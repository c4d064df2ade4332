/**
 * A stand-in for the service's `/api/stream` on loopback, for tests of the web apps' stream
 * client: each connection is recorded (with the Last-Event-ID it sent) and answered by
 * `answer`, which writes whatever framing the test needs. Restify, not node:http, because
 * restify patches the process's HTTP responses (see TOOLCHAIN.md).
 */
import restify from "restify";

export interface FakeStream {
  url: string;
  connections: Array<{ lastEventId?: string; at: number }>;
  close(): void;
}

/**
 * `answer(res, n)`: the n-th connection (1-based), its headers already sent; end `res` or leave it
 * open. `refuse(n)`: answer the n-th connection with a status (and Retry-After) instead.
 */
export async function fakeStream(
  answer: (res: restify.Response, n: number) => void,
  refuse?: (n: number) => { status: number; retryAfter?: string } | undefined,
): Promise<FakeStream> {
  const server = restify.createServer();
  const connections: FakeStream["connections"] = [];
  server.get("/api/stream", (req: restify.Request, res: restify.Response, next: restify.Next) => {
    connections.push({ lastEventId: req.header("last-event-id") || undefined, at: Date.now() });
    const refusal = refuse?.(connections.length);
    if (refusal) {
      res.writeHead(refusal.status, { "Content-Type": "application/json", ...(refusal.retryAfter ? { "Retry-After": refusal.retryAfter } : {}) });
      res.end(JSON.stringify({ error: { code: "busy", message: "Too many streams." } }));
      return next();
    }
    res.writeHead(200, { "Content-Type": "text/event-stream" });
    answer(res, connections.length);
    return next();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    connections,
    close() {
      // A connection left open on purpose (a silent stream) would keep close() waiting.
      (server as unknown as { server: { closeAllConnections(): void } }).server.closeAllConnections();
      server.close();
    },
  };
}
