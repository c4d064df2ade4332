// The development Teams chat: this page plays the Teams client for the bot. It posts
// Teams-shaped activities to /api/messages, with serviceUrl pointing at the service's own
// Bot Connector stand-in (/dev/connector), and long-polls that stand-in for the conversation.
// Text is put on the page with textContent only; cards are drawn by the official renderer,
// which reads no markdown here (no processor is installed), so nothing becomes HTML.

const $ = (id) => document.getElementById(id);
const AC = window.AdaptiveCards;
const CARD = "application/vnd.microsoft.card.adaptive";
// The dev team and its channel, as Teams names them in a channel activity.
const TEAM = { id: "19:dev-team@thread.tacv2", name: "Tandem dev team" };
const CHANNEL = { id: "19:dev-it-triage@thread.tacv2", name: "IT triage" };
const TRY = {
  personal: { en: ["help", "new", "new IT Printer jam", "my", "queue", "sla"], es: ["ayuda", "nueva", "nueva IT Impresora atascada", "mis", "cola", "sla"] },
  channel: { en: ["link IT", "queue IT", "help"], es: ["vincular IT", "cola IT", "ayuda"] },
};
const state = { config: null, users: [], user: null, place: "personal", locale: "en-US", poll: null, nodes: new Map() };

// Teams' light theme, roughly: its fonts, spacing, colours and at most six buttons.
const HOST_CONFIG = new AC.HostConfig({
  fontFamily: "'Segoe UI', system-ui, sans-serif",
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#E1DFDD" },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 200, default: 400, bolder: 600 },
  containerStyles: {
    default: { backgroundColor: "#FFFFFF", foregroundColors: colors() },
    emphasis: { backgroundColor: "#F9F8F7", foregroundColors: colors() },
    accent: { backgroundColor: "#E8EBFA", foregroundColors: colors() },
    good: { backgroundColor: "#E7F2DA", foregroundColors: colors() },
    warning: { backgroundColor: "#FBF6D9", foregroundColors: colors() },
    attention: { backgroundColor: "#FCF4F6", foregroundColors: colors() },
  },
  actions: { maxActions: 6, buttonSpacing: 8, actionsOrientation: "Horizontal", actionAlignment: "Left", showCard: { actionMode: "Inline", inlineTopMargin: 12, style: "emphasis" } },
});

function colors() {
  const c = (d, s) => ({ default: d, subtle: s });
  return { default: c("#242424", "#616161"), accent: c("#5B5FC7", "#7F85F5"), good: c("#237B4B", "#4F9E6F"), warning: c("#835C00", "#A37B1F"), attention: c("#C4314B", "#D46A7D"), light: c("#FFFFFF", "#F5F5F5"), dark: c("#242424", "#616161") };
}

async function json(method, path, body) {
  const res = await fetch(path, { method, headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw Object.assign(new Error(data?.error?.message ?? `${method} ${path} answered ${res.status}.`), { status: res.status });
  return data;
}

function showError(err) {
  $("error").textContent = err ? err.message : "";
  $("error").hidden = !err;
}

// ---------- where this page is ----------

/** The conversation the page shows: the person's 1:1 chat with the bot, or the channel. */
const conversationId = () => (state.place === "channel" ? CHANNEL.id : `a:dev-chat-${state.user.id}`);
const threadApi = (id) => `/dev/chat/api/conversations/${encodeURIComponent(id)}/activities`;

/** A Teams activity from the current person, place and language. */
function activity(fields, conversation = conversationId()) {
  const u = state.user;
  const channel = state.place === "channel";
  return {
    channelId: "msteams",
    serviceUrl: `${location.origin}/dev/connector`,
    timestamp: new Date().toISOString(),
    locale: state.locale,
    // As Teams sends it: cards show times in the reader's zone.
    localTimezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    from: { id: `29:${u.id}`, name: u.name, aadObjectId: u.id },
    recipient: state.config.bot,
    conversation: { id: conversation, conversationType: channel ? "channel" : "personal", tenantId: state.config.tenantId, ...(channel ? { isGroup: true } : {}) },
    channelData: { tenant: { id: state.config.tenantId }, ...(channel ? { team: TEAM, channel: CHANNEL } : {}) },
    ...fields,
  };
}

/** POSTs to the bot as Teams does; returns the HTTP answer's body (an invoke's response). */
async function toBot(a) {
  const res = await fetch("/api/messages", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(a) });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? `The bot answered ${res.status}.`);
  return body;
}

