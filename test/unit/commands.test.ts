import assert from "node:assert/strict";
import { changesSomething, parseCommand, stripMentions, type Command } from "../../shared/commands.ts";

const ok = (text: string): Command => {
  const p = parseCommand(text);
  assert.ok(p.ok, `${JSON.stringify(text)} should parse: ${JSON.stringify(p)}`);
  return p.command;
};

describe("chat commands (shared/commands)", () => {
  it("every command in English and Spanish, any case, names the same command", () => {
    const pairs: Array<[string, string, string]> = [
      ["help", "ayuda", "help"],
      ["new", "nueva", "new"],
      ["my", "mis", "my"],
      ["status IT-42", "estado IT-42", "status"],
      ["queue", "cola", "queue"],
      ["take IT-42", "tomar IT-42", "take"],
      ["assign IT-42 Ben Okafor", "asignar IT-42 Ben Okafor", "assign"],
      ["comment IT-42 any news?", "comentar IT-42 ¿novedades?", "comment"],
      ["wait IT-42 need the serial", "esperar IT-42 necesito el número de serie", "wait"],
      ["resume IT-42", "reanudar IT-42", "resume"],
      ["resolve IT-42 replaced the dock", "resolver IT-42 cambiado el dock", "resolve"],
      ["reopen IT-42 still broken", "reabrir IT-42 sigue roto", "reopen"],
      ["cancel IT-42", "cancelar IT-42", "cancel"],
      ["priority IT-42 high", "prioridad IT-42 alta", "priority"],
      ["sla IT", "sla IT", "sla"],
      ["link IT", "vincular IT", "link"],
    ];
    for (const [en, es, name] of pairs) {
      const e = ok(en.toUpperCase().replace(/IT-42/, "it-42"));
      assert.equal(e.name, name, en);
      const s = ok(es);
      assert.equal(s.name, name, es);
      if (name !== "sla") {
        assert.equal(e.language, "en", en);
        assert.equal(s.language, "es", es);
      }
    }
  });

  it("reads ids, departments, texts and priorities", () => {
    assert.deepEqual(ok("status it-42"), { name: "status", language: "en", id: "IT-42" });
    assert.deepEqual(ok("new hr Payslip for March is missing"), { name: "new", language: "en", department: "HR", text: "Payslip for March is missing" });
    assert.deepEqual(ok("nueva"), { name: "new", language: "es" });
    assert.deepEqual(ok("  comment   IT-7   two   spaces  "), { name: "comment", language: "en", id: "IT-7", text: "two spaces" });
    assert.deepEqual(ok("prioridad FIN-3 urgente"), { name: "priority", language: "es", id: "FIN-3", priority: "urgent" });
    assert.deepEqual(ok("priority FIN-3 Low"), { name: "priority", language: "en", id: "FIN-3", priority: "low" });
    assert.deepEqual(ok("queue"), { name: "queue", language: "en" });
    assert.deepEqual(ok("cola rrhh"), { name: "queue", language: "es", department: "RRHH" });
    assert.deepEqual(ok("sla"), { name: "sla" });
    assert.deepEqual(ok("/help"), { name: "help", language: "en" });
  });

  it("a known command with bad arguments asks for its usage; anything else is unknown", () => {
    for (const text of ["take", "take 42", "take IT42", "priority IT-1 soon", "assign IT-1", "comment IT-1", "link", "queue IT HR", "new I-"]) {
      const p = parseCommand(text);
      assert.equal(p.ok, false, text);
      assert.equal(!p.ok && p.reason, "usage", text);
    }
    const unknown = parseCommand("please reset my password");
    assert.deepEqual(unknown, { ok: false, reason: "unknown", language: undefined });
    assert.deepEqual(parseCommand("hola, necesito ayuda con el portátil"), { ok: false, reason: "unknown", language: "es" });
    assert.deepEqual(parseCommand("   "), { ok: false, reason: "empty" });
  });

  it("strips the bot's mentions and markup, keeps other people's names as text", () => {
    const text = "<at>Tandem</at> assign IT-42 <at>Ben Okafor</at>&nbsp;";
    assert.equal(stripMentions(text, ["<at>Tandem</at>"]).replace(/\s+/g, " ").trim(), "assign IT-42 Ben Okafor");
    assert.equal(stripMentions("<p>take IT-1</p>", []).trim(), "take IT-1");
    assert.equal(stripMentions("comment IT-1 a &lt;b&gt; &amp; c", []).trim(), "comment IT-1 a <b> & c");
  });

  it("tells the lines that change something (filed or done twice if Teams retries) from reads", () => {
    for (const line of ["new IT Printer", "take IT-1", "comentar IT-1 hola", "link IT", "prioridad IT-1 alta", "cancel IT-9"]) assert.equal(changesSomething(line), true, line);
    for (const line of ["help", "new", "nueva HR", "my", "status IT-1", "queue", "sla IT", "take", "what?", ""]) assert.equal(changesSomething(line), false, line);
  });
});
