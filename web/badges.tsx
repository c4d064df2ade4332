/**
 * A request's status and its two SLA clocks as coloured pills that also say it in words
 * ("First response: At risk · Due Tue 1 Dec, 10:00 CET"): colour is never the only signal.
 * Running clocks are tinted, finished ones (met, missed) outlined.
 */
import { Badge, type BadgeProps } from "@fluentui/react-components";
import type { ClockState, ClockView, Status } from "../shared/domain.ts";
import { formatTime, readerZone } from "./format.ts";
import { useLocale, useT } from "./i18n.ts";
import { CLOCK_COLOR } from "./clock-color.ts";

const STATUS_COLOR: Record<Status, BadgeProps["color"]> = {
  new: "informative",
  in_progress: "brand",
  waiting: "warning",
  resolved: "success",
  closed: "subtle",
  cancelled: "subtle",
  transferred: "subtle",
};

export function StatusBadge({ status }: { status: Status }) {
  const t = useT();
  return (
    <Badge appearance="tint" shape="rounded" color={STATUS_COLOR[status]} data-status={status}>
      {t(`status.${status}`)}
    </Badge>
  );
}

export function ClockBadge({ which, clock }: { which: "firstResponse" | "resolution"; clock: ClockView }) {
  const t = useT();
  const locale = useLocale();
  const running = clock.state === "on_track" || clock.state === "at_risk" || clock.state === "breached";
  const due = running && clock.dueAt ? ` · ${t("clock.dueAt", { time: formatTime(clock.dueAt, readerZone(), locale) })}` : "";
  return (
    <Badge
      appearance={running || clock.state === "paused" ? "tint" : "outline"}
      shape="rounded"
      color={CLOCK_COLOR[clock.state]}
      data-clock={which}
      data-state={clock.state}
      style={{ whiteSpace: "normal", height: "auto", minHeight: 20, textAlign: "start" }}
    >
      {`${t(`clock.${which}`)}: ${t(`clock.${clock.state}`)}${due}`}
    </Badge>
  );
}