/** A message from the person: kept in the conversation first (that gives it its id), then sent. */
async function send(text, extra = {}) {
  if (!state.user) return;
  showError(null);
  const channel = state.place === "channel";
  const mention = `<at>${state.config.bot.name}</at>`;
  // In a channel Teams only hands the bot messages that @mention it: the page adds the mention.
  const full = channel && text ? `${mention} ${text}` : text;
  const entities = channel ? [{ type: "mention", text: mention, mentioned: state.config.bot }] : [];
  try {
    const draft = activity({ type: "message", text: full, textFormat: "plain", entities, ...extra });
    const { id } = await json("POST", threadApi(conversationId()), draft);
    // A channel post starts its own thread, which Teams names channel;messageid=<post>.
    await toBot({ ...draft, id, conversation: { ...draft.conversation, id: channel ? `${CHANNEL.id};messageid=${id}` : draft.conversation.id } });
  } catch (err) {
    showError(err);
  }
}

// ---------- the transcript ----------

function render(item) {
  const a = item.activity;
  const li = document.createElement("li");
  li.className = `msg ${item.by}`;
  const text = typeof a.text === "string" ? a.text.replace(/<at>(.*?)<\/at>/g, "@$1").trim() : "";
  // A button press without words (Action.Submit) shows nothing, as in Teams.
  if (a.type !== "message" || (!text && !a.attachments?.length)) li.hidden = true;
  const meta = document.createElement("div");
  meta.className = "meta";
  const at = a.timestamp ? new Date(a.timestamp).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
  meta.textContent = `${a.from?.name ?? (item.by === "bot" ? "Tandem" : "")} ${at}`.trim();
  li.append(meta);
  if (text) {
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    bubble.textContent = text;
    li.append(bubble);
  }
  (a.attachments ?? []).forEach((att, index) => li.append(att.contentType === CARD ? cardHost(item, index) : unsupported(att)));
  return li;
}

function unsupported(att) {
  const p = document.createElement("div");
  p.className = "bubble";
  p.textContent = `(an attachment of type ${att.contentType} that this page does not draw)`;
  return p;
}

/** One Adaptive Card of a message, drawn by the official renderer, its buttons wired as in Teams. */
function cardHost(item, index) {
  const json = item.activity.attachments[index].content;
  const host = document.createElement("div");
  host.className = `cardhost${json?.msteams?.width === "Full" ? " full" : ""}`;
  const card = new AC.AdaptiveCard();
  card.hostConfig = HOST_CONFIG;
  card.onExecuteAction = (action) => void press(action, item, index, host);
  try {
    card.parse(json);
    const el = card.render();
    if (!el) throw new Error("nothing to draw");
    host.append(el);
  } catch (err) {
    host.textContent = `This card could not be drawn: ${err.message}`;
  }
  return host;
}

