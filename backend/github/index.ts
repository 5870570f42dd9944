export {
  createGitHubClient,
  type GitHubAppAuth,
  type GitHubClient,
  GitHubClientConfigError,
  type GitHubClientOptions,
  type GitHubOctokit,
} from "./client.js";
export { createMemoryEtagCache, type EtagCache, type EtagCacheEntry, etagCacheKey } from "./etag-cache.js";
export type { GitHubClientStats, LimitPolicy, RateLimitEvent } from "./github-fetch.js";
export { downloadJobLog, JobLogError } from "./job-logs.js";
export {
  type RateLimitListener,
  type RateLimitState,
  RateLimitTracker,
  readRateLimit,
} from "./rate-limits.js";
export { FAILED_CONCLUSIONS, listFailedJobs, listRunJobs, type WorkflowJob } from "./workflow-jobs.js";
