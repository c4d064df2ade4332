import { TableClient, type TableEntity } from "@azure/data-tables";
import { guard } from "./errors.ts";

/** Every table Tandem uses, by role. Names get a prefix so tests and instances can share an account. */
export const TABLE_NAMES = ["Departments", "Requests", "Users", "Claims", "Conversations", "Outbox"] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export type Tables = Record<TableName, TableClient>;

export interface TablesOptions {
  connectionString: string;
  /** Letters and digits, prepended to each table name. */
  prefix?: string;
}

/**
 * Table clients with a short retry policy: a request that cannot reach storage should fail
 * fast (503, Retry-After) rather than hang the caller for the SDK's default minute.
 */
export function openTables({ connectionString, prefix = "" }: TablesOptions): Tables {
  const insecure = /DefaultEndpointsProtocol=http;|TableEndpoint=http:\/\//i.test(connectionString);
  const out = {} as Tables;
  for (const name of TABLE_NAMES) {
    out[name] = TableClient.fromConnectionString(connectionString, `${prefix}${name}`, {
      allowInsecureConnection: insecure,
      retryOptions: { maxRetries: 2, retryDelayInMs: 100, maxRetryDelayInMs: 500 },
    });
  }
  return out;
}

export async function createTables(tables: Tables): Promise<void> {
  await guard(() => Promise.all(Object.values(tables).map((t) => t.createTable())));
}

/** Removes what the SDK adds on read, so an entity can be written back. */
export function clean<T extends object>(e: T): T {
  const { etag: _e, timestamp: _t, "odata.metadata": _m, ...rest } = e as Record<string, unknown>;
  return rest as T;
}

/** Table Storage keys cannot contain / \ # ? or control characters. */
export function keyPart(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** OData string literal for filters. */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A string property holds at most 32K UTF-16 units: longer JSON is split over numbered properties. */
const CHUNK = 30_000;

export function putJson(entity: TableEntity, name: string, value: unknown): void {
  if (value === undefined) return;
  const json = JSON.stringify(value);
  entity[name] = json.slice(0, CHUNK);
  for (let i = 1; i * CHUNK < json.length; i++) entity[`${name}_${i}`] = json.slice(i * CHUNK, (i + 1) * CHUNK);
}

export function getJson<T>(entity: Record<string, unknown>, name: string): T | undefined {
  const first = entity[name];
  if (typeof first !== "string") return undefined;
  let json = first;
  for (let i = 1; typeof entity[`${name}_${i}`] === "string"; i++) json += entity[`${name}_${i}`] as string;
  return JSON.parse(json) as T;
}

/** Collects all pages of a query (bounded by `max`). */
export async function listAll<T extends object>(
  table: TableClient,
  filter: string,
  max = Infinity,
  select?: string[],
): Promise<Array<T & { etag: string }>> {
  return guard(async () => {
    const out: Array<T & { etag: string }> = [];
    for await (const e of table.listEntities<T>({ queryOptions: { filter, select } })) {
      out.push(e as T & { etag: string });
      if (out.length >= max) break;
    }
    return out;
  });
}
