import type { BadgeProps } from "@fluentui/react-components";
import type { ClockState } from "../shared/domain.ts";

/** A clock state's badge colour, always shown with the state's name (never colour alone). */
export const CLOCK_COLOR: Record<ClockState, BadgeProps["color"]> = {
  on_track: "success",
  at_risk: "warning",
  breached: "danger",
  paused: "informative",
  met: "success",
  missed: "danger",
  handed_off: "informative",
};
