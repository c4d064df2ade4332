/**
 * "These open requests look like the same case" under a form being filled: each with its id,
 * title and status, and "follow that one instead" (your own: open it; someone else's: follow it
 * and be told as it moves, instead of filing a second one). Titles are text, never markup.
 */
import { Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, tokens } from "@fluentui/react-components";
import { StatusBadge } from "./badges.tsx";
import { useT } from "./i18n.ts";
import type { SimilarRequest } from "./similar.ts";

export function SimilarRequests({
  items,
  onFollow,
  busy,
  openOnly,
}: {
  items: SimilarRequest[];
  onFollow: (r: SimilarRequest) => void;
  busy?: string;
  /** Every button opens its request (the add-in: whoever converts an email opens the case to answer from it). */
  openOnly?: boolean;
}) {
  const t = useT();
  if (!items.length) return null;
  return (
    <div aria-live="polite" data-testid="similar-requests">
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t("similar.heading")}</MessageBarTitle>
          <ul style={{ listStyle: "none", margin: `${tokens.spacingVerticalS} 0 0`, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS }}>
            {items.map((r) => (
              <li key={r.id} data-testid="similar-item" data-id={r.id} style={{ display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" }}>
                <strong>{r.id}</strong>
                <span style={{ overflowWrap: "anywhere", flex: "1 1 160px" }}>{r.title}</span>
                <StatusBadge status={r.status} />
                {r.mine && <Caption1>{t("similar.yours")}</Caption1>}
                <Button size="small" disabled={busy === r.id} onClick={() => onFollow(r)} aria-label={r.mine || openOnly ? t("similar.openId", { id: r.id }) : t("similar.followId", { id: r.id })}>
                  {r.mine || openOnly ? t("similar.open") : t("similar.follow")}
                </Button>
              </li>
            ))}
          </ul>
        </MessageBarBody>
      </MessageBar>
    </div>
  );
}
