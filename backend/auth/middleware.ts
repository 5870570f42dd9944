import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app.js";
import { ApiError } from "../http/errors.js";
import { type ApiKeyScope, findApiKey, findApiKeyCached } from "./api-keys.js";
import type { ActionsClaims } from "./oidc.js";

export type Principal =
  | { kind: "oidc"; claims: ActionsClaims }
  | { kind: "api_key"; keyId: string; repositoryId: string | null; scopes: ApiKeyScope[] };

export type AuthEnv = AppEnv & { Variables: AppEnv["Variables"] & { principal: Principal } };

/**
 * Every /v1 route but the queue and cron ones: a GitHub Actions OIDC token (a JWT) or a scoped API
 * key, both as a bearer token. Which one is told by its shape; each is verified fully.
 */
export const authenticate = (
  scope: ApiKeyScope,
  options: {
    /**
     * Accept an API key verified in the last API_KEY_CACHE_TTL_MS without asking the database
     * again: a revoked key keeps working that long. Failure ingestion (the hot path) only.
     */
    cachedApiKeys?: boolean;
  } = {},
): MiddlewareHandler<AuthEnv> =>
  async function authenticate(c, next) {
    const header = c.req.header("authorization") ?? "";
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token)
      throw new ApiError(
        401,
        "unauthorized",
        "a bearer token is required (Actions OIDC token or API key)",
        undefined,
        { "www-authenticate": "Bearer" },
      );
    const { deps } = c.var;
    if (token.split(".").length === 3) {
      // A workflow token speaks for one repository; it never carries operator (admin) rights.
      if (scope === "admin")
        throw new ApiError(403, "insufficient_scope", "this route needs an admin API key");
      let claims: ActionsClaims;
      try {
        claims = await deps.oidc.verify(token);
      } catch (err) {
        throw new ApiError(401, "invalid_token", err instanceof Error ? err.message : "invalid token");
      }
      // Workflows may report and read their own repository; nothing else.
      c.set("principal", { kind: "oidc", claims });
      return next();
    }
    const key = options.cachedApiKeys
      ? await findApiKeyCached(deps.store, token, deps.clock.now().getTime())
      : await findApiKey(deps.store.db, token);
    if (!key) throw new ApiError(401, "invalid_token", "unknown or revoked API key");
    const scopes = key.scopes as ApiKeyScope[];
    if (!scopes.includes(scope) && !scopes.includes("admin")) {
      throw new ApiError(403, "insufficient_scope", `this API key lacks the "${scope}" scope`);
    }
    c.set("principal", { kind: "api_key", keyId: key.id, repositoryId: key.repositoryId, scopes });
    return next();
  };

/**
 * May this principal act on this repository? OIDC: only the repository named in the token's claims
 * (matched by id where we know it). API key: its one repository, or all for an unscoped key.
 */
export function assertRepositoryAccess(
  principal: Principal,
  repo: { id: string | null; fullName: string; githubId: number | null },
): void {
  if (principal.kind === "oidc") {
    const sameId = repo.githubId !== null && repo.githubId === principal.claims.repository_id;
    const sameName = repo.fullName.toLowerCase() === principal.claims.repository.toLowerCase();
    if (repo.githubId !== null ? sameId : sameName) return;
  } else if (principal.repositoryId === null || (repo.id !== null && principal.repositoryId === repo.id)) {
    return;
  }
  throw new ApiError(403, "forbidden", `not allowed to access ${repo.fullName}`);
}
