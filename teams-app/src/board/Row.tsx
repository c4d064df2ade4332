import { Button, Caption1, makeStyles, tokens } from "@fluentui/react-components";
import { memo, useMemo } from "react";
import type { Department, RequestView } from "../../../shared/domain.ts";
import { useT } from "../../../web/i18n.ts";
import type { Me } from "../session.ts";
import { allowedActions, type BoardAction } from "./actions.ts";
import { ClockCell } from "./ClockCell.tsx";
import { PriorityBadge } from "./PriorityBadge.tsx";

const useStyles = makeStyles({
  row: {
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    ":hover": { background: tokens.colorSubtleBackgroundHover },
  },
  cell: { padding: "8px", verticalAlign: "top", textAlign: "start" },
  request: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0 },
  id: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground3 },
  title: { overflowWrap: "anywhere", fontWeight: tokens.fontWeightSemibold },
  wrap: { overflowWrap: "anywhere" },
  quiet: { color: tokens.colorNeutralForeground3, fontStyle: "italic" },
  actions: { display: "flex", gap: "6px", flexWrap: "wrap" },
});

/** The row's "Open" button, where focus goes after an action. */
export const openButtonId = (id: string) => `board-open-${id}`;

/** One open request: who, what, both SLA clocks live, and what this person can do with it. */
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
      <th scope="row" className={s.cell} style={{ fontWeight: "normal" }}>
        <div className={s.request}>
          <Caption1 className={s.id}>{r.id}</Caption1>
          <span className={s.title} data-testid="row-title">
            {r.title}
          </span>
        </div>
      </th>
      <td className={`${s.cell} ${s.wrap}`}>{r.requester.name}</td>
      <td className={`${s.cell} ${s.wrap}`} data-testid="row-assignee">
        {r.assignee ? r.assignee.name : <span className={s.quiet}>{t("common.unassigned")}</span>}
      </td>
      <td className={s.cell}>
        <PriorityBadge priority={r.priority} />
      </td>
      <td className={`${s.cell} ${s.wrap}`} data-testid="row-status">
        {t(`status.${r.status}`)}
      </td>
      <td className={s.cell}>
        <ClockCell clock={r.sla.firstResponse} calendar={department.calendar} testId="clock-firstResponse" />
      </td>
      <td className={s.cell}>
        <ClockCell clock={r.sla.resolution} calendar={department.calendar} testId="clock-resolution" />
      </td>
      <td className={s.cell}>
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
