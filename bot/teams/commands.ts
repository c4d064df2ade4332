import type { Activity } from "botbuilder";
import { commandWord, parseCommand, type Command, type CommandName } from "../../shared/commands.ts";
import type { Department, Person, RequestView, ServiceRequest } from "../../shared/domain.ts";
import { OPEN_STATUSES } from "../../shared/domain.ts";
import { availableActions } from "../../shared/lifecycle.ts";
import { canManage, isStaff } from "../../shared/permissions.ts";
import { demoDepartmentName } from "../demo/demo-language.ts";
import { AppError } from "../service/app-error.ts";
import type { SurveyService } from "../service/survey-service.ts";
import type { ScoreboardService } from "../service/scoreboard-service.ts";
import { scoreboardCard } from "./scoreboard-card.ts";
import { ConversationStore } from "../storage/conversation-store.ts";
import { cardZone, helpCard, requestCard, requestListCard, slaCard, withConversation } from "./cards.ts";
import { cardActivity, withBanner, type AdaptiveCardJson } from "./card-kit.ts";
import { newRequestForm, previewText, type FormDeps } from "./forms.ts";
import { followUpFiledText } from "./follow-up.ts";
import { referenceOf } from "./identity.ts";
import { errorCard, notice, say, type Turn } from "./turn.ts";

export interface CommandDeps extends FormDeps {
  conversations: ConversationStore;
  /** The NPS pulse: its card's Send button (absent: the card answers that it is closed). */
  surveys?: SurveyService;
  /** `sla` with no department: the company scoreboard (absent: every department's published SLA). */
  scoreboard?: Pick<ScoreboardService, "of">;
}

/** A person mentioned in the message (for `assign IT-42 @Ben`). */
export interface Mention {
  name: string;
  aadObjectId?: string;
}

/**
 * Runs one chat command and returns the reply. Every change goes through the same service
 * methods as the HTTP API; refusals come back as cards in the user's language.
 */
export async function runCommand(d: CommandDeps, turn: Turn, text: string, mentions: Mention[]): Promise<Partial<Activity>> {
  const parsed = parseCommand(text);
  if (!parsed.ok) {
    const t = parsed.language ? { ...turn, locale: parsed.language } : turn;
    if (parsed.reason === "usage") return notice(t, say(t, "bot.usage", { usage: usage(parsed.name!, t) }), "warning");
    const greeting = parsed.reason === "empty" || /^(hi|hello|hey|hola|buenas|buenos días)\b/i.test(text.trim());
    const card = withBanner(helpCard(t.locale), say(t, greeting ? "bot.hello" : "bot.unknown"), "accent");
    return cardActivity([card], say(t, "bot.unknown"));
  }
  const c = parsed.command;
  const t: Turn = c.language ? { ...turn, locale: c.language } : turn;
  try {
    return await execute(d, t, c, mentions);
  } catch (err) {
    return cardActivity([errorCard(t, err)], err instanceof Error ? err.message : "error");
  }
}

