import assert from "node:assert/strict";
import { CLOCK_STATES, ESCALATION_STEPS, PRIORITIES, STATUSES } from "../../shared/domain.ts";
import { ACTION_NAMES } from "../../shared/validation/action-schemas.ts";
import { en, es, interpolate, LOCALES, pickLocale, STRINGS, t, translator, type StringKey } from "../../shared/strings/index.ts";

const placeholders = (s: string) => [...s.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]).sort();

describe("strings", () => {
  describe("tables", () => {
    it("both locales have exactly the same keys", () => {
      assert.deepEqual(Object.keys(es).sort(), Object.keys(en).sort());
      assert.deepEqual([...LOCALES], ["en", "es"]);
    });

    it("every value is a non-empty, trimmed string", () => {
      for (const loc of LOCALES) {
        for (const [key, value] of Object.entries(STRINGS[loc])) {
          assert.equal(typeof value, "string", `${loc} ${key}`);
          assert.ok(value.trim().length > 0, `${loc} ${key} is empty`);
          assert.equal(value, value.trim(), `${loc} ${key} has spaces around it`);
        }
      }
    });

    it("keys are flat dotted names", () => {
      for (const key of Object.keys(en)) assert.match(key, /^[a-z]+(\.[A-Za-z0-9_-]+)+$/, key);
    });

    it("a translation uses the same placeholders as the English", () => {
      for (const key of Object.keys(en) as StringKey[]) {
        assert.deepEqual(placeholders(es[key]), placeholders(en[key]), key);
      }
    });

    it("Spanish is really translated where words differ", () => {
      const same = (Object.keys(en) as StringKey[]).filter((k) => en[k] === es[k]);
      // Only words that are the same in both languages.
      assert.deepEqual(same.sort(), ["attachments.meta", "common.system", "priority.normal", "source.api", "source.web", "tab.board.details.slaTag", "tab.config.option", "tab.dashboard.csatValue", "tab.scoreboard.nps",
        "tab.settings.general", "tab.settings.country.IN",
        // Formats with no words: an arrow, a number out of 7, "name, date", "value (month: previous)".
        "change.fromTo", "review.card.vs", "tab.changes.by", "tab.dashboard.cesValue", "tab.review.by"].sort());
    });

    it("has a name for every status, priority, clock state, escalation step and action", () => {
      const keys = new Set(Object.keys(en));
      for (const s of STATUSES) assert.ok(keys.has(`status.${s}`), s);
      for (const p of PRIORITIES) assert.ok(keys.has(`priority.${p}`), p);
      for (const c of CLOCK_STATES) assert.ok(keys.has(`clock.${c}`), c);
      for (const e of ESCALATION_STEPS) assert.ok(keys.has(`escalation.${e}`), e);
      for (const a of ACTION_NAMES) {
        assert.ok(keys.has(`action.${a}`), a);
        assert.ok(keys.has(`verb.${a}`), a);
      }
      for (const ev of ["start", "pause", "resume", "stop", "warning", "breach"]) assert.ok(keys.has(`history.sla.${ev}`), ev);
    });

    it("names the clock states as agreed", () => {
      const expected: Array<[StringKey, string, string]> = [
        ["clock.on_track", "On track", "En plazo"],
        ["clock.at_risk", "At risk", "En riesgo"],
        ["clock.breached", "Breached", "Incumplido"],
        ["clock.paused", "Paused", "En pausa"],
        ["clock.met", "Met", "Cumplido"],
        ["clock.missed", "Missed", "No cumplido"],
      ];
      for (const [key, english, spanish] of expected) {
        assert.equal(t("en", key), english);
        assert.equal(t("es", key), spanish);
      }
    });
  });

  describe("one register, plurals, possessives (issue 14)", () => {
    it("Spanish speaks to the reader as tú everywhere, the add-in too (no usted forms)", () => {
      const usted = /\b(usted(es)?|Abra|Elija|Escriba|Vuelva|Compruebe|Inténtelo|Pida|Cierre|Corrija|Acorte|acórtela|cámbielo|edite|Seleccione|Haga|Pulse|Indique|Revise|Espere|Su sesión|Su cuenta|su administrador|vea)\b/;
      for (const [key, value] of Object.entries(es)) assert.doesNotMatch(value, usted, key);
    });

    it("a singular form (key.one) belongs to a string with a {count}, and fills nothing it lacks", () => {
      for (const key of Object.keys(en).filter((k) => k.endsWith(".one"))) {
        const base = key.slice(0, -4) as StringKey;
        assert.ok(base in en, `${key} has no plural ${base}`);
        assert.ok(placeholders(en[base]).includes("count"), `${base} has no {count}`);
        for (const p of placeholders(en[key as StringKey])) assert.ok(placeholders(en[base]).includes(p), `${key}: {${p}}`);
      }
    });

    it("says 1 request, not 1 requests, in both languages", () => {
      assert.equal(t("en", "tab.board.count", { count: 1 }), "1 open request");
      assert.equal(t("en", "tab.board.count", { count: 0 }), "0 open requests");
      assert.equal(t("en", "tab.board.count", { count: 2 }), "2 open requests");
      assert.equal(t("es", "tab.board.count", { count: 1 }), "1 solicitud abierta");
      assert.equal(t("es", "tab.board.count", { count: 3 }), "3 solicitudes abiertas");
      assert.equal(t("en", "tab.board.countFiltered", { shown: 0, count: 1 }), "0 of 1 open request");
      assert.equal(t("es", "notice.threadOlder", { count: 1 }), "Hay 1 entrada anterior en la pestaña de Tandem.");
      assert.equal(t("en", "notice.threadOlder", { count: 4 }), "4 earlier entries are in the Tandem tab.");
      assert.equal(t("es", "addin.attachments", { count: 1 }), t("es", "addin.attachments.one"));
      assert.equal(t("en", "tab.board.count", { count: "1" }), "1 open requests", "only a number picks a form");
    });

    it("an English possessive follows the name: Human Resources', IT's, Dept OPS's", () => {
      assert.equal(t("en", "escalation.told.leads", { department: "Human Resources" }), "Human Resources' leads have been told in Teams.");
      assert.equal(t("en", "escalation.told.leads", { department: "IT" }), "IT's leads have been told in Teams.");
      assert.equal(t("en", "escalation.told.leads", { department: "Dept OPS" }), "Dept OPS's leads have been told in Teams.");
      assert.equal(t("en", "bot.link.leadsOnly", { department: "Facilities" }), "Only Facilities' leads or an admin can link its triage channel.");
      for (const key of Object.keys(en) as StringKey[]) assert.doesNotMatch(en[key], /[a-z]s's\b/, `${key} has a fixed "s's"`);
    });
  });

  describe("t()", () => {
    it("fills placeholders", () => {
      assert.equal(t("en", "error.take.alreadyTaken", { id: "IT-42", name: "Ana García" }), "IT-42 is already taken by Ana García.");
      assert.equal(t("es", "error.take.alreadyTaken", { id: "IT-42", name: "Ana García" }), "Ana García ya ha tomado IT-42.");
      assert.equal(t("en", "error.cancel.requesterOnly", { id: "IT-42" }), "Only the requester can cancel IT-42.");
      assert.equal(t("en", "error.resolved.reopenFirst", { id: "IT-42" }), "IT-42 is resolved; reopen it first.");
      assert.equal(t("en", "error.rate.notResolved"), "A request can be rated only after it is resolved.");
      assert.equal(t("en", "history.rated", { actor: "Luis", score: 4 }), "Luis rated the service 4 out of 5");
      assert.equal(t("es", "history.sla.warning", { clock: t("es", "clock.resolution"), percent: 80 }), "Resolución en riesgo: se ha consumido el 80 % del objetivo");
    });

    it("composes translated parts", () => {
      const params = { department: "IT", action: t("es", "verb.take"), id: "IT-7" };
      assert.equal(t("es", "error.staffOnly", params), "Solo los agentes de IT pueden tomar IT-7.");
      assert.equal(t("en", "history.status", { actor: "Ana", from: t("en", "status.new"), to: t("en", "status.in_progress") }), "Ana changed the status from New to In progress");
    });

    it("fills every occurrence and leaves unknown or missing placeholders visible", () => {
      assert.equal(interpolate("{a} and {a}", { a: 1 }), "1 and 1");
      assert.equal(t("en", "error.take.alreadyTaken", { id: "IT-1" }), "IT-1 is already taken by {name}.");
      assert.equal(interpolate("{name}", { name: undefined }), "{name}");
      assert.equal(interpolate("{toString} {constructor}", {}), "{toString} {constructor}");
      assert.equal(interpolate("{x}", { x: "{y}", y: "no" }), "{y}", "values are not interpolated again");
      assert.equal(interpolate("$& {x}", { x: "$1 $&" }), "$& $1 $&", "no replacement patterns");
      assert.equal(t("en", "status.new", { unused: "x" }), "New");
    });

    it("takes locale tags and falls back to English", () => {
      assert.equal(t("es-MX", "status.resolved"), "Resuelta");
      assert.equal(t("fr", "status.resolved"), "Resolved");
      assert.equal(t(undefined, "status.resolved"), "Resolved");
      assert.equal(t("", "priority.urgent"), "Urgent");
    });

    it("falls back to the key itself for a key no locale has", () => {
      assert.equal(t("es", "no.such.key" as StringKey), "no.such.key");
    });

    it("binds a locale with translator()", () => {
      const tr = translator("es");
      assert.equal(tr("priority.high"), "Alta");
      assert.equal(tr("error.notFound.request", { id: "HR-3" }), "No existe la solicitud HR-3.");
    });
  });

  describe("pickLocale()", () => {
    const cases: Array<[string | undefined, "en" | "es"]> = [
      ["es", "es"],
      ["es-MX", "es"],
      ["ES-es", "es"],
      ["es_ES", "es"],
      ["en-US", "en"],
      ["en", "en"],
      ["fr-FR", "en"],
      ["de", "en"],
      ["", "en"],
      [undefined, "en"],
      ["spanish", "en"],
      ["es-MX,es;q=0.9,en;q=0.8", "es"],
      ["en-GB,en;q=0.9,es;q=0.8", "en"],
      ["fr-FR,fr;q=0.9,es;q=0.8,en;q=0.5", "es"],
      ["fr-FR,en;q=0.4,es;q=0.6", "es"],
      ["es;q=0,en", "en"],
      ["*", "en"],
      ["  es-AR ; q=0.7 ", "es"],
      ["garbage;q=abc,,;", "en"],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} -> ${expected}`, () => assert.equal(pickLocale(input), expected));
    }
  });
});
