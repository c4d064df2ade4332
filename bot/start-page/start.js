// The start page: a small working desk on the HTTP API for a newcomer's first look (dev mode).
// Everything people typed is put on the page with textContent, never as HTML.
// Bundled by bot/start-page/build.ts into bot/public/start.js, so it reads the live stream
// with the same client as the tab and the add-in (web/api.ts), speaks the reader's language with the same
// strings (shared/strings: the browser's languages, or ?locale=es), and shows times and clocks
// as the tab does: in the reader's zone, named, counting down in the department's business time.

import { pickLocale, t as translate } from "../../shared/strings/index.ts";
import { liveClock } from "../../shared/sla/live-clock.ts";
import { formatCountdown, formatDate, formatMinutes, formatPercent, formatTime, readerZone, weekdayName } from "../../web/format.ts";
import { Api } from "../../web/api.ts";
import { refusedFields } from "../../web/errors.ts";

const LOCALE = pickLocale(new URLSearchParams(location.search).get("locale") || navigator.languages?.join(",") || navigator.language);
const t = (key, params) => translate(LOCALE, key, params);

/** The page's fixed words: [data-t] elements get their text, [data-t-placeholder] and [data-t-aria-label] their attribute. */
function translatePage() {
  document.documentElement.lang = LOCALE;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  for (const node of document.querySelectorAll("[data-t-placeholder]")) node.setAttribute("placeholder", t(node.dataset.tPlaceholder));
  for (const node of document.querySelectorAll("[data-t-aria-label]")) node.setAttribute("aria-label", t(node.dataset.tAriaLabel));
}
translatePage();

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = "tandem.devToken";
const state = { token: localStorage.getItem(TOKEN_KEY), me: null, departments: [], stream: null };

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) node.append(c instanceof Node ? c : String(c));
  return node;
}

