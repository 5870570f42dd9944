import type { OidcVerifier } from "./auth/oidc.js";
import type { Cache } from "./cache/cache.js";
import type { Env } from "./config/env.js";
import type { OrgConfig } from "./config/org.js";
import type { Logger } from "./observability/logger.js";
import type { Metrics } from "./observability/metrics.js";
import type { Queue } from "./queue/jobs.js";
import type { Store } from "./store/database.js";

export type HealthStatus = "ok" | "degraded" | "down";
export interface DependencyHealth {
  status: HealthStatus;
  latencyMs: number;
  detail?: string;
}
export type HealthProbe = () => Promise<DependencyHealth>;

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/**
 * Everything the app needs, passed in by the runtime entry (Node, Workers, Vercel) or by a test:
 * no module mocking, real or test instances alike (STYLE.md).
 */
export interface AppDeps {
  env: Env;
  org: OrgConfig;
  store: Store;
  logger: Logger;
  queue: Queue;
  /** Upstash Redis (or the in-memory fallback): diagnosis cache, locks, rate limits. */
  cache: Cache;
  /** Verifies GitHub Actions OIDC tokens (issuer, audience, RS256, JWKS). */
  oidc: OidcVerifier;
  metrics: Metrics;
  clock: Clock;
  /** Base URL the backend is reached at (OIDC audience, QStash destinations, links). */
  publicUrl: string;
  /** Health probes of the other dependencies; the database is probed through store.ping(). */
  probes: Partial<Record<"queue" | "cache" | "llm" | "github", HealthProbe>>;
  version: string;
}
