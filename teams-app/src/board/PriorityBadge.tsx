import { Badge, type BadgeProps } from "@fluentui/react-components";
import type { Priority } from "../../../shared/domain.ts";
import { useT } from "../../../web/i18n.ts";

const COLOR: Record<Priority, BadgeProps["color"]> = { urgent: "danger", high: "warning", normal: "informative", low: "subtle" };

/** A request's priority: its name, tinted by how pressing it is. */
export function PriorityBadge({ priority }: { priority: Priority }) {
  const t = useT();
  return (
    <Badge appearance="tint" color={COLOR[priority]} data-priority={priority}>
      {t(`priority.${priority}`)}
    </Badge>
  );
}
