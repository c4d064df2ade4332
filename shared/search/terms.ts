/**
 * The words search matches on (pure: the service indexes with it, tests check it): case and
 * accents folded, English and Spanish stop words dropped, a light stemming shared by both
 * languages so a singular finds its plural and "camion" finds "camión". Index and query go
 * through the same functions, so what matters is that both sides agree, not linguistics.
 */

/** Common words of English and Spanish that say nothing about a case (already folded). */
const STOP_WORDS = new Set(
  (
    // English
    "a an and are as at be been but by can could did do does doing for from had has have he her his how i if in into is it its " +
    "just me my no not of on or our she so than that the their them then there these they this those to too up us was we were " +
    "what when where which who why will with would you your yours am any all also after before about again very some more most " +
    "other only own same such should now get got please hi hello thanks thank " +
    // Spanish
    "al algo algun alguna algunas alguno algunos ante antes aqui asi aun cada como con contra cual cuando de del desde donde dos " +
    "el ella ellas ellos en entre era eran es esa esas ese eso esos esta estaba estamos estan estar este esto estos estoy fue fueron " +
    "ha han hay hasta la las le les lo los mas me mi mis mucho muy nada ni no nos nosotros o os otra otro para pero poco por porque " +
    "que quien se sea ser si sido sin sobre solo son soy su sus tambien te tengo tiene tienen todo todos tu tus un una unas uno unos " +
    "usted ya yo hola gracias favor"
  ).split(" "),
);

/** A request id as typed ("it-42" once folded). */
const ID_RE = /^[a-z][a-z0-9]{1,9}-\d{1,10}$/;

/** Lower case, accents and other combining marks removed (ñ becomes n). */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

/** The raw tokens of a text: runs of letters and digits; "IT-42" stays one token. */
function tokens(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? [];
}

const VOWEL = /[aeiouy]/;

/**
 * A light stem for English and Spanish alike: plurals (-ies, -es after a consonant, -s),
 * -ing, -ed, -mente, then a final -e (so "file" and "files", "update" and "updated" agree).
 * Never shortens a word below 3 letters; digits are left alone.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length < 4 || /\d/.test(w)) return w;
  const cut = (n: number, add = "") => (w.length - n + add.length >= 3 ? ((w = w.slice(0, w.length - n) + add), true) : false);
  if (w.endsWith("ies") || w.endsWith("ied")) cut(3, "y");
  else if (w.endsWith("es") && !VOWEL.test(w[w.length - 3]!)) cut(2);
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) cut(1);
  if (w.endsWith("mente") && w.length > 8) cut(5);
  else if (w.endsWith("ing") && w.length > 5) cut(3);
  else if (w.endsWith("ed") && w.length > 4) cut(2);
  if (w.endsWith("e") && w.length > 3) cut(1);
  return w;
}

/**
 * The searchable words of a text, in order (with repeats): stop words dropped, stemmed. An
 * id-like token ("IT-42", "covid-19") is one word; `withParts` (indexing) adds its parts too,
 * so "covid" finds "covid-19" while a query for "IT-42" asks for the id alone.
 */
export function words(text: string, withParts = false): string[] {
  const out: string[] = [];
  for (const t of tokens(text)) {
    if (ID_RE.test(t)) {
      out.push(t);
      if (!withParts) continue;
    }
    for (const part of t.split("-")) if (part && !STOP_WORDS.has(part)) out.push(stem(part));
  }
  return out;
}

/**
 * The words of a search box's text, each once, in order. An id ("IT-42") is one word.
 * Empty when nothing searchable is left (only stop words or punctuation).
 */
export function queryWords(q: string): string[] {
  return [...new Set(words(q))].slice(0, MAX_QUERY_WORDS);
}

/** A query reads postings for at most this many words (a pasted paragraph is not a query). */
export const MAX_QUERY_WORDS = 12;

/** How much a match in each field counts. */
export const WEIGHTS = { id: 8, title: 5, requester: 3, description: 2, comment: 1 } as const;

/**
 * Distinct terms indexed per request: each term is an index row (twice, with the requester's
 * copy), so a request with a long description or many comments is indexed by its title, its
 * requester, its id and then the first 150 distinct words of its description and public
 * comments (in that order); later words are not searchable.
 */
export const MAX_TERMS = 150;

export interface SearchableRequest {
  department: string;
  number: number;
  title: string;
  description?: string;
  requester: { name: string };
}

/** A request's terms with their weights (the highest field a term appears in). */
export function requestTerms(r: SearchableRequest, publicComments: string[] = []): Map<string, number> {
  const terms = new Map<string, number>();
  const add = (term: string, weight: number, always: boolean) => {
    const had = terms.get(term);
    if (had !== undefined) {
      if (had < weight) terms.set(term, weight);
    } else if (always || terms.size < MAX_TERMS) {
      terms.set(term, weight);
    }
  };
  add(`${r.department.toLowerCase()}-${r.number}`, WEIGHTS.id, true);
  add(String(r.number), WEIGHTS.id, true);
  for (const w of words(r.title, true)) add(w, WEIGHTS.title, true);
  for (const w of words(r.requester.name, true)) add(w, WEIGHTS.requester, true);
  for (const w of words(r.description ?? "", true)) add(w, WEIGHTS.description, false);
  for (const c of publicComments) for (const w of words(c, true)) add(w, WEIGHTS.comment, false);
  return terms;
}