async function execute(d: CommandDeps, t: Turn, c: Command, mentions: Mention[]): Promise<Partial<Activity>> {
  const { actor } = t;
  switch (c.name) {
    case "help":
      return cardActivity([helpCard(t.locale)], say(t, "bot.help"));
    case "new": {
      if (!c.text) return cardActivity([await newRequestForm(d, t, { values: c.department ? { department: c.department } : {} })], say(t, "bot.newForm"));
      const { request } = await d.requests.create(actor, { department: c.department, title: c.text }, {
        source: { kind: "teams" },
        // Teams retries an activity it thinks was lost: the same activity files once.
        idempotencyKey: t.activity.id ? `teams-activity:${t.activity.id}` : undefined,
      });
      return filed(d, t, request);
    }
    case "my":
      return cardActivity([await myRequestsCard(d, t)], say(t, "bot.my.title"));
    case "status": {
      const card = await threadCard(d, t, c.id!);
      return cardActivity([card], c.id!);
    }
    case "queue":
      return queue(d, t, c.department);
    case "sla": {
      // No department named: every department's results side by side (the tab's scoreboard).
      if (!c.department && d.scoreboard) return cardActivity([scoreboardCard(await d.scoreboard.of(actor.tenantId, "month", t.locale), t.locale)], say(t, "tab.nav.scoreboard"));
      const all = await d.departments.list(actor.tenantId);
      const chosen = c.department ? all.filter((x) => x.key === c.department) : all;
      if (c.department && !chosen.length) throw unknownDepartment(t, c.department, all);
      // One department: its promise, and how it is keeping it this month (the scoreboard's figures).
      const results = c.department && d.scoreboard ? await d.scoreboard.of(actor.tenantId, "month", t.locale) : undefined;
      const row = results?.departments.filter((x) => x.key === c.department);
      const cards = [...chosen.map((x) => slaCard(x, t.locale)), ...(results && row?.length ? [scoreboardCard({ ...results, departments: row }, t.locale)] : [])];
      return { ...cardActivity(cards, say(t, "bot.sla")), ...(chosen.length > 1 ? { attachmentLayout: "carousel" } : {}) };
    }
    case "link": {
      if (!c.to) return link(d, t, c.department!);
      // Links: `link IT-8 IT-1 duplicate` merges IT-8 into IT-1; `related` (the default) links them both ways.
      const view = await d.requests.act(actor, c.id!, { action: "link", to: c.to, relation: c.relation ?? "related" });
      const text = say(t, c.relation === "duplicate" ? "bot.link.merged" : "bot.link.related", { id: view.id, to: c.to });
      return cardActivity([withBanner(await requestCardFor(d, t, view), text, "good")], text);
    }
    case "assign": {
      const dept = await departmentOf(d, t, c.id!);
      const assignee = pickAssignee(dept, c.text ?? "", mentions);
      if (!assignee) return notice(t, say(t, "bot.assign.unknown", { name: c.text ?? "", department: dept?.name ?? c.id!.split("-")[0]! }), "warning");
      return acted(d, t, await d.requests.act(actor, c.id!, { action: "assign", assignee }));
    }
    case "priority":
      return acted(d, t, await d.requests.act(actor, c.id!, { action: "priority", priority: c.priority }));
    case "transfer": {
      // Transfer: `transfer IT-42 HR <reason>`; the answer names the new id.
      const view = await d.requests.act(actor, c.id!, { action: "transfer", department: c.department, reason: c.text });
      const text = say(t, "card.transferred", { id: view.id, newId: view.transferredTo ?? view.transfer?.department ?? "", department: c.department ?? "" });
      return cardActivity([withBanner(await requestCardFor(d, t, view), text, "good")], text);
    }
    case "comment": {
      const view = await d.requests.act(actor, c.id!, { action: "comment", text: c.text }, undefined, { source: { kind: "teams" } });
      // Rating and reopening: a reply to a closed request filed a follow-up; the card says so.
      const followUp = followUpFiledText(t, c.id!, view);
      return followUp ? cardActivity([withBanner(await requestCardFor(d, t, view), followUp, "good")], followUp) : acted(d, t, view);
    }
    case "take":
    case "resume":
    case "cancel":
    case "wait":
    case "resolve":
    case "reopen":
      return acted(d, t, await d.requests.act(actor, c.id!, { action: c.name, ...(c.text ? { text: c.text } : {}) }));
  }
}

async function filed(d: CommandDeps, t: Turn, request: RequestView): Promise<Partial<Activity>> {
  const dept = await d.departments.recent(t.actor.tenantId, request.department);
  const when = dept ? previewText(dept, request.priority, t.locale, Date.parse(request.createdAt)) : "";
  const text = `${say(t, "bot.filed", { id: request.id })} ${when}`.trim();
  return cardActivity([withBanner(await requestCardFor(d, t, request), text, "good")], text);
}

