/**
 * Renders the bot's Adaptive Cards with the official JS renderer (`adaptivecards` v3) in a
 * blank Chromium page, with a host config of Teams' light theme, so a test can look at the
 * card the way a person in Teams would: the text shown, its colours, the buttons and inputs.
 * Nothing is fetched: the renderer and its stylesheet are read from node_modules.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { Browser, Locator, Page } from "playwright-core";

const require = createRequire(import.meta.url);
const PACKAGE_DIR = path.dirname(require.resolve("adaptivecards/package.json"));
/** The browser build of the renderer (UMD: sets `window.AdaptiveCards`). */
export const RENDERER_JS = path.join(PACKAGE_DIR, "dist", "adaptivecards.min.js");
const RENDERER_CSS = path.join(PACKAGE_DIR, "dist", "adaptivecards.css");

/**
 * Teams' light theme colours, as in Microsoft's published Teams host config
 * (AdaptiveCards samples/HostConfig/microsoft-teams-light.json): text colours, then the
 * backgrounds of the container styles.
 */
export const TEAMS = {
  text: { default: "#252424", subtle: "#bf252424", accent: "#6264a7", good: "#92c353", warning: "#f8d22a", attention: "#c4314b" },
  background: { default: "#ffffff", emphasis: "#f9f8f7", accent: "#c7def9", good: "#ccffcc", warning: "#ffe2b2", attention: "#ffc5b2" },
} as const;

const foreground = {
  default: { default: TEAMS.text.default, subtle: TEAMS.text.subtle },
  dark: { default: "#252424", subtle: "#bf252424" },
  light: { default: "#ffffff", subtle: "#fff3f2f1" },
  accent: { default: TEAMS.text.accent, subtle: "#8b8cc7" },
  good: { default: TEAMS.text.good, subtle: "#e592c353" },
  warning: { default: TEAMS.text.warning, subtle: "#e5f8d22a" },
  attention: { default: TEAMS.text.attention, subtle: "#e5c4314b" },
};

/** A host config like Teams' (light theme): Segoe UI, its sizes and colours, six buttons at most. */
export const TEAMS_HOST_CONFIG = {
  choiceSetInputValueSeparator: ",",
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#EEEEEE" },
  fontTypes: {
    default: {
      fontFamily: "'Segoe UI', Tahoma, Geneva, Verdana, sans-serif",
      fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
      fontWeights: { lighter: 200, default: 400, bolder: 600 },
    },
    monospace: {
      fontFamily: "'Courier New', Courier, monospace",
      fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
      fontWeights: { lighter: 200, default: 400, bolder: 600 },
    },
  },
  containerStyles: Object.fromEntries(
    (Object.keys(TEAMS.background) as Array<keyof typeof TEAMS.background>).map((style) => [
      style,
      { backgroundColor: TEAMS.background[style], foregroundColors: foreground },
    ]),
  ),
  actions: {
    maxActions: 6,
    spacing: "Default",
    buttonSpacing: 8,
    showCard: { actionMode: "Inline", inlineTopMargin: 16, style: "emphasis" },
    preExpandSingleShowCardAction: false,
    actionsOrientation: "Horizontal",
    actionAlignment: "Left",
  },
  adaptiveCard: { allowCustomStyle: false },
  factSet: {
    title: { size: "Default", color: "Default", isSubtle: false, weight: "Bolder", wrap: true },
    value: { size: "Default", color: "Default", isSubtle: false, weight: "Default", wrap: true },
    spacing: 16,
  },
};

/** The page around the card: a grey chat background and a white card frame. */
const PAGE_CSS = `
  body { margin: 0; padding: 16px; background: #f5f5f5; font-family: 'Segoe UI', Tahoma, Geneva, Verdana, sans-serif; }
  #host { background: #fff; border: 1px solid #e1dfdd; border-radius: 4px; overflow: hidden; }
`;

/** One thing the renderer said about a card: a parse or validation event. */
export interface CardEvent {
  phase: "parse" | "validate";
  event: string;
  message: string;
  /** The id of the element it is about, if it has one. */
  id?: string;
}

/** An action a click ran: its type, verb (Action.Execute), data and the inputs it gathered. */
export interface ExecutedAction {
  type: string;
  title?: string;
  verb?: string;
  data?: Record<string, unknown>;
}

/**
 * Teams reads markdown in TextBlocks and FactSets (never in a TextRun). The page does the same
 * with this stand-in: bold, italics and links become <strong>, <em> and <a>, and any HTML is
 * escaped first, as markdown-it does by default. So text that reaches a markdown-read element
 * shows up as real markup, where the test can see it.
 */
function installMarkdown() {
  const w = window as unknown as { AdaptiveCards: any };
  w.AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text: string, result: { didProcess: boolean; outputHtml?: string }) => {
    const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    result.outputHtml =
      "<p>" +
      escaped
        .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
        .replace(/(^|\W)_(.+?)_(?=\W|$)/g, "$1<em>$2</em>")
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>')
        .replace(/\n/g, "<br>") +
      "</p>";
    result.didProcess = true;
  };
}

/** A blank page holding the renderer, where cards are rendered one at a time into `#host`. */
export class CardPage {
  private constructor(
    readonly page: Page,
    /** Dialogs the page tried to open (an `alert` from injected script would land here). */
    readonly dialogs: string[],
  ) {}

