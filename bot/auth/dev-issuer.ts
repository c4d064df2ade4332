import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { randomUUID } from "node:crypto";

export const DEV_ISSUER = "https://tandem.dev.local/{tenantid}/v2.0";
export const DEV_AUDIENCE = "api://tandem-dev";
export const DEV_TENANT = "00000000-0000-4000-8000-00000000c0de";

export interface DevTokenInput {
  userId: string;
  name: string;
  email?: string;
  tenantId?: string;
  roles?: string[];
}

/**
 * Development identity: the service is its own issuer, with a key made at start-up. Its
 * tokens look like Entra's (oid, tid, name, preferred_username, roles) and are checked by
 * the same TokenVerifier against this issuer's JWKS.
 */
export class DevIssuer {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly jwks: { keys: JWK[] },
    private readonly kid: string,
  ) {}

  static async create(): Promise<DevIssuer> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = randomUUID();
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
    return new DevIssuer(privateKey, { keys: [jwk] }, kid);
  }

  keys() {
    return createLocalJWKSet(this.jwks);
  }

  async mint(input: DevTokenInput, ttlSeconds = 8 * 3600): Promise<string> {
    const tid = input.tenantId ?? DEV_TENANT;
    return new SignJWT({
      oid: input.userId,
      tid,
      name: input.name,
      ...(input.email ? { preferred_username: input.email } : {}),
      roles: input.roles ?? [],
    })
      .setProtectedHeader({ alg: "RS256", kid: this.kid, typ: "JWT" })
      .setIssuer(DEV_ISSUER.replace("{tenantid}", tid))
      .setAudience(DEV_AUDIENCE)
      .setSubject(input.userId)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
  }
}
