/**
 * What one storage call did, as the counting proxy saw it on the wire: which table, what kind of
 * call, whether a query named its partition, how many entities came back and how many bytes.
 * Pure: shared by the proxy process and the code that reads its figures.
 */
export interface CallRecord {
  table: string;
  kind: "query" | "point-read" | "write" | "batch" | "table" | "other";
  /** Queries: the $filter, decoded ("" when the query had none); point reads: the keys (`PartitionKey='…',RowKey='…'`). */
  filter?: string;
  /** Queries only: the filter holds `PartitionKey eq '...'` as a top-level conjunct. */
  keyed?: boolean;
  /** Why the caller says it made the call (`x-tandem-purpose`: "upgrade"), when not ordinary work. */
  purpose?: string;
  entities: number;
  bytesIn: number;
  bytesOut: number;
  ms: number;
  status: number;
}

export interface Figures {
  calls: number;
  entities: number;
  bytes: number;
  /** Queries without a PartitionKey equality, with their table and filter. */
  unkeyed: Array<{ table: string; filter: string; purpose?: string }>;
  byTable: Record<string, { calls: number; entities: number }>;
  latenciesMs: number[];
}

/**
 * True when an OData filter pins one partition: `PartitionKey eq '…'` as one of the filter's
 * top-level `and` terms (the others may be anything, `or` groups in parentheses included).
 */
export function pinsPartition(filter: string): boolean {
  // String literals can hold any word ("or", "PartitionKey"): judge the filter without them.
  return conjuncts(filter.replace(/'(?:[^']|'')*'/g, "''")).some((t) => /^PartitionKey\s+eq\s+''$/.test(unwrap(t)));
}

/** The top-level `and` terms of a filter, or none when an `or` (or a bad nesting) is at the top. */
function conjuncts(bare: string): string[] {
  const s = unwrap(bare);
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "(") depth++;
    else if (c === ")" && --depth < 0) return [];
    else if (depth === 0 && /\s/.test(c!)) {
      const word = /^\s+(and|or)\s+/i.exec(s.slice(i));
      if (!word) continue;
      if (word[1]!.toLowerCase() === "or") return [];
      terms.push(s.slice(start, i));
      start = i + word[0].length;
      i = start - 1;
    }
  }
  if (depth !== 0) return [];
  terms.push(s.slice(start));
  return terms.map((t) => t.trim());
}

/** Strips parentheses that wrap the whole expression. */
function unwrap(s: string): string {
  let t = s.trim();
  while (t.startsWith("(") && t.endsWith(")") && closes(t) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

/** Where the parenthesis opening `s` closes. */
function closes(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "(") depth++;
    else if (s[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

/** Classifies one request to the Table service by its method and path. */
export function classify(method: string, url: URL): Pick<CallRecord, "table" | "kind" | "filter" | "keyed"> {
  const path = decodeURIComponent(url.pathname).split("/").filter(Boolean);
  const resource = path[path.length - 1] ?? "";
  if (resource === "$batch") return { table: "", kind: "batch" };
  if (/^Tables\b/.test(resource)) return { table: "Tables", kind: "table" };
  const m = /^([A-Za-z0-9]+)(\((.*)\))?$/.exec(resource);
  if (!m) return { table: resource, kind: "other" };
  const table = m[1]!;
  const keys = m[3];
  if (method === "GET" && keys) return { table, kind: "point-read", filter: keys };
  if (method === "GET") {
    const filter = url.searchParams.get("$filter") ?? "";
    return { table, kind: "query", filter, keyed: pinsPartition(filter) };
  }
  return { table, kind: "write" };
}

/** Entities in a Table service JSON answer: a query's `value` list, or one entity. */
export function entitiesIn(kind: CallRecord["kind"], status: number, body: string): number {
  if (status >= 300) return 0;
  if (kind === "point-read") return 1;
  if (kind !== "query") return 0;
  try {
    const parsed = JSON.parse(body) as { value?: unknown[] };
    return Array.isArray(parsed.value) ? parsed.value.length : 0;
  } catch {
    return 0;
  }
}

export function summarize(records: CallRecord[]): Figures {
  const byTable: Figures["byTable"] = {};
  for (const r of records) {
    const t = (byTable[r.table || "(batch)"] ??= { calls: 0, entities: 0 });
    t.calls++;
    t.entities += r.entities;
  }
  return {
    calls: records.length,
    entities: records.reduce((n, r) => n + r.entities, 0),
    bytes: records.reduce((n, r) => n + r.bytesIn + r.bytesOut, 0),
    unkeyed: records.filter((r) => r.kind === "query" && !r.keyed).map((r) => ({ table: r.table, filter: r.filter ?? "", ...(r.purpose ? { purpose: r.purpose } : {}) })),
    byTable,
    latenciesMs: records.map((r) => r.ms),
  };
}
