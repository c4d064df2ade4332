import assert from "node:assert/strict";
import { Api } from "../../web/api.ts";
import { fakeStream, type FakeStream } from "../support/fake-stream.ts";

/**
 * The tab's stream client and a `reset` event (the service sends one when the point a client
 * resumes from is older than the change log keeps): the tab must reload what it shows, not
 * take the event for a request, and resume from the reset's id afterwards.
 */
describe("tab stream client: a reset event reloads", function () {
  let stream: FakeStream;

  before(async () => {
    stream = await fakeStream((res, n) => {
      if (n === 1) {
        res.write(`id: r1\nevent: reset\ndata: ${JSON.stringify({ message: "Reload: too old to replay." })}\n\n`);
        res.write(`id: e2\nevent: request\ndata: ${JSON.stringify({ id: "IT-2", title: "after the reset" })}\n\n`);
      }
      res.end();
    });
  });
  after(() => stream.close());

  it("calls onReset (not onRequest) for a reset, then keeps following from the last id", async () => {
    const api = new Api(async () => "token", stream.url);
    const seen: string[] = [];
    let resets = 0;
    const stop = api.follow("mine=1", (r) => seen.push(r.id), () => undefined, 20, 45_000, () => resets++);
    const deadline = Date.now() + 10_000;
    while (stream.connections.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    stop();
    assert.equal(resets, 1, "the reset asked the tab to reload");
    assert.deepEqual(seen, ["IT-2"], "a reset is not a request");
    assert.equal(stream.connections[1]?.lastEventId, "e2");
  });
});
