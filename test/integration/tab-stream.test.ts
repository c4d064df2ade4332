import assert from "node:assert/strict";
import { Api } from "../../web/api.ts";
import { fakeStream, type FakeStream } from "../support/fake-stream.ts";

/**
 * The tab's live stream client against a server that goes silent without closing (a half-open
 * connection: a laptop waking up, Wi-Fi gone): it must notice and reconnect, resuming with
 * Last-Event-ID, instead of showing "Live" forever.
 */
describe("tab stream client: silence counts as a lost connection", function () {
  let stream: FakeStream;

  before(async () => {
    stream = await fakeStream((res, n) => {
      if (n === 1) {
        res.write(`id: e1\nevent: request\ndata: ${JSON.stringify({ id: "IT-1", title: "first" })}\n\n`);
        return; // then silence, never closed
      }
      res.write(`id: e2\nevent: request\ndata: ${JSON.stringify({ id: "IT-2", title: "after the silence" })}\n\n`);
      res.end();
    });
  });
  after(() => stream.close());

  it("reconnects after silence longer than the stall limit, with the last event id", async () => {
    const api = new Api(async () => "token", stream.url);
    const seen: string[] = [];
    const live: boolean[] = [];
    const stop = api.follow("department=IT", (r) => seen.push(r.id), (l) => live.push(l), 20, 300);
    const deadline = Date.now() + 10_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    stop();
    assert.deepEqual(seen.slice(0, 2), ["IT-1", "IT-2"]);
    assert.equal(stream.connections[1]?.lastEventId, "e1", "resumed after what it had");
    assert.deepEqual(live.slice(0, 3), [true, false, true], "it said it was reconnecting, then live again");
  });
});
