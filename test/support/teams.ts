import { randomUUID } from "node:crypto";
import { DEV_TENANT } from "../../bot/auth/dev-issuer.ts";
import { DEMO_USERS } from "../../bot/demo/demo-catalogue.ts";
import { FakeConnector } from "./bot-connector.ts";
import { startService } from "./service.ts";

export const BOT = { id: "28:tandem-bot", name: "Tandem" };

/** Where an activity comes from: a person's 1:1 chat, a group chat or a channel thread. */
export interface Where {
  kind: "personal" | "groupChat" | "channel";
  conversationId: string;
  teamId?: string;
  channelId?: string;
}

export const personal = (user: string): Where => ({ kind: "personal", conversationId: `a:personal-${user}` });
export const channel = (name: string, team = "team-1"): Where => ({
  kind: "channel",
  conversationId: `19:${name}@thread.tacv2`,
  teamId: `19:${team}@thread.tacv2`,
  channelId: `19:${name}@thread.tacv2`,
});

/** A demo person as Teams names them in an activity. */
export function person(user: string): { id: string; name: string; aadObjectId: string } {
  const u = DEMO_USERS.find((x) => x.id === user || x.id === `demo-${user}`);
  const id = u?.id ?? user;
  return { id: `29:${id}`, name: u?.name ?? user, aadObjectId: id };
}

/**
 * Posts activities to the service's /api/messages exactly as Teams sends them (channelId
 * msteams, channelData.tenant, from.aadObjectId, conversationType, serviceUrl pointing at the
 * fake connector) and hands back what came back.
 */
export class TeamsClient {
  /** Ids of the activities sent so far: the bot's replies to them are not notifications. */
  readonly sent = new Set<string>();

  constructor(
    readonly svc: { url: string },
    readonly connector: FakeConnector,
    readonly tenantId = DEV_TENANT,
  ) {}

  activity(user: string, where: Where, fields: Record<string, unknown>): Record<string, any> {
    const from = person(user);
    return {
      channelId: "msteams",
      serviceUrl: this.connector.url,
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      locale: "en-US",
      from,
      recipient: BOT,
      conversation: {
        id: where.kind === "channel" ? `${where.conversationId};messageid=${Date.now()}` : where.conversationId,
        conversationType: where.kind,
        tenantId: this.tenantId,
        ...(where.kind !== "personal" ? { isGroup: true } : {}),
      },
      channelData: {
        tenant: { id: this.tenantId },
        ...(where.teamId ? { team: { id: where.teamId }, channel: { id: where.channelId, name: "Triage" } } : {}),
      },
      ...fields,
    };
  }

  /** POSTs a raw body to /api/messages. */
  async post(body: unknown): Promise<{ status: number; body: any }> {
    const id = (body as { id?: unknown })?.id;
    if (typeof id === "string") this.sent.add(id);
    const res = await fetch(`${this.svc.url}/api/messages`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  }

  /**
   * Sends a message and returns the bot's replies to it (as the connector received them).
   * In a channel the bot is @mentioned, as Teams requires.
   */
  async say(user: string, where: Where, text: string, opts: { locale?: string; timeZone?: string; mentions?: string[]; id?: string; value?: unknown } = {}) {
    const entities: unknown[] = [];
    let full = text;
    if (where.kind !== "personal") {
      full = `<at>${BOT.name}</at> ${text}`;
      entities.push({ type: "mention", text: `<at>${BOT.name}</at>`, mentioned: BOT });
    }
    for (const m of opts.mentions ?? []) {
      const p = person(m);
      entities.push({ type: "mention", text: `<at>${p.name}</at>`, mentioned: { id: p.id, name: p.name, aadObjectId: p.aadObjectId } });
    }
    const a = this.activity(user, where, {
      type: "message",
      text: full,
      textFormat: "plain",
      entities,
      ...(opts.id ? { id: opts.id } : {}),
      ...(opts.locale ? { locale: opts.locale } : {}),
      ...(opts.timeZone ? { localTimezone: opts.timeZone } : {}),
      ...(opts.value !== undefined ? { value: opts.value } : {}),
    });
    const before = this.connector.calls.length;
    const res = await this.post(a);
    if (res.status >= 300) throw new Error(`/api/messages answered ${res.status}: ${JSON.stringify(res.body)}`);
    return { activity: a, status: res.status, replies: this.connector.calls.slice(before).filter((c) => c.activityId === a.id) };
  }

  /** Presses an Action.Execute button: an `adaptiveCard/action` invoke; returns the card that replaces it. */
  async press(user: string, where: Where, verb: string, data: Record<string, unknown>, opts: { locale?: string; id?: string } = {}) {
    const a = this.activity(user, where, {
      type: "invoke",
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
      ...(opts.id ? { id: opts.id } : {}),
      ...(opts.locale ? { locale: opts.locale } : {}),
    });
    const res = await this.post(a);
    return { status: res.status, body: res.body, card: res.body?.value as Record<string, any> | undefined };
  }

  /** The message action "Create request": `composeExtension/fetchTask` or `/submitAction`. */
  async messageAction(user: string, where: Where, name: "fetchTask" | "submitAction", messagePayload: unknown, data?: Record<string, unknown>) {
    const a = this.activity(user, where, {
      type: "invoke",
      name: `composeExtension/${name}`,
      value: { commandId: "createRequest", commandContext: "message", messagePayload, ...(data ? { data } : {}) },
    });
    const res = await this.post(a);
    return { status: res.status, body: res.body };
  }

  /** The bot installed for a user (personal scope) or in a team. */
  async install(user: string, where: Where, action: "add" | "remove" = "add") {
    return this.post(this.activity(user, where, { type: "installationUpdate", action }));
  }
}

/** A Teams message as the message action's `messagePayload` carries it. */
export function messagePayload(o: { id?: string; html: string; author: string }) {
  const p = person(o.author);
  const id = o.id ?? String(Date.now() + Math.floor(Math.random() * 1000));
  return {
    id,
    createdDateTime: new Date().toISOString(),
    body: { contentType: "html", content: o.html },
    from: { user: { id: p.id, displayName: p.name, aadObjectId: p.aadObjectId } },
    linkToMessage: `https://teams.microsoft.com/l/message/19:general@thread.tacv2/${id}`,
  };
}

/** The service (demo catalogue loaded, outbox swept by hand), a fake connector and a Teams client. */
export async function startBot(options: Parameters<typeof startService>[0] = {}) {
  const connector = await FakeConnector.start();
  const svc = await startService({ demo: true, ...options, env: { OUTBOX_INTERVAL_MS: "0", ...options.env } });
  const teams = new TeamsClient(svc, connector);
  return {
    svc,
    connector,
    teams,
    async close() {
      await svc.close();
      await connector.close();
    },
  };
}
