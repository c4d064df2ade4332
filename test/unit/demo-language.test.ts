import assert from "node:assert/strict";
import { DEMO_DEPARTMENTS } from "../../bot/demo/demo-catalogue.ts";
import { demoDepartmentIn, demoDepartmentName, demoUsersIn } from "../../bot/demo/demo-language.ts";

/** The demo catalogue in the reader's language (bot/demo/demo-language.ts): only the demo's own words are translated. */
describe("demo catalogue in Spanish", () => {
  const hr = DEMO_DEPARTMENTS.find((d) => d.key === "HR")!;

  it("a Spanish reader gets the seeded names, descriptions and categories in Spanish; an English reader as stored", () => {
    const es = demoDepartmentIn(hr, "es");
    assert.equal(es.name, "Recursos Humanos");
    assert.match(es.description, /^Contratos, permisos/);
    assert.deepEqual(es.categories.map((c) => c.name), ["Permisos y ausencias", "Incorporación", "Beneficios", "Nómina"]);
    assert.deepEqual(es.categories.map((c) => c.key), hr.categories.map((c) => c.key), "keys never change");
    assert.equal(demoDepartmentIn(hr, "en"), hr);
    assert.equal(demoDepartmentName("FAC", "Facilities", "es"), "Instalaciones");
  });

  it("what an admin changed is real data, shown as written", () => {
    const edited = { ...hr, name: "People Team", categories: [...hr.categories.slice(0, 1), { key: "payroll", name: "Pay and pensions" }, { key: "visa", name: "Visas" }] };
    const es = demoDepartmentIn(edited, "es");
    assert.equal(es.name, "People Team");
    assert.match(es.description, /^Contratos/, "the description is still the demo's");
    assert.deepEqual(es.categories.map((c) => c.name), ["Permisos y ausencias", "Pay and pensions", "Visas"]);
    assert.equal(demoDepartmentName("HR", "People Team", "es"), "People Team");
    const other = { key: "OPS", name: "Operations", description: "Ours.", categories: [] };
    assert.equal(demoDepartmentIn(other, "es"), other);
  });

  it("every demo person has a Spanish title", () => {
    for (const u of demoUsersIn("es")) assert.doesNotMatch(u.title, /\b(lead|agent|admin|Employee)\b/, u.id);
  });
});
