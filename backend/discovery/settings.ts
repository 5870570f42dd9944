import { ConfigError, type Env, EnvSchema } from "../config/env.js";

/** ACW_DISCOVERY_* variables (declared with the rest in backend/config/env.ts); each has a default. */
const DiscoveryEnv = EnvSchema.pick({
  ACW_DISCOVERY_ORGS: true,
  ACW_DISCOVERY_INSTALLATIONS: true,
  ACW_DISCOVERY_BATCH_SIZE: true,
  ACW_DISCOVERY_CONCURRENCY: true,
  ACW_DISCOVERY_REPORT_WINDOW_HOURS: true,
  ACW_DISCOVERY_RECHECK_MINUTES: true,
  ACW_DISCOVERY_CHECKS: true,
  ACW_DISCOVERY_BUDGET_SHARE: true,
  ACW_DISCOVERY_JOB_SECONDS: true,
});

export interface DiscoverySettings {
  orgs: string[];
  installationIds: number[];
  /** Repositories per queue job. */
  batchSize: number;
  /** Repositories scanned at once inside one job. */
  concurrency: number;
  /** A repository whose Action reported within this window is left to the Action. */
  reportWindowMs: number;
  /** Settled pull requests (every check completed) are re-verified this often, to catch re-runs. */
  recheckSettledMs: number;
  /** Where check states come from: batched GraphQL statusCheckRollup (default) or REST check-runs per SHA. */
  checks: "graphql" | "rest";
  /** Share of each token's hourly primary limit discovery may spend; the rest is left for fixes and reviews. */
  budgetShare: number;
  /** A job stops starting repositories after this long and queues the rest (edge time limits). */
  jobBudgetMs: number;
}

export function parseDiscoverySettings(source: Record<string, string | undefined>): DiscoverySettings {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = DiscoveryEnv.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid discovery settings: ${problems.join("; ")}`);
  }
  return discoverySettingsFromEnv(result.data);
}

/** The settings from an environment already parsed by parseEnv. */
export function discoverySettingsFromEnv(env: Pick<Env, keyof typeof DiscoveryEnv.shape>): DiscoverySettings {
  const installationIds = (env.ACW_DISCOVERY_INSTALLATIONS ?? []).map(Number);
  if (installationIds.some((n) => !Number.isInteger(n) || n <= 0))
    throw new ConfigError("invalid discovery settings: ACW_DISCOVERY_INSTALLATIONS must be installation ids");
  return {
    orgs: env.ACW_DISCOVERY_ORGS ?? [],
    installationIds,
    batchSize: env.ACW_DISCOVERY_BATCH_SIZE,
    concurrency: env.ACW_DISCOVERY_CONCURRENCY,
    reportWindowMs: env.ACW_DISCOVERY_REPORT_WINDOW_HOURS * 3_600_000,
    recheckSettledMs: env.ACW_DISCOVERY_RECHECK_MINUTES * 60_000,
    checks: env.ACW_DISCOVERY_CHECKS,
    budgetShare: env.ACW_DISCOVERY_BUDGET_SHARE,
    jobBudgetMs: env.ACW_DISCOVERY_JOB_SECONDS * 1000,
  };
}
