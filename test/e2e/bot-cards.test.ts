import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { DEMO_DEPARTMENTS } from "../../bot/demo/demo-catalogue.ts";
import { demoDepartmentIn } from "../../bot/demo/demo-language.ts";
import {
  escalationCard,
  formatTime,
  helpCard,
  newRequestCard,
  noticeCard,
  ratingCard,
  requestCard,
  thankCard,
  requestListCard,
  slaCard,
  type CardAction,
} from "../../bot/teams/cards.ts";
import { previewText } from "../../bot/teams/forms.ts";
import { historyLine } from "../../shared/history.ts";
import { commandWord } from "../../shared/commands.ts";
import type { Department, HistoryEvent, Person, ServiceRequest } from "../../shared/domain.ts";
import { applyAction, availableActions, type RequestAction } from "../../shared/lifecycle.ts";
import { newRequest, toView } from "../../shared/request.ts";
import { t, type Locale, type StringKey } from "../../shared/strings/index.ts";
import { launchBrowser, screenshotPath } from "../support/browser.ts";
import { CardPage, TEAMS, contrast, type CardEvent } from "../support/card-renderer.ts";
import { AGENT, LEAD, REQUESTER, TENANT_ID, actor, department } from "../support/fixtures.ts";

/**
 * The bot's cards as Teams shows them: each is rendered by the official Adaptive Cards
 * renderer (adaptivecards v3) in headless Chromium with Teams' light host config, and checked
 * for what a person notices: the text, its colours, the buttons, the inputs and what a click
 * sends. A screenshot of each lands in test/screenshots/bot-card-*.png.
 */

const NOW = "2026-03-02T12:00:00.000Z"; // a Monday
const NOW_MS = Date.parse(NOW);
const dept = department();
const IT = DEMO_DEPARTMENTS.find((d) => d.key === "IT")!;
const LOCALES: Locale[] = ["en", "es"];
/** Card widths: a card in a chat, and one with `msteams.width: "Full"` in a laptop-sized window. */
const CHAT = 460;
const FULL = 760;
/** WCAG's minimum contrast for bold or large text: every coloured label here is bold. */
const MIN_CONTRAST = 3;

/** Markdown, HTML and both template syntaxes, as someone might type them. */
const TYPED = "**bold** [click](https://evil.example) <img src=x onerror=alert(1)> ${title} {{DATE(2017-02-14T06:08:39Z,SHORT)}}";

/** The renderer must have nothing to say about a request card (unique input ids, every required input explained). */
const REQUEST_CARD_ALLOWED: Array<{ event: string; id: string }> = [];

const rgb = (hex: string) => {
  const h = hex.replace("#", "");
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
};

function file(number: number, o: { at: string; title: string; priority?: "low" | "normal" | "high" | "urgent"; description?: string; requester?: Person; category?: string }) {
  return newRequest({
    tenantId: TENANT_ID,
    dept,
    number,
    now: o.at,
    title: o.title,
    description: o.description ?? "",
    priority: o.priority ?? "normal",
    ...(o.category ? { category: o.category } : {}),
    requester: o.requester ?? REQUESTER,
    source: { kind: "teams" },
  }).request;
}

function act(req: ServiceRequest, action: RequestAction, who: Person, at: string, d: Department = dept): ServiceRequest {
  const r = applyAction(req, action, { actor: actor(who), dept: d, now: at });
  assert.ok(r.ok, JSON.stringify(r));
  return r.request;
}

const view = (r: ServiceRequest) => toView(r, NOW_MS);
const actionsFor = (r: ServiceRequest, who: Person, d: Department = dept) =>
  availableActions(r, { actor: actor(who), dept: d, now: NOW }).filter((a): a is CardAction => a !== "rate");

/** A new normal request, filed 20 minutes ago: both clocks on track. */
const fresh = () =>
  file(42, {
    at: "2026-03-02T11:40:00.000Z",
    title: "Laptop will not charge on the dock",
    description: "The dock light stays off since this morning. I tried another cable and another socket.",
    category: "hardware",
  });

/** Filed 52 of its 60 minutes ago: the first response is at risk. */
const atRisk = () => file(44, { at: "2026-03-02T11:08:00.000Z", title: "VPN drops every hour" });

/** An urgent request taken late: first response missed, resolution breached by an hour. */
const breached = () =>
  act(file(43, { at: "2026-03-02T09:00:00.000Z", priority: "urgent", title: "Payroll export fails for all of Finance", category: "software" }), { action: "take" }, AGENT, "2026-03-02T09:50:00.000Z");