async function acted(d: CommandDeps, t: Turn, view: RequestView): Promise<Partial<Activity>> {
  return cardActivity([await requestCardFor(d, t, view)], `${view.id}: ${view.title}`);
}

/** The reader's open requests, newest first. */
export async function myRequestsCard(d: CommandDeps, t: Turn): Promise<AdaptiveCardJson> {
  const [{ items, nextCursor }, departments] = await Promise.all([d.requests.mine(t.actor, { status: "open" }), d.departments.list(t.actor.tenantId)]);
  // One page is read: past it, the count is "more than" (the tab's my requests pages through them all).
  const more = { count: Math.max(0, items.length - 20), openEnded: !!nextCursor };
  return requestListCard(say(t, "bot.my.title"), items.slice(0, 20), { locale: t.locale, empty: say(t, "bot.my.empty"), more, departments, zone: t.timeZone });
}

/** The request's card with the buttons this person may use now. */
export async function requestCardFor(d: CommandDeps, t: Turn, view: RequestView, record?: ServiceRequest): Promise<AdaptiveCardJson> {
  const dept = await d.departments.recent(t.actor.tenantId, view.department);
  const req = record ?? (await d.requests.record(t.actor, view.id));
  const actions = dept && req ? availableActions(req, { actor: t.actor, dept, now: new Date().toISOString() }).filter((a) => a !== "rate") : [];
  return requestCard(view, { locale: t.locale, actions: actions as Parameters<typeof requestCard>[1]["actions"], dept, zone: t.timeZone });
}

/**
 * The request's card with its public thread under it, newest last (`status`, and after a reply
 * from a notice): what was said and the steps it took; internal notes never.
 */
export async function threadCard(d: CommandDeps, t: Turn, id: string): Promise<AdaptiveCardJson> {
  const view = await d.requests.get(t.actor, id);
  const dept = await d.departments.recent(t.actor.tenantId, view.department);
  const card = await requestCardFor(d, t, view);
  return withConversation(card, { locale: t.locale, id: view.id, history: view.history ?? [], zone: cardZone(t.timeZone, dept) }, "bottom");
}

async function queue(d: CommandDeps, t: Turn, key: string | undefined): Promise<Partial<Activity>> {
  const all = await d.departments.list(t.actor.tenantId);
  const mine = key ? all.filter((x) => x.key === key) : all.filter((x) => isStaff(x, t.actor));
  if (key && !mine.length) throw unknownDepartment(t, key, all);
  if (!mine.length) return notice(t, say(t, "bot.queue.noDepartments"), "info");
  const cards: AdaptiveCardJson[] = [];
  for (const dept of mine) {
    const { items } = await d.requests.list(t.actor, dept.key, { status: "open", limit: "200" });
    const open = items.filter((r) => OPEN_STATUSES.includes(r.status)).sort(byUrgency);
    cards.push(requestListCard(say(t, "bot.queue.title", { department: demoDepartmentName(dept.key, dept.name, t.locale) }), open.slice(0, 15), {
      locale: t.locale,
      empty: say(t, "bot.queue.empty", { department: demoDepartmentName(dept.key, dept.name, t.locale) }),
      departments: [dept],
      zone: t.timeZone,
      more: { count: Math.max(0, open.length - 15) },
    }));
  }
  return cardActivity(cards, say(t, "bot.queue.summary"));
}

/** Breached first, then at risk, then the soonest due. */
function byUrgency(a: RequestView, b: RequestView): number {
  const rank = { breached: 0, at_risk: 1, on_track: 2, paused: 3, missed: 0, met: 4, handed_off: 4 } as const;
  const clock = (r: RequestView) => (r.firstRespondedAt ? r.sla.resolution : r.sla.firstResponse);
  return rank[clock(a).state] - rank[clock(b).state] || (clock(a).dueAt ?? "~").localeCompare(clock(b).dueAt ?? "~");
}

