var __defProp = Object.defineProperty;
var __defNormalProp = (obj, key, value) => key in obj ? __defProp(obj, key, { enumerable: true, configurable: true, writable: true, value }) : obj[key] = value;
var __publicField = (obj, key, value) => __defNormalProp(obj, typeof key !== "symbol" ? key + "" : key, value);

// shared/sse.ts
var SseParser = class {
  /** `onComment` gets each comment line's text (after the ":"), e.g. to watch heartbeats. */
  constructor(onComment) {
    __publicField(this, "onComment", onComment);
    /** The last event id in force: what a reconnect sends as Last-Event-ID. */
    __publicField(this, "lastEventId", "");
    /** The last valid `retry:` value, in milliseconds. */
    __publicField(this, "retry");
    __publicField(this, "pending", "");
    __publicField(this, "started", false);
    // A chunk ended in CR: if the next one starts with LF, that LF belongs to the same line end.
    __publicField(this, "skipLf", false);
    __publicField(this, "eventType", "");
    __publicField(this, "data", "");
    __publicField(this, "hasData", false);
    __publicField(this, "idBuffer", "");
  }
  /** Takes the next piece of the stream's text; returns the events it completed, in order. */
  feed(chunk) {
    if (typeof chunk !== "string") throw new TypeError("SseParser.feed takes text: decode the bytes first (TextDecoder with stream: true)");
    let text = chunk;
    if (this.skipLf && text.length > 0) {
      if (text[0] === "\n") text = text.slice(1);
      this.skipLf = false;
    }
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text[0] === "\uFEFF") text = text.slice(1);
    }
    this.pending += text;
    const out = [];
    let from = 0;
    for (; ; ) {
      const cr = this.pending.indexOf("\r", from);
      const lf = this.pending.indexOf("\n", from);
      const end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      if (end < 0) break;
      const line = this.pending.slice(from, end);
      from = end + 1;
      if (this.pending[end] === "\r") {
        if (from === this.pending.length) this.skipLf = true;
        else if (this.pending[from] === "\n") from++;
      }
      const event = this.line(line);
      if (event) out.push(event);
    }
    this.pending = this.pending.slice(from);
    return out;
  }
  /**
   * The connection ended: an event without its closing blank line is dropped, its id too, as
   * the standard says. The parser then reads the next connection, keeping `lastEventId`.
   */
  end() {
    this.pending = "";
    this.skipLf = false;
    this.started = false;
    this.eventType = "";
    this.data = "";
    this.hasData = false;
    this.idBuffer = this.lastEventId;
  }
  line(line) {
    if (line === "") return this.dispatch();
    if (line[0] === ":") {
      this.onComment?.(line.slice(1));
      return void 0;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value[0] === " ") value = value.slice(1);
    switch (field) {
      case "event":
        this.eventType = value;
        break;
      case "data":
        this.data += this.hasData ? `
${value}` : value;
        this.hasData = true;
        break;
      case "id":
        if (!value.includes("\0")) this.idBuffer = value;
        break;
      case "retry":
        if (/^[0-9]+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break;
    }
    return void 0;
  }
  dispatch() {
    this.lastEventId = this.idBuffer;
    const event = this.hasData ? { id: this.lastEventId, event: this.eventType || "message", data: this.data, ...this.retry === void 0 ? {} : { retry: this.retry } } : void 0;
    this.eventType = "";
    this.data = "";
    this.hasData = false;
    return event;
  }
};

