import { Button, MessageBar, MessageBarBody } from "@fluentui/react-components";
import { useT } from "../../../web/i18n.ts";

/** A failed load, in words, with a way to try again. */
export function ErrorBar({ message, onRetry }: { message: string; onRetry: () => void }) {
  const t = useT();
  return (
    <MessageBar intent="error">
      <MessageBarBody>
        {t("tab.error", { message })}{" "}
        <Button size="small" onClick={onRetry}>
          {t("tab.retry")}
        </Button>
      </MessageBarBody>
    </MessageBar>
  );
}
