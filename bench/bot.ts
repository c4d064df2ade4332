/**
 * 4. The Teams bot, activity in to reply out: a Teams message activity POSTed to /api/messages
 * (unsigned, as on loopback without MicrosoftAppId), until the fake Bot Connector has received
 * the bot's reply to it (POST {serviceUrl}/v3/conversations/{id}/activities/{replyToId}).
 * With the demo catalogue loaded: `help` (no request storage), `status IT-n` (reads),
 * `new IT <title>` (files a request), each one at a time, then `status` with 16 in flight.
 *
 * The Teams side (the clients posting activities, and the fake Bot Connector receiving the
 * replies) runs in a worker thread: this same file, started with role "teams". In production
 * both are other machines; on the service's event loop they would take a share of its CPU
 * and queue behind its work, as the SSE clients of section 3 would.
 *
 * Messages to the worker:   { type: "run", phase: PhaseSpec }  answers { type: "done", key, replies, answered, wallMs }
 *                           { type: "close" }                  answers { type: "closed" }
 * Messages from the worker: { type: "ready", connectorUrl } once the connector listens; { type: "error", message }.
 */
import { randomUUID } from "node:crypto";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { ConversationReference } from "botbuilder";
import { seedDemo } from "../bot/demo/seed.ts";
import { DEMO_USERS } from "../bot/demo/demo-catalogue.ts";
import { ClaimStore } from "../bot/storage/claim-store.ts";
import { keyPart } from "../bot/storage/tables.ts";
import { ConversationStore } from "../bot/storage/conversation-store.ts";
import { createAdapter } from "../bot/teams/adapter.ts";
import { requestCardFor, runCommand } from "../bot/teams/commands.ts";
import { TeamsSender } from "../bot/teams/sender.ts";
import { FakeConnector } from "../test/support/bot-connector.ts";
import type { TestService } from "../test/support/service.ts";
import { TeamsClient, personal } from "../test/support/teams.ts";
import { TENANT, type Section } from "./harness.ts";
import { closedLoop, ms, num, progress, sleep, summarize, type LoadResult, type Summary } from "./stats.ts";

export interface BotPlan {
  /** Runs of each command before it is measured (not counted). */
  warmup: number;
  /** Measured runs of each command, one at a time. */
  count: number;
  /** `status` with this many activities in flight... */
  concurrency: number;
  /** ...this many times in all. */
  concurrentCount: number;
}

export interface BotPhase {
  /** What the figure is called in the summary (e.g. `status IT-1 @16`). */
  label: string;
  /** The command as typed (`new` titles get a number appended). */
  command: string;
  /** What it touches. */
  kind: string;
  /** Activity POSTed -> the connector has the reply; perSecond = replies per second of wall time. */
  reply: LoadResult;
  /** Activity POSTed -> /api/messages answered (after the reply: the adapter awaits its send). */
  answered: Summary;
}

/** Where one `status` reply's time goes at 1 client: the pieces timed alone, with the service's own objects. */
export interface BotBreakdown {
  count: number;
  /** The de-duplication claim every message inserts first (Claims table, one partition per tenant). */
  claimInsert: Summary;
  /** One request read as the service does it (cached department + one point read); `status` does two. */
  requestRead: Summary;
  /** The request card: cached department, a second read, lifecycle actions, template expansion. */
  requestCard: Summary;
  /** The whole `status` command through the bot's code (parse, read, card), without HTTP or connector. */
  command: Summary;
  /** The reply sent with botbuilder (CloudAdapter.continueConversationAsync + sendActivity, as TeamsSender does). */
  botbuilderSend: Summary;
  /** The same reply POSTed to the connector with a bare fetch: the loopback and connector floor. */
  connectorPost: Summary;
  /** Rows in the Claims partition when the breakdown ran (every message adds one). */
  claimRows: number;
}

export interface BotFigures {
  plan: BotPlan;
  /** The demo request `status` reads. */
  statusOf: string;
  /** Where the Teams side ran. */
  clients: string;
  phases: BotPhase[];
  breakdown: BotBreakdown;
}

