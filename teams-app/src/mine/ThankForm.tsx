/**
 * Kudos from my requests (DESIGN.md "The internal-customer loop"): once someone worked the
 * request, its requester (or anyone who sees it) thanks whoever resolved it, or works it, with a
 * few optional words that show on the department's page. Once given, what was said.
 */
import { Button, Field, MessageBar, MessageBarBody, Textarea, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { RequestView } from "../../../shared/domain.ts";
import { thankedPeople, thankOutcome } from "../../../shared/lifecycle.ts";
import { LIMITS } from "../../../shared/validation/limits.ts";
import { useT } from "../../../web/i18n.ts";
import { useSession } from "../session.ts";
import { useSubmit } from "./useSubmit.tsx";

export function ThankForm({ request: r, departmentName, onThanked }: { request: RequestView; departmentName: string; onThanked: (r: RequestView) => void }) {
  const t = useT();
  const { api, me } = useSession();
  const [text, setText] = useState("");
  const { busy, run, alert } = useSubmit();
  const [sent, setSent] = useState(false);
  const given = r.kudos?.find((k) => k.by.id === me.id);
  const open = !given && thankOutcome(r, me, undefined) === "new";
  if (!given && !open) return null;
  const names = (given?.to ?? thankedPeople(r)).map((p) => p.name).join(", ");

  const send = () =>
    run(async () => {
      const next = await api.post<RequestView>(`/api/requests/${encodeURIComponent(r.id)}/actions`, { action: "thank", ...(text.trim() ? { text: text.trim() } : {}) });
      setSent(true);
      onThanked(next);
    });

  return (
    <section aria-labelledby={`thank-${r.id}`} data-testid="thank" style={{ display: "flex", flexDirection: "column", gap: 8 }}>
      <h3 id={`thank-${r.id}`} style={{ margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold }}>
        {t("thank.title")}
      </h3>
      {given ? (
        <div role="status" data-testid="thank-given">
          <div>{t("thank.given", { names })}</div>
          {given.text && <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", fontStyle: "italic", color: tokens.colorNeutralForeground3 }}>{given.text}</div>}
        </div>
      ) : (
        <>
          <Field label={t("thank.label", { names })} hint={t("thank.public", { department: departmentName })}>
            <Textarea value={text} maxLength={LIMITS.thankTextMax} onChange={(_, d) => setText(d.value)} rows={2} resize="vertical" />
          </Field>
          <div>
            <Button appearance="primary" disabled={busy} onClick={() => void send()}>
              {t("thank.send", { names })}
            </Button>
          </div>
        </>
      )}
      {sent && given && (
        <MessageBar intent="success">
          <MessageBarBody>{t("thank.sent", { names })}</MessageBarBody>
        </MessageBar>
      )}
      {alert}
    </section>
  );
}
