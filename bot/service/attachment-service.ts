import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { Attachment, RequestView, ServiceRequest } from "../../shared/domain.ts";
import type { NewEvent } from "../../shared/lifecycle.ts";
import { type Actor, canSeeRequest } from "../../shared/permissions.ts";
import { parseRequestId } from "../../shared/request.ts";
import { LIMITS } from "../../shared/validation/limits.ts";
import {
  type AttachmentProblem,
  cleanContentType,
  cleanFileName,
  fileProblem,
  formatBytes,
  looksExecutable,
  requestProblem,
} from "../../shared/validation/attachments.ts";
import { BlobsNotConfigured, type BlobStore } from "../storage/blob-store.ts";
import { isPreconditionFailed } from "../storage/errors.ts";
import type { RequestStore } from "../storage/request-store.ts";
import { log } from "../telemetry/log.ts";
import { AppError, conflict, forbidden, notFound } from "./app-error.ts";
import type { DepartmentService } from "./department-service.ts";
import type { RequestService } from "./request-service.ts";

export interface AttachmentServiceDeps {
  requests: RequestService;
  store: RequestStore;
  departments: DepartmentService;
  blobs: BlobStore;
  clock?: () => number;
}

/** What an upload says about its file (headers), and how to read its bytes (at most `max`). */
export interface Upload {
  fileName?: string;
  contentType?: string;
  declaredSize?: number;
  read(max: number, tooBig: () => Error): Promise<Buffer>;
}

/** Requests that take no more files: their thread is over. */
const FINISHED = new Set(["closed", "cancelled", "transferred"]);

/**
 * Files added to a request (DESIGN.md "HTTP API", attachments): the bytes go to Blob Storage
 * first, then the request's ETag-conditional write lists the file and logs "added a file" in its
 * history. A write that fails removes the blob again, so a file is either listed or gone.
 */
export class AttachmentService {
  private readonly now: () => number;

  constructor(private readonly deps: AttachmentServiceDeps) {
    this.now = deps.clock ?? Date.now;
  }

  async add(actor: Actor, id: string, upload: Upload): Promise<{ attachment: Attachment; request: RequestView }> {
    let req = await this.load(actor, id);
    if (FINISHED.has(req.status)) {
      throw conflict(`${req.id} is ${req.status}: it takes no more files. File a new request if you still need help.`, "request_finished");
    }
    if (!upload.fileName?.trim()) {
      throw refusal({ code: "blank_name" }, "", "Name the file in the X-File-Name header (URL-encoded, e.g. report%20Q3.pdf).");
    }
    const name = cleanFileName(decodeName(upload.fileName));
    const contentType = cleanContentType(upload.contentType);
    // Checked before the bytes are read: a refused file is never uploaded in full.
    const early = fileProblem({ name, size: Math.max(1, Math.min(upload.declaredSize ?? 1, LIMITS.attachmentFileBytesMax + 1)), contentType })
      ?? requestProblem(req.attachments ?? [], upload.declaredSize ?? 0);
    if (early) throw refusal(early, name);
    const bytes = await upload.read(LIMITS.attachmentFileBytesMax, () => refusal({ code: "too_large", limit: LIMITS.attachmentFileBytesMax }, name));
    const late = fileProblem({ name, size: bytes.length, contentType }) ?? (looksExecutable(bytes.subarray(0, 4)) ? ({ code: "not_allowed", extension: "program" } as const) : undefined);
    if (late) throw refusal(late, name);

    const attachment: Attachment = { id: randomUUID(), name, size: bytes.length, contentType, addedBy: actor.person, addedAt: "" };
    await this.deps.blobs.put(req.tenantId, req.id, attachment.id, bytes, contentType).catch(notConfigured);
    try {
      for (let attempt = 0; ; attempt++) {
        const problem = requestProblem(req.attachments ?? [], bytes.length);
        if (problem) throw refusal(problem, name);
        if (FINISHED.has(req.status)) throw conflict(`${req.id} is ${req.status}: it takes no more files.`, "request_finished");
        const at = new Date(this.now()).toISOString();
        const file = { ...attachment, addedAt: at };
        const next: ServiceRequest = { ...req, attachments: [...(req.attachments ?? []), file], updatedAt: at };
        const events: NewEvent[] = [{ at, kind: "attachment", actor: actor.person, text: name, public: true }];
        try {
          const saved = await this.deps.requests.save(req, next, events);
          return { attachment: file, request: this.deps.requests.view(saved) };
        } catch (err) {
          // Someone changed the request meanwhile: judge the file again against what they wrote.
          if (!isPreconditionFailed(err) || attempt >= 10) throw err;
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 10 * 2 ** attempt)));
          req = await this.load(actor, id);
        }
      }
    } catch (err) {
      // Not listed, so not kept: the blob goes, or stays unreferenced (never served) and logged.
      if (!(await this.deps.blobs.delete(req.tenantId, req.id, attachment.id))) {
        log.warn("attachment blob left unreferenced: its request write failed and the delete did too", { request: req.id, attachment: attachment.id });
      }
      throw err;
    }
  }

  /** The request's files (as listed on it). */
  async list(actor: Actor, id: string): Promise<Attachment[]> {
    return (await this.load(actor, id)).attachments ?? [];
  }

  /** A file of the request, its bytes as a stream. */
  async open(actor: Actor, id: string, attachmentId: string): Promise<{ attachment: Attachment; stream: Readable; size: number }> {
    const req = await this.load(actor, id);
    const attachment = req.attachments?.find((a) => a.id === attachmentId);
    const missing = notFound(`${req.id} has no file ${attachmentId.slice(0, 40)}.`);
    if (!attachment) throw missing;
    // A transferred file stays under the request it was uploaded to (`requestId`).
    const blob = await this.deps.blobs.get(req.tenantId, attachment.requestId ?? req.id, attachment.id).catch(notConfigured);
    if (!blob) throw missing;
    return { attachment, ...blob };
  }

  /**
   * The request, for someone who may see it. Another tenant's request (or none) answers 404;
   * a request of one's own tenant that one may not see answers 403, naming nothing of it.
   */
  private async load(actor: Actor, id: string): Promise<ServiceRequest> {
    const parsed = parseRequestId(id);
    if (!parsed) throw notFound(`"${id.slice(0, 40)}" is not a request id; ids look like IT-42.`);
    const dept = await this.deps.departments.recent(actor.tenantId, parsed.department);
    const req = dept && (await this.deps.store.get(actor.tenantId, dept.key, parsed.number));
    if (!dept || !req) throw notFound(`There is no request ${parsed.department}-${parsed.number} that you can see.`);
    if (!canSeeRequest(req, dept, actor)) throw forbidden(`Only the requester, ${dept.name}'s staff and admins can see or add files of ${req.id}.`);
    return req;
  }
}

