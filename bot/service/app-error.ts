import type { Localizable } from "../../shared/strings/index.ts";

/**
 * An error meant for the person who made the call: its status, a stable code and a sentence
 * that says what to fix. The API writes it as `{"error":{"code","message","details"?}}`.
 */
export class AppError extends Error {
  /** The message as a string key, for surfaces that answer in the user's language (the bot). */
  i18n?: Localizable;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, "invalid_input", message, details);
export const notFound = (message: string) => new AppError(404, "not_found", message);
export const forbidden = (message: string) => new AppError(403, "forbidden", message);
export const conflict = (message: string, code = "conflict") => new AppError(409, code, message);
export const preconditionFailed = (message: string) => new AppError(412, "precondition_failed", message);

/** `err` with its message in any locale attached. */
export function localized(err: AppError, i18n: Localizable): AppError {
  err.i18n = i18n;
  return err;
}
