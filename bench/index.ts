/**
 * `npm run bench`: the figures of issue 2's "Measured" section, in one run against an in-memory
 * Azurite on loopback that this process starts (and stops). Prints progress as it goes, then a
 * summary with each figure beside its aim; writes everything to bench/results/latest.json.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchBot, type BotFigures } from "./bot.ts";
import { benchCreate, type CreateBreakdown, type CreateFigures } from "./create.ts";
import { startHarness, type Harness } from "./harness.ts";
import { benchListing, type ListingFigures } from "./listing.ts";
import { benchSla, type SlaFigures } from "./sla.ts";
import { ms, num, progress } from "./stats.ts";
import { benchStream, type StreamFigures } from "./stream.ts";
import { benchStreamMemory, type StreamMemoryFigures } from "./stream-memory.ts";
import { benchTab, kb, type TabFigures } from "./tab.ts";
import { benchScoreboard, scoreboardRows, type ScoreboardFigures } from "./scoreboard.ts";
import { benchSearch, searchRows, type SearchFigures } from "./search.ts";

const PLAN = {
  create: [
    { concurrency: 1, count: 300 },
    { concurrency: 16, count: 1600 },
    // Not an aim: the same load spread over 4 queues, to show what serialises per department.
    { concurrency: 16, count: 1600, departments: 4 },
  ],
  listing: { open: 2000, pageRuns: 40, wholeRuns: 15 },
  stream: { clients: 200, updates: 20, warmup: 3 },
  sla: { runMs: 1000, runs: 3 },
  bot: { warmup: 20, count: 200, concurrency: 16, concurrentCount: 800 },
  tab: { loads: 10, openRequests: 40 },
  // Issue 11: idle streams of many people (a quarter personal), then clients that stop reading under ~96 KB changes.
  streamMemory: { idle: [200, 1000], mineShare: 0.25, stalled: 40, largeChanges: 150 },
  // Issue 15: the company scoreboard over 20 departments with 100,000 past requests each (day rows written directly).
  // Issue 16: search over a department of many requests (filed through the service, indexed by the follower).
  search: { requests: 1000, runs: 20 },
  scoreboard: { departments: 20, requestsPerDepartment: 100_000, days: 365, open: 150, runs: 10 },
};

const AIMS = {
  createRatioP50: 3,
  listP50Ms: 150,
  streamP99Ms: 100,
  slaOpsPerSecond: 200_000,
  botReplyP50Ms: 50,
  tabFirstLoadGzipKb: 250,
  tabFirstRenderMs: 1000,
  /** Resident memory the service may add while clients that stop reading are sent large changes. */
  stalledStreamsAboveMb: 100,
  healthzDuringStreamsP99Ms: 100,
  scoreboardP50Ms: 200,
};

interface Row {
  figure: string;
  value: string;
  aim: string;
  ok?: boolean;
}

