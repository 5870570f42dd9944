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

/** The same job always maps to the same id, whichever process publishes it. */
export function jobIdOf(type: JobType, dedupeId: string): string {
  return `${type}:${dedupeId}`;
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
 * The queue_jobs ledger (runJobOnce) only skips jobs that already completed; it cannot stop a
 * retry after a crash from running the handler a second time.
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
