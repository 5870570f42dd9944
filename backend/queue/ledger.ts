import { and, eq, ne, type SQL, sql } from "drizzle-orm";
import { type Logger, silentLogger } from "../observability/logger.js";
import { audit } from "../store/audit.js";
import { type Database, rowsOf } from "../store/database.js";
import { queueJobs } from "../store/schema.js";
import { jobLeaseSeconds } from "./jobs.js";

export interface JobRun {
  jobId: string;
  type: string;
  correlationId: string;
  attempt: number;
  /** How long this run owns the job past its last renewal; defaults to the type's (JOB_LEASE_SECONDS). */
  leaseSeconds?: number;
  /** Where a renewal that lost the lease or could not reach the database is reported (warn). */
  logger?: Logger;
  /** What schedules the lease renewals; real timers unless a test stops them as a dead process would. */
  timers?: LeaseTimers;
}

/** setTimeout and clearTimeout, as the lease renewals use them. */
export interface LeaseTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: LeaseTimers = {
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    // A renewal alone never keeps a Node process alive: the handler's own work does.
    (timer as { unref?: () => void }).unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

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
 * a row whose lease another run holds is left untouched and answers "busy". While the handler runs,
 * the lease is renewed every third of its length (a heartbeat, see keepLease), so a live run keeps
 * the job however long it takes; it is released when the handler returns or throws, so a retry can
 * run at once. A crashed run stops renewing, and its lease runs out one lease after the last renewal.
 *
 * The ledger is the first line of defence only: a crash after the handler's own write but before
 * the ledger says "completed" re-runs the handler on retry, and so does a delivery that arrives
 * after a live run's renewals failed to land for a whole lease (the database was out of reach),
 * which is why handlers must themselves be idempotent (see JobHandler).
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

  const lease = keepLease(db, {
    jobId: run.jobId,
    leaseSeconds,
    held: row.leaseUntil?.toISOString() ?? null,
    newLease,
    timers: run.timers ?? realTimers,
    logger: run.logger ?? silentLogger,
  });
  let result: Record<string, unknown> | null;
  try {
    result = (await fn()) ?? null;
  } catch (err) {
    // After this, `lease.held` is the value the last renewal wrote, which the release compares with.
    await lease.stop();
    const ours = lease.held;
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    await closeRun(lease.endsAt, () =>
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
  await lease.stop();
  const completedAt = new Date();
  // Unconditional, unlike the release above: a late success completes the job whoever holds it.
  await closeRun(lease.endsAt, () =>
    db
      .update(queueJobs)
      .set({ status: "completed", result, lastError: null, completedAt, leaseUntil: null })
      .where(eq(queueJobs.id, run.jobId)),
  );
  return { status: "completed", result };
}

/** A run's hold on its job: renewed until stop(). */
interface HeldLease {
  /** The lease_until this run holds (its last renewal's), or null if it has none. */
  readonly held: string | null;
  /** Date.now() by which the lease has run out at the latest, unless renewed again. */
  readonly endsAt: number;
  /** Stops the renewals and waits for one in flight, so `held` and `endsAt` are final. Never throws. */
  stop(): Promise<void>;
}

/**
 * The heartbeat: every third of the lease, moves `lease_until` to now + the lease, only if it still
 * holds the value this run last wrote (the compare-and-set the releasing write uses too), so a run
 * never extends a lease another run has taken. A renewal that finds the lease gone (its run
 * outlived it and another delivery took the job over, or it was released) warns and stops renewing;
 * one that cannot reach the database warns and tries again at the next tick (the lease is still
 * this run's if nobody took it meanwhile). Neither stops the handler: handlers are idempotent, and
 * the closing write records its outcome either way. Renewals run one at a time, and only on the
 * timers of the process (or the request, on the edge) running the handler: when that dies, they
 * stop with it.
 */
function keepLease(
  db: Database,
  options: {
    jobId: string;
    leaseSeconds: number;
    held: string | null;
    newLease: SQL;
    timers: LeaseTimers;
    logger: Logger;
  },
): HeldLease {
  const { jobId, leaseSeconds, timers, logger } = options;
  const leaseMs = leaseSeconds * 1000;
  let held = options.held;
  let endsAt = Date.now() + leaseMs;
  let stopped = false;
  let timer: unknown;
  let inFlight: Promise<void> | undefined;

  /** Renews once; answers whether to keep renewing. */
  const renew = async (): Promise<boolean> => {
    const sentAt = Date.now();
    try {
      const [renewed] = await db
        .update(queueJobs)
        .set({ leaseUntil: options.newLease })
        .where(and(eq(queueJobs.id, jobId), sql`${queueJobs.leaseUntil} = ${held}::timestamptz`))
        .returning({ leaseUntil: queueJobs.leaseUntil });
      if (!renewed?.leaseUntil) {
        logger.warn("job lease lost (taken over or released); the handler keeps running", {
          jobId,
          leaseSeconds,
          heldUntil: held,
        });
        return false;
      }
      held = renewed.leaseUntil.toISOString();
      // The database set it after sentAt, so the lease lasts at least this long.
      endsAt = sentAt + leaseMs;
      return true;
    } catch (err) {
      logger.warn("job lease renewal failed; the handler keeps running", {
        jobId,
        leaseSeconds,
        heldUntil: held,
        error: err instanceof Error ? err.message : String(err),
      });
      return true;
    }
  };
  const schedule = () => {
    timer = timers.setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      inFlight = renew()
        .catch(() => true)
        .then((again) => {
          inFlight = undefined;
          if (again && !stopped) schedule();
        });
    }, leaseMs / 3);
  };
  if (held !== null) schedule();

  return {
    get held() {
      return held;
    },
    get endsAt() {
      return endsAt;
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
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
