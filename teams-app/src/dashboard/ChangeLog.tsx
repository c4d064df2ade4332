/**
 * The published SLA's change log (DESIGN.md "The internal-customer loop"): who changed a
 * department's targets, hours or categories, when, why, and what from and to. For everyone in
 * the tenant, beside the promise it changed. Reasons and names are shown as text, never markup.
 */
import { tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { WEEKDAYS } from "../../../shared/domain.ts";
import type { ChangeLine, ChangeLogEntry } from "../../../shared/review.ts";
import type { StringKey } from "../../../shared/strings/index.ts";
import { formatTime, readerZone, weekdayName } from "../../../web/format.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { useSession } from "../session.ts";

const SHOWN = 5;

export function ChangeLog({ departmentKey }: { departmentKey: string }) {
  const t = useT();
  const { api } = useSession();
  const [items, setItems] = useState<ChangeLogEntry[] | undefined>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api.get<{ items: ChangeLogEntry[] }>(`/api/departments/${encodeURIComponent(departmentKey)}/changes?limit=${SHOWN}`).then(
      (r) => !cancelled && setItems(r.items),
      () => !cancelled && setFailed(true),
    );
    return () => {
      cancelled = true;
    };
  }, [api, departmentKey]);

  return (
    <div data-testid="change-log">
      <h3 style={h3}>{t("tab.changes.title")}</h3>
      {failed || (items && items.length === 0) ? <p style={note}>{t("tab.changes.none")}</p> : <ChangeEntries items={items ?? []} />}
    </div>
  );
}

/** Changes as a list: who and when, why, and each value from and to in the reader's words (also the monthly review's). */
export function ChangeEntries({ items }: { items: ChangeLogEntry[] }) {
  const t = useT();
  const locale = useLocale();

  /** One changed value in the reader's words. */
  const describe = (c: ChangeLine, created: boolean): { label: string; value: string } => {
    const parts = c.what.split(".");
    let label: string;
    const ownTarget = parts[0] === "categories" && parts[2] === "targets"; // categories.<key>.targets.<priority>.<clock>
    if (parts[0] === "targets") label = t(`change.what.${parts[2]}` as StringKey, { priority: t(`priority.${parts[1]}` as StringKey) });
    else if (ownTarget) label = `${parts[1]}: ${t(`change.what.${parts[4]}` as StringKey, { priority: t(`priority.${parts[3]}` as StringKey) })}`;
    else if (parts[1] === "week") label = t("change.what.week", { day: weekdayName(WEEKDAYS.indexOf(parts[2] as (typeof WEEKDAYS)[number]), locale) });
    else label = t(`change.what.${parts[parts.length - 1]}` as StringKey);
    const shown = (v: string) => (v === "" && parts[1] === "week" ? t("change.closed") : v === "" && ownTarget ? t("change.departmentTarget") : v);
    // Holidays and added or removed categories are lists of what went and what came; the rest from -> to.
    const listed = c.what === "calendar.holidays" || (c.what === "categories" && (!c.from || !c.to));
    // A new department's first promise starts from nothing: its values alone.
    const first = created && c.from === "";
    const value = listed && !first
      ? [c.from && t("change.removed", { value: c.from }), c.to && t("change.added", { value: c.to })].filter(Boolean).join("; ")
      : first
        ? shown(c.to)
        : t("change.fromTo", { from: shown(c.from), to: shown(c.to) });
    return { label, value };
  };

  return (
    <ul style={{ margin: "6px 0 0", paddingInlineStart: 0, listStyle: "none", display: "flex", flexDirection: "column", gap: 10 }}>
      {items.map((e) => (
        <li key={e.id}>
          <div style={note}>{t("tab.changes.by", { name: e.by.name, date: formatTime(e.at, readerZone(), locale) })}</div>
          <div style={{ overflowWrap: "anywhere" }}>{t("tab.changes.reason", { reason: e.reason })}</div>
          <ul style={{ margin: "2px 0 0", paddingInlineStart: 18, fontSize: tokens.fontSizeBase200 }}>
            {e.changes.map((c, i) => {
              const d = describe(c, created(e));
              return (
                <li key={i} style={{ overflowWrap: "anywhere" }}>
                  {d.label}: {d.value}
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** A department's creation logged with its reason: only then is its time zone ever "" before. */
const created = (e: ChangeLogEntry) => e.changes.some((c) => c.what === "calendar.timeZone" && c.from === "");

const h3: React.CSSProperties = { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold };
const note: React.CSSProperties = { margin: "6px 0 0", color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 };
