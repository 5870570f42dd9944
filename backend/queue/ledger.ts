import { and, eq, ne, sql } from "drizzle-orm";
import { audit } from "../store/audit.js";
import type { Database } from "../store/database.js";
import { queueJobs } from "../store/schema.js";

export interface JobRun {
  jobId: string;
  type: string;
  correlationId: string;
  attempt: number;
}

export type JobOutcome =
  | { status: "completed"; result: Record<string, unknown> | null }
  /** The ledger says the job already completed: nothing ran. */
  | { status: "duplicate"; result: Record<string, unknown> | null };

const MAX_ERROR_CHARS = 2_000;

/**
 * Runs a job unless the queue_jobs ledger says it already completed. Usable outside HTTP (the CLI,
 * a test, the in-process path) as well as from the queue routes.
 *
 * The ledger is the first line of defence only: a crash after the handler's own write but before
 * the ledger says "completed" re-runs the handler on retry, which is why handlers must themselves
 * be idempotent (see JobHandler).
 */
export async function runJobOnce(
  db: Database,
  run: JobRun,
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler may return nothing at all
  fn: () => Promise<Record<string, unknown> | void>,
): Promise<JobOutcome> {
  const [row] = await db
    .insert(queueJobs)
    .values({
      id: run.jobId,
      type: run.type,
      status: "running",
      attempts: 1,
      correlationId: run.correlationId,
    })
    .onConflictDoUpdate({
      target: queueJobs.id,
      // A completed job keeps its status and result; anything else is being (re)tried now.
      set: {
        attempts: sql`${queueJobs.attempts} + 1`,
        status: sql`case when ${queueJobs.status} = 'completed' then 'completed' else 'running' end`,
      },
    })
    .returning({ status: queueJobs.status, result: queueJobs.result, attempts: queueJobs.attempts });
  if (row?.status === "completed") return { status: "duplicate", result: row.result ?? null };

  let result: Record<string, unknown> | null;
  try {
    result = (await fn()) ?? null;
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    await db
      .update(queueJobs)
      .set({ lastError: message.slice(0, MAX_ERROR_CHARS) })
      .where(and(eq(queueJobs.id, run.jobId), ne(queueJobs.status, "completed")));
    throw err;
  }
  await db
    .update(queueJobs)
    .set({ status: "completed", result, lastError: null, completedAt: new Date() })
    .where(eq(queueJobs.id, run.jobId));
  return { status: "completed", result };
}

/**
 * Marks a job whose retries are exhausted as failed and leaves an audit row. Called once per
 * dead-lettered message; a repeated callback (QStash retries callbacks too) changes nothing.
 * Returns false when nothing changed.
 */
export async function recordDeadLetter(
  db: Database,
  entry: {
    jobId: string;
    type: string;
    correlationId: string | null;
    reason: string;
    details: Record<string, unknown>;
  },
): Promise<boolean> {
  const changed = await db
    .insert(queueJobs)
    .values({
      id: entry.jobId,
      type: entry.type,
      status: "failed",
      lastError: entry.reason.slice(0, MAX_ERROR_CHARS),
      correlationId: entry.correlationId,
      completedAt: new Date(),
    })
    .onConflictDoUpdate({
      target: queueJobs.id,
      set: { status: "failed", lastError: entry.reason.slice(0, MAX_ERROR_CHARS), completedAt: new Date() },
      // A job that completed after all (a late success) is not failed; one already failed is done.
      setWhere: sql`${queueJobs.status} = 'running'`,
    })
    .returning({ id: queueJobs.id });
  if (changed.length === 0) return false;
  await audit(db, {
    actor: "qstash",
    action: "job.dead_lettered",
    entityType: "queue_job",
    entityId: entry.jobId,
    details: { type: entry.type, reason: entry.reason.slice(0, 500), ...entry.details },
    correlationId: entry.correlationId,
  });
  return true;
}
