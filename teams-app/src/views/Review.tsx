/**
 * The monthly review page (DESIGN.md "The internal-customer loop"), for a department's staff:
 * a month's figures against the targets and the month before, its broken promises, what people
 * said, and the decisions and action items its leads record (others read them). Last month's
 * open action items are carried in. Everything people typed is shown as text.
 */
import { Button, Checkbox, Dropdown, Field, Input, MessageBar, MessageBarBody, Option, Spinner, Textarea, tokens } from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import { PRIORITIES, type Department } from "../../../shared/domain.ts";
import { previousMonth, REVIEW_LIMITS, type ActionItem, type ChangeLogEntry, type Decision } from "../../../shared/review.ts";
import { ChangeEntries } from "../dashboard/ChangeLog.tsx";
import type { Attainment, BreachedRequestRow, DepartmentStats } from "../../../shared/stats/index.ts";
import { wallClock } from "../../../shared/sla/zone.ts";
import { ApiError } from "../../../web/api.ts";
import { formatDate, formatMinutes, formatPercent, formatTime, readerZone } from "../../../web/format.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { ErrorBar } from "../components/ErrorBar.tsx";
import { table, td, th, thNum, tdNum } from "../dashboard/TrendCharts.tsx";
import { TargetsTable } from "../dashboard/PublishedSla.tsx";
import { useSession } from "../session.ts";

/** What `GET /api/departments/:key/reviews/:month` answers (bot/service/review-service.ts). */
interface ReviewView {
  month: string;
  previousMonth: string;
  figures: DepartmentStats & { kudos?: number };
  previous: DepartmentStats & { kudos?: number };
  targets: Department["sla"]["targets"];
  breaches: BreachedRequestRow[];
  breachesTruncated: boolean;
  decisions: Decision[];
  actionItems: ActionItem[];
  carriedOver: ActionItem[];
  verbatims: Array<{ score: number; comment: string; at: string }>;
  changes: ChangeLogEntry[];
  people: Array<{ id: string; name: string }>;
  canEdit: boolean;
  etag: string;
  previousEtag: string;
}

const MONTHS_BACK = 12;

