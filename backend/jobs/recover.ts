import { and, asc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { AppDeps } from "../deps.js";
import { jobIdOf, jobIdSql } from "../queue/jobs.js";
import { failureReports, queueJobs, repositories } from "../store/schema.js";
import { analyzeJobRequest } from "./analyze.js";

export interface RecoveryOptions {
  /** Only failures untouched for at least this long; 0 takes every unfinished one. */
  olderThanMs: number;
  /** At most this many per sweep (oldest first), so a large backlog is spread over sweeps. */
  limit?: number;
}

/**
 * Queues the analysis of failures that were stored but whose analysis never finished: the queue
 * message was lost (the embedded local QStash keeps messages in memory, so a restart loses them)
 * or the process died while analysing. Dead-lettered jobs stay dead: they need a person.
 *
 * Safe to repeat and to race with the queue: the job id is the one ingestion used, which QStash
 * deduplicates, and the analyze job is idempotent (one analysis row per failure; the ledger
 * skips a job that completed).
 */
export async function requeueStalledAnalyses(
  deps: Pick<AppDeps, "store" | "queue" | "clock" | "logger">,
  options: RecoveryOptions,
): Promise<{ requeued: string[] }> {
  const db = deps.store.db;
  const before = new Date(deps.clock.now().getTime() - options.olderThanMs);
  const stalled = await db
    .select({
      id: failureReports.id,
      correlationId: failureReports.correlationId,
      repository: sql<string>`${repositories.owner} || '/' || ${repositories.name}`,
    })
    .from(failureReports)
    .innerJoin(repositories, eq(repositories.id, failureReports.repositoryId))
    .leftJoin(queueJobs, eq(queueJobs.id, jobIdSql("analyze", sql`${failureReports.id}::text`)))
    .where(
      and(
        inArray(failureReports.status, ["received", "analyzing"]),
        options.olderThanMs > 0 ? lt(failureReports.updatedAt, before) : undefined,
        or(isNull(queueJobs.id), inArray(queueJobs.status, ["running"])),
      ),
    )
    .orderBy(asc(failureReports.createdAt))
    .limit(options.limit ?? 500);
  const requeued: string[] = [];
  for (const failure of stalled) {
    try {
      await deps.queue.publish(
        analyzeJobRequest(failure.id, failure.repository, failure.correlationId ?? undefined),
      );
      requeued.push(failure.id);
    } catch (error) {
      // The next sweep tries again; one unreachable queue must not stop the start-up.
      deps.logger.warn("could not requeue a stalled analysis", { failureId: failure.id, error });
    }
  }
  if (requeued.length > 0)
    deps.logger.info("requeued stalled analyses", {
      count: requeued.length,
      jobIds: requeued.map((id) => jobIdOf("analyze", id)),
    });
  return { requeued };
}
