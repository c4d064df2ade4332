import assert from "node:assert/strict";
import { DEMO_DEPARTMENTS } from "../../bot/demo/demo-catalogue.ts";
import { t } from "../../shared/strings/index.ts";
import { departmentBodySchema } from "../../shared/validation/department-schemas.ts";
import { parse } from "../../shared/validation/index.ts";
import { formatDuration, parseDuration } from "../../teams-app/src/settings/durations.ts";
import { apiFieldErrors, dotted, toBody, valuesOf } from "../../teams-app/src/settings/form.ts";
import { ApiError } from "../../web/api.ts";

const en = (key: Parameters<typeof t>[1], params?: Parameters<typeof t>[2]) => t("en", key, params);
const it_ = DEMO_DEPARTMENTS.find((d) => d.key === "IT")!;

describe("Settings form (teams-app/src/settings)", () => {
  it("reads targets as people write them, and refuses a bare number rather than guess its unit", () => {
    assert.deepEqual(parseDuration("4 h"), { ok: true, minutes: 240 });
    assert.deepEqual(parseDuration("30 min"), { ok: true, minutes: 30 });
    assert.deepEqual(parseDuration("1 h 30 min"), { ok: true, minutes: 90 });
    assert.deepEqual(parseDuration("1h30"), { ok: true, minutes: 90 });
    assert.deepEqual(parseDuration("1,5 h"), { ok: true, minutes: 90 });
    assert.deepEqual(parseDuration("2 horas"), { ok: true, minutes: 120 });
    assert.deepEqual(parseDuration("30"), { ok: false, why: "unit" });
    assert.deepEqual(parseDuration(""), { ok: false, why: "empty" });
    assert.deepEqual(parseDuration("soon"), { ok: false, why: "invalid" });
    assert.deepEqual(parseDuration("0 min"), { ok: false, why: "invalid" });
    for (const m of [15, 60, 90, 480, 4800]) assert.deepEqual(parseDuration(formatDuration(m)), { ok: true, minutes: m }, formatDuration(m));
  });

  it("a department read and sent back unchanged is a body the API takes, as it was", () => {
    const { body, errors } = toBody({ ...valuesOf(it_), changeReason: "Nothing really" }, en);
    assert.deepEqual(errors, {});
    const parsed = parse(departmentBodySchema, body);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepEqual(parsed.value.sla, it_.sla);
    assert.deepEqual(parsed.value.calendar, it_.calendar);
    assert.deepEqual(parsed.value.categories, it_.categories);
  });

  it("a category's priority with one clock typed takes the other from the department", () => {
    const v = valuesOf(it_);
    v.categories[3].targets.urgent.firstResponseMinutes = "10 min";
    v.changeReason = "VPN first";
    const { body } = toBody(v, en);
    const categories = (body as { categories: Array<{ key: string; sla?: unknown }> }).categories;
    assert.deepEqual(categories[3].sla, { targets: { urgent: { firstResponseMinutes: 10, resolutionMinutes: 240 } } });
    assert.equal(categories[0].sla, undefined, "the others follow the department");
  });

  it("mistakes come back by the API's paths, in the reader's words, and nothing is sent", () => {
    const v = valuesOf(it_);
    v.targets.high.firstResponseMinutes = "9 h"; // after its 8 h resolution
    v.week.mon = [["08:00", "14:00"], ["13:00", "18:00"]];
    v.categories.push({ key: "VPN", name: "", isNew: true, targets: valuesOf(it_).categories[0].targets });
    const { body, errors } = toBody(v, en);
    assert.equal(body, undefined);
    assert.deepEqual(errors, {
      "sla.targets.high.firstResponseMinutes": en("tab.settings.error.frAfterResolution"),
      "calendar.week.mon.1": en("tab.settings.error.overlap"),
      "categories.4.key": en("tab.settings.error.categoryKey"),
      "categories.4.name": en("tab.settings.error.required"),
      changeReason: en("tab.settings.error.reason"),
    });
  });

  it("maps the API's refusal onto the fields: a limit in the field's units, the rest by its code", () => {
    assert.equal(dotted("categories[1].sla.targets.high.resolutionMinutes"), "categories.1.sla.targets.high.resolutionMinutes");
    const err = new ApiError(400, "invalid_input", "…", [
      { field: "sla.targets.high.resolutionMinutes", code: "too_large", limit: 525600, message: "must be…" },
      { field: "categories[2].key", code: "duplicate", message: "is already used" },
      { field: "calendar.week.mon[1]", code: "invalid", message: "overlaps another window" },
    ]);
    assert.deepEqual(apiFieldErrors(err, en), {
      "sla.targets.high.resolutionMinutes": "Too large: at most 8760 h.",
      "categories.2.key": "Listed twice.",
      "calendar.week.mon.1": "overlaps another window",
    });
    assert.equal(apiFieldErrors(new ApiError(412, "precondition_failed", "changed"), en), undefined, "a 412 is not a field's");
  });
});