/** "November 2026" in the reader's language. */
function monthLabel(month: string, locale: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const s = new Intl.DateTimeFormat(locale === "es" ? "es-ES" : "en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 1)));
  return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}

/** "Nov 2026", "nov 2026": a column's heading (a narrow window holds three columns). */
function monthShort(month: string, locale: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale === "es" ? "es-ES" : "en-GB", { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** The month the URL names (`&month=2026-11`), else the one just ended in the department's zone. */
function initialMonth(zone: string): string {
  const asked = new URLSearchParams(location.search).get("month");
  const current = wallClock(zone, Date.now()).date.slice(0, 7);
  return asked && /^\d{4}-\d{2}$/.test(asked) && asked <= current ? asked : previousMonth(current);
}

export function Review({ department }: { department: Department }) {
  const t = useT();
  const locale = useLocale();
  const { api } = useSession();
  const zone = department.calendar.timeZone;
  const [month, setMonth] = useState(() => initialMonth(zone));
  const [view, setView] = useState<ReviewView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ intent: "success" | "error" | "warning"; text: string } | undefined>();
  const [attempt, setAttempt] = useState(0);
  const base = `/api/departments/${encodeURIComponent(department.key)}/reviews`;

  const load = useCallback(
    (signal: { cancelled: boolean }) =>
      api.get<ReviewView>(`${base}/${month}`).then(
        (v) => {
          if (signal.cancelled) return;
          setView(v);
          setError(undefined);
        },
        (err: unknown) => !signal.cancelled && setError(err instanceof Error ? err.message : String(err)),
      ),
    [api, base, month],
  );
  useEffect(() => {
    const signal = { cancelled: false };
    setView(undefined);
    void load(signal);
    return () => {
      signal.cancelled = true;
    };
  }, [load, attempt]);

  /** A write with the record's ETag; a stale one reloads and says so. True when it went through. */
  const write = async (method: "POST" | "PATCH", path: string, body: unknown, etag: string): Promise<boolean> => {
    try {
      await api.call(method, path, body, etag ? { "If-Match": etag } : {});
      setNotice({ intent: "success", text: t("tab.review.saved") });
      await load({ cancelled: false });
      return true;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 412 || err.status === 409)) {
        setNotice({ intent: "warning", text: t("tab.review.stale") });
        await load({ cancelled: false });
      } else setNotice({ intent: "error", text: err instanceof Error ? err.message : String(err) });
      return false;
    }
  };

  const current = wallClock(zone, Date.now()).date.slice(0, 7);
  const months = [current];
  while (months.length < MONTHS_BACK) months.push(previousMonth(months[months.length - 1]!));

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 20, minWidth: 0 }} data-testid="review">
      <Field label={t("tab.review.month")} orientation="horizontal" style={{ alignItems: "center", maxWidth: 400 }}>
        <Dropdown value={monthLabel(month, locale)} selectedOptions={[month]} onOptionSelect={(_, d) => d.optionValue && (setMonth(d.optionValue), setNotice(undefined))} style={{ minWidth: 180 }}>
          {months.map((m) => (
            <Option key={m} value={m}>
              {monthLabel(m, locale)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {error && <ErrorBar message={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {!view && !error && <Spinner label={t("tab.loading")} />}
      {notice && (
        <MessageBar intent={notice.intent} data-testid="review-notice">
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      {view && (
        <>
          <FiguresTable view={view} />
          <Breaches view={view} zone={zone} />
          {view.verbatims.length > 0 && (
            <section aria-labelledby="review-verbatims">
              <h2 id="review-verbatims" style={h2}>{t("review.card.verbatims")}</h2>
              <ul style={list}>
                {view.verbatims.map((v, i) => (
                  <li key={i} style={wrap}>
                    “{v.comment}” ({v.score}/10)
                  </li>
                ))}
              </ul>
            </section>
          )}
          {view.changes.length > 0 && (
            <section aria-labelledby="review-changes" data-testid="review-changes">
              <h2 id="review-changes" style={h2}>{t("tab.changes.title")}</h2>
              <ChangeEntries items={view.changes} />
            </section>
          )}
          {!view.canEdit && <p style={note}>{t("tab.review.readOnly")}</p>}
          <Decisions view={view} onAdd={(text) => write("POST", `${base}/${view.month}`, { decision: text }, view.etag)} />
          <Actions
            view={view}
            onAdd={(item) => write("POST", `${base}/${view.month}`, { actionItem: item }, view.etag)}
            onDone={(a, done) => write("PATCH", `${base}/${view.month}/actions/${encodeURIComponent(a.id)}`, { done }, a.month === view.month ? view.etag : view.previousEtag)}
          />
        </>
      )}
    </div>
  );
}

function FiguresTable({ view }: { view: ReviewView }) {
  const t = useT();
  const locale = useLocale();
  const pct = (a: Attainment) => (a.attainmentPercent === null ? "–" : formatPercent(a.attainmentPercent, locale));
  const min = (v: number | null) => (v === null ? "–" : formatMinutes(v, locale));
  const rows: Array<[string, string, string]> = [
    [t("review.card.firstResponse"), pct(view.figures.firstResponse), pct(view.previous.firstResponse)],
    [t("review.card.resolution"), pct(view.figures.resolution), pct(view.previous.resolution)],
    [t("review.card.medianFirst"), min(view.figures.firstResponse.medianMinutes), min(view.previous.firstResponse.medianMinutes)],
    [t("review.card.medianResolution"), min(view.figures.resolution.medianMinutes), min(view.previous.resolution.medianMinutes)],
    [t("review.card.volume"), `${view.figures.created} / ${view.figures.resolved}`, `${view.previous.created} / ${view.previous.resolved}`],
    [t("review.card.breaches"), String(view.figures.breaches), String(view.previous.breaches)],
    ...(typeof view.figures.kudos === "number" ? [[t("review.card.kudos"), String(view.figures.kudos), String(view.previous.kudos ?? 0)] as [string, string, string]] : []),
  ];
  return (
    <section aria-labelledby="review-figures" style={{ display: "flex", flexDirection: "column", gap: 12 }}>
      <h2 id="review-figures" style={h2}>{t("tab.review.figures", { month: monthLabel(view.month, locale) })}</h2>
      <div style={{ overflowX: "auto" }}>
        <table style={{ ...table, width: "100%" }} data-testid="review-figures">
          <thead>
            <tr>
              <th style={th}>{t("tab.review.measure")}</th>
              <th style={thNum}>{monthShort(view.month, locale)}</th>
              <th style={thNum}>{monthShort(view.previousMonth, locale)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, a, b]) => (
              <tr key={label}>
                <th scope="row" style={{ ...td, textAlign: "start", fontWeight: "inherit" }}>{label}</th>
                <td style={tdNum}>{a}</td>
                <td style={tdNum}>{b}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div style={{ overflowX: "auto" }}>
        <TargetsTable targets={view.targets} testId="review-targets" caption={t("review.card.targets")} />
      </div>
    </section>
  );
}

function Breaches({ view, zone }: { view: ReviewView; zone: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby="review-breaches">
      <h2 id="review-breaches" style={h2}>{t("tab.review.breaches")}</h2>
      {view.breaches.length === 0 ? (
        <p style={note}>{t("tab.review.noBreaches")}</p>
      ) : (
        <ul style={list} data-testid="review-breaches">
          {view.breaches.map((b) => (
            <li key={b.id} style={wrap}>
              <strong>{b.id}</strong> {b.title} · {t(`priority.${b.priority}`)} · {formatTime(b.createdAt, zone, locale)} · {t("clock.firstResponse")}: {t(`clock.${b.firstResponse}`)} · {t("clock.resolution")}: {t(`clock.${b.resolution}`)}
            </li>
          ))}
        </ul>
      )}
      {view.breachesTruncated && <p style={note}>{t("tab.review.more", { count: view.breaches.length })}</p>}
    </section>
  );
}

function Decisions({ view, onAdd }: { view: ReviewView; onAdd: (text: string) => Promise<boolean> }) {
  const t = useT();
  const locale = useLocale();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const add = async () => {
    if (!text.trim()) return setProblem(t("tab.review.required"));
    setProblem(undefined);
    setBusy(true);
    if (await onAdd(text.trim())) setText("");
    setBusy(false);
  };
  return (
    <section aria-labelledby="review-decisions">
      <h2 id="review-decisions" style={h2}>{t("tab.review.decisions")}</h2>
      {view.decisions.length === 0 ? (
        <p style={note}>{t("tab.review.noDecisions")}</p>
      ) : (
        <ul style={list} data-testid="review-decisions">
          {view.decisions.map((d) => (
            <li key={d.id} style={wrap}>
              {d.text} <span style={note}>({t("tab.review.by", { name: d.by.name, date: formatTime(d.at, readerZone(), locale) })})</span>
            </li>
          ))}
        </ul>
      )}
      {view.canEdit && (
        <div style={{ display: "flex", flexDirection: "column", gap: 8, marginTop: 8, maxWidth: 560 }}>
          <Field label={t("tab.review.decision")} validationMessage={problem}>
            <Textarea value={text} onChange={(_, d) => setText(d.value)} maxLength={REVIEW_LIMITS.textMax} resize="vertical" />
          </Field>
          <div>
            <Button appearance="primary" onClick={add} disabled={busy}>
              {t("tab.review.addDecision")}
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}

function Actions({ view, onAdd, onDone }: {
  view: ReviewView;
  onAdd: (item: { text: string; owner: { id: string; name: string }; due: string }) => Promise<boolean>;
  onDone: (a: ActionItem, done: boolean) => Promise<boolean>;
}) {
  const t = useT();
  const locale = useLocale();
  const [text, setText] = useState("");
  const [owner, setOwner] = useState<string | undefined>();
  const [due, setDue] = useState("");
  const [problems, setProblems] = useState<{ text?: string; owner?: string; due?: string }>({});
  const [busy, setBusy] = useState(false);
  const add = async () => {
    const person = view.people.find((p) => p.id === owner);
    const found = { text: text.trim() ? undefined : t("tab.review.required"), owner: person ? undefined : t("tab.review.pickOwner"), due: due ? undefined : t("tab.review.pickDue") };
    setProblems(found);
    if (found.text || found.owner || found.due) return;
    setBusy(true);
    if (await onAdd({ text: text.trim(), owner: person!, due })) {
      setText("");
      setDue("");
      setOwner(undefined);
    }
    setBusy(false);
  };
  const item = (a: ActionItem) => {
    const label = `${a.text} — ${t("tab.review.dueOn", { owner: a.owner.name, date: formatDate(a.due, locale, "short") })}`;
    return (
      <li key={a.id} style={{ ...wrap, listStyle: "none" }}>
        <Checkbox checked={a.done} disabled={!view.canEdit} label={label} onChange={(_, d) => void onDone(a, d.checked === true)} />
      </li>
    );
  };
  return (
    <section aria-labelledby="review-actions">
      <h2 id="review-actions" style={h2}>{t("tab.review.actions")}</h2>
      {view.actionItems.length === 0 ? <p style={note}>{t("tab.review.noActions")}</p> : <ul style={{ ...list, paddingInlineStart: 0 }} data-testid="review-actions">{view.actionItems.map(item)}</ul>}
      {view.carriedOver.length > 0 && (
        <>
          <h3 style={h3}>{t("tab.review.carried", { month: monthLabel(view.previousMonth, locale) })}</h3>
          <ul style={{ ...list, paddingInlineStart: 0 }} data-testid="review-carried">{view.carriedOver.map(item)}</ul>
        </>
      )}
      {view.canEdit && (
        <div style={{ display: "flex", flexDirection: "column", gap: 8, marginTop: 8, maxWidth: 560 }}>
          <Field label={t("tab.review.actionText")} validationMessage={problems.text}>
            <Input value={text} onChange={(_, d) => setText(d.value)} maxLength={REVIEW_LIMITS.textMax} />
          </Field>
          <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
            <Field label={t("tab.review.owner")} validationMessage={problems.owner} style={{ flex: "1 1 180px", minWidth: 0 }}>
              <Dropdown value={view.people.find((p) => p.id === owner)?.name ?? ""} selectedOptions={owner ? [owner] : []} onOptionSelect={(_, d) => setOwner(d.optionValue)} style={{ minWidth: 0 }}>
                {view.people.map((p) => (
                  <Option key={p.id} value={p.id}>
                    {p.name}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Field label={t("tab.review.due")} validationMessage={problems.due} style={{ flex: "1 1 140px", minWidth: 0 }}>
              <Input type="date" value={due} onChange={(_, d) => setDue(d.value)} />
            </Field>
          </div>
          <div>
            <Button appearance="primary" onClick={add} disabled={busy}>
              {t("tab.review.addAction")}
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}

const h2: React.CSSProperties = { margin: "0 0 6px", fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold };
const h3: React.CSSProperties = { margin: "10px 0 4px", fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold };
const note: React.CSSProperties = { margin: 0, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 };
const list: React.CSSProperties = { margin: "4px 0 0", paddingInlineStart: 20, display: "flex", flexDirection: "column", gap: 4 };
const wrap: React.CSSProperties = { overflowWrap: "anywhere" };
