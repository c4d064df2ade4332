// The start page: a small working desk on the HTTP API for a newcomer's first look (dev mode).
// Everything people typed is put on the page with textContent, never as HTML.
// Bundled by bot/start-page/build.ts into bot/public/start.js, so it reads the live stream
// with the same parser as the tab and the add-in.

import { SseParser } from "../../shared/sse.ts";

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
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
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

// ---------- time ----------

function formatIn(zone, iso) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

function countdown(iso) {
  const ms = Date.parse(iso) - Date.now();
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1000);
  const text = h >= 48 ? `${Math.floor(h / 24)}d ${h % 24}h` : h > 0 ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}m ${String(s).padStart(2, "0")}s`;
  return ms >= 0 ? `due in ${text}` : `${text} overdue`;
}

const STATE_LABEL = { on_track: "on track", at_risk: "at risk", breached: "breached", paused: "paused", met: "met", missed: "missed" };

function clockChip(label, clock) {
  const chip = el("span", { class: `chip ${clock.state}`, title: `${clock.elapsedMinutes} of ${clock.targetMinutes} business minutes` },
    `${label}: ${STATE_LABEL[clock.state] ?? clock.state}`);
  if (clock.dueAt) chip.append(" · ", el("span", { "data-due": clock.dueAt }, countdown(clock.dueAt)));
  return chip;
}

setInterval(() => {
  for (const node of document.querySelectorAll("[data-due]")) node.textContent = countdown(node.dataset.due);
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
  const roles = state.me.departments.map((d) => `${d.role} in ${d.name}`).concat(state.me.isAdmin ? ["admin"] : []);
  $("who").replaceChildren(
    el("span", {}, state.me.user.name, roles.length ? el("small", {}, ` (${roles.join(", ")})`) : ""),
    el("button", { class: "link", onclick: signOut }, "Switch person"),
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

// ---------- new request ----------

let idempotencyKey = crypto.randomUUID();

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
    $("new-result").textContent = `Filed ${r.id}: first reply due ${formatIn(state.departments.find((d) => d.key === r.department)?.calendar.timeZone ?? "UTC", r.sla.firstResponse.dueAt ?? r.createdAt)}.`;
  } catch (err) {
    $("new-result").className = "result bad";
    $("new-result").textContent = err.message;
  }
}

// ---------- lists ----------

function requestItem(r, actions) {
  const item = el("li", { class: "request", id: `req-${r.id}` },
    el("div", { class: "line" },
      el("strong", {}, r.id), " ", el("span", { class: "title" }, r.title),
      el("span", { class: `status ${r.status}` }, r.status.replace("_", " ")),
      el("span", { class: `prio ${r.priority}` }, r.priority)),
    el("div", { class: "line small" },
      `from ${r.requester.name}`, r.assignee ? ` · with ${r.assignee.name}` : " · unassigned",
      " ", clockChip("reply", r.sla.firstResponse), " ", clockChip("resolve", r.sla.resolution)));
  if (actions) item.append(actions(r));
  return item;
}

async function loadMine() {
  try {
    const { items } = await api("GET", "/api/me/requests?status=all");
    $("mine").replaceChildren(...(items.length ? items.map((r) => requestItem(r)) : [el("li", { class: "empty" }, "Nothing yet: file a request in the first tab.")]));
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

/** Live updates: SSE read with fetch, because EventSource cannot send the Authorization header. */
async function follow(key) {
  const controller = new AbortController();
  state.stream = controller;
  // One parser across reconnections: it keeps the last event id the server replays from.
  const sse = new SseParser();
  while (!controller.signal.aborted) {
    try {
      const lastId = sse.lastEventId;
      const res = await fetch(`/api/stream?department=${encodeURIComponent(key)}`, {
        headers: { Authorization: `Bearer ${state.token}`, ...(lastId ? { "Last-Event-ID": lastId } : {}) },
        signal: controller.signal,
      });
      if (!res.ok) throw new Error(`stream ${res.status}`);
      $("live").textContent = "● live";
      $("live").className = "live on";
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
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
    $("live").textContent = "reconnecting…";
    $("live").className = "live off";
    await new Promise((r) => setTimeout(r, 2000));
  }
}

// ---------- departments ----------

async function loadDepartments() {
  const box = $("depts");
  box.replaceChildren();
  for (const d of state.departments) {
    const targets = el("table", {},
      el("thead", {}, el("tr", {}, el("th", {}, "priority"), el("th", {}, "first reply"), el("th", {}, "resolution"))),
      el("tbody", {}, ...Object.entries(d.sla.targets).map(([p, t]) =>
        el("tr", {}, el("td", {}, p), el("td", {}, minutes(t.firstResponseMinutes)), el("td", {}, minutes(t.resolutionMinutes))))));
    const hours = Object.entries(d.calendar.week).map(([day, ws]) => `${day} ${ws.length ? ws.map((w) => w.join("–")).join(", ") : "off"}`).join(" · ");
    const stats = el("p", { class: "stats" }, "…");
    box.append(el("article", { class: "dept" },
      el("h3", {}, d.name, " ", el("small", {}, d.key)),
      el("p", {}, d.description),
      el("p", { class: "small" }, `${d.calendar.timeZone}: ${hours}`),
      d.calendar.holidays.length ? el("p", { class: "small" }, `Holidays: ${d.calendar.holidays.join(", ")}`) : "",
      targets, stats));
    api("GET", `/api/departments/${encodeURIComponent(d.key)}/stats`).then((s) => {
      stats.textContent = `This month: ${s.created} filed, ${s.open} open · first reply on time ${pct(s.firstResponse.attainmentPercent)} · resolved on time ${pct(s.resolution.attainmentPercent)}`;
    }, (err) => (stats.textContent = err.message));
  }
}

const pct = (v) => (v === null || v === undefined ? "–" : `${Math.round(v)} %`);
function minutes(m) {
  return m % 60 === 0 ? `${m / 60} h` : m > 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min`;
}

// ---------- wiring ----------

for (const t of ["new", "mine", "queue", "sla"]) $(`tab-${t}`).addEventListener("click", () => selectTab(t));
$("new-dept").addEventListener("change", fillCategories);
$("new-prio").addEventListener("change", preview);
$("new-form").addEventListener("submit", submitNew);
$("queue-dept").addEventListener("change", (e) => openQueue(e.target.value));

if (state.token) void openDesk();
else void showPeople();
