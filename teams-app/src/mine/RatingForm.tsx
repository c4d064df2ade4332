/**
 * Rating a resolved request (DESIGN.md "Lifecycle", "The internal-customer loop"): CSAT 1-5 and
 * the CES statement 1-7, every choice in words, and an optional comment. A rating never closes
 * the request: while it is resolved the rating can be changed (the last one counts) and Reopen
 * stays next to it; once closed, only what was given is shown.
 */
import { Button, Field, MessageBar, MessageBarBody, Radio, RadioGroup, Textarea, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import type { RequestView } from "../../../shared/domain.ts";
import type { StringKey } from "../../../shared/strings/index.ts";
import { LIMITS } from "../../../shared/validation/limits.ts";
import { useT } from "../../../web/i18n.ts";
import { useSession } from "../session.ts";
import { useSubmit } from "./useSubmit.tsx";

const SCORES = [1, 2, 3, 4, 5];
const EFFORTS = [1, 2, 3, 4, 5, 6, 7];

export function RatingForm({ request: r, departmentName, onRated }: { request: RequestView; departmentName: string; onRated: (r: RequestView) => void }) {
  const t = useT();
  const { api } = useSession();
  const given = r.rating;
  const [score, setScore] = useState(given ? String(given.score) : "");
  const [effort, setEffort] = useState(given?.effort ? String(given.effort) : "");
  const [comment, setComment] = useState(given?.comment ?? "");
  const [missing, setMissing] = useState(false);
  const { busy, run, alert } = useSubmit();
  const [saved, setSaved] = useState(false);
  const csat = (n: number) => t(`rating.csat.${n}` as StringKey);
  const ces = (n: number) => t(`rating.ces.${n}` as StringKey);

  // A rating changed elsewhere (the Teams card, another tab) shows here as the one to change.
  useEffect(() => {
    setScore(given ? String(given.score) : "");
    setEffort(given?.effort ? String(given.effort) : "");
    setComment(given?.comment ?? "");
  }, [given?.at]); // eslint-disable-line react-hooks/exhaustive-deps
  // "Thank you" belongs to the moment of rating: reopened or closed since, it would be stale.
  useEffect(() => setSaved(false), [r.status]);

  if (r.status !== "resolved" && !given) return null;

  const send = async () => {
    if (!score) {
      setMissing(true);
      return;
    }
    await run(async () => {
      const next = await api.post<RequestView>(`/api/requests/${encodeURIComponent(r.id)}/actions`, {
        action: "rate",
        score: Number(score),
        ...(effort ? { effort: Number(effort) } : {}),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      setSaved(true);
      onRated(next);
    });
  };

  return (
    <section aria-labelledby={`rate-${r.id}`} data-testid="rating" style={{ display: "flex", flexDirection: "column", gap: 10 }}>
      <h3 id={`rate-${r.id}`} style={h3}>
        {t("card.rate.question", { department: departmentName, id: r.id })}
      </h3>
      {given && (
        <div role="status" data-testid="rating-given">
          <div>{t("rating.given", { score: given.score, meaning: csat(given.score).toLowerCase() })}</div>
          {given.effort && <div>{t("rating.givenEffort", { effort: given.effort, meaning: ces(given.effort).toLowerCase() })}</div>}
          {given.comment && <div style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", color: tokens.colorNeutralForeground3 }}>{given.comment}</div>}
        </div>
      )}
      {r.status === "resolved" && (
        <>
          <Field label={t("rating.csat.label")} required validationMessage={missing && !score ? t("rating.error.score") : undefined}>
            <RadioGroup value={score} onChange={(_, d) => (setScore(d.value), setMissing(false), setSaved(false))}>
              {SCORES.map((n) => (
                <Radio key={n} value={String(n)} label={`${n} · ${csat(n)}`} />
              ))}
            </RadioGroup>
          </Field>
          <Field label={t("rating.ces.label", { department: departmentName })}>
            <RadioGroup value={effort} onChange={(_, d) => (setEffort(d.value), setSaved(false))}>
              {EFFORTS.map((n) => (
                <Radio key={n} value={String(n)} label={`${n} · ${ces(n)}`} />
              ))}
            </RadioGroup>
          </Field>
          <Field label={t("card.rate.comment")}>
            <Textarea value={comment} maxLength={LIMITS.ratingCommentMax} onChange={(_, d) => (setComment(d.value), setSaved(false))} rows={2} resize="vertical" />
          </Field>
          <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
            <Button appearance="primary" disabled={busy} onClick={() => void send()}>
              {t(given ? "rating.change" : "rating.submit")}
            </Button>
            <span style={{ color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 }}>{t("rating.changeable")}</span>
          </div>
        </>
      )}
      {saved && given && (
        <MessageBar intent="success">
          <MessageBarBody>{t("bot.rated", { id: r.id })}</MessageBarBody>
        </MessageBar>
      )}
      {alert}
    </section>
  );
}

const h3: React.CSSProperties = { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold };
