/**
 * Orders search hits (pure). A hit is one index row: a request matched one query word with a
 * weight. A request's score is the sum, over the query words it matched, of its best weight
 * for that word; requests matching every word come before those matching some, then the
 * higher score, then the newer request.
 */
export interface Hit {
  /** The request ("IT-42"). */
  id: string;
  /** Which query word (its index in the query's words). */
  word: number;
  weight: number;
  /** ISO time the request was filed: the tie-break, newest first. */
  createdAt: string;
}

export interface Ranked {
  id: string;
  /** How many of the query's words it matched. */
  matched: number;
  score: number;
  createdAt: string;
}

export function rank(hits: Iterable<Hit>): Ranked[] {
  const best = new Map<string, { createdAt: string; words: Map<number, number> }>();
  for (const h of hits) {
    let b = best.get(h.id);
    if (!b) best.set(h.id, (b = { createdAt: h.createdAt, words: new Map() }));
    if ((b.words.get(h.word) ?? 0) < h.weight) b.words.set(h.word, h.weight);
  }
  const out: Ranked[] = [];
  for (const [id, b] of best) {
    let score = 0;
    for (const w of b.words.values()) score += w;
    out.push({ id, matched: b.words.size, score, createdAt: b.createdAt });
  }
  return out.sort(
    (a, b) => b.matched - a.matched || b.score - a.score || (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1),
  );
}
