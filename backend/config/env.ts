import { z } from "zod";

/**
 * Every environment variable the backend reads, with its default. Parsed once at start-up; a bad
 * value stops start-up with one message naming the variable (README: configuration reference).
 */
const optionalUrl = z.url().optional();
const idList = z
  .string()
  .transform((s) =>
    s
      .split(/[\s,]+/)
      .map((v) => v.trim())
      .filter(Boolean),
  )
  .optional();
const optionalText = z.string().min(1).optional();

export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  /** Public base URL of the backend: OIDC audience, QStash destination, links in summaries. */
  PUBLIC_URL: optionalUrl,
  /** Where the embedded default keeps its PGlite database and local secrets. */
  ACW_DATA_DIR: z.string().min(1).default(".acw"),
  /** Postgres / Neon connection string. Unset: embedded PGlite in ACW_DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string")
    .optional(),
  /** WebSocket proxy "host:port/path" for the Neon driver in front of a plain Postgres. "auto" (Node): start one in-process for non-Neon hosts. */
  DATABASE_WS_PROXY: z.string().min(1).default("auto"),
  QSTASH_URL: optionalUrl,
  QSTASH_TOKEN: optionalText,
  QSTASH_CURRENT_SIGNING_KEY: optionalText,
  QSTASH_NEXT_SIGNING_KEY: optionalText,
  UPSTASH_REDIS_REST_URL: optionalUrl,
  UPSTASH_REDIS_REST_TOKEN: optionalText,
  /** heuristic | anthropic | openai-compatible; auto = anthropic when a key is set, else heuristic. */
  ACW_LLM_PROVIDER: z.enum(["auto", "heuristic", "anthropic", "openai-compatible"]).default("auto"),
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalUrl,
  ACW_MODEL: optionalText,
  OPENAI_COMPAT_BASE_URL: optionalUrl,
  OPENAI_COMPAT_API_KEY: optionalText,
  OPENAI_COMPAT_MODEL: optionalText,
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GITHUB_TOKEN: optionalText,
  GITHUB_APP_ID: optionalText,
  GITHUB_APP_PRIVATE_KEY: optionalText,
  /** The account reviews and comments are posted as (e.g. my-app[bot]); only its earlier posts are updated. */
  ACW_BOT_LOGIN: optionalText,
  OIDC_ISSUER: z.url().default("https://token.actions.githubusercontent.com"),
  /** Defaults to the issuer's /.well-known/jwks. */
  OIDC_JWKS_URL: optionalUrl,
  /** Defaults to PUBLIC_URL. */
  OIDC_AUDIENCE: optionalText,
  /** Shared secret for /v1/cron/* (Vercel sends it as a bearer token). */
  CRON_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /** An admin API key (all repositories). The embedded default makes one and prints it. */
  ACW_API_KEY: z.string().min(20, "must be at least 20 characters").optional(),
  /** Org configuration in YAML: a file path (Node) or the YAML itself (edge). */
  ACW_CONFIG_FILE: optionalText,
  ACW_CONFIG: optionalText,
  SLACK_WEBHOOK_URL: optionalUrl,
  NOTIFY_WEBHOOK_URL: optionalUrl,
  NOTIFY_WEBHOOK_SECRET: optionalText,
  /** Organisations whose repositories a PAT (GITHUB_TOKEN) discovers, comma or space separated. Ignored with a GitHub App. */
  ACW_DISCOVERY_ORGS: idList,
  /** GitHub App installation ids to discover, comma separated; unset: every installation of the App. */
  ACW_DISCOVERY_INSTALLATIONS: idList,
  /** Repositories per discover job. */
  ACW_DISCOVERY_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Repositories scanned at once within a discover job. */
  ACW_DISCOVERY_CONCURRENCY: z.coerce.number().int().min(1).max(20).default(4),
  /** Repositories that reported through the Action within this many hours are not discovered. */
  ACW_DISCOVERY_REPORT_WINDOW_HOURS: z.coerce.number().min(0).default(24),
  /** Every open PR's checks are re-read at least this often, changed or not. */
  ACW_DISCOVERY_RECHECK_MINUTES: z.coerce.number().min(0).default(30),
  /** How check states are read: one GraphQL query per repository, or REST per head commit. */
  ACW_DISCOVERY_CHECKS: z.enum(["graphql", "rest"]).default("graphql"),
  /** Share of a token's rate limit one discovery cycle may spend. */
  ACW_DISCOVERY_BUDGET_SHARE: z.coerce.number().gt(0).max(1).default(0.5),
  /** A discover job stops starting repositories after this many seconds and queues the rest. */
  ACW_DISCOVERY_JOB_SECONDS: z.coerce.number().min(1).default(25),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});
export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment; throws one ConfigError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  // Half a QStash configuration would silently fall back to the embedded queue: refuse it.
  const qstash = ["QSTASH_TOKEN", "QSTASH_CURRENT_SIGNING_KEY", "QSTASH_NEXT_SIGNING_KEY"] as const;
  const setQstash = qstash.filter((k) => cleaned[k] !== undefined);
  if (setQstash.length > 0 && setQstash.length < qstash.length) {
    problems.push(
      `${qstash.filter((k) => cleaned[k] === undefined).join(", ")}: required with ${setQstash.join(", ")}`,
    );
  }
  const upstash = ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"] as const;
  const setUpstash = upstash.filter((k) => cleaned[k] !== undefined);
  if (setUpstash.length === 1) {
    problems.push(
      `${upstash.filter((k) => cleaned[k] === undefined).join(", ")}: required with ${setUpstash.join(", ")}`,
    );
  }
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(`invalid environment: ${problems.join("; ")}`);
}