/** One measured command, as the worker runs it. */
interface PhaseSpec {
  key: string;
  /** The message; with `numbered`, each one gets ` (n)` appended (distinct titles). */
  text: string;
  numbered?: boolean;
  /** Who types it, round robin, each in their 1:1 chat with the bot. */
  users: string[];
  concurrency: number;
  count: number;
  warmup: number;
  /** The reply's `summary` must equal / match this (a wrong reply measures nothing). */
  expect: { equals?: string; matches?: string };
}

type ToWorker = { type: "run"; phase: PhaseSpec } | { type: "close" };
type FromWorker =
  | { type: "ready"; connectorUrl: string }
  | { type: "done"; key: string; replies: number[]; answered: number[]; wallMs: number }
  | { type: "closed" }
  | { type: "error"; message: string };

const ROLE = "tandem-bench-teams";

/** Dana (requester) alone; at 16 in flight Dana, Ana (IT lead) and Ben (IT agent), who all may see the request. */
const ONE = ["demo-dana"];
const MANY = ["demo-dana", "demo-ana", "demo-ben"];

export async function benchBot(h: Section, plan: BotPlan): Promise<BotFigures> {
  const app = h.svc.app;
  progress("bot: loading the demo catalogue (5 departments, 6 requests) through seedDemo");
  if (!(await seedDemo(app, TENANT))) throw new Error("bot: the bench tenant already had departments");
  const demo = (await app.services.requests.mine(actorOf("demo-dana"), { status: "open" })).items.find((r) => r.department === "IT" && r.assignee);
  if (!demo) throw new Error("bot: the demo catalogue has no IT request of Dana's in progress");
  const statusOf = demo.id;

  const teams = await startTeams(h.svc.url);
  try {
    progress(`bot: Teams clients and the fake Bot Connector (${teams.connectorUrl}) run in a worker thread; a reply is timed when the connector has it`);
    const phases: BotPhase[] = [];
    const run = async (label: string, command: string, kind: string, spec: Omit<PhaseSpec, "key" | "warmup">) => {
      progress(`bot: ${label}: ${plan.warmup} warm-up then ${num(spec.count)} activities, ${spec.concurrency} in flight`);
      const r = await teams.run({ ...spec, key: label, warmup: plan.warmup });
      const reply: LoadResult = { ...summarize(r.replies), concurrency: spec.concurrency, perSecond: (r.replies.length / r.wallMs) * 1000, wallMs: r.wallMs };
      const phase: BotPhase = { label, command, kind, reply, answered: summarize(r.answered) };
      phases.push(phase);
      progress(`bot: ${label}: reply p50 ${ms(reply.p50)} p99 ${ms(reply.p99)}, ${num(reply.perSecond)} replies/s (/api/messages answered p50 ${ms(phase.answered.p50)})`);
    };
    const status = { text: `status ${statusOf}`, expect: { equals: `${demo.id}: ${demo.title}` } };
    await run("help @1", "help", "no request storage", { text: "help", users: ONE, concurrency: 1, count: plan.count, expect: { equals: "What Tandem can do" } });
    await run(`status ${statusOf} @1`, status.text, "reads", { ...status, users: ONE, concurrency: 1, count: plan.count });
    await run("new IT <title> @1", "new IT <title>", "files a request", {
      text: "new IT Bench: the printer on floor 3 jams", numbered: true, users: ONE, concurrency: 1, count: plan.count, expect: { matches: "^Filed IT-\\d+\\." },
    });
    await run(`status ${statusOf} @${plan.concurrency}`, status.text, "reads", { ...status, users: MANY, concurrency: plan.concurrency, count: plan.concurrentCount });

    const breakdown = await breakdownOf(h, teams.connectorUrl, statusOf, plan.count);
    return { plan, statusOf, clients: "worker thread (clients + fake Bot Connector)", phases, breakdown };
  } finally {
    await teams.close();
  }
}

