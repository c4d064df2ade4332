import { FakeConnector, cardText, type ConnectorCall } from "./bot-connector.ts";
import { startService, type TestService } from "./service.ts";
import { TeamsClient, personal } from "./teams.ts";

/**
 * Two services on one set of tables (as App Service instances share a storage account), the
 * demo catalogue loaded, the outbox swept by hand, one fake Bot Connector, and a Teams client
 * talking to the first; `people` say hi first, so the bot can write to them.
 */
export async function startTwoBots(clock: () => number, people: string[]) {
  const env = { OUTBOX_INTERVAL_MS: "0" };
  const connector = await FakeConnector.start();
  const a = await startService({ demo: true, clock, env });
  const b = await startService({ prefix: a.prefix, clock, env });
  const teams = new TeamsClient(a, connector);
  for (const u of people) await teams.say(u, personal(u), "hi");
  /** Proactive posts into a person's chat (not the bot's answers to what they sent). */
  const posts = (u: string): ConnectorCall[] => connector.to(personal(u).conversationId).filter((c) => c.method === "POST" && !teams.sent.has(c.activityId ?? ""));
  return {
    env,
    connector,
    a,
    b,
    teams,
    posts,
    /** Posts to a person that mention a request. */
    about: (u: string, id: string) => posts(u).filter((c) => cardText(c.activity).includes(id)),
    /** Every notice either instance started is out. */
    idle: () => Promise.all([a.app.notifier!.idle(), b.app.notifier!.idle()]),
    async close() {
      await a?.close();
      await b?.close();
      await connector?.close();
    },
  };
}

export type TwoBots = Awaited<ReturnType<typeof startTwoBots>>;

/** Files a request as Dana over HTTP on one instance; answers its id. */
export async function fileAsDana(svc: TestService, department: string, title: string): Promise<string> {
  const res = await svc.call("POST", "/api/requests", { token: await svc.token("dana"), body: { department, title } });
  if (res.status !== 201) throw new Error(`filing "${title}" answered ${res.status}: ${res.text}`);
  return res.body.id as string;
}
