/** The monthly review as CSV, safe to open in a spreadsheet. */
import { wallClock } from "../sla/zone.ts";
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

const withBom = (csv: string, opts: { bom?: boolean }) => (opts.bom ? "\uFEFF" : "") + csv;

/**
 * The month's requests as CSV (RFC 4180, CRLF line ends), one row per request created or
 * resolved in the month: times as wall-clock "YYYY-MM-DD HH:MM" in the department's zone (the
 * header names it), both clocks' outcome and minutes, CSAT and CES. `bom: true` starts it with
 * a UTF-8 byte-order mark, which Excel needs to read accents right.
 */
export function reportToCsv(report: MonthlyReport, opts: { bom?: boolean } = {}): string {
  const zone = report.timeZone;
  const local = (iso: string | null) => {
    if (!iso) return "";
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return "";
    const w = wallClock(zone, t);
    return `${w.date} ${w.time}`;
  };
  let out = csvRow([
    "id",
    "title",
    "priority",
    "category",
    "status",
    "source",
    "requester",
    "assignee",
    `created (${zone})`,
    `first response (${zone})`,
    `resolved (${zone})`,
    "created in month",
    "resolved in month",
    "first response outcome",
    "first response minutes",
    "first response target minutes",
    "resolution outcome",
    "resolution minutes",
    "resolution target minutes",
    "CSAT (1-5)",
    "CES (1-7)",
  ]);
  for (const r of report.requests) {
    out += csvRow([
      r.id,
      r.title,
      r.priority,
      r.category,
      r.status,
      r.source,
      r.requester,
      r.assignee,
      local(r.createdAt),
      local(r.firstRespondedAt),
      local(r.resolvedAt),
      r.createdInMonth ? "yes" : "no",
      r.resolvedInMonth ? "yes" : "no",
      r.firstResponse,
      r.firstResponseElapsedMinutes,
      r.firstResponseTargetMinutes,
      r.resolution,
      r.resolutionElapsedMinutes,
      r.resolutionTargetMinutes,
      r.csat,
      r.ces,
    ]);
  }
  return withBom(out, opts);
}

/** The month's figures as CSV: `metric,value` rows (the `summary-csv` format). */
export function summaryToCsv(report: MonthlyReport, opts: { bom?: boolean } = {}): string {
  const s = report.stats;
  const metrics: Array<[string, Cell]> = [
    ["department", `${report.department.name} (${report.department.key})`],
    ["month", report.month],
    ["time zone (of the month's days)", report.timeZone],
    ["from (UTC)", report.from],
    ["to (UTC)", report.to],
    ["created", s.created],
    ["resolved", s.resolved],
    ["cancelled", s.cancelled],
    ["open at the month's end (or now)", s.open],
    ["backlog counted at (UTC)", s.backlogAt],
    ["past a target right now", s.breachedNow],
    ["requests filed in the month that broke a promise", s.breaches],
    ["first responses decided", s.firstResponse.measured],
    ["first responses missed", s.firstResponse.missed],
    ["first responses missed and still open", s.firstResponse.openOverdue],
    ["first response on time %", s.firstResponse.attainmentPercent],
    ["first response median minutes", s.firstResponse.medianMinutes],
    ["first response 9 in 10 within minutes", s.firstResponse.p90Minutes],
    ["resolutions decided", s.resolution.measured],
    ["resolutions missed", s.resolution.missed],
    ["resolutions missed and still open", s.resolution.openOverdue],
    ["resolved on time %", s.resolution.attainmentPercent],
    ["resolution median minutes", s.resolution.medianMinutes],
    ["resolution 9 in 10 within minutes", s.resolution.p90Minutes],
    ["CSAT average (1-5)", s.csat.average],
    ["CSAT responses", s.csat.responses],
    ["CSAT satisfied %", s.csat.satisfiedPercent],
    ["CES average (1-7)", s.ces.average],
    ["CES responses", s.ces.responses],
    ["CES easy %", s.ces.easyPercent],
    ["kudos", s.kudos],
    ["generated at (UTC)", report.generatedAt],
  ];
  let out = csvRow(["metric", "value"]);
  for (const m of metrics) out += csvRow(m);
  return withBom(out, opts);
}
