import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * The single source of truth for the database. Migrations under ./migrations are generated from
 * this file (`npm run db:generate`) and committed; the same SQL runs on PGlite, Postgres and Neon.
 */

const id = () => uuid("id").primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export const PRIORITIES = ["critical", "high", "normal", "low"] as const;
export const PR_STATES = ["open", "closed", "merged"] as const;
export const REPORT_SOURCES = ["action", "discovery", "cli"] as const;
export const FAILURE_STATUSES = ["received", "analyzing", "analyzed", "failed"] as const;
export const DECISIONS = ["fix", "review", "rerun", "escalate", "none"] as const;
export const FIX_STATUSES = [
  "queued",
  "running",
  "validated",
  "failed",
  "pushed",
  "escalated",
  "refused",
] as const;
export const REVIEW_DECISIONS = ["APPROVE", "COMMENT", "REQUEST_CHANGES"] as const;
export const NOTIFY_CHANNELS = ["slack", "webhook", "pr_comment"] as const;
export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export const JOB_STATUSES = ["running", "completed", "failed"] as const;

export const repositories = pgTable(
  "repositories",
  {
    id: id(),
    githubId: bigint("github_id", { mode: "number" }),
    owner: text("owner").notNull(),
    name: text("name").notNull(),
    fullName: text("full_name").notNull(),
    url: text("url").notNull(),
    defaultBranch: text("default_branch").notNull().default("main"),
    configuration: jsonb("configuration").$type<Record<string, unknown>>(),
    priority: text("priority").notNull().default("normal"),
    archived: boolean("archived").notNull().default(false),
    /** Last time the Action reported from this repository; discovery skips repositories that report. */
    lastReportAt: timestamp("last_report_at", { withTimezone: true }),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("repositories_full_name_key").on(t.fullName),
    uniqueIndex("repositories_github_id_key").on(t.githubId),
    check("repositories_priority_check", inList("priority", PRIORITIES)),
  ],
);

