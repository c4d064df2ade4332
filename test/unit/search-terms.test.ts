import assert from "node:assert/strict";
import { fold, MAX_TERMS, queryWords, requestTerms, stem, WEIGHTS, words } from "../../shared/search/terms.ts";
import { rank } from "../../shared/search/rank.ts";

describe("search terms (shared/search)", () => {
  it("folds case and accents", () => {
    assert.equal(fold("Camión ÑANDÚ Ärger"), "camion nandu arger", "marks stripped, lower case");
  });

  it("stems English and Spanish plurals and endings alike", () => {
    const same: Array<[string, string]> = [
      ["printers", "printer"], ["impresoras", "impresora"], ["camiones", "camión"], ["files", "file"], ["updated", "update"],
      ["updating", "updates"], ["batteries", "battery"], ["boxes", "box"], ["configuraciones", "configuración"], ["redes", "red"],
    ];
    for (const [a, b] of same) assert.equal(stem(fold(a)), stem(fold(b)), `${a} and ${b} share a stem`);
    assert.equal(stem("access"), "access", "a double s is not a plural");
    assert.equal(stem("vpn"), "vpn", "short words stay");
  });

  it("drops stop words of both languages and keeps ids whole in queries", () => {
    assert.deepEqual(queryWords("the printer is not working"), ["printer", "work"], "English stop words");
    assert.deepEqual(queryWords("la impresora de la oficina"), ["impresora", "oficina"], "Spanish stop words");
    assert.deepEqual(queryWords("IT-42"), ["it-42"], "an id is one word");
    assert.deepEqual(queryWords("the of ..."), [], "nothing searchable");
    assert.deepEqual(words("covid-19 test", true), ["covid-19", "covid", "19", "test"], "indexing adds an id-like token's parts");
  });

  it("weighs a request's terms by field and caps them", () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i}x`).join(" ");
    const terms = requestTerms({ department: "IT", number: 42, title: "Printer offline", description: `printer ${long}`, requester: { name: "Dana Whitfield" } }, ["toner"]);
    assert.equal(terms.get("it-42"), WEIGHTS.id, "the id");
    assert.equal(terms.get("42"), WEIGHTS.id, "the number");
    assert.equal(terms.get("printer"), WEIGHTS.title, "the title's weight wins over the description's");
    assert.equal(terms.get("dana"), WEIGHTS.requester, "the requester");
    assert.equal(terms.size, MAX_TERMS, "capped");
    assert.equal(terms.get("toner"), undefined, "a comment beyond the cap is not indexed");
  });

  it("ranks all words matched first, then score, then newest", () => {
    const r = rank([
      { id: "IT-1", word: 0, weight: 5, createdAt: "2026-01-01T00:00:00Z" },
      { id: "IT-2", word: 0, weight: 1, createdAt: "2026-01-02T00:00:00Z" },
      { id: "IT-2", word: 1, weight: 1, createdAt: "2026-01-02T00:00:00Z" },
      { id: "IT-3", word: 0, weight: 5, createdAt: "2026-01-03T00:00:00Z" },
      { id: "IT-4", word: 0, weight: 2, createdAt: "2026-01-04T00:00:00Z" },
    ]);
    assert.deepEqual(r.map((x) => x.id), ["IT-2", "IT-3", "IT-1", "IT-4"], "both words, then higher score, ties newest first");
  });
});
