/**
 * Plain text from an email's or a Teams message's HTML body, through html-to-text (htmlparser2
 * underneath): nothing is evaluated or fetched, and the options below make it read like the
 * message did on screen rather than like a formatted document.
 */
import { compile } from "html-to-text";

/**
 * Nesting deeper than this is dropped: the converter walks the tree recursively, and hostile
 * markup ("<div>" 50,000 times) would otherwise overflow the stack. Real mail nests a few dozen.
 */
const MAX_DEPTH = 200;
/** Longer bodies are cut before parsing (the library would log a warning and cut at 16 MB). */
const MAX_INPUT = 4_000_000;
/**
 * The parser's time grows with the square of the nesting (its open-element stack), so a 256 KiB
 * body of nested <div>s costs seconds: the body is cut where the open tags first pass this count.
 */
const MAX_OPEN = 2_000;
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);

const heading = (selector: string) => ({ selector, options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 1 } });
const oneLine = { leadingLineBreaks: 1, trailingLineBreaks: 1 };

const convert = compile({
  wordwrap: false,
  limits: { maxDepth: MAX_DEPTH, ellipsis: "", maxInputLength: MAX_INPUT },
  selectors: [
    // Links read as their words: an agent follows up in the original mail if they need the address.
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    ...["h1", "h2", "h3", "h4", "h5", "h6"].map(heading),
    { selector: "p", options: oneLine },
    { selector: "pre", options: oneLine },
    { selector: "blockquote", options: { ...oneLine, trimEmptyLines: true } },
    { selector: "ul", options: { ...oneLine, itemPrefix: "- " } },
    { selector: "ol", options: oneLine },
    { selector: "hr", format: "blockString", options: { ...oneLine, string: "" } },
    // Outlook lays mail out in tables: rows become lines, cells words, never padded columns.
    { selector: "table", format: "block", options: oneLine },
    { selector: "tr", format: "block", options: oneLine },
    { selector: "td", format: "inline" },
    { selector: "th", format: "inline" },
    { selector: "td + td", format: "inlineSurround", options: { prefix: " ", suffix: "" } },
    { selector: "th + th", format: "inlineSurround", options: { prefix: " ", suffix: "" } },
  ],
});

/**
 * The text of an HTML body: tags dropped, script, style and head dropped with their content,
 * entities decoded, whitespace collapsed as a browser would (kept inside <pre>), block ends
 * and <br> as line breaks, list items starting with "- ", at most one blank line in a row.
 */
export function htmlToText(html: string): string {
  return convert(withinNesting(html.length > MAX_INPUT ? html.slice(0, MAX_INPUT) : html))
    .replace(/\u00a0/g, " ")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** `html` up to where more than MAX_OPEN elements would be open at once (a count by tag names, linear). */
function withinNesting(html: string): string {
  let open = 0;
  for (const m of html.matchAll(/<(\/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*?(\/?)>/g)) {
    if (m[1]) open = Math.max(0, open - 1);
    else if (!m[3] && !VOID.has(m[2].toLowerCase()) && ++open > MAX_OPEN) return html.slice(0, m.index);
  }
  return html;
}
