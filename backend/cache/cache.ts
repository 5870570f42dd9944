import type { DependencyHealth } from "../deps.js";

export interface TokenBucketOptions {
  /** Bucket size: the burst allowed after a quiet period. */
  capacity: number;
  refillPerSecond: number;
  /** Tokens this call takes (default 1). */
  cost?: number;
}

export interface TokenBucketVerdict {
  allowed: boolean;
  /** Whole tokens left after this call. */
  remaining: number;
  /** When refused: how long until `cost` tokens are back; 0 when allowed. */
  retryAfterMs: number;
}

/**
 * Cache, locks and rate limits: on Upstash Redis in production (createUpstashCache), in memory in
 * the embedded default (createMemoryCache), and the former degrading to the latter when Redis is
 * unreachable (createResilientCache). Values are stored as JSON.
 */
export interface Cache {
  get<T>(key: string): Promise<T | null>;
  set(key: string, value: unknown, options: { ttlMs: number }): Promise<void>;
  del(key: string): Promise<void>;
  /** SET NX PX: the lock is held until released by its owner or until ttlMs passes. */
  acquireLock(key: string, ttlMs: number): Promise<{ token: string } | null>;
  /** Compare-and-delete: only the owner's token releases the lock. */
  releaseLock(key: string, token: string): Promise<boolean>;
  /** Atomic token bucket; the bucket starts full. */
  takeToken(bucketKey: string, options: TokenBucketOptions): Promise<TokenBucketVerdict>;
  /** Counter whose window (ttlMs) starts with its first increment. */
  incr(key: string, ttlMs: number): Promise<number>;
  health(): Promise<DependencyHealth>;
}

export function newLockToken(): string {
  return crypto.randomUUID();
}

/** Seconds of inactivity after which a bucket is full again and its state can be forgotten. */
export function bucketIdleMs(options: TokenBucketOptions): number {
  return Math.ceil((options.capacity / options.refillPerSecond) * 1000) + 1000;
}