/** Starts the worker (the Teams side) and waits for its connector. */
async function startTeams(serviceUrl: string) {
  // A worker does not inherit `--import tsx` hooks on Node 20: register tsx inside it, then load this file.
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const entry = JSON.stringify(import.meta.url);
  const worker = new Worker(`import(${tsx}).then(({ register }) => { register(); return import(${entry}); })`, {
    eval: true,
    workerData: { role: ROLE, serviceUrl, tenantId: TENANT },
  });
  const pending = new Map<string, (m: Extract<FromWorker, { type: "done" }>) => void>();
  let onReady!: (url: string) => void;
  let onClosed!: () => void;
  let onFailure!: (err: Error) => void;
  const ready = new Promise<string>((r) => (onReady = r));
  const closed = new Promise<void>((r) => (onClosed = r));
  const failed = new Promise<never>((_, reject) => (onFailure = reject));
  failed.catch(() => undefined);
  worker.on("message", (m: FromWorker) => {
    if (m.type === "ready") onReady(m.connectorUrl);
    else if (m.type === "done") pending.get(m.key)?.(m);
    else if (m.type === "closed") onClosed();
    else if (m.type === "error") onFailure(new Error(m.message));
  });
  worker.on("error", (err) => onFailure(err));
  const timeout = sleep(30_000).then(() => Promise.reject(new Error("bot: the Teams worker did not start within 30 s")));
  timeout.catch(() => undefined);
  const connectorUrl = await Promise.race([ready, failed, timeout]);
  const post = (m: ToWorker) => worker.postMessage(m);
  return {
    connectorUrl,
    run: (phase: PhaseSpec) =>
      Promise.race([
        failed,
        new Promise<Extract<FromWorker, { type: "done" }>>((resolve) => {
          pending.set(phase.key, (m) => {
            pending.delete(phase.key);
            resolve(m);
          });
          post({ type: "run", phase });
        }),
      ]),
    async close() {
      post({ type: "close" });
      await Promise.race([closed, failed.catch(() => undefined), sleep(2_000)]);
      await worker.terminate();
    },
  };
}

/** The pieces of a `status` reply, each timed alone at 1 client with the service's own objects. */
async function breakdownOf(h: Section, connectorUrl: string, id: string, count: number): Promise<BotBreakdown> {
  const app = h.svc.app;
  const { requests, departments } = app.services;
  const dana = actorOf("demo-dana");
  const claims = new ClaimStore(app.tables);
  // The bench inserts claims where a Teams command's Idempotency-Key goes (dana's partition) and reads its size straight from the table.
  const scope = { idempotencyOf: dana.person.id };
  const pk = `${TENANT}|${keyPart(`idem:${scope.idempotencyOf}`)}`;
  let claimRows = 0;
  for await (const _ of app.tables.Claims.listEntities({ queryOptions: { filter: `PartitionKey eq '${pk}'`, select: ["RowKey"] } })) claimRows++;
  progress(`bot: breakdown at 1 client, ${count} of each piece of a "status ${id}" reply (${num(claimRows)} rows in the claims partition)`);

  const deps = { requests, departments, conversations: new ConversationStore(app.tables) };
  const conversation = { id: "a:bench-breakdown", conversationType: "personal", isGroup: false, name: "" };
  const turn = { actor: dana, locale: "en" as const, scope: "personal" as const, activity: { id: "bench", conversation } };
  const view = await requests.get(dana, id, { history: false });
  const reply = { ...(await runCommand(deps, turn, `status ${id}`, [])), type: "message" };
  const sender = new TeamsSender(createAdapter(app.config.bot), app.config.bot.appId);
  const reference: Partial<ConversationReference> = { channelId: "msteams", serviceUrl: connectorUrl, conversation, bot: { id: "28:tandem-bot", name: "Tandem" } };
  const replyBody = JSON.stringify({ ...reply, replyToId: "bench" });

  const claim = await closedLoop(count, 1, () => claims.claim({ tenantId: TENANT, scope, ref: `teams-activity:bench-${randomUUID()}` }, "bench", "", new Date().toISOString()));
  const read = await closedLoop(count, 1, () => requests.get(dana, id, { history: false }));
  const card = await closedLoop(count, 1, () => requestCardFor(deps, turn, view));
  const command = await closedLoop(count, 1, () => runCommand(deps, turn, `status ${id}`, []));
  const send = await closedLoop(count, 1, async () => {
    const outcome = await sender.send(reference, reply);
    if (!outcome.ok) throw new Error(`bot: botbuilder send failed: ${outcome.reason}`);
  });
  const post = await closedLoop(count, 1, async () => {
    const res = await fetch(`${connectorUrl}/v3/conversations/${encodeURIComponent(conversation.id)}/activities/bench`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: replyBody,
    });
    await res.text();
    if (res.status !== 200) throw new Error(`bot: the fake connector answered ${res.status}`);
  });
  const out: BotBreakdown = {
    count,
    claimInsert: summarize(claim.latencies),
    requestRead: summarize(read.latencies),
    requestCard: summarize(card.latencies),
    command: summarize(command.latencies),
    botbuilderSend: summarize(send.latencies),
    connectorPost: summarize(post.latencies),
    claimRows,
  };
  progress(
    `bot: p50 claim insert ${ms(out.claimInsert.p50)}, request read ${ms(out.requestRead.p50)}, request card ${ms(out.requestCard.p50)}, ` +
      `whole command ${ms(out.command.p50)}, botbuilder send ${ms(out.botbuilderSend.p50)}, bare connector POST ${ms(out.connectorPost.p50)}`,
  );
  return out;
}