  static async open(browser: Browser): Promise<CardPage> {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    // No network at all: the renderer and stylesheet are injected from disk.
    await page.route("**/*", (route) => route.abort());
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent(`<!doctype html><html lang="en"><head><meta charset="utf-8"><style>${PAGE_CSS}</style></head><body><div id="host"></div></body></html>`);
    await page.addScriptTag({ path: RENDERER_JS });
    await page.addStyleTag({ path: RENDERER_CSS });
    await page.evaluate(installMarkdown);
    return new CardPage(page, dialogs);
  }

  /** The rendered card. */
  get card(): Locator {
    return this.page.locator("#host");
  }

  /**
   * Parses, validates and renders `json` into `#host` (replacing the previous card), `width`
   * pixels wide: about 450 for a card in a Teams chat, more for `msteams.width: "Full"`.
   * Returns every parse and validation event the renderer reported.
   */
  async render(json: object, width = 460): Promise<CardEvent[]> {
    return this.page.evaluate(
      ({ json, hostConfig, width }) => {
        const AC = (window as unknown as { AdaptiveCards: any }).AdaptiveCards;
        const w = window as unknown as { executed: ExecutedAction[] };
        w.executed = [];
        const host = document.getElementById("host")!;
        host.innerHTML = "";
        host.style.width = `${width}px`;
        const card = new AC.AdaptiveCard();
        card.hostConfig = new AC.HostConfig(hostConfig);
        const context = new AC.SerializationContext();
        card.parse(json, context);
        const events: CardEvent[] = [];
        for (let i = 0; i < context.eventCount; i++) {
          const e = context.getEventAt(i);
          events.push({ phase: "parse", event: AC.ValidationEvent[e.event] ?? String(e.event), message: e.message });
        }
        for (const e of card.validateProperties().validationEvents) {
          const id: string | undefined = e.source?.id;
          events.push({ phase: "validate", event: AC.ValidationEvent[e.event] ?? String(e.event), message: e.message, ...(id ? { id } : {}) });
        }
        card.onExecuteAction = (a: any) => {
          w.executed.push({ type: a.getJsonTypeName(), title: a.title, verb: a.verb, data: a.data });
        };
        const element = card.render();
        if (element) host.appendChild(element);
        return events;
      },
      { json, hostConfig: TEAMS_HOST_CONFIG, width },
    );
  }

  /** The actions clicks ran on the current card, in order. */
  async executed(): Promise<ExecutedAction[]> {
    return this.page.evaluate(() => (window as unknown as { executed: ExecutedAction[] }).executed);
  }

  /**
   * Every piece of visible text (TextBlocks, TextRuns, and so fact titles, values and input
   * labels): what it says, its colour, and the background it sits on (the nearest ancestor's
   * that is not transparent).
   */
  async texts(): Promise<Array<{ text: string; color: string; background: string }>> {
    // No named inner functions here: tsx would wrap them in a helper the page does not have.
    return this.card.evaluate((host) =>
      [...host.querySelectorAll<HTMLElement>(".ac-textBlock, .ac-textRun")]
        .filter((el) => el.offsetParent !== null && (el.innerText ?? "").trim() !== "")
        .map((el) => {
          let n: HTMLElement | null = el;
          let background = "rgb(255, 255, 255)";
          while (n) {
            const b = getComputedStyle(n).backgroundColor;
            if (b && b !== "rgba(0, 0, 0, 0)" && b !== "transparent") {
              background = b;
              break;
            }
            n = n.parentElement;
          }
          return { text: el.innerText.trim(), color: getComputedStyle(el).color, background };
        }),
    );
  }

  /**
   * The card's visible text, with the zero-width spaces `unbrace` puts between braces removed
   * and no-break spaces read as spaces.
   */
  async text(): Promise<string> {
    return ((await this.card.innerText()) ?? "").replace(/\u2060/g, "").replace(/\u00A0/g, " ");
  }

  async screenshot(file: string): Promise<void> {
    await this.card.screenshot({ path: file });
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

/** WCAG contrast ratio of two CSS colours (`rgb(...)`/`rgba(...)`; alpha blended over `under`). */
export function contrast(fg: string, bg: string, under = "rgb(255, 255, 255)"): number {
  const parse = (c: string): [number, number, number, number] => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) throw new Error(`not a colour: ${c}`);
    const [r, g, b, a = 1] = m[1].split(",").map((x) => Number(x.trim()));
    return [r, g, b, a];
  };
  const blend = (top: [number, number, number, number], base: [number, number, number]): [number, number, number] =>
    [0, 1, 2].map((i) => top[i] * top[3] + base[i] * (1 - top[3])) as [number, number, number];
  const base = blend(parse(under), [255, 255, 255]);
  const background = blend(parse(bg), base);
  const text = blend(parse(fg), background);
  const luminance = ([r, g, b]: [number, number, number]) => {
    const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const [hi, lo] = [luminance(text), luminance(background)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * For a describe block: a headless Chromium with a CardPage, opened before its tests and closed
 * after; `use` receives the page.
 */
export function useCardPage(use: (cards: CardPage) => void, launch: () => Promise<Browser>): void {
  let browser: Browser | undefined;
  let cards: CardPage | undefined;
  before(async () => {
    browser = await launch();
    cards = await CardPage.open(browser);
    use(cards);
  });
  after(async () => {
    await cards?.close();
    await browser?.close();
  });
}
