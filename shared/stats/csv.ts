/** The monthly review as CSV, safe to open in a spreadsheet. */
import type { MonthlyReport } from "./report.ts";

type Cell = string | number | null | undefined;

/**
 * One CSV field (RFC 4180), safe to open in a spreadsheet whatever separator it splits on:
 * Excel in many locales splits on `;`, and pasted text splits on TAB, so each piece that starts
 * a cell there (the field's start, or just after a `;` or TAB in it) and would run as a formula
 * (`= + - @`, TAB, CR) gets an apostrophe; a field holding `,` `;` TAB, a quote or a line
 * break is quoted, with quotes doubled. Numbers are written as they are.
 */
export function csvField(value: Cell): string {
  if (typeof value === "number") return String(value);
  const text = value === null || value === undefined ? "" : String(value);
  let s = "";
  let cellStart = true;
  for (const ch of text) {
    if (cellStart && FORMULA_START.test(ch)) s += "'";
    s += ch;
    cellStart = ch === ";" || ch === "\t";
  }
  return /[",;\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const FORMULA_START = /^[=+\-@\t\r]$/;

const csvRow = (cells: Cell[]) => cells.map(csvField).join(",") + "\r\n";

/**
 * The monthly review as CSV (RFC 4180, CRLF line ends): a block of `metric,value` rows, a
 * blank line, then the breached requests with a header row. `bom: true` starts it with a
 * UTF-8 byte-order mark, which Excel needs to read accents right.
 */
export function reportToCsv(report: MonthlyReport, opts: { bom?: boolean } = {}): string {
  const s = report.stats;
  const metrics: Array<[string, Cell]> = [
    ["department", `${report.department.name} (${report.department.key})`],
    ["month", report.month],
    ["time zone (of the month's days)", report.timeZone],
    ["from", report.from],
    ["to", report.to],
    ["created", s.created],
    ["resolved", s.resolved],
    ["cancelled", s.cancelled],
    ["open", s.open],
    ["breached now", s.breachedNow],
    ["breaches", s.breaches],
    ["first-response measured", s.firstResponse.measured],
    ["first-response attainment %", s.firstResponse.attainmentPercent],
    ["first-response median minutes", s.firstResponse.medianMinutes],
    ["first-response p90 minutes", s.firstResponse.p90Minutes],
    ["resolution measured", s.resolution.measured],
    ["resolution attainment %", s.resolution.attainmentPercent],
    ["resolution median minutes", s.resolution.medianMinutes],
    ["resolution p90 minutes", s.resolution.p90Minutes],
    ["CSAT average", s.csat.average],
    ["CSAT responses", s.csat.responses],
    ["CSAT satisfied %", s.csat.satisfiedPercent],
    ["generated at (UTC)", report.generatedAt],
  ];
  let out = opts.bom ? "\uFEFF" : "";
  out += csvRow(["metric", "value"]);
  for (const m of metrics) out += csvRow(m);
  out += "\r\n";
  out += csvRow([
    "id",
    "title",
    "priority",
    "status",
    "category",
    "assignee",
    // Instants as ISO 8601 in UTC, and the header says so (the "time zone" row is the month's).
    "created at (UTC)",
    "resolved at (UTC)",
    "first response",
    "first response elapsed minutes",
    "first response target minutes",
    "resolution",
    "resolution elapsed minutes",
    "resolution target minutes",
  ]);
  for (const r of report.breachedRequests) {
    out += csvRow([
      r.id,
      r.title,
      r.priority,
      r.status,
      r.category,
      r.assignee,
      r.createdAt,
      r.resolvedAt,
      r.firstResponse,
      r.firstResponseElapsedMinutes,
      r.firstResponseTargetMinutes,
      r.resolution,
      r.resolutionElapsedMinutes,
      r.resolutionTargetMinutes,
    ]);
  }
  return out;
}

