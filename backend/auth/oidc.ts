import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from "jose";
import { z } from "zod";

/** The claims of a GitHub Actions OIDC token that we rely on. */
export const ActionsClaims = z.object({
  repository: z.string().min(3),
  repository_id: z.coerce.number().int().positive(),
  repository_owner: z.string().min(1),
  repository_owner_id: z.coerce.number().int().positive().optional(),
  run_id: z.coerce.number().int().positive().optional(),
  run_attempt: z.coerce.number().int().positive().optional(),
  workflow: z.string().optional(),
  event_name: z.string().optional(),
  ref: z.string().optional(),
  sha: z.string().optional(),
  actor: z.string().optional(),
});
export type ActionsClaims = z.infer<typeof ActionsClaims>;

export class OidcError extends Error {
  override name = "OidcError";
}

export interface OidcVerifier {
  verify(token: string): Promise<ActionsClaims>;
}

/**
 * Verifies a workflow's OIDC token against GitHub's JWKS: RS256 only (alg "none" and HMAC are
 * refused), exact issuer and audience, expiry with a minute of clock tolerance.
 */
export function createOidcVerifier(options: {
  issuer: string;
  audience: string;
  jwksUrl?: string;
  /** A key set already at hand (tests); otherwise fetched from jwksUrl and cached by jose. */
  keys?: JWTVerifyGetKey;
  clockToleranceSeconds?: number;
  now?: () => Date;
}): OidcVerifier {
  const keys =
    options.keys ??
    createRemoteJWKSet(new URL(options.jwksUrl ?? `${options.issuer.replace(/\/$/, "")}/.well-known/jwks`), {
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: ["RS256"],
          clockTolerance: options.clockToleranceSeconds ?? 60,
          ...(options.now ? { currentDate: options.now() } : {}),
        });
        const claims = ActionsClaims.safeParse(payload);
        if (!claims.success)
          throw new OidcError("token lacks the repository claims of a GitHub Actions token");
        return claims.data;
      } catch (err) {
        if (err instanceof OidcError) throw err;
        const code = (err as { code?: string }).code ?? "ERR_JWT_INVALID";
        throw new OidcError(`OIDC token rejected (${code})`);
      }
    },
  };
}

/** The verifier for a deployment: GitHub's issuer and JWKS unless configured, audience = the backend's URL. */
export function oidcVerifierFromEnv(
  env: { OIDC_ISSUER: string; OIDC_AUDIENCE?: string | undefined; OIDC_JWKS_URL?: string | undefined },
  publicUrl: string,
): OidcVerifier {
  return createOidcVerifier({
    issuer: env.OIDC_ISSUER,
    audience: env.OIDC_AUDIENCE ?? publicUrl,
    ...(env.OIDC_JWKS_URL ? { jwksUrl: env.OIDC_JWKS_URL } : {}),
  });
}
