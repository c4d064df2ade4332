/**
 * A category's own targets: validation of `categories[].sla` (messages naming the field), the
 * target a request takes (`targetFor`) and the change-log lines they make (`promiseChanges`).
 */
import assert from "node:assert/strict";
import type { Department } from "../../shared/domain.ts";
import { targetFor } from "../../shared/sla/targets.ts";
import { promiseChanges } from "../../shared/review.ts";
import { departmentBodySchema, parse, previewQuerySchema } from "../../shared/validation/index.ts";

const day = [["09:00", "17:00"]];
const calendar = { timeZone: "Europe/Madrid", week: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] }, holidays: [] };
const targets = {
  low: { firstResponseMinutes: 480, resolutionMinutes: 4800 },
  normal: { firstResponseMinutes: 240, resolutionMinutes: 2400 },
  high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  urgent: { firstResponseMinutes: 15, resolutionMinutes: 120 },
};
const body = { name: "IT", calendar, sla: { targets } };

function problems(input: unknown): Map<string, string> {
  const r = parse(departmentBodySchema, input);
  assert.ok(!r.ok, `expected the body to be refused: ${JSON.stringify(input)}`);
  return new Map(r.error.details.map((d) => [d.path, d.message]));
}

function includes(text: string | undefined, part: string, what: string) {
  assert.ok(text?.includes(part), `${what}: expected ${JSON.stringify(text)} to include ${JSON.stringify(part)}`);
}

describe("category targets", () => {
  it("accepts overrides for some priorities and drops empty ones", () => {
    const r = parse(departmentBodySchema, {
      ...body,
      categories: [
        { key: "vpn", name: "VPN", sla: { targets: { urgent: { firstResponseMinutes: 5, resolutionMinutes: 60 } } } },
        { key: "hardware", name: "Hardware", sla: { targets: {} } },
        { key: "other", name: "Other", sla: null },
      ],
    });
    assert.ok(r.ok, `valid: ${!r.ok && r.error.message}`);
    assert.deepEqual(r.value.categories, [
      { key: "vpn", name: "VPN", sla: { targets: { urgent: { firstResponseMinutes: 5, resolutionMinutes: 60 } } } },
      { key: "hardware", name: "Hardware" },
      { key: "other", name: "Other" },
    ], "an override with no priority is no override");
  });

  it("names the field of each problem", () => {
    const p = problems({
      ...body,
      categories: [
        { key: "vpn", name: "VPN", sla: { targets: { urgent: { firstResponseMinutes: 0, resolutionMinutes: 60 } } } },
        { key: "hw", name: "HW", sla: { targets: { high: { firstResponseMinutes: 90, resolutionMinutes: 60 } } } },
        { key: "net", name: "Net", sla: { targets: { critical: { firstResponseMinutes: 5, resolutionMinutes: 60 } } } },
        { key: "mail", name: "Mail", sla: { targets: { low: { firstResponseMinutes: 5 } } } },
        { key: "acc", name: "Acc", sla: { urgent: {} } },
        { key: "x", name: "X", sla: "fast" },
      ],
    });
    includes(p.get("categories[0].sla.targets.urgent.firstResponseMinutes"), "whole number of business minutes from 1 to", "a zero target");
    includes(p.get("categories[1].sla.targets.high.firstResponseMinutes"), "must not be more than resolutionMinutes (got 90 > 60)", "first response after resolution");
    includes(p.get("categories[2].sla.targets.critical"), "is not a priority: use low, normal, high, urgent", "an unknown priority");
    includes(p.get("categories[3].sla.targets.low.resolutionMinutes"), "is required", "a missing clock");
    includes(p.get("categories[4].sla.urgent"), "allowed: targets", "targets must be under sla.targets");
    includes(p.get("categories[5].sla"), "or null to follow the department's", "sla of the wrong type");
  });

  it("a request takes its category's target for its priority, else the department's", () => {
    const dept = {
      sla: { warnAtPercent: 80, targets },
      categories: [{ key: "vpn", name: "VPN", sla: { targets: { urgent: { firstResponseMinutes: 5, resolutionMinutes: 60 } } } }, { key: "hw", name: "HW" }],
    } as Pick<Department, "sla" | "categories">;
    assert.deepEqual(targetFor(dept, "urgent", "vpn"), { firstResponseMinutes: 5, resolutionMinutes: 60 }, "the category's own");
    assert.deepEqual(targetFor(dept, "high", "vpn"), targets.high, "a priority the category does not override");
    assert.deepEqual(targetFor(dept, "urgent", "hw"), targets.urgent, "a category without overrides");
    assert.deepEqual(targetFor(dept, "urgent"), targets.urgent, "no category");
    assert.deepEqual(targetFor(dept, "urgent", "gone"), targets.urgent, "a category no longer there");
  });

  it("the change log records a category's targets changing", () => {
    const before = { ...body, key: "IT", description: "", sla: { warnAtPercent: 80, targets }, agents: [], leads: [], categories: [{ key: "vpn", name: "VPN" }] } as unknown as Department;
    const after = { ...before, categories: [{ key: "vpn", name: "VPN", sla: { targets: { urgent: { firstResponseMinutes: 5, resolutionMinutes: 60 } } } }] };
    assert.deepEqual(promiseChanges(before, after), [
      { what: "categories.vpn.targets.urgent.firstResponseMinutes", from: "", to: "5" },
      { what: "categories.vpn.targets.urgent.resolutionMinutes", from: "", to: "60" },
    ], "two lines, from the department's (\"\") to the category's");
    assert.deepEqual(promiseChanges(after, after), [], "nothing changed");
  });

  it("the preview query takes a category key", () => {
    const r = parse(previewQuerySchema, { priority: "urgent", category: "vpn" });
    assert.ok(r.ok && r.value.category === "vpn", "category kept");
    const bad = parse(previewQuerySchema, { category: "VPN Access" });
    assert.ok(!bad.ok, "refused");
    includes(bad.error.details.find((d) => d.path === "category")?.message, "must be a category key", "the message names the key's form");
  });
});
