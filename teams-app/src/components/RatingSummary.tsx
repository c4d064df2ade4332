/**
 * The requester's rating as the department reads it (DESIGN.md: comments reach the agent and
 * the leads): the score and the effort in words, the comment as typed (text, never markup).
 */
import { tokens } from "@fluentui/react-components";
import type { RequestView } from "../../../shared/domain.ts";
import type { StringKey } from "../../../shared/strings/index.ts";
import { useT } from "../../../web/i18n.ts";

export function RatingSummary({ request: r, headingLevel = 3 }: { request: RequestView; headingLevel?: 2 | 3 }) {
  const t = useT();
  const rating = r.rating;
  if (!rating) return null;
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby={`rating-${r.id}`} data-testid="rating-summary" style={{ display: "flex", flexDirection: "column", gap: 4, marginTop: 20 }}>
      <H id={`rating-${r.id}`} style={{ margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold }}>
        {t("rating.title")}
      </H>
      <div>{t("rating.givenBy", { name: r.requester.name, score: rating.score, meaning: t(`rating.csat.${rating.score}` as StringKey).toLowerCase() })}</div>
      {rating.effort && <div>{t("rating.givenEffort", { effort: rating.effort, meaning: t(`rating.ces.${rating.effort}` as StringKey).toLowerCase() })}</div>}
      {rating.comment && (
        <p style={{ margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere", padding: "6px 10px", background: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusMedium }}>
          {rating.comment}
        </p>
      )}
    </section>
  );
}
