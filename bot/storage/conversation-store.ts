import { guard, isNotFound } from "./errors.ts";
import { getJson, keyPart, lit, putJson, type Tables } from "./tables.ts";

/**
 * Where the bot can post without being asked (Bot Framework conversation references), and the
 * triage-channel card of each request so it can be updated in place:
 * - PK `tenant|user|<aadObjectId>`, RK `ref`: the user's 1:1 chat with the bot;
 * - PK `tenant|channel|<DEPT>`, RK `ref`: the department's triage channel;
 * - PK `tenant|card|<DEPT>`, RK the request number: the triage card's activity id.
 * References are kept as opaque JSON: only the Teams edge knows their shape.
 */
export class ConversationStore {
  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Conversations;
  }

  static userKey = (tenantId: string, userId: string) => `${tenantId}|user|${keyPart(userId)}`;
  static channelKey = (tenantId: string, dept: string) => `${tenantId}|channel|${dept}`;

  async put(key: string, reference: unknown, extra: { teamId?: string } = {}): Promise<void> {
    const e = { partitionKey: key, rowKey: "ref", teamId: extra.teamId ?? "", savedAt: new Date().toISOString() };
    putJson(e, "reference", reference);
    await guard(() => this.table.upsertEntity(e, "Replace"));
  }

  async get<T>(key: string): Promise<T | undefined> {
    return guard(async () => {
      try {
        return getJson<T>(await this.table.getEntity(key, "ref"), "reference");
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }

  async remove(key: string): Promise<void> {
    await guard(async () => {
      try {
        await this.table.deleteEntity(key, "ref");
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    });
  }

  /** Forgets the triage channels of a team the bot was removed from. */
  async removeTeam(tenantId: string, teamId: string): Promise<void> {
    const prefix = `${tenantId}|channel|`;
    const filter = `PartitionKey ge ${lit(prefix)} and PartitionKey lt ${lit(prefix + "~")} and teamId eq ${lit(teamId)}`;
    await guard(async () => {
      for await (const e of this.table.listEntities({ queryOptions: { filter, select: ["PartitionKey", "RowKey"] } })) {
        await this.table.deleteEntity(e.partitionKey!, e.rowKey!).catch((err) => {
          if (!isNotFound(err)) throw err;
        });
      }
    });
  }

  async cardOf(tenantId: string, dept: string, number: number): Promise<string | undefined> {
    return guard(async () => {
      try {
        const e = await this.table.getEntity<{ activityId: string }>(`${tenantId}|card|${dept}`, String(number).padStart(10, "0"));
        return e.activityId;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }

  async setCard(tenantId: string, dept: string, number: number, activityId: string): Promise<void> {
    await guard(() =>
      this.table.upsertEntity({ partitionKey: `${tenantId}|card|${dept}`, rowKey: String(number).padStart(10, "0"), activityId }, "Replace"),
    );
  }
}
