import assert from "node:assert/strict";
import { SseParser, type SseEvent } from "../../shared/sse.ts";

/** Feeds `chunks` in order and returns every event, with comments collected on the side. */
function parse(chunks: string[], parser?: SseParser): { events: SseEvent[]; comments: string[]; parser: SseParser } {
  const comments: string[] = [];
  const p = parser ?? new SseParser((c) => comments.push(c));
  const events = chunks.flatMap((c) => p.feed(c));
  return { events, comments, parser: p };
}

describe("SSE parser (WHATWG event stream interpretation)", () => {
  it("joins several data lines with a line feed, and names an untyped event 'message'", () => {
    const { events } = parse(["data: YHOO\ndata: +2\ndata: 10\n\n"]);
    assert.deepEqual(events, [{ id: "", event: "message", data: "YHOO\n+2\n10" }]);
  });

  it("reads the standard's four-block example: comment, id kept across events, id reset, empty data", () => {
    const { events, comments } = parse([": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n"]);
    assert.deepEqual(comments, [" test stream"]);
    assert.deepEqual(
      events.map((e) => [e.id, e.data]),
      [
        ["1", "first event"],
        ["", "second event"],
        ["", " third event"],
      ],
    );
  });

  it("dispatches an empty data line as an empty event, and a lone 'data' twice as one line feed", () => {
    const { events } = parse(["data\n\ndata\ndata\n\ndata:\n"]);
    assert.deepEqual(
      events.map((e) => e.data),
      ["", "\n"],
    );
  });

  it("removes only one space after the colon; a field without a colon has an empty value", () => {
    const { events } = parse(["data:test\n\ndata: test\n\ndata:  test\n\nevent\ndata\n\n"]);
    assert.deepEqual(
      events.map((e) => [e.event, e.data]),
      [
        ["message", "test"],
        ["message", "test"],
        ["message", " test"],
        ["message", ""],
      ],
    );
  });

  it("accepts CRLF, LF and CR as line ends, mixed, and a CRLF split across two chunks", () => {
    const { events } = parse(["data: a\r\n\r\ndata: b\n\ndata: c\r\rdata: d\r", "\n\r", "\n"]);
    assert.deepEqual(
      events.map((e) => e.data),
      ["a", "b", "c", "d"],
    );
  });

  it("dispatches on a lone CR at the end of a chunk without waiting for the next one", () => {
    const p = new SseParser();
    assert.deepEqual(p.feed("data: x\r"), []);
    assert.deepEqual(
      p.feed("\r").map((e) => e.data),
      ["x"],
    );
    // The LF that may follow a CR is skipped once, not forever.
    assert.deepEqual(
      p.feed("\ndata: y\n\n").map((e) => e.data),
      ["y"],
    );
  });

  it("strips one leading byte order mark at the start of the stream, not later ones", () => {
    const { events } = parse(["\uFEFFdata: 1\n\n", "\uFEFFdata: 2\n\n"]);
    // The second BOM is part of a field name ("\uFEFFdata"), an unknown field: ignored.
    assert.deepEqual(
      events.map((e) => e.data),
      ["1"],
    );
    const split = parse(["", "\uFEFF", "data: 3\n\n"]).events;
    assert.deepEqual(
      split.map((e) => e.data),
      ["3"],
    );
  });

  it("carries the event type for one event only", () => {
    const { events } = parse(["event: request\ndata: {}\n\ndata: plain\n\nevent: reset\ndata: r\n\n"]);
    assert.deepEqual(
      events.map((e) => e.event),
      ["request", "message", "reset"],
    );
  });

  it("does not dispatch an event without data, but its id still becomes the last event id", () => {
    const { events, parser } = parse(["id: 7\nevent: ping\n\n"]);
    assert.deepEqual(events, []);
    assert.equal(parser.lastEventId, "7");
    const next = parser.feed("data: after\n\n");
    assert.equal(next[0]!.id, "7");
  });

  it("ignores an id that contains NULL, and an empty id resets the last event id", () => {
    const { events, parser } = parse(["id: 1\ndata: a\n\nid: 2\u00003\ndata: b\n\nid\ndata: c\n\n"]);
    assert.deepEqual(
      events.map((e) => e.id),
      ["1", "1", ""],
    );
    assert.equal(parser.lastEventId, "");
  });

  it("takes retry only when it is all ASCII digits, and reports it on the events that follow", () => {
    const p = new SseParser();
    p.feed("retry: 2000\n: connected\n\n");
    assert.equal(p.retry, 2000);
    p.feed("retry: 1e3\nretry: -5\nretry: 300 \nretry\n\n");
    assert.equal(p.retry, 2000);
    const [e] = p.feed("retry:1500\ndata: x\n\n");
    assert.equal(e!.retry, 1500);
    assert.equal(p.retry, 1500);
  });

  it("ignores unknown fields and fields whose name differs in case", () => {
    const { events } = parse(["foo: bar\nDATA: no\nData: no\ndata: yes\n\n"]);
    assert.deepEqual(
      events.map((e) => e.data),
      ["yes"],
    );
  });

  it("reassembles lines and events cut anywhere across chunks", () => {
    const stream = "retry: 2000\n: connected\n\nid: 42\nevent: request\ndata: {\"id\":\"IT-1\",\ndata: \"x\":1}\n\n";
    for (let size = 1; size <= stream.length; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < stream.length; i += size) chunks.push(stream.slice(i, i + size));
      const { events, comments } = parse(chunks);
      assert.deepEqual(events, [{ id: "42", event: "request", data: '{"id":"IT-1",\n"x":1}', retry: 2000 }], `chunks of ${size}`);
      assert.deepEqual(comments, [" connected"], `chunks of ${size}`);
    }
  });

  it("drops an unfinished event when the connection ends, together with its id, and keeps the last id for the next one", () => {
    const p = new SseParser();
    p.feed("id: 1\ndata: done\n\nid: 2\ndata: half");
    p.end();
    assert.equal(p.lastEventId, "1");
    // A new connection: its first line is not glued to the lost half line, and a BOM is stripped again.
    const events = p.feed("\uFEFFdata: fresh\n\n");
    assert.deepEqual(events, [{ id: "1", event: "message", data: "fresh" }]);
  });

  it("refuses bytes instead of text with a clear error", () => {
    assert.throws(() => new SseParser().feed(new Uint8Array([100]) as unknown as string), /takes text/);
  });
});