/** Taken, then waiting on the requester: both clocks paused. */
const waiting = () =>
  act(
    act(file(45, { at: "2026-03-02T10:00:00.000Z", priority: "low", title: "New monitor for the meeting room" }), { action: "take" }, AGENT, "2026-03-02T10:30:00.000Z"),
    { action: "wait", text: "Which room?" },
    AGENT,
    "2026-03-02T10:40:00.000Z",
  );

/** Every string anywhere in a card's JSON. */
function strings(node: unknown, out: string[] = []): string[] {
  if (typeof node === "string") out.push(node);
  else if (Array.isArray(node)) node.forEach((n) => strings(n, out));
  else if (node && typeof node === "object") Object.values(node).forEach((n) => strings(n, out));
  return out;
}

describe("bot cards rendered by the Adaptive Cards renderer (headless Chromium)", function () {
  this.timeout(60_000);
  let browser: Browser;
  let cards: CardPage;

  before(async () => {
    browser = await launchBrowser();
    cards = await CardPage.open(browser);
  });
  after(async () => {
    await cards?.close();
    await browser?.close();
  });

  /**
   * Renders `json` `width` pixels wide, and fails on: any parse or validation event but those
   * in `allow` (an unknown element or action, a bad value, a required input without label or
   * error message...), a `${...}` left by the templating, a dialog, or text below MIN_CONTRAST.
   * `typed` is text someone typed, which may itself hold "${".
   */
  async function show(json: object, width: number, o: { allow?: Array<Pick<CardEvent, "event" | "id">>; typed?: string } = {}): Promise<void> {
    const events = (await cards.render(json, width)).filter((e) => !o.allow?.some((a) => a.event === e.event && a.id === e.id));
    assert.deepEqual(events, [], `the renderer reported: ${events.map((e) => `${e.phase} ${e.event}${e.id ? ` (${e.id})` : ""}: ${e.message}`).join("; ")}`);
    const mine = (s: string) => (o.typed ? s.replaceAll(o.typed, "") : s);
    assert.deepEqual(strings(json).filter((s) => mine(s.replace(/\u2060/g, "")).includes("${")), [], "no template expression is left unexpanded");
    assert.ok(!mine(await cards.text()).includes("${"), "no raw ${...} shows");
    const faint = (await cards.texts())
      .map((x) => ({ ...x, ratio: Math.round(contrast(x.color, x.background) * 100) / 100 }))
      .filter((x) => x.ratio < MIN_CONTRAST);
    assert.deepEqual(faint, [], "every text is readable on its background");
    assert.deepEqual(cards.dialogs, [], "no dialog opened");
  }

  /** The buttons a person sees, by title. */
  async function buttons(): Promise<string[]> {
    return cards.card.locator(".ac-pushButton:visible").evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText.trim()));
  }

  /** Every visible button sits inside the card and shows its whole title (no "…"). */
  async function assertButtonsFit(): Promise<void> {
    const problems = await cards.card.evaluate((host) => {
      const box = host.getBoundingClientRect();
      const out: string[] = [];
      for (const b of host.querySelectorAll<HTMLElement>(".ac-pushButton")) {
        if (b.offsetParent === null) continue;
        const r = b.getBoundingClientRect();
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5) out.push(`"${b.innerText}" sticks out of the card`);
        for (const el of [b, ...b.querySelectorAll<HTMLElement>("*")]) {
          if (el.scrollWidth > el.clientWidth + 1) out.push(`"${b.innerText}" is cut (${el.scrollWidth} > ${el.clientWidth} px)`);
        }
      }
      return out;
    });
    assert.deepEqual(problems, []);
  }

  /** Colour and background of the visible text that reads exactly `text`. */
  async function colours(text: string): Promise<{ color: string; background: string; ratio: number }> {
    const found = (await cards.texts()).filter((x) => x.text.replace(/\u00A0/g, " ") === text);
    assert.ok(found.length > 0, `"${text}" shows`);
    return { ...found[0]!, ratio: contrast(found[0]!.color, found[0]!.background) };
  }

  async function shot(name: string): Promise<void> {
    await cards.screenshot(screenshotPath(`bot-card-${name}`));
  }

  it("the checks themselves fail on a mistyped element or action type and on faint text", async () => {
    const events: CardEvent[] = await cards.render(
      {
        type: "AdaptiveCard",
        version: "1.5",
        body: [
          { type: "TextBlok", text: "typo" },
          { type: "TextBlock", text: "Teams' yellow on white", color: "Warning" },
        ],
        actions: [{ type: "Action.Sumbit", title: "typo" }],
      },
      CHAT,
    );
    assert.deepEqual(
      events.map((e) => e.event),
      ["UnknownElementType", "UnknownActionType"],
    );
    const yellow = await colours("Teams' yellow on white");
    assert.equal(yellow.color, rgb(TEAMS.text.warning));
    assert.ok(yellow.ratio < MIN_CONTRAST, `Teams' Warning text on white is faint (${yellow.ratio.toFixed(2)}:1)`);
  });

  for (const locale of LOCALES) {
    const say = (key: StringKey, params?: Record<string, string | number>) => t(locale, key, params);

    describe(`in ${locale === "en" ? "English" : "Spanish"}`, () => {
      it("a new request for an agent: title, clocks on track, facts, six buttons that fit and work", async () => {
        const r = fresh();
        const actions = actionsFor(r, AGENT);
        assert.deepEqual(actions, ["take", "assign", "comment", "wait", "resolve", "priority"]);
        await show(requestCard(view(r), { locale, actions, dept, now: NOW_MS }), FULL, { allow: REQUEST_CARD_ALLOWED });
        await shot(`request-agent-${locale}`);

        const text = await cards.text();
        for (const s of [
          "IT-42",
          "Laptop will not charge on the dock",
          `IT · ${say("priority.normal")} · Hardware`,
          say("status.new"),
          say("clock.firstResponse"),
          say("clock.resolution"),
          say("clock.dueAt", { time: formatTime("2026-03-02T12:40:00.000Z", "UTC", locale) }),
          say("card.requester"),
          REQUESTER.name,
          say("card.assignee"),
          say("common.unassigned"),
          say("card.filed"),
          "The dock light stays off since this morning. I tried another cable and another socket.",
        ]) {
          assert.ok(text.includes(s), `shows "${s}"`);
        }
        assert.equal(text.split(say("clock.on_track")).length - 1, 2, "both clocks on track");
        assert.equal((await colours(say("status.new"))).color, rgb(TEAMS.text.accent));
        const onTrack = await colours(say("clock.on_track"));
        assert.equal(onTrack.background, rgb(TEAMS.background.good), "on track: a green band");

        const titles = actions.map((a) => (a === "priority" ? say("card.priority") : say(`action.${a}` as StringKey)));
        assert.deepEqual([...(await buttons())].sort(), [...titles].sort());
        assert.deepEqual(await cards.card.locator(".ac-pushButton.style-positive").allInnerTexts(), [say("action.take"), say("action.resolve")], "take and resolve look positive");
        await assertButtonsFit();

        // Each box has its own input id: type in the wait box, then send the comment box; only the comment goes.
        await cards.card.getByRole("button", { name: say("action.wait"), exact: true }).click();
        await cards.card.locator("textarea:visible").fill("Which dock model?");
        await cards.card.getByRole("button", { name: say("action.comment"), exact: true }).click();
        const box = cards.card.locator("textarea:visible");
        assert.equal(await box.count(), 1, "one box open at a time");
        assert.equal(await box.getAttribute("placeholder"), say("card.commentPlaceholder"));
        const send = cards.card.locator(".ac-adaptiveCard .ac-adaptiveCard .ac-pushButton:visible", { hasText: say("action.comment") });
        await send.click();
        assert.ok((await cards.text()).includes(say("bot.comment.empty")), "an empty comment is refused on the card, in words");
        assert.deepEqual(await cards.executed(), []);
        await box.fill("On it");
        await send.click();
        assert.deepEqual(await cards.executed(), [
          { type: "Action.Execute", title: say("action.comment"), verb: "comment", data: { id: "IT-42", text_comment: "On it" } },
        ]);

        // Priority: the short button opens the full "Change priority" choice, set to the current one.
        await cards.card.getByRole("button", { name: say("card.priority"), exact: true }).click();
        const choice = cards.card.locator("select:visible");
        assert.equal(await choice.inputValue(), "normal");
        assert.ok((await cards.text()).includes(say("action.priority")));
        await choice.selectOption("high");
        await cards.card.locator(".ac-adaptiveCard .ac-adaptiveCard .ac-pushButton:visible", { hasText: say("action.priority") }).click();
        assert.deepEqual((await cards.executed()).at(-1), { type: "Action.Execute", title: say("action.priority"), verb: "priority", data: { id: "IT-42", priority: "high" } });

        await cards.card.getByRole("button", { name: say("action.take"), exact: true }).click();
        assert.deepEqual((await cards.executed()).at(-1), { type: "Action.Execute", title: say("action.take"), verb: "take", data: { id: "IT-42" } });
      });

      it("a breached request is red: missed and breached clocks in red on red bands", async () => {
        const r = breached();
        await show(requestCard(view(r), { locale, actions: actionsFor(r, AGENT), dept, now: NOW_MS }), FULL, { allow: REQUEST_CARD_ALLOWED });
        await shot(`request-breached-${locale}`);
        const text = await cards.text();
        for (const s of [say("status.in_progress"), say("clock.missed"), say("clock.breached"), say("clock.overdueBy", { duration: "1 h" }), say("clock.elapsed", { elapsed: 50, target: 15 }), AGENT.name, say("priority.urgent")]) {
          assert.ok(text.includes(s), `shows "${s}"`);
        }
        for (const state of [say("clock.missed"), say("clock.breached")]) {
          const c = await colours(state);
          assert.equal(c.color, rgb(TEAMS.text.attention), `${state} in the attention colour`);
          assert.equal(c.background, rgb(TEAMS.background.attention), `${state} on the attention band`);
        }
        assert.deepEqual([...(await buttons())].sort(), [say("action.assign"), say("action.comment"), say("action.wait"), say("action.resolve"), say("card.priority")].sort());
        await assertButtonsFit();
      });

      it("at risk, then waiting: amber, green and grey bands with dark text, the status in the accent colour", async () => {
        await show(requestCard(view(atRisk()), { locale, actions: [], dept, now: NOW_MS }), FULL, { allow: REQUEST_CARD_ALLOWED });
        await shot(`request-at-risk-${locale}`);
        const risk = await colours(say("clock.at_risk"));
        assert.equal(risk.background, rgb(TEAMS.background.warning));
        assert.equal(risk.color, rgb(TEAMS.text.default));
        assert.deepEqual(await buttons(), [], "no buttons for a reader who may do nothing");

        const w = waiting();
        const mine = actionsFor(w, REQUESTER);
        assert.deepEqual(mine, ["comment", "resume", "cancel"]);
        await show(requestCard(view(w), { locale, actions: mine, dept, now: NOW_MS }), FULL, { allow: REQUEST_CARD_ALLOWED });
        await shot(`request-waiting-${locale}`);
        assert.equal((await colours(say("status.waiting"))).color, rgb(TEAMS.text.accent));
        // Taken before it waited: the first response was met (a green band), the resolution is paused.
        const met = await colours(say("clock.met"));
        assert.deepEqual([met.color, met.background], [rgb(TEAMS.text.default), rgb(TEAMS.background.good)]);
        const paused = await colours(say("clock.paused"));
        assert.deepEqual([paused.color, paused.background], [rgb(TEAMS.text.default), rgb(TEAMS.background.emphasis)]);
        assert.deepEqual([...(await buttons())].sort(), mine.map((a) => say(`action.${a}` as StringKey)).sort(), "the requester's own buttons");
        assert.equal(await cards.card.locator(".ac-pushButton.style-destructive").innerText(), say("action.cancel"), "cancel looks destructive");
      });

      it("the new-request form starts with no department and no categories, and says to choose one", async () => {
        await show(newRequestCard({ locale, departments: DEMO_DEPARTMENTS, values: {} }), CHAT);
        await shot(`new-request-start-${locale}`);
        const text = await cards.text();
        assert.ok(text.includes(say("card.previewPick")), text);
        assert.equal(await cards.card.locator("select").count(), 1, "the department only: no category list yet");
        assert.equal(await cards.card.locator("select").inputValue(), "", "nothing preselected");
        assert.deepEqual(await buttons(), [say("card.continue")]);
        await cards.card.getByRole("button", { name: say("card.continue") }).click();
        assert.deepEqual(await cards.executed(), [], "no department: the renderer holds it back");
        await cards.card.locator("select").selectOption("HR");
        await cards.card.getByRole("button", { name: say("card.continue") }).click();
        const sent = await cards.executed();
        assert.deepEqual(sent.map((a) => [a.verb, a.data?.department]), [["new.department", "HR"]]);
      });

      it("the new-request form for a department: its categories only, each field's error in red, the SLA preview", async () => {
        const preview = previewText(IT, "high", locale, NOW_MS);
        const card = newRequestCard({
          locale,
          departments: DEMO_DEPARTMENTS,
          values: { department: "IT", category: "HR:payroll", priority: "high", title: "", description: "Since Monday" },
          errors: { title: say("form.error.title"), category: say("form.error.categoryElsewhere") },
          preview,
          sourceMessage: { author: "Carla Rossi", link: "https://teams.microsoft.com/l/message/19:abc/1700000000000" },
          suggested: true,
        });
        await show(card, CHAT);
        await shot(`new-request-${locale}`);
        const text = await cards.text();
        for (const s of [say("bot.newForm"), say("card.fromMessage", { name: "Carla Rossi" }), say("card.department"), say("card.categoryOf", { department: IT.name }), say("card.priority"), say("card.title"), say("card.description"), say("card.suggested", { department: IT.name }), preview]) {
          assert.ok(text.includes(s), `shows "${s}"`);
        }
        for (const error of [say("form.error.title"), say("form.error.categoryElsewhere")]) {
          assert.equal((await colours(error)).color, rgb(TEAMS.text.attention), `"${error}" in red`);
        }
        const [department, category] = [cards.card.locator("select").nth(0), cards.card.locator("select").nth(1)];
        assert.equal(await department.inputValue(), "IT");
        assert.equal(await department.locator("option").count(), DEMO_DEPARTMENTS.length + 1, "the five departments (and the empty choice)");
        assert.equal(await category.inputValue(), "", "another department's category is not kept");
        const values = await category.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
        assert.deepEqual(values, IT.categories.map((c) => `IT:${c.key}`), "IT's categories only");
        assert.equal(await cards.card.locator("input[type=radio]").count(), 4, "four priorities");
        assert.equal(await cards.card.locator("input[type=radio]:checked").inputValue(), "high");
        assert.equal(await cards.card.locator("input[type=text]").inputValue(), "");
        assert.equal(await cards.card.locator("input[type=text]").getAttribute("placeholder"), say("card.titlePlaceholder"));
        assert.equal(await cards.card.locator("textarea").inputValue(), "Since Monday");
        assert.deepEqual(await buttons(), [say("card.refreshCategories"), say("card.submit"), say("card.openMessage")], "the department's own button under it, then the card's");
        await assertButtonsFit();
        // Submitting with no title: the renderer holds it back and says why.
        await cards.card.getByRole("button", { name: say("card.submit") }).click();
        assert.deepEqual(await cards.executed(), []);
        assert.equal(await cards.card.locator("input[type=text].ac-input-validation-failed").count(), 1);
      });

      it("help lists every command in the reader's language, with two buttons", async () => {
        await show(helpCard(locale), CHAT);
        await shot(`help-${locale}`);
        const text = await cards.text();
        assert.ok(text.includes(say("bot.help")));
        assert.equal(await cards.card.locator(".ac-factset tr").count(), 10, "ten lines");
        for (const cmd of ["new", "my", "status", "queue", "take", "assign", "comment", "wait", "resume", "resolve", "reopen", "cancel", "priority", "sla", "link", "transfer"] as const) {
          assert.ok(text.includes(commandWord(cmd, locale)), `shows the command ${commandWord(cmd, locale)}`);
        }
        assert.ok(text.includes(say("card.help.new")), "the whole 'new' line, its <title> included");
        assert.ok(text.includes(say("card.help.action")));
        assert.deepEqual(await buttons(), [say("bot.newForm"), say("bot.my.title")]);
        await assertButtonsFit();
      });

      it("the SLA card of a demo department: targets, hours, holidays, leads", async () => {
        await show(slaCard(IT, locale, NOW_MS), CHAT);
        await shot(`sla-${locale}`);
        const text = await cards.text();
        assert.ok(text.includes("IT (IT)"), "the name and key");
        // The demo's own words in the reader's language (bot/demo/demo-language.ts).
        const description = demoDepartmentIn(IT, locale).description!;
        assert.ok(text.includes(description), `the description: ${description}`);
        assert.ok(text.includes(say("card.sla.targets")));
        assert.ok(text.includes(say("card.sla.hours", { zone: "Europe/Madrid" })));
        const [targets, hours] = [cards.card.locator(".ac-factset").nth(0), cards.card.locator(".ac-factset").nth(1)];
        assert.equal(await targets.locator("tr").count(), 4, "four priorities");
        assert.equal(await hours.locator("tr").count(), 7, "seven days");
        assert.ok(text.includes("4 h / 40 h"), "normal: 4 h first response, 40 h resolution");
        assert.ok(text.includes("15 min / 4 h"), "urgent: 15 min first response, 4 h resolution");
        assert.ok(text.includes("08:00-14:00, 15:00-18:00"));
        assert.equal(text.split(say("card.sla.closed")).length - 1, 2, "Saturday and Sunday closed");
        const holidays = locale === "en" ? "3 Apr 2026, 1 May 2026, 15 Aug 2026, 12 Oct 2026, 8 Dec 2026" : "3 abr 2026, 1 may 2026, 15 ago 2026, 12 oct 2026, 8 dic 2026";
        assert.ok(text.includes(holidays), `the next five holidays as dates people read: ${holidays}`);
        assert.ok(text.includes(`${say("card.sla.leads")}: Ana García`));
      });

      it("a queue list: one row per request, its clock state on a band of its colour, and 'more'", async () => {
        const items = [breached(), atRisk(), fresh(), waiting()].map(view);
        await show(requestListCard(say("bot.queue.title", { department: "IT" }), items, { locale, empty: "-", more: { count: 3 }, now: NOW_MS }), FULL);
        await shot(`list-${locale}`);
        const text = await cards.text();
        assert.ok(text.includes(say("bot.queue.title", { department: "IT" })));
        for (const r of items) assert.ok(text.includes(`${r.id} ${r.title}`), r.id);
        assert.ok(text.includes(`${say("status.waiting")} · ${say("priority.low")} · ${AGENT.name}`));
        assert.ok(text.includes(say("card.more", { count: 3 })));
        const expected: Array<[StringKey, string, string]> = [
          ["clock.breached", TEAMS.text.attention, TEAMS.background.attention],
          ["clock.at_risk", TEAMS.text.default, TEAMS.background.warning],
          ["clock.on_track", TEAMS.text.default, TEAMS.background.good],
          ["clock.paused", TEAMS.text.default, TEAMS.background.emphasis],
        ];
        for (const [key, color, background] of expected) {
          const c = await colours(say(key));
          assert.deepEqual([c.color, c.background], [rgb(color), rgb(background)], key);
        }
        const rows = cards.card.locator(".ac-container.ac-selectable");
        assert.equal(await rows.count(), 4, "each row opens its request");
        await rows.nth(1).click();
        assert.deepEqual(await cards.executed(), [{ type: "Action.Submit", title: "IT-44", verb: undefined, data: { verb: "status", id: "IT-44" } }]);
      });

      it("the rating card: CSAT 1-5 and CES 1-7 in words, a comment, Send and Reopen; rated, it can change while resolved; closed, only what was given", async () => {
        let r = act(fresh(), { action: "take" }, AGENT, "2026-03-02T11:45:00.000Z");
        r = act(r, { action: "resolve", text: "New dock" }, AGENT, "2026-03-02T11:55:00.000Z");
        await show(ratingCard(view(r), locale), CHAT);
        await shot(`rating-${locale}`);
        const text = await cards.text();
        assert.ok(text.includes(say("card.rate.question", { department: "IT", id: "IT-42" })));
        assert.ok(text.includes(say("rating.csat.label")));
        assert.ok(text.includes(say("rating.ces.label", { department: "IT" })), "the CES statement");
        for (const n of [1, 3, 5]) assert.ok(text.includes(say(`rating.csat.${n}` as StringKey)), `CSAT ${n} in words`);
        for (const n of [1, 4, 7]) assert.ok(text.includes(say(`rating.ces.${n}` as StringKey)), `CES ${n} in words`);
        assert.ok(text.includes(say("card.rate.comment")));
        assert.equal(await cards.card.locator("input[type=radio]").count(), 5 + 7);
        assert.equal(await cards.card.locator("textarea").count(), 1);
        assert.deepEqual(await buttons(), [say("rating.submit"), say("action.reopen")]);
        await cards.card.getByRole("button", { name: say("rating.submit") }).click();
        assert.deepEqual(await cards.executed(), [], "no score, nothing sent");
        assert.ok((await cards.text()).includes(say("rating.error.score")), "and the card says why");
        await cards.card.getByRole("radio", { name: `4 · ${say("rating.csat.4")}` }).check();
        await cards.card.getByRole("radio", { name: `6 · ${say("rating.ces.6")}` }).check();
        await cards.card.locator("textarea").fill("Quick, thanks");
        await cards.card.getByRole("button", { name: say("rating.submit") }).click();
        assert.deepEqual((await cards.executed()).map((a) => [a.verb, a.data]), [["rate", { id: "IT-42", score: "4", effort: "6", comment: "Quick, thanks" }]]);

        const rated = act(r, { action: "rate", score: 4, effort: 6, comment: "Quick, thanks" }, REQUESTER, "2026-03-02T11:58:00.000Z");
        await show(ratingCard(view(rated), locale), CHAT);
        await shot(`rating-done-${locale}`);
        const after = await cards.text();
        assert.ok(after.includes(say("rating.given", { score: 4, meaning: say("rating.csat.4").toLowerCase() })), after);
        assert.ok(after.includes(say("rating.givenEffort", { effort: 6, meaning: say("rating.ces.6").toLowerCase() })), after);
        assert.deepEqual(await buttons(), [say("rating.change"), say("action.reopen")], "still resolved: change it, or reopen");
        assert.equal(await cards.card.locator("textarea").inputValue(), "Quick, thanks", "the form holds what was given");

        const closed = { ...rated, status: "closed" as const, closedAt: "2026-03-09T12:00:00.000Z" };
        await show(ratingCard(view(closed), locale), CHAT);
        assert.equal(await cards.card.locator("input, textarea").count(), 0);
        assert.deepEqual(await buttons(), []);
      });

      it("the thank card (kudos): who resolved it, a box for a few words, Thank; given, what was said and no button", async () => {
        let r = act(fresh(), { action: "take" }, AGENT, "2026-03-02T11:45:00.000Z");
        r = act(r, { action: "resolve", text: "New dock" }, LEAD, "2026-03-02T11:55:00.000Z");
        await show(thankCard(view(r), locale)!, CHAT);
        await shot(`thank-${locale}`);
        const text = await cards.text();
        assert.ok(text.includes(say("card.thank.question", { names: LEAD.name })), `thanks go to whoever resolved it: ${text}`);
        assert.ok(text.includes(say("thank.public", { department: "IT" })), "it says the words are public");
        assert.deepEqual(await buttons(), [say("thank.send", { names: LEAD.name })]);
        await assertButtonsFit();
        await cards.card.locator("textarea").fill(TYPED);
        await cards.card.getByRole("button", { name: say("thank.send", { names: LEAD.name }) }).click();
        assert.deepEqual((await cards.executed()).map((a) => [a.verb, a.data]), [["thank", { id: "IT-42", text_thank: TYPED }]], "Thank sends the words");

        const thanked = act(r, { action: "thank", text: TYPED }, REQUESTER, "2026-03-02T11:58:00.000Z");
        await show(thankCard(view(thanked), locale)!, CHAT, { typed: TYPED });
        await shot(`thank-done-${locale}`);
        const after = await cards.text();
        assert.ok(after.includes(say("thank.given", { names: LEAD.name })), after);
        assert.ok(after.includes(TYPED), `the words as typed, as text: ${after}`);
        assert.equal(await cards.card.locator("a, img").count(), 0, "no link, no image from what was typed");
        assert.deepEqual(await buttons(), [], "no second Thank");
        assert.equal(thankCard(view(fresh()), locale), undefined, "nobody worked it yet: no thank card");
      });

      it("an escalation with its history: red band and heading, the request, one line per event, Open", async () => {
        const r = breached();
        const events: Array<Omit<HistoryEvent, "seq">> = [
          { at: "2026-03-02T09:00:00.000Z", kind: "created", actor: REQUESTER },
          { at: "2026-03-02T09:12:00.000Z", kind: "sla", clock: "firstResponse", sla: "breach" },
          { at: "2026-03-02T09:50:00.000Z", kind: "assigned", actor: AGENT, to: AGENT.name },
          { at: "2026-03-02T10:05:00.000Z", kind: "comment", actor: AGENT, text: "Looking at the export job logs now.", public: true },
          { at: "2026-03-02T10:36:00.000Z", kind: "escalation", step: "warn" },
          { at: "2026-03-02T11:00:00.000Z", kind: "priority", actor: LEAD, from: "high", to: "urgent" },
          { at: "2026-03-02T11:00:00.000Z", kind: "escalation", step: "breach" },
        ];
        const history = events.map((e) => `${formatTime(e.at, "UTC", locale)} · ${historyLine(e, locale).line}`);
        await show(escalationCard(view(r), { locale, step: "breach150", clock: "resolution", dept, history }), FULL);
        await shot(`escalation-${locale}`);
        const text = await cards.text();
        assert.ok(text.includes(say("escalation.breach150.text", { id: "IT-43", clock: say("clock.resolution").toLowerCase() })));
        assert.ok(text.includes("IT-43 Payroll export fails for all of Finance"));
        assert.ok(text.includes(`${say("status.in_progress")} · ${say("priority.urgent")} · ${AGENT.name}`));
        assert.ok(text.includes(say("card.escalation.history")));
        const lines = await cards.card.locator(".ac-richTextBlock").filter({ hasText: /UTC · / }).count();
        assert.equal(lines, history.length, "one line per event");
        for (const line of history) assert.ok(text.includes(line), line);
        const heading = await colours(say("escalation.breach150"));
        assert.deepEqual([heading.color, heading.background], [rgb(TEAMS.text.attention), rgb(TEAMS.background.attention)]);
        assert.deepEqual(await buttons(), [say("action.open")]);
        await cards.card.getByRole("button", { name: say("action.open") }).click();
        assert.deepEqual((await cards.executed()).map((a) => a.data), [{ verb: "status", id: "IT-43" }]);
      });

      it("an at-risk warning: dark heading on an amber band, no history", async () => {
        await show(escalationCard(view(atRisk()), { locale, step: "warn", clock: "firstResponse", dept }), FULL);
        await shot(`escalation-warn-${locale}`);
        const text = await cards.text();
        assert.ok(text.includes(say("escalation.warn.text", { id: "IT-44", percent: dept.sla.warnAtPercent, clock: say("clock.firstResponse").toLowerCase(), time: formatTime("2026-03-02T12:08:00.000Z", "UTC", locale), department: dept.name })), text);
        const heading = await colours(say("escalation.warn"));
        assert.deepEqual([heading.color, heading.background], [rgb(TEAMS.text.default), rgb(TEAMS.background.warning)]);
        assert.ok(!text.includes(say("card.escalation.history")), "no history on a warning");
      });

      it("notices: a band per kind, the text readable on each", async () => {
        const kinds = [
          ["info", TEAMS.background.default],
          ["success", TEAMS.background.good],
          ["warning", TEAMS.background.warning],
          ["error", TEAMS.background.attention],
        ] as const;
        for (const [kind, background] of kinds) {
          const text = `${kind}: ${say("bot.comment.empty")}`;
          await show(noticeCard({ text, kind, locale }), CHAT);
          await shot(`notice-${kind}-${locale}`);
          const c = await colours(text);
          assert.equal(c.background, rgb(background), kind);
        }
      });

      it("what people typed shows as typed: no link, image, bold or date from markdown, HTML or template syntax", async () => {
        const typist: Person = { id: "u-typist", name: TYPED };
        const team = department({ agents: [AGENT, typist] });
        const filed = file(46, { at: "2026-03-02T11:40:00.000Z", title: TYPED, description: `${TYPED}\nsecond line`, requester: typist });
        const r = act(filed, { action: "assign", assignee: typist }, LEAD, "2026-03-02T11:45:00.000Z", team);
        const v = view(r);
        const rendered: Array<[name: string, json: object, width: number, times: number]> = [
          // title, description, requester, assignee
          ["request", requestCard(v, { locale, actions: actionsFor(r, LEAD, team), dept: team, now: NOW_MS }), FULL, 4],
          // list title, item title, assignee in the item's line
          ["list", requestListCard(TYPED, [v], { locale, empty: "-", more: { count: 0 } }), FULL, 3],
          // title, assignee, a history line
          ["escalation", escalationCard(v, { locale, step: "breach150", clock: "firstResponse", dept: team, history: [`${formatTime(NOW, "UTC", locale)} · ${TYPED}`] }), FULL, 3],
          // the form's error line and the message's author
          ["new-request", newRequestCard({ locale, departments: [dept], values: { department: "IT", title: TYPED, description: TYPED }, errors: { form: TYPED }, sourceMessage: { author: TYPED } }), CHAT, 2],
        ];
        for (const [name, json, width, times] of rendered) {
          await show(json, width, { allow: name === "request" ? REQUEST_CARD_ALLOWED : [], typed: TYPED });
          await shot(`typed-${name}-${locale}`);
          assert.equal(await cards.card.locator("a").count(), 0, `${name}: no link`);
          assert.equal(await cards.card.locator("img").count(), 0, `${name}: no image`);
          assert.equal(await cards.card.locator("strong, b, em").count(), 0, `${name}: no bold or italics from markdown`);
          const text = await cards.text();
          assert.equal(text.split(TYPED).length - 1, times, `${name}: the typed text shows, character for character, ${times} times in:\n${text}`);
          assert.ok(!/2\/14\/2017|Feb 14, 2017|14 Feb 2017|14 feb 2017/i.test(text), `${name}: no DATE() was formatted`);
        }
        // The form gives back what was typed in its inputs, untouched.
        assert.equal(await cards.card.locator("input[type=text]").inputValue(), TYPED);
        assert.equal(await cards.card.locator("textarea").inputValue(), TYPED);
        assert.deepEqual(cards.dialogs, [], "no script ran");
      });
    });
  }
});
