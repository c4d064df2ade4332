/**
 * The scale benchmark's one table: every figure at every desk size with its ratio to the empty
 * desk, and issue 12's aims judged on each size with history.
 */
import { num } from "../stats.ts";
import type { DeskFigures, Operation } from "./measure.ts";
import { OPERATIONS } from "./measure.ts";

export interface SizeResult {
  size: number;
  figures: DeskFigures;
  memory?: { idleMb: number; streams: Array<{ streams: number; rssMb: number }> };
}

export interface Row {
  figure: string;
  values: Array<number | undefined>;
  /** Printed after the value of a size with history, e.g. "(x2.1)"; off for counts that are not costs. */
  ratio: boolean;
  aim?: string;
  /** One verdict per size (undefined: not judged). */
  ok?: Array<boolean | undefined>;
  unit?: "ms" | "KB" | "MB";
}

export interface Verdict {
  aim: string;
  size: number;
  ok: boolean;
  detail: string;
}

const LABEL = Object.fromEntries(OPERATIONS) as Record<Operation, string>;

export function buildRows(results: SizeResult[], k: number): { rows: Row[]; verdicts: Verdict[] } {
  const rows: Row[] = [];
  const verdicts: Verdict[] = [];
  const base = results.find((r) => r.size === 0);
  const f = (r: SizeResult, op: Operation) => r.figures.operations[op];
  /**
   * Judges one aim of `op` on every desk with history. An operation that sent a query without a
   * PartitionKey equality fails whatever it returned: storage scanned every table row to answer.
   */
  const judge = (op: Operation, aim: string, row: Row, test: (r: SizeResult, value: number, baseValue: number | undefined) => [boolean, string]) => {
    row.aim = aim;
    row.ok = results.map((r, i) => {
      if (r.size === 0) return undefined;
      let [ok, detail] = test(r, row.values[i]!, base ? row.values[results.indexOf(base)] : undefined);
      const scans = f(r, op).unkeyed.length;
      if (scans) {
        ok = false;
        detail += `; ${scans} quer${scans === 1 ? "y" : "ies"} without a PartitionKey (a table scan)`;
      }
      verdicts.push({ aim, size: r.size, ok, detail });
      return ok;
    });
  };
  const ratio = (v: number, b: number | undefined) => (b ? v / b : NaN);

  for (const [op] of OPERATIONS) {
    const label = op === "passDue" ? `${LABEL[op]} (k = ${k})` : LABEL[op];
    const calls: Row = { figure: `${label}: storage calls`, values: results.map((r) => f(r, op).calls), ratio: true };
    const entities: Row = { figure: `${label}: entities read`, values: results.map((r) => f(r, op).entities), ratio: true };
    const kb: Row = { figure: `${label}: KB on the wire`, values: results.map((r) => f(r, op).bytes / 1024), ratio: true, unit: "KB" };
    const p50: Row = { figure: `${label}: p50`, values: results.map((r) => f(r, op).p50Ms), ratio: true, unit: "ms" };
    const p95: Row = { figure: `${label}: p95`, values: results.map((r) => f(r, op).p95Ms), ratio: true, unit: "ms" };
    const extra: Row[] = [];
    switch (op) {
      case "dashboard":
        judge(op, "dashboard p50 ratio <= 2", p50, (_r, v, b) => [ratio(v, b) <= 2, `x${ratio(v, b).toFixed(1)}`]);
        judge(op, "dashboard entities (a month) < 100", entities, (_r, v) => [v < 100, `${num(v)} entities`]);
        break;
      case "report": {
        const month: Row = { figure: `${label}: requests created that month`, values: results.map((r) => r.figures.monthCreated), ratio: false };
        extra.push(month);
        judge(op, "report entities <= month's requests + 100", entities, (r, v) => [v <= r.figures.monthCreated + 100, `${num(v)} entities for ${num(r.figures.monthCreated)} requests`]);
        break;
      }
      case "openQueue":
        extra.push({ figure: `${label}: open requests listed`, values: results.map((r) => r.figures.openListed), ratio: false });
        // A filter on a property (isOpen, status) reads every request of the partition server-side, however few it returns.
        judge(op, "open queue entities <= listed + 10, no property filter", entities, (r, v) => {
          const scans = f(r, op).nonKeyFilters;
          return [v <= r.figures.openListed + 10 && scans.length === 0, `${num(v)} entities for ${num(r.figures.openListed)} listed${scans.length ? `; filtered server-side: ${scans.join(" | ")}` : ""}`];
        });
        break;
      case "mine":
        extra.push({ figure: `${label}: requests on the page`, values: results.map((r) => r.figures.mineListed), ratio: false });
        judge(op, "my requests first page <= 3 storage calls", calls, (_r, v) => [v <= 3, `${num(v)} calls`]);
        break;
      case "passIdle": {
        const fromRequests: Row = { figure: `${label}: entities read from Requests`, values: results.map((r) => f(r, op).requestEntities), ratio: false };
        extra.push(fromRequests);
        judge(op, "idle scheduler pass reads no request rows", fromRequests, (_r, v) => [v === 0, `${num(v)} entities from Requests`]);
        break;
      }
      case "passDue":
        extra.push({ figure: `${label}: requests escalated`, values: results.map((r) => f(r, op).items), ratio: false });
        judge(op, "scheduler pass with k due reads O(k): <= 1.5x the empty desk's entities + 10", entities, (_r, v, b) => [b !== undefined && v <= 1.5 * b + 10, `${num(v)} entities (empty desk ${b === undefined ? "?" : num(b)})`]);
        break;
      case "create":
      case "take":
        judge(op, `${op}: storage calls as on the empty desk`, calls, (_r, v, b) => [v === b, `${num(v)} calls (empty desk ${b === undefined ? "?" : num(b)})`]);
        break;
    }
    const nonKey: Row = { figure: `${label}: queries filtering on non-key properties`, values: results.map((r) => f(r, op).nonKeyFilters.length), ratio: false };
    rows.push(calls, entities, kb, p50, p95, nonKey, ...extra);
  }
  const unkeyed: Row = { figure: "queries without a PartitionKey equality (all operations)", values: results.map((r) => Object.values(r.figures.operations).reduce((n, o) => n + o.unkeyed.length, 0)), ratio: false };
  unkeyed.aim = "none";
  unkeyed.ok = results.map((_r, i) => unkeyed.values[i] === 0);
  results.forEach((r, i) => verdicts.push({ aim: "no query without a PartitionKey equality", size: r.size, ok: unkeyed.values[i] === 0, detail: `${unkeyed.values[i]} distinct` }));
  rows.push(unkeyed);
  if (results.some((r) => r.memory)) {
    rows.push({ figure: "service RSS, no stream", values: results.map((r) => r.memory?.idleMb), ratio: true, unit: "MB", aim: "(report)" });
    const counts = [...new Set(results.flatMap((r) => r.memory?.streams.map((s) => s.streams) ?? []))].sort((a, b) => a - b);
    for (const c of counts) {
      rows.push({ figure: `service RSS, ${num(c)} idle stream clients`, values: results.map((r) => r.memory?.streams.find((s) => s.streams === c)?.rssMb), ratio: true, unit: "MB", aim: "(report)" });
    }
  }
  return { rows, verdicts };
}

export function printTable(rows: Row[], sizes: number[]): string {
  const fmt = (v: number | undefined, unit?: Row["unit"]) =>
    v === undefined || !Number.isFinite(v) ? "-" : unit === "ms" || unit === "KB" || unit === "MB" ? `${v < 10 ? v.toFixed(1) : num(v)} ${unit === "KB" ? "KB" : unit}` : num(v);
  const base = sizes.indexOf(0);
  const cell = (r: Row, i: number) => {
    const v = r.values[i];
    let s = fmt(v, r.unit);
    if (r.ratio && base >= 0 && i !== base && v !== undefined) {
      const b = r.values[base];
      s += b ? ` (x${(v / b).toFixed(v / b >= 10 ? 0 : 1)})` : v ? " (x-)" : " (x1)";
    }
    const ok = r.ok?.[i];
    return ok === undefined ? s : `${s} ${ok ? "✓" : "✗"}`;
  };
  const head = ["figure", ...sizes.map((s) => (s === 0 ? "empty desk (50 open)" : `${num(s)} past`)), "aim"];
  const body = rows.map((r) => [r.figure, ...sizes.map((_s, i) => cell(r, i)), r.aim ?? ""]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}