async function api(method, path, body, headers = {}) {
  const res = await fetch(path, {
    method,
    headers: {
      ...(state.token ? { Authorization: `Bearer ${state.token}` } : {}),
      "Tandem-Client": "web",
      // The demo catalogue's texts come back in the page's language.
      "Accept-Language": LOCALE,
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error(data?.error?.message ?? t("start.error.status", { status: res.status }));
    err.status = res.status;
    err.code = data?.error?.code;
    err.details = data?.error?.details;
    const retry = Number(res.headers.get("Retry-After"));
    if (retry > 0) err.retryAfterMs = retry * 1000;
    throw err;
  }
  return data;
}

function showError(err) {
  const box = $("error");
  box.textContent = err ? err.message : "";
  box.hidden = !err;
}

// ---------- time ----------

/** An instant in the reader's own zone, named ("Tue 1 Dec, 10:00 CET"), as the tab writes it. */
const when = (iso) => formatTime(iso, readerZone(), LOCALE);

/** "2h 05m 09s" / "5m 09s", as the board's clocks say it. */
const duration = (ms) => formatCountdown(ms, LOCALE);

/** What a live clock says now: the business time left (or over) on the department's calendar, and when it is due. */
function countdown(clock, calendar) {
  const live = liveClock(clock, calendar, Date.now());
  if (live.overMs !== undefined) return t("tab.board.clock.over", { duration: duration(live.overMs) });
  if (live.leftMs === undefined) return "";
  const left = t("tab.board.clock.left", { duration: duration(live.leftMs) });
  return `${left} · ${t(live.counting ? "clock.dueAt" : "tab.board.clock.dueOffHours", { time: when(live.dueAt) })}`;
}

const calendarOf = (key) => state.departments.find((d) => d.key === key)?.calendar;

function clockChip(which, clock, department) {
  const calendar = calendarOf(department);
  const state = calendar ? liveClock(clock, calendar, Date.now()).state : clock.state;
  const chip = el("span", { class: `chip ${state}`, title: t("clock.elapsed", { elapsed: Math.round(clock.elapsedMinutes), target: clock.targetMinutes }) },
    `${t(`clock.${which}`)}: ${t(`clock.${state}`)}`);
  if (clock.dueAt && calendar) chip.append(" · ", el("span", { "data-due": JSON.stringify(clock), "data-department": department }, countdown(clock, calendar)));
  return chip;
}

// Clocks tick every second, in business time: outside working hours they stand still, as on the board.
setInterval(() => {
  for (const node of document.querySelectorAll("[data-due]")) {
    const calendar = calendarOf(node.dataset.department);
    if (calendar) node.textContent = countdown(JSON.parse(node.dataset.due), calendar);
  }
}, 1000);

// ---------- sign in ----------

async function showPeople() {
  $("signin").hidden = false;
  $("desk").hidden = true;
  const list = $("people");
  list.replaceChildren();
  let users;
  try {
    users = (await api("GET", "/api/dev/users")).users;
  } catch (err) {
    // First start: the demo's history is still being written (the API says how far, and when to ask again).
    if (err.code === "preparing") {
      const { done = 0, total = 0 } = err.details ?? {};
      list.append(el("li", { class: "preparing", role: "status" }, t("start.preparing", { done, total })));
      setTimeout(showPeople, err.retryAfterMs ?? 3000);
      return;
    }
    list.append(el("li", {}, err.status === 404 ? t("start.signIn.notDev") : err.message));
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

// ---------- the desk ----------

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
  const roles = state.me.departments.map((d) => t(d.role === "lead" ? "start.role.lead" : "start.role.agent", { department: d.name })).concat(state.me.isAdmin ? [t("start.role.admin")] : []);
  $("who").replaceChildren(
    el("span", {}, state.me.user.name, roles.length ? el("small", {}, ` (${roles.join(", ")})`) : ""),
    el("button", { class: "link", onclick: signOut }, t("tab.signOut")),
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
  if (name !== "sla") state.scoreboard?.();
}

// ---------- new request ----------

let idempotencyKey = crypto.randomUUID();

function fillDepartments() {
  $("new-dept").replaceChildren(...state.departments.map((d) => el("option", { value: d.key }, d.name)));
  fillCategories();
}

function fillCategories() {
  const dept = state.departments.find((d) => d.key === $("new-dept").value);
  $("new-cat").replaceChildren(el("option", { value: "" }, t("card.noCategory")), ...(dept?.categories ?? []).map((c) => el("option", { value: c.key }, c.name)));
  void preview();
}

async function preview() {
  const dept = state.departments.find((d) => d.key === $("new-dept").value);
  if (!dept) return;
  const priority = $("new-prio").value;
  try {
    const p = await api("GET", `/api/departments/${encodeURIComponent(dept.key)}/sla/preview?priority=${priority}`);
    // The department's promise, in the reader's own zone (named), as the tab's form says it.
    const parts = [`${t("preview.replyBy", { department: dept.name, time: when(p.firstResponseDueAt) })} ${t("preview.resolveBy", { time: when(p.resolutionDueAt) })}`];
    if (!p.workingNow) parts.push(t("preview.closedNow", { department: dept.name, time: when(p.startsAt) }));
    for (const day of p.holidays) parts.push(t("preview.holiday", { day: formatDate(day, LOCALE, "weekday") }));
    $("preview").textContent = parts.join(" · ");
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
    $("new-result").textContent = t("start.filed", { id: r.id, time: when(r.sla.firstResponse.dueAt ?? r.createdAt) });
  } catch (err) {
    // A refused field is said in the reader's language by its stable code, never by the API's English sentence.
    const fields = err.status === 400 ? refusedFields(err.details) : [];
    $("new-result").className = "result bad";
    $("new-result").textContent = fields.length ? fields.map((f) => t(`form.error.${f}`)).join(" ") : err.message;
  }
}

// ---------- lists ----------

function requestItem(r, actions) {
  const item = el("li", { class: "request", id: `req-${r.id}` },
    el("div", { class: "line" },
      el("strong", {}, r.id), " ", el("span", { class: "title" }, r.title),
      el("span", { class: `status ${r.status}` }, t(`status.${r.status}`)),
      el("span", { class: `prio ${r.priority}` }, t(`priority.${r.priority}`))),
    el("div", { class: "line small" },
      t("start.from", { name: r.requester.name }), " · ", r.assignee ? t("start.with", { name: r.assignee.name }) : t("common.unassigned"),
      " ", clockChip("firstResponse", r.sla.firstResponse, r.department), " ", clockChip("resolution", r.sla.resolution, r.department)));
  if (actions) item.append(actions(r));
  return item;
}

async function loadMine() {
  try {
    const { items } = await api("GET", "/api/me/requests?status=all");
    $("mine").replaceChildren(...(items.length ? items.map((r) => requestItem(r)) : [el("li", { class: "empty" }, t("start.mine.empty"))]));
  } catch (err) {
    showError(err);
  }
}

const ACTIONS = {
  new: ["take", "comment", "resolve"],
  in_progress: ["comment", "wait", "resolve"],
  waiting: ["comment", "resume", "resolve"],
};

function queueActions(r) {
  const box = el("div", { class: "actions" });
  for (const action of ACTIONS[r.status] ?? []) {
    box.append(el("button", { onclick: () => act(r, action) }, t(`action.${action}`)));
  }
  return box;
}

async function act(r, action) {
  const body = { action };
  if (action === "comment") {
    const text = prompt(t("tab.board.dialog.comment.title", { id: r.id }));
    if (!text) return;
    body.text = text;
  }
  try {
    const updated = await api("POST", `/api/requests/${encodeURIComponent(r.id)}/actions`, body, { "If-Match": r.etag });
    upsertQueue(updated);
    showError(null);
  } catch (err) {
    showError(err.status === 412 ? new Error(t("start.stale", { id: r.id })) : err);
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
  follow(key);
}

/**
 * Live updates through the web apps' own stream client (web/api.ts): Last-Event-ID on reconnect,
 * a silent connection taken for a lost one, and backing off as the service asks.
 */
function follow(key) {
  const stream = new Api(async () => state.token).follow(
    `department=${encodeURIComponent(key)}`,
    upsertQueue,
    (live) => {
      $("live").textContent = live ? `● ${t("tab.live")}` : t("tab.offline");
      $("live").className = live ? "live on" : "live off";
    },
    undefined,
    undefined,
    () => void openQueue(key),
  );
  state.stream = { abort: stream };
}

// ---------- departments ----------

async function loadDepartments() {
  const box = $("depts");
  box.replaceChildren();
  for (const d of state.departments) {
    const targets = el("table", {},
      el("thead", {}, el("tr", {}, el("th", {}, t("card.priority")), el("th", {}, t("clock.firstResponse")), el("th", {}, t("clock.resolution")))),
      el("tbody", {}, ...Object.entries(d.sla.targets).map(([p, target]) =>
        el("tr", {}, el("td", {}, t(`priority.${p}`)), el("td", {}, formatMinutes(target.firstResponseMinutes, LOCALE)), el("td", {}, formatMinutes(target.resolutionMinutes, LOCALE))))));
    // The department's hours are its promise: written in its own zone, which is named.
    const days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    const hours = days.map((day, i) => {
      const ws = d.calendar.week[day] ?? [];
      return `${weekdayName(i, LOCALE)} ${ws.length ? ws.map((w) => w.join("–")).join(", ") : t("card.sla.closed")}`;
    }).join(" · ");
    const stats = el("p", { class: "stats", "data-dept": d.key }, "…");
    box.append(el("article", { class: "dept" },
      el("h3", {}, d.name, " ", el("small", {}, d.key)),
      el("p", {}, d.description),
      el("p", { class: "small" }, `${t("tab.dashboard.hours", { zone: d.calendar.timeZone })}: ${hours}`),
      d.calendar.holidays.length ? el("p", { class: "small" }, t("start.holidays", { days: d.calendar.holidays.map((h) => formatDate(h, LOCALE)).join(", ") })) : "",
      targets, stats));
    showStats(d.key, stats);
  }
  // Live: the company scoreboard's stream says when any department's figures changed.
  state.scoreboard?.();
  state.scoreboard = new Api(async () => state.token).follow("scoreboard=1", () => {}, () => {}, undefined, undefined, () => {
    for (const node of box.querySelectorAll("p.stats[data-dept]")) showStats(node.dataset.dept, node);
  });
}

/** A department's figures this month, in one line (open and overdue count as missed). */
function showStats(key, node) {
  api("GET", `/api/departments/${encodeURIComponent(key)}/stats`).then((s) => {
    node.textContent = t("start.stats", { created: s.created, open: s.open, firstResponse: pct(s.firstResponse.attainmentPercent), resolution: pct(s.resolution.attainmentPercent) });
  }, (err) => (node.textContent = err.message));
}

const pct = (v) => (v === null || v === undefined ? "–" : formatPercent(v, LOCALE));

// ---------- wiring ----------

for (const t of ["new", "mine", "queue", "sla"]) $(`tab-${t}`).addEventListener("click", () => selectTab(t));
$("new-dept").addEventListener("change", fillCategories);
$("new-prio").addEventListener("change", preview);
$("new-form").addEventListener("submit", submitNew);
$("queue-dept").addEventListener("change", (e) => openQueue(e.target.value));

if (state.token) void openDesk();
else void showPeople();
