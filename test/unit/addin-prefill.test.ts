import assert from "node:assert/strict";
import type { Department } from "../../shared/domain.ts";
import { htmlToText } from "../../bot/email/html-text.ts";
import { LIMITS, NO_SUBJECT as API_NO_SUBJECT } from "../../shared/validation/index.ts";
import { DEMO_DEPARTMENTS } from "../../bot/demo/demo-catalogue.ts";
import {
  ATTACHMENTS_MAX,
  DESCRIPTION_MAX,
  descriptionFromBody,
  NO_SUBJECT,
  suggestDepartment,
  suggestPriority,
  titleFromSubject,
  TITLE_MAX,
} from "../../addin/src/prefill.ts";

const catalogue = DEMO_DEPARTMENTS as unknown as Department[];
const text = (...lines: string[]) => lines.join("\n");

describe("add-in: prefilling a request from an email", () => {
  it("uses the API's limits", () => {
    assert.equal(TITLE_MAX, LIMITS.titleMax);
    assert.equal(DESCRIPTION_MAX, LIMITS.descriptionMax);
    assert.equal(ATTACHMENTS_MAX, LIMITS.attachmentsMax);
    assert.equal(NO_SUBJECT, API_NO_SUBJECT);
  });

  describe("title from the subject", () => {
    const cases: Array<[string, string]> = [
      ["RE: Laptop screen flickering", "Laptop screen flickering"],
      ["RE: FW: Re: fwd: Laptop", "Laptop"],
      ["re:re:RE:  Laptop", "Laptop"],
      ["Re[2]: Laptop", "Laptop"],
      ["RV: Factura pendiente", "Factura pendiente"],
      ["AW: WG: Rechnung", "Rechnung"],
      ["TR: Facture", "Facture"],
      ["Fwd: RE: VPN", "VPN"],
      ["RE： 経費精算の承認について", "経費精算の承認について"],
      ["回复: 报销", "报销"],
      ["[EXTERNAL] RE: Printer jam", "[EXTERNAL] Printer jam"],
      ["RE: [EXTERNAL] FW: Printer jam", "[EXTERNAL] Printer jam"],
      ["[EXTERNAL]", "[EXTERNAL]"],
      ["Regarding the RE: in subjects", "Regarding the RE: in subjects"],
      ["Area: Finance", "Area: Finance"],
      ["Fw: طلب عاجل: الوصول إلى النظام", "طلب عاجل: الوصول إلى النظام"],
      ["  Line\r\nbreak\tin subject ", "Line break in subject"],
      ["", NO_SUBJECT],
      ["   ", NO_SUBJECT],
      ["RE:", NO_SUBJECT],
      ["RE: FW: ", NO_SUBJECT],
    ];
    for (const [subject, title] of cases) it(`${JSON.stringify(subject)} -> ${JSON.stringify(title)}`, () => assert.equal(titleFromSubject(subject), title));

    it("null subject, and a 500-character one cut to 200 ending with …", () => {
      assert.equal(titleFromSubject(null), NO_SUBJECT);
      const t = titleFromSubject(`RE: ${"a".repeat(500)}`);
      assert.equal(t.length, 200);
      assert.ok(t.endsWith("…"));
      // A cut never splits a surrogate pair.
      const emoji = titleFromSubject("😀".repeat(150));
      assert.ok(emoji.length <= 200 && !/[\ud800-\udbff]…$/.test(emoji));
    });
  });

  describe("description from the body", () => {
    it("an Outlook reply: keeps the new words, drops 'From: ... Sent: ...' and what follows", () => {
      const body = text(
        "Hi Ben,",
        "",
        "Still flickering after the driver update.",
        "",
        "Thanks,",
        "Mario",
        "",
        "________________________________",
        "From: Ben Okafor <ben@contoso.example>",
        "Sent: Monday, January 5, 2026 9:12 AM",
        "To: Mario Rossi <mario@fabrikam.example>",
        "Subject: RE: Laptop",
        "",
        "Did you update the driver?",
      );
      const d = descriptionFromBody(body);
      assert.equal(d.text, "Hi Ben,\n\nStill flickering after the driver update.\n\nThanks,\nMario");
      assert.equal(d.trimmed, true);
      assert.equal(d.truncated, false);
    });

    it("From:/Sent: headers without the rule, and -----Original Message-----", () => {
      assert.equal(descriptionFromBody(text("Please check.", "", "From: Ana", "Sent: Tuesday", "Subject: x", "old")).text, "Please check.");
      assert.equal(descriptionFromBody(text("See below.", "-----Original Message-----", "From: x", "old text")).text, "See below.");
      assert.equal(descriptionFromBody(text("Ver abajo.", "-----Mensaje original-----", "De: x", "texto")).text, "Ver abajo.");
    });

    it("Gmail-style 'On ... wrote:' (also wrapped over two lines) and '>' quotes", () => {
      const body = text("Yes, it is the HDMI port.", "", "On Mon, 5 Jan 2026 at 09:12, Ben Okafor <", "ben@contoso.example> wrote:", "", "> Which port?", "> Ben");
      assert.equal(descriptionFromBody(body).text, "Yes, it is the HDMI port.");
      const oneLine = text("Done.", "On Tue, Jan 6, 2026 at 10:00 AM Ana García <ana@contoso.example> wrote:", "> ok");
      assert.equal(descriptionFromBody(oneLine).text, "Done.");
    });

    it("Spanish replies: 'El ... escribió:', 'De: ... Enviado el: ...', 'Enviado desde mi iPhone'", () => {
      const body = text("Hola:", "", "La factura sigue pendiente.", "", "Enviado desde mi iPhone", "", "El lun, 5 ene 2026 a las 10:00, Emma Clarke <emma@contoso.example> escribió:", "> Te la reenvío.");
      assert.equal(descriptionFromBody(body).text, "Hola:\n\nLa factura sigue pendiente.");
      const outlook = text("Adjunto el contrato.", "", "De: Grace Kim <grace@contoso.example>", "Enviado el: lunes, 5 de enero de 2026 9:00", "Para: Legal", "Asunto: Contrato", "", "Texto anterior");
      assert.equal(descriptionFromBody(outlook).text, "Adjunto el contrato.");
    });

    it("signatures: '-- ' line and 'Sent from my iPhone'", () => {
      assert.equal(descriptionFromBody(text("The printer is jammed.", "", "-- ", "Mario Rossi", "Fabrikam | +39 02 1234")).text, "The printer is jammed.");
      assert.equal(descriptionFromBody(text("Printer jammed again", "", "Sent from my iPhone")).text, "Printer jammed again");
      assert.equal(descriptionFromBody(text("Printer jammed", "Get Outlook for Android")).text, "Printer jammed");
    });

    it("inline answers between quotes keep the answers and drop the quoted lines", () => {
      const body = text("> Which floor?", "Floor 3.", "> Which printer?", "The one by the kitchen.");
      assert.equal(descriptionFromBody(body).text, "Floor 3.\nThe one by the kitchen.");
    });

    it("a bare forward (nothing above the trail) keeps its content; a body that is all quote stays as is", () => {
      const fwd = text("---------- Forwarded message ---------", "From: Supplier <ap@supplier.example>", "Date: Mon, 5 Jan 2026", "Subject: Invoice 118", "", "Please pay invoice 118.");
      const d = descriptionFromBody(fwd);
      assert.match(d.text, /Please pay invoice 118\./);
      assert.equal(d.trimmed, false);
      assert.equal(descriptionFromBody("> only a quote").text, "> only a quote");
    });

    it("words that only look like a trail stay ('On Monday I wrote: ...' in the middle is kept when text follows that is not a quote)", () => {
      const body = text("From now on, please send invoices to AP.", "Date of change: 1 February.", "Thanks");
      // "From now on," is not a header ("From:"), so nothing is cut.
      assert.equal(descriptionFromBody(body).text, body);
    });

    it("HTML mails (as Outlook's text coercion or the API's converter gives them) trim the same", () => {
      const html = '<html><body><div>Hi,</div><div>The <b>VPN</b> drops.</div><div><br></div><div>-- </div><div>Mario</div><hr><div><b>From:</b> Ben</div><div><b>Sent:</b> Monday</div><div>old</div></body></html>';
      const d = descriptionFromBody(htmlToText(html));
      assert.equal(d.text, "Hi,\nThe VPN drops.");
    });

    it("CRLF, trailing spaces, control characters and runs of blank lines are tidied", () => {
      assert.equal(descriptionFromBody("  \r\n\r\nLine one   \r\n\r\n\r\n\r\nLine\u0007 two\u0000\r\n").text, "Line one\n\nLine two");
      assert.equal(descriptionFromBody(null).text, "");
      assert.equal(descriptionFromBody("").truncated, false);
    });

    it("a 100,000-character body is kept to 32,000 and marked truncated (also in Japanese, never splitting a pair)", () => {
      const long = "x".repeat(100_000);
      const d = descriptionFromBody(long);
      assert.equal(d.text.length, 32_000);
      assert.equal(d.truncated, true);
      const ja = descriptionFromBody("経費".repeat(50_000));
      assert.equal(ja.text.length, 32_000);
      assert.equal(ja.truncated, true);
      const astral = descriptionFromBody("😀".repeat(50_000));
      assert.ok(astral.text.length <= 32_000 && astral.text.length >= 31_999);
      assert.ok(!/[\ud800-\udbff]$/.test(astral.text), "no lone high surrogate at the end");
      // The trail is cut before the length is judged: a short reply over a long trail is not truncated.
      const reply = descriptionFromBody(text("Short answer.", "-----Original Message-----", "y".repeat(100_000)));
      assert.deepEqual([reply.text, reply.truncated], ["Short answer.", false]);
    });

    it("non-Latin scripts: Japanese and Arabic bodies with signatures", () => {
      assert.equal(descriptionFromBody(text("お疲れ様です。", "経費精算の承認をお願いします。", "", "-- ", "山田")).text, "お疲れ様です。\n経費精算の承認をお願いします。");
      assert.equal(descriptionFromBody(text("مرحبا،", "أحتاج إلى الوصول إلى النظام.", "", "Sent from my iPhone")).text, "مرحبا،\nأحتاج إلى الوصول إلى النظام.");
    });
  });

  describe("department, category and priority", () => {
    it("suggests IT for a laptop, Finance for an invoice, HR for leave, Legal for an NDA, Facilities for a room", () => {
      const pick = (s: string, b = "") => suggestDepartment(catalogue, s, b);
      assert.equal(pick("My laptop screen flickers").department, "IT");
      assert.equal(pick("VPN keeps dropping", "I cannot connect to the network from home").department, "IT");
      assert.equal(pick("Supplier invoice 118 unpaid").department, "FIN");
      assert.equal(pick("Supplier invoice 118 unpaid").category, "invoices");
      assert.equal(pick("Leave request for March", "I would like to book two weeks of leave").department, "HR");
      assert.equal(pick("NDA for the Fabrikam deal").department, "LEGAL");
      assert.equal(pick("Meeting rooms on floor 2", "The booking of rooms and desks is broken").department, "FAC");
    });

    it("suggests nothing when nothing matches or two departments tie, so the person picks", () => {
      const none = suggestDepartment(catalogue, "Hello", "Just saying hi");
      assert.equal(none.department, undefined);
      assert.ok(none.scores.every((s) => s.score === 0));
      assert.equal(suggestDepartment(catalogue, "", "").department, undefined);
      assert.equal(suggestDepartment([], "laptop", "").department, undefined);
      assert.equal(suggestDepartment(catalogue, "経費精算", "お疲れ様です").department, undefined);
    });

    it("subject words count more than body words", () => {
      const s = suggestDepartment(catalogue, "Invoice question", "my laptop");
      assert.equal(s.department, "FIN");
    });

    it("priority: urgent words in English, Spanish, Japanese, Arabic (or Outlook's high importance) suggest high", () => {
      assert.equal(suggestPriority("URGENT: VPN down", ""), "high");
      assert.equal(suggestPriority("VPN", "please fix asap"), "high");
      assert.equal(suggestPriority("Factura", "Es urgente, por favor"), "high");
      assert.equal(suggestPriority("Factura", "Lo antes posible"), "high");
      assert.equal(suggestPriority("経費精算", "至急です"), "high");
      assert.equal(suggestPriority("طلب عاجل", ""), "high");
      assert.equal(suggestPriority("Question", "", "high"), "high");
      assert.equal(suggestPriority("Question", "when you have time", "normal"), "normal");
      assert.equal(suggestPriority("Insurgent movie night", ""), "normal");
    });
  });
});
