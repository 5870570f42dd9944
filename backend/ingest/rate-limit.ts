import type { AppDeps } from "../deps.js";
import { ApiError } from "../http/errors.js";

/**
 * A token bucket per repository and route family, refilled at RATE_LIMIT_PER_MINUTE. When the
 * cache is down the limiter is skipped rather than failing the request (degraded, not broken).
 */
export async function enforceRepositoryRateLimit(deps: AppDeps, repositoryId: string, family: string) {
  const perMinute = deps.env.RATE_LIMIT_PER_MINUTE;
  let verdict: Awaited<ReturnType<AppDeps["cache"]["takeToken"]>>;
  try {
    verdict = await deps.cache.takeToken(`ratelimit:${family}:${repositoryId}`, {
      capacity: perMinute,
      refillPerSecond: perMinute / 60,
    });
  } catch {
    return;
  }
  if (!verdict.allowed) {
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    throw new ApiError(
      429,
      "rate_limited",
      `too many requests for this repository; retry in ${seconds} s`,
      undefined,
      {
        "retry-after": String(seconds),
      },
    );
  }
}
