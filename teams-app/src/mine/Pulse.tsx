/**
 * The internal NPS pulse in the personal tab (DESIGN.md "The internal-customer loop"): each
 * pending survey (GET /api/me/surveys) as the question, 0 to 10 with both ends named, and an
 * optional "why?"; answered once (POST /api/surveys/:id/answer), then thanked and gone.
 * Nothing shows when there is nothing to answer.
 */
import { Button, Field, MessageBar, MessageBarBody, Radio, RadioGroup, Textarea, tokens } from "@fluentui/react-components";
import { useSubmit } from "./useSubmit.tsx";
import { useEffect, useState } from "react";
import { NPS_COMMENT_MAX, NPS_SCORE_MAX, periodLabel, type PulseSurvey } from "../../../shared/nps.ts";
import { ApiError } from "../../../web/api.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { useSession } from "../session.ts";

const SCORES = Array.from({ length: NPS_SCORE_MAX + 1 }, (_, n) => n);

export function Pulse() {
  const t = useT();
  const { api, departments } = useSession();
  const [pending, setPending] = useState<PulseSurvey[]>([]);
  const [thanked, setThanked] = useState<string | undefined>();

  useEffect(() => {
    let current = true;
    // A pulse is a side question: if it cannot be read, the tab's own work goes on without it.
    api.get<{ items: PulseSurvey[] }>("/api/me/surveys").then((res) => current && setPending(res.items), () => undefined);
    return () => {
      current = false;
    };
  }, [api]);

  const nameOf = (s: PulseSurvey) => departments.find((d) => d.key === s.department)?.name ?? s.departmentName;
  const done = (s: PulseSurvey) => {
    setPending((old) => old.filter((x) => x.id !== s.id));
    setThanked(t("pulse.tab.sent", { department: nameOf(s) }));
  };

  if (!pending.length && !thanked) return null;
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 10 }} data-testid="pulse">
      {thanked && (
        <MessageBar intent="success">
          <MessageBarBody>{thanked}</MessageBarBody>
        </MessageBar>
      )}
      {pending.map((s) => (
        <Question key={s.id} survey={s} department={nameOf(s)} onAnswered={() => done(s)} onGone={() => setPending((old) => old.filter((x) => x.id !== s.id))} />
      ))}
    </div>
  );
}

function Question({ survey: s, department, onAnswered, onGone }: { survey: PulseSurvey; department: string; onAnswered: () => void; onGone: () => void }) {
  const t = useT();
  const locale = useLocale();
  const { api } = useSession();
  const [score, setScore] = useState("");
  const [comment, setComment] = useState("");
  const [missing, setMissing] = useState(false);
  const { busy, run, alert } = useSubmit();
  const headingId = `pulse-${s.id.replace(/[^A-Za-z0-9_-]/g, "-")}`;

  const send = () => {
    if (!score) {
      setMissing(true);
      return;
    }
    void run(async () => {
      try {
        await api.post(`/api/surveys/${encodeURIComponent(s.id)}/answer`, { score: Number(score), ...(comment.trim() ? { comment: comment.trim() } : {}) });
      } catch (err) {
        // Answered in Teams meanwhile, or closed: nothing left to ask here.
        const code = err instanceof ApiError ? err.code : "";
        if (code === "already_answered" || code === "survey_closed" || code === "not_found") return onGone();
        throw err;
      }
      onAnswered();
    });
  };

  return (
    <section
      aria-labelledby={headingId}
      data-survey={s.id}
      style={{
        border: `1px solid ${tokens.colorBrandStroke2}`,
        borderRadius: tokens.borderRadiusMedium,
        background: tokens.colorNeutralBackground1,
        padding: "12px 14px",
        display: "flex",
        flexDirection: "column",
        gap: 10,
      }}
    >
      <div style={{ color: tokens.colorBrandForeground1, fontSize: tokens.fontSizeBase200, fontWeight: tokens.fontWeightSemibold }}>{t("pulse.tab.title")}</div>
      <h2 id={headingId} style={{ margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold }}>
        {t("pulse.question", { department })}
      </h2>
      <p style={{ margin: 0, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 }}>
        {t("pulse.intro", { department, period: periodLabel(s.period, locale === "es" ? "es-ES" : "en-GB") })}
      </p>
      <Field label={t("pulse.score.label")} required validationMessage={missing && !score ? t("pulse.error.score") : undefined}>
        <RadioGroup layout="horizontal" value={score} onChange={(_, d) => (setScore(d.value), setMissing(false))} style={{ flexWrap: "wrap" }}>
          {SCORES.map((n) => (
            <Radio key={n} value={String(n)} label={String(n)} aria-label={n === 0 ? t("pulse.score.0") : n === NPS_SCORE_MAX ? t("pulse.score.10") : String(n)} />
          ))}
        </RadioGroup>
      </Field>
      <Field label={t("pulse.why")}>
        <Textarea value={comment} maxLength={NPS_COMMENT_MAX} onChange={(_, d) => setComment(d.value)} rows={2} resize="vertical" />
      </Field>
      <div>
        <Button appearance="primary" disabled={busy} onClick={send}>
          {busy ? t("pulse.tab.sending") : t("pulse.send")}
        </Button>
      </div>
      {alert}
    </section>
  );
}
