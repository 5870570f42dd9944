import { type EtagCache, etagCacheKey } from "./etag-cache.js";
import type { RateLimitTracker } from "./rate-limits.js";

export interface RateLimitEvent {
  kind: "primary" | "secondary";
  method: string;
  url: string;
  /** 403/429 from GitHub, 200 for GraphQL's RATE_LIMITED, 0 when waiting ahead of a known-empty budget. */
  status: number;
  /** The wait GitHub asked for, before waitScale. */
  waitMs: number;
  /** 1 for the first wait of this request. */
  attempt: number;
  willRetry: boolean;
}

export interface GitHubClientStats {
  requests: number;
  /** Answered 304 and served from the ETag cache. */
  notModified: number;
  rateLimited: number;
  /** Sum of the waits GitHub asked for (unscaled), ms. */
  waitedMs: number;
}

export interface LimitPolicy {
  /** Requests in flight at once for this client (GitHub asks for few concurrent requests). */
  maxConcurrent?: number;
  /** Waits per request before the limited response is handed to the caller. */
  maxRetries?: number;
  /** Longest single wait worth taking; beyond it the 403/429 surfaces (edge time limits). */
  maxWaitMs?: number;
  /** Multiplies every wait: 1 in production, small in tests and benchmarks. */
  waitScale?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface GitHubFetchOptions extends LimitPolicy {
  fetch?: typeof fetch;
  etagCache?: EtagCache;
  tracker: RateLimitTracker;
  stats: GitHubClientStats;
  onRateLimit?: (event: RateLimitEvent) => void;
}

const SECONDARY_FALLBACK_MS = 60_000;

function resourceOf(url: string): string {
  const path = new URL(url).pathname;
  if (path.endsWith("/graphql")) return "graphql";
  if (path.includes("/search/")) return "search";
  return "core";
}

/** A constructed Response has url "", but Octokit's paginate parses response.url. */
function withUrl(res: Response, url: string): Response {
  Object.defineProperty(res, "url", { value: url });
  return res;
}

function createSemaphore(max: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return {
    async acquire() {
      if (active < max) {
        active++;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else active--;
    },
  };
}

/**
 * The fetch Octokit runs on: conditional requests from the ETag cache (a 304 comes back to the
 * caller as the cached 200), x-ratelimit-* bookkeeping, and waits on limits the way GitHub asks —
 * retry-after if given, else the reset time when the budget is spent, else 60 s doubling on each
 * consecutive secondary limit. A limit pauses every request of the client, not just the one hit.
 */
export function createGitHubFetch(options: GitHubFetchOptions): typeof fetch {
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const scale = options.waitScale ?? 1;
  const maxRetries = options.maxRetries ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 15 * 60_000;
  const semaphore = createSemaphore(options.maxConcurrent ?? 10);
  const { tracker, stats, etagCache } = options;
  let pause: Promise<void> | null = null;
  let consecutiveSecondary = 0;

  const pauseAll = (ms: number) => {
    const p = sleep(ms * scale).finally(() => {
      if (pause === p) pause = null;
    });
    pause = p;
    return p;
  };

  async function classify(
    res: Response,
    url: string,
  ): Promise<{ kind: "primary" | "secondary"; waitMs: number } | null> {
    const graphqlLimited =
      res.status === 200 && resourceOf(url) === "graphql" && res.headers.get("x-ratelimit-remaining") === "0";
    if (res.status !== 403 && res.status !== 429 && !graphqlLimited) return null;
    const text = await res.clone().text();
    if (graphqlLimited && !text.includes("RATE_LIMITED")) return null;
    const retryAfter = Number(res.headers.get("retry-after"));
    const hasRetryAfter = res.headers.has("retry-after") && Number.isFinite(retryAfter);
    const spent = res.headers.get("x-ratelimit-remaining") === "0";
    const untilReset = Math.max(0, Number(res.headers.get("x-ratelimit-reset")) * 1000 - now()) + 1000;
    if (/secondary rate limit/i.test(text) || (hasRetryAfter && !spent)) {
      consecutiveSecondary++;
      const waitMs = hasRetryAfter
        ? retryAfter * 1000
        : spent
          ? untilReset
          : SECONDARY_FALLBACK_MS * 2 ** (consecutiveSecondary - 1);
      return { kind: "secondary", waitMs };
    }
    if (spent || graphqlLimited)
      return { kind: "primary", waitMs: hasRetryAfter ? retryAfter * 1000 : untilReset };
    if (/rate limit/i.test(text)) {
      consecutiveSecondary++;
      return { kind: "secondary", waitMs: SECONDARY_FALLBACK_MS * 2 ** (consecutiveSecondary - 1) };
    }
    return null; // a 403 that is about permissions, not limits
  }

  async function waitForKnownReset(method: string, url: string): Promise<void> {
    const known = tracker.get(resourceOf(url));
    if (!known || known.remaining > 0) return;
    const waitMs = known.reset * 1000 - now() + 1000;
    if (waitMs <= 0 || waitMs > maxWaitMs) return; // stale, or too long: let GitHub answer
    options.onRateLimit?.({ kind: "primary", method, url, status: 0, waitMs, attempt: 0, willRetry: true });
    stats.waitedMs += waitMs;
    await pauseAll(waitMs);
  }

  return async function githubFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = typeof input === "string" ? input : input instanceof URL ? input.toString() : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const cacheKey =
      etagCache && method === "GET"
        ? await etagCacheKey(headers.get("authorization"), url, headers.get("accept"))
        : null;

    await semaphore.acquire();
    try {
      for (let attempt = 1; ; attempt++) {
        while (pause) await pause;
        await waitForKnownReset(method, url);
        const cached = cacheKey && etagCache ? await etagCache.get(cacheKey) : null;
        if (cached) headers.set("if-none-match", cached.etag);
        stats.requests++;
        const res = await baseFetch(url, { ...init, method, headers });
        tracker.update(res.headers, now());

        if (res.status === 304 && cached) {
          stats.notModified++;
          consecutiveSecondary = 0;
          const merged = new Headers(res.headers);
          for (const [k, v] of Object.entries(cached.headers ?? {})) merged.set(k, v);
          merged.set("etag", cached.etag);
          merged.set("x-acw-cache", "hit");
          return withUrl(new Response(cached.body, { status: 200, headers: merged }), url);
        }

        const limited = await classify(res, url);
        if (!limited) {
          if (res.status < 400) consecutiveSecondary = 0;
          const etag = res.headers.get("etag");
          if (cacheKey && etagCache && res.status === 200 && etag) {
            const body = await res.text();
            const keep: Record<string, string> = {};
            for (const name of ["content-type", "link"]) {
              const value = res.headers.get(name);
              if (value !== null) keep[name] = value;
            }
            await etagCache.set(cacheKey, { etag, body, headers: keep });
            return withUrl(
              new Response(body, { status: 200, statusText: res.statusText, headers: res.headers }),
              url,
            );
          }
          return res;
        }

        stats.rateLimited++;
        const willRetry = attempt <= maxRetries && limited.waitMs <= maxWaitMs;
        options.onRateLimit?.({ ...limited, method, url, status: res.status, attempt, willRetry });
        if (!willRetry) return res;
        stats.waitedMs += limited.waitMs;
        await res.body?.cancel();
        await pauseAll(limited.waitMs);
      }
    } finally {
      semaphore.release();
    }
  } as typeof fetch;
}
