/**
 * Which department (and category) a text most likely belongs to, from the catalogue's own
 * words. Pure: the Outlook add-in suggests from an email, the Teams message action from a
 * message, with the same rules.
 */
import type { Department } from "./domain.ts";

/** Lower case, accents off, for comparing words in any language. */
export function fold(s: string): string {
  return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

const STOP = new Set(
  "and the for with from your our are any all que del los las una con por para sus y de la el en".split(" "),
);

/** The words of `s` (letters and digits of any script), folded; short and common ones dropped. */
function words(s: string): string[] {
  return (fold(s).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => (w.length >= 3 || /^[A-Z0-9]{2,}$/i.test(w)) && !STOP.has(w));
}

/** A word matches a term when it is the term, or its plural / a longer form of it ("laptops" for "laptop"). */
function matches(term: string, bag: Map<string, number>): number {
  let n = 0;
  for (const [w, count] of bag) {
    if (w === term || (term.length >= 4 && (w.startsWith(term) && w.length - term.length <= 3)) || (w.length >= 4 && term.startsWith(w) && term.length - w.length <= 3)) n += count;
  }
  return n;
}

function bagOf(s: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const w of words(s)) bag.set(w, (bag.get(w) ?? 0) + 1);
  return bag;
}

export interface Suggestion {
  department?: string;
  category?: string;
  /** Each department's score, highest first (for tests and for explaining the choice). */
  scores: Array<{ key: string; score: number }>;
}

/**
 * The department (and category) an email most likely belongs to: each department scores the
 * words of its name and key (x3), category names and keys (x2) and description (x1) found in
 * the subject (counted twice) and the body (first 5,000 characters). Ties and zero scores
 * suggest nothing: the person picks.
 */
export function suggestDepartment(departments: readonly Department[], subject: string, body: string): Suggestion {
  const subjectBag = bagOf(subject);
  const bodyBag = bagOf(body.slice(0, 5_000));
  const hits = (term: string) => 2 * matches(term, subjectBag) + Math.min(3, matches(term, bodyBag));
  const scored = departments.map((d) => {
    let score = 0;
    const seen = new Set<string>();
    const add = (text: string, weight: number) => {
      for (const w of words(text)) {
        if (seen.has(w)) continue;
        seen.add(w);
        score += weight * hits(w);
      }
    };
    add(`${d.name} ${d.key}`, 3);
    const catScores = d.categories.map((c) => {
      const before = score;
      add(`${c.name} ${c.key}`, 2);
      return { key: c.key, score: score - before };
    });
    add(d.description ?? "", 1);
    const best = catScores.filter((c) => c.score > 0).sort((a, b) => b.score - a.score);
    return { key: d.key, score, category: best[0] && best[0].score > (best[1]?.score ?? 0) ? best[0].key : undefined };
  });
  scored.sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  const top = scored[0];
  const clear = top && top.score > 0 && top.score > (scored[1]?.score ?? 0);
  return { department: clear ? top.key : undefined, category: clear ? top.category : undefined, scores: scored.map(({ key, score }) => ({ key, score })) };
}
