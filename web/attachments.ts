/**
 * Attachments on the web (the tab and the add-in): a file is checked here with the service's
 * own rules first (shared/validation/attachments.ts), so a person reads why it was left out in
 * their language, then sent; a refusal from the service is put in the same words.
 */
import type { Attachment, RequestView } from "../shared/domain.ts";
import type { StringKey, StringParams } from "../shared/strings/index.ts";
import { type AttachmentProblem, cleanFileName, fileProblem, formatBytes, requestProblem } from "../shared/validation/attachments.ts";
import { type Api, ApiError } from "./api.ts";
import { saveDownload } from "./save.ts";

type T = (key: StringKey, params?: StringParams) => string;

/** One file's outcome, as a person reads it. */
export interface FileOutcome {
  name: string;
  ok: boolean;
  message: string;
}

/** The sentence for a refused file, in the reader's language. */
export function problemMessage(p: AttachmentProblem, name: string, t: T, locale: string): string {
  const limit = "limit" in p ? (p.code === "too_many" ? String(p.limit) : formatBytes(p.limit, locale)) : "";
  return t(`attachments.error.${p.code}` as StringKey, { name, limit });
}

/** The service's refusal codes, as the problems the same rules name. */
const CODES: Record<string, AttachmentProblem["code"]> = {
  attachment_empty: "empty",
  attachment_too_large: "too_large",
  attachment_type_not_allowed: "not_allowed",
  attachment_name_required: "blank_name",
  attachments_too_many: "too_many",
  attachments_total_too_large: "total_too_large",
};

function refusalMessage(err: unknown, name: string, t: T, locale: string): string {
  if (err instanceof ApiError) {
    const code = CODES[err.code];
    const limit = (err.details as Array<{ limit?: number }> | undefined)?.[0]?.limit ?? 0;
    if (code) return problemMessage({ code, limit, extension: "" } as AttachmentProblem, name, t, locale);
  }
  return t("attachments.error.failed", { name, message: err instanceof Error ? err.message : String(err) });
}

/**
 * Adds files to a request one after the other (each its own check and upload), and says for each
 * what happened. `existing` are the request's files so far; `read` gives a file's bytes only
 * once it passed the checks (an email's attachment is fetched from Outlook only then).
 */
export async function addFiles(
  api: Api,
  requestId: string,
  existing: ReadonlyArray<Pick<Attachment, "size">>,
  files: ReadonlyArray<{ name: string; size: number; contentType: string; read: () => Promise<Blob | Uint8Array> }>,
  t: T,
  locale: string,
  onProgress?: (outcome: FileOutcome, request?: RequestView) => void,
): Promise<{ outcomes: FileOutcome[]; request?: RequestView }> {
  const held = [...existing];
  const outcomes: FileOutcome[] = [];
  let request: RequestView | undefined;
  for (const f of files) {
    const name = cleanFileName(f.name) || f.name;
    const problem = fileProblem({ name: cleanFileName(f.name), size: f.size, contentType: f.contentType }) ?? requestProblem(held, f.size);
    let outcome: FileOutcome;
    if (problem) {
      outcome = { name, ok: false, message: problemMessage(problem, name, t, locale) };
    } else {
      let bytes: Blob | Uint8Array | undefined;
      try {
        bytes = await f.read();
      } catch {
        outcome = { name, ok: false, message: t("attachments.error.unreadable", { name }) };
      }
      if (bytes) {
        try {
          const out = await api.upload<{ attachment: Attachment; request: RequestView }>(`/api/requests/${encodeURIComponent(requestId)}/attachments`, bytes, f.name, f.contentType);
          held.push(out.attachment);
          request = out.request;
          outcome = { name: out.attachment.name, ok: true, message: t("attachments.added", { name: out.attachment.name }) };
        } catch (err) {
          outcome = { name, ok: false, message: refusalMessage(err, name, t, locale) };
        }
      }
    }
    outcomes.push(outcome!);
    onProgress?.(outcome!, request);
  }
  return { outcomes, ...(request ? { request } : {}) };
}

/** Downloads a request's file with the signed-in token and hands it to the browser as a file. */
export function saveFile(api: Api, requestId: string, file: Attachment): Promise<void> {
  return saveDownload(api, `/api/requests/${encodeURIComponent(requestId)}/attachments/${encodeURIComponent(file.id)}`, file.name);
}
