import { Badge, Caption1, makeStyles, tokens, type BadgeProps } from "@fluentui/react-components";
import { memo } from "react";
import type { Calendar, ClockState, ClockView } from "../../../shared/domain.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { liveClock } from "./clocks.ts";
import { useNow } from "./ticker.ts";
import { CLOCK_COLOR } from "../../../web/clock-color.ts";
import { formatCountdown, formatTime, readerZone } from "../../../web/format.ts";

/** A mark before the state's name, so the states differ in shape too. */
const MARK: Record<ClockState, string> = { on_track: "●", at_risk: "▲", breached: "■", paused: "❚❚", met: "✓", missed: "✕", handed_off: "→" };

const useStyles = makeStyles({
  cell: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: "2px", minWidth: 0 },
  countdown: { fontVariantNumeric: "tabular-nums" },
  over: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  quiet: { color: tokens.colorNeutralForeground3 },
  mark: { fontSize: "0.8em" },
});

export function ClockBadge({ state, size = "medium" }: { state: ClockState; size?: BadgeProps["size"] }) {
  const t = useT();
  const s = useStyles();
  return (
    <Badge appearance={state === "met" || state === "missed" ? "outline" : "filled"} color={CLOCK_COLOR[state]} size={size} data-state={state}>
      <span aria-hidden className={s.mark}>
        {MARK[state]}
      </span>
      &nbsp;{t(`clock.${state}`)}
    </Badge>
  );
}

/** One SLA clock, live: its state and the business time left (or over), ticking every second. */
export const ClockCell = memo(function ClockCell({ clock, calendar, testId }: { clock: ClockView; calendar: Calendar; testId?: string }) {
  const t = useT();
  const locale = useLocale();
  const s = useStyles();
  const now = useNow();
  const live = liveClock(clock, calendar, now);
  const duration = (ms: number) => formatCountdown(ms, locale);
  return (
    <div className={s.cell} data-testid={testId} data-state={live.state}>
      <ClockBadge state={live.state} />
      {live.overMs !== undefined ? (
        <Caption1 className={`${s.countdown} ${s.over}`}>{t("tab.board.clock.over", { duration: duration(live.overMs) })}</Caption1>
      ) : live.leftMs !== undefined ? (
        <Caption1 className={s.countdown}>{t("tab.board.clock.left", { duration: duration(live.leftMs) })}</Caption1>
      ) : null}
      {live.dueAt !== undefined && (
        <Caption1 className={s.quiet}>
          {t(live.counting ? "clock.dueAt" : "tab.board.clock.dueOffHours", { time: formatTime(live.dueAt, readerZone(), locale) })}
        </Caption1>
      )}
    </div>
  );
});
