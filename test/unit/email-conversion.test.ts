import assert from "node:assert/strict";
import { emailToRequestFields } from "../../bot/email/email-request.ts";
import { htmlToText } from "../../bot/email/html-text.ts";
import { Rng } from "../support/random.ts";

const chars = (n: number, c = "a") => c.repeat(n);

describe("email conversion (server)", () => {
  describe("emailToRequestFields", () => {
    it("keeps the subject as it is, prefixes included", () => {
      assert.equal(emailToRequestFields({ subject: "RE: FW: Printer on floor 3", body: "" }).title, "RE: FW: Printer on floor 3");
      assert.equal(emailToRequestFields({ subject: "  AW: Re: Fwd: hola  ", body: "" }).title, "AW: Re: Fwd: hola");
    });
    it("titles an empty subject (no subject)", () => {
      assert.equal(emailToRequestFields({ subject: "", body: "x" }).title, "(no subject)");
      assert.equal(emailToRequestFields({ subject: " \t\r\n ", body: "x" }).title, "(no subject)");
    });
    it("puts a folded subject on one line", () => {
      assert.equal(emailToRequestFields({ subject: "Printer\r\n jammed\tagain", body: "" }).title, "Printer jammed again");
    });
    it("cuts a long subject to 200 characters ending with …", () => {
      const { title } = emailToRequestFields({ subject: chars(250), body: "" });
      assert.equal(title.length, 200);
      assert.ok(title.endsWith("…"));
      assert.equal(emailToRequestFields({ subject: chars(200), body: "" }).title, chars(200));
    });
    it("never splits a character made of two code units", () => {
      const { title } = emailToRequestFields({ subject: `${chars(198)}😀😀😀`, body: "" });
      assert.ok(title.length <= 200);
      assert.ok(title.endsWith("…"));
      assert.doesNotMatch(title, /[\ud800-\udbff](?![\udc00-\udfff])/);
      const { description, truncated } = emailToRequestFields({ subject: "x", body: `${chars(31_999)}😀` });
      assert.equal(truncated, true);
      assert.equal(description, chars(31_999));
    });
    it("keeps a body of 32,000 characters whole", () => {
      const r = emailToRequestFields({ subject: "x", body: chars(32_000) });
      assert.equal(r.description.length, 32_000);
      assert.equal(r.truncated, false);
    });
    it("keeps the first 32,000 characters of a longer body and marks it truncated", () => {
      const body = `${chars(32_000, "a")}${chars(8_000, "b")}`;
      const r = emailToRequestFields({ subject: "x", body });
      assert.equal(r.description.length, 32_000);
      assert.equal(r.description, chars(32_000, "a"));
      assert.equal(r.truncated, true);
    });
    it("truncates after converting HTML", () => {
      const html = `<p>${chars(40_000, "z")}</p>`;
      const r = emailToRequestFields({ subject: "x", body: html, bodyFormat: "html" });
      assert.equal(r.description, chars(32_000, "z"));
      assert.equal(r.truncated, true);
      const small = emailToRequestFields({ subject: "x", body: `<div>${chars(31_000)}</div>${"<span></span>".repeat(1_000)}`, bodyFormat: "html" });
      assert.equal(small.truncated, false, "markup does not count");
    });
    it("converts an HTML body and normalises a text one", () => {
      assert.equal(emailToRequestFields({ subject: "x", body: "<p>Hola</p><p>mundo &amp; más</p>", bodyFormat: "html" }).description, "Hola\nmundo & más");
      assert.equal(emailToRequestFields({ subject: "x", body: "\r\n\r\nline 1\r\nline 2\r\n\r\n", bodyFormat: "text" }).description, "line 1\nline 2");
      assert.equal(emailToRequestFields({ subject: "x", body: "<b>not html</b>" }).description, "<b>not html</b>", "text stays as it is");
    });
    it("passes non-Latin scripts through untouched", () => {
      const samples = ["お世話になっております。プリンターが故障しました。", "Здравствуйте! Не работает VPN.", "مرحبا، الطابعة لا تعمل", "שלום, המדפסת לא עובדת", "नमस्ते, प्रिंटर काम नहीं कर रहा", "안녕하세요 👋🏽 e\u0301"];
      for (const s of samples) {
        const r = emailToRequestFields({ subject: s, body: s });
        assert.equal(r.title, s);
        assert.equal(r.description, s);
        assert.equal(emailToRequestFields({ subject: s, body: `<p>${s}</p>`, bodyFormat: "html" }).description, s);
      }
    });
  });

  describe("htmlToText", () => {
    it("drops tags and keeps the text", () => {
      assert.equal(htmlToText(`<div><b>Hello</b> <i>there</i>, <a href="https://x.example/?a=1&amp;b=2">friend</a></div>`), "Hello there, friend");
    });
    it("drops scripts, styles, the head and comments, with their content", () => {
      const html = `<html><head><title>T</title><style>p { color: red }</style><meta charset="utf-8"></head>
        <body><!-- a comment --><script type="text/javascript">alert("x")</script><p>Visible</p><SCRIPT>evil()</SCRIPT>
        <!--[if gte mso 9]><xml><o:OfficeDocumentSettings></o:OfficeDocumentSettings></xml><![endif]--></body></html>`;
      assert.equal(htmlToText(html), "Visible");
    });
    it("breaks lines at <br>, </p>, </div> and </li>", () => {
      assert.equal(htmlToText("one<br>two<br/>three<BR />four"), "one\ntwo\nthree\nfour");
      assert.equal(htmlToText("<p>one</p><p>two</p><div>three</div><div>four</div>"), "one\ntwo\nthree\nfour");
      assert.equal(htmlToText("<ul><li>apples</li><li>pears</li></ul>after"), "- apples\n- pears\nafter");
      assert.equal(htmlToText("a<br><br>b"), "a\n\nb");
      assert.equal(htmlToText("<div><div><div>deep</div></div></div><div>next</div>"), "deep\nnext");
    });
    it("collapses whitespace like a browser, except in <pre>", () => {
      assert.equal(htmlToText("<p>  lots   of\n\n  space </p>"), "lots of space");
      assert.equal(htmlToText("<pre>  keep\n    this</pre>after"), "keep\n    this\nafter");
    });
    it("decodes entities", () => {
      assert.equal(htmlToText("&lt;b&gt; &amp; &quot;q&quot; &#39;s&#39; caf&eacute; &#233; &#x1F600; a&nbsp;b &euro;5 &ntilde;"), `<b> & "q" 's' café é 😀 a b €5 ñ`);
      assert.equal(htmlToText("&unknown; &amp &copy2026 &#0; &#x110000;"), "&unknown; & ©2026 \ufffd \ufffd");
      assert.equal(htmlToText("&yuml;&iexcl;"), "ÿ¡");
    });
    it("keeps escaped markup as text and evaluates nothing", () => {
      assert.equal(htmlToText("&lt;script&gt;alert(1)&lt;/script&gt;"), "<script>alert(1)</script>");
      assert.equal(htmlToText(`<img src=x onerror="alert(1)">text`), "text");
    });
    it("handles odd markup", () => {
      assert.equal(htmlToText("if a < b and c > d"), "if a < b and c > d");
      assert.equal(htmlToText(`<a title="x > y">link</a>`), "link");
      assert.equal(htmlToText("text <unfinished"), "text");
      assert.equal(htmlToText("<script>never closed"), "");
      assert.equal(htmlToText("<p class=MsoNormal>It's <span style='x'>fine</span></p>"), "It's fine");
      assert.equal(htmlToText("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"), "a b\nc");
      assert.equal(htmlToText(""), "");
    });
    it("converts hostile input without throwing: unclosed tags and quotes, 50,000 nested elements", () => {
      for (const hostile of ["<a".repeat(100_000), `<a "`.repeat(60_000), "<!--".repeat(60_000), "<script>".repeat(30_000), "&#".repeat(100_000), `<a b='>`.repeat(40_000)]) {
        assert.equal(typeof htmlToText(hostile), "string");
      }
      // Absurd nesting is cut where it starts (the parser's time grows with its square), not a stack overflow.
      assert.equal(htmlToText(`<p>before</p>${"<div>".repeat(50_000)}deep${"</div>".repeat(50_000)}<p>after</p>`), "before");
      assert.equal(htmlToText(`${"<div>".repeat(150)}kept${"</div>".repeat(150)}`), "kept");
    });
    it("reads Outlook's layout tables as lines of words, not padded columns", () => {
      const html = "<table><tr><td><p>Dear team,</p></td></tr><tr><td>Room</td><td><b>4.01</b></td></tr></table><p>Thanks</p>";
      assert.equal(htmlToText(html), "Dear team,\nRoom 4.01\nThanks");
    });
  });

  describe("garbage in", () => {
      it("emailToRequestFields and htmlToText take any string", () => {
        const rng = new Rng(42);
        const r = () => rng.next();
        for (let i = 0; i < 300; i++) {
          const s = Array.from({ length: Math.floor(r() * 200) }, () => (r() < 0.3 ? "<>&;/!-#x\"'=".charAt(Math.floor(r() * 12)) : String.fromCharCode(Math.floor(r() * 0x3000)))).join("");
          const fields = emailToRequestFields({ subject: s, body: s, bodyFormat: r() < 0.5 ? "html" : "text" });
          assert.ok(fields.title.length >= 1 && fields.title.length <= 200);
          assert.ok(fields.description.length <= 32_000);
          assert.equal(typeof htmlToText(s), "string");
        }
      });
  });
});
