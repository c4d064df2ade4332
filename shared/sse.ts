/**
 * The one Server-Sent Events parser (the tab, the add-in, the tests): the WHATWG HTML
 * standard's "interpret an event stream", fed text chunks as they arrive. Pure and
 * browser-safe: the callers read the bytes themselves, with fetch, because EventSource
 * cannot send an Authorization header.
 */

export interface SseEvent {
  /** The stream's last event id when this event was dispatched ("" until an `id:` sets one). */
  id: string;
  /** The event type; "message" when the event had no `event:` field. */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
  /** The reconnection time the stream last asked for (`retry:`), in milliseconds. */
  retry?: number;
}

export class SseParser {
  /** The last event id in force: what a reconnect sends as Last-Event-ID. */
  lastEventId = "";
  /** The last valid `retry:` value, in milliseconds. */
  retry?: number;

  private pending = "";
  private started = false;
  // A chunk ended in CR: if the next one starts with LF, that LF belongs to the same line end.
  private skipLf = false;
  private eventType = "";
  private data = "";
  private hasData = false;
  private idBuffer = "";

  /** `onComment` gets each comment line's text (after the ":"), e.g. to watch heartbeats. */
  constructor(private readonly onComment?: (text: string) => void) {}

  /** Takes the next piece of the stream's text; returns the events it completed, in order. */
  feed(chunk: string): SseEvent[] {
    if (typeof chunk !== "string") throw new TypeError("SseParser.feed takes text: decode the bytes first (TextDecoder with stream: true)");
    let text = chunk;
    if (this.skipLf && text.length > 0) {
      if (text[0] === "\n") text = text.slice(1);
      this.skipLf = false;
    }
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text[0] === "\uFEFF") text = text.slice(1);
    }
    this.pending += text;
    const out: SseEvent[] = [];
    let from = 0;
    for (;;) {
      const cr = this.pending.indexOf("\r", from);
      const lf = this.pending.indexOf("\n", from);
      const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      if (end < 0) break;
      const line = this.pending.slice(from, end);
      from = end + 1;
      if (this.pending[end] === "\r") {
        if (from === this.pending.length) this.skipLf = true;
        else if (this.pending[from] === "\n") from++;
      }
      const event = this.line(line);
      if (event) out.push(event);
    }
    this.pending = this.pending.slice(from);
    return out;
  }

  /**
   * The connection ended: an event without its closing blank line is dropped, its id too, as
   * the standard says. The parser then reads the next connection, keeping `lastEventId`.
   */
  end(): void {
    this.pending = "";
    this.skipLf = false;
    this.started = false;
    this.eventType = "";
    this.data = "";
    this.hasData = false;
    this.idBuffer = this.lastEventId;
  }

  private line(line: string): SseEvent | undefined {
    if (line === "") return this.dispatch();
    if (line[0] === ":") {
      this.onComment?.(line.slice(1));
      return undefined;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value[0] === " ") value = value.slice(1);
    switch (field) {
      case "event":
        this.eventType = value;
        break;
      case "data":
        this.data += this.hasData ? `\n${value}` : value;
        this.hasData = true;
        break;
      case "id":
        if (!value.includes("\0")) this.idBuffer = value;
        break;
      case "retry":
        if (/^[0-9]+$/.test(value)) this.retry = Number(value);
        break;
      default:
        // Unknown fields are ignored, so servers can add some without breaking clients.
        break;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    // The id is in force from this blank line on, even for an event with no data.
    this.lastEventId = this.idBuffer;
    const event = this.hasData ? { id: this.lastEventId, event: this.eventType || "message", data: this.data, ...(this.retry === undefined ? {} : { retry: this.retry }) } : undefined;
    this.eventType = "";
    this.data = "";
    this.hasData = false;
    return event;
  }
}
