import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { Actor } from "../../shared/permissions.ts";
import { AppError } from "../service/app-error.ts";

export const ADMIN_ROLE = "Tandem.Admin";

export interface VerifierOptions {
  /** Where the signing keys come from (Entra's JWKS, or the dev issuer's own). */
  keys: JWTVerifyGetKey;
  /** Expected issuer; "{tenantid}" is replaced by the token's own `tid` before comparing. */
  issuer: string;
  audiences: string[];
  allowedTenants: string[] | "*";
}

const unauthorized = (message: string) =>
  new AppError(401, "unauthorized", message, undefined, { "WWW-Authenticate": 'Bearer error="invalid_token"' });

/**
 * Validates a bearer token (signature against the JWKS, issuer, audience, expiry, tenant)
 * and returns who is calling. Dev and Entra tokens go through this same code.
 */
export class TokenVerifier {
  /**
   * Tokens already verified, until their expiry (at most 5 minutes): a tab or add-in sends the
   * same token with every call for an hour, and an RSA check per call is a large share of a
   * fast request. Only a token that passed every check is kept, under its full text.
   */
  private readonly verified = new Map<string, { actor: Actor; until: number }>();

  constructor(private readonly opts: VerifierOptions) {}

  static entra(jwksUrl: string, rest: Omit<VerifierOptions, "keys">): TokenVerifier {
    return new TokenVerifier({ ...rest, keys: createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000 }) });
  }

  async verify(authorization: string | undefined): Promise<Actor> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!m) throw unauthorized("Sign in first: send the header Authorization: Bearer <token>.");
    const token = m[1]!;
    const hit = this.verified.get(token);
    if (hit && Date.now() < hit.until) return { ...hit.actor, person: { ...hit.actor.person } };
    if (hit) this.verified.delete(token);
    const actor = await this.check(token);
    if (this.verified.size >= 10_000) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { actor: actor.actor, until: Math.min(actor.exp * 1000, Date.now() + 5 * 60_000) });
    return actor.actor;
  }

  private async check(token: string): Promise<{ actor: Actor; exp: number }> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.opts.keys, {
        audience: this.opts.audiences,
        algorithms: ["RS256"],
        clockTolerance: 60,
        requiredClaims: ["exp", "iss", "aud"],
      }));
    } catch (err) {
      if (keysUnavailable(err)) {
        throw new AppError(503, "keys_unavailable", "The sign-in keys could not be fetched; try again shortly.", undefined, { "Retry-After": "5" });
      }
      throw unauthorized(describe(err));
    }
    const tid = typeof payload.tid === "string" ? payload.tid : "";
    if (!/^[A-Za-z0-9-]{1,64}$/.test(tid)) throw unauthorized("The token has no valid tenant (tid) claim.");
    if (payload.iss !== this.opts.issuer.replace("{tenantid}", tid)) throw unauthorized("The token was issued by an issuer this service does not trust.");
    if (this.opts.allowedTenants !== "*" && !this.opts.allowedTenants.includes(tid)) {
      throw unauthorized("Your organisation (tenant) is not allowed to use this Tandem.");
    }
    const oid = typeof payload.oid === "string" ? payload.oid : "";
    if (!oid || oid.length > 128) throw unauthorized("The token has no user (oid) claim.");
    const roles = Array.isArray(payload.roles) ? payload.roles : [];
    const email = typeof payload.preferred_username === "string" && payload.preferred_username.includes("@") ? payload.preferred_username : undefined;
    const name = typeof payload.name === "string" && payload.name.trim() ? payload.name.slice(0, 200) : email ?? oid;
    const actor: Actor = { tenantId: tid, person: { id: oid, name, ...(email ? { email } : {}) }, isAdmin: roles.includes(ADMIN_ROLE) };
    return { actor, exp: typeof payload.exp === "number" ? payload.exp : 0 };
  }
}

/** The issuer's JWKS could not be fetched (network, timeout, a bad answer): not the token's fault. */
function keysUnavailable(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  if (code === "ERR_JWKS_TIMEOUT" || code === "ERR_JWKS_INVALID" || code === "ERR_JOSE_GENERIC") return true;
  return err instanceof TypeError && err.message === "fetch failed";
}

function describe(err: unknown): string {
  const code = (err as { code?: string })?.code;
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return "Your sign-in has expired: sign in again.";
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      return `The token is not for this service (${(err as { claim?: string }).claim ?? "claim"} check failed).`;
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
    case "ERR_JWKS_NO_MATCHING_KEY":
      return "The token's signature is not from a trusted issuer.";
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return "The token must be signed (RS256).";
    case "ERR_JWKS_TIMEOUT":
      return "The sign-in keys could not be fetched; try again shortly.";
    default:
      return "The token is not valid: sign in again.";
  }
}
