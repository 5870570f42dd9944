import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../store/database.js";

export const JOB_TYPES = ["analyze", "fix", "review", "notify", "discover"] as const;
export type JobType = (typeof JOB_TYPES)[number];

export function isJobType(value: string): value is JobType {
  return (JOB_TYPES as readonly string[]).includes(value);
}

/**
 * Headers a job carries to its handler. QStash strips the Upstash-Forward- prefix the Client adds,
 * so the handler sees them under these names.
 */
export const JOB_ID_HEADER = "Acw-Job-Id";
export const CORRELATION_HEADER = "x-request-id";

export interface JobRequest {
  type: JobType;
  /** The job's payload; its zod schema belongs to the handler that consumes it. */
  body: unknown;
  /**
   * Natural key of the work, e.g. `${checkRunId}:${attempt}`. Combined with the type into the job
   * id, which is both the QStash deduplication id and the key of the queue_jobs ledger.
   */
  dedupeId: string;
  correlationId?: string;
  delaySeconds?: number;
  /** Jobs with the same key run at most `parallelism` at a time (e.g. one per repository). */
  flowControlKey?: string;
  retries?: number;
}

export interface PublishedJob {
  jobId: string;
  messageId: string;
  deduplicated: boolean;
}

export interface Queue {
  publish(job: JobRequest): Promise<PublishedJob>;
  publishBatch(jobs: JobRequest[]): Promise<PublishedJob[]>;
}

/** What every id of a job type starts with; the dedupe id follows it. */
function jobIdPrefix(type: JobType): string {
  return `${type}:`;
}

/** The same job always maps to the same id, whichever process publishes it. */
export function jobIdOf(type: JobType, dedupeId: string): string {
  return `${jobIdPrefix(type)}${dedupeId}`;
}

/**
 * jobIdOf in SQL, for queries that find a job in the queue_jobs ledger from the row it works on
 * (an analyze job's dedupe id is the failure id): `dedupeId` must be a text expression. Built from
 * the same prefix, so the ledger lookup cannot drift from the ids the queue is given.
 */
export function jobIdSql(type: JobType, dedupeId: SQL): SQL {
  return sql`${jobIdPrefix(type)} || ${dedupeId}`;
}

/**
 * How long one run of a job owns it past its last renewal (queue_jobs.lease_until). While the lease
 * holds, another delivery of the same job is answered busy (409, retried by QStash); once it runs
 * out, the next delivery takes the job over. The run renews it every third of its length while the
 * handler runs (runJobOnce), so a live run keeps its job however long it takes; the lease is how long
 * a crashed run delays its job, and how long renewals may fail (the database out of reach) before a
 * redelivery can run the job a second time. The values below still cover each type's slowest run,
 * so a run whose renewals all failed rarely overlaps another. Keep each under ~30 min: with
 * QStash's default backoff (12 s, 2.5 min, 30 min) and 3 retries, the last retry then still finds a
 * crashed run's lease expired (busy answers also carry Retry-After = the lease's remaining time,
 * which Upstash's QStash honours).
 */
export const JOB_LEASE_SECONDS: Record<JobType, number> = {
  // Cache-lock wait (60 s) + up to 4 model requests of 60-120 s each, with backoff in between.
  analyze: 15 * 60,
  // GitHub reads, guardrails and one workflow_dispatch; the fix itself runs in the Action.
  fix: 10 * 60,
  // Several reviewers (3 at a time) over diff chunks, each model request as long as analyze's.
  review: 20 * 60,
  // Slack, webhook and PR comment, 10 s timeout each, plus GitHub retries.
  notify: 5 * 60,
  // Stops starting repositories after ACW_DISCOVERY_JOB_SECONDS (25 s by default); the one in
  // flight may still wait out a GitHub rate limit.
  discover: 5 * 60,
};

/** For job types runJobOnce gets from elsewhere (the CLI, tests) that are not queue job types. */
export const DEFAULT_JOB_LEASE_SECONDS = 15 * 60;

export function jobLeaseSeconds(type: string): number {
  return isJobType(type) ? JOB_LEASE_SECONDS[type] : DEFAULT_JOB_LEASE_SECONDS;
}

export interface JobContext {
  jobId: string;
  /** 1 on the first delivery, 2 on the first retry, ... */
  attempt: number;
  correlationId: string;
  db: Database;
}

/**
 * A job handler. QStash delivers at least once, and a process can die between its database write
 * and the acknowledgement, so every handler MUST be idempotent on its own:
 *
 * - write its row with `insert ... on conflict do nothing` on a natural key (analysis_results
 *   .failure_id, fix_attempts.idempotency_key = ctx.jobId, reviews (pr, sha, reviewer),
 *   notification_deliveries.dedupe_key), and
 * - perform an outside side effect (GitHub comment, Slack message, workflow dispatch) only when
 *   that insert actually created the row, or when the row says the effect is still pending.
 *
 * The queue_jobs ledger (runJobOnce) comes on top: it skips jobs that already completed, and a
 * delivery that arrives while another delivery of the same job is still running (it holds the
 * job's lease, JOB_LEASE_SECONDS) is answered "busy" without running the handler, and QStash
 * retries it later. The running delivery renews the lease while its handler runs. It cannot stop a
 * retry after a crash from running the handler a second time (the crashed run stops renewing and its
 * lease runs out, so the job is not stuck), nor a second run when a live run's renewals could not
 * reach the database for a whole lease.
 *
 * Throw NonRetryableJobError for payloads that can never succeed (schema mismatch): the job goes
 * straight to the dead-letter queue instead of being retried.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler may return nothing at all
export type JobHandler = (body: unknown, ctx: JobContext) => Promise<Record<string, unknown> | void>;

/** A failure that retrying cannot fix; answered with QStash's 489 + Upstash-NonRetryable-Error. */
export class NonRetryableJobError extends Error {
  override name = "NonRetryableJobError";
}
