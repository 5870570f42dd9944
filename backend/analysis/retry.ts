import { ProviderError } from "./errors.js";

export interface RetryPolicy {
  /** Requests in total, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * A server asking us to wait longer than this is not waited for: the analysis falls back at once
   * (a queue worker must not sit idle for minutes; the queue's own retry can come back later).
   */
  maxRetryAfterMs: number;
  /** The seam tests use to observe waits without spending them. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the attempts run out.
 * Waits what retry-after says when the server says it, else exponential backoff with jitter.
 * The thrown ProviderError carries the number of attempts made.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<T>,
): Promise<{ value: T; attempts: number }> {
  const sleep = policy.sleep ?? realSleep;
  const random = policy.random ?? Math.random;
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(n), attempts: n };
    } catch (err) {
      const error =
        err instanceof ProviderError ? err : new ProviderError("request", String(err), { cause: err });
      if (!error.retryable || n >= policy.maxAttempts) throw error.withAttempts(n);
      const asked = error.details.retryAfterMs;
      if (asked !== undefined && asked > policy.maxRetryAfterMs) {
        throw new ProviderError(
          error.kind,
          `${error.message}; retry-after ${Math.ceil(asked / 1000)}s exceeds the ${Math.ceil(policy.maxRetryAfterMs / 1000)}s budget`,
          { ...error.details, attempts: n },
        );
      }
      const backoff = Math.min(policy.baseDelayMs * 2 ** (n - 1), policy.maxDelayMs) * (1 - random() * 0.25);
      await sleep(asked ?? backoff);
    }
  }
}
