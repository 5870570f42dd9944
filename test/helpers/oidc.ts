import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { createOidcVerifier, type OidcVerifier } from "../../backend/auth/oidc.js";

export const TEST_ISSUER = "https://token.actions.githubusercontent.com";

/** An RS256 key pair standing in for GitHub's OIDC signing key, with a local JWKS. */
export async function createTestOidc(audience: string) {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const jwks = { keys: [jwk] };
  const verifier: OidcVerifier = createOidcVerifier({
    issuer: TEST_ISSUER,
    audience,
    keys: createLocalJWKSet(jwks),
  });

  async function sign(
    claims: Record<string, unknown>,
    options: {
      audience?: string;
      issuer?: string;
      expiresIn?: string | number;
      issuedAt?: number;
      key?: CryptoKey;
    } = {},
  ) {
    const jwt = new SignJWT({
      repository_owner: String(claims.repository ?? "o/r").split("/")[0],
      run_id: "1",
      run_attempt: "1",
      workflow: "CI",
      event_name: "pull_request",
      ...claims,
    })
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setIssuer(options.issuer ?? TEST_ISSUER)
      .setAudience(options.audience ?? audience)
      .setSubject(`repo:${String(claims.repository)}:pull_request`)
      .setIssuedAt(options.issuedAt)
      .setExpirationTime(options.expiresIn ?? "5m");
    return jwt.sign(options.key ?? privateKey);
  }
  return { verifier, jwks, sign, privateKey };
}
