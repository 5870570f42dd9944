import { Redis } from "@upstash/redis";
import { bucketIdleMs, type Cache, newLockToken } from "./cache.js";

// Compare-and-delete: a lock expired and re-acquired by someone else must not be released by us.
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

// The counter's window starts at its first increment; later increments keep the deadline.
const INCR_WINDOW = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

// Token bucket in one atomic step, on the server's clock so callers' clocks never disagree.
// ARGV: capacity, tokens per ms, cost, idle ms. Returns {allowed, whole tokens left, retry-after ms}.
const TAKE_TOKEN = `local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
else
  tokens = math.min(capacity, tokens + math.max(0, now - at) * perMs)
end
local allowed = 0
local retry = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
else
  retry = math.ceil((cost - tokens) / perMs)
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', string.format('%.3f', now))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {allowed, math.floor(tokens), retry}`;

export interface UpstashCacheOptions {
  url: string;
  token: string;
  /** Namespace of every key, so several deployments can share one database. */
  prefix?: string;
  /** Per-request deadline: a slow Redis must not stall requests. */
  timeoutMs?: number;
  /** Retries of a request that failed at the network level. */
  retries?: number;
}

/** Cache, locks and rate limits on the real @upstash/redis REST client. */
export function createUpstashCache(options: UpstashCacheOptions): Cache {
  const timeoutMs = options.timeoutMs ?? 1_000;
  const redis = new Redis({
    url: options.url,
    token: options.token,
    // Values are JSON we encode ourselves; the client's guessing would turn "123" into 123.
    automaticDeserialization: false,
    enableTelemetry: false,
    enableAutoPipelining: false,
    retry: { retries: options.retries ?? 1, backoff: () => 50 },
    signal: () => AbortSignal.timeout(timeoutMs),
  });
  const prefix = options.prefix ?? "acw:";
  const k = (key: string) => `${prefix}${key}`;
  const releaseLock = redis.createScript<number>(RELEASE_LOCK);
  const incrWindow = redis.createScript<number>(INCR_WINDOW);
  const takeToken = redis.createScript<[number, number, number]>(TAKE_TOKEN);

  return {
    async get<T>(key: string) {
      const raw = await redis.get<string>(k(key));
      return raw === null || raw === undefined ? null : (JSON.parse(raw) as T);
    },
    async set(key, value, { ttlMs }) {
      await redis.set(k(key), JSON.stringify(value), { px: Math.max(1, Math.round(ttlMs)) });
    },
    async del(key) {
      await redis.del(k(key));
    },
    async acquireLock(key, ttlMs) {
      const token = newLockToken();
      const ok = await redis.set(k(key), token, { nx: true, px: Math.max(1, Math.round(ttlMs)) });
      return ok === "OK" ? { token } : null;
    },
    async releaseLock(key, token) {
      return Number(await releaseLock.exec([k(key)], [token])) === 1;
    },
    async takeToken(bucketKey, opts) {
      const [allowed, remaining, retryAfterMs] = await takeToken.exec(
        [k(bucketKey)],
        [
          String(opts.capacity),
          String(opts.refillPerSecond / 1000),
          String(opts.cost ?? 1),
          String(bucketIdleMs(opts)),
        ],
      );
      return {
        allowed: Number(allowed) === 1,
        remaining: Number(remaining),
        retryAfterMs: Number(retryAfterMs),
      };
    },
    async incr(key, ttlMs) {
      return Number(await incrWindow.exec([k(key)], [String(Math.max(1, Math.round(ttlMs)))]));
    },
    async health() {
      const started = performance.now();
      try {
        await redis.ping();
        return { status: "ok", latencyMs: Math.round(performance.now() - started) };
      } catch (err) {
        return {
          status: "down",
          latencyMs: Math.round(performance.now() - started),
          detail: err instanceof Error ? err.message : String(err),
        };
      }
    },
  };
}
