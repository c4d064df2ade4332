/**
 * National public holidays shipped with the app, computed for any year (pure: no I/O, no
 * download). The settings page inserts a preset's dates into a calendar's holiday list, where
 * they stay editable: regional holidays, one-off days and lunar-calendar holidays (e.g. Diwali,
 * Holi or Eid in India) are added by hand.
 */

export const HOLIDAY_COUNTRIES = ["ES", "US", "GB", "IN", "DE", "FR", "MX"] as const;
export type HolidayCountry = (typeof HOLIDAY_COUNTRIES)[number];

/** One holiday of a preset: a local date ("YYYY-MM-DD") and its name in English and Spanish. */
export interface PresetHoliday {
  date: string;
  name: { en: string; es: string };
}

/** The first and last years a preset is computed for. */
export const PRESET_YEARS = { min: 1900, max: 2199 } as const;

export function isHolidayCountry(s: string): s is HolidayCountry {
  return (HOLIDAY_COUNTRIES as readonly string[]).includes(s);
}

/**
 * The national public holidays of `country` in `year`, sorted by date, each date once (two
 * holidays on one day keep both names). Weekend rules are each country's: US federal holidays
 * are observed on the Friday or Monday, GB bank holidays get substitute days; the others stay
 * on their date.
 */
export function holidayPreset(country: HolidayCountry, year: number): PresetHoliday[] {
  if (!Number.isInteger(year) || year < PRESET_YEARS.min || year > PRESET_YEARS.max) return [];
  const list = RULES[country](year).filter((h) => h.date.startsWith(`${year}-`));
  const byDate = new Map<string, PresetHoliday>();
  for (const h of list) {
    const had = byDate.get(h.date);
    byDate.set(h.date, had ? { date: h.date, name: { en: `${had.name.en}; ${h.name.en}`, es: `${had.name.es}; ${h.name.es}` } } : h);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

// --- dates (UTC-based day arithmetic on local dates) ---

const DAY = 86_400_000;

function utc(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

function iso(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
function weekday(t: number): number {
  return new Date(t).getUTCDay();
}

/** Easter Sunday (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(utc(year, month, day));
}

/** The `n`th (1-based; -1 = last) `dow` (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, dow: number, n: number): number {
  if (n > 0) {
    const first = utc(year, month, 1);
    return first + (((dow - weekday(first) + 7) % 7) + (n - 1) * 7) * DAY;
  }
  const last = utc(year, month + 1, 1) - DAY;
  return last - ((weekday(last) - dow + 7) % 7) * DAY;
}

type Names = [en: string, es: string];

function at(t: number, [en, es]: Names): PresetHoliday {
  return { date: iso(t), name: { en, es } };
}

function fixed(year: number, month: number, day: number, names: Names): PresetHoliday {
  return at(utc(year, month, day), names);
}

function fromEaster(year: number, days: number, names: Names): PresetHoliday {
  return at(Date.parse(easterSunday(year)) + days * DAY, names);
}

const MON = 1;
const THU = 4;

// --- the countries ---

/** US federal holidays (5 U.S.C. 6103), as observed: Saturday -> Friday, Sunday -> Monday. */
function us(year: number): PresetHoliday[] {
  const observed = (t: number, names: Names) => at(weekday(t) === 6 ? t - DAY : weekday(t) === 0 ? t + DAY : t, names);
  return [
    observed(utc(year, 1, 1), ["New Year's Day", "Año Nuevo"]),
    at(nthWeekday(year, 1, MON, 3), ["Birthday of Martin Luther King, Jr.", "Natalicio de Martin Luther King Jr."]),
    at(nthWeekday(year, 2, MON, 3), ["Washington's Birthday", "Natalicio de Washington"]),
    at(nthWeekday(year, 5, MON, -1), ["Memorial Day", "Día de los Caídos"]),
    observed(utc(year, 6, 19), ["Juneteenth National Independence Day", "Día de la Liberación (Juneteenth)"]),
    observed(utc(year, 7, 4), ["Independence Day", "Día de la Independencia"]),
    at(nthWeekday(year, 9, MON, 1), ["Labor Day", "Día del Trabajo"]),
    at(nthWeekday(year, 10, MON, 2), ["Columbus Day", "Día de Colón"]),
    observed(utc(year, 11, 11), ["Veterans Day", "Día de los Veteranos"]),
    at(nthWeekday(year, 11, THU, 4), ["Thanksgiving Day", "Día de Acción de Gracias"]),
    observed(utc(year, 12, 25), ["Christmas Day", "Navidad"]),
    // Next year's New Year's Day on a Saturday is observed on this year's 31 December.
    observed(utc(year + 1, 1, 1), ["New Year's Day (observed)", "Año Nuevo (observado)"]),
  ];
}

/** England and Wales bank holidays, with substitute days for those on a weekend. */
function gb(year: number): PresetHoliday[] {
  const nextMonday = (t: number) => (weekday(t) === 6 ? t + 2 * DAY : weekday(t) === 0 ? t + DAY : t);
  const xmas = utc(year, 12, 25);
  const boxing = xmas + DAY;
  // Christmas on Saturday: Mon 27 and Tue 28; on Sunday: Boxing Day Mon 26, Christmas Tue 27; Boxing Day on Saturday: Mon 28.
  const xmasObserved = weekday(xmas) === 6 ? xmas + 2 * DAY : weekday(xmas) === 0 ? xmas + 2 * DAY : xmas;
  const boxingObserved = weekday(boxing) === 6 ? boxing + 2 * DAY : weekday(boxing) === 0 ? boxing + 2 * DAY : boxing;
  return [
    at(nextMonday(utc(year, 1, 1)), ["New Year's Day", "Año Nuevo"]),
    fromEaster(year, -2, ["Good Friday", "Viernes Santo"]),
    fromEaster(year, 1, ["Easter Monday", "Lunes de Pascua"]),
    at(nthWeekday(year, 5, MON, 1), ["Early May bank holiday", "Festivo bancario de principios de mayo"]),
    at(nthWeekday(year, 5, MON, -1), ["Spring bank holiday", "Festivo bancario de primavera"]),
    at(nthWeekday(year, 8, MON, -1), ["Summer bank holiday", "Festivo bancario de verano"]),
    at(xmasObserved, ["Christmas Day", "Navidad"]),
    at(boxingObserved, ["Boxing Day", "San Esteban (Boxing Day)"]),
  ];
}

/** Spain: the national holidays of the state (regions add and swap their own). */
function es(year: number): PresetHoliday[] {
  return [
    fixed(year, 1, 1, ["New Year's Day", "Año Nuevo"]),
    fixed(year, 1, 6, ["Epiphany", "Epifanía del Señor"]),
    fromEaster(year, -2, ["Good Friday", "Viernes Santo"]),
    fixed(year, 5, 1, ["Labour Day", "Fiesta del Trabajo"]),
    fixed(year, 8, 15, ["Assumption of Mary", "Asunción de la Virgen"]),
    fixed(year, 10, 12, ["National Day of Spain", "Fiesta Nacional de España"]),
    fixed(year, 11, 1, ["All Saints' Day", "Todos los Santos"]),
    fixed(year, 12, 6, ["Constitution Day", "Día de la Constitución Española"]),
    fixed(year, 12, 8, ["Immaculate Conception", "Inmaculada Concepción"]),
    fixed(year, 12, 25, ["Christmas Day", "Natividad del Señor"]),
  ];
}

/**
 * India: the national holidays on fixed dates, plus Good Friday and Christmas (central
 * government gazetted). Holidays set by lunar calendars change every year: add them by hand.
 */
function india(year: number): PresetHoliday[] {
  return [
    fixed(year, 1, 26, ["Republic Day", "Día de la República"]),
    fromEaster(year, -2, ["Good Friday", "Viernes Santo"]),
    fixed(year, 8, 15, ["Independence Day", "Día de la Independencia"]),
    fixed(year, 10, 2, ["Gandhi Jayanti", "Natalicio de Gandhi"]),
    fixed(year, 12, 25, ["Christmas Day", "Navidad"]),
  ];
}

/** Germany: the nationwide holidays (the Länder add their own, e.g. Corpus Christi). */
function de(year: number): PresetHoliday[] {
  return [
    fixed(year, 1, 1, ["New Year's Day (Neujahr)", "Año Nuevo"]),
    fromEaster(year, -2, ["Good Friday (Karfreitag)", "Viernes Santo"]),
    fromEaster(year, 1, ["Easter Monday (Ostermontag)", "Lunes de Pascua"]),
    fixed(year, 5, 1, ["Labour Day (Tag der Arbeit)", "Día del Trabajo"]),
    fromEaster(year, 39, ["Ascension Day (Christi Himmelfahrt)", "Ascensión"]),
    fromEaster(year, 50, ["Whit Monday (Pfingstmontag)", "Lunes de Pentecostés"]),
    fixed(year, 10, 3, ["Day of German Unity", "Día de la Unidad Alemana"]),
    fixed(year, 12, 25, ["Christmas Day", "Navidad"]),
    fixed(year, 12, 26, ["Second Day of Christmas", "Segundo día de Navidad"]),
  ];
}

/** France: the jours fériés of the Code du travail (Alsace-Moselle adds two). */
function fr(year: number): PresetHoliday[] {
  return [
    fixed(year, 1, 1, ["New Year's Day (Jour de l'an)", "Año Nuevo"]),
    fromEaster(year, 1, ["Easter Monday (Lundi de Pâques)", "Lunes de Pascua"]),
    fixed(year, 5, 1, ["Labour Day (Fête du Travail)", "Día del Trabajo"]),
    fixed(year, 5, 8, ["Victory in Europe Day (Victoire 1945)", "Día de la Victoria de 1945"]),
    fromEaster(year, 39, ["Ascension Day (Ascension)", "Ascensión"]),
    fromEaster(year, 50, ["Whit Monday (Lundi de Pentecôte)", "Lunes de Pentecostés"]),
    fixed(year, 7, 14, ["Bastille Day (Fête nationale)", "Fiesta Nacional de Francia"]),
    fixed(year, 8, 15, ["Assumption of Mary (Assomption)", "Asunción de la Virgen"]),
    fixed(year, 11, 1, ["All Saints' Day (Toussaint)", "Todos los Santos"]),
    fixed(year, 11, 11, ["Armistice Day (Armistice 1918)", "Día del Armisticio"]),
    fixed(year, 12, 25, ["Christmas Day (Noël)", "Navidad"]),
  ];
}

/** Mexico: the rest days of the Ley Federal del Trabajo, art. 74 (three on a Monday). */
function mx(year: number): PresetHoliday[] {
  const list = [
    fixed(year, 1, 1, ["New Year's Day", "Año Nuevo"]),
    at(nthWeekday(year, 2, MON, 1), ["Constitution Day", "Día de la Constitución"]),
    at(nthWeekday(year, 3, MON, 3), ["Benito Juárez's Birthday", "Natalicio de Benito Juárez"]),
    fixed(year, 5, 1, ["Labour Day", "Día del Trabajo"]),
    fixed(year, 9, 16, ["Independence Day", "Día de la Independencia"]),
    at(nthWeekday(year, 11, MON, 3), ["Revolution Day", "Día de la Revolución"]),
    fixed(year, 12, 25, ["Christmas Day", "Navidad"]),
  ];
  // The change of the federal executive: 1 October every six years since 2024 (1 December before).
  if (year >= 2024 && (year - 2024) % 6 === 0) list.push(fixed(year, 10, 1, ["Transfer of Federal Executive Power", "Transmisión del Poder Ejecutivo Federal"]));
  else if (year < 2024 && (2024 - year) % 6 === 0) list.push(fixed(year, 12, 1, ["Transfer of Federal Executive Power", "Transmisión del Poder Ejecutivo Federal"]));
  return list;
}

const RULES: Record<HolidayCountry, (year: number) => PresetHoliday[]> = { ES: es, US: us, GB: gb, IN: india, DE: de, FR: fr, MX: mx };
