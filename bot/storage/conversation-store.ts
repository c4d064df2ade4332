import { guard, isConflict, isNotFound, isPreconditionFailed } from "./errors.ts";
import { readAll } from "./paging.ts";
import { getJson, keyPart, lit, putJson, type Tables } from "./tables.ts";

/**
 * Where the bot can post without being asked (Bot Framework conversation references), and the
 * triage-channel card of each request so it can be updated in place:
 * - PK `tenant|user|<aadObjectId>`, RK `ref`: the user's 1:1 chat with the bot;
 * - PK `tenant|channel|<DEPT>`, RK `ref`: the department's triage channel;
 * - PK `tenant|card|<DEPT>`, RK the request number: the triage card's activity id;
 * - PK `tenant|team|<teamId>`, RK `<DEPT>`: the departments whose triage channel is in that
 *   team (written before the channel's reference), so forgetting a team is a partition query.
 * References are kept as opaque JSON: only the Teams edge knows their shape.
 */
export class ConversationStore {
  constructor(private readonly tables: Tables) {}

  private get table() {
    return this.tables.Conversations;
  }

  static userKey = (tenantId: string, userId: string) => `${tenantId}|user|${keyPart(userId)}`;
  static channelKey = (tenantId: string, dept: string) => `${tenantId}|channel|${dept}`;
  private static teamKey = (tenantId: string, teamId: string) => `${tenantId}|team|${keyPart(teamId)}`;

  async put(key: string, reference: unknown, extra: { teamId?: string } = {}): Promise<void> {
    const channel = /^(.*)\|channel\|([^|]+)$/.exec(key);
    if (channel && extra.teamId) {
      await guard(() => this.table.upsertEntity({ partitionKey: ConversationStore.teamKey(channel[1]!, extra.teamId!), rowKey: channel[2]! }, "Replace"));
    }
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

  /**
   * Forgets the triage channels of a team the bot was removed from: the team's index rows name
   * the departments; a department's reference goes only if it still points into that team (it
   * may have been linked to another team's channel since), and only as it was read (ETag).
   */
  async removeTeam(tenantId: string, teamId: string): Promise<void> {
    const teamKey = ConversationStore.teamKey(tenantId, teamId);
    const rows = await readAll<{ rowKey: string }>(this.table, `PartitionKey eq ${lit(teamKey)}`, Infinity, ["RowKey"]);
    await guard(async () => {
      for (const { rowKey: dept } of rows) {
        const ref = await this.table.getEntity<{ teamId?: string }>(ConversationStore.channelKey(tenantId, dept), "ref").catch((err) => {
          if (isNotFound(err)) return undefined;
          throw err;
        });
        if (ref?.teamId === teamId) {
          await this.table.deleteEntity(ref.partitionKey!, "ref", { etag: ref.etag }).catch((err) => {
            if (!isNotFound(err) && !isPreconditionFailed(err)) throw err;
          });
        }
        await this.table.deleteEntity(teamKey, dept).catch((err) => {
          if (!isNotFound(err)) throw err;
        });
      }
    });
  }

  /**
   * Upgrade only: writes the team index row of a department's triage channel, as its stored
   * reference says (a point read). True when the department has a channel in a team.
   */
  async indexChannel(tenantId: string, dept: string): Promise<boolean> {
    const ref = await guard(() => this.table.getEntity<{ teamId?: string }>(ConversationStore.channelKey(tenantId, dept), "ref")).catch((err) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    if (!ref?.teamId) return false;
    await guard(() => this.table.createEntity({ partitionKey: ConversationStore.teamKey(tenantId, ref.teamId!), rowKey: dept })).catch((err) => {
      if (!isConflict(err)) throw err;
    });
    return true;
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
