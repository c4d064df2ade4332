/**
 * Internal NPS on the department's page (DESIGN.md "The internal-customer loop"): the latest
 * pulse's score with its groups, the last periods as a small trend, and what people said, all
 * only from 5 answers (`GET /api/departments/:key/nps`; comments for the department's staff).
 * Comments are shown as text, never as markup.
 */
import { tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { NPS_MIN_ANSWERS, periodLabel, type NpsFigures } from "../../../shared/nps.ts";
import { formatTime, readerZone } from "../../../web/format.ts";
import { useLocale, useT } from "../../../web/i18n.ts";
import { ErrorBar } from "../components/ErrorBar.tsx";
import { useSession } from "../session.ts";

const REFRESH_MS = 5 * 60_000;
const SHOWN_VERBATIMS = 5;

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function Nps({ departmentKey }: { departmentKey: string }) {
  const t = useT();
  const locale = useLocale();
  const { api } = useSession();
  const [f, setF] = useState<NpsFigures | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [attempt, setAttempt] = useState(0);
  const intl = locale === "es" ? "es-ES" : "en-GB";

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      api.get<NpsFigures>(`/api/departments/${encodeURIComponent(departmentKey)}/nps`).then(
        (x) => !cancelled && (setF(x), setError(undefined)),
        (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [api, departmentKey, attempt]);

  return (
    <section aria-labelledby="nps-title" data-testid="nps" style={{ display: "flex", flexDirection: "column", gap: 8 }}>
      <h2 id="nps-title" style={{ margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold }}>
        {t("nps.title")}
      </h2>
      {error && <ErrorBar message={error} onRetry={() => setAttempt((n) => n + 1)} />}
      {f && (
        <>
          <div style={{ color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 }}>
            {t("nps.period", { period: periodLabel(f.period, intl) })} · {t("nps.responses", { count: f.responses })}
          </div>
          <div style={{ display: "flex", alignItems: "baseline", gap: 12, flexWrap: "wrap" }}>
            <span data-testid="nps-value" style={{ fontSize: tokens.fontSizeHero800, fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: "tabular-nums" }}>
              {f.nps === null ? "–" : signed(f.nps)}
            </span>
            {f.nps !== null ? (
              <span style={{ color: tokens.colorNeutralForeground2 }}>{[t("nps.promoters", { count: f.promoters }), t("nps.passives", { count: f.passives }), t("nps.detractors", { count: f.detractors })].join(" · ")}</span>
            ) : (
              <span style={{ color: tokens.colorNeutralForeground3 }}>{t("nps.tooFew")}</span>
            )}
          </div>
          <div style={{ color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 }}>{t("nps.explain")}</div>
          <div>
            <h3 style={{ margin: "4px 0", fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold }}>{t("nps.trend")}</h3>
            <ol data-testid="nps-trend" style={{ listStyle: "none", margin: 0, padding: 0, display: "flex", gap: 8, flexWrap: "wrap" }}>
              {f.trend.map((p) => (
                <li
                  key={p.period}
                  style={{ border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: "4px 10px", minWidth: 92 }}
                >
                  <div style={{ fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 }}>{periodLabel(p.period, intl)}</div>
                  <div style={{ fontVariantNumeric: "tabular-nums", fontWeight: tokens.fontWeightSemibold }}>
                    {p.nps === null ? "–" : signed(p.nps)} <span style={{ fontWeight: tokens.fontWeightRegular, color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 }}>({t("nps.responses", { count: p.responses })})</span>
                  </div>
                </li>
              ))}
            </ol>
          </div>
          {f.responses >= NPS_MIN_ANSWERS && f.verbatims.length > 0 && (
            <div>
              <h3 style={{ margin: "4px 0", fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold }}>{t("nps.verbatims")}</h3>
              <ul data-testid="nps-verbatims" style={{ margin: 0, paddingInlineStart: 18, display: "flex", flexDirection: "column", gap: 4 }}>
                {f.verbatims.slice(0, SHOWN_VERBATIMS).map((v, i) => (
                  <li key={`${v.at}-${i}`}>
                    <span style={{ fontVariantNumeric: "tabular-nums", fontWeight: tokens.fontWeightSemibold }}>{v.score}/10</span>{" "}
                    <span style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{v.comment}</span>{" "}
                    <span style={{ color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 }}>{formatTime(v.at, readerZone(), locale)}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}
