import assert from "node:assert/strict";
import { SURVEY_DEFAULTS, surveySettings } from "../../shared/domain.ts";
import { departmentBodySchema, parse, surveysSchema } from "../../shared/validation/index.ts";

const week = { mon: [["09:00", "17:00"]], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const calendar = { timeZone: "Europe/Madrid", week, holidays: [] };
const target = { firstResponseMinutes: 60, resolutionMinutes: 480 };
const sla = { targets: { low: target, normal: target, high: target, urgent: target } };
const department = { name: "IT", calendar, sla };

function problem(input: unknown, path: string): string {
  const r = parse(departmentBodySchema, { ...department, surveys: input });
  if (r.ok) assert.fail(`expected surveys ${JSON.stringify(input)} to be refused`);
  const d = r.error.details.find((x) => x.path === path);
  assert.ok(d, `no problem at ${path}: ${JSON.stringify(r.error.details)}`);
  return d.message;
}

describe("survey settings (department.surveys)", () => {
  it("is optional: absent and null mean the defaults", () => {
    for (const surveys of [undefined, null]) {
      const r = parse(departmentBodySchema, { ...department, surveys });
      assert.ok(r.ok, `surveys ${surveys} should be accepted`);
      assert.equal(r.value.surveys, undefined, "nothing is stored for absent settings");
    }
    assert.deepEqual(surveySettings({}), SURVEY_DEFAULTS, "the defaults fill in absent settings");
    assert.deepEqual(SURVEY_DEFAULTS, { ratingEveryDays: 7, pulseEveryMonths: 3, pulseSample: 30, pulseEnabled: true }, "the documented defaults");
  });

  it("fills each missing field with its default", () => {
    const r = parse(surveysSchema, { pulseEveryMonths: 6 });
    assert.ok(r.ok, "a partial object is accepted");
    assert.deepEqual(r.value, { ratingEveryDays: 7, pulseEveryMonths: 6, pulseSample: 30, pulseEnabled: true }, "defaults for the rest");
    const zero = parse(surveysSchema, { ratingEveryDays: 0, pulseSample: 1000, pulseEnabled: false, pulseEveryMonths: 12 });
    assert.ok(zero.ok && zero.value?.ratingEveryDays === 0 && zero.value.pulseEnabled === false, "0 days (every resolve) and false are kept");
  });

  it("refuses bad values with a sentence saying what is allowed", () => {
    assert.match(problem({ ratingEveryDays: 366 }, "surveys.ratingEveryDays"), /0 to 365.*got 366/, "days above a year");
    assert.match(problem({ ratingEveryDays: 1.5 }, "surveys.ratingEveryDays"), /whole number/, "fractional days");
    assert.match(problem({ pulseEveryMonths: 2 }, "surveys.pulseEveryMonths"), /1, 3, 6 or 12.*got 2/, "a period that is not 1, 3, 6 or 12");
    assert.match(problem({ pulseSample: 0 }, "surveys.pulseSample"), /1 to 1,000.*got 0/, "an empty sample");
    assert.match(problem({ pulseEnabled: "yes" }, "surveys.pulseEnabled"), /true or false/, "a text for a boolean");
    assert.match(problem({ often: true }, "surveys.often"), /not a known property.*ratingEveryDays/, "an unknown field");
    assert.match(problem(7, "surveys"), /survey settings like/, "not an object");
  });
});
