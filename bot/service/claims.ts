import { randomUUID } from "node:crypto";
import type { ServiceRequest } from "../../shared/domain.ts";
import type { Claim, ClaimKey, ClaimStore } from "../storage/claim-store.ts";
import { FencedError, type RequestStore } from "../storage/request-store.ts";
import { isUnavailable } from "../storage/errors.ts";
import { parseRequestId } from "../../shared/request.ts";
import { conflict } from "./app-error.ts";
import { crashPoint } from "../crash-points.ts";

/**
 * A creation commits within milliseconds; a claim this old with no request is settled by
 * fencing its token (RequestStore.fence): its creation either committed or never will.
 */
const SETTLE_AFTER_MS = 2_000;
/** How long a duplicate waits for the first creation to finish before answering 409. */
const WAIT_MS = 10_000;

/**
 * Exactly one request per key (Idempotency-Key, email, Teams message), however often and
 * however concurrently it is asked for: the first caller to claim the key creates it; the
 * others wait for it and get it back.
 */
export async function once(
  claims: ClaimStore,
  requests: RequestStore,
  key: ClaimKey & { department: string },
  make: (createToken: string) => Promise<ServiceRequest>,
): Promise<{ request: ServiceRequest; created: boolean }> {
  // A fenced token is dead for good: every new attempt at creating takes a new one.
  let token = randomUUID();
  const deadline = Date.now() + WAIT_MS;
  let existing = await claims.claim(key, token, key.department, new Date().toISOString());
  for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
    if (!existing) {
      crashPoint("create-after-claim");
      let request: ServiceRequest;
      try {
        request = await make(token);
      } catch (err) {
        // A retry settled our creation as lost and took the key over: wait for its request.
        if (err instanceof FencedError) {
          token = randomUUID();
          existing = await claims.get(key);
          if (existing) continue;
          throw err;
        }
        // Unreachable storage: the claim stays, and the request (if it was written) carries the
        // token, so a retry finds it. Any other failure made nothing: free the key.
        if (!isUnavailable(err)) await claims.release(key).catch(() => undefined);
        throw err;
      }
      await claims.complete(key, request.id).catch(() => undefined);
      return { request, created: true };
    }
    const found = await findClaimed(requests, key.tenantId, existing);
    if (found) {
      if (!existing.requestId) await claims.complete(key, found.id).catch(() => undefined);
      return { request: found, created: false };
    }
    if (Date.now() - Date.parse(existing.claimedAt) > SETTLE_AFTER_MS) {
      const committed = await requests.fence(key.tenantId, existing.department, existing.token);
      if (committed) {
        await claims.complete(key, committed.id).catch(() => undefined);
        return { request: committed, created: false };
      }
      // Its creator died before committing, and now never will: the key is ours to use.
      token = randomUUID();
      if (await claims.takeOver(key, existing, token, new Date().toISOString())) {
        existing = undefined;
        continue;
      }
    }
    if (Date.now() > deadline) {
      throw conflict("The same request is being created by another call right now; try again in a few seconds.", "in_progress");
    }
    await new Promise((r) => setTimeout(r, delay));
    existing = await claims.get(key);
    if (!existing) existing = await claims.claim(key, (token = randomUUID()), key.department, new Date().toISOString());
  }
}

async function findClaimed(requests: RequestStore, tenantId: string, c: Claim): Promise<ServiceRequest | undefined> {
  if (c.requestId) {
    const id = parseRequestId(c.requestId);
    if (id) return requests.get(tenantId, id.department, id.number);
  }
  return requests.findByCreateToken(tenantId, c.department, c.token);
}