async function main() {
  const began = Date.now();
  progress(`Tandem bench: Node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model.trim() ?? "?"}), ${os.platform()}, load average ${loadAverage()}`);
  progress("starting Azurite (in memory, loopback); each section then runs its own service with its own tables");
  let h: Harness | undefined;
  let create: { levels: CreateFigures[]; breakdown: CreateBreakdown };
  let listing: ListingFigures;
  let stream: StreamFigures;
  let bot: BotFigures;
  let tab: TabFigures;
  let streamMemory: StreamMemoryFigures;
  let scoreboard: ScoreboardFigures;
  let search: SearchFigures;
  try {
    h = await startHarness();
    progress(`Azurite at ${h.azurite.connectionString.match(/TableEndpoint=([^;]+)/)?.[1]}`);

    console.log("\n== 1. Create a request (POST /api/requests) vs raw TableClient.createEntity ==");
    let s = await h.section("create");
    progress(`service at ${s.svc.url} (tables ${s.svc.prefix}*)`);
    create = await benchCreate(s, PLAN.create);
    await s.close();

    console.log(`\n== 2. List a department with ${num(PLAN.listing.open)} open requests ==`);
    s = await h.section("list");
    progress(`service at ${s.svc.url} (tables ${s.svc.prefix}*)`);
    listing = await benchListing(s, PLAN.listing);
    await s.close();

    console.log(`\n== 3. Stream fan-out to ${PLAN.stream.clients} SSE clients ==`);
    s = await h.section("stream");
    progress(`service at ${s.svc.url} (tables ${s.svc.prefix}*)`);
    stream = await benchStream(s, PLAN.stream);
    await s.close();

    console.log("\n== 4. Teams bot: activity in to reply out (POST /api/messages -> reply at the Bot Connector) ==");
    s = await h.section("bot");
    progress(`service at ${s.svc.url} (tables ${s.svc.prefix}*)`);
    bot = await benchBot(s, PLAN.bot);
    await s.close();

    console.log("\n== 5. Teams tab: first-load size and cold first render (headless Chromium, loopback) ==");
    s = await h.section("tab");
    progress(`service at ${s.svc.url} (tables ${s.svc.prefix}*)`);
    tab = await benchTab(s, PLAN.tab);
    await s.close();

    console.log(`\n== 6. Stream memory: ${PLAN.streamMemory.idle.map(num).join(" and ")} idle streams; ${PLAN.streamMemory.stalled} clients that stop reading under ${PLAN.streamMemory.largeChanges} changes of ~96 KB ==`);
    streamMemory = await benchStreamMemory(h, PLAN.streamMemory);

    console.log(`\n== 7. Search: ${num(PLAN.search.requests)} requests of one department (GET /api/departments/:key/requests?q=) ==`);
    s = await h.section("search");
    search = await benchSearch(s, PLAN.search);
    await s.close();

    console.log(`\n== 8. Scoreboard: ${PLAN.scoreboard.departments} departments x ${num(PLAN.scoreboard.requestsPerDepartment)} past requests (GET /api/scoreboard) ==`);
    scoreboard = await benchScoreboard(PLAN.scoreboard);
  } finally {
    progress("stopping the services and Azurite");
    await h?.close();
  }

  console.log("\n== 9. SLA due times (addBusinessMs, 5-day target, Madrid split windows, 12 holidays) ==");
  const sla = benchSla(PLAN.sla);

  const rows = summaryRows(create.levels, listing, stream, bot, sla, tab, streamMemory);
  rows.push(...scoreboardRows(scoreboard, AIMS.scoreboardP50Ms));
  rows.push(...searchRows(search));
  progress(`load average now ${loadAverage()} (1, 5, 15 min): other work on this machine slows every figure`);
  printTable(rows);
  const b = create.breakdown;
  const c1 = create.levels.find((c) => c.concurrency === 1 && c.departments === 1);
  console.log(
    [
      "",
      "Notes:",
      `- create = HTTP round trip of POST /api/requests; raw = one TableClient.createEntity of the same request row, from this process.`,
      `  A create sends two storage calls at once (the "my requests" pointer upsert, and one transaction of counter + request +`,
      `  history + change-log rows; the department read is cached): ${ms(b.together.p50)} at p50 alone (pointer ${ms(b.pointerUpsert.p50)}, transaction ${ms(b.transaction.p50)}),`,
      `  i.e. ${(b.together.p50 / (c1?.raw.p50 ?? NaN)).toFixed(1)}x a raw insert before any HTTP, token or JSON work: Azurite runs one call at a time and`,
      `  checks each inserted row against its whole partition, so its cost grows with rows written, unlike Azure's.` +
        ` With 16 clients on one department, creates also queue for its counter (one ETag-guarded transaction at a time, grouped).`,
      `- list: the API pages at most ${listing.pageSize} per call, so the whole open list is ${listing.pages} sequential calls; Azurite answers each page by scanning`,
      `  and sorting the whole table (LokiJS), which is why every section runs on tables of its own.`,
      `- stream: same instance, so delivery is the in-process change bus; CHANGE_POLL_MS=${stream.changePollMs} only paces changes made by other instances`,
      `  (read from the change log). Clients run in a worker thread; latency = action sent -> event parsed by that client, which includes`,
      `  the action's own round trip (p50 ${ms(stream.actionRoundTrip.p50)}, p99 ${ms(stream.actionRoundTrip.p99)}).`,
      `- teams bot: a Teams message activity POSTed unsigned to /api/messages (as on loopback without MicrosoftAppId) -> the fake Bot`,
      `  Connector has the bot's reply (POST .../activities/{replyToId}); Teams clients and connector run in a worker thread.`,
      `  /api/messages itself answers after the reply is sent (status ${bot.statusOf} @1: p50 ${ms(bb(bot, 1).answered.p50)} vs reply ${ms(bb(bot, 1).reply.p50)}).`,
      `  Commands that change something (new IT <title>, take, comment...) first log the activity id (Teams retries); reads do not.`,
      `  A status reply at 1 client, piece by piece (p50; the claim insert is what "new" pays, status does not): claim insert`,
      `  ${ms(bot.breakdown.claimInsert.p50)}, one request read ${ms(bot.breakdown.requestRead.p50)}, card ${ms(bot.breakdown.requestCard.p50)}, whole command ${ms(bot.breakdown.command.p50)}, ` +
        `botbuilder send ${ms(bot.breakdown.botbuilderSend.p50)} (a bare POST to the connector ${ms(bot.breakdown.connectorPost.p50)}).`,
      `  At ${PLAN.bot.concurrency} in flight the reply waits mostly in line: p50 is about ${PLAN.bot.concurrency} / throughput.`,
      `- tab: sizes of teams-app/dist after a fresh build (gzip at zlib's default level, as a compressing server sends it; the service`,
      `  itself sends the files uncompressed). A cold load is a fresh browser context (empty cache and storage) opening`,
      `  /tab/?view=board&department=IT; the time is performance.now() in the page (since navigation start) at the first animation`,
      `  frame showing the picker with its people, or, signed in as an agent (dev token put in sessionStorage before the page runs),`,
      `  the queue's rows (${tab.openRequests} open requests) with no spinner. One load before the ${tab.loads} measured ones is not counted.`,
      `- stream memory: the service runs alone in a child process and reports its own process.memoryUsage().rss (after a full`,
      `  collection, except the peak, sampled every 20 ms); the SSE clients run in the bench process. Idle streams: a quarter`,
      `  ?mine=1 of people without requests, the rest department streams of as many admins; a new request must reach every`,
      `  department stream. Non-reading clients: each a different person (so no per-person cap applies), dropped once more than`,
      `  STREAM_MAX_BUFFER_BYTES (${(streamMemory.maxBufferBytes / 1024).toFixed(0)} KiB) waits for them; one client reads throughout. A change is`,
      `  encoded once and its bytes shared by every socket, so what a stalled client holds is references, bounded by the drop.`,
      `- scoreboard: the ${num(PLAN.scoreboard.departments * PLAN.scoreboard.requestsPerDepartment)} requests are NOT filed through the service (hours here): their day summary rows`,
      `  (sums of the follower's own contributionOf over synthetic requests, ${scoreboard.dayRowKb.mean.toFixed(1)} KB a row on average) and open rows are written straight`,
      `  into each department's partition; the real service answers GET /api/scoreboard through a counting proxy. Entities read are the`,
      `  days of this period and the one before, the open row and the follower's cursor per department: none per request.`,
    ].join("\n"),
  );

  const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, "latest.json");
  const result = {
    at: new Date().toISOString(),
    durationMs: Date.now() - began,
    environment: {
      node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.trim(), platform: `${os.platform()} ${os.release()}`,
      storage: "Azurite 3.35.0 table service, in memory, loopback", loadAverageAtEnd: os.loadavg(),
    },
    plan: PLAN,
    aims: AIMS,
    create: create.levels,
    createBreakdown: create.breakdown,
    listing,
    stream,
    bot,
    sla,
    tab,
    streamMemory,
    scoreboard,
    search,
    summary: rows,
  };
  // Three decimals are plenty for milliseconds and rates.
  const round = (_k: string, v: unknown) => (typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 1000) / 1000 : v);
  fs.writeFileSync(file, JSON.stringify(result, round, 2) + "\n");
  progress(`results written to ${path.relative(process.cwd(), file)} (run took ${((Date.now() - began) / 1000).toFixed(0)} s)`);
}

