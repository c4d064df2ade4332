import assert from "node:assert/strict";
import restify from "restify";
import type { RequestView } from "../../shared/domain.ts";
import { Api } from "../../teams-app/src/api.ts";

/**
 * The tab's stream client reads any framing the event-stream standard allows, not only the
 * service's own (single-line data, LF): a proxy may re-frame, and a later service may split a
 * large request over several data lines. Before shared/sse.ts the tab read only `data: ` lines
 * ending in LF, and took the first line of a multi-line event.
 */
describe("tab stream client: framing as the standard allows", function () {
  let server: restify.Server;
  let url = "";
  const connections: Array<{ lastEventId?: string }> = [];
  let secondConnection!: () => void;
  const reconnected = new Promise<void>((r) => (secondConnection = r));

  before(async () => {
    server = restify.createServer();
    server.get("/api/stream", (req: restify.Request, res: restify.Response, next: restify.Next) => {
      connections.push({ lastEventId: req.header("last-event-id") || undefined });
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      if (connections.length === 1) {
        const json = JSON.stringify({ id: "IT-1", title: "two\nlines" }, null, 1).split("\n");
        // A BOM, a comment, CRLF line ends, the JSON over several data lines, no space after a colon, and a write cut mid-line.
        res.write(`\uFEFF: hello\r\nretry:500\r\nid:e1\r\nevent:request\r\n${json.map((l) => `data:${l}`).join("\r\n")}\r\n\r\n`);
        res.write(`id: e2\revent: other\rdata: {"id":"ignored"}\r\rid: e3\nevent: req`);
        res.write(`uest\ndata: {"id":"IT-3"}\n\n`);
        res.end();
      } else {
        secondConnection();
        res.end();
      }
      return next();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => server.close());

  it("delivers multi-line, CR and CRLF framed requests whole, skips unknown event types, and resumes from the last id", async () => {
    const api = new Api(async () => "token", url);
    const seen: RequestView[] = [];
    const stop = api.follow("mine=1", (r) => seen.push(r), () => undefined, 20);
    await reconnected;
    stop();
    assert.deepEqual(
      seen.map((r) => [r.id, r.title]),
      [
        ["IT-1", "two\nlines"],
        ["IT-3", undefined],
      ],
    );
    assert.equal(connections[0]!.lastEventId, undefined);
    assert.equal(connections[1]!.lastEventId, "e3", "the reconnect asks for what follows the last id seen");
  });
});
