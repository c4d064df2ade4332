/**
 * Before filing: when the chosen department will answer (issue 14), from
 * GET /api/departments/:key/sla/preview, in the reader's own time zone, named, since the pane
 * is read wherever its reader is ("IT answers by Tue 8 Dec, 10:30 CET (your time).").
 */
import { Caption1, MessageBar, MessageBarBody } from "@fluentui/react-components";
import type { Department, Priority } from "../../shared/domain.ts";
import { type Api, formatTime, useLocale, useSlaPreview, useT, readerZone } from "../../web/index.ts";

export function FilingPreview({ api, department, priority }: { api: Api; department?: Department; priority: Priority }) {
  const t = useT();
  const locale = useLocale();
  const { state, wanted } = useSlaPreview(api, department, priority);
  // No preview (an error) is no reason to stop filing: the line is left out.
  const p = state?.for === wanted ? state.preview : undefined;
  if (!department || !p) return null;
  const zone = readerZone();
  return (
    <MessageBar intent="info" layout="multiline" data-testid="filing-preview">
      <MessageBarBody>
        <div data-testid="filing-preview-reply">{t("addin.preview", { department: department.name, time: formatTime(p.firstResponseDueAt, zone, locale) })}</div>
        <Caption1>{t("addin.preview.resolution", { time: formatTime(p.resolutionDueAt, zone, locale) })}</Caption1>
      </MessageBarBody>
    </MessageBar>
  );
}
