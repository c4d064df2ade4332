/**
 * User-facing strings in English and Spanish, and the two functions every surface uses:
 * `t(locale, key, params)` and `pickLocale(acceptLanguageOrLocale)`. Pure: safe for browsers.
 */
import { en, type StringKey } from "./en.ts";
import { es } from "./es.ts";

export { en, es };
export type { StringKey };

export const LOCALES = ["en", "es"] as const;
export type Locale = (typeof LOCALES)[number];

/** Every locale's strings; each has exactly the keys of `en`. */
export const STRINGS: Readonly<Record<Locale, Readonly<Record<StringKey, string>>>> = { en, es };

export type StringParams = Readonly<Record<string, string | number | undefined>>;

/**
 * Replaces each `{name}` in `template` with `params[name]`. A placeholder without a value is
 * left as it is, so a missing parameter shows up instead of vanishing. An English possessive
 * after a placeholder follows the name: "{department}'s" of "Human Resources" is "Human
 * Resources'" (a plural noun), of "IT" or "Dept OPS" (an acronym) "IT's".
 */
export function interpolate(template: string, params?: StringParams): string {
  if (!params) return template;
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}('s\b)?/g, (whole, name: string, possessive: string | undefined) => {
    const value = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
    if (value === undefined) return whole;
    const text = String(value);
    if (!possessive) return text;
    return /[a-z]s$/.test(text) ? `${text}'` : `${text}'s`;
  });
}

/**
 * The string `key` in `locale` ("en", "es", or anything `pickLocale` understands, like
 * "es-MX"), with `{name}` placeholders filled from `params`. Falls back to English, and to the
 * key itself when no locale has it.
 */
export function t(locale: Locale | string | undefined, key: StringKey, params?: StringParams): string {
  const loc = locale === "en" || locale === "es" ? locale : pickLocale(locale);
  const table = STRINGS[loc] as Readonly<Record<string, string | undefined>>;
  const english = STRINGS.en as Readonly<Record<string, string | undefined>>;
  const plural = pluralKey(loc, key, params?.count);
  const template = (plural && (table[plural] || english[plural])) || table[key] || english[key] || key;
  return interpolate(template, params);
}

/**
 * The key of a string's singular form when `count` asks for it: `tab.board.count` with
 * count 1 reads `tab.board.count.one` ("1 open request", "1 solicitud abierta") where the
 * tables have one; other counts use the key itself (the plural). Both languages say "one"
 * only of 1 (Intl.PluralRules), so one extra form per string is enough.
 */
function pluralKey(locale: Locale, key: string, count: unknown): string | undefined {
  if (typeof count !== "number" || !Number.isFinite(count)) return undefined;
  const rules = (PLURAL_RULES[locale] ??= new Intl.PluralRules(locale));
  return rules.select(count) === "one" ? `${key}.one` : undefined;
}
const PLURAL_RULES: Partial<Record<Locale, Intl.PluralRules>> = {};

/**
 * The locale to answer in: "es" for any Spanish tag ("es", "es-MX", "es_ES"), "en" otherwise.
 * Takes a single locale (Teams' "es-mx") or an Accept-Language header
 * ("fr-FR,es;q=0.8,en;q=0.5" -> "es": the most preferred language Tandem speaks).
 */
export function pickLocale(acceptLanguageOrLocale: string | undefined): Locale {
  if (!acceptLanguageOrLocale) return "en";
  const ranges = acceptLanguageOrLocale
    .slice(0, 1000)
    .split(",")
    .map((part, index) => {
      const [tag, ...rest] = part.trim().split(";");
      let q = 1;
      for (const p of rest) {
        const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
        if (m) q = Number(m[1]);
      }
      return { lang: tag.trim().toLowerCase().split(/[-_]/)[0], q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.lang && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranges) {
    if (r.lang === "es") return "es";
    if (r.lang === "en") return "en";
  }
  return "en";
}

/** A translator bound to one locale: `const tr = translator("es"); tr("status.new")`. */
export function translator(locale: Locale | string | undefined): (key: StringKey, params?: StringParams) => string {
  return (key, params) => t(locale, key, params);
}

/**
 * A message any surface can show in its user's language: a string key and its parameters.
 * Parameters named `status`, `priority` and `action` hold codes ("in_progress", "high",
 * "take") and are translated too.
 */
export interface Localizable {
  key: StringKey;
  params?: Readonly<Record<string, string | number | undefined>>;
}

const CODED: Readonly<Record<string, string>> = { status: "status.", priority: "priority.", action: "verb." };

/** The text of a `Localizable` in `locale`. */
export function localize(locale: Locale | string | undefined, m: Localizable): string {
  const params: Record<string, string | number | undefined> = { ...m.params };
  for (const [name, prefix] of Object.entries(CODED)) {
    const v = params[name];
    if (typeof v === "string" && (STRINGS.en as Record<string, string>)[prefix + v] !== undefined) params[name] = t(locale, (prefix + v) as StringKey);
  }
  return t(locale, m.key, params);
}
