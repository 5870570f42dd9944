import type { Hono } from "hono";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import type { SimEnv, SimServices } from "../context.js";

export const OIDC_TOKEN_PATH = "/_services/pipelines/idtoken";
export const DEFAULT_OIDC_ISSUER = "https://token.actions.githubusercontent.com";

export interface OidcKeys {
  issuer: string;
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function createOidcKeys(issuer: string): Promise<OidcKeys> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = `sim-${Math.random().toString(36).slice(2, 10)}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return { issuer, kid, privateKey, jwk };
}

/**
 * The runner's OIDC service: GET ACTIONS_ID_TOKEN_REQUEST_URL&audience=… with
 * `Authorization: Bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN` answers `{ value: <RS256 JWT> }`;
 * the public key is served as a JWKS, like token.actions.githubusercontent.com/.well-known/jwks.
 */
export function oidcRoutes(app: Hono<SimEnv>, { state }: SimServices, keys: OidcKeys): void {
  app.get(OIDC_TOKEN_PATH, async (c) => {
    const bearer = /^bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const request = bearer ? state.oidcRequests.get(bearer) : undefined;
    if (!request) return c.json({ message: "Unauthorized" }, 401);
    const owner = String(request.claims.repository_owner ?? "");
    const audience = c.req.query("audience") || `https://github.com/${owner}`;
    const nowSec = Math.floor(state.clock.now() / 1000);
    const value = await new SignJWT({ ...request.claims })
      .setProtectedHeader({ alg: "RS256", kid: keys.kid, typ: "JWT", x5t: keys.kid })
      .setIssuer(keys.issuer)
      .setAudience(audience)
      .setSubject(String(request.claims.sub))
      .setJti(crypto.randomUUID())
      .setNotBefore(nowSec - 5)
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + 300)
      .sign(keys.privateKey);
    return c.json({ count: 1, value });
  });

  app.get("/.well-known/jwks", (c) => c.json({ keys: [keys.jwk] }));

  app.get("/.well-known/openid-configuration", (c) =>
    c.json({
      issuer: keys.issuer,
      jwks_uri: `${new URL(c.req.url).origin}/.well-known/jwks`,
      subject_types_supported: ["public", "pairwise"],
      response_types_supported: ["id_token"],
      id_token_signing_alg_values_supported: ["RS256"],
      claims_supported: [
        "sub",
        "aud",
        "exp",
        "iat",
        "iss",
        "jti",
        "nbf",
        "ref",
        "repository",
        "repository_id",
      ],
    }),
  );
}
