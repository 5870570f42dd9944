export {
  type AccessOptions,
  appAccess,
  type DiscoveryAccess,
  type DiscoveryClient,
  DiscoveryNotConfigured,
  discoveryAccessFromEnv,
  InstallationUnavailable,
  patAccess,
  type RepositoryListing,
  type SkippedInstallation,
} from "./access.js";
export { type BudgetUse, TokenBudget } from "./budget.js";
export { cronSecret } from "./cron-secret.js";
export { cacheEtagStore } from "./etag-store.js";
export { type DiscoverJobOptions, discoverJob } from "./job.js";
export { type DiscoverJobBody, type DiscoveryPlan, planDiscoveryCycle } from "./plan.js";
export { type DiscoveryRouteOptions, discoveryRoutes } from "./routes.js";
export { type DiscoveryRun, getDiscoveryRun } from "./runs.js";
export { type DiscoverySettings, parseDiscoverySettings } from "./settings.js";