/** `link IT` in a channel, by one of IT's leads: new IT requests are posted here from now on. */
async function link(d: CommandDeps, t: Turn, key: string): Promise<Partial<Activity>> {
  if (t.scope !== "channel") return notice(t, say(t, "bot.link.channelOnly"), "warning");
  const dept = await d.departments.find(t.actor.tenantId, key);
  if (!dept) throw unknownDepartment(t, key, await d.departments.list(t.actor.tenantId));
  if (!canManage(dept, t.actor)) return notice(t, say(t, "bot.link.leadsOnly", { department: demoDepartmentName(dept.key, dept.name, t.locale) }), "error");
  const channel = t.activity.channelData as { channel?: { id?: string; name?: string }; team?: { id?: string } } | undefined;
  const conversationId = t.activity.conversation?.id ?? "";
  // The channel itself, not the thread this command was typed in.
  const reference = referenceOf(t.activity);
  reference.conversation = { ...reference.conversation!, id: conversationId.split(";")[0]! };
  await d.conversations.put(ConversationStore.channelKey(t.actor.tenantId, dept.key), { reference, locale: t.locale }, { teamId: channel?.team?.id });
  await d.departments.setTriageChannel(t.actor, dept.key, { id: reference.conversation.id, ...(channel?.channel?.name ? { name: channel.channel.name } : {}) });
  return notice(t, say(t, "bot.linked", { department: demoDepartmentName(dept.key, dept.name, t.locale) }), "success");
}

async function departmentOf(d: CommandDeps, t: Turn, id: string): Promise<Department | undefined> {
  return d.departments.recent(t.actor.tenantId, id.split("-")[0]!);
}

/** The agent or lead meant by a mention, a name or an email. */
function pickAssignee(dept: Department | undefined, text: string, mentions: Mention[]): Person | undefined {
  if (!dept) return undefined;
  const people = [...dept.agents, ...dept.leads];
  for (const m of mentions) {
    const p = people.find((x) => (m.aadObjectId && x.id === m.aadObjectId) || x.name.toLowerCase() === m.name.toLowerCase());
    if (p) return p;
  }
  const wanted = text.replace(/^@/, "").trim().toLowerCase();
  if (!wanted) return undefined;
  const exact = people.find((x) => x.name.toLowerCase() === wanted || x.email?.toLowerCase() === wanted || x.id.toLowerCase() === wanted);
  if (exact) return exact;
  // "Ben" for Ben Okafor, when only one person of the department is called that.
  const byStart = people.filter((x, i) => people.findIndex((y) => y.id === x.id) === i && x.name.toLowerCase().startsWith(wanted));
  return byStart.length === 1 ? byStart[0] : undefined;
}

function unknownDepartment(t: Turn, key: string, all: Department[]): AppError {
  const err = new AppError(404, "not_found", `There is no department ${key}.`);
  err.i18n = { key: "bot.unknownDepartment", params: { department: key, known: all.map((x) => x.key).join(", ") || "-" } };
  return err;
}

/** The usage line of a command, in the user's language. */
export function usage(name: CommandName, t: Pick<Turn, "locale">): string {
  const w = commandWord(name, t.locale);
  const id = "IT-42";
  const es = t.locale === "es";
  switch (name) {
    case "new":
      return `${w} | ${w} IT ${es ? "<título>" : "<title>"}`;
    case "status":
    case "take":
    case "resume":
    case "cancel":
      return `${w} ${id}`;
    case "assign":
      return `${w} ${id} @${es ? "persona" : "person"}`;
    case "comment":
    case "wait":
    case "resolve":
    case "reopen":
      return `${w} ${id} ${es ? "<texto>" : "<text>"}`;
    case "priority":
      return `${w} ${id} ${es ? "baja|normal|alta|urgente" : "low|normal|high|urgent"}`;
    case "queue":
    case "sla":
      return `${w} [IT]`;
    case "link":
      return `${w} IT | ${w} IT-8 IT-1 ${es ? "relacionado|duplicado" : "related|duplicate"}`;
    default:
      return w;
  }
}