// bot/start-page/start.js
var $ = (id) => document.getElementById(id);
var TOKEN_KEY = "tandem.devToken";
var state = { token: localStorage.getItem(TOKEN_KEY), me: null, departments: [], stream: null };
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== void 0 && v !== null && v !== false) node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== void 0 && c !== null && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}
async function api(method, path, body, headers = {}) {
  const res = await fetch(path, {
    method,
    headers: {
      ...state.token ? { Authorization: `Bearer ${state.token}` } : {},
      "Tandem-Client": "web",
      ...body !== void 0 ? { "Content-Type": "application/json" } : {},
      ...headers
    },
    body: body === void 0 ? void 0 : JSON.stringify(body)
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error(data?.error?.message ?? `The service answered ${res.status}.`);
    err.status = res.status;
    throw err;
  }
  return data;
}
function showError(err) {
  const box = $("error");
  box.textContent = err ? err.message : "";
  box.hidden = !err;
}
function formatIn(zone, iso) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}
function countdown(iso) {
  const ms = Date.parse(iso) - Date.now();
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 36e5);
  const m = Math.floor(abs % 36e5 / 6e4);
  const s = Math.floor(abs % 6e4 / 1e3);
  const text = h >= 48 ? `${Math.floor(h / 24)}d ${h % 24}h` : h > 0 ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}m ${String(s).padStart(2, "0")}s`;
  return ms >= 0 ? `due in ${text}` : `${text} overdue`;
}
var STATE_LABEL = { on_track: "on track", at_risk: "at risk", breached: "breached", paused: "paused", met: "met", missed: "missed" };
function clockChip(label, clock) {
  const chip = el(
    "span",
    { class: `chip ${clock.state}`, title: `${clock.elapsedMinutes} of ${clock.targetMinutes} business minutes` },
    `${label}: ${STATE_LABEL[clock.state] ?? clock.state}`
  );
  if (clock.dueAt) chip.append(" \xB7 ", el("span", { "data-due": clock.dueAt }, countdown(clock.dueAt)));
  return chip;
}
setInterval(() => {
  for (const node of document.querySelectorAll("[data-due]")) node.textContent = countdown(node.dataset.due);
}, 1e3);
async function showPeople() {
  $("signin").hidden = false;
  $("desk").hidden = true;
  const list = $("people");
  list.replaceChildren();
  let users;
  try {
    users = (await api("GET", "/api/dev/users")).users;
  } catch (err) {
    list.append(el("li", {}, err.status === 404 ? "This desk uses Microsoft 365 sign-in: open Tandem in Teams or Outlook." : err.message));
    return;
  }
  for (const u of users) {
    list.append(el("li", {}, el("button", { class: "person", onclick: () => signIn(u) }, el("strong", {}, u.name), el("span", {}, u.title ?? ""))));
  }
}
async function signIn(u) {
  try {
    const { token } = await api("POST", "/api/dev/token", { userId: u.id, name: u.name, email: u.email, roles: u.roles });
    state.token = token;
    localStorage.setItem(TOKEN_KEY, token);
    await openDesk();
  } catch (err) {
    showError(err);
  }
}
function signOut() {
  localStorage.removeItem(TOKEN_KEY);
  state.token = null;
  state.stream?.abort();
  $("who").replaceChildren();
  void showPeople();
}
async function openDesk() {
  showError(null);
  try {
    state.me = await api("GET", "/api/me");
    state.departments = (await api("GET", "/api/departments")).items;
  } catch (err) {
    if (err.status === 401) return signOut();
    return showError(err);
  }
  $("signin").hidden = true;
  $("desk").hidden = false;
  const roles = state.me.departments.map((d) => `${d.role} in ${d.name}`).concat(state.me.isAdmin ? ["admin"] : []);
  $("who").replaceChildren(
    el("span", {}, state.me.user.name, roles.length ? el("small", {}, ` (${roles.join(", ")})`) : ""),
    el("button", { class: "link", onclick: signOut }, "Switch person")
  );
  fillDepartments();
  $("tab-queue").hidden = state.me.departments.length === 0;
  const queueDept = $("queue-dept");
  queueDept.replaceChildren(...state.me.departments.map((d) => el("option", { value: d.key }, d.name)));
  selectTab(state.me.departments.length ? "queue" : "new");
}
function selectTab(name) {
  for (const t of ["new", "mine", "queue", "sla"]) {
    $(`tab-${t}`).setAttribute("aria-selected", String(t === name));
    $(`view-${t}`).hidden = t !== name;
  }
  if (name === "mine") void loadMine();
  if (name === "queue") void openQueue($("queue-dept").value);
  if (name === "sla") void loadDepartments();
  if (name !== "queue") state.stream?.abort();
}
var idempotencyKey = crypto.randomUUID();
function fillDepartments() {
  $("new-dept").replaceChildren(...state.departments.map((d) => el("option", { value: d.key }, d.name)));
  fillCategories();
}
function fillCategories() {
  const dept = state.departments.find((d) => d.key === $("new-dept").value);
  $("new-cat").replaceChildren(el("option", { value: "" }, "(none)"), ...(dept?.categories ?? []).map((c) => el("option", { value: c.key }, c.name)));
  void preview();
}
async function preview() {
  const dept = state.departments.find((d) => d.key === $("new-dept").value);
  if (!dept) return;
  const priority = $("new-prio").value;
  try {
    const p = await api("GET", `/api/departments/${encodeURIComponent(dept.key)}/sla/preview?priority=${priority}`);
    const parts = [`${dept.name} replies by ${formatIn(p.timeZone, p.firstResponseDueAt)}`, `resolves by ${formatIn(p.timeZone, p.resolutionDueAt)} (${p.timeZone})`];
    if (!p.workingNow) parts.push(`the clock starts ${formatIn(p.timeZone, p.startsAt)}`);
    if (p.holidays.length) parts.push(`${p.holidays.join(", ")} ${p.holidays.length > 1 ? "are holidays" : "is a holiday"}`);
    $("preview").textContent = parts.join(" \xB7 ");
  } catch (err) {
    $("preview").textContent = err.message;
  }
}
async function submitNew(ev) {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const body = { department: f.get("department"), title: f.get("title"), priority: f.get("priority") };
  if (f.get("description")) body.description = f.get("description");
  if (f.get("category")) body.category = f.get("category");
  try {
    const r = await api("POST", "/api/requests", body, { "Idempotency-Key": idempotencyKey });
    idempotencyKey = crypto.randomUUID();
    ev.target.reset();
    fillCategories();
    $("new-result").className = "result ok";
    $("new-result").textContent = `Filed ${r.id}: first reply due ${formatIn(state.departments.find((d) => d.key === r.department)?.calendar.timeZone ?? "UTC", r.sla.firstResponse.dueAt ?? r.createdAt)}.`;
  } catch (err) {
    $("new-result").className = "result bad";
    $("new-result").textContent = err.message;
  }
}
function requestItem(r, actions) {
  const item = el(
    "li",
    { class: "request", id: `req-${r.id}` },
    el(
      "div",
      { class: "line" },
      el("strong", {}, r.id),
      " ",
      el("span", { class: "title" }, r.title),
      el("span", { class: `status ${r.status}` }, r.status.replace("_", " ")),
      el("span", { class: `prio ${r.priority}` }, r.priority)
    ),
    el(
      "div",
      { class: "line small" },
      `from ${r.requester.name}`,
      r.assignee ? ` \xB7 with ${r.assignee.name}` : " \xB7 unassigned",
      " ",
      clockChip("reply", r.sla.firstResponse),
      " ",
      clockChip("resolve", r.sla.resolution)
    )
  );
  if (actions) item.append(actions(r));
  return item;
}
async function loadMine() {
  try {
    const { items } = await api("GET", "/api/me/requests?status=all");
    $("mine").replaceChildren(...items.length ? items.map((r) => requestItem(r)) : [el("li", { class: "empty" }, "Nothing yet: file a request in the first tab.")]);
  } catch (err) {
    showError(err);
  }
}
var ACTIONS = {
  new: ["take", "comment", "resolve"],
  in_progress: ["comment", "wait", "resolve"],
  waiting: ["comment", "resume", "resolve"]
};
function queueActions(r) {
  const box = el("div", { class: "actions" });
  for (const action of ACTIONS[r.status] ?? []) {
    box.append(el("button", { onclick: () => act(r, action) }, action));
  }
  return box;
}
async function act(r, action) {
  const body = { action };
  if (action === "comment") {
    const text = prompt(`Comment on ${r.id}`);
    if (!text) return;
    body.text = text;
  }
  try {
    const updated = await api("POST", `/api/requests/${encodeURIComponent(r.id)}/actions`, body, { "If-Match": r.etag });
    upsertQueue(updated);
    showError(null);
  } catch (err) {
    showError(err.status === 412 ? new Error(`${r.id} changed meanwhile: the list now shows its latest state, try again.`) : err);
    void openQueue($("queue-dept").value);
  }
}
function upsertQueue(r) {
  const old = $(`req-${r.id}`);
  const open = ["new", "in_progress", "waiting"].includes(r.status);
  if (!open) return old?.remove();
  const node = requestItem(r, queueActions);
  if (old) old.replaceWith(node);
  else $("queue").append(node);
}
async function openQueue(key) {
  if (!key) return;
  state.stream?.abort();
  try {
    const { items } = await api("GET", `/api/departments/${encodeURIComponent(key)}/requests?status=open&limit=200`);
    $("queue").replaceChildren(...items.map((r) => requestItem(r, queueActions)));
  } catch (err) {
    return showError(err);
  }
  void follow(key);
}
async function follow(key) {
  const controller = new AbortController();
  state.stream = controller;
  const sse = new SseParser();
  while (!controller.signal.aborted) {
    try {
      const lastId = sse.lastEventId;
      const res = await fetch(`/api/stream?department=${encodeURIComponent(key)}`, {
        headers: { Authorization: `Bearer ${state.token}`, ...lastId ? { "Last-Event-ID": lastId } : {} },
        signal: controller.signal
      });
      if (!res.ok) throw new Error(`stream ${res.status}`);
      $("live").textContent = "\u25CF live";
      $("live").className = "live on";
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (; ; ) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const e of sse.feed(value)) {
          if (e.event === "request") upsertQueue(JSON.parse(e.data));
          else if (e.event === "reset") void openQueue(key);
        }
      }
    } catch {
      if (controller.signal.aborted) return;
    } finally {
      sse.end();
    }
    $("live").textContent = "reconnecting\u2026";
    $("live").className = "live off";
    await new Promise((r) => setTimeout(r, 2e3));
  }
}
async function loadDepartments() {
  const box = $("depts");
  box.replaceChildren();
  for (const d of state.departments) {
    const targets = el(
      "table",
      {},
      el("thead", {}, el("tr", {}, el("th", {}, "priority"), el("th", {}, "first reply"), el("th", {}, "resolution"))),
      el("tbody", {}, ...Object.entries(d.sla.targets).map(([p, t]) => el("tr", {}, el("td", {}, p), el("td", {}, minutes(t.firstResponseMinutes)), el("td", {}, minutes(t.resolutionMinutes)))))
    );
    const hours = Object.entries(d.calendar.week).map(([day, ws]) => `${day} ${ws.length ? ws.map((w) => w.join("\u2013")).join(", ") : "off"}`).join(" \xB7 ");
    const stats = el("p", { class: "stats" }, "\u2026");
    box.append(el(
      "article",
      { class: "dept" },
      el("h3", {}, d.name, " ", el("small", {}, d.key)),
      el("p", {}, d.description),
      el("p", { class: "small" }, `${d.calendar.timeZone}: ${hours}`),
      d.calendar.holidays.length ? el("p", { class: "small" }, `Holidays: ${d.calendar.holidays.join(", ")}`) : "",
      targets,
      stats
    ));
    api("GET", `/api/departments/${encodeURIComponent(d.key)}/stats`).then((s) => {
      stats.textContent = `This month: ${s.created} filed, ${s.open} open \xB7 first reply on time ${pct(s.firstResponse.attainmentPercent)} \xB7 resolved on time ${pct(s.resolution.attainmentPercent)}`;
    }, (err) => stats.textContent = err.message);
  }
}
var pct = (v) => v === null || v === void 0 ? "\u2013" : `${Math.round(v)} %`;
function minutes(m) {
  return m % 60 === 0 ? `${m / 60} h` : m > 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`;
}
for (const t of ["new", "mine", "queue", "sla"]) $(`tab-${t}`).addEventListener("click", () => selectTab(t));
$("new-dept").addEventListener("change", fillCategories);
$("new-prio").addEventListener("change", preview);
$("new-form").addEventListener("submit", submitNew);
$("queue-dept").addEventListener("change", (e) => openQueue(e.target.value));
if (state.token) void openDesk();
else void showPeople();
