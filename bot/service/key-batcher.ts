/** What one item of a batch came to: a value for its caller, or the error it gets. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Waiting<I, R> {
  item: I;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * One run at a time per key; items that arrive while a run is on wait and go together in the
 * next. Used for the actions on one request: twenty people commenting at once make one or two
 * writes, not twenty writes that refuse each other on the request's ETag.
 */
export class KeyBatcher<I, R> {
  private readonly queues = new Map<string, Array<Waiting<I, R>>>();

  /**
   * @param run   does one batch, answering each item in order
   * @param size  how many of the waiting items (at least 1) the next batch takes
   */
  constructor(
    private readonly run: (key: string, items: I[]) => Promise<Array<Outcome<R>>>,
    private readonly size: (waiting: I[]) => number,
  ) {}

  submit(key: string, item: I): Promise<R> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(key);
      const idle = !queue;
      if (!queue) this.queues.set(key, (queue = []));
      queue.push({ item, resolve, reject });
      if (idle) void this.drain(key, queue);
    });
  }

  private async drain(key: string, queue: Array<Waiting<I, R>>): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, Math.max(1, this.size(queue.map((w) => w.item))));
      try {
        const outcomes = await this.run(key, batch.map((w) => w.item));
        batch.forEach((w, i) => {
          const o = outcomes[i];
          if (o?.ok) w.resolve(o.value);
          else w.reject(o ? o.error : new Error("no outcome"));
        });
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.queues.delete(key);
  }
}
