import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app.js";
import { constantTimeEqual } from "../auth/api-keys.js";
import { ApiError } from "../http/errors.js";

/**
 * The cron routes' authentication: CRON_SECRET as a bearer token (what Vercel cron sends; a Workers
 * cron trigger or a QStash schedule is configured to send the same), compared in constant time.
 * Unset, the routes answer 503 rather than run unauthenticated.
 */
export const cronSecret = (): MiddlewareHandler<AppEnv> =>
  async function cronSecret(c, next) {
    const secret = c.var.deps.env.CRON_SECRET;
    if (!secret)
      throw new ApiError(503, "not_configured", "cron routes are disabled: CRON_SECRET is not set");
    const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
    if (!constantTimeEqual(token, secret))
      throw new ApiError(
        401,
        "unauthorized",
        "a valid cron secret is required as a bearer token",
        undefined,
        {
          "www-authenticate": "Bearer",
        },
      );
    await next();
  };
