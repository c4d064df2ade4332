/**
 * A tiny seeded PRNG and junk-data generators for fuzz tests. The same seed gives the same
 * sequence on every machine, so a failure names its seed and can be replayed:
 * `TANDEM_FUZZ_SEED=<seed> npx mocha test/integration/fuzz.test.ts`.
 */

export { Rng } from "../../shared/random.ts";
import { Rng } from "../../shared/random.ts";

/**
 * The seed for this run: `TANDEM_FUZZ_SEED` when set (to replay a failure), else `fallback`
 * (so the suite is deterministic by default).
 */
export function fuzzSeed(fallback: number): number {
  const env = process.env.TANDEM_FUZZ_SEED;
  if (env === undefined || env === "") return fallback >>> 0;
  const n = Number(env);
  if (!Number.isInteger(n)) throw new Error(`TANDEM_FUZZ_SEED must be an integer (got ${JSON.stringify(env)})`);
  return n >>> 0;
}

/** Keys that have tripped up JavaScript code that copies objects, or storage layers. */
export const HOSTILE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "__defineGetter__",
  "",
  " ",
  "PartitionKey",
  "RowKey",
  "etag",
  "odata.etag",
  "Timestamp",
  "$where",
  "a.b",
  "a/b",
  "\u0000",
  "ключ",
  "🔑",
] as const;

/** Text that has tripped up parsers, storage, HTML and query builders. */
const NASTY_STRINGS = [
  "",
  " ",
  "\t\n\r",
  "null",
  "undefined",
  "true",
  "0",
  "-1",
  "1e309",
  "NaN",
  "IT",
  "it",
  "IT-1",
  "' or 1 eq 1 or 'a' eq '",
  "PartitionKey eq 'x'",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "%00%0d%0a",
  "\u0000",
  "\u0000\u0001\u001f\u007f",
  "\ud800",
  "\udfff\ud800",
  "e\u0301\u0301\u0301",
  "\u202eevil\u202c",
  "\u200b\u200c\u200d\ufeff",
  "😀👍🏽👨‍👩‍👧‍👦",
  "日本語のテキスト",
  "مرحبا",
  "Ω≈ç√∫",
  "2026-02-30T10:00:00Z",
  "2026-03-02T09:00:00",
  "ana@",
  "@example.com",
  "{\"action\":\"take\"}",
  "__proto__",
];

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_./:@<>&\"'\\";
const WIDE = ["é", "ß", "Ж", "中", "😀", "\u0301", "\u200b", "\ud83d", "\ude00", "\u0000", "\n", "\t"];

/** A random string: short nasty ones most of the time, sometimes long (up to `maxLength`). */
export function junkString(rng: Rng, maxLength = 300): string {
  const r = rng.next();
  if (r < 0.45) return rng.pick(NASTY_STRINGS);
  if (r < 0.85) {
    const n = rng.int(1, Math.min(40, maxLength));
    let s = "";
    for (let i = 0; i < n; i++) s += rng.chance(0.8) ? ALPHABET[rng.int(0, ALPHABET.length - 1)] : rng.pick(WIDE);
    return s;
  }
  const n = rng.int(Math.min(200, maxLength), maxLength);
  return rng.pick(["x", "é", "😀", "ab ", "\u0000"]).repeat(Math.ceil(n / 2)).slice(0, n);
}

export function junkKey(rng: Rng): string {
  return rng.chance(0.5) ? rng.pick(HOSTILE_KEYS) : junkString(rng, 60);
}

/** Sets `key` as an own, enumerable property (so "__proto__" becomes a key, not the prototype). */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

const NUMBERS = [0, -0, 1, -1, 0.5, 2.5, 6, 99, 100, 1e21, -1e21, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, 525_601];

/** Any JSON value: scalars, strings, arrays and objects (with hostile keys), nested up to `depth`. */
export function junkValue(rng: Rng, depth = 3, maxString = 300): unknown {
  const r = rng.next();
  if (depth <= 0 || r < 0.45) {
    const s = rng.next();
    if (s < 0.1) return null;
    if (s < 0.2) return rng.chance(0.5);
    if (s < 0.45) return rng.pick(NUMBERS);
    return junkString(rng, maxString);
  }
  if (r < 0.7) return Array.from({ length: rng.int(0, 4) }, () => junkValue(rng, depth - 1, maxString));
  const obj: Record<string, unknown> = {};
  for (let i = rng.int(0, 4); i > 0; i--) setOwn(obj, junkKey(rng), junkValue(rng, depth - 1, maxString));
  return obj;
}

/** A value that is not a JSON object (top-level arrays, scalars, null). */
export function junkNonObject(rng: Rng): unknown {
  for (;;) {
    const v = junkValue(rng, 2);
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
  }
}

/** A value that is not a string and not null (for fields that must be text when given). */
export function junkNonString(rng: Rng): unknown {
  for (;;) {
    const v = junkValue(rng, 2);
    if (v !== null && typeof v !== "string") return v;
  }
}

/** A value that is not a plain JSON object and not null/absent (for fields that must be objects). */
export function junkNonObjectNonNull(rng: Rng): unknown {
  for (;;) {
    const v = junkNonObject(rng);
    if (v !== null) return v;
  }
}

/** Text that is not JSON, or is JSON cut short. */
export function malformedJson(rng: Rng): string {
  return rng.pick([
    "{",
    "}",
    "[1, 2",
    '{"title": }',
    '{"department": "IT", "title": "x",}',
    "{'department': 'IT'}",
    '{"a": NaN}',
    '{"a": undefined}',
    "nul",
    "tru",
    '"unterminated',
    "\ufeff{}",
    '{"a":1}{"b":2}',
    "{\"a\": \"\\x41\"}",
    "--\r\nContent-Disposition: form-data\r\n\r\n",
    "department=IT&title=x",
    "<request><title>x</title></request>",
    "{" + '"a":'.repeat(50) + "1",
    "[".repeat(5000),
    "   ",
    "",
  ]);
}
