import { Button, Caption1, makeStyles, tokens } from "@fluentui/react-components";
import { memo, useMemo } from "react";
import type { Department, RequestView } from "../../../shared/domain.ts";
import { useT } from "../../../web/i18n.ts";
import type { Me } from "../session.ts";
import { allowedActions, type BoardAction } from "./actions.ts";
import { ClockCell } from "./ClockCell.tsx";
import { PriorityBadge } from "./PriorityBadge.tsx";

/** Below this width the board shows each request as a card (its columns would not fit). */
export const NARROW = "@media (max-width: 720px)";

const useStyles = makeStyles({
  row: {
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    ":hover": { background: tokens.colorSubtleBackgroundHover },
    [NARROW]: {
      display: "grid",
      gridTemplateColumns: "minmax(0, 1fr) minmax(0, 1fr)",
      columnGap: "12px",
      rowGap: "4px",
      padding: "10px 0",
    },
  },
  cell: {
    padding: "8px",
    verticalAlign: "top",
    textAlign: "start",
    // A card's cells name themselves (the column headers are gone).
    [NARROW]: {
      display: "block",
      padding: "2px 4px",
      minWidth: 0,
      "::before": {
        content: "attr(data-label)",
        display: "block",
        fontSize: tokens.fontSizeBase100,
        color: tokens.colorNeutralForeground3,
      },
    },
  },
  wide: { [NARROW]: { gridColumn: "1 / -1" } },
  request: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0 },
  id: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground3 },
  title: { overflowWrap: "anywhere", fontWeight: tokens.fontWeightSemibold },
  wrap: { overflowWrap: "anywhere" },
  quiet: { color: tokens.colorNeutralForeground3, fontStyle: "italic" },
  rating: { color: tokens.colorNeutralForeground3 },
  actions: { display: "flex", gap: "6px", flexWrap: "wrap" },
});

/** The row's "Open" button, where focus goes after an action. */
export const openButtonId = (id: string) => `board-open-${id}`;

/** One request (open, or ended when found by a search): who, what, both SLA clocks, and what this person can do with it. */
export const Row = memo(function Row({
  r,
  department,
  me,
  busy,
  onAction,
  onOpen,
}: {
  r: RequestView;
  department: Department;
  me: Me;
  busy: boolean;
  onAction: (a: BoardAction, r: RequestView) => void;
  onOpen: (id: string) => void;
}) {
  const t = useT();
  const s = useStyles();
  const actions = useMemo(() => allowedActions(r, department, me), [r, department, me]);
  return (
    <tr className={s.row} data-id={r.id} data-testid="board-row">
      <th scope="row" className={`${s.cell} ${s.wide}`} style={{ fontWeight: "normal" }}>
        <div className={s.request}>
          <Caption1 className={s.id}>{r.id}</Caption1>
          <span className={s.title} data-testid="row-title">
            {r.title}
          </span>
        </div>
      </th>
      <td className={`${s.cell} ${s.wrap}`} data-label={t("tab.board.col.requester")}>
        {r.requester.name}
      </td>
      <td className={`${s.cell} ${s.wrap}`} data-testid="row-assignee" data-label={t("tab.board.col.assignee")}>
        {r.assignee ? r.assignee.name : <span className={s.quiet}>{t("common.unassigned")}</span>}
      </td>
      <td className={s.cell} data-label={t("tab.board.col.priority")}>
        <PriorityBadge priority={r.priority} />
      </td>
      <td className={`${s.cell} ${s.wrap}`} data-testid="row-status" data-label={t("tab.board.col.status")}>
        {t(`status.${r.status}`)}
        {/* An ended request found by a search or the status filter: how the requester rated it. */}
        {(r.status === "resolved" || r.status === "closed") && (
          <Caption1 block className={s.rating} data-testid="row-rating">
            {r.rating ? t("tab.past.rated", { score: r.rating.score }) : t("tab.past.notRated")}
          </Caption1>
        )}
      </td>
      <td className={s.cell} data-label={t("clock.firstResponse")}>
        <ClockCell clock={r.sla.firstResponse} calendar={department.calendar} testId="clock-firstResponse" />
      </td>
      <td className={s.cell} data-label={t("clock.resolution")}>
        <ClockCell clock={r.sla.resolution} calendar={department.calendar} testId="clock-resolution" />
      </td>
      <td className={`${s.cell} ${s.wide}`}>
        <div className={s.actions}>
          {actions.includes("take") && (
            <Button size="small" appearance="primary" disabled={busy} onClick={() => onAction("take", r)} aria-label={t("tab.board.takeLabel", { id: r.id })}>
              {t("action.take")}
            </Button>
          )}
          <Button size="small" id={openButtonId(r.id)} onClick={() => onOpen(r.id)} aria-label={t("tab.board.openLabel", { id: r.id })}>
            {t("action.open")}
          </Button>
        </div>
      </td>
    </tr>
  );
});
