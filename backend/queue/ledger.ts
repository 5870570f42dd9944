import { and, eq, ne, sql } from "drizzle-orm";
import { audit } from "../store/audit.js";
import { type Database, rowsOf } from "../store/database.js";
import { queueJobs } from "../store/schema.js";
import { jobLeaseSeconds } from "./jobs.js";

export interface JobRun {
  jobId: string;
  type: string;
  correlationId: string;
  attempt: number;
  /** How long this run owns the job; defaults to the type's (JOB_LEASE_SECONDS). */
  leaseSeconds?: number;
}

export type JobOutcome =
  | { status: "completed"; result: Record<string, unknown> | null }
  /** The ledger says the job already completed: nothing ran. */
  | { status: "duplicate"; result: Record<string, unknown> | null }
  /**
   * Another delivery of the same job holds its lease (it is running now): nothing ran. Ask again
   * after `retryAfterSeconds`, when that lease runs out if its holder has not finished by then.
   */
  | { status: "busy"; retryAfterSeconds: number };

const MAX_ERROR_CHARS = 2_000;

/**
 * Runs a job unless the queue_jobs ledger says it already completed or another delivery is
 * running it. Usable outside HTTP (the CLI, a test, the in-process path) as well as from the
 * queue routes.
 *
 * One upsert decides, atomically (Postgres serialises it on the row): a new row, a row that is not
 * completed and whose lease is free (null) or has run out takes the lease (`lease_until` = now +
 * the lease, on the database's clock) and runs the handler; a completed row answers "duplicate";
 * a row whose lease another run holds is left untouched and answers "busy". The lease is released
 * when the handler returns or throws, so a retry can run at once; a crashed run's lease runs out.
 *
 * The ledger is the first line of defence only: a crash after the handler's own write but before
 * the ledger says "completed" re-runs the handler on retry, and so does a delivery that arrives
 * after a still-running handler outlived its lease, which is why handlers must themselves be
 * idempotent (see JobHandler).
 */
export async function runJobOnce(
  db: Database,
  run: JobRun,
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler may return nothing at all
  fn: () => Promise<Record<string, unknown> | void>,
): Promise<JobOutcome> {
  const leaseSeconds = run.leaseSeconds ?? jobLeaseSeconds(run.type);
  if (!(Number.isFinite(leaseSeconds) && leaseSeconds > 0)) {
    throw new RangeError(
      `lease of job ${run.jobId} must be a positive number of seconds, got ${leaseSeconds}`,
    );
  }
  // Whole milliseconds, so the value read back into a Date compares equal to the stored one.
  const newLease = sql`date_trunc('milliseconds', now()) + ${leaseSeconds}::double precision * interval '1 second'`;
  const completed = sql`${queueJobs.status} = 'completed'`;
  const [row] = await db
    .insert(queueJobs)
    .values({
      id: run.jobId,
      type: run.type,
      status: "running",
      attempts: 1,
      correlationId: run.correlationId,
      leaseUntil: newLease,
    })
    .onConflictDoUpdate({
      target: queueJobs.id,
      // A completed job keeps its status and result; anything else is being (re)tried now.
      set: {
        attempts: sql`${queueJobs.attempts} + 1`,
        status: sql`case when ${completed} then 'completed' else 'running' end`,
        leaseUntil: sql`case when ${completed} then ${queueJobs.leaseUntil} else ${newLease} end`,
      },
      // No row comes back when this is false: another run holds the lease.
      setWhere: sql`${completed} or ${queueJobs.leaseUntil} is null or ${queueJobs.leaseUntil} <= now()`,
    })
    .returning({ status: queueJobs.status, result: queueJobs.result, leaseUntil: queueJobs.leaseUntil });
  if (!row) return { status: "busy", retryAfterSeconds: await leaseSecondsLeft(db, run.jobId) };
  if (row.status === "completed") return { status: "duplicate", result: row.result ?? null };
  const ours = row.leaseUntil?.toISOString() ?? null;

  // The lease runs out by then whatever happens; a closing write that fails is retried until then.
  const leaseEndsAt = Date.now() + leaseSeconds * 1000;
  let result: Record<string, unknown> | null;
  try {
    result = (await fn()) ?? null;
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    await closeRun(leaseEndsAt, () =>
      db
        .update(queueJobs)
        .set({
          lastError: message.slice(0, MAX_ERROR_CHARS),
          // Only our own lease: a run that outlived it may find another run holding the job now.
          leaseUntil: sql`case when ${queueJobs.leaseUntil} = ${ours}::timestamptz then null else ${queueJobs.leaseUntil} end`,
        })
        .where(and(eq(queueJobs.id, run.jobId), ne(queueJobs.status, "completed"))),
    );
    throw err;
  }
  const completedAt = new Date();
  await closeRun(leaseEndsAt, () =>
    db
      .update(queueJobs)
      .set({ status: "completed", result, lastError: null, completedAt, leaseUntil: null })
      .where(eq(queueJobs.id, run.jobId)),
  );
  return { status: "completed", result };
}

const CLOSE_RETRY_FIRST_MS = 200;
const CLOSE_RETRY_MAX_MS = 1_000;

/**
 * The write that ends a run (completed, or error recorded and lease released). When the database
 * refuses it (an outage mid-job), the caller still gets the error (the delivery is answered 500 and
 * retried), and the write is retried in the background until it succeeds or the lease has run out
 * anyway: else a job whose database came back seconds later would stay busy for its whole lease.
 * The writes are idempotent, so a late repeat is harmless. (Where the runtime drops work after the
 * response, e.g. an edge isolate, the lease simply runs out.)
 */
async function closeRun(leaseEndsAt: number, write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    const retry = (delayMs: number) => {
      if (Date.now() + delayMs >= leaseEndsAt) return;
      const timer = setTimeout(() => {
        write().catch(() => retry(Math.min(delayMs * 2, CLOSE_RETRY_MAX_MS)));
      }, delayMs);
      (timer as { unref?: () => void }).unref?.();
    };
    retry(CLOSE_RETRY_FIRST_MS);
    throw err;
  }
}

/** Whole seconds (at least 1) until the lease on a job runs out, on the database's clock. */
async function leaseSecondsLeft(db: Database, jobId: string): Promise<number> {
  const res = await db.execute(
    sql`select greatest(1, ceil(extract(epoch from (${queueJobs.leaseUntil} - now()))))::int as seconds
        from ${queueJobs} where ${queueJobs.id} = ${jobId}`,
  );
  return rowsOf<{ seconds: number | null }>(res)[0]?.seconds ?? 1;
}

/**
 * Frees every lease still held on a running job and returns those jobs' ids. Only for a process
 * that knows nobody else can be running them: the embedded queue at start-up, whose deliveries
 * died with the last process (its leases would otherwise answer the re-queued jobs busy until
 * they run out, and the local QStash's short retries would dead-letter them first).
 */
export async function releaseRunningLeases(db: Database): Promise<string[]> {
  const released = await db
    .update(queueJobs)
    .set({ leaseUntil: null })
    .where(and(eq(queueJobs.status, "running"), sql`${queueJobs.leaseUntil} > now()`))
    .returning({ id: queueJobs.id });
  return released.map((r) => r.id);
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
      // A lease still held is left alone: should that run complete, the job is completed after all.
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
