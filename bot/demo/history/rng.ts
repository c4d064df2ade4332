/**
 * A seeded random source for the history generator. Every request draws from a stream of its
 * own (seeded by the run's seed and the request's place), so one request's plan never depends
 * on how many numbers another one drew: changing a probability reshapes only what it touches.
 */
import { Rng } from "../../../shared/random.ts";

/** A 32-bit hash of the parts (cyrb53 folded), to seed independent streams by name. */
export function hashSeed(...parts: Array<string | number>): number {
  const s = parts.join("\u241f");
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** The tests' mulberry32 (same sequence on every machine), with the draws a history needs. */
export class Random extends Rng {
  static of(...parts: Array<string | number>): Random {
    return new Random(hashSeed(...parts));
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** One of `items`, each as likely as its weight. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** A standard normal draw (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal draw with the given median and spread (sigma of the log). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /**
   * An index in [0, n) where low indexes are much likelier (Zipf-like, exponent ~1): a few
   * people file many requests, most file a handful.
   */
  zipf(n: number): number {
    // Inverse of the continuous 1/x density on [1, n + 1).
    return Math.min(n - 1, Math.floor(Math.exp(this.next() * Math.log(n + 1)) - 1));
  }
}