function summaryRows(
  create: CreateFigures[],
  listing: ListingFigures,
  stream: StreamFigures,
  bot: BotFigures,
  sla: SlaFigures,
  tab: TabFigures,
  memory: StreamMemoryFigures,
): Row[] {
  const rows: Row[] = [];
  for (const c of create) {
    const at = `create @${c.concurrency}${c.departments > 1 ? ` over ${c.departments} depts` : ""}`;
    const judged = c.departments === 1;
    rows.push({ figure: `${at}: service p50 / p99`, value: `${ms(c.create.p50)} / ${ms(c.create.p99)}`, aim: "" });
    rows.push({ figure: `${at}: raw insert p50 / p99`, value: `${ms(c.raw.p50)} / ${ms(c.raw.p99)}`, aim: "" });
    rows.push({ figure: `${at}: throughput service / raw`, value: `${num(c.create.perSecond)} / ${num(c.raw.perSecond)} req/s`, aim: "" });
    rows.push({
      figure: `${at}: ratio service/raw at p50`,
      value: `${c.ratioP50.toFixed(2)}x`,
      aim: judged ? `<= ${AIMS.createRatioP50}x` : "(info)",
      ...(judged ? { ok: c.ratioP50 <= AIMS.createRatioP50 } : {}),
    });
  }
  rows.push({
    figure: `list ${num(listing.open)} open: a page (limit=${listing.pageSize}) p50`,
    value: `${ms(listing.page.p50)} (p99 ${ms(listing.page.p99)})`,
    aim: `< ${AIMS.listP50Ms} ms`,
    ok: listing.page.p50 < AIMS.listP50Ms,
  });
  rows.push({
    figure: `list ${num(listing.open)} open: whole list (${listing.pages} pages) p50`,
    value: `${ms(listing.whole.p50)} (p99 ${ms(listing.whole.p99)})`,
    aim: "(info)",
  });
  rows.push({ figure: `stream: ${stream.clients} clients x ${stream.updates} updates, p50`, value: ms(stream.delivery.p50), aim: "" });
  rows.push({
    figure: `stream: ${stream.clients} clients x ${stream.updates} updates, p99`,
    value: `${ms(stream.delivery.p99)}${stream.missed ? ` (${stream.missed} missed)` : ""}`,
    aim: `< ${AIMS.streamP99Ms} ms`,
    ok: stream.delivery.p99 < AIMS.streamP99Ms && stream.missed === 0,
  });
  for (const p of bot.phases) {
    rows.push({
      figure: `teams bot "${p.label}": reply p50 / p99`,
      value: `${ms(p.reply.p50)} / ${ms(p.reply.p99)}`,
      aim: `p50 < ${AIMS.botReplyP50Ms} ms`,
      ok: p.reply.p50 < AIMS.botReplyP50Ms,
    });
    rows.push({ figure: `teams bot "${p.label}": throughput`, value: `${num(p.reply.perSecond)} replies/s`, aim: "" });
  }
  rows.push({
    figure: "SLA due times (5-day target, holidays)",
    value: `${num(sla.opsPerSecond)}/s`,
    aim: `>= ${num(AIMS.slaOpsPerSecond)}/s`,
    ok: sla.opsPerSecond >= AIMS.slaOpsPerSecond,
  });
  rows.push({ figure: "SLA due times, calendar copy per request", value: `${num(sla.freshCopyOpsPerSecond)}/s`, aim: "" });
  const board = tab.sizes.pages.find((p) => p.page === "Board")!;
  rows.push({
    figure: "tab first load (channel tab, board), gzip",
    value: `${kb(board.gzip)} (raw ${kb(board.raw)}, ${board.files} files)`,
    aim: `< ${AIMS.tabFirstLoadGzipKb} KB`,
    ok: board.gzip < AIMS.tabFirstLoadGzipKb * 1024,
  });
  for (const p of tab.sizes.pages.filter((x) => x.page !== "Board")) {
    rows.push({ figure: `tab first load (${p.page}), gzip`, value: kb(p.gzip), aim: `< ${AIMS.tabFirstLoadGzipKb} KB`, ok: p.gzip < AIMS.tabFirstLoadGzipKb * 1024 });
  }
  rows.push({ figure: "tab: every page's scripts, gzip", value: kb(tab.sizes.allGzip), aim: "(info)" });
  for (const [label, f] of [["sign-in picker", tab.picker], ["board's queue", tab.board]] as const) {
    rows.push({
      figure: `tab cold load -> ${label}, median of ${f.n}`,
      value: `${ms(f.p50, 0)} (min ${ms(f.min, 0)}, max ${ms(f.max, 0)})`,
      aim: `< ${num(AIMS.tabFirstRenderMs)} ms`,
      ok: f.p50 < AIMS.tabFirstRenderMs,
    });
  }
  rows.push(...streamMemoryRows(memory));
  return rows;
}

