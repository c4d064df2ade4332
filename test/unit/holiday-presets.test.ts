/**
 * The holiday presets shipped with the app (shared/holidays/presets.ts): known dates, worked
 * out from each country's rules and checked against the published calendars for those years.
 */
import assert from "node:assert/strict";
import { HOLIDAY_COUNTRIES, easterSunday, holidayPreset, type HolidayCountry } from "../../shared/holidays/presets.ts";

function dates(country: HolidayCountry, year: number): string[] {
  return holidayPreset(country, year).map((h) => h.date);
}

function has(country: HolidayCountry, year: number, date: string, en: RegExp) {
  const h = holidayPreset(country, year).find((x) => x.date === date);
  assert.ok(h, `${country} ${year} should have a holiday on ${date}; it has ${dates(country, year).join(", ")}`);
  assert.match(h.name.en, en, `${country} ${date}: the English name`);
}

describe("holiday presets", () => {
  it("computes Easter Sunday (Gregorian)", () => {
    for (const [y, d] of [[2024, "2024-03-31"], [2025, "2025-04-20"], [2026, "2026-04-05"], [2027, "2027-03-28"], [2038, "2038-04-25"], [1985, "1985-04-07"]] as const) {
      assert.equal(easterSunday(y), d, `Easter ${y}`);
    }
  });

  it("ES 2027: Good Friday and the fixed national days", () => {
    has("ES", 2027, "2027-03-26", /Good Friday/);
    has("ES", 2027, "2027-01-06", /Epiphany/);
    has("ES", 2027, "2027-10-12", /National Day/);
    has("ES", 2027, "2027-12-08", /Immaculate/);
    assert.equal(holidayPreset("ES", 2027).find((h) => h.date === "2027-03-26")?.name.es, "Viernes Santo", "the Spanish name");
    assert.equal(dates("ES", 2027).length, 10, "ES has 10 national holidays");
  });

  it("US 2027: Monday and Thursday rules, observed days", () => {
    has("US", 2027, "2027-11-25", /Thanksgiving/);
    has("US", 2027, "2027-01-18", /Martin Luther King/);
    has("US", 2027, "2027-05-31", /Memorial/);
    has("US", 2027, "2027-09-06", /Labor/);
    has("US", 2027, "2027-07-05", /Independence/); // 4 July 2027 is a Sunday
    has("US", 2027, "2027-12-24", /Christmas/); // 25 December 2027 is a Saturday
    has("US", 2027, "2027-12-31", /New Year/); // 1 January 2028 is a Saturday
    has("US", 2027, "2027-06-18", /Juneteenth/); // 19 June 2027 is a Saturday
    assert.ok(!dates("US", 2027).includes("2027-07-04"), "a Sunday holiday moves to the Monday");
  });

  it("GB 2027: Easter Monday, bank holidays, Christmas substitutes", () => {
    has("GB", 2027, "2027-03-29", /Easter Monday/);
    has("GB", 2027, "2027-03-26", /Good Friday/);
    has("GB", 2027, "2027-05-03", /Early May/);
    has("GB", 2027, "2027-05-31", /Spring/);
    has("GB", 2027, "2027-08-30", /Summer/);
    has("GB", 2027, "2027-12-27", /Christmas/); // Christmas on a Saturday -> Monday 27
    has("GB", 2027, "2027-12-28", /Boxing/); // Boxing Day on a Sunday -> Tuesday 28
    has("GB", 2022, "2022-01-03", /New Year/); // 1 January 2022 was a Saturday
    assert.deepEqual(dates("GB", 2026), ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"], "GB 2026 as published by gov.uk");
  });

  it("DE 2027: Easter-based days", () => {
    has("DE", 2027, "2027-05-17", /Pfingstmontag/);
    has("DE", 2027, "2027-05-06", /Himmelfahrt/);
    has("DE", 2027, "2027-03-29", /Ostermontag/);
    has("DE", 2027, "2027-10-03", /German Unity/);
  });

  it("FR 2027: Ascension, Whit Monday, 14 July", () => {
    has("FR", 2027, "2027-05-06", /Ascension/);
    has("FR", 2027, "2027-05-17", /Pentecôte/);
    has("FR", 2027, "2027-07-14", /Bastille/);
    assert.ok(!dates("FR", 2027).includes("2027-03-26"), "Good Friday is not a national holiday in France");
  });

  it("MX 2027: Monday-moved holidays", () => {
    has("MX", 2027, "2027-02-01", /Constitution/);
    has("MX", 2027, "2027-03-15", /Juárez/);
    has("MX", 2027, "2027-11-15", /Revolution/);
    assert.equal(holidayPreset("MX", 2027).find((h) => h.date === "2027-02-01")?.name.es, "Día de la Constitución", "the Spanish name");
    has("MX", 2030, "2030-10-01", /Executive/);
    assert.ok(!dates("MX", 2027).includes("2027-10-01"), "1 October only every six years");
  });

  it("IN 2027: the fixed national days and Good Friday", () => {
    has("IN", 2027, "2027-01-26", /Republic/);
    has("IN", 2027, "2027-08-15", /Independence/);
    has("IN", 2027, "2027-10-02", /Gandhi/);
    has("IN", 2027, "2027-03-26", /Good Friday/);
  });

  it("every preset is sorted, in its year, one entry a date, named in English and Spanish", () => {
    for (const c of HOLIDAY_COUNTRIES) {
      for (const y of [2000, 2026, 2027, 2028, 2100]) {
        const list = holidayPreset(c, y);
        assert.ok(list.length >= 5, `${c} ${y} has at least 5 holidays`);
        const ds = list.map((h) => h.date);
        assert.deepEqual([...ds].sort(), ds, `${c} ${y} sorted`);
        assert.equal(new Set(ds).size, ds.length, `${c} ${y} one entry a date`);
        for (const h of list) {
          assert.ok(h.date.startsWith(`${y}-`) && /^\d{4}-\d{2}-\d{2}$/.test(h.date), `${c} ${h.date} is a date in ${y}`);
          assert.ok(h.name.en && h.name.es, `${c} ${h.date} named in both languages`);
        }
      }
    }
  });

  it("an out-of-range year gives nothing", () => {
    assert.deepEqual(holidayPreset("ES", 1234), [], "year 1234");
    assert.deepEqual(holidayPreset("ES", 2027.5), [], "a fraction");
  });
});
