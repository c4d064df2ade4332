import type { TableClient } from "@azure/data-tables";
import { guard } from "./errors.ts";

export interface Filled<T> {
  items: T[];
  /** The storage continuation token to resume from; absent when the data ended. */
  next?: string;
}

/**
 * One page of `limit` entities of a query, following storage continuation tokens: Azure may
 * answer a query with fewer entities than asked, even none, and a token to go on (a server-side
 * scan that hit its 5 s or 1,000-entity budget), so one storage page is not an API page.
 */
export async function fillPage<T extends object>(
  table: TableClient,
  filter: string,
  limit: number,
  continuationToken?: string,
  select?: string[],
): Promise<Filled<T & { etag: string }>> {
  return guard(async () => {
    const items: Array<T & { etag: string }> = [];
    let token = continuationToken;
    while (items.length < limit) {
      const pages = table.listEntities<T>({ queryOptions: { filter, select } }).byPage({ maxPageSize: Math.min(1000, limit - items.length), continuationToken: token });
      const { value: page } = await pages.next();
      if (!page) return { items };
      items.push(...(page as Array<T & { etag: string }>));
      token = page.continuationToken;
      if (!token) return { items };
    }
    return { items, next: token };
  });
}

/** Every entity of a query (all pages), up to `max`. */
export async function readAll<T extends object>(table: TableClient, filter: string, max = Infinity, select?: string[]): Promise<Array<T & { etag: string }>> {
  return guard(async () => {
    const out: Array<T & { etag: string }> = [];
    for await (const e of table.listEntities<T>({ queryOptions: { filter, select } })) {
      out.push(e as T & { etag: string });
      if (out.length >= max) break;
    }
    return out;
  });
}

/** Opaque to clients: the storage token, base64url. */
export const encodeCursor = (token: string) => Buffer.from(token, "utf8").toString("base64url");
export const decodeCursor = (cursor: string) => Buffer.from(cursor, "base64url").toString("utf8");