function streamMemoryRows(m: StreamMemoryFigures): Row[] {
  const mb = (v: number) => `${v.toFixed(1)} MB`;
  const rows: Row[] = [{ figure: "stream memory: service rss, no stream", value: mb(m.idleRssMb), aim: "(info)" }];
  for (const f of m.idle) {
    rows.push({
      figure: `stream memory: rss with ${num(f.streams)} idle streams`,
      value: `${mb(f.rssMb)} (+${mb(f.aboveIdleMb)}; change reached ${f.delivered}/${f.departmentStreams})`,
      aim: "all reached",
      ok: f.delivered === f.departmentStreams,
    });
    rows.push({
      figure: `stream memory: /healthz p99 with ${num(f.streams)} idle streams`,
      value: ms(f.healthz.p99),
      aim: `< ${AIMS.healthzDuringStreamsP99Ms} ms`,
      ok: f.healthz.p99 < AIMS.healthzDuringStreamsP99Ms,
    });
  }
  rows.push({ figure: "stream memory: rss once every stream closed", value: mb(m.afterCloseRssMb), aim: "(info)" });
  rows.push({
    figure: `stream memory: one person asks for ${m.onePerson.asked} streams`,
    value: `${m.onePerson.served} served, ${m.onePerson.refused} refused (429)`,
    aim: "(info)",
  });
  const s = m.stalled;
  const at = `stream memory: ${s.streams} non-reading x ${s.changes} changes of ${s.eventKb.toFixed(0)} KB`;
  rows.push({
    figure: `${at}: peak rss above before`,
    value: `+${mb(s.peakAboveBaselineMb)} (${mb(s.baselineRssMb)} -> ${mb(s.peakRssMb)}; ${s.dropped} dropped${s.readerGotLast ? "" : "; the reading client MISSED the last change"})`,
    aim: `< ${AIMS.stalledStreamsAboveMb} MB`,
    ok: s.peakAboveBaselineMb < AIMS.stalledStreamsAboveMb && s.readerGotLast,
  });
  rows.push({
    figure: `${at}: /healthz p99`,
    value: ms(s.healthz.p99),
    aim: `< ${AIMS.healthzDuringStreamsP99Ms} ms`,
    ok: s.healthz.p99 < AIMS.healthzDuringStreamsP99Ms,
  });
  return rows;
}

