import {
  bucketIdleMs,
  type Cache,
  newLockToken,
  type TokenBucketOptions,
  type TokenBucketVerdict,
} from "./cache.js";

interface Entry {
  value: string;
  expiresAt: number;
}

const SWEEP_EVERY_WRITES = 1_000;

/**
 * The embedded default, and the fallback when Redis is unreachable: the same semantics as the
 * Upstash cache within one process. `now` lets tests move time instead of sleeping.
 */
export function createMemoryCache(options: { now?: () => number } = {}): Cache {
  const now = options.now ?? (() => Date.now());
  const entries = new Map<string, Entry>();
  const buckets = new Map<string, { tokens: number; at: number; expiresAt: number }>();
  let writes = 0;

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const write = (key: string, value: string, ttlMs: number) => {
    entries.set(key, { value, expiresAt: now() + ttlMs });
    if (++writes % SWEEP_EVERY_WRITES === 0) sweep();
  };
  // Expired keys are dropped on read; this keeps never-read ones from piling up.
  const sweep = () => {
    const t = now();
    for (const [k, e] of entries) if (e.expiresAt <= t) entries.delete(k);
    for (const [k, b] of buckets) if (b.expiresAt <= t) buckets.delete(k);
  };

  return {
    async get<T>(key: string) {
      const entry = live(key);
      return entry ? (JSON.parse(entry.value) as T) : null;
    },
    async set(key, value, { ttlMs }) {
      write(key, JSON.stringify(value), ttlMs);
    },
    async del(key) {
      entries.delete(key);
    },
    async acquireLock(key, ttlMs) {
      if (live(key)) return null;
      const token = newLockToken();
      write(key, JSON.stringify(token), ttlMs);
      return { token };
    },
    async releaseLock(key, token) {
      const entry = live(key);
      if (!entry || entry.value !== JSON.stringify(token)) return false;
      entries.delete(key);
      return true;
    },
    async takeToken(bucketKey, options: TokenBucketOptions): Promise<TokenBucketVerdict> {
      const cost = options.cost ?? 1;
      const t = now();
      const state = buckets.get(bucketKey);
      const perMs = options.refillPerSecond / 1000;
      let tokens =
        state && state.expiresAt > t
          ? Math.min(options.capacity, state.tokens + (t - state.at) * perMs)
          : options.capacity;
      let retryAfterMs = 0;
      const allowed = tokens >= cost;
      if (allowed) tokens -= cost;
      else retryAfterMs = Math.ceil((cost - tokens) / perMs);
      buckets.set(bucketKey, { tokens, at: t, expiresAt: t + bucketIdleMs(options) });
      return { allowed, remaining: Math.floor(tokens), retryAfterMs };
    },
    async incr(key, ttlMs) {
      const entry = live(key);
      const n = entry ? Number(entry.value) + 1 : 1;
      if (entry) entry.value = String(n);
      else write(key, String(n), ttlMs);
      return n;
    },
    async health() {
      return { status: "ok", latencyMs: 0, detail: "in-memory cache (this process only)" };
    },
  };
}
