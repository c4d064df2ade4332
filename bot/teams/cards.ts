/**
 * The bot's Adaptive Cards (schema 1.5). Each card is a JSON template in ./cards, expanded with
 * adaptivecards-templating from data made here. What people typed (titles, comments, names)
 * is only ever placed in a TextRun, which Teams never reads as markdown, after `unbrace`, so
 * it cannot become a link, a mention or a DATE() function; templating never re-reads data.
 */
import { PRIORITIES, WEEKDAYS, type ClockView, type Department, type EscalationStep, type HistoryEvent, type RequestView, type Status } from "../../shared/domain.ts";
import { historyLine } from "../../shared/history.ts";
import { thankOutcome, thankedPeople, type ActionName } from "../../shared/lifecycle.ts";
import { t, type Locale, type StringKey } from "../../shared/strings/index.ts";
import { commandWord, type CommandName } from "../../shared/commands.ts";
import { unbrace, type AdaptiveCardJson } from "./card-kit.ts";
import { Template } from "./templating.ts";
import { demoDepartmentIn } from "../demo/demo-language.ts";
import escalationTemplate from "./cards/escalation.json" with { type: "json" };
import helpTemplate from "./cards/help.json" with { type: "json" };
import listTemplate from "./cards/list.json" with { type: "json" };
import newRequestTemplate from "./cards/new-request.json" with { type: "json" };
import conversationTemplate from "./cards/conversation.json" with { type: "json" };
import noticeTemplate from "./cards/notice.json" with { type: "json" };
import ratingTemplate from "./cards/rating.json" with { type: "json" };
import thankTemplate from "./cards/thank.json" with { type: "json" };
import requestTemplate from "./cards/request.json" with { type: "json" };
import slaTemplate from "./cards/sla.json" with { type: "json" };

/** The actions a request card can offer (rating has its own card). */
export type CardAction = Exclude<ActionName, "rate">;

const templates = new Map<object, InstanceType<typeof Template>>();

export function expand(template: object, data: Record<string, unknown>): AdaptiveCardJson {
  let compiled = templates.get(template);
  if (!compiled) templates.set(template, (compiled = new Template(template)));
  return compiled.expand({ $root: data }) as AdaptiveCardJson;
}