/** The `status` phase of the bot section at one concurrency. */
function bb(bot: BotFigures, concurrency: number) {
  return bot.phases.find((p) => p.command.startsWith("status") && p.reply.concurrency === concurrency)!;
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(", ");

function printTable(rows: Row[]) {
  const head = { figure: "figure", value: "value", aim: "aim" };
  const w = {
    figure: Math.max(head.figure.length, ...rows.map((r) => r.figure.length)),
    value: Math.max(head.value.length, ...rows.map((r) => r.value.length)),
    aim: Math.max(head.aim.length, ...rows.map((r) => r.aim.length)),
  };
  const line = (f: string, v: string, a: string, mark: string) => `| ${f.padEnd(w.figure)} | ${v.padEnd(w.value)} | ${a.padEnd(w.aim)} | ${mark.padEnd(2)} |`;
  const rule = `|${"-".repeat(w.figure + 2)}|${"-".repeat(w.value + 2)}|${"-".repeat(w.aim + 2)}|----|`;
  console.log("\n== Summary ==");
  console.log(line(head.figure, head.value, head.aim, "ok"));
  console.log(rule);
  for (const r of rows) console.log(line(r.figure, r.value, r.aim, r.ok === undefined ? "" : r.ok ? "✓" : "✗"));
  const judged = rows.filter((r) => r.ok !== undefined);
  console.log(`${judged.filter((r) => r.ok).length}/${judged.length} aims met`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error("bench failed:", err);
    process.exit(1);
  },
);