function actorOf(id: string) {
  const u = DEMO_USERS.find((x) => x.id === id)!;
  return { tenantId: TENANT, person: { id: u.id, name: u.name, email: u.email }, isAdmin: false };
}

// ---------------------------------------------------------------------------------------------
// The worker: Teams clients (TeamsClient, as Teams sends activities) and the fake Bot Connector.

async function teamsWorker(port: NonNullable<typeof parentPort>, serviceUrl: string, tenantId: string) {
  const connector = await FakeConnector.start();
  // TeamsClient only needs the service's address.
  const teams = new TeamsClient({ url: serviceUrl } as TestService, connector, tenantId);

  /** One exchange: POST the message, note when the connector has the reply to it, check the reply. */
  const exchange = async (spec: PhaseSpec, n: string, user: string) => {
    const text = spec.numbered ? `${spec.text} (${n})` : spec.text;
    const id = randomUUID();
    const from = connector.calls.length;
    const t0 = performance.now();
    let replyAt = 0;
    const received = connector
      .waitFor((calls) => {
        for (let k = calls.length - 1; k >= from; k--) if (calls[k]!.activityId === id) return true;
        return false;
      }, `the reply to "${text}"`, 10_000)
      .then(() => (replyAt = performance.now()));
    const res = await teams.say(user, personal(user), text, { id });
    const answeredAt = performance.now();
    await received;
    if (res.replies.length !== 1) throw new Error(`"${text}" got ${res.replies.length} replies:\n${connector.describe()}`);
    const summary = String(res.replies[0]!.activity.summary ?? "");
    const { equals, matches } = spec.expect;
    if ((equals !== undefined && summary !== equals) || (matches !== undefined && !new RegExp(matches).test(summary))) {
      throw new Error(`"${text}": expected a reply ${equals !== undefined ? `"${equals}"` : `matching /${matches}/`}, got "${summary.slice(0, 200)}"`);
    }
    return { reply: replyAt - t0, answered: answeredAt - t0 };
  };

  const run = async (spec: PhaseSpec) => {
    connector.clear();
    await closedLoop(spec.warmup, Math.min(spec.concurrency, spec.warmup), (i) => exchange(spec, `warm-up ${i + 1}`, spec.users[i % spec.users.length]!));
    connector.clear();
    const replies: number[] = new Array(spec.count);
    const answered: number[] = new Array(spec.count);
    const loop = await closedLoop(spec.count, spec.concurrency, async (i) => {
      const x = await exchange(spec, String(i + 1), spec.users[i % spec.users.length]!);
      replies[i] = x.reply;
      answered[i] = x.answered;
    });
    connector.clear();
    return { replies, answered, wallMs: loop.wallMs };
  };

  port.on("message", (m: ToWorker) => {
    if (m.type === "run") {
      run(m.phase).then(
        (r) => port.postMessage({ type: "done", key: m.phase.key, ...r } satisfies FromWorker),
        (err) => port.postMessage({ type: "error", message: `bot (Teams worker): ${err?.stack ?? err}` } satisfies FromWorker),
      );
    } else if (m.type === "close") {
      void connector.close().finally(() => port.postMessage({ type: "closed" } satisfies FromWorker));
    }
  });
  port.postMessage({ type: "ready", connectorUrl: connector.url } satisfies FromWorker);
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  const { serviceUrl, tenantId } = workerData as { serviceUrl: string; tenantId: string };
  teamsWorker(parentPort!, serviceUrl, tenantId).catch((err) => parentPort!.postMessage({ type: "error", message: `bot (Teams worker): ${err?.stack ?? err}` } satisfies FromWorker));
}
