import { createAppAuth } from "@octokit/auth-app";
import { retry } from "@octokit/plugin-retry";
import { Octokit } from "@octokit/rest";
import type { EtagCache } from "./etag-cache.js";
import {
  createGitHubFetch,
  type GitHubClientStats,
  type LimitPolicy,
  type RateLimitEvent,
} from "./github-fetch.js";
import { RateLimitTracker } from "./rate-limits.js";

const RetryingOctokit = Octokit.plugin(retry);
export type GitHubOctokit = InstanceType<typeof RetryingOctokit>;

export interface GitHubAppAuth {
  appId: number | string;
  /** PEM, PKCS#8 or PKCS#1. */
  privateKey: string;
  installationId: number;
}

export interface GitHubClientOptions {
  token?: string;
  appAuth?: GitHubAppAuth;
  /** https://api.github.com, or GHES / the simulator. */
  baseUrl?: string;
  userAgent?: string;
  etagCache?: EtagCache;
  onRateLimit?: (event: RateLimitEvent) => void;
  /** Share one tracker between clients of the same token; a fresh one otherwise. */
  rateLimitTracker?: RateLimitTracker;
  limits?: LimitPolicy;
  /** Retries of 5xx answers (plugin-retry, quadratic backoff scaled by limits.waitScale); false turns them off. */
  retries?: number | false;
  fetch?: typeof fetch;
  log?: { debug(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void };
}

export interface GitHubClient {
  octokit: GitHubOctokit;
  rateLimits: RateLimitTracker;
  stats: GitHubClientStats;
  baseUrl: string;
  /** Plain fetch for pre-signed URLs (blob storage): never carries GitHub credentials. */
  fetchUnauthenticated: typeof fetch;
}

export class GitHubClientConfigError extends Error {
  override name = "GitHubClientConfigError";
}

const QUIET_LOG = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * An Octokit for one credential (PAT / workflow token, or a GitHub App installation) on a fetch
 * that does conditional requests and waits out rate limits (see github-fetch.ts).
 * plugin-throttling is not used: its module-wide Bottleneck groups space every write and every
 * GraphQL query a second apart and its secondary-limit wait does not grow; the fetch layer does
 * GitHub's documented policy instead. Web APIs only, so it runs on the edge as well as in Node.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  if (!options.token && !options.appAuth) throw new GitHubClientConfigError("a token or appAuth is required");
  const baseUrl = (options.baseUrl ?? "https://api.github.com").replace(/\/$/, "");
  const rawFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const rateLimits = options.rateLimitTracker ?? new RateLimitTracker();
  const stats: GitHubClientStats = { requests: 0, notModified: 0, rateLimited: 0, waitedMs: 0 };
  const githubFetch = createGitHubFetch({
    ...options.limits,
    fetch: rawFetch,
    tracker: rateLimits,
    stats,
    ...(options.etagCache ? { etagCache: options.etagCache } : {}),
    ...(options.onRateLimit ? { onRateLimit: options.onRateLimit } : {}),
  });
  const waitScale = options.limits?.waitScale ?? 1;
  const octokit = new RetryingOctokit({
    baseUrl,
    userAgent: options.userAgent ?? "agentic-coding-workflow",
    log: options.log ?? QUIET_LOG,
    request: { fetch: githubFetch },
    retry: {
      enabled: options.retries !== false,
      retries: options.retries === false ? 0 : (options.retries ?? 3),
      retryAfterBaseValue: 1000 * waitScale,
      // Limits are the fetch layer's business; 4xx other than those are the caller's.
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
    ...(options.appAuth
      ? {
          authStrategy: createAppAuth,
          auth: {
            appId: options.appAuth.appId,
            privateKey: options.appAuth.privateKey,
            installationId: options.appAuth.installationId,
          },
        }
      : { auth: options.token }),
  });
  return {
    octokit,
    rateLimits,
    stats,
    baseUrl,
    fetchUnauthenticated: (input, init) =>
      rawFetch(input, { ...init, headers: stripAuthorization(init?.headers) }),
  };
}

function stripAuthorization(headers: HeadersInit | undefined): Headers {
  const clean = new Headers(headers);
  clean.delete("authorization");
  return clean;
}
