import { AsyncLocalStorage } from "node:async_hooks";
import { TableClient, type TableEntity } from "@azure/data-tables";
import { guard } from "./errors.ts";

/** Every table Tandem uses, by role. Names get a prefix so tests and instances can share an account. */
export const TABLE_NAMES = ["Departments", "Requests", "Users", "Claims", "Conversations", "Outbox", "Activities", "Tenants", "Surveys", "Search"] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export type Tables = Record<TableName, TableClient>;

/** Says why a storage call was made, when it is not the service's ordinary work (see `withPurpose`). */
export const PURPOSE_HEADER = "x-tandem-purpose";
const purpose = new AsyncLocalStorage<string>();

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
    out[name].pipeline.addPolicy({
      name: "tandemPurpose",
      sendRequest(request, next) {
        const why = purpose.getStore();
        if (why) request.headers.set(PURPOSE_HEADER, why);
        return next(request);
      },
    });
  }
  return out;
}

/**
 * Storage calls made inside `f` carry `x-tandem-purpose: <why>`. The one-time upgrade is the
 * only code allowed to read a table without naming a partition; it says so on the wire, so a
 * recorder (the suite-wide check, Application Insights) can tell it from a defect.
 */
export function withPurpose<T>(why: "upgrade", f: () => Promise<T>): Promise<T> {
  return purpose.run(why, f);
}

/** Creates the tables that do not exist yet; answers which ones it created (a new store has nothing to upgrade). */
export async function createTables(tables: Tables): Promise<Set<TableName>> {
  const created = new Set<TableName>();
  await guard(() =>
    Promise.all(
      (Object.entries(tables) as Array<[TableName, TableClient]>).map(([name, t]) =>
        t.createTable({ onResponse: (res) => void (res.status === 201 && created.add(name)) }),
      ),
    ),
  );
  return created;
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

/**
 * A string property holds at most 32K UTF-16 units: longer text is split over numbered
 * properties (`name`, `name_1`, ...). Limits count characters (code points), so 32,000 of them
 * can take 64,000 units. A split never falls inside a surrogate pair.
 */
const CHUNK = 30_000;

export function putText(entity: TableEntity, name: string, text: string): void {
  let i = 0;
  for (let start = 0; i === 0 || start < text.length; i++) {
    let end = Math.min(start + CHUNK, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    entity[i === 0 ? name : `${name}_${i}`] = text.slice(start, end);
    start = end;
  }
}

/** The text written by `putText` (or a plain string property), or undefined when absent. */
export function getText(entity: Record<string, unknown>, name: string): string | undefined {
  const first = entity[name];
  if (typeof first !== "string") return undefined;
  let text = first;
  for (let i = 1; typeof entity[`${name}_${i}`] === "string"; i++) text += entity[`${name}_${i}`] as string;
  return text;
}

export function putJson(entity: TableEntity, name: string, value: unknown): void {
  if (value === undefined) return;
  putText(entity, name, JSON.stringify(value));
}

export function getJson<T>(entity: Record<string, unknown>, name: string): T | undefined {
  const json = getText(entity, name);
  return json === undefined ? undefined : (JSON.parse(json) as T);
}
