import assert from "node:assert/strict";
import restify from "restify";
import { Api } from "../../teams-app/src/api.ts";

/**
 * The tab's live stream client against a server that goes silent without closing (a half-open
 * connection: a laptop waking up, Wi-Fi gone): it must notice and reconnect, resuming with
 * Last-Event-ID, instead of showing "Live" forever.
 */
describe("tab stream client: silence counts as a lost connection", function () {
  let server: restify.Server;
  let url = "";
  const connections: Array<{ lastEventId?: string }> = [];

  before(async () => {
    server = restify.createServer();
    server.get("/api/stream", (req: restify.Request, res: restify.Response, next: restify.Next) => {
      connections.push({ lastEventId: req.header("last-event-id") || undefined });
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      if (connections.length === 1) {
        res.write(`id: e1\nevent: request\ndata: ${JSON.stringify({ id: "IT-1", title: "first" })}\n\n`);
        return next(); // then silence, never closed
      }
      res.write(`id: e2\nevent: request\ndata: ${JSON.stringify({ id: "IT-2", title: "after the silence" })}\n\n`);
      res.end();
      return next();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => server.close());

  it("reconnects after silence longer than the stall limit, with the last event id", async () => {
    const api = new Api(async () => "token", url);
    const seen: string[] = [];
    const live: boolean[] = [];
    const stop = api.follow("department=IT", (r) => seen.push(r.id), (l) => live.push(l), 20, 300);
    const deadline = Date.now() + 10_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    stop();
    (server as unknown as { server: { closeAllConnections(): void } }).server.closeAllConnections();
    assert.deepEqual(seen.slice(0, 2), ["IT-1", "IT-2"]);
    assert.equal(connections[1]?.lastEventId, "e1", "resumed after what it had");
    assert.deepEqual(live.slice(0, 3), [true, false, true], "it said it was reconnecting, then live again");
  });
});
