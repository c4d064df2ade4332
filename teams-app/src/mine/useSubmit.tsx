import { MessageBar, MessageBarBody } from "@fluentui/react-components";
import { useState } from "react";

/**
 * One send of a form at a time (a rating, a thank): `busy` while it runs, and what went wrong
 * as an alert to show under the form (`alert`), cleared when it is sent again.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const run = async (send: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await send();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const alert = error ? (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>{error}</MessageBarBody>
    </MessageBar>
  ) : null;
  return { busy, run, alert };
}