export const pullRequests = pgTable(
  "pull_requests",
  {
    id: id(),
    repositoryId: uuid("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    prNumber: integer("pr_number").notNull(),
    title: text("title").notNull(),
    author: text("author").notNull(),
    branch: text("branch").notNull(),
    baseBranch: text("base_branch"),
    headSha: text("head_sha"),
    headRepoFullName: text("head_repo_full_name"),
    isFork: boolean("is_fork").notNull().default(false),
    state: text("state").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastCheckedAt: timestamp("last_checked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("pull_requests_repo_number_key").on(t.repositoryId, t.prNumber),
    index("pull_requests_state_idx").on(t.repositoryId, t.state),
    check("pull_requests_state_check", inList("state", PR_STATES)),
    check("pull_requests_number_check", sql`pr_number > 0`),
  ],
);

export const checkRuns = pgTable(
  "check_runs",
  {
    id: id(),
    repositoryId: uuid("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    prId: uuid("pr_id").references(() => pullRequests.id, { onDelete: "set null" }),
    externalId: text("external_id").notNull(),
    checkName: text("check_name").notNull(),
    headSha: text("head_sha"),
    status: text("status").notNull(),
    conclusion: text("conclusion"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    logUrl: text("log_url"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("check_runs_repo_external_key").on(t.repositoryId, t.externalId),
    index("check_runs_pr_idx").on(t.prId),
  ],
);

export type ExcerptJson = { lines: [number, number][]; text: string };
export type ExcerptStatsJson = {
  inputLines: number;
  inputBytes: number;
  excerptLines: number;
  excerptBytes: number;
};

/** One failed job of one run attempt, as reported by the Action, discovery or the CLI. */
export const failureReports = pgTable(
  "failure_reports",
  {
    id: id(),
    repositoryId: uuid("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    prId: uuid("pr_id").references(() => pullRequests.id, { onDelete: "set null" }),
    checkRunId: uuid("check_run_id").references(() => checkRuns.id, { onDelete: "set null" }),
    runId: bigint("run_id", { mode: "number" }).notNull(),
    runAttempt: integer("run_attempt").notNull(),
    jobId: bigint("job_id", { mode: "number" }).notNull(),
    jobName: text("job_name").notNull(),
    workflow: text("workflow").notNull(),
    event: text("event").notNull(),
    headSha: text("head_sha").notNull(),
    headRef: text("head_ref"),
    baseSha: text("base_sha"),
    baseRef: text("base_ref"),
    prNumber: integer("pr_number"),
    failedSteps: jsonb("failed_steps").$type<string[]>().notNull().default([]),
    changedFiles: jsonb("changed_files").$type<string[]>().notNull().default([]),
    excerpt: jsonb("excerpt").$type<ExcerptJson>().notNull(),
    excerptStats: jsonb("excerpt_stats").$type<ExcerptStatsJson>().notNull(),
    source: text("source").notNull().default("action"),
    status: text("status").notNull().default("received"),
    correlationId: text("correlation_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("failure_reports_identity_key").on(t.repositoryId, t.runId, t.jobId, t.runAttempt),
    index("failure_reports_repo_created_idx").on(t.repositoryId, t.createdAt),
    index("failure_reports_pr_idx").on(t.prId),
    check("failure_reports_source_check", inList("source", REPORT_SOURCES)),
    check("failure_reports_status_check", inList("status", FAILURE_STATUSES)),
  ],
);

export const analysisResults = pgTable(
  "analysis_results",
  {
    id: id(),
    /** One analysis per failure report: the analyze job's idempotency rests on this key. */
    failureId: uuid("failure_id")
      .notNull()
      .references(() => failureReports.id, { onDelete: "cascade" }),
    checkRunId: uuid("check_run_id").references(() => checkRuns.id, { onDelete: "set null" }),
    provider: text("provider").notNull(),
    model: text("model"),
    category: text("category").notNull(),
    subcategory: text("subcategory").notNull(),
    rootCause: text("root_cause").notNull(),
    confidence: integer("confidence").notNull(),
    fixStrategy: jsonb("fix_strategy").$type<{ strategy: string; complexity: string }>(),
    evidence: jsonb("evidence").$type<{ startLine: number; endLine: number }[]>().notNull().default([]),
    locations: jsonb("locations")
      .$type<{ file: string; line?: number; column?: number }[]>()
      .notNull()
      .default([]),
    failedTests: jsonb("failed_tests").$type<string[]>().notNull().default([]),
    flaky: boolean("flaky").notNull().default(false),
    autoFixable: boolean("auto_fixable").notNull().default(false),
    fallbackReason: text("fallback_reason"),
    cached: boolean("cached").notNull().default(false),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    costUsd: doublePrecision("cost_usd").notNull().default(0),
    promptVersion: text("prompt_version").notNull(),
    excerptHash: text("excerpt_hash"),
    decision: text("decision"),
    decisionReason: text("decision_reason"),
    durationMs: integer("duration_ms"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("analysis_results_failure_key").on(t.failureId),
    index("analysis_results_created_idx").on(t.createdAt),
    check("analysis_results_confidence_check", sql`confidence >= 0 and confidence <= 100`),
    check("analysis_results_decision_check", sql`decision is null or ${inList("decision", DECISIONS)}`),
  ],
);

export const fixAttempts = pgTable(
  "fix_attempts",
  {
    id: id(),
    analysisId: uuid("analysis_id")
      .notNull()
      .references(() => analysisResults.id, { onDelete: "cascade" }),
    repositoryId: uuid("repository_id")
      .notNull()
      .references(() => repositories.id, { onDelete: "cascade" }),
    prNumber: integer("pr_number"),
    headSha: text("head_sha"),
    /** Dedupe key of the job that created it: a retried fix job finds its row instead of adding one. */
    idempotencyKey: text("idempotency_key").notNull(),
    status: text("status").notNull(),
    commitSha: text("commit_sha"),
    errorMessage: text("error_message"),
    validationResults: jsonb("validation_results").$type<unknown[]>(),
    diffStat: jsonb("diff_stat").$type<Record<string, unknown>>(),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    costUsd: doublePrecision("cost_usd").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("fix_attempts_idempotency_key").on(t.idempotencyKey),
    index("fix_attempts_analysis_idx").on(t.analysisId),
    index("fix_attempts_repo_sha_idx").on(t.repositoryId, t.headSha),
    check("fix_attempts_status_check", inList("status", FIX_STATUSES)),
    check("fix_attempts_commit_sha_check", sql`commit_sha is null or length(commit_sha) = 40`),
  ],
);

export const reviews = pgTable(
  "reviews",
  {
    id: id(),
    prId: uuid("pr_id")
      .notNull()
      .references(() => pullRequests.id, { onDelete: "cascade" }),
    headSha: text("head_sha").notNull(),
    reviewerName: text("reviewer_name").notNull(),
    provider: text("provider").notNull(),
    decision: text("decision").notNull(),
    confidence: integer("confidence").notNull(),
    comments: jsonb("comments").$type<unknown[]>().notNull().default([]),
    focusAreas: text("focus_areas").array().notNull().default(sql`'{}'::text[]`),
    githubReviewId: bigint("github_review_id", { mode: "number" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("reviews_pr_sha_reviewer_key").on(t.prId, t.headSha, t.reviewerName),
    check("reviews_decision_check", inList("decision", REVIEW_DECISIONS)),
    check("reviews_confidence_check", sql`confidence >= 0 and confidence <= 100`),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    correlationId: text("correlation_id"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_entity_idx").on(t.entityType, t.entityId)],
);

export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: id(),
    channel: text("channel").notNull(),
    target: text("target").notNull(),
    /** One delivery per (event, channel, target): retries update this row instead of adding one. */
    dedupeKey: text("dedupe_key").notNull(),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    responseStatus: integer("response_status"),
    externalId: text("external_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("notification_deliveries_dedupe_key").on(t.dedupeKey),
    check("notification_deliveries_channel_check", inList("channel", NOTIFY_CHANNELS)),
    check("notification_deliveries_status_check", inList("status", DELIVERY_STATUSES)),
  ],
);

/** Scoped API keys; only a SHA-256 of the key is stored. repositoryId null = every repository. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull(),
    prefix: text("prefix").notNull(),
    repositoryId: uuid("repository_id").references(() => repositories.id, { onDelete: "cascade" }),
    scopes: text("scopes").array().notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_key_hash_key").on(t.keyHash)],
);

/** Ledger of queue jobs by deduplication id: what makes a redelivery a no-op. */
export const queueJobs = pgTable(
  "queue_jobs",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    result: jsonb("result").$type<Record<string, unknown>>(),
    lastError: text("last_error"),
    correlationId: text("correlation_id"),
    createdAt: createdAt(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /**
     * Until when the delivery that set it owns the job (runJobOnce): another delivery of the same
     * job is answered "busy" until then. Null when nobody holds it (released on completion or
     * error). A running holder renews it every third of the lease; a crashed one stops, and it runs out.
     */
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
  },
  () => [check("queue_jobs_status_check", inList("status", JOB_STATUSES))],
);

export const discoveryRuns = pgTable("discovery_runs", {
  id: id(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
  reposTotal: integer("repos_total").notNull().default(0),
  reposOk: integer("repos_ok").notNull().default(0),
  reposFailed: integer("repos_failed").notNull().default(0),
  failuresReported: integer("failures_reported").notNull().default(0),
  restRequests: integer("rest_requests").notNull().default(0),
  graphqlPoints: integer("graphql_points").notNull().default(0),
  errors: jsonb("errors").$type<{ repository: string; error: string }[]>().notNull().default([]),
});
