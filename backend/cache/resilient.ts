import type { DependencyHealth } from "../deps.js";
import type { Logger } from "../observability/logger.js";
import type { Cache } from "./cache.js";

export interface ResilientCacheOptions {
  /** After a failure the primary is left alone this long, then tried again. */
  coolDownMs?: number;
  /** Deadline per primary call, on top of the client's own: a hung Redis reads as down. */
  timeoutMs?: number;
  logger?: Logger;
  now?: () => number;
}

/**
 * Uses the primary (Upstash Redis) while it answers and degrades to the fallback (memory) when it
 * does not: requests never fail because of the cache, and health() says "degraded" and why.
 *
 * While degraded, state lives in this process only: rate limits become per-instance and a lock
 * held in Redis is invisible to the fallback. That is the trade the system makes to keep serving.
 */
export function createResilientCache(
  primary: Cache,
  fallback: Cache,
  options: ResilientCacheOptions = {},
): Cache {
  const coolDownMs = options.coolDownMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 1_500;
  const now = options.now ?? (() => Date.now());
  let degraded: { since: number; lastFailure: number; reason: string } | null = null;

  const markDown = (err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    const t = now();
    if (!degraded) options.logger?.warn("cache degraded to in-memory fallback", { reason });
    degraded = { since: degraded?.since ?? t, lastFailure: t, reason };
  };
  const markUp = () => {
    if (degraded) options.logger?.info("cache recovered", { downForMs: now() - degraded.since });
    degraded = null;
  };

  const call = async <T>(op: (c: Cache) => Promise<T>): Promise<T> => {
    if (degraded && now() - degraded.lastFailure < coolDownMs) return op(fallback);
    try {
      const result = await withDeadline(op(primary), timeoutMs);
      markUp();
      return result;
    } catch (err) {
      markDown(err);
      return op(fallback);
    }
  };

  return {
    get: (key) => call((c) => c.get(key)),
    set: (key, value, opts) => call((c) => c.set(key, value, opts)),
    del: (key) => call((c) => c.del(key)),
    acquireLock: (key, ttlMs) => call((c) => c.acquireLock(key, ttlMs)),
    releaseLock: (key, token) => call((c) => c.releaseLock(key, token)),
    takeToken: (key, opts) => call((c) => c.takeToken(key, opts)),
    incr: (key, ttlMs) => call((c) => c.incr(key, ttlMs)),
    async health(): Promise<DependencyHealth> {
      // Health always asks the primary, so /health notices a recovery before the cool-down ends.
      let result: DependencyHealth;
      try {
        result = await withDeadline(primary.health(), timeoutMs);
      } catch (err) {
        result = {
          status: "down",
          latencyMs: timeoutMs,
          detail: err instanceof Error ? err.message : String(err),
        };
      }
      if (result.status === "ok") {
        markUp();
        return result;
      }
      markDown(new Error(result.detail ?? "redis unavailable"));
      const since = new Date(degraded?.since ?? now()).toISOString();
      return {
        status: "degraded",
        latencyMs: result.latencyMs,
        detail: `redis unreachable (${degraded?.reason ?? result.detail}); using the in-memory fallback since ${since}`,
      };
    },
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