/** User text, safe for a TextRun and kept to `max` characters. */
export function plain(s: string | undefined, max = 400): string {
  const text = (s ?? "").replace(/\r\n?/g, "\n");
  return unbrace(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}

// Making an Intl.DateTimeFormat costs ~0.1 ms: one per locale and zone, kept.
const formats = new Map<string, Intl.DateTimeFormat>();

export function formatTime(iso: string | undefined, timeZone: string, locale: Locale): string {
  if (!iso) return "-";
  const key = `${locale}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === "es" ? "es-ES" : "en-GB", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    });
    if (formats.size > 500) formats.clear();
    formats.set(key, f);
  }
  return f.format(new Date(iso));
}

/** A number of minutes as people say it: "45 min", "8 h", "2 h 30 min". */
export function formatMinutes(minutes: number, locale: Locale): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h >= 48 && rest === 0 && h % 24 === 0) return locale === "es" ? `${h / 24} d` : `${h / 24} d`;
  return rest ? `${h} h ${rest} min` : `${h} h`;
}

/*
 * Teams' light theme draws Good and Warning text in pale green and yellow, below 3:1 contrast
 * on white and on its own tinted bands. So a state shows as the tint of its band (its style),
 * and its label keeps the default colour, or Attention, which stays readable on its band.
 * Every state has a band (paused a neutral one), so the clocks' texts line up side by side.
 */
const STATE_COLOR: Record<ClockView["state"], string> = {
  on_track: "Default",
  at_risk: "Default",
  breached: "Attention",
  paused: "Default",
  met: "Default",
  missed: "Attention",
  handed_off: "Default",
};

const STATE_STYLE: Record<ClockView["state"], string> = {
  on_track: "good",
  at_risk: "warning",
  breached: "attention",
  paused: "emphasis",
  met: "good",
  missed: "attention",
  handed_off: "emphasis",
};

/** What a clock means now: "Due Tue 3 Mar, 10:00 CET" while it runs, the minutes used once it stopped. */
function clockDetail(c: ClockView, timeZone: string, locale: Locale, now: number): string {
  if (c.dueAt && (c.state === "on_track" || c.state === "at_risk")) return t(locale, "clock.dueAt", { time: formatTime(c.dueAt, timeZone, locale) });
  if (c.dueAt && c.state === "breached") return t(locale, "clock.overdueBy", { duration: formatMinutes(c.elapsedMinutes - c.targetMinutes, locale) });
  void now;
  return t(locale, "clock.elapsed", { elapsed: Math.round(c.elapsedMinutes), target: c.targetMinutes });
}

/** Open requests in the accent colour, finished ones in the default (no Good/Warning text: see above). */
function statusColor(view: RequestView): string {
  if (view.status === "resolved" || view.status === "closed" || view.status === "cancelled") return "Default";
  return "Accent";
}

export interface RequestCardOptions {
  locale: Locale;
  /** The buttons to offer: what this reader may do now. */
  actions: readonly CardAction[];
  /** The request's department (its name, categories, people to assign to, time zone). */
  dept?: Department;
  /** The reader's time zone when known; else the department's (named either way). */
  zone?: string;
  now?: number;
}

/** The zone a card's times are in: the reader's when Teams told us, else the department's. */
export const cardZone = (zone: string | undefined, dept: Department | undefined) => zone ?? dept?.calendar.timeZone ?? "UTC";

/** A request with both SLA clocks, who has it, and the buttons its reader may use. */
export function requestCard(view: RequestView, o: RequestCardOptions): AdaptiveCardJson {
  const { locale } = o;
  const dept = o.dept && demoDepartmentIn(o.dept, locale);
  const zone = cardZone(o.zone, dept);
  const now = o.now ?? Date.now();
  const category = dept?.categories.find((c) => c.key === view.category)?.name ?? view.category;
  const subtitle = [dept?.name ?? view.department, t(locale, `priority.${view.priority}` as StringKey), category].filter(Boolean).join(" · ");
  const clocks = (["firstResponse", "resolution"] as const).map((k) => {
    const c = view.sla[k];
    return {
      name: t(locale, `clock.${k}`),
      state: t(locale, `clock.${c.state}` as StringKey),
      color: STATE_COLOR[c.state],
      style: STATE_STYLE[c.state],
      detail: clockDetail(c, zone, locale, now),
    };
  });
  const facts = [
    { label: t(locale, "card.requester"), value: plain(view.requester.name, 120) },
    { label: t(locale, "card.assignee"), value: plain(view.assignee?.name ?? t(locale, "common.unassigned"), 120) },
    { label: t(locale, "card.filed"), value: `${formatTime(view.createdAt, zone, locale)} · ${t(locale, `source.${view.source.kind}` as StringKey)}` },
  ];
  const input: Partial<Record<CardAction, { input: string; required?: boolean; style?: string }>> = {
    take: { input: "", style: "positive" },
    resume: { input: "" },
    assign: { input: "assignee" },
    comment: { input: "text", required: true },
    wait: { input: "text" },
    resolve: { input: "text", style: "positive" },
    reopen: { input: "text" },
    cancel: { input: "text", style: "destructive" },
    priority: { input: "priority" },
  };
  // Six buttons share one row: the priority button says just "Priority" (its form keeps the
  // full "Change priority"), so the row fits a Full-width card in Spanish too.
  const buttons = o.actions.map((a) => ({
    verb: a,
    title: t(locale, a === "priority" ? "card.priority" : (`action.${a}` as StringKey)),
    label: t(locale, `action.${a}` as StringKey),
    input: input[a]?.input ?? "",
    required: input[a]?.required ?? false,
    style: input[a]?.style ?? "default",
    placeholder: t(locale, "card.commentPlaceholder"),
  }));
  return expand(requestTemplate, {
    id: view.id,
    title: plain(view.title, 200),
    subtitle: plain(subtitle, 300),
    statusLabel: t(locale, `status.${view.status}` as StringKey),
    statusColor: statusColor(view),
    clocks,
    facts,
    description: plain(view.description, 600),
    buttons,
    textRequired: t(locale, "bot.comment.empty"),
    assignRequired: t(locale, "card.assignRequired"),
    priorityError: t(locale, "form.error.priority"),
    priority: view.priority,
    priorities: PRIORITIES.map((p) => ({ title: t(locale, `priority.${p}`), value: p })),
    people: dept ? uniquePeople([...dept.agents, ...dept.leads]).map((p) => ({ id: p.id, name: plain(p.name, 120) })) : [],
  });
}

function uniquePeople<P extends { id: string }>(people: P[]): P[] {
  return people.filter((p, i) => people.findIndex((q) => q.id === p.id) === i);
}

/** A short list of requests (my requests, a queue): each line opens the request's card. */
export function requestListCard(
  title: string,
  items: RequestView[],
  o: { locale: Locale; empty: string; more: { count: number; openEnded?: boolean }; now?: number; departments?: Department[]; zone?: string },
): AdaptiveCardJson {
  const { locale } = o;
  return expand(listTemplate, {
    title: plain(title, 200),
    empty: plain(o.empty),
    items: items.map((r) => {
      const clock = r.firstRespondedAt || r.status === "resolved" || r.status === "closed" ? r.sla.resolution : r.sla.firstResponse;
      return {
        id: r.id,
        title: plain(r.title, 120),
        subtitle: plain(`${t(locale, `status.${r.status}` as StringKey)} · ${t(locale, `priority.${r.priority}` as StringKey)} · ${r.assignee?.name ?? t(locale, "common.unassigned")}`, 200),
        state: t(locale, `clock.${clock.state}` as StringKey),
        color: STATE_COLOR[clock.state],
        style: STATE_STYLE[clock.state],
        // In the reader's zone when known, as on the request's card.
        due: clock.dueAt ? formatTime(clock.dueAt, cardZone(o.zone, o.departments?.find((d) => d.key === r.department)), locale) : "",
      };
    }),
    more: o.more.openEnded ? t(locale, "card.moreThan", { count: o.more.count }) : o.more.count > 0 ? t(locale, "card.more", { count: o.more.count }) : "",
  });
}

/** A line of text as a card: a reply, a refusal, an error. */
export function noticeCard(o: { text: string; kind: "info" | "success" | "warning" | "error"; locale: Locale }): AdaptiveCardJson {
  const style = { info: "default", success: "good", warning: "warning", error: "attention" }[o.kind];
  const color = o.kind === "error" ? "Attention" : "Default";
  return expand(noticeTemplate, { text: plain(o.text, 2000), style, color, weight: o.kind === "info" ? "Default" : "Bolder" });
}

const HELP: Array<{ names: CommandName[]; key: StringKey; args: { en: string; es: string } }> = [
  { names: ["new"], key: "card.help.new", args: { en: "", es: "" } },
  { names: ["my"], key: "card.help.my", args: { en: "", es: "" } },
  { names: ["status"], key: "card.help.status", args: { en: " IT-42", es: " IT-42" } },
  { names: ["queue"], key: "card.help.queue", args: { en: " [IT]", es: " [IT]" } },
  { names: ["take", "assign", "comment", "wait", "resume", "resolve", "reopen", "cancel"], key: "card.help.work", args: { en: " IT-42 ...", es: " IT-42 ..." } },
  { names: ["priority"], key: "card.help.priority", args: { en: " IT-42 high", es: " IT-42 alta" } },
  { names: ["transfer"], key: "card.help.transfer", args: { en: " IT-42 HR <reason>", es: " IT-42 HR <motivo>" } },
  { names: ["sla"], key: "card.help.sla", args: { en: " [IT]", es: " [IT]" } },
  { names: ["link"], key: "card.help.link", args: { en: " IT", es: " IT" } },
  { names: ["link"], key: "card.help.linkRequests", args: { en: " IT-8 IT-1 related|duplicate", es: " IT-8 IT-1 relacionado|duplicado" } },
];

/** Every command in the reader's language. */
export function helpCard(locale: Locale): AdaptiveCardJson {
  return expand(helpTemplate, {
    title: t(locale, "bot.help"),
    commands: HELP.map((h) => ({
      usage: `${h.names.map((n) => commandWord(n, locale)).join(" | ")}${h.args[locale]}`,
      what: t(locale, h.key),
    })),
    messageAction: t(locale, "card.help.action"),
    newLabel: t(locale, "bot.newForm"),
    myLabel: t(locale, "bot.my.title"),
    myWord: commandWord("my", locale),
  });
}

/** A department's published SLA: targets per priority, working hours, next holidays, leads. */
export function slaCard(department: Department, locale: Locale, now = Date.now()): AdaptiveCardJson {
  const dept = demoDepartmentIn(department, locale);
  const dayName = (i: number) => new Intl.DateTimeFormat(locale === "es" ? "es-ES" : "en-GB", { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 1 + i)));
  const today = new Date(now).toISOString().slice(0, 10);
  // "3 Apr 2026", each kept on one line: a raw "2026-12-08" wrapped mid-date at the card's edge.
  const dateFormat = new Intl.DateTimeFormat(locale === "es" ? "es-ES" : "en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const holidays = [...dept.calendar.holidays]
    .filter((d) => d >= today)
    .sort()
    .slice(0, 5)
    .map((d) => dateFormat.format(new Date(`${d}T00:00:00Z`)).replace(/ /g, "\u00A0"));
  return expand(slaTemplate, {
    name: plain(dept.name, 100),
    key: dept.key,
    description: plain(dept.description ?? "", 300),
    targetsLabel: t(locale, "card.sla.targets"),
    targets: PRIORITIES.map((p) => ({
      priority: t(locale, `priority.${p}`),
      value: `${formatMinutes(dept.sla.targets[p].firstResponseMinutes, locale)} / ${formatMinutes(dept.sla.targets[p].resolutionMinutes, locale)}`,
    })),
    hoursLabel: t(locale, "card.sla.hours", { zone: dept.calendar.timeZone }),
    hours: WEEKDAYS.map((d, i) => ({
      day: dayName(i),
      value: dept.calendar.week[d].length ? dept.calendar.week[d].map(([a, b]) => `${a}-${b}`).join(", ") : t(locale, "card.sla.closed"),
    })),
    holidaysLabel: t(locale, "card.sla.holidays"),
    holidays,
    leadsLabel: t(locale, "card.sla.leads"),
    leads: plain(dept.leads.map((l) => l.name).join(", "), 300),
  });
}

export interface NewRequestCardInput {
  locale: Locale;
  departments: Department[];
  values: { department?: string; category?: string; priority?: string; title?: string; description?: string };
  errors?: Partial<Record<"department" | "category" | "priority" | "title" | "description" | "form", string>>;
  /** "IT replies by ..." for the department chosen. */
  preview?: string;
  sourceMessage?: { author: string; link?: string };
  /** The department was suggested (from a message's words), not chosen: the form says so. */
  suggested?: boolean;
  /** Similar at intake: open requests that look like the same case, each with "follow that one instead". */
  similar?: Array<{ id: string; title: string; status: Status; mine: boolean }>;
}

/**
 * The new-request form. Nothing is preselected unless suggested: until a department is chosen
 * the form asks for it and continues (Action.Execute) to the form for that department, with its
 * own categories only (`DEPT:key`, so a category left from another department is caught) and
 * when it will answer. Teams cannot act on a choice as it changes, hence the step.
 */
export function newRequestCard(input: NewRequestCardInput): AdaptiveCardJson {
  const o = { ...input, departments: input.departments.map((d) => demoDepartmentIn(d, input.locale)) };
  const { locale } = o;
  const e = o.errors ?? {};
  const chosen = o.departments.find((d) => d.key === o.values.department);
  const category = o.values.category && !o.values.category.includes(":") && chosen ? `${chosen.key}:${o.values.category}` : (o.values.category ?? "");
  return expand(newRequestTemplate, {
    heading: t(locale, "bot.newForm"),
    source: o.sourceMessage ? plain(t(locale, "card.fromMessage", { name: o.sourceMessage.author || t(locale, "common.someone") }), 300) : "",
    sourceLink: o.sourceMessage?.link ?? "",
    chosen: !!chosen,
    several: o.departments.length > 1,
    suggested: chosen && o.suggested ? plain(t(locale, "card.suggested", { department: chosen.name }), 300) : "",
    labels: {
      department: t(locale, "card.department"),
      chooseDepartment: t(locale, "card.chooseDepartment"),
      departmentError: t(locale, "form.error.department"),
      category: chosen ? plain(t(locale, "card.categoryOf", { department: chosen.name }), 120) : t(locale, "card.category"),
      noCategory: t(locale, "card.noCategory"),
      priority: t(locale, "card.priority"),
      priorityError: t(locale, "form.error.priority"),
      title: t(locale, "card.title"),
      titlePlaceholder: t(locale, "card.titlePlaceholder"),
      titleError: t(locale, "form.error.title"),
      description: t(locale, "card.description"),
      descriptionPlaceholder: t(locale, "card.descriptionPlaceholder"),
      submit: t(locale, o.similar?.length ? "similar.fileAnyway" : "card.submit"),
      similarIntro: t(locale, "similar.botIntro"),
      continue: t(locale, "card.continue"),
      refresh: t(locale, "card.refreshCategories"),
      openMessage: t(locale, "card.openMessage"),
    },
    departments: o.departments.map((d) => ({ title: plain(`${d.name} (${d.key})`, 120), value: d.key })),
    categories: (chosen?.categories ?? []).map((c) => ({ title: plain(c.name, 120), value: `${chosen!.key}:${c.key}` })),
    priorities: PRIORITIES.map((p) => ({ title: t(locale, `priority.${p}`), value: p })),
    values: {
      department: chosen?.key ?? "",
      // A category of another department (the department was changed) is not carried over.
      category: chosen && category.startsWith(`${chosen.key}:`) ? category : "",
      priority: o.values.priority ?? "normal",
      title: (o.values.title ?? "").slice(0, 200),
      description: (o.values.description ?? "").slice(0, 32_000),
    },
    errors: {
      form: plain(e.form ?? "", 500),
      department: e.department ?? "",
      category: e.category ?? "",
      priority: e.priority ?? "",
      title: e.title ?? "",
      description: e.description ?? "",
    },
    preview: plain(chosen ? (o.preview ?? "") : t(locale, "card.previewPick"), 300),
    similar: (o.similar ?? []).map((r) => ({
      id: r.id,
      line: plain(`${r.id} · ${r.title} · ${t(locale, `status.${r.status}`)}${r.mine ? ` · ${t(locale, "similar.yours")}` : ""}`, 300),
      button: t(locale, r.mine ? "similar.open" : "similar.follow"),
    })),
  });
}

/**
 * "How did IT do?": CSAT 1 to 5 and CES 1 to 7, each choice in words, and an optional comment.
 * While the request is resolved the rating can be given or changed (the last one counts) and
 * Reopen stays offered; once closed, only what was given.
 */
export function ratingCard(view: RequestView, locale: Locale): AdaptiveCardJson {
  const r = view.rating;
  const csat = (n: number) => t(locale, `rating.csat.${n}` as StringKey);
  const ces = (n: number) => t(locale, `rating.ces.${n}` as StringKey);
  return expand(ratingTemplate, {
    id: view.id,
    open: view.status === "resolved",
    question: plain(t(locale, "card.rate.question", { department: view.department, id: view.id }), 300),
    given: r ? t(locale, "rating.given", { score: r.score, meaning: csat(r.score).toLowerCase() }) : "",
    effortGiven: r?.effort ? t(locale, "rating.givenEffort", { effort: r.effort, meaning: ces(r.effort).toLowerCase() }) : "",
    scoreLabel: t(locale, "rating.csat.label"),
    scoreError: t(locale, "rating.error.score"),
    scores: [1, 2, 3, 4, 5].map((n) => ({ title: `${n} · ${csat(n)}`, value: String(n) })),
    effortLabel: plain(t(locale, "rating.ces.label", { department: view.department }), 300),
    efforts: [1, 2, 3, 4, 5, 6, 7].map((n) => ({ title: `${n} · ${ces(n)}`, value: String(n) })),
    commentLabel: t(locale, "card.rate.comment"),
    changeable: t(locale, "rating.changeable"),
    values: { score: r ? String(r.score) : "", effort: r?.effort ? String(r.effort) : "", comment: r?.comment ?? "" },
    send: t(locale, r ? "rating.change" : "rating.submit"),
    reopen: t(locale, "action.reopen"),
  });
}

/**
 * Kudos: the requester's thank card beside the rating card (a card of its own: the rating's
 * required score must not hold a thank back). While they may thank, a box for a few words
 * (optional) and "Thank <name>"; once thanked, what they said. Names and words in TextRuns.
 */
export function thankCard(view: RequestView, locale: Locale): AdaptiveCardJson | undefined {
  const names = thankedPeople(view).map((p) => p.name).join(", ");
  const given = view.kudos?.find((k) => k.by.id === view.requester.id);
  const open = !given && thankOutcome(view, view.requester, undefined) === "new";
  if (!open && !given) return undefined;
  const to = given ? given.to.map((p) => p.name).join(", ") : names;
  return expand(thankTemplate, {
    id: view.id,
    open,
    question: plain(t(locale, "card.thank.question", { names: to }), 300),
    given: given ? plain(t(locale, "thank.given", { names: to }), 300) : "",
    givenText: given?.text ? plain(given.text, 500) : "",
    label: plain(t(locale, "thank.label", { names: to }), 300),
    public: plain(t(locale, "thank.public", { department: view.department }), 300),
    send: plain(t(locale, "thank.send", { names: to }), 120),
  });
}

/** An escalation step for the assignee, the leads or the triage channel; the last one with the history. */
export function escalationCard(
  view: RequestView,
  o: {
    locale: Locale;
    step: EscalationStep;
    clock: "firstResponse" | "resolution";
    dept?: Department;
    history?: string[];
    /** Who else was told, said to this reader ("You and the other leads..."), or nothing. */
    told?: string;
    /** The request's warning threshold (its SLA terms): what the warning says was reached. */
    warnAtPercent?: number;
    /** The reader's time zone when known. */
    zone?: string;
  },
): AdaptiveCardJson {
  const { locale } = o;
  const dept = o.dept && demoDepartmentIn(o.dept, locale);
  const c = view.sla[o.clock];
  const zone = cardZone(o.zone, dept);
  // The threshold that fired the warning, not the time used when the card happens to be made.
  const percent = o.warnAtPercent ?? dept?.sla.warnAtPercent ?? (c.targetMinutes ? Math.floor((c.elapsedMinutes / c.targetMinutes) * 100) : 100);
  const said = t(locale, `escalation.${o.step}.text` as StringKey, {
    id: view.id,
    percent,
    clock: t(locale, `clock.${o.clock}`).toLowerCase(),
    time: formatTime(c.dueAt, zone, locale),
    department: dept?.name ?? view.department,
  });
  const text = o.told ? `${said} ${o.told}` : said;
  const lines = o.history ?? [];
  return expand(escalationTemplate, {
    heading: t(locale, `escalation.${o.step}` as StringKey),
    color: o.step === "warn" ? "Default" : "Attention",
    style: o.step === "warn" ? "warning" : "attention",
    text: plain(text, 500),
    id: view.id,
    title: plain(view.title, 200),
    subtitle: plain(`${t(locale, `status.${view.status}` as StringKey)} · ${t(locale, `priority.${view.priority}` as StringKey)} · ${view.assignee?.name ?? t(locale, "common.unassigned")}`, 300),
    historyLabel: t(locale, "card.escalation.history"),
    // The newest 40 lines: a card has a size limit (about 28 KB in Teams).
    history: lines.slice(-40).map((l) => plain(l, 300)),
    open: t(locale, "action.open"),
  });
}

/** How much of what someone wrote a notice or a thread line shows: a screenful, not a page. */
export const WORDS_MAX = 600;
/** The newest entries of the public thread a card shows (a card has a size limit). */
const THREAD_MAX = 12;
/** What a requester follows in the thread: what people said and the steps the request took. */
const THREAD_KINDS: ReadonlySet<HistoryEvent["kind"]> = new Set(["created", "comment", "status", "assigned", "rated", "thanked"]);

export interface ConversationParts {
  locale: Locale;
  /** The request's id (the reply box answers on it). */
  id: string;
  /** What was said that caused a notice, shown first and whole (up to WORDS_MAX). */
  words?: { by: string; text: string };
  /** The request's history; only its public part is shown, newest last. */
  history?: ReadonlyArray<Omit<HistoryEvent, "seq">>;
  /** The department's time zone, for the thread's times. */
  zone?: string;
  warnAtPercent?: number;
  /** Offer the reply box (the reader may comment on the request). */
  reply?: boolean;
}

/**
 * The words of a notice, the public thread and the reply box, added to a card: at the top for
 * a notice (what was said comes first), under the request for `status`. Everything people
 * wrote goes in TextRuns (never markdown) after `plain`, so `**x**`, links, `<b>` and
 * `${x}` or `{{DATE()}}` show as typed; internal notes are never in the thread.
 */
export function withConversation(card: AdaptiveCardJson, o: ConversationParts, at: "top" | "bottom"): AdaptiveCardJson {
  const { locale } = o;
  const all = o.history ?? [];
  // A take or a reply moves the request to "in progress" in the same step: that line says nothing the one beside it does not.
  const echo = (e: (typeof all)[number]) =>
    e.kind === "status" && e.to === "in_progress" && (e.from === "new" || e.from === "waiting") &&
    all.some((x) => x !== e && x.at === e.at && x.actor?.id === e.actor?.id && (x.kind === "assigned" || x.kind === "comment"));
  const shown = all.filter((e) => THREAD_KINDS.has(e.kind) && e.public !== false && (e.kind !== "comment" || e.text) && !echo(e));
  const newest = shown.slice(-THREAD_MAX);
  const thread = newest.map((e) => {
    const { line, text } = historyLine(e, locale, o.warnAtPercent);
    return { line: plain(`${formatTime(e.at, o.zone ?? "UTC", locale)} · ${line}`, 300), text: text ? plain(text, WORDS_MAX) : "" };
  });
  const block = expand(conversationTemplate, {
    id: o.id,
    words: o.words ? plain(o.words.text, WORDS_MAX) : "",
    wordsLabel: o.words ? plain(t(locale, "notice.wrote", { name: o.words.by || t(locale, "common.someone") }), 200) : "",
    threadLabel: t(locale, "notice.thread"),
    older: shown.length > newest.length ? t(locale, "notice.threadOlder", { count: shown.length - newest.length }) : "",
    thread,
    replyLabel: o.reply ? t(locale, "notice.reply") : "",
    replyPlaceholder: t(locale, "notice.replyPlaceholder", { id: o.id }),
    replyError: t(locale, "notice.replyEmpty"),
    replySend: t(locale, "notice.send"),
  });
  const added = block.body ?? [];
  const body = card.body ?? [];
  return { ...card, body: at === "top" ? [...added, ...body] : [...body, ...added] };
}
