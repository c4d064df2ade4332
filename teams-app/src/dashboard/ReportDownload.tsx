/**
 * The monthly report as files, for the department's leads and admins: the month's requests
 * (one row each) and its figures, as CSV for a spreadsheet.
 */
import { Button, tokens } from "@fluentui/react-components";
import { useState } from "react";
import { saveDownload } from "../../../web/save.ts";
import { useT } from "../../../web/i18n.ts";
import { useSession } from "../session.ts";

export function ReportDownload({ departmentKey, month }: { departmentKey: string; month: string }) {
  const t = useT();
  const { api } = useSession();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const get = (format: "csv" | "summary-csv") => {
    setBusy(format);
    setError(undefined);
    const name = `tandem-${departmentKey}-${month}${format === "summary-csv" ? "-summary" : ""}.csv`;
    saveDownload(api, `/api/departments/${encodeURIComponent(departmentKey)}/report?month=${month}&format=${format}`, name)
      .catch((err: unknown) => setError(t("tab.dashboard.download.failed", { message: err instanceof Error ? err.message : String(err) })))
      .finally(() => setBusy(undefined));
  };
  return (
    <div data-testid="report-download" style={{ display: "flex", flexWrap: "wrap", gap: 8, alignItems: "center" }}>
      <span style={{ color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 }}>{t("tab.dashboard.download", { month })}</span>
      <Button size="small" disabled={!!busy} onClick={() => get("csv")}>
        {t("tab.dashboard.download.requests")}
      </Button>
      <Button size="small" disabled={!!busy} onClick={() => get("summary-csv")}>
        {t("tab.dashboard.download.figures")}
      </Button>
      {error && (
        <span role="alert" style={{ color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 }}>
          {error}
        </span>
      )}
    </div>
  );
}
