/** Storage could not be reached (or answered 5xx): the API answers 503 with Retry-After. */
export class StorageUnavailableError extends Error {
  override name = "StorageUnavailableError";
  constructor(cause: unknown) {
    super(`Storage is unavailable: ${(cause as Error)?.message ?? cause}`, { cause });
  }
}

export function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number })?.statusCode;
}

/** A conditional write lost: the entity changed since it was read (412). */
export const isPreconditionFailed = (err: unknown) => statusOf(err) === 412;
/** An insert found the entity already there (409). */
export const isConflict = (err: unknown) => statusOf(err) === 409;
export const isNotFound = (err: unknown) => statusOf(err) === 404;

/** Network failures and 5xx from storage, as opposed to answers about our data. */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  const status = statusOf(err);
  if (status !== undefined) return status >= 500 || status === 408;
  const code = (err as { code?: string })?.code;
  return (
    typeof code === "string" &&
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|UND_ERR_.*|REQUEST_SEND_ERROR)$/.test(code)
  ) || (err as Error)?.name === "AbortError";
}

/** Runs a storage call and turns "cannot reach storage" into StorageUnavailableError. */
export async function guard<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (isUnavailable(err)) throw new StorageUnavailableError(err);
    throw err;
  }
}
