import assert from "node:assert/strict";
import type { RequestView } from "../../shared/domain.ts";
import { Api } from "../../web/api.ts";
import { fakeStream, type FakeStream } from "../support/fake-stream.ts";

/**
 * The tab's stream client reads any framing the event-stream standard allows, not only the
 * service's own (single-line data, LF): a proxy may re-frame, and a later service may split a
 * large request over several data lines. Before shared/sse.ts the tab read only `data: ` lines
 * ending in LF, and took the first line of a multi-line event.
 */
describe("tab stream client: framing as the standard allows", function () {
  let stream: FakeStream;
  let secondConnection!: () => void;
  const reconnected = new Promise<void>((r) => (secondConnection = r));

  before(async () => {
    stream = await fakeStream((res, n) => {
      if (n === 1) {
        const json = JSON.stringify({ id: "IT-1", title: "two\nlines" }, null, 1).split("\n");
        // A BOM, a comment, CRLF line ends, the JSON over several data lines, no space after a colon, and a write cut mid-line.
        res.write(`\uFEFF: hello\r\nretry:500\r\nid:e1\r\nevent:request\r\n${json.map((l) => `data:${l}`).join("\r\n")}\r\n\r\n`);
        res.write(`id: e2\revent: other\rdata: {"id":"ignored"}\r\rid: e3\nevent: req`);
        res.write(`uest\ndata: {"id":"IT-3"}\n\n`);
      } else secondConnection();
      res.end();
    });
  });
  after(() => stream.close());

  it("delivers multi-line, CR and CRLF framed requests whole, skips unknown event types, and resumes from the last id", async () => {
    const api = new Api(async () => "token", stream.url);
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
    assert.equal(stream.connections[0]!.lastEventId, undefined);
    assert.equal(stream.connections[1]!.lastEventId, "e3", "the reconnect asks for what follows the last id seen");
  });
});