/** A button: Action.Execute is an invoke whose answer replaces the card; Submit is a message. */
async function press(action, item, index, host) {
  const type = action.getJsonTypeName();
  const data = action.data && typeof action.data === "object" ? action.data : {};
  if (type === "Action.OpenUrl") {
    if (/^https?:\/\//i.test(action.url ?? "")) window.open(action.url, "_blank", "noopener,noreferrer");
    return;
  }
  if (type === "Action.Submit") {
    const back = data.msteams?.type === "messageBack" ? data.msteams : undefined;
    return send(typeof back?.text === "string" ? back.text : "", { value: data });
  }
  if (type !== "Action.Execute") return;
  host.classList.add("busy");
  showError(null);
  try {
    const a = item.activity;
    const conversation = a.conversation?.id ?? conversationId();
    const answer = await toBot(activity({
      type: "invoke",
      name: "adaptiveCard/action",
      id: crypto.randomUUID(),
      replyToId: a.id,
      value: { action: { type: "Action.Execute", verb: action.verb, data }, trigger: "manual" },
    }, conversation));
    if (answer?.type === CARD && answer.value) {
      const attachments = a.attachments.map((att, i) => (i === index ? { contentType: CARD, content: answer.value } : att));
      const updated = { ...item, activity: { ...a, attachments } };
      place(updated);
      // Teams keeps the refreshed card in the conversation: so does the stand-in.
      await json("PUT", `${threadApi(conversationId())}/${encodeURIComponent(a.id)}`, updated.activity);
    } else {
      throw new Error(typeof answer?.value === "string" ? answer.value : answer?.value?.message ?? "The bot did not answer with a card.");
    }
  } catch (err) {
    showError(err);
  } finally {
    host.classList.remove("busy");
  }
}

/** Adds an item, or replaces the one with its id in place (an update keeps its place). */
function place(item) {
  const id = item.activity.id;
  const node = render(item);
  const list = $("transcript");
  const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  const old = state.nodes.get(id);
  if (old) old.replaceWith(node);
  else list.append(node);
  state.nodes.set(id, node);
  if (stick || !old) list.scrollTop = list.scrollHeight;
}

/** Long-polls the conversation until the page shows another one. */
async function follow() {
  state.poll?.abort();
  const controller = new AbortController();
  state.poll = controller;
  state.nodes.clear();
  $("transcript").replaceChildren();
  let after = 0;
  let epoch = null;
  const id = conversationId();
  while (!controller.signal.aborted) {
    try {
      const res = await fetch(`${threadApi(id)}?after=${after}&wait=20${epoch ? `&epoch=${epoch}` : ""}`, { signal: controller.signal });
      if (!res.ok) throw new Error(`The chat stand-in answered ${res.status}.`);
      const page = await res.json();
      if (epoch && page.epoch !== epoch) {
        // The service restarted and lost its transcripts: start over.
        after = 0;
        epoch = page.epoch;
        state.nodes.clear();
        $("transcript").replaceChildren();
        continue;
      }
      epoch = page.epoch;
      for (const item of page.items) place(item);
      after = page.last;
    } catch (err) {
      if (controller.signal.aborted) return;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

// ---------- choices ----------

function choose() {
  state.user = state.users.find((u) => u.id === $("person").value) ?? null;
  state.place = $("place").value;
  state.locale = $("locale").value;
  const q = new URLSearchParams({ ...(state.user ? { as: state.user.id } : {}), where: state.place, lang: state.locale });
  history.replaceState(null, "", `?${q}`);
  const ready = !!state.user;
  $("message").disabled = !ready;
  $("composer").querySelector("button").disabled = !ready;
  $("message").placeholder = ready ? (state.place === "channel" ? "Message the channel (the bot is @mentioned for you)" : "Type a message, e.g. help") : "Pick a person first";
  $("chat-title").textContent = state.place === "channel" ? `${TEAM.name} › ${CHANNEL.name}` : "Tandem";
  $("place-hint").textContent = state.place === "channel"
    ? "In the channel, IT's lead (Ana García) types “link IT” once: new IT requests are then posted here as cards, kept up to date."
    : "Try “new IT Printer jam” as Dana, then “queue” as Ben or Ana in another tab.";
  const words = TRY[state.place][state.locale.startsWith("es") ? "es" : "en"];
  $("suggestions").replaceChildren(...words.map((w) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = w;
    b.disabled = !ready;
    b.addEventListener("click", () => void send(w));
    return b;
  }));
  if (!ready) {
    state.poll?.abort();
    $("transcript").replaceChildren();
    return;
  }
  void follow();
  // Teams tells the bot when a person installs it: that is when it can first write to them.
  if (state.place === "personal") void toBot(activity({ type: "installationUpdate", action: "add", id: crypto.randomUUID() })).catch(showError);
}

async function start() {
  try {
    state.config = await json("GET", "/dev/chat/api/config");
    state.users = (await json("GET", "/api/dev/users")).users;
  } catch (err) {
    showError(err.status === 404 ? new Error("The development chat is off: the bot has a MicrosoftAppId, or sign-in is not in development mode.") : err);
    return;
  }
  for (const u of state.users) {
    const o = document.createElement("option");
    o.value = u.id;
    o.textContent = `${u.name} · ${u.title ?? ""}`;
    $("person").append(o);
  }
  const q = new URLSearchParams(location.search);
  if (state.users.some((u) => u.id === q.get("as"))) $("person").value = q.get("as");
  if (["personal", "channel"].includes(q.get("where"))) $("place").value = q.get("where");
  if (["en-US", "es-ES"].includes(q.get("lang"))) $("locale").value = q.get("lang");
  for (const id of ["person", "place", "locale"]) $(id).addEventListener("change", choose);
  $("composer").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("message").value.trim();
    if (!text) return;
    $("message").value = "";
    void send(text);
  });
  choose();
}

void start();
