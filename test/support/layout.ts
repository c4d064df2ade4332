/**
 * What a person sees go wrong in a layout, measured from element boxes in the page: a page or
 * an area in it that scrolls sideways, text running out of the window, text cut off by its box,
 * text squeezed to a few letters a line, and two pieces of text drawn over each other.
 */
import type { Page } from "playwright-core";

/** One problem, named so the failing test says where to look. */
export interface LayoutProblem {
  kind: "page-scrolls-sideways" | "outside-window" | "text-cut-off" | "overlap" | "squeezed";
  what: string;
}

export async function layoutProblems(page: Page): Promise<LayoutProblem[]> {
  // tsx keeps function names with a helper (__name) the page does not have.
  await page.evaluate("globalThis.__name ??= (f) => f");
  return page.evaluate(() => {
    const out: Array<{ kind: string; what: string }> = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) out.push({ kind: "page-scrolls-sideways", what: `${doc.scrollWidth} px wide in a ${doc.clientWidth} px window` });
    const name = (el: Element) => {
      const id = el.getAttribute("data-testid") ?? el.id;
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `<${el.tagName.toLowerCase()}${id ? ` ${id}` : ""}> "${text}"`;
    };
    // Drawn: not hidden by CSS, in a closed <details> or visually hidden (screen readers only).
    const visible = (el: Element) => {
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1;
    };
    /** The part of `r` its scrolling or clipping ancestors show (what is scrolled away is not drawn over anything). */
    const shown = (el: Element, r: DOMRect): DOMRect | undefined => {
      let [l, t, rt, b] = [r.left, r.top, r.right, r.bottom];
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const st = getComputedStyle(a);
        if (st.overflowX === "visible" && st.overflowY === "visible") continue;
        const box = a.getBoundingClientRect();
        [l, t, rt, b] = [Math.max(l, box.left), Math.max(t, box.top), Math.min(rt, box.right), Math.min(b, box.bottom)];
      }
      return rt - l > 0.5 && b - t > 0.5 ? new DOMRect(l, t, rt - l, b - t) : undefined;
    };
    // Elements that draw text of their own (a text node child with letters).
    const texts: Array<{ el: Element; rects: DOMRect[]; drawn: DOMRect[] }> = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !/\S/.test(n.textContent ?? "") || !visible(el)) continue;
      if (el.closest("[aria-hidden=true], script, style, svg, [hidden]")) continue;
      seen.add(el);
      const range = document.createRange();
      range.selectNodeContents(n);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
      texts.push({ el, rects, drawn: rects.map((r) => shown(el, r)).filter((r): r is DOMRect => r !== undefined) });
    }
    // Inner areas that scroll sideways (a table wider than the window in a scroller).
    for (const el of document.body.querySelectorAll("*")) {
      const st = getComputedStyle(el);
      if ((st.overflowX === "auto" || st.overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1 && visible(el)) {
        out.push({ kind: "page-scrolls-sideways", what: `${name(el)} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth} px)` });
      }
    }
    const width = doc.clientWidth;
    for (const { el, rects } of texts) {
      // Squeezed: several lines, each a couple of letters wide ("a letter per line").
      const em = parseFloat(getComputedStyle(el).fontSize) || 14;
      if (rects.length >= 3 && rects.reduce((sum, r) => sum + r.width, 0) / rects.length < 2.5 * em) {
        out.push({ kind: "squeezed", what: `${name(el)} is ${rects.length} lines of ${Math.round(rects[0]!.width)} px` });
      }
      for (const r of rects) {
        if (r.right > width + 1 || r.left < -1) {
          out.push({ kind: "outside-window", what: `${name(el)} spans ${Math.round(r.left)}-${Math.round(r.right)} px in a ${width} px window` });
          break;
        }
      }
      // Cut off: an ancestor that clips (overflow other than visible) ends before the text does.
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const st = getComputedStyle(a);
        if (st.overflowX === "visible" && st.overflowY === "visible") continue;
        if (st.overflowX === "auto" || st.overflowX === "scroll") break; // scrolls: the reader can reach it
        const box = a.getBoundingClientRect();
        if (rects.some((r) => r.right > box.right + 1 || r.bottom > box.bottom + 1)) {
          out.push({ kind: "text-cut-off", what: `${name(el)} is cut off by ${name(a)}` });
        }
        break;
      }
    }
    // Overlaps between different texts (not one inside the other).
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const [a, b] = [texts[i]!, texts[j]!];
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const hit = a.drawn.some((r) => b.drawn.some((q) => Math.min(r.right, q.right) - Math.max(r.left, q.left) > 2 && Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top) > 2));
        if (hit) out.push({ kind: "overlap", what: `${name(a.el)} and ${name(b.el)}` });
      }
    }
    return out as Array<{ kind: "page-scrolls-sideways" | "outside-window" | "text-cut-off" | "overlap" | "squeezed"; what: string }>;
  });
}
