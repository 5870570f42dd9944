import { and, count, desc, eq, isNotNull, ne, sql } from "drizzle-orm";
import type { Database } from "../store/database.js";
import {
  analysisResults,
  auditLog,
  failureReports,
  fixAttempts,
  pullRequests,
  repositories,
} from "../store/schema.js";

export type FixAttemptRow = typeof fixAttempts.$inferSelect;
export type AnalysisRow = typeof analysisResults.$inferSelect;
export type FailureRow = typeof failureReports.$inferSelect;
export type RepositoryRow = typeof repositories.$inferSelect;
export type PullRequestRow = typeof pullRequests.$inferSelect;

export interface AnalysisBundle {
  analysis: AnalysisRow;
  failure: FailureRow;
  repository: RepositoryRow;
  pullRequest: PullRequestRow | null;
}

export async function loadAnalysisBundle(db: Database, analysisId: string): Promise<AnalysisBundle | null> {
  const [row] = await db
    .select({ analysis: analysisResults, failure: failureReports, repository: repositories })
    .from(analysisResults)
    .innerJoin(failureReports, eq(failureReports.id, analysisResults.failureId))
    .innerJoin(repositories, eq(repositories.id, failureReports.repositoryId))
    .where(eq(analysisResults.id, analysisId))
    .limit(1);
  if (!row) return null;
  const pullRequest = row.failure.prId
    ? ((await db.select().from(pullRequests).where(eq(pullRequests.id, row.failure.prId)).limit(1))[0] ??
      null)
    : null;
  return { ...row, pullRequest };
}

/** The newest analysis of a pull request: what a manual fix run without an analysis id works on. */
export async function latestAnalysisIdForPull(
  db: Database,
  repositoryId: string,
  prNumber: number,
): Promise<string | null> {
  const [row] = await db
    .select({ id: analysisResults.id })
    .from(analysisResults)
    .innerJoin(failureReports, eq(failureReports.id, analysisResults.failureId))
    .where(and(eq(failureReports.repositoryId, repositoryId), eq(failureReports.prNumber, prNumber)))
    .orderBy(desc(analysisResults.createdAt))
    .limit(1);
  return row?.id ?? null;
}

/**
 * Attempts that count towards the caps: refusals are not attempts (nothing was tried), and the
 * attempt being decided on is not counted against itself. "Per failure" means the same job on
 * the same pull request, as the decision router counts it.
 */
export async function countAttempts(
  db: Database,
  input: { repositoryId: string; failure: FailureRow; headSha: string; excludeKey?: string },
): Promise<{ forFailure: number; forHeadSha: number }> {
  const notThis = input.excludeKey ? ne(fixAttempts.idempotencyKey, input.excludeKey) : sql`true`;
  const [forSha] = await db
    .select({ n: count() })
    .from(fixAttempts)
    .where(
      and(
        eq(fixAttempts.repositoryId, input.repositoryId),
        eq(fixAttempts.headSha, input.headSha),
        ne(fixAttempts.status, "refused"),
        notThis,
      ),
    );
  const [forFailure] = await db
    .select({ n: count() })
    .from(fixAttempts)
    .innerJoin(analysisResults, eq(analysisResults.id, fixAttempts.analysisId))
    .innerJoin(failureReports, eq(failureReports.id, analysisResults.failureId))
    .where(
      and(
        eq(failureReports.repositoryId, input.repositoryId),
        eq(failureReports.jobName, input.failure.jobName),
        input.failure.prId
          ? eq(failureReports.prId, input.failure.prId)
          : eq(failureReports.id, input.failure.id),
        ne(fixAttempts.status, "refused"),
        notThis,
      ),
    );
  return { forFailure: forFailure?.n ?? 0, forHeadSha: forSha?.n ?? 0 };
}

/** A commit one of our attempts pushed: a failure on it is a failure of our own fix. */
export async function isRecordedFixCommit(db: Database, repositoryId: string, sha: string): Promise<boolean> {
  const [row] = await db
    .select({ id: fixAttempts.id })
    .from(fixAttempts)
    .where(
      and(
        eq(fixAttempts.repositoryId, repositoryId),
        isNotNull(fixAttempts.commitSha),
        eq(fixAttempts.commitSha, sha),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Inserts the attempt unless its key exists; `created` says whether this call made it. */
export async function insertFixAttempt(
  db: Database,
  values: typeof fixAttempts.$inferInsert,
): Promise<{ row: FixAttemptRow; created: boolean }> {
  const [created] = await db.insert(fixAttempts).values(values).onConflictDoNothing().returning();
  if (created) return { row: created, created: true };
  const [existing] = await db
    .select()
    .from(fixAttempts)
    .where(eq(fixAttempts.idempotencyKey, values.idempotencyKey))
    .limit(1);
  if (!existing) throw new Error("fix attempt vanished between insert and select");
  return { row: existing, created: false };
}

export async function getFixAttemptById(db: Database, id: string): Promise<FixAttemptRow | null> {
  const [row] = await db.select().from(fixAttempts).where(eq(fixAttempts.id, id)).limit(1);
  return row ?? null;
}

/**
 * Whether an audit row of this action exists for this attempt. The audit log doubles as the
 * record of side effects that the fix_attempts row has no column for (dispatched, claimed by a run).
 */
export async function auditDetails(
  db: Database,
  action: string,
  attemptId: string,
): Promise<Record<string, unknown> | null> {
  const [row] = await db
    .select({ details: auditLog.details })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entityType, "fix_attempt"),
        eq(auditLog.entityId, attemptId),
        eq(auditLog.action, action),
      ),
    )
    .orderBy(auditLog.createdAt)
    .limit(1);
  return row?.details ?? null;
}
