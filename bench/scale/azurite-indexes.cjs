/**
 * Loaded into the benchmark's Azurite process (node --require) unless SCALE_AZURITE=stock.
 *
 * Azurite 3.35 keeps tables in LokiJS with binary indexes on PartitionKey and RowKey, but:
 * - a point read, insert, update or delete looks the entity up with findOne({PartitionKey,
 *   RowKey}): LokiJS uses the index of the first key only, then scans the whole partition;
 * - every query runs its OData filter as a function over every entity of the table;
 * - updating an entity re-finds it in each index with a linear scan, though keys never change.
 * So on Azurite a point read costs O(partition) and any query O(table), where Azure Table
 * Storage costs O(1) and O(rows in the key range). That would make every figure of a large
 * desk Azurite's, not Tandem's. This file changes none of Azurite's answers, only how it finds
 * them: point look-ups use the RowKey index first (few entities share a row key), a query
 * whose filter is a plain conjunction narrows by its RowKey range or PartitionKey through the
 * indexes before the unchanged filter runs, and an update skips re-indexing keys that cannot
 * have changed. Deletes still shift LokiJS's arrays (O(table), but a fast loop).
 */
"use strict";

if (/azurite/.test(process.argv[1] || "")) {
  const path = require("node:path");
  const azuriteRoot = path.dirname(require.resolve("azurite/package.json", { paths: [process.cwd(), __dirname] }));
  const loki = require(require.resolve("lokijs", { paths: [azuriteRoot] }));
  const Collection = loki.Collection;
  const KEYS = new Set(["PartitionKey", "RowKey"]);

  const findOne = Collection.prototype.findOne;
  Collection.prototype.findOne = function (query) {
    if (query && this.binaryIndices.RowKey && typeof query.RowKey === "string" && typeof query.PartitionKey === "string" && Object.keys(query).length === 2) {
      return findOne.call(this, { RowKey: query.RowKey, PartitionKey: query.PartitionKey });
    }
    return findOne.call(this, query);
  };

  const update = Collection.prototype.adaptiveBinaryIndexUpdate;
  Collection.prototype.adaptiveBinaryIndexUpdate = function (position, name) {
    // An entity's keys never change and an update keeps its place in `data`: its index entries stay right.
    if (KEYS.has(name) && this.binaryIndices.PartitionKey && this.binaryIndices.RowKey) return;
    return update.call(this, position, name);
  };

  const Store = require(path.join(azuriteRoot, "dist/src/table/persistence/LokiTableMetadataStore.js")).default;
  const queryEntities = Store.prototype.queryTableEntities;
  Store.prototype.queryTableEntities = async function (context, account, table, queryOptions, nextPartitionKey, nextRowKey) {
    const narrow = narrowing(queryOptions && queryOptions.filter);
    if (!narrow) return queryEntities.apply(this, arguments);
    const coll = this.getEntityCollection(account, table, context);
    const chain = coll.chain;
    // The same query, with the chain starting from the indexed range instead of every entity.
    coll.chain = function () {
      coll.chain = chain;
      return chain.call(coll).find(narrow);
    };
    try {
      return await queryEntities.apply(this, arguments);
    } finally {
      coll.chain = chain;
    }
  };

  /**
   * A LokiJS find() on an indexed key that holds every entity the filter can accept, or
   * undefined. Only the filter's top-level `and` terms are used (any other term is and-ed with
   * them, so the range is a superset); a top-level `or` gives no narrowing.
   */
  function narrowing(filter) {
    if (typeof filter !== "string" || !filter) return undefined;
    const literals = [];
    const bare = filter.replace(/'((?:[^']|'')*)'/g, (_, s) => `'${literals.push(s.replace(/''/g, "'")) - 1}'`);
    const terms = topLevelAnd(bare);
    if (!terms) return undefined;
    let pk;
    let lo;
    let hi;
    for (const t of terms) {
      const m = /^(PartitionKey|RowKey)\s+(eq|gt|ge|lt|le)\s+'(\d+)'$/.exec(unwrap(t));
      if (!m) continue;
      const v = literals[Number(m[3])];
      if (m[1] === "PartitionKey" && m[2] === "eq") pk = v;
      if (m[1] === "RowKey") {
        if (m[2] === "eq") lo = hi = v;
        if ((m[2] === "gt" || m[2] === "ge") && (lo === undefined || v > lo)) lo = v;
        if ((m[2] === "lt" || m[2] === "le") && (hi === undefined || v < hi)) hi = v;
      }
    }
    if (lo !== undefined && hi !== undefined) return { RowKey: { $between: [lo, hi] } };
    if (pk !== undefined) return { PartitionKey: pk };
    return undefined;
  }

  /** The terms joined by `and` outside any parentheses; undefined when an `or` joins them. */
  function topLevelAnd(expr) {
    const e = unwrap(expr);
    const terms = [];
    let depth = 0;
    let from = 0;
    for (let i = 0; i < e.length; i++) {
      const ch = e[i];
      if (ch === "(") depth++;
      else if (ch === ")") depth--;
      else if (depth === 0 && /\s/.test(ch)) {
        const word = /^\s+(and|or)\s+/i.exec(e.slice(i));
        if (!word) continue;
        if (word[1].toLowerCase() === "or") return undefined;
        terms.push(e.slice(from, i));
        i += word[0].length - 1;
        from = i + 1;
      }
    }
    terms.push(e.slice(from));
    return terms.map((t) => t.trim());
  }

  /** The expression without parentheses that enclose all of it. */
  function unwrap(expr) {
    let e = expr.trim();
    while (e.startsWith("(") && e.endsWith(")")) {
      let depth = 0;
      let whole = true;
      for (let i = 0; i < e.length - 1; i++) {
        if (e[i] === "(") depth++;
        else if (e[i] === ")") depth--;
        if (depth === 0) {
          whole = false;
          break;
        }
      }
      if (!whole) break;
      e = e.slice(1, -1).trim();
    }
    return e;
  }
}