/** Files need the account's blob endpoint: without it, a 503 that says what to set. */
function notConfigured(err: unknown): never {
  if (err instanceof BlobsNotConfigured) {
    throw new AppError(503, "attachments_unavailable", `Files cannot be stored on this deployment: ${err.message} Set AZURE_STORAGE_CONNECTION_STRING to the account's full connection string (or add BlobEndpoint=...).`);
  }
  throw err;
}

/** X-File-Name is URL-encoded (headers carry no UTF-8); a name that is not is taken as sent. */
function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** A refused file: its status, a stable code, a sentence, and the problem's code for clients. */
function refusal(p: AttachmentProblem, name: string, message?: string): AppError {
  const file = name ? `"${name}"` : "The file";
  switch (p.code) {
    case "blank_name":
      return new AppError(400, "attachment_name_required", message ?? "The file has no usable name: name it in the X-File-Name header.", [{ field: "fileName", code: "required", message: "required" }]);
    case "empty":
      return new AppError(400, "attachment_empty", `${file} is empty (0 bytes): there is nothing to attach.`, [{ field: "file", code: "too_small", limit: 1, message: "empty" }]);
    case "too_large":
      return new AppError(413, "attachment_too_large", `${file} is larger than ${formatBytes(p.limit)}, the limit for one file: share a link to it in a comment instead.`, [{ field: "file", code: "too_large", limit: p.limit, message: "too large" }]);
    case "not_allowed":
      return new AppError(415, "attachment_type_not_allowed", `${file} is not allowed: programs and scripts (.exe, .bat, .js, .ps1, macro documents and the like) cannot be attached. Zip it or send a document instead.`, [{ field: "file", code: "not_allowed", message: p.extension }]);
    case "too_many":
      return new AppError(409, "attachments_too_many", `This request has ${p.limit} files already, the most it can hold: ${file} was not added.`, [{ field: "file", code: "too_many", limit: p.limit, message: "too many files" }]);
    case "total_too_large":
      return new AppError(413, "attachments_total_too_large", `${file} would take this request's files past ${formatBytes(p.limit)} in all: it was not added.`, [{ field: "file", code: "too_large", limit: p.limit, message: "request total too large" }]);
  }
}
