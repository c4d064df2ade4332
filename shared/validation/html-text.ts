/** HTML to plain text, for email bodies (a linear scanner; nothing is evaluated or fetched). */
/** Elements whose content is never text for a reader. */
const DROPPED = new Set(["script", "style", "head", "title", "template", "svg", "iframe", "object", "noembed", "noframes"]);
/** Elements that start and end a line. */
const BLOCKS = new Set([
  "p", "div", "li", "tr", "table", "thead", "tbody", "tfoot", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
  "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "nav", "aside", "main", "address",
  "figure", "figcaption", "form", "fieldset", "hr", "center", "caption",
]);

const LATIN1 =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest " +
  "Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig " +
  "agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml";

const ENTITIES: Record<string, string> = (() => {
  const map: Record<string, string> = Object.create(null);
  LATIN1.split(" ").forEach((name, i) => (map[name] = String.fromCharCode(160 + i)));
  const more: Record<string, number> = {
    amp: 38, lt: 60, gt: 62, quot: 34, apos: 39, OElig: 338, oelig: 339, Scaron: 352, scaron: 353, Yuml: 376, fnof: 402,
    circ: 710, tilde: 732, ensp: 8194, emsp: 8195, thinsp: 8201, zwnj: 8204, zwj: 8205, lrm: 8206, rlm: 8207,
    ndash: 8211, mdash: 8212, lsquo: 8216, rsquo: 8217, sbquo: 8218, ldquo: 8220, rdquo: 8221, bdquo: 8222,
    dagger: 8224, Dagger: 8225, bull: 8226, hellip: 8230, permil: 8240, prime: 8242, Prime: 8243, lsaquo: 8249,
    rsaquo: 8250, euro: 8364, trade: 8482, larr: 8592, uarr: 8593, rarr: 8594, darr: 8595, harr: 8596,
    minus: 8722, le: 8804, ge: 8805, ne: 8800, infin: 8734, asymp: 8776, check: 10003,
  };
  for (const [k, v] of Object.entries(more)) map[k] = String.fromCharCode(v);
  return map;
})();
/** Entities browsers decode even without the final ";". */
const LEGACY = new Set(["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]);

/** Decodes HTML character references (named, decimal, hexadecimal). Unknown ones stay as they are. */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}))(;?)/g, (m, dec?: string, hex?: string, name?: string, semi?: string) => {
    if (name !== undefined) {
      const ch = ENTITIES[name];
      if (ch !== undefined && (semi || LEGACY.has(name))) return ch;
      // "&copy2026": a legacy entity followed by text, as browsers read it.
      for (const legacy of LEGACY) if (name.startsWith(legacy)) return ENTITIES[legacy] + m.slice(legacy.length + 1);
      return m;
    }
    const code = dec !== undefined ? Number(dec) : parseInt(hex ?? "", 16);
    if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
    return String.fromCodePoint(code);
  });
}

/**
 * Plain text from an email's HTML body. A small, linear scanner, not a browser: tags are
 * dropped, script/style/head (and similar) are dropped with their content, comments are
 * dropped, entities are decoded, whitespace is collapsed as a browser would (kept inside
 * <pre>), and <br>, </p>, </div>, </li> and other block ends become line breaks. List items
 * start with "- ". Nothing is ever evaluated or fetched.
 */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  let atLineStart = true;
  let pendingSpace = false;
  let pre = 0;
  let quotesUnreliable = false;

  const breakLine = (force: boolean) => {
    if (force || !atLineStart) parts.push("\n");
    atLineStart = true;
    pendingSpace = false;
  };
  const emitText = (raw: string) => {
    if (!raw) return;
    if (pre > 0) {
      const t = decodeEntities(raw);
      parts.push(t);
      atLineStart = t.endsWith("\n");
      pendingSpace = false;
      return;
    }
    let t = raw.replace(/[ \t\n\r\f]+/g, " ");
    if (t.startsWith(" ")) {
      pendingSpace = true;
      t = t.slice(1);
    }
    if (!t) return;
    const endsWithSpace = t.endsWith(" ");
    if (endsWithSpace) t = t.slice(0, -1);
    if (pendingSpace && !atLineStart) parts.push(" ");
    parts.push(decodeEntities(t));
    atLineStart = false;
    pendingSpace = endsWithSpace;
  };

  /** Index just past the ">" ending the tag that starts at `from`, or -1. */
  const tagEnd = (from: number): number => {
    if (!quotesUnreliable) {
      let quote = "";
      for (let j = from; j < html.length; j++) {
        const c = html[j];
        if (quote) {
          if (c === quote) quote = "";
        } else if (c === '"' || c === "'") {
          // Quotes only count inside attribute values (after "=").
          if (/=\s*$/.test(html.slice(Math.max(from, j - 8), j))) quote = c;
        } else if (c === ">") return j + 1;
      }
      // An unclosed quote: from now on, quotes are ignored (keeps the scan linear).
      quotesUnreliable = true;
    }
    const k = html.indexOf(">", from);
    return k < 0 ? -1 : k + 1;
  };

  let i = 0;
  let textStart = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt < 0) break;
    const next = html.charAt(lt + 1);
    // Comments, doctype, CDATA, processing instructions.
    if (next === "!" || next === "?") {
      emitText(html.slice(textStart, lt));
      let end: number;
      if (html.startsWith("<!--", lt)) {
        const k = html.indexOf("-->", lt + 4);
        end = k < 0 ? html.length : k + 3;
      } else if (html.startsWith("<![CDATA[", lt)) {
        const k = html.indexOf("]]>", lt + 9);
        emitText(html.slice(lt + 9, k < 0 ? html.length : k));
        end = k < 0 ? html.length : k + 3;
      } else {
        const k = html.indexOf(">", lt + 2);
        end = k < 0 ? html.length : k + 1;
      }
      i = textStart = end;
      continue;
    }
    const closing = next === "/";
    const nameMatch = /^[A-Za-z][A-Za-z0-9:-]*/.exec(html.slice(lt + (closing ? 2 : 1), lt + (closing ? 2 : 1) + 40));
    if (!nameMatch) {
      // "a < b": a literal "<".
      i = lt + 1;
      continue;
    }
    const end = tagEnd(lt + 1);
    if (end < 0) {
      // An unfinished tag at the very end: dropped, like a browser does.
      emitText(html.slice(textStart, lt));
      i = textStart = html.length;
      break;
    }
    emitText(html.slice(textStart, lt));
    const name = nameMatch[0].toLowerCase();
    i = textStart = end;
    const selfClosing = html.charAt(end - 2) === "/";

    if (!closing && DROPPED.has(name) && !selfClosing) {
      const re = new RegExp(`</${name}[\\s/>]`, "gi");
      re.lastIndex = end;
      const m = re.exec(html);
      if (!m) {
        i = textStart = html.length;
        break;
      }
      const close = html.indexOf(">", m.index);
      i = textStart = close < 0 ? html.length : close + 1;
      continue;
    }
    if (name === "br") {
      breakLine(true);
    } else if (name === "li" && !closing) {
      breakLine(false);
      parts.push("- ");
      atLineStart = false;
      pendingSpace = false;
    } else if (BLOCKS.has(name)) {
      breakLine(false);
      if (name === "pre") pre = closing ? Math.max(0, pre - 1) : selfClosing ? pre : pre + 1;
    } else if (!closing && (name === "td" || name === "th")) {
      pendingSpace = true;
    }
  }
  emitText(html.slice(textStart));
  return parts
    .join("")
    .replace(/\u00a0/g, " ")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
